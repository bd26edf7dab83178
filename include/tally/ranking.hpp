// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_RANKING_HPP
#define TALLY_RANKING_HPP

// Score-based (ranking) metrics with scikit-learn 1.9 semantics:
//
//   roc_curve                      -> {fpr, tpr, thresholds}
//   roc_auc_score                  -> double (binary, max_fpr, multilabel,
//                                     multiclass ovr / ovo)
//   precision_recall_curve         -> {precision, recall, thresholds}
//   average_precision_score        -> double
//   det_curve                      -> {fpr, fnr, thresholds}
//   confusion_matrix_at_thresholds -> {tns, fps, fns, tps, thresholds}
//   auc(x, y)                      -> trapezoidal area
//
// and, beyond scikit-learn:
//
//   metric_at_thresholds(y_true, y_score, f)  any function of binary_counts
//                                             at every distinct threshold
//   best_threshold(y_true, y_score, f, goal)  the threshold maximizing or
//                                             minimizing it
//   cost_matrix(c_tn, c_fp, c_fn, c_tp)       mean cost, usable as f
//   roc_auc_score(..., multi_class::ovo, sample_weight(w))
//                                             weighted Hand & Till AUC
//
// A sample is predicted positive at threshold t when score >= t; equal scores
// share one threshold. Everything is O(n log n) in the sort and linear after
// it; the sort is a radix sort of score keys (detail/sort.hpp).
//
// Scores: any range of float, double or integers (float is kept as float,
// everything else becomes double), or for multiclass / multilabel an n x K
// row-major buffer (tally::row_major(data, K)) or a range of rows.

#include "config.hpp"
#include "counts.hpp"
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
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {
struct drop_intermediate_kind {};
struct max_fpr_kind {};
struct multi_class_kind {};
} // namespace detail

/// Drop points that do not change the shape of the curve (roc_curve: default
/// true; precision_recall_curve, det_curve: default false).
struct drop_intermediate {
  using option_kind = detail::drop_intermediate_kind;
  bool value = true;
  constexpr explicit drop_intermediate(bool v = true) noexcept : value(v) {}
};

/// Standardized partial ROC AUC over fpr in [0, max_fpr] (McClish), binary
/// and multilabel only. max_fpr must be in (0, 1].
struct max_fpr {
  using option_kind = detail::max_fpr_kind;
  double value = 1.0;
  constexpr explicit max_fpr(double v) noexcept : value(v) {}
};

/// Multiclass ROC AUC scheme (scikit-learn's multi_class). `raise` (the
/// default) refuses multiclass input, as scikit-learn does.
enum class multi_class { raise, ovr, ovo };

/// Whether best_threshold looks for the largest or the smallest value.
enum class goal { maximize, minimize };

namespace detail {
template <>
struct option_kind_of<multi_class> {
  using type = multi_class_kind;
};
} // namespace detail

/// roc_curve's result: false and true positive rates at decreasing
/// thresholds; the first threshold is +inf (nothing predicted positive).
struct roc_curve_result {
  std::vector<double> fpr;
  std::vector<double> tpr;
  std::vector<double> thresholds;
};

/// precision_recall_curve's result: precision and recall at increasing
/// thresholds, ending with precision 1 and recall 0 (no threshold).
struct precision_recall_curve_result {
  std::vector<double> precision;
  std::vector<double> recall;
  std::vector<double> thresholds;
};

/// det_curve's result: false positive and false negative rates.
struct det_curve_result {
  std::vector<double> fpr;
  std::vector<double> fnr;
  std::vector<double> thresholds;
};

/// confusion_matrix_at_thresholds' result: the four cells at every distinct
/// score (decreasing thresholds; predicted positive when score >= threshold).
struct thresholds_confusion_result {
  std::vector<double> tns;
  std::vector<double> fps;
  std::vector<double> fns;
  std::vector<double> tps;
  std::vector<double> thresholds;
};

/// metric_at_thresholds' result (the order of scikit-learn's tuple).
struct metric_at_thresholds_result {
  std::vector<double> values;
  std::vector<double> thresholds;
};

/// best_threshold's result.
struct best_threshold_result {
  double threshold = 0;          ///< predicted positive when score >= threshold
  double value = 0;              ///< the metric there
  binary_counts<double> counts;  ///< the confusion matrix there
};

/// Mean misclassification cost of a confusion matrix: (c_tn tn + c_fp fp +
/// c_fn fn + c_tp tp) / total. Pass to best_threshold with goal::minimize.
struct cost_matrix {
  double c_tn = 0, c_fp = 1, c_fn = 1, c_tp = 0;
  constexpr cost_matrix(double tn_cost, double fp_cost, double fn_cost, double tp_cost) noexcept
      : c_tn(tn_cost), c_fp(fp_cost), c_fn(fn_cost), c_tp(tp_cost) {}
  template <class T>
  [[nodiscard]] constexpr double operator()(const binary_counts<T>& c) const noexcept {
    const double total = static_cast<double>(c.tp + c.fp + c.fn + c.tn);
    const double cost = c_tn * static_cast<double>(c.tn) + c_fp * static_cast<double>(c.fp) +
                        c_fn * static_cast<double>(c.fn) + c_tp * static_cast<double>(c.tp);
    return total == 0 ? 0.0 : cost / total;
  }
};

