// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_CALIBRATION_HPP
#define TALLY_CALIBRATION_HPP

// Calibration of probabilistic predictions:
//
//   calibration_curve(y_true, y_prob, opts...) -> {prob_true, prob_pred}
//       scikit-learn 1.9 semantics; options pos_label, n_bins (default 5),
//       strategy::uniform (default) / strategy::quantile.
//   calibration_error(y_true, y_prob, opts...) -> double
//       expected (norm l1, l2) or maximum (norm max) calibration error;
//       options n_bins (default 15), strategy, calibration_norm, pos_label,
//       sample_weight.
//
// Bin convention (both functions): bins are closed on the right,
// [e0, e1], (e1, e2], ..., (e_{B-1}, e_B]: a probability equal to an inner
// edge falls in the lower bin (scikit-learn's searchsorted on the inner
// edges). Uniform edges are i * (1 / B) with the last one exactly 1;
// quantile edges are NumPy's linear-interpolation percentiles of y_prob.
// Empty bins are left out of calibration_curve's output and contribute
// nothing to the calibration error.
//
// calibration_error, binary (1-D y_prob): confidence = P(positive), outcome
// = y == pos_label (the reliability-diagram error). Multiclass (n x K
// y_prob, columns in sorted label order): confidence = the largest
// probability of the row, outcome = whether its column (the first one on
// ties) is the true class (top-label calibration error).
//   l1:  sum_b w_b |acc_b - conf_b|           (ECE)
//   l2:  sqrt(sum_b w_b (acc_b - conf_b)^2)
//   max: max_b |acc_b - conf_b|               (MCE), over non-empty bins
// where w_b is the bin's share of the (weighted) samples.

#include "config.hpp"
#include "detail/error.hpp"
#include "detail/score_input.hpp"
#include "detail/traits.hpp"
#include "options.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {
struct n_bins_kind {};
struct strategy_kind {};
struct calibration_norm_kind {};
} // namespace detail

/// Number of bins (>= 1).
struct n_bins {
  using option_kind = detail::n_bins_kind;
  long long value = 5;
  constexpr explicit n_bins(long long v) noexcept : value(v) {}
};

/// Bin edges: equal widths on [0, 1], or quantiles of the predictions.
enum class strategy { uniform, quantile };

/// Norm of the calibration error.
enum class calibration_norm { l1, l2, max };

namespace detail {
template <>
struct option_kind_of<strategy> {
  using type = strategy_kind;
};
template <>
struct option_kind_of<calibration_norm> {
  using type = calibration_norm_kind;
};
} // namespace detail

/// calibration_curve's result: fraction of positives and mean predicted
/// probability of every non-empty bin.
struct calibration_curve_result {
  std::vector<double> prob_true;
  std::vector<double> prob_pred;
};

