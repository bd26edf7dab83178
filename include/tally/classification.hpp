// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_CLASSIFICATION_HPP
#define TALLY_CLASSIFICATION_HPP

// scikit-learn-named metrics of label predictions. Each is a composition of
// counting (confusion_matrix.hpp) and scoring (metrics.hpp) and returns
// scikit-learn 1.9's numbers:
//
//   tally::f1_score(y_true, y_pred)                                  // binary, pos_label 1
//   tally::f1_score(y_true, y_pred, tally::average::macro)
//   tally::f1_score(y_true, y_pred, tally::per_label)                // std::vector<double>
//   tally::precision_score(y_true, y_pred, tally::pos_label("spam"),
//                          tally::sample_weight(w), tally::zero_division::nan)
//
// Multilabel input is an indicator matrix: a range of rows, or
// tally::indicator(pointer, rows, columns).

#include "config.hpp"
#include "confusion_matrix.hpp"
#include "counts.hpp"
#include "detail/error.hpp"
#include "detail/input.hpp"
#include "detail/labels.hpp"
#include "detail/multilabel.hpp"
#include "detail/traits.hpp"
#include "metrics.hpp"
#include "options.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {

// Per-label statistics of a set-wise metric (precision, recall, F, Jaccard)
// plus, for average::samples, the same per sample.
struct setwise_stats {
  label_stats<double> labels;  // the selected labels, in order
  label_stats<double> samples; // per sample (average::samples only); total = weight
  std::vector<double> sample_weight;
  bool multilabel = false;
};

template <class T>
label_stats<double> as_double(const label_stats<T>& s) {
  if constexpr (std::is_same_v<T, double>) return s;
  label_stats<double> d;
  d.tp.assign(s.tp.begin(), s.tp.end());
  d.pred.assign(s.pred.begin(), s.pred.end());
  d.truth.assign(s.truth.begin(), s.truth.end());
  d.total = static_cast<double>(s.total);
  return d;
}

[[noreturn]] inline void throw_binary_average(const char* target) {
  throw_invalid_argument(std::string("average is binary but the target is ") + target +
                         ": choose average::micro, macro, weighted" +
                         (std::string(target) == "multilabel" ? ", samples" : "") +
                         " or per_label");
}

// Set-wise statistics of 1-D labels.
template <class R1, class R2, class... Opts>
setwise_stats setwise_1d(const R1& y_true, const R2& y_pred, average avg, const Opts&... opts) {
  const auto data = adapt_pair(y_true, y_pred);
  using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
  const std::size_t n = data.size();
  const double* w = weights_for(n, opts...);
  setwise_stats out;
  if (avg == average::samples)
    throw_invalid_argument(
        "average is samples but the target is not multilabel: per-sample averages need an "
        "indicator matrix");
  if (avg == average::binary) {
    bool given = false;
    const K pos = pos_label_for<K>(given, opts...);
    const auto r = count_binary(data.y_true.data(), data.y_pred.data(), n, pos);
    if (r.any_other && (r.other_min < r.other_max || r.other_max < r.other_min)) {
      // more than one label besides pos_label: find out how many exactly
      const auto all = label_set<K>::infer(data.y_true.data(), n, data.y_pred.data(), n);
      if (all.size() > 2) throw_binary_average("multiclass");
      throw_invalid_argument("pos_label=" + (given ? to_text(pos) : std::string("1")) +
                             " is not a valid label: it should be one of " +
                             labels_text(all.values()));
    }
    label_stats<double> s;
    if (w) {
      const auto rw = count_binary_weighted(data.y_true.data(), data.y_pred.data(), w, n, pos);
      s.tp = {rw.both};
      s.pred = {rw.pred_pos};
      s.truth = {rw.true_pos};
      s.total = rw.total;
    } else {
      s.tp = {static_cast<double>(r.both)};
      s.pred = {static_cast<double>(r.pred_pos)};
      s.truth = {static_cast<double>(r.true_pos)};
      s.total = static_cast<double>(r.total);
    }
    out.labels = std::move(s);
    return out;
  }
  // every label present, counted over all samples; listed labels picked out
  const auto select = [&](auto tag) {
    using T = decltype(tag);
    const auto inf = infer_and_count<K, T>(data.y_true.data(), data.y_pred.data(), w, n);
    const auto all = stats_of(inf, data.y_true.data(), data.y_pred.data(), w, n);
    label_stats<double> s = as_double(all);
    if constexpr (has_option_v<labels_kind, Opts...>) {
      const std::vector<K> wanted = labels_option_values<K>(opts...);
      (void)label_set<K>::given(wanted); // rejects repeated labels
      label_stats<double> picked;
      picked.total = s.total;
      for (const K& v : wanted) {
        const std::int32_t i = inf.labels.index_of(v);
        const auto at = static_cast<std::size_t>(i);
        picked.tp.push_back(i < 0 ? 0.0 : s.tp[at]);
        picked.pred.push_back(i < 0 ? 0.0 : s.pred[at]);
        picked.truth.push_back(i < 0 ? 0.0 : s.truth[at]);
      }
      return picked;
    } else {
      return s;
    }
  };
  out.labels = w ? select(double{}) : select(std::uint64_t{});
  return out;
}

