// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_CONFUSION_MATRIX_HPP
#define TALLY_CONFUSION_MATRIX_HPP

// Counting: labels in, count structures out.
//
//   count_binary(y_true, y_pred, pos_label(x))     -> binary_counts
//   count_matrix(y_true, y_pred)                   -> labeled_matrix (labels + matrix)
//   confusion_matrix(y_true, y_pred)               -> matrix (scikit-learn's layout)
//   multilabel_confusion_matrix(y_true, y_pred)    -> per-label binary_counts
//
// Every function takes two ranges (or two iterator pairs) of labels of any
// ordered type, followed by options. Counts are std::uint64_t; with
// sample_weight they are double.

#include "config.hpp"
#include "counts.hpp"
#include "detail/error.hpp"
#include "detail/input.hpp"
#include "detail/kernels.hpp"
#include "detail/labels.hpp"
#include "detail/multilabel.hpp"
#include "detail/traits.hpp"
#include "options.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// A confusion matrix together with the labels of its rows and columns.
template <class Label, class T = std::uint64_t>
struct labeled_matrix {
  std::vector<Label> labels; ///< label of row/column i
  matrix<T> counts;          ///< rows true, columns predicted
};

namespace detail {

inline constexpr std::size_t index_chunk = 2048;

// Counts pairs (t, p) into m over the label set; samples with a label
// outside the set are dropped.
template <class K, class T>
void count_into(const K* t, const K* p, const double* w, std::size_t n, const label_set<K>& set,
                matrix<T>& m) {
  const std::size_t k = set.size();
  std::size_t start = 0;
  if constexpr (is_table_key_v<K> && !std::is_enum_v<K>) {
    if (set.is_consecutive() && k > 0) {
      if constexpr (std::is_same_v<T, double>)
        start = count_matrix_weighted(t, p, w, n, set.first(), k, m.data());
      else
        start = count_matrix(t, p, n, set.first(), k, m.data());
    }
  }
  std::int32_t ti[index_chunk], pi[index_chunk];
  for (std::size_t i = start; i < n; i += index_chunk) {
    const std::size_t len = (std::min)(index_chunk, n - i);
    set.map(t + i, len, ti);
    set.map(p + i, len, pi);
    if constexpr (std::is_same_v<T, double>)
      count_indices_weighted(ti, pi, w + i, len, k, m.data());
    else
      count_indices(ti, pi, len, k, m.data());
  }
}

// Labels inferred from the data together with their confusion matrix, when
// the matrix is small enough to hold (has_matrix); otherwise only the labels.
template <class K, class T>
struct inferred_counts {
  label_set<K> labels;
  matrix<T> counts;
  bool has_matrix = false;
};

inline constexpr std::size_t max_inferred_matrix_classes = 1024;

// Keeps the rows and columns of the labels that occur (non-zero row or
// column): the sorted union of the labels of an unweighted count.
template <class K>
inferred_counts<K, std::uint64_t> compact_range(const matrix<std::uint64_t>& wide, K lo) {
  const std::size_t r = wide.n_classes();
  std::vector<std::uint64_t> seen(r, 0); // row plus column sums, one row-major pass
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t j = 0; j < r; ++j) {
      seen[i] += wide(i, j);
      seen[j] += wide(i, j);
    }
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < r; ++i)
    if (seen[i] > 0) keep.push_back(i);
  inferred_counts<K, std::uint64_t> out;
  std::vector<K> values;
  for (std::size_t i : keep)
    values.push_back(static_cast<K>(static_cast<std::uint64_t>(key_as_int(lo)) + i));
  out.labels = label_set<K>::given(std::move(values));
  out.counts = matrix<std::uint64_t>(keep.size());
  for (std::size_t a = 0; a < keep.size(); ++a)
    for (std::size_t b = 0; b < keep.size(); ++b) out.counts(a, b) = wide(keep[a], keep[b]);
  out.has_matrix = true;
  return out;
}