namespace detail {

/// NumPy's percentile (method 'linear') of sorted values at q in [0, 1].
inline double percentile_linear(const std::vector<double>& sorted, double q) {
  const std::size_t n = sorted.size();
  const double vi = static_cast<double>(n - 1) * q;
  if (vi >= static_cast<double>(n - 1)) return sorted[n - 1];
  if (vi <= 0) return sorted[0];
  const double lo = std::floor(vi);
  const auto i = static_cast<std::size_t>(lo);
  const double t = vi - lo;
  const double a = sorted[i], b = sorted[i + 1];
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/// Bin edges (B + 1 values) for the options' strategy.
inline std::vector<double> bin_edges(const std::vector<double>& p, std::size_t bins, strategy st) {
  std::vector<double> edges(bins + 1);
  const double step = 1.0 / static_cast<double>(bins);
  if (st == strategy::uniform) {
    for (std::size_t i = 0; i < bins; ++i) edges[i] = static_cast<double>(i) * step + 0.0;
    edges[bins] = 1.0;
  } else {
    std::vector<double> sorted(p);
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i <= bins; ++i) {
      const double frac = i == bins ? 1.0 : static_cast<double>(i) * step;
      const double q = (frac * 100.0) / 100.0;
      edges[i] = percentile_linear(sorted, q);
    }
  }
  return edges;
}

/// Bin of p: the number of inner edges strictly below p.
inline std::size_t bin_of(const std::vector<double>& edges, double p) {
  return static_cast<std::size_t>(std::lower_bound(edges.begin() + 1, edges.end() - 1, p) -
                                  (edges.begin() + 1));
}

template <class... Opts>
std::size_t bins_option(long long fallback, const char* fn, const Opts&... opts) {
  const long long b = get_option<n_bins_kind>(n_bins(fallback), opts...).value;
  if (b < 1)
    throw_invalid_argument(std::string(fn) + ": n_bins must be >= 1, got " + std::to_string(b));
  return static_cast<std::size_t>(b);
}

// Positive flags of a binary y_true for calibration (curve pos_label rule).
template <class Y, class... Opts>
std::vector<std::uint8_t> calibration_flags(const Y& y_true, const char* fn, const Opts&... opts) {
  const auto y = adapt_labels(y_true, "y_true");
  check_not_empty("y_true", y.size());
  if (y.distinct.size() > 2)
    throw_invalid_argument(std::string(fn) + ": only binary y_true is supported, got labels " +
                           labels_text(y.distinct));
  std::vector<std::uint8_t> flags(y.size());
  if constexpr (has_option_v<pos_label_kind, Opts...>) {
    const auto& pos = get_option<pos_label_kind>(0, opts...).value;
    for (std::size_t i = 0; i < y.size(); ++i)
      flags[i] = static_cast<std::uint8_t>(same_label(y.values[i], pos));
  } else {
    const auto pos = default_curve_pos_label(y.distinct, fn);
    for (std::size_t i = 0; i < y.size(); ++i)
      flags[i] = static_cast<std::uint8_t>(y.values[i] == pos);
  }
  return flags;
}

struct bin_totals {
  std::vector<double> sum_prob, sum_true, weight;
};

inline bin_totals fill_bins(const std::vector<double>& edges, const std::vector<double>& p,
                            const std::vector<std::uint8_t>& outcome, const double* w) {
  const std::size_t bins = edges.size() - 1;
  bin_totals b{std::vector<double>(bins, 0.0), std::vector<double>(bins, 0.0),
               std::vector<double>(bins, 0.0)};
  for (std::size_t i = 0; i < p.size(); ++i) {
    const std::size_t j = bin_of(edges, p[i]);
    const double wi = w ? w[i] : 1.0;
    b.sum_prob[j] += w ? wi * p[i] : p[i];
    b.sum_true[j] += outcome[i] ? wi : 0.0;
    b.weight[j] += wi;
  }
  return b;
}

} // namespace detail

/// Calibration curve (reliability diagram) of a binary classifier.
/// Options: pos_label (default: 1 for {0,1} / {-1,1} targets), n_bins
/// (default 5), strategy (default uniform).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] calibration_curve_result calibration_curve(const Y& y_true, const S& y_prob,
                                                         const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("calibration_curve", Opts, detail::pos_label_kind, detail::n_bins_kind,
                             detail::strategy_kind);
  constexpr const char* fn = "calibration_curve";
  auto s = detail::adapt_scores(y_prob, "y_prob");
  if (s.is_2d() && s.cols() != 1)
    detail::throw_invalid_argument("calibration_curve: y_prob must be 1-D, got n x " +
                                   std::to_string(s.cols()));
  const auto flags = detail::calibration_flags(y_true, fn, opts...);
  detail::check_same_length("y_true", flags.size(), "y_prob", s.rows());
  detail::check_probabilities("y_prob", s.data(), s.size());
  const std::size_t bins = detail::bins_option(5, fn, opts...);
  const strategy st = detail::get_option<detail::strategy_kind>(strategy::uniform, opts...);
  std::vector<double> p(s.data(), s.data() + s.size());
  const auto edges = detail::bin_edges(p, bins, st);
  const detail::bin_totals b = detail::fill_bins(edges, p, flags, nullptr);
  calibration_curve_result r;
  for (std::size_t j = 0; j < bins; ++j) {
    if (b.weight[j] == 0) continue;
    r.prob_true.push_back(b.sum_true[j] / b.weight[j]);
    r.prob_pred.push_back(b.sum_prob[j] / b.weight[j]);
  }
  return r;
}