// Column indices selected by a labels option on multilabel data.
template <class... Opts>
std::vector<std::size_t> multilabel_columns(std::size_t cols, const Opts&... opts) {
  std::vector<std::size_t> sel;
  if constexpr (has_option_v<labels_kind, Opts...>) {
    const auto& given = get_option<labels_kind>(0, opts...).values;
    using L = remove_cvref_t<decltype(given[0])>;
    static_assert(std::is_arithmetic_v<L>,
                  "tally: labels of multilabel data are column indices (integers)");
    for (const auto& v : given) {
      if (v < L(0) || static_cast<std::uint64_t>(v) >= cols)
        throw_invalid_argument("labels of multilabel data must be column indices in [0, " +
                               std::to_string(cols) + "), got " + to_text(v));
      sel.push_back(static_cast<std::size_t>(v));
    }
  } else {
    for (std::size_t c = 0; c < cols; ++c) sel.push_back(c);
  }
  return sel;
}

inline void check_same_shape(const indicator_matrix& a, const indicator_matrix& b) {
  check_same_length("y_true", a.rows, "y_pred", b.rows);
  if (a.cols != b.cols)
    throw_invalid_argument("y_true has " + std::to_string(a.cols) + " columns, y_pred has " +
                           std::to_string(b.cols));
  check_not_empty("y_true", a.rows);
}

template <class R1, class R2, class... Opts>
setwise_stats setwise_multilabel(const R1& y_true, const R2& y_pred, average avg,
                                 const Opts&... opts) {
  static_assert(is_multilabel_v<R2>, "tally: y_true is multilabel but y_pred is not");
  if (avg == average::binary) throw_binary_average("multilabel");
  const auto a = adapt_indicator("y_true", y_true);
  const auto b = adapt_indicator("y_pred", y_pred);
  check_same_shape(a, b);
  const double* w = weights_for(a.rows, opts...);
  const auto sel = multilabel_columns(a.cols, opts...);
  setwise_stats out;
  out.multilabel = true;
  auto& s = out.labels;
  s.tp.assign(sel.size(), 0.0);
  s.pred.assign(sel.size(), 0.0);
  s.truth.assign(sel.size(), 0.0);
  const bool per_sample = avg == average::samples;
  if (per_sample) {
    out.samples.tp.assign(a.rows, 0.0);
    out.samples.pred.assign(a.rows, 0.0);
    out.samples.truth.assign(a.rows, 0.0);
  }
  for (std::size_t r = 0; r < a.rows; ++r) {
    const double wr = w ? w[r] : 1.0;
    const std::uint8_t* ta = a.row(r);
    const std::uint8_t* pb = b.row(r);
    double stp = 0, spred = 0, struth = 0;
    for (std::size_t j = 0; j < sel.size(); ++j) {
      const std::size_t c = sel[j];
      const double both = (ta[c] & pb[c]) ? 1.0 : 0.0;
      s.tp[j] += both * wr;
      s.pred[j] += pb[c] * wr;
      s.truth[j] += ta[c] * wr;
      stp += both;
      spred += pb[c];
      struth += ta[c];
    }
    if (per_sample) {
      out.samples.tp[r] = stp * wr;
      out.samples.pred[r] = spred * wr;
      out.samples.truth[r] = struth * wr;
    }
    s.total += wr;
  }
  if (per_sample) {
    out.sample_weight.assign(a.rows, 1.0);
    if (w) out.sample_weight.assign(w, w + a.rows);
  }
  return out;
}

