// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_METRICS_HPP
#define TALLY_METRICS_HPP

// Scoring: metrics as pure functions of finished counts. Usable on their own
// by anyone who has a confusion matrix from elsewhere:
//
//   tally::binary_counts<> c{1133, 484, 138, 343};   // tp, fp, fn, tn
//   double f1 = tally::f1(c);                        // 0.78462603878...
//
// A ratio whose denominator is zero is governed by the zero_division policy
// (default: 0, as scikit-learn). Counts are converted to double before any
// arithmetic, so no metric overflows at any count.

#include "config.hpp"
#include "counts.hpp"
#include "detail/error.hpp"
#include "options.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {

inline constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

// The value of an undefined ratio under a policy.
constexpr double undefined_value(zero_division z, const char* what) {
  switch (z) {
  case zero_division::one:
    return 1.0;
  case zero_division::nan:
    return nan_v;
  case zero_division::raise:
    throw_domain_error(std::string(what) + " is undefined: its denominator is zero");
  case zero_division::warn:
  case zero_division::zero:
  default:
    return 0.0;
  }
}

constexpr double ratio(double num, double den, zero_division z, const char* what) {
  return den == 0 ? undefined_value(z, what) : num / den;
}

template <class T>
constexpr double d(T v) noexcept {
  return static_cast<double>(v);
}

} // namespace detail

// ---------------------------------------------------------------- binary --

/// (tp + tn) / total.
template <class T>
[[nodiscard]] constexpr double accuracy(const binary_counts<T>& c,
                                        zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tp) + detail::d(c.tn), detail::d(c.total()), z, "accuracy");
}

/// tp / (tp + fp): of the predicted positives, the share that are positive.
template <class T>
[[nodiscard]] constexpr double precision(const binary_counts<T>& c,
                                         zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tp), detail::d(c.tp) + detail::d(c.fp), z, "precision");
}

/// tp / (tp + fn): sensitivity, true positive rate.
template <class T>
[[nodiscard]] constexpr double recall(const binary_counts<T>& c,
                                      zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tp), detail::d(c.tp) + detail::d(c.fn), z, "recall");
}

/// tn / (tn + fp): true negative rate.
template <class T>
[[nodiscard]] constexpr double specificity(const binary_counts<T>& c,
                                           zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tn), detail::d(c.tn) + detail::d(c.fp), z, "specificity");
}

/// tn / (tn + fn): negative predictive value.
template <class T>
[[nodiscard]] constexpr double npv(const binary_counts<T>& c,
                                   zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tn), detail::d(c.tn) + detail::d(c.fn), z,
                       "negative predictive value");
}

/// fp / (fp + tn): false positive rate, fall-out.
template <class T>
[[nodiscard]] constexpr double fpr(const binary_counts<T>& c,
                                   zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.fp), detail::d(c.fp) + detail::d(c.tn), z,
                       "false positive rate");
}

/// fn / (fn + tp): false negative rate, miss rate.
template <class T>
[[nodiscard]] constexpr double fnr(const binary_counts<T>& c,
                                   zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.fn), detail::d(c.fn) + detail::d(c.tp), z,
                       "false negative rate");
}

/// fp / (fp + tp): false discovery rate.
template <class T>
[[nodiscard]] constexpr double fdr(const binary_counts<T>& c,
                                   zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.fp), detail::d(c.fp) + detail::d(c.tp), z,
                       "false discovery rate");
}

/// fn / (fn + tn): false omission rate.
template <class T>
[[nodiscard]] constexpr double false_omission_rate(const binary_counts<T>& c,
                                                   zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.fn), detail::d(c.fn) + detail::d(c.tn), z,
                       "false omission rate");
}

/// (tp + fn) / total: the share of actual positives.
template <class T>
[[nodiscard]] constexpr double prevalence(const binary_counts<T>& c,
                                          zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tp) + detail::d(c.fn), detail::d(c.total()), z, "prevalence");
}

/// F-beta from counts: (1 + b^2) tp / (b^2 (tp + fn) + tp + fp). beta = 0 is
/// precision and beta = +inf is recall. When no sample is positive in truth
/// or prediction the score is undefined; when only predictions are missing it
/// is 0.
template <class T>
[[nodiscard]] constexpr double fbeta(const binary_counts<T>& c, double beta,
                                     zero_division z = zero_division::warn) {
  if (!(beta >= 0))
    detail::throw_invalid_argument("beta must be >= 0, got " + detail::to_text(beta));
  if (beta == std::numeric_limits<double>::infinity()) return recall(c, z);
  if (beta == 0) return precision(c, z);
  const double b2 = beta * beta;
  const double tp = detail::d(c.tp);
  return detail::ratio((1 + b2) * tp, b2 * (tp + detail::d(c.fn)) + (tp + detail::d(c.fp)), z,
                       "f-score");
}