/// Expected (l1, l2) or maximum (max) calibration error; see the header
/// comment for the definitions and the bin convention. Options: n_bins
/// (default 15), strategy (default uniform), calibration_norm (default l1),
/// pos_label (binary), labels (multiclass: the class of each column),
/// sample_weight.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double calibration_error(const Y& y_true, const S& y_prob, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("calibration_error", Opts, detail::pos_label_kind, detail::n_bins_kind,
                             detail::strategy_kind, detail::calibration_norm_kind,
                             detail::labels_kind, detail::sample_weight_kind);
  constexpr const char* fn = "calibration_error";
  auto s = detail::adapt_scores(y_prob, "y_prob");
  detail::check_probabilities("y_prob", s.data(), s.size());
  std::vector<double> conf;
  std::vector<std::uint8_t> outcome;
  if (!s.is_2d() || s.cols() == 1) {
    outcome = detail::calibration_flags(y_true, fn, opts...);
    detail::check_same_length("y_true", outcome.size(), "y_prob", s.rows());
    conf.assign(s.data(), s.data() + s.size());
  } else {
    using K = detail::label_key_t<Y>;
    const auto y = detail::adapt_labels(y_true, "y_true");
    detail::check_same_length("y_true", y.size(), "y_prob", s.rows());
    detail::check_not_empty("y_true", y.size());
    std::vector<K> classes = y.distinct;
    if constexpr (detail::has_option_v<detail::labels_kind, Opts...>)
      classes =
          detail::labels_as_keys<K>(detail::get_option<detail::labels_kind>(0, opts...).values, fn);
    if (classes.size() != s.cols())
      detail::throw_invalid_argument("calibration_error: y_prob has " + std::to_string(s.cols()) +
                                     " columns but there are " + std::to_string(classes.size()) +
                                     " classes " + detail::labels_text(classes));
    conf.resize(y.size());
    outcome.resize(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
      std::size_t best = 0;
      for (std::size_t j = 1; j < s.cols(); ++j)
        if (s(i, j) > s(i, best)) best = j;
      conf[i] = static_cast<double>(s(i, best));
      auto it = std::lower_bound(classes.begin(), classes.end(), y.values[i]);
      if (it == classes.end() || !(*it == y.values[i]))
        detail::throw_invalid_argument("calibration_error: y_true contains " +
                                       detail::to_text(y.values[i]) + ", which is not in labels " +
                                       detail::labels_text(classes));
      outcome[i] =
          static_cast<std::uint8_t>(static_cast<std::size_t>(it - classes.begin()) == best);
    }
  }
  const double* w = detail::checked_weights(conf.size(), opts...);
  const std::size_t bins = detail::bins_option(15, fn, opts...);
  const strategy st = detail::get_option<detail::strategy_kind>(strategy::uniform, opts...);
  const calibration_norm norm =
      detail::get_option<detail::calibration_norm_kind>(calibration_norm::l1, opts...);
  const auto edges = detail::bin_edges(conf, bins, st);
  const detail::bin_totals b = detail::fill_bins(edges, conf, outcome, w);
  double total = 0;
  for (double x : b.weight) total += x;
  if (!(total > 0)) detail::throw_invalid_argument("calibration_error: sample_weight sums to zero");
  double acc = 0;
  for (std::size_t j = 0; j < bins; ++j) {
    if (b.weight[j] == 0) continue;
    const double gap = std::fabs(b.sum_true[j] / b.weight[j] - b.sum_prob[j] / b.weight[j]);
    const double share = b.weight[j] / total;
    if (norm == calibration_norm::l1)
      acc += share * gap;
    else if (norm == calibration_norm::l2)
      acc += share * gap * gap;
    else
      acc = (std::max)(acc, gap);
  }
  return norm == calibration_norm::l2 ? std::sqrt(acc) : acc;
}

// fn(first1, last1, first2, last2, options...)
TALLY_DETAIL_ITERATOR_FORM(calibration_curve)
TALLY_DETAIL_ITERATOR_FORM(calibration_error)

TALLY_NAMESPACE_END

#endif // TALLY_CALIBRATION_HPP