// Infers the sorted label union and counts the matrix. Unweighted integer
// labels take one pass in the common case (labels within [0, 16)): the
// counts are taken over the whole range and the labels read off the
// marginals; other data take a min/max pass first. The data are never
// sorted.
template <class K, class T>
inferred_counts<K, T> infer_and_count(const K* t, const K* p, const double* w, std::size_t n) {
  if constexpr (is_table_key_v<K> && !std::is_enum_v<K> && std::is_same_v<T, std::uint64_t>) {
    constexpr std::size_t guess = 16;
    const K zero = K(0);
    if constexpr (!std::is_same_v<K, bool>) {
      matrix<std::uint64_t> wide(guess);
      if (count_matrix(t, p, n, zero, guess, wide.data()) == n) return compact_range(wide, zero);
    } else {
      matrix<std::uint64_t> wide(2);
      if (count_matrix(t, p, n, false, 2, wide.data()) == n) return compact_range(wide, false);
    }
    K lo{}, hi{}, lo2{}, hi2{};
    minmax(t, n, lo, hi);
    minmax(p, n, lo2, hi2);
    if (lo2 < lo) lo = lo2;
    if (hi < hi2) hi = hi2;
    const std::uint64_t range = key_offset(hi, lo) + 1;
    if (range != 0 && range <= max_inferred_matrix_classes) {
      matrix<std::uint64_t> wide(static_cast<std::size_t>(range));
      count_matrix(t, p, n, lo, wide.n_classes(), wide.data());
      return compact_range(wide, lo);
    }
  }
  inferred_counts<K, T> out;
  out.labels = label_set<K>::infer(t, n, p, n);
  if (out.labels.size() <= max_inferred_matrix_classes) {
    out.counts = matrix<T>(out.labels.size());
    count_into(t, p, w, n, out.labels, out.counts);
    out.has_matrix = true;
  }
  return out;
}

// Per-label sufficient statistics (scikit-learn's multilabel confusion
// matrix, one-vs-rest): tp, predicted count and true count per label, and
// the total weight.
template <class T>
struct label_stats {
  std::vector<T> tp, pred, truth;
  T total{};
  [[nodiscard]] binary_counts<T> counts(std::size_t i) const noexcept {
    binary_counts<T> c;
    c.tp = tp[i];
    c.fp = pred[i] - tp[i];
    c.fn = truth[i] - tp[i];
    c.tn = total - c.tp - c.fp - c.fn;
    return c;
  }
};

template <class T>
T sum_weights(const double* w, std::size_t n) noexcept {
  if constexpr (std::is_same_v<T, double>) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += w[i];
    return s;
  } else {
    (void)w;
    return static_cast<T>(n);
  }
}

// Statistics for every label of `set` over all samples (none dropped).
template <class K, class T>
label_stats<T> count_stats(const K* t, const K* p, const double* w, std::size_t n,
                           const label_set<K>& set) {
  const std::size_t k = set.size();
  label_stats<T> s;
  s.tp.assign(k, T{});
  s.pred.assign(k, T{});
  s.truth.assign(k, T{});
  s.total = sum_weights<T>(w, n);
  if (k <= 256) {
    matrix<T> m(k);
    count_into(t, p, w, n, set, m);
    for (std::size_t i = 0; i < k; ++i) {
      s.tp[i] = m(i, i);
      s.pred[i] = m.pred_count(i);
      s.truth[i] = m.true_count(i);
    }
    return s;
  }
  std::int32_t ti[index_chunk], pi[index_chunk];
  for (std::size_t i = 0; i < n; i += index_chunk) {
    const std::size_t len = (std::min)(index_chunk, n - i);
    set.map(t + i, len, ti);
    set.map(p + i, len, pi);
    for (std::size_t j = 0; j < len; ++j) {
      const T one = [&] {
        if constexpr (std::is_same_v<T, double>)
          return w[i + j];
        else
          return T{1};
      }();
      const auto a = static_cast<std::size_t>(ti[j]);
      const auto b = static_cast<std::size_t>(pi[j]);
      s.truth[a] += one;
      s.pred[b] += one;
      if (a == b) s.tp[a] += one;
    }
  }
  return s;
}