/// F1: the harmonic mean of precision and recall, 2 tp / (2 tp + fp + fn).
/// True negatives never enter it.
template <class T>
[[nodiscard]] constexpr double f1(const binary_counts<T>& c,
                                  zero_division z = zero_division::warn) {
  return fbeta(c, 1.0, z);
}

/// tp / (tp + fp + fn): Jaccard index, intersection over union.
template <class T>
[[nodiscard]] constexpr double jaccard(const binary_counts<T>& c,
                                       zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tp), detail::d(c.tp) + detail::d(c.fp) + detail::d(c.fn), z,
                       "jaccard");
}

/// Mean recall over the classes present in truth: (recall + specificity) / 2
/// when both classes are present.
template <class T>
[[nodiscard]] constexpr double balanced_accuracy(const binary_counts<T>& c,
                                                 zero_division z = zero_division::warn) {
  const double pos = detail::d(c.tp) + detail::d(c.fn);
  const double neg = detail::d(c.tn) + detail::d(c.fp);
  if (pos > 0 && neg > 0) return (detail::d(c.tp) / pos + detail::d(c.tn) / neg) / 2;
  if (pos > 0) return detail::d(c.tp) / pos;
  if (neg > 0) return detail::d(c.tn) / neg;
  return detail::undefined_value(z, "balanced accuracy");
}

/// recall + specificity - 1: Youden's J, bookmaker informedness.
template <class T>
[[nodiscard]] constexpr double informedness(const binary_counts<T>& c,
                                            zero_division z = zero_division::warn) {
  return recall(c, z) + specificity(c, z) - 1;
}

/// Youden's J statistic (the same as informedness).
template <class T>
[[nodiscard]] constexpr double youden_j(const binary_counts<T>& c,
                                        zero_division z = zero_division::warn) {
  return informedness(c, z);
}

/// precision + npv - 1.
template <class T>
[[nodiscard]] constexpr double markedness(const binary_counts<T>& c,
                                          zero_division z = zero_division::warn) {
  return precision(c, z) + npv(c, z) - 1;
}

/// 1 - accuracy.
template <class T>
[[nodiscard]] constexpr double zero_one_loss(const binary_counts<T>& c,
                                             zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.fp) + detail::d(c.fn), detail::d(c.total()), z, "zero-one loss");
}

/// Positive likelihood ratio LR+ = recall / fpr; NaN when undefined unless a
/// policy says otherwise.
template <class T>
[[nodiscard]] constexpr double positive_likelihood_ratio(const binary_counts<T>& c,
                                                         zero_division z = zero_division::nan) {
  const double num = detail::d(c.tp) * (detail::d(c.tn) + detail::d(c.fp));
  const double den = detail::d(c.fp) * (detail::d(c.tp) + detail::d(c.fn));
  return detail::ratio(num, den, z, "positive likelihood ratio");
}

/// Negative likelihood ratio LR- = fnr / specificity.
template <class T>
[[nodiscard]] constexpr double negative_likelihood_ratio(const binary_counts<T>& c,
                                                         zero_division z = zero_division::nan) {
  const double num = detail::d(c.fn) * (detail::d(c.tn) + detail::d(c.fp));
  const double den = detail::d(c.tn) * (detail::d(c.tp) + detail::d(c.fn));
  return detail::ratio(num, den, z, "negative likelihood ratio");
}

/// sqrt(precision * recall): the Fowlkes-Mallows index.
template <class T>
[[nodiscard]] inline double fowlkes_mallows(const binary_counts<T>& c,
                                            zero_division z = zero_division::warn) {
  return std::sqrt(precision(c, z) * recall(c, z));
}

namespace detail {
// Matthews correlation as covariance / sqrt(variance x variance), with every
// term written so that nothing cancels catastrophically: the covariance is
// the sum over labels of the one-vs-rest determinants tp tn - fp fn, and the
// variances are sums of p (n - p) >= 0. (The textbook form c n - t.p loses
// all its digits when one label dominates and counts are large.) 0 when a
// marginal is constant, as scikit-learn; clamped to [-1, 1] against rounding.
inline double mcc_from_terms(double cov, double var_pred, double var_true) noexcept {
  const double prod = var_pred * var_true;
  if (prod == 0) return 0.0;
  const double r = cov / std::sqrt(prod);
  return r > 1 ? 1.0 : (r < -1 ? -1.0 : r);
}
} // namespace detail