namespace detail {

inline constexpr double score_nan = std::numeric_limits<double>::quiet_NaN();

// ------------------------------------------------------------------ core --

/// Calls emit(threshold, tps, fps) for every distinct score, in decreasing
/// order, where tps / fps are the (weighted) numbers of positives /
/// negatives with score >= threshold. Scores are s[i * stride]; y[i] != 0
/// marks positives; w (nullable) weights, zero-weight samples are skipped.
/// Unweighted totals are std::uint64_t, weighted ones double (running sums
/// in stable descending order, as scikit-learn's cumulative sum).
template <class T, class Emit>
void walk_thresholds(const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                     std::size_t n, Emit&& emit) {
  using K = float_key_t<T>;
  if (w == nullptr) {
    std::size_t np = 0;
    for (std::size_t i = 0; i < n; ++i) np += static_cast<std::size_t>(y[i] != 0);
    std::vector<K> keys(n);
    std::size_t ip = 0, in = np;
    for (std::size_t i = 0; i < n; ++i) {
      const K k = descending_key(s[i * stride]);
      const bool pos = y[i] != 0;
      keys[pos ? ip : in] = k;
      ip += static_cast<std::size_t>(pos);
      in += static_cast<std::size_t>(!pos);
    }
    std::vector<K> scratch;
    radix_sort(keys.data(), np, scratch);
    radix_sort(keys.data() + np, n - np, scratch);
    merge_runs(keys.data(), np, keys.data() + np, n - np,
               [&](K k, std::uint64_t tp, std::uint64_t fp) {
                 emit(from_descending_key<T>(k), tp, fp);
               });
  } else {
    std::size_t np = 0, nn = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (w[i] != 0) (y[i] ? np : nn) += 1;
    std::vector<K> keys(np + nn);
    std::vector<double> ws(np + nn);
    std::size_t ip = 0, in = np;
    for (std::size_t i = 0; i < n; ++i) {
      if (w[i] == 0) continue;
      const std::size_t at = y[i] ? ip++ : in++;
      keys[at] = descending_key(s[i * stride]);
      ws[at] = w[i];
    }
    std::vector<K> ks;
    std::vector<double> vs;
    radix_sort(keys.data(), ws.data(), np, ks, vs);
    radix_sort(keys.data() + np, ws.data() + np, nn, ks, vs);
    merge_runs_weighted(keys.data(), ws.data(), np, keys.data() + np, ws.data() + np, nn,
                        [&](K k, double tp, double fp) { emit(from_descending_key<T>(k), tp, fp); });
  }
}

/// Counts at every distinct threshold (scikit-learn's float64 arrays).
struct threshold_counts {
  std::vector<double> thresholds, tps, fps;
};

template <class T>
threshold_counts count_thresholds(const T* s, std::size_t stride, const std::uint8_t* y,
                                  const double* w, std::size_t n) {
  threshold_counts c;
  walk_thresholds(s, stride, y, w, n, [&](T t, auto tp, auto fp) {
    c.thresholds.push_back(static_cast<double>(t));
    c.tps.push_back(static_cast<double>(tp));
    c.fps.push_back(static_cast<double>(fp));
  });
  return c;
}

/// Exact binary ROC AUC (Mann-Whitney U with ties counted one half), NaN
/// when either class has no (weight of) samples.
template <class T>
double binary_roc_auc(const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                      std::size_t n) {
  if (w == nullptr) {
    std::uint64_t area2 = 0, ptp = 0, pfp = 0;
    walk_thresholds(s, stride, y, w, n, [&](T, std::uint64_t tp, std::uint64_t fp) {
      area2 += (fp - pfp) * (tp + ptp);
      ptp = tp;
      pfp = fp;
    });
    if (ptp == 0 || pfp == 0) return score_nan;
    return static_cast<double>(area2) / (2.0 * static_cast<double>(ptp) * static_cast<double>(pfp));
  }
  double area2 = 0, ptp = 0, pfp = 0;
  walk_thresholds(s, stride, y, w, n, [&](T, double tp, double fp) {
    area2 += (fp - pfp) * (tp + ptp);
    ptp = tp;
    pfp = fp;
  });
  if (!(ptp > 0) || !(pfp > 0)) return score_nan;
  return area2 / (2.0 * ptp * pfp);
}

// Compensated (Neumaier) running sum.
struct accurate_sum {
  double sum = 0, carry = 0;
  void add(double x) noexcept {
    const double t = sum + x;
    if (std::fabs(sum) >= std::fabs(x))
      carry += (sum - t) + x;
    else
      carry += (x - t) + sum;
    sum = t;
  }
  [[nodiscard]] double value() const noexcept { return sum + carry; }
};

/// Binary average precision: sum over thresholds of (recall step) x
/// precision, no interpolation; 0 when there are no positives.
template <class T>
double binary_average_precision(const T* s, std::size_t stride, const std::uint8_t* y,
                                const double* w, std::size_t n) {
  accurate_sum acc;
  double total_pos = 0;
  if (w == nullptr) {
    std::uint64_t ptp = 0;
    walk_thresholds(s, stride, y, w, n, [&](T, std::uint64_t tp, std::uint64_t fp) {
      if (tp != ptp)
        acc.add(static_cast<double>(tp - ptp) *
                (static_cast<double>(tp) / static_cast<double>(tp + fp)));
      ptp = tp;
    });
    total_pos = static_cast<double>(ptp);
  } else {
    double ptp = 0;
    walk_thresholds(s, stride, y, w, n, [&](T, double tp, double fp) {
      const double ps = tp + fp;
      if (tp != ptp && ps != 0) acc.add((tp - ptp) * (tp / ps));
      ptp = tp;
    });
    total_pos = ptp;
  }
  if (!(total_pos > 0)) return 0.0;
  return (std::max)(0.0, acc.value() / total_pos);
}

/// numpy.trapezoid(y, x): sum of dx * (y0 + y1) / 2, pairwise-summed.
inline double trapezoid(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() < 2) return 0.0;
  std::vector<double> terms(x.size() - 1);
  for (std::size_t i = 0; i + 1 < x.size(); ++i)
    terms[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
  return pairwise_sum(terms.data(), terms.size());
}

// roc_curve on counts (drop_intermediate as scikit-learn).
inline roc_curve_result roc_from_counts(threshold_counts c, bool drop) {
  std::vector<double>& fps = c.fps;
  std::vector<double>& tps = c.tps;
  std::vector<double>& thr = c.thresholds;
  if (drop && fps.size() > 2) {
    std::size_t m = 1;
    for (std::size_t i = 1; i + 1 < fps.size(); ++i) {
      const double d2f = (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]);
      const double d2t = (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]);
      if (d2f != 0 || d2t != 0) {
        fps[m] = fps[i], tps[m] = tps[i], thr[m] = thr[i];
        ++m;
      }
    }
    const std::size_t last = fps.size() - 1;
    fps[m] = fps[last], tps[m] = tps[last], thr[m] = thr[last];
    ++m;
    fps.resize(m), tps.resize(m), thr.resize(m);
  }
  roc_curve_result r;
  const std::size_t m = fps.size() + 1;
  r.fpr.resize(m);
  r.tpr.resize(m);
  r.thresholds.resize(m);
  r.thresholds[0] = std::numeric_limits<double>::infinity();
  const double nneg = fps.empty() ? 0.0 : fps.back();
  const double npos = tps.empty() ? 0.0 : tps.back();
  r.fpr[0] = nneg > 0 ? 0.0 : score_nan;
  r.tpr[0] = npos > 0 ? 0.0 : score_nan;
  for (std::size_t i = 0; i + 1 < m; ++i) {
    r.fpr[i + 1] = nneg > 0 ? fps[i] / nneg : score_nan;
    r.tpr[i + 1] = npos > 0 ? tps[i] / npos : score_nan;
    r.thresholds[i + 1] = thr[i];
  }
  return r;
}