template <class R1, class R2, class... Opts>
setwise_stats setwise(const R1& y_true, const R2& y_pred, average avg, const Opts&... opts) {
  if constexpr (is_multilabel_v<R1>)
    return setwise_multilabel(y_true, y_pred, avg, opts...);
  else {
    static_assert(!is_multilabel_v<R2>, "tally: y_pred is multilabel but y_true is not");
    return setwise_1d(y_true, y_pred, avg, opts...);
  }
}

// Precision, recall and F-beta per label (or per sample) from statistics.
struct prf_arrays {
  std::vector<double> precision, recall, fscore;
};

inline prf_arrays prf_from(const std::vector<double>& tp, const std::vector<double>& pred,
                           const std::vector<double>& truth, double beta, zero_division z) {
  if (!(beta >= 0)) throw_invalid_argument("beta must be >= 0, got " + to_text(beta));
  prf_arrays a;
  const std::size_t k = tp.size();
  a.precision.resize(k);
  a.recall.resize(k);
  a.fscore.resize(k);
  const double b2 = beta * beta;
  for (std::size_t i = 0; i < k; ++i) {
    a.precision[i] = ratio(tp[i], pred[i], z, "precision");
    a.recall[i] = ratio(tp[i], truth[i], z, "recall");
    if (std::isinf(beta))
      a.fscore[i] = a.recall[i];
    else if (beta == 0)
      a.fscore[i] = a.precision[i];
    else
      a.fscore[i] = ratio((1 + b2) * tp[i], b2 * truth[i] + pred[i], z, "f-score");
  }
  return a;
}