// Per-label statistics of every label of an inferred count.
template <class K, class T>
label_stats<T> stats_of(const inferred_counts<K, T>& inf, const K* t, const K* p, const double* w,
                        std::size_t n) {
  if (!inf.has_matrix) return count_stats<K, T>(t, p, w, n, inf.labels);
  const std::size_t k = inf.labels.size();
  label_stats<T> s;
  s.tp.resize(k);
  s.pred.resize(k);
  s.truth.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    s.tp[i] = inf.counts(i, i);
    for (std::size_t j = 0; j < k; ++j) {
      s.truth[i] += inf.counts(i, j);
      s.pred[j] += inf.counts(i, j);
    }
  }
  s.total = sum_weights<T>(w, n);
  return s;
}

// The checked weights of a one-shot label metric (null when absent).
template <class... Opts>
const double* weights_for(std::size_t n, const Opts&... opts) {
  return option_weights(n, true, opts...);
}

template <class... Opts>
inline constexpr bool weighted_v = has_option_v<sample_weight_kind, Opts...>;

template <class... Opts>
using count_t = std::conditional_t<weighted_v<Opts...>, double, std::uint64_t>;

// The label set for the data: the user's `labels` option or the sorted union.
template <class K, class... Opts>
label_set<K> labels_for(const label_pair<K>& data, const Opts&... opts) {
  if constexpr (has_option_v<labels_kind, Opts...>) {
    const auto& given = get_option<labels_kind>(0, opts...);
    return label_set<K>::given(convert_labels<K>(given.values));
  } else {
    return label_set<K>::infer(data.y_true.data(), data.size(), data.y_pred.data(), data.size());
  }
}

template <class K, class... Opts>
std::vector<K> labels_option_values(const Opts&... opts) {
  if constexpr (has_option_v<labels_kind, Opts...>)
    return convert_labels<K>(get_option<labels_kind>(0, opts...).values);
  else
    return {};
}

template <class K>
std::vector<result_label_t<K>> to_result_labels(const std::vector<K>& keys) {
  return std::vector<result_label_t<K>>(keys.begin(), keys.end());
}

// The positive label as a key; the default is 1 (false for strings, which
// have no default and must name it).
template <class K, class... Opts>
K pos_label_for(bool& given, const Opts&... opts) {
  if constexpr (has_option_v<pos_label_kind, Opts...>) {
    given = true;
    const auto& v = get_option<pos_label_kind>(0, opts...).value;
    using V = remove_cvref_t<decltype(v)>;
    if constexpr (std::is_same_v<K, std::string_view>) {
      static_assert(is_string_like_v<V>, "tally: pos_label must be a string for string labels");
      return std::string_view(v);
    } else {
      static_assert(!is_string_like_v<V>, "tally: pos_label must not be a string here");
      return static_cast<K>(v);
    }
  } else {
    given = false;
    if constexpr (std::is_same_v<K, std::string_view>)
      return std::string_view();
    else
      return static_cast<K>(1);
  }
}

} // namespace detail

// ------------------------------------------------------------ functions --

/// One-vs-rest counts for the positive label (`pos_label`, default 1): every
/// other label counts as negative.
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2>, int> = 0>
[[nodiscard]] binary_counts<detail::count_t<Opts...>>
count_binary(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("count_binary", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind);
  using T = detail::count_t<Opts...>;
  const auto data = detail::adapt_pair(y_true, y_pred);
  using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
  bool given = false;
  const K pos = detail::pos_label_for<K>(given, opts...);
  binary_counts<T> c;
  if constexpr (std::is_same_v<T, double>) {
    const double* w = detail::weights_for(data.size(), opts...);
    const auto r =
        detail::count_binary_weighted(data.y_true.data(), data.y_pred.data(), w, data.size(), pos);
    c.tp = r.both;
    c.fp = r.pred_pos - r.both;
    c.fn = r.true_pos - r.both;
    c.tn = r.total - c.tp - c.fp - c.fn;
  } else {
    const auto r = detail::count_binary(data.y_true.data(), data.y_pred.data(), data.size(), pos);
    c.tp = r.both;
    c.fp = r.pred_pos - r.both;
    c.fn = r.true_pos - r.both;
    c.tn = r.total - c.tp - c.fp - c.fn;
  }
  return c;
}