// Keep the first and last point of each run of equal tps.
inline void drop_equal_tps(threshold_counts& c) {
  auto& tps = c.tps;
  if (tps.size() <= 2) return;
  std::size_t m = 1;
  for (std::size_t i = 1; i + 1 < tps.size(); ++i) {
    if (tps[i] - tps[i - 1] != 0 || tps[i + 1] - tps[i] != 0) {
      c.fps[m] = c.fps[i], tps[m] = tps[i], c.thresholds[m] = c.thresholds[i];
      ++m;
    }
  }
  const std::size_t last = tps.size() - 1;
  c.fps[m] = c.fps[last], tps[m] = tps[last], c.thresholds[m] = c.thresholds[last];
  ++m;
  c.fps.resize(m), tps.resize(m), c.thresholds.resize(m);
}

// Standardized partial AUC (McClish) from a full ROC curve.
inline double mcclish_partial_auc(const roc_curve_result& roc, double mf) {
  const auto& fpr = roc.fpr;
  const auto& tpr = roc.tpr;
  std::size_t stop = static_cast<std::size_t>(
      std::upper_bound(fpr.begin(), fpr.end(), mf) - fpr.begin());
  if (stop == 0 || stop >= fpr.size()) return score_nan;
  const double x0 = fpr[stop - 1], x1 = fpr[stop], y0 = tpr[stop - 1], y1 = tpr[stop];
  const double slope = (y1 - y0) / (x1 - x0);
  double yi = slope * (mf - x0) + y0;
  std::vector<double> x(fpr.begin(), fpr.begin() + static_cast<std::ptrdiff_t>(stop));
  std::vector<double> yv(tpr.begin(), tpr.begin() + static_cast<std::ptrdiff_t>(stop));
  x.push_back(mf);
  yv.push_back(yi);
  const double partial = trapezoid(x, yv);
  const double min_area = 0.5 * mf * mf;
  const double max_area = mf;
  return 0.5 * (1 + (partial - min_area) / (max_area - min_area));
}