inline double sum_of(const std::vector<double>& v) noexcept {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

// Averaged precision, recall, F.
struct prf_scalar {
  double precision, recall, fscore;
};

inline prf_scalar prf_average(const setwise_stats& st, average avg, double beta, zero_division z) {
  const auto& s = st.labels;
  if (avg == average::micro) {
    const auto a = prf_from({sum_of(s.tp)}, {sum_of(s.pred)}, {sum_of(s.truth)}, beta, z);
    return {a.precision[0], a.recall[0], a.fscore[0]};
  }
  if (avg == average::samples) {
    const auto a = prf_from(st.samples.tp, st.samples.pred, st.samples.truth, beta, z);
    return {nan_average(a.precision, &st.sample_weight), nan_average(a.recall, &st.sample_weight),
            nan_average(a.fscore, &st.sample_weight)};
  }
  const auto a = prf_from(s.tp, s.pred, s.truth, beta, z);
  const std::vector<double>* weights = avg == average::weighted ? &s.truth : nullptr;
  return {nan_average(a.precision, weights), nan_average(a.recall, weights),
          nan_average(a.fscore, weights)};
}

template <class... Opts>
inline constexpr bool per_label_v = has_option_v<per_label_kind, Opts...>;

template <class... Opts>
average average_for(average fallback, const Opts&... opts) {
  if constexpr (per_label_v<Opts...>) {
    return average::none;
  } else {
    const average a = get_option<average_kind>(fallback, opts...);
    if (a == average::none)
      throw_invalid_argument(
          "average::none gives one value per label: pass tally::per_label instead, which "
          "returns a std::vector<double>");
    return a;
  }
}

enum class prf_pick { precision, recall, fscore };

template <class R1, class R2, class... Opts>
auto prf_metric(prf_pick pick, double beta, const R1& y_true, const R2& y_pred,
                const Opts&... opts) {
  const average avg = average_for(average::binary, opts...);
  const zero_division z = get_option<zero_division_kind>(zero_division::warn, opts...);
  const auto st = setwise(y_true, y_pred, avg, opts...);
  if constexpr (per_label_v<Opts...>) {
    auto a = prf_from(st.labels.tp, st.labels.pred, st.labels.truth, beta, z);
    return pick == prf_pick::precision ? a.precision
           : pick == prf_pick::recall  ? a.recall
                                       : a.fscore;
  } else {
    const auto r = avg == average::binary
                       ? [&] {
                           const auto a = prf_from(st.labels.tp, st.labels.pred, st.labels.truth,
                                                   beta, z);
                           return prf_scalar{a.precision[0], a.recall[0], a.fscore[0]};
                         }()
                       : prf_average(st, avg, beta, z);
    return pick == prf_pick::precision ? r.precision
           : pick == prf_pick::recall  ? r.recall
                                       : r.fscore;
  }
}

#define TALLY_DETAIL_SETWISE_OPTIONS                                                               \
  detail::average_kind, detail::labels_kind, detail::pos_label_kind, detail::sample_weight_kind,   \
      detail::zero_division_kind, detail::per_label_kind

template <class R>
inline constexpr bool label_range_v =
    is_range_v<const R> || is_indicator_view<remove_cvref_t<R>>::value;

} // namespace detail

#define TALLY_DETAIL_DATA_ARGS(R1, R2)                                                             \
  class R1, class R2, class... Opts,                                                               \
      std::enable_if_t<detail::label_range_v<R1> && detail::label_range_v<R2>, int> = 0

/// tp / (tp + fp). Default average::binary with pos_label 1.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto precision_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("precision_score", Opts, TALLY_DETAIL_SETWISE_OPTIONS);
  return detail::prf_metric(detail::prf_pick::precision, 1.0, y_true, y_pred, opts...);
}

/// tp / (tp + fn). Default average::binary with pos_label 1.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto recall_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("recall_score", Opts, TALLY_DETAIL_SETWISE_OPTIONS);
  return detail::prf_metric(detail::prf_pick::recall, 1.0, y_true, y_pred, opts...);
}

/// F1 = 2 tp / (2 tp + fp + fn). Default average::binary with pos_label 1.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto f1_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("f1_score", Opts, TALLY_DETAIL_SETWISE_OPTIONS);
  return detail::prf_metric(detail::prf_pick::fscore, 1.0, y_true, y_pred, opts...);
}

/// F-beta; `tally::beta(b)` is required.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto fbeta_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("fbeta_score", Opts, TALLY_DETAIL_SETWISE_OPTIONS, detail::beta_kind);
  static_assert(detail::has_option_v<detail::beta_kind, Opts...>,
                "tally::fbeta_score requires tally::beta(b)");
  const double b = detail::get_option<detail::beta_kind>(beta(1.0), opts...).value;
  return detail::prf_metric(detail::prf_pick::fscore, b, y_true, y_pred, opts...);
}

/// Precision, recall, F-beta and support of every label (the default, or
/// with tally::per_label), or their average when an average is given.
template <class T = double>
struct prf_support {
  std::vector<double> precision, recall, fscore;
  std::vector<T> support; ///< true count of each label
};

struct prf_averaged {
  double precision, recall, fscore;
};

