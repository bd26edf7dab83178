// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_LOSSES_HPP
#define TALLY_LOSSES_HPP

// Probabilistic and margin losses with scikit-learn 1.9 semantics:
//
//   log_loss(y_true, y_proba, opts...)            options: normalized,
//                                                 sample_weight, labels
//   brier_score_loss(y_true, y_proba, opts...)    options: sample_weight,
//                                                 pos_label, labels,
//                                                 scale_by_half
//   hinge_loss(y_true, pred_decision, opts...)    options: labels,
//                                                 sample_weight
//   top_k_accuracy_score(y_true, y_score, opts...) options: top_k,
//                                                 normalized, sample_weight,
//                                                 labels
//
// y_proba / y_score: a 1-D range (probability or score of the greater /
// positive class) or an n x K row-major matrix (tally::row_major(data, K)) or
// range of rows, columns in the sorted order of the labels. Float input is
// computed in float (clipping at float's epsilon), as scikit-learn does.
//
// Probabilities outside [0, 1] and non-finite values are errors. Rows that do
// not sum to 1 are accepted (scikit-learn 1.9 only warns for log_loss and
// brier_score_loss; there is no renormalization).

#include "config.hpp"
#include "detail/error.hpp"
#include "detail/score_input.hpp"
#include "detail/sort.hpp"
#include "detail/traits.hpp"
#include "options.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {
struct scale_by_half_kind {};
struct top_k_kind {};
} // namespace detail

/// Halve the Brier score (default: halve only when there are fewer than 3
/// columns, i.e. binary problems).
struct scale_by_half {
  using option_kind = detail::scale_by_half_kind;
  bool value = true;
  constexpr explicit scale_by_half(bool v = true) noexcept : value(v) {}
};

/// top_k_accuracy_score's k (default 2; must be >= 1).
struct top_k {
  using option_kind = detail::top_k_kind;
  long long value = 2;
  constexpr explicit top_k(long long v) noexcept : value(v) {}
};