/// Matthews correlation coefficient in [-1, 1]; 0 when undefined (a constant
/// prediction or truth), as scikit-learn.
template <class T>
[[nodiscard]] inline double mcc(const binary_counts<T>& c) noexcept {
  const double tp = detail::d(c.tp), fp = detail::d(c.fp), fn = detail::d(c.fn),
               tn = detail::d(c.tn);
  const double pred_pos = detail::d(c.tp + c.fp), pred_neg = detail::d(c.fn + c.tn);
  const double true_pos = detail::d(c.tp + c.fn), true_neg = detail::d(c.fp + c.tn);
  return detail::mcc_from_terms(tp * tn - fp * fn, pred_pos * pred_neg, true_pos * true_neg);
}

// ---------------------------------------------------------------- matrix --

/// trace / total.
template <class T>
[[nodiscard]] double accuracy(const matrix<T>& m, zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(m.trace()), detail::d(m.total()), z, "accuracy");
}

/// Multiclass Matthews correlation coefficient.
template <class T>
[[nodiscard]] double mcc(const matrix<T>& m) noexcept {
  const std::size_t k = m.n_classes();
  std::vector<T> t(k, T{}), p(k, T{});
  T total{};
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      t[i] += m(i, j);
      p[j] += m(i, j);
      total += m(i, j);
    }
  double cov = 0, var_pred = 0, var_true = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const T tp = m(i, i), fp = p[i] - tp, fn = t[i] - tp;
    const T tn = total - t[i] - fp;
    cov += detail::d(tp) * detail::d(tn) - detail::d(fp) * detail::d(fn);
    var_pred += detail::d(p[i]) * detail::d(total - p[i]);
    var_true += detail::d(t[i]) * detail::d(total - t[i]);
  }
  return detail::mcc_from_terms(cov, var_pred, var_true);
}

/// Mean recall over the classes present in truth; with `adjusted`, rescaled
/// so that chance is 0 and perfect is 1. Classes that occur only among the
/// predictions are left out.
template <class T>
[[nodiscard]] double balanced_accuracy(const matrix<T>& m, bool adjust = false) noexcept {
  double sum = 0;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < m.n_classes(); ++i) {
    const double support = detail::d(m.true_count(i));
    if (support == 0) continue;
    sum += detail::d(m(i, i)) / support;
    ++kept;
  }
  if (kept == 0) return detail::nan_v;
  double score = sum / static_cast<double>(kept);
  if (adjust) {
    const double chance = 1.0 / static_cast<double>(kept);
    score = (score - chance) / (1 - chance);
  }
  return score;
}

/// Cohen's kappa: agreement beyond chance, 1 - sum(w C) / sum(w E), where E
/// is the matrix expected from the marginals. `undefined` is returned when a
/// denominator is zero (default NaN).
template <class T>
[[nodiscard]] double cohen_kappa(const matrix<T>& m, kappa_weights weights = kappa_weights::none,
                                 double undefined = detail::nan_v) noexcept {
  const std::size_t k = m.n_classes();
  std::vector<double> col(k, 0.0), row(k, 0.0);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      row[i] += detail::d(m(i, j));
      col[j] += detail::d(m(i, j));
    }
  double total = 0;
  for (double v : col) total += v;
  if (total == 0) return undefined;
  double observed = 0, expected = 0;
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      const double diff = static_cast<double>(i > j ? i - j : j - i);
      const double w = weights == kappa_weights::none     ? (i == j ? 0.0 : 1.0)
                       : weights == kappa_weights::linear ? diff
                                                          : diff * diff;
      observed += w * detail::d(m(i, j));
      // expected cell (i, j) pairs column marginal i with row marginal j
      expected += w * (col[i] * row[j] / total);
    }
  if (expected == 0) return undefined;
  return 1 - observed / expected;
}

/// Cohen's kappa of a binary problem.
template <class T>
[[nodiscard]] double cohen_kappa(const binary_counts<T>& c,
                                 kappa_weights weights = kappa_weights::none,
                                 double undefined = detail::nan_v) {
  matrix<T> m(2);
  m(0, 0) = c.tn;
  m(0, 1) = c.fp;
  m(1, 0) = c.fn;
  m(1, 1) = c.tp;
  return cohen_kappa(m, weights, undefined);
}

// ------------------------------------------------------------- averaging --

/// Mean of per-label values, leaving NaN out; weighted when `weights` is
/// non-null (falling back to the plain mean when the remaining weights sum to
/// zero). NaN when nothing is left.
[[nodiscard]] inline double nan_average(const std::vector<double>& values,
                                        const std::vector<double>* weights = nullptr) noexcept {
  double sum = 0, wsum = 0, plain = 0;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    ++kept;
    plain += values[i];
    if (weights) {
      sum += values[i] * (*weights)[i];
      wsum += (*weights)[i];
    }
  }
  if (kept == 0) return detail::nan_v;
  if (weights && wsum != 0) return sum / wsum;
  return plain / static_cast<double>(kept);
}

TALLY_NAMESPACE_END

#endif // TALLY_METRICS_HPP