template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto precision_recall_fscore_support(const R1& y_true, const R2& y_pred,
                                                   const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("precision_recall_fscore_support", Opts, TALLY_DETAIL_SETWISE_OPTIONS,
                             detail::beta_kind);
  const double b = detail::get_option<detail::beta_kind>(beta(1.0), opts...).value;
  const zero_division z =
      detail::get_option<detail::zero_division_kind>(zero_division::warn, opts...);
  constexpr bool averaged =
      detail::has_option_v<detail::average_kind, Opts...> && !detail::per_label_v<Opts...>;
  if constexpr (averaged) {
    const average avg = detail::average_for(average::none, opts...);
    const auto st = detail::setwise(y_true, y_pred, avg, opts...);
    if (avg == average::binary) {
      const auto a = detail::prf_from(st.labels.tp, st.labels.pred, st.labels.truth, b, z);
      return prf_averaged{a.precision[0], a.recall[0], a.fscore[0]};
    }
    const auto r = detail::prf_average(st, avg, b, z);
    return prf_averaged{r.precision, r.recall, r.fscore};
  } else {
    const auto st = detail::setwise(y_true, y_pred, average::none, opts...);
    auto a = detail::prf_from(st.labels.tp, st.labels.pred, st.labels.truth, b, z);
    prf_support<double> out;
    out.precision = std::move(a.precision);
    out.recall = std::move(a.recall);
    out.fscore = std::move(a.fscore);
    out.support = st.labels.truth;
    return out;
  }
}

/// tp / (tp + fp + fn). Default average::binary with pos_label 1. A
/// zero_division::nan policy is refused, as scikit-learn refuses it here.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto jaccard_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("jaccard_score", Opts, TALLY_DETAIL_SETWISE_OPTIONS);
  const average avg = detail::average_for(average::binary, opts...);
  const zero_division z =
      detail::get_option<detail::zero_division_kind>(zero_division::warn, opts...);
  if (z == zero_division::nan)
    detail::throw_invalid_argument("jaccard_score: zero_division must be warn, zero, one or "
                                   "raise, got nan");
  const auto st = detail::setwise(y_true, y_pred, avg, opts...);
  const auto& s = st.labels;
  auto per = [&](const std::vector<double>& tp, const std::vector<double>& pred,
                 const std::vector<double>& truth) {
    std::vector<double> v(tp.size());
    for (std::size_t i = 0; i < tp.size(); ++i)
      v[i] = detail::ratio(tp[i], pred[i] + truth[i] - tp[i], z, "jaccard");
    return v;
  };
  if constexpr (detail::per_label_v<Opts...>) {
    return per(s.tp, s.pred, s.truth);
  } else {
    auto mean = [](const std::vector<double>& v, const std::vector<double>* w) {
      double sum = 0, wsum = 0;
      for (std::size_t i = 0; i < v.size(); ++i) {
        sum += v[i] * (w ? (*w)[i] : 1.0);
        wsum += w ? (*w)[i] : 1.0;
      }
      if (wsum == 0)
        detail::throw_invalid_argument("jaccard_score: the averaging weights sum to zero");
      return sum / wsum;
    };
    if (avg == average::micro)
      return per({detail::sum_of(s.tp)}, {detail::sum_of(s.pred)}, {detail::sum_of(s.truth)})[0];
    if (avg == average::samples) {
      const auto v = per(st.samples.tp, st.samples.pred, st.samples.truth);
      return mean(v, detail::has_option_v<detail::sample_weight_kind, Opts...> ? &st.sample_weight
                                                                               : nullptr);
    }
    const auto v = per(s.tp, s.pred, s.truth);
    if (avg == average::weighted) {
      bool any = false;
      for (double t : s.truth) any = any || t != 0;
      return mean(v, any ? &s.truth : nullptr);
    }
    return mean(v, nullptr);
  }
}