namespace detail {

// numpy.average(loss, weights) (pairwise sums), or the sum / dot product when
// not normalized.
template <class T>
double average_losses(const std::vector<T>& loss, const double* w, bool normalize) {
  const std::size_t n = loss.size();
  if (w == nullptr) {
    const T s = pairwise_sum(loss.data(), n);
    return normalize ? static_cast<double>(s / static_cast<T>(n)) : static_cast<double>(s);
  }
  std::vector<double> prod(n);
  for (std::size_t i = 0; i < n; ++i) prod[i] = static_cast<double>(loss[i]) * w[i];
  const double num = pairwise_sum(prod.data(), n);
  if (!normalize) return num;
  const double den = pairwise_sum(w, n);
  if (den == 0)
    throw_invalid_argument("sample_weight sums to zero: the weighted mean is undefined");
  return num / den;
}

// Class list of a probabilistic multiclass function: the sorted distinct
// user labels (at least two, all of y_true among them) or y_true's classes.
template <class K, class... Opts>
std::vector<K> proba_classes(const label_array<K>& y, const char* fn, const Opts&... opts) {
  if constexpr (has_option_v<labels_kind, Opts...>) {
    const auto& user = get_option<labels_kind>(0, opts...).values;
    std::vector<K> classes;
    for (const auto& l : user) {
      if constexpr (std::is_same_v<K, std::string_view>)
        classes.emplace_back(std::string_view(l));
      else if constexpr (std::is_arithmetic_v<K>)
        classes.push_back(static_cast<K>(l));
      else
        classes.push_back(l);
    }
    std::sort(classes.begin(), classes.end());
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
    for (std::size_t i = 0; i < y.distinct.size(); ++i)
      if (!std::binary_search(classes.begin(), classes.end(), y.distinct[i]))
        throw_invalid_argument(std::string(fn) + ": y_true contains " + to_text(y.distinct[i]) +
                               ", which is not in labels " + labels_text(classes));
    if (classes.size() < 2)
      throw_invalid_argument(std::string(fn) + ": labels must contain at least two labels, got " +
                             labels_text(classes));
    return classes;
  } else {
    if (y.distinct.size() < 2)
      throw_invalid_argument(std::string(fn) + ": y_true contains only one label (" +
                             to_text(y.distinct[0]) +
                             "); pass all class labels with tally::labels(...)");
    return y.distinct;
  }
}

// Probabilities as n x K (a 1-D input or one column p becomes [1 - p, p]),
// validated and with each sample's class index.
template <class T>
struct proba_problem {
  std::vector<T> p; // n x k
  std::vector<std::size_t> cls;
  std::size_t n = 0, k = 0;
};

template <class Y, class S, class... Opts>
proba_problem<score_of_t<S>> multiclass_proba(const Y& y_true, const S& y_proba, const char* fn,
                                              const Opts&... opts) {
  using T = score_of_t<S>;
  static_assert(!is_2d_v<Y>, "tally: y_true must be 1-D labels");
  auto scores = adapt_scores(y_proba, "y_proba");
  check_probabilities("y_proba", scores.data(), scores.size());
  const auto y = adapt_labels(y_true, "y_true");
  check_same_length("y_true", y.size(), "y_proba", scores.rows());
  check_not_empty("y_true", y.size());
  const auto classes = proba_classes(y, fn, opts...);
  proba_problem<T> out;
  out.n = y.size();
  const std::size_t width = scores.width();
  out.k = width == 1 ? 2 : width;
  if (classes.size() != out.k)
    throw_invalid_argument(std::string(fn) + ": y_proba has " + std::to_string(out.k) +
                           " columns but there are " + std::to_string(classes.size()) +
                           " classes " + labels_text(classes) +
                           (has_option_v<labels_kind, Opts...>
                                ? std::string()
                                : std::string(" (pass all class labels with tally::labels)")));
  out.p.resize(out.n * out.k);
  for (std::size_t i = 0; i < out.n; ++i) {
    if (width == 1) {
      const T v = scores.data()[i];
      out.p[i * 2] = T(1) - v;
      out.p[i * 2 + 1] = v;
    } else {
      for (std::size_t j = 0; j < out.k; ++j) out.p[i * out.k + j] = scores.data()[i * width + j];
    }
  }
  out.cls.resize(out.n);
  for (std::size_t i = 0; i < out.n; ++i)
    out.cls[i] = static_cast<std::size_t>(
        std::lower_bound(classes.begin(), classes.end(), y.values[i]) - classes.begin());
  return out;
}

} // namespace detail

/// Cross-entropy loss: mean (or sum, with normalized(false)) of -log p of
/// the true class, p clipped to [eps, 1 - eps] with eps the epsilon of the
/// score type. Options: normalized, sample_weight, labels.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double log_loss(const Y& y_true, const S& y_proba, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("log_loss", Opts, detail::normalized_kind, detail::sample_weight_kind,
                             detail::labels_kind);
  using T = detail::score_of_t<S>;
  auto pr = detail::multiclass_proba(y_true, y_proba, "log_loss", opts...);
  const double* w = detail::checked_weights(pr.n, opts...);
  const bool norm = detail::get_option<detail::normalized_kind>(normalized(true), opts...).value;
  const T eps = std::numeric_limits<T>::epsilon();
  std::vector<T> loss(pr.n);
  for (std::size_t i = 0; i < pr.n; ++i) {
    const T p = (std::min)((std::max)(pr.p[i * pr.k + pr.cls[i]], eps), T(1) - eps);
    loss[i] = -std::log(p);
  }
  return detail::average_losses(loss, w, norm);
}