template <class T>
double binary_roc_auc_max_fpr(const T* s, std::size_t stride, const std::uint8_t* y,
                              const double* w, std::size_t n, double mf) {
  if (mf == 1.0) return binary_roc_auc(s, stride, y, w, n);
  const roc_curve_result roc = roc_from_counts(count_thresholds(s, stride, y, w, n), true);
  if (std::isnan(roc.fpr.back()) || std::isnan(roc.tpr.back())) return score_nan;
  return mcclish_partial_auc(roc, mf);
}

inline void check_max_fpr(double mf) {
  if (!(mf > 0.0 && mf <= 1.0))
    throw_invalid_argument("max_fpr must be in (0, 1], got " + to_text(mf));
}

// --------------------------------------------------------- binary inputs --

/// A binary problem ready for the core: scores, 0/1 flags, weights.
template <class T>
struct binary_problem {
  score_array<T> scores;
  std::vector<std::uint8_t> y;
  const double* w = nullptr;
  [[nodiscard]] std::size_t size() const noexcept { return y.size(); }
};

// Flags y == pos for a label array.
template <class K, class P>
std::vector<std::uint8_t> flags_of(const label_array<K>& labels, const P& pos) {
  std::vector<std::uint8_t> y(labels.size());
  for (std::size_t i = 0; i < y.size(); ++i)
    y[i] = static_cast<std::uint8_t>(same_label(labels.values[i], pos));
  return y;
}

// Scores for a binary problem: 1-D, or n x 1.
template <class T>
void require_1d(const score_array<T>& s, const char* fn) {
  if (s.is_2d() && s.cols() != 1)
    throw_invalid_argument(std::string(fn) + ": y_score must be 1-D for a binary y_true, got " +
                           std::to_string(s.rows()) + " x " + std::to_string(s.cols()));
}

/// Adapts (y_true, y_score, opts) of a curve function: pos_label as
/// scikit-learn's curves (explicit, or 1 for {0,1}/{-1,1} targets).
template <class Y, class S, class... Opts>
binary_problem<score_of_t<S>> curve_problem(const Y& y_true, const S& y_score, const char* fn,
                                            bool allow_multiclass_with_pos,
                                            const Opts&... opts) {
  static_assert(!is_2d_v<Y>, "tally: curve functions take 1-D y_true");
  binary_problem<score_of_t<S>> p;
  auto labels = adapt_labels(y_true, "y_true");
  p.scores = adapt_scores(y_score, "y_score");
  require_1d(p.scores, fn);
  check_same_length("y_true", labels.size(), "y_score", p.scores.rows());
  check_not_empty("y_true", labels.size());
  check_finite("y_score", p.scores.data(), p.scores.size());
  p.w = checked_weights(labels.size(), opts...);
  using K = label_key_t<Y>;
  if constexpr (has_option_v<pos_label_kind, Opts...>) {
    if (labels.distinct.size() > 2 && !allow_multiclass_with_pos)
      throw_invalid_argument(std::string(fn) + ": y_true has " +
                             std::to_string(labels.distinct.size()) +
                             " classes; a binary target is required");
    const auto& pos = get_option<pos_label_kind>(0, opts...).value;
    p.y = flags_of(labels, pos);
  } else {
    if (labels.distinct.size() > 2)
      throw_invalid_argument(std::string(fn) + ": y_true has " +
                             std::to_string(labels.distinct.size()) + " classes " +
                             labels_text(labels.distinct) + "; a binary target is required");
    const K pos = default_curve_pos_label(labels.distinct, fn);
    p.y = flags_of(labels, pos);
  }
  return p;
}

template <class T>
threshold_counts counts_of(const binary_problem<T>& p) {
  return count_thresholds(p.scores.data(), 1, p.y.data(), p.w, p.size());
}

// ------------------------------------------------ multilabel / multiclass --

@@TAIL@@
} // namespace detail

TALLY_NAMESPACE_END

#endif // TALLY_RANKING_HPP