namespace detail {

// Fraction (or weighted count) of exact matches; rows must match entirely
// for multilabel data.
template <class R1, class R2, class... Opts>
std::pair<double, double> matches(const R1& y_true, const R2& y_pred, bool hamming,
                                  const Opts&... opts) {
  // returns (matching weight, total weight); hamming counts differing cells
  if constexpr (is_multilabel_v<R1>) {
    static_assert(is_multilabel_v<R2>, "tally: y_true is multilabel but y_pred is not");
    const auto a = adapt_indicator("y_true", y_true);
    const auto b = adapt_indicator("y_pred", y_pred);
    check_same_shape(a, b);
    const double* w = weights_for(a.rows, opts...);
    double hit = 0, total = 0;
    for (std::size_t r = 0; r < a.rows; ++r) {
      std::size_t diff = 0;
      for (std::size_t c = 0; c < a.cols; ++c) diff += a.row(r)[c] != b.row(r)[c];
      const double wr = w ? w[r] : 1.0;
      if (hamming)
        hit += static_cast<double>(diff) * wr;
      else if (diff == 0)
        hit += wr;
      total += wr;
    }
    return {hit, total};
  } else {
    static_assert(!is_multilabel_v<R2>, "tally: y_pred is multilabel but y_true is not");
    const auto data = adapt_pair(y_true, y_pred);
    const std::size_t n = data.size();
    const double* w = weights_for(n, opts...);
    double hit = 0, total = 0;
    if (w) {
      for (std::size_t i = 0; i < n; ++i) {
        if ((data.y_true[i] == data.y_pred[i]) != hamming) hit += w[i];
        total += w[i];
      }
    } else {
      std::uint64_t h = 0;
      for (std::size_t i = 0; i < n; ++i) h += (data.y_true[i] == data.y_pred[i]) != hamming;
      hit = static_cast<double>(h);
      total = static_cast<double>(n);
    }
    return {hit, total};
  }
}

inline void check_weight_total(double total) {
  if (total == 0)
    throw_invalid_argument("sample_weight sums to zero: the weighted average is undefined");
}

} // namespace detail

/// Fraction of exact matches (subset accuracy for multilabel data);
/// `normalized(false)` gives the (weighted) count.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double accuracy_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("accuracy_score", Opts, detail::sample_weight_kind,
                             detail::normalized_kind);
  const auto [hit, total] = detail::matches(y_true, y_pred, false, opts...);
  if (!detail::get_option<detail::normalized_kind>(normalized(true), opts...).value) return hit;
  detail::check_weight_total(total);
  return hit / total;
}

/// 1 - accuracy_score; `normalized(false)` gives the (weighted) count of misses.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double zero_one_loss(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("zero_one_loss", Opts, detail::sample_weight_kind,
                             detail::normalized_kind);
  const auto [hit, total] = detail::matches(y_true, y_pred, false, opts...);
  if (!detail::get_option<detail::normalized_kind>(normalized(true), opts...).value)
    return total - hit;
  detail::check_weight_total(total);
  return 1 - hit / total;
}

/// Fraction of wrong labels: of samples (1-D), or of cells (multilabel).
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double hamming_loss(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("hamming_loss", Opts, detail::sample_weight_kind);
  const auto [miss, total] = detail::matches(y_true, y_pred, true, opts...);
  detail::check_weight_total(total);
  if constexpr (detail::is_multilabel_v<R1>) {
    std::size_t cols = 0;
    if constexpr (detail::is_indicator_view<detail::remove_cvref_t<R1>>::value)
      cols = y_true.cols;
    else
      for (const auto& v : *detail::adl_begin(y_true)) (void)v, ++cols;
    return miss / (total * static_cast<double>(cols));
  } else {
    return miss / total;
  }
}

namespace detail {
// The confusion matrix of 1-D labels (multilabel data are refused).
template <class R1, class R2, class... Opts>
auto full_matrix(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  static_assert(!is_multilabel_v<R1> && !is_multilabel_v<R2>,
                "tally: this metric does not take multilabel data");
  return ::tally::count_matrix(y_true, y_pred, opts...).counts;
}
} // namespace detail

/// Mean per-class recall; `adjusted()` rescales so chance is 0.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double balanced_accuracy_score(const R1& y_true, const R2& y_pred,
                                             const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("balanced_accuracy_score", Opts, detail::sample_weight_kind,
                             detail::adjusted_kind);
  const bool adj = detail::get_option<detail::adjusted_kind>(adjusted(false), opts...).value;
  const auto m = detail::apply_without<detail::adjusted_kind>(
      [&](const auto&... o) { return detail::full_matrix(y_true, y_pred, o...); }, opts...);
  return balanced_accuracy(m, adj);
}