/// Brier score: mean over samples of the squared distance between the
/// one-hot target and the probability row. A 1-D y_proba is P(pos_label)
/// (pos_label: explicit, or 1 for {0,1} / {-1,1} targets, or the greater
/// numeric label). Options: sample_weight, pos_label (1-D input), labels
/// (n x K input), scale_by_half (default: halve when fewer than 3 columns).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double brier_score_loss(const Y& y_true, const S& y_proba, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("brier_score_loss", Opts, detail::sample_weight_kind,
                             detail::pos_label_kind, detail::labels_kind,
                             detail::scale_by_half_kind);
  using T = detail::score_of_t<S>;
  using K = detail::label_key_t<Y>;
  auto scores = detail::adapt_scores(y_proba, "y_proba");
  std::size_t columns = 0;
  std::vector<T> loss;
  if (!scores.is_2d() || scores.cols() == 1) {
    const auto y = detail::adapt_labels(y_true, "y_true");
    detail::check_same_length("y_true", y.size(), "y_proba", scores.rows());
    detail::check_not_empty("y_true", y.size());
    detail::check_finite("y_proba", scores.data(), scores.size());
    if (y.distinct.size() > 2)
      detail::throw_invalid_argument("brier_score_loss: y_true has " +
                                     std::to_string(y.distinct.size()) +
                                     " classes but y_proba is 1-D (binary)");
    detail::check_probabilities("y_proba", scores.data(), scores.size());
    std::vector<std::uint8_t> pos(y.size());
    if constexpr (detail::has_option_v<detail::pos_label_kind, Opts...>) {
      const auto& pl = detail::get_option<detail::pos_label_kind>(0, opts...).value;
      for (std::size_t i = 0; i < y.size(); ++i)
        pos[i] = static_cast<std::uint8_t>(detail::same_label(y.values[i], pl));
    } else {
      bool usual = false;
      if constexpr (std::is_arithmetic_v<K>) {
        const auto& d = y.distinct;
        auto eq = [](K a, int b) { return a == static_cast<K>(b); };
        usual =
            (d.size() == 2 && ((eq(d[0], 0) && eq(d[1], 1)) || (eq(d[0], -1) && eq(d[1], 1)))) ||
            (d.size() == 1 && (eq(d[0], 0) || eq(d[0], 1) || eq(d[0], -1)));
        const K pl = usual ? static_cast<K>(1) : d.back();
        for (std::size_t i = 0; i < y.size(); ++i)
          pos[i] = static_cast<std::uint8_t>(y.values[i] == pl);
      } else {
        detail::throw_invalid_argument("brier_score_loss: y_true holds strings " +
                                       detail::labels_text(y.distinct) +
                                       "; pass tally::pos_label(...)");
      }
    }
    loss.resize(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
      const T p = scores.data()[i];
      const T t = pos[i] ? T(1) : T(0);
      const T d0 = (T(1) - t) - (T(1) - p);
      const T d1 = t - p;
      loss[i] = d0 * d0 + d1 * d1;
    }
    columns = 2;
  } else {
    auto pr = detail::multiclass_proba(y_true, y_proba, "brier_score_loss", opts...);
    loss.resize(pr.n);
    std::vector<T> row(pr.k);
    for (std::size_t i = 0; i < pr.n; ++i) {
      for (std::size_t j = 0; j < pr.k; ++j) {
        const T d = (j == pr.cls[i] ? T(1) : T(0)) - pr.p[i * pr.k + j];
        row[j] = d * d;
      }
      loss[i] = detail::pairwise_sum(row.data(), pr.k);
    }
    columns = pr.k;
  }
  const double* w = detail::checked_weights(loss.size(), opts...);
  double score = detail::average_losses(loss, w, true);
  bool half = columns < 3;
  if constexpr (detail::has_option_v<detail::scale_by_half_kind, Opts...>)
    half = detail::get_option<detail::scale_by_half_kind>(0, opts...).value;
  if (half) score *= 0.5;
  return score;
}