namespace detail {
// count_matrix of labels already adapted (read once).
template <class K, class... Opts>
auto count_matrix_of(const label_pair<K>& data, const Opts&... opts) {
  using T = count_t<Opts...>;
  const double* w = weights_for(data.size(), opts...);
  if constexpr (has_option_v<labels_kind, Opts...>) {
    const auto set = labels_for(data, opts...);
    if (set.empty()) throw_invalid_argument("labels is empty: give at least one label");
    bool any = false;
    for (std::size_t i = 0; i < data.size() && !any; ++i) any = set.contains(data.y_true[i]);
    if (!any)
      throw_invalid_argument("labels " + labels_text(set.values()) + " matches no label in y_true");
    check_matrix_size(set.size(), sizeof(T), "confusion_matrix");
    labeled_matrix<result_label_t<K>, T> out{to_result_labels(set.values()), matrix<T>(set.size())};
    count_into(data.y_true.data(), data.y_pred.data(), w, data.size(), set, out.counts);
    return out;
  } else {
    auto inf = infer_and_count<K, T>(data.y_true.data(), data.y_pred.data(), w, data.size());
    if (!inf.has_matrix) {
      check_matrix_size(inf.labels.size(), sizeof(T), "confusion_matrix");
      inf.counts = matrix<T>(inf.labels.size());
      count_into(data.y_true.data(), data.y_pred.data(), w, data.size(), inf.labels, inf.counts);
    }
    return labeled_matrix<result_label_t<K>, T>{to_result_labels(inf.labels.values()),
                                                std::move(inf.counts)};
  }
}

} // namespace detail

/// The confusion matrix with its labels: the sorted union of the labels seen,
/// or `labels(...)` in the order given (samples whose true or predicted label
/// is not listed are dropped).
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2> &&
                               !detail::is_multilabel_v<R1>,
                           int> = 0>
[[nodiscard]] auto count_matrix(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("count_matrix", Opts, detail::labels_kind, detail::sample_weight_kind);
  return detail::count_matrix_of(detail::adapt_pair(y_true, y_pred), opts...);
}

namespace detail {
template <class T>
matrix<double> normalized_matrix(const matrix<T>& m, normalize how) {
  const std::size_t k = m.n_classes();
  matrix<double> out(k);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) out(i, j) = static_cast<double>(m(i, j));
  if (how == normalize::none) return out;
  const double total = static_cast<double>(m.total());
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      double den = total;
      if (how == normalize::over_true) den = static_cast<double>(m.true_count(i));
      if (how == normalize::over_pred) den = static_cast<double>(m.pred_count(j));
      out(i, j) = den == 0 ? 0.0 : out(i, j) / den;
    }
  return out;
}
} // namespace detail

/// The confusion matrix C, C(i, j) = samples of true label i predicted as j,
/// labels in sorted order (or as given by `labels(...)`). With
/// `normalize::over_true` / `over_pred` / `over_all` rows, columns or the
/// whole matrix sum to one (0/0 cells are 0).
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2> &&
                               !detail::is_multilabel_v<R1>,
                           int> = 0>
[[nodiscard]] auto confusion_matrix(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("confusion_matrix", Opts, detail::labels_kind,
                             detail::sample_weight_kind, detail::normalize_kind);
  auto counted = [&](const auto&... o) { return count_matrix(y_true, y_pred, o...).counts; };
  if constexpr (detail::has_option_v<detail::normalize_kind, Opts...>) {
    const normalize how = detail::get_option<detail::normalize_kind>(normalize::none, opts...);
    const auto m = detail::apply_without<detail::normalize_kind>(counted, opts...);
    return detail::normalized_matrix(m, how);
  } else {
    return counted(opts...);
  }
}

// Iterator-pair forms: f(first1, last1, first2, last2, options...).
TALLY_DETAIL_ITERATOR_FORM(count_binary)
TALLY_DETAIL_ITERATOR_FORM(count_matrix)
TALLY_DETAIL_ITERATOR_FORM(confusion_matrix)

TALLY_NAMESPACE_END

#endif // TALLY_CONFUSION_MATRIX_HPP