/// Matthews correlation coefficient (binary and multiclass).
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double matthews_corrcoef(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("matthews_corrcoef", Opts, detail::sample_weight_kind);
  return mcc(detail::full_matrix(y_true, y_pred, opts...));
}

/// Cohen's kappa between two annotators; `labels`, `kappa_weights`,
/// `sample_weight`, `replace_undefined_by` (default NaN).
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double cohen_kappa_score(const R1& y1, const R2& y2, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("cohen_kappa_score", Opts, detail::sample_weight_kind,
                             detail::labels_kind, detail::kappa_weights_kind,
                             detail::replace_undefined_kind);
  const kappa_weights kw =
      detail::get_option<detail::kappa_weights_kind>(kappa_weights::none, opts...);
  const double undefined = detail::get_option<detail::replace_undefined_kind>(
                               replace_undefined_by(detail::nan_v), opts...)
                               .value;
  if (!(std::isnan(undefined) || (undefined >= -1 && undefined <= 1)))
    detail::throw_invalid_argument("replace_undefined_by must be in [-1, 1] or nan, got " +
                                   detail::to_text(undefined));
  const auto m = [&](const auto&... o) { return detail::full_matrix(y1, y2, o...); };
  const auto counts = detail::apply_without<detail::kappa_weights_kind>(
      [&](const auto&... o) {
        return detail::apply_without<detail::replace_undefined_kind>(m, o...);
      },
      opts...);
  return cohen_kappa(counts, kw, undefined);
}

/// Per-label 2 x 2 counts: one-vs-rest for 1-D labels (sorted labels, or
/// `labels(...)` in order, absent ones with zero counts), per column for
/// multilabel data, per sample with `samplewise()` (multilabel only).
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto multilabel_confusion_matrix(const R1& y_true, const R2& y_pred,
                                               const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("multilabel_confusion_matrix", Opts, detail::sample_weight_kind,
                             detail::labels_kind, detail::samplewise_kind);
  using T = detail::count_t<Opts...>;
  const bool by_sample =
      detail::get_option<detail::samplewise_kind>(samplewise(false), opts...).value;
  std::vector<binary_counts<T>> out;
  auto cast = [](double v) { return static_cast<T>(v); };
  if constexpr (detail::is_multilabel_v<R1>) {
    const auto st = detail::setwise_multilabel(
        y_true, y_pred, by_sample ? average::samples : average::macro, opts...);
    const auto& s = by_sample ? st.samples : st.labels;
    const std::size_t ncols = st.labels.tp.size();
    for (std::size_t i = 0; i < s.tp.size(); ++i) {
      binary_counts<T> c;
      c.tp = cast(s.tp[i]);
      c.fp = cast(s.pred[i] - s.tp[i]);
      c.fn = cast(s.truth[i] - s.tp[i]);
      const double all = by_sample ? st.sample_weight[i] * static_cast<double>(ncols) : s.total;
      c.tn = cast(all - s.tp[i] - (s.pred[i] - s.tp[i]) - (s.truth[i] - s.tp[i]));
      out.push_back(c);
    }
  } else {
    if (by_sample)
      detail::throw_invalid_argument(
          "samplewise counts need multilabel data (an indicator matrix)");
    const auto st = detail::setwise_1d(y_true, y_pred, average::macro, opts...);
    for (std::size_t i = 0; i < st.labels.tp.size(); ++i) {
      const auto c = st.labels.counts(i);
      out.push_back({cast(c.tp), cast(c.fp), cast(c.fn), cast(c.tn)});
    }
  }
  return out;
}

/// Positive and negative likelihood ratios of a binary problem.
struct likelihood_ratios {
  double positive; ///< LR+ = recall / (1 - specificity)
  double negative; ///< LR- = (1 - recall) / specificity
};