/// Hinge loss. Binary (at most two labels): y_true becomes -1 / +1 (the
/// greater label of y_true is +1) and the loss is mean(max(0, 1 - y f)).
/// Multiclass (labels, or y_true, with more than two values): Crammer-Singer,
/// margin f_true - max of the other columns; pred_decision must be n x K.
/// Options: labels, sample_weight.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double hinge_loss(const Y& y_true, const S& pred_decision, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("hinge_loss", Opts, detail::labels_kind, detail::sample_weight_kind);
  using T = detail::score_of_t<S>;
  using K = detail::label_key_t<Y>;
  auto f = detail::adapt_scores(pred_decision, "pred_decision");
  const auto y = detail::adapt_labels(y_true, "y_true");
  detail::check_same_length("y_true", y.size(), "pred_decision", f.rows());
  detail::check_not_empty("y_true", y.size());
  detail::check_finite("pred_decision", f.data(), f.size());
  const double* w = detail::checked_weights(y.size(), opts...);
  std::vector<K> classes = y.distinct;
  if constexpr (detail::has_option_v<detail::labels_kind, Opts...>) {
    classes.clear();
    for (const auto& l : detail::get_option<detail::labels_kind>(0, opts...).values) {
      if constexpr (std::is_same_v<K, std::string_view>)
        classes.emplace_back(std::string_view(l));
      else if constexpr (std::is_arithmetic_v<K>)
        classes.push_back(static_cast<K>(l));
      else
        classes.push_back(l);
    }
    std::sort(classes.begin(), classes.end());
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  }
  const std::size_t n = y.size();
  std::vector<double> loss(n);
  if (classes.size() > 2) {
    const std::size_t k = classes.size();
    if (!f.is_2d())
      detail::throw_invalid_argument("hinge_loss: pred_decision must be n x " + std::to_string(k) +
                                     " for a multiclass target, got 1-D");
    if (f.cols() != k)
      detail::throw_invalid_argument(
          "hinge_loss: pred_decision has " + std::to_string(f.cols()) + " columns but there are " +
          std::to_string(k) + " classes " + detail::labels_text(classes) +
          (detail::has_option_v<detail::labels_kind, Opts...>
               ? std::string()
               : std::string(" (pass all class labels with tally::labels)")));
    for (std::size_t i = 0; i < n; ++i) {
      auto it = std::lower_bound(classes.begin(), classes.end(), y.values[i]);
      if (it == classes.end() || !(*it == y.values[i]))
        detail::throw_invalid_argument("hinge_loss: y_true contains " +
                                       detail::to_text(y.values[i]) + ", which is not in labels " +
                                       detail::labels_text(classes));
      const auto c = static_cast<std::size_t>(it - classes.begin());
      T other = -std::numeric_limits<T>::infinity();
      for (std::size_t j = 0; j < k; ++j)
        if (j != c) other = (std::max)(other, f(i, j));
      const T margin = f(i, c) - other;
      loss[i] = (std::max)(0.0, 1.0 - static_cast<double>(margin));
    }
  } else {
    if (f.is_2d() && f.cols() != 1)
      detail::throw_invalid_argument("hinge_loss: pred_decision must be 1-D for a binary target, "
                                     "got n x " +
                                     std::to_string(f.cols()));
    for (std::size_t i = 0; i < n; ++i) {
      const double sign = (y.distinct.size() == 2 && y.values[i] == y.distinct[1]) ? 1.0 : -1.0;
      loss[i] = (std::max)(0.0, 1.0 - sign * static_cast<double>(f.data()[i]));
    }
  }
  return detail::average_losses(loss, w, true);
}