/// LR+ and LR- of a binary problem (labels sorted, or `labels({neg, pos})`).
/// Undefined ratios are NaN unless `replace_undefined_by` says otherwise.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] likelihood_ratios class_likelihood_ratios(const R1& y_true, const R2& y_pred,
                                                        const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("class_likelihood_ratios", Opts, detail::sample_weight_kind,
                             detail::labels_kind, detail::replace_undefined_kind);
  const auto repl = detail::get_option<detail::replace_undefined_kind>(
      replace_undefined_by(detail::nan_v), opts...);
  if (repl.separate) {
    if (!(std::isnan(repl.value) || repl.value >= 1) ||
        !(std::isnan(repl.negative_value) ||
          (repl.negative_value >= 0 && repl.negative_value <= 1)))
      detail::throw_invalid_argument(
          "replace_undefined_by: LR+ must be >= 1 or nan and LR- in [0, 1] or nan, got (" +
          detail::to_text(repl.value) + ", " + detail::to_text(repl.negative_value) + ")");
  } else if (!(std::isnan(repl.value) || repl.value == 1.0)) {
    detail::throw_invalid_argument("replace_undefined_by must be 1 or nan, got " +
                                   detail::to_text(repl.value));
  }
  const auto data = detail::adapt_pair(y_true, y_pred);
  using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
  const auto present =
      detail::label_set<K>::infer(data.y_true.data(), data.size(), data.y_pred.data(), data.size());
  if (present.size() > 2)
    detail::throw_invalid_argument("class_likelihood_ratios needs a binary target, got " +
                                   std::to_string(present.size()) + " labels " +
                                   detail::labels_text(present.values()));
  const auto m = detail::apply_without<detail::replace_undefined_kind>(
                     [&](const auto&... o) { return detail::count_matrix_of(data, o...); }, opts...)
                     .counts;
  if (m.n_classes() != 2)
    detail::throw_invalid_argument("class_likelihood_ratios needs exactly 2 labels, got " +
                                   std::to_string(m.n_classes()));
  const double tn = static_cast<double>(m(0, 0)), fp = static_cast<double>(m(0, 1)),
               fn = static_cast<double>(m(1, 0)), tp = static_cast<double>(m(1, 1));
  const double pos = tp + fn, neg = tn + fp;
  likelihood_ratios r{};
  r.positive = fp == 0 ? repl.value : (tp * neg) / (fp * pos);
  r.negative = tn == 0 ? repl.negative_value : (fn * neg) / (tn * pos);
  return r;
}

// Iterator-pair forms: f(first1, last1, first2, last2, options...).
TALLY_DETAIL_ITERATOR_FORM(multilabel_confusion_matrix)
TALLY_DETAIL_ITERATOR_FORM(accuracy_score)
TALLY_DETAIL_ITERATOR_FORM(balanced_accuracy_score)
TALLY_DETAIL_ITERATOR_FORM(precision_score)
TALLY_DETAIL_ITERATOR_FORM(recall_score)
TALLY_DETAIL_ITERATOR_FORM(f1_score)
TALLY_DETAIL_ITERATOR_FORM(fbeta_score)
TALLY_DETAIL_ITERATOR_FORM(precision_recall_fscore_support)
TALLY_DETAIL_ITERATOR_FORM(jaccard_score)
TALLY_DETAIL_ITERATOR_FORM(matthews_corrcoef)
TALLY_DETAIL_ITERATOR_FORM(cohen_kappa_score)
TALLY_DETAIL_ITERATOR_FORM(hamming_loss)
TALLY_DETAIL_ITERATOR_FORM(zero_one_loss)
TALLY_DETAIL_ITERATOR_FORM(class_likelihood_ratios)

TALLY_NAMESPACE_END

#undef TALLY_DETAIL_DATA_ARGS
#undef TALLY_DETAIL_SETWISE_OPTIONS

#endif // TALLY_CLASSIFICATION_HPP