/// Fraction (or, with normalized(false), the (weighted) number) of samples
/// whose true class is among the k highest scores. Ties: among equal scores
/// the class with the higher index ranks first (scikit-learn's reversed
/// stable sort). Binary (1-D scores): k = 1 predicts positive when the
/// score is > 0.5 (scores within [0, 1]) or > 0 (otherwise); k >= 2 counts
/// every sample. Options: top_k (default 2), normalized, sample_weight,
/// labels (sorted, unique, one per column).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double top_k_accuracy_score(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("top_k_accuracy_score", Opts, detail::top_k_kind,
                             detail::normalized_kind, detail::sample_weight_kind,
                             detail::labels_kind);
  using T = detail::score_of_t<S>;
  using K = detail::label_key_t<Y>;
  constexpr const char* fn = "top_k_accuracy_score";
  const long long kk = detail::get_option<detail::top_k_kind>(top_k(2), opts...).value;
  if (kk < 1)
    detail::throw_invalid_argument("top_k_accuracy_score: k must be >= 1, got " +
                                   std::to_string(kk));
  const auto k = static_cast<std::size_t>(kk);
  auto s = detail::adapt_scores(y_score, "y_score");
  const auto y = detail::adapt_labels(y_true, "y_true");
  detail::check_same_length("y_true", y.size(), "y_score", s.rows());
  detail::check_not_empty("y_true", y.size());
  detail::check_finite("y_score", s.data(), s.size());
  const double* w = detail::checked_weights(y.size(), opts...);
  bool binary = y.distinct.size() <= 2;
  std::vector<K> classes;
  if constexpr (detail::has_option_v<detail::labels_kind, Opts...>) {
    classes =
        detail::labels_as_keys<K>(detail::get_option<detail::labels_kind>(0, opts...).values, fn);
    if (classes.size() > 2) binary = false;
  }
  if (binary && s.is_2d() && s.cols() != 1)
    detail::throw_invalid_argument(
        "top_k_accuracy_score: y_true is binary but y_score has " + std::to_string(s.cols()) +
        " columns (if y_true lacks some classes, pass all of them with tally::labels)");
  if (!binary && !s.is_2d())
    detail::throw_invalid_argument("top_k_accuracy_score: y_score must be n x K for a "
                                   "multiclass target, got 1-D");
  const std::size_t score_classes = s.is_2d() ? s.cols() : 2;
  if constexpr (detail::has_option_v<detail::labels_kind, Opts...>) {
    if (classes.size() != score_classes)
      detail::throw_invalid_argument("top_k_accuracy_score: labels has " +
                                     std::to_string(classes.size()) + " entries, y_score has " +
                                     std::to_string(score_classes) + " classes");
  } else {
    classes = y.distinct;
    if (classes.size() != score_classes)
      detail::throw_invalid_argument("top_k_accuracy_score: y_true has " +
                                     std::to_string(classes.size()) + " classes, y_score has " +
                                     std::to_string(score_classes) +
                                     " (pass all class labels with tally::labels)");
  }
  const std::size_t n = y.size();
  std::vector<std::size_t> enc(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto it = std::lower_bound(classes.begin(), classes.end(), y.values[i]);
    if (it == classes.end() || !(*it == y.values[i]))
      detail::throw_invalid_argument("top_k_accuracy_score: y_true contains " +
                                     detail::to_text(y.values[i]) + ", which is not in labels " +
                                     detail::labels_text(classes));
    enc[i] = static_cast<std::size_t>(it - classes.begin());
  }
  std::vector<double> hits(n, 0.0);
  if (binary) {
    if (k == 1) {
      T lo = s.data()[0], hi = s.data()[0];
      for (std::size_t i = 0; i < n; ++i)
        lo = (std::min)(lo, s.data()[i]), hi = (std::max)(hi, s.data()[i]);
      const T thr = (lo >= T(0) && hi <= T(1)) ? T(0.5) : T(0);
      for (std::size_t i = 0; i < n; ++i)
        hits[i] = static_cast<double>((s.data()[i] > thr ? 1u : 0u) == enc[i]);
    } else {
      std::fill(hits.begin(), hits.end(), 1.0);
    }
  } else {
    const std::size_t K2 = s.cols();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t t = enc[i];
      const T st = s(i, t);
      std::size_t rank = 0; // classes ranked before the true one
      for (std::size_t j = 0; j < K2; ++j) {
        const T sj = s(i, j);
        if (sj > st || (sj == st && j > t)) ++rank;
      }
      hits[i] = rank < k ? 1.0 : 0.0;
    }
  }
  const bool norm = detail::get_option<detail::normalized_kind>(normalized(true), opts...).value;
  return detail::average_losses(hits, w, norm);
}

// fn(first1, last1, first2, last2, options...)
TALLY_DETAIL_ITERATOR_FORM(log_loss)
TALLY_DETAIL_ITERATOR_FORM(brier_score_loss)
TALLY_DETAIL_ITERATOR_FORM(hinge_loss)
TALLY_DETAIL_ITERATOR_FORM(top_k_accuracy_score)

TALLY_NAMESPACE_END

#endif // TALLY_LOSSES_HPP
