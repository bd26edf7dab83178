// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_INTERVALS_HPP
#define TALLY_INTERVALS_HPP

// Uncertainty of classification metrics.
//
//   delong_roc_auc(y_true, y_score, opts...)   ROC AUC with DeLong's variance
//                                              and a normal confidence interval
//   delong_test(y_true, score_a, score_b, ...) paired DeLong test of two
//                                              models scored on the same samples
//   wilson_interval(k, n, level)               Wilson score interval
//   clopper_pearson_interval(k, n, level)      exact (beta) interval
//   accuracy_interval(c, method, level), precision_interval, recall_interval,
//   specificity_interval                       the same for rates of a
//                                              binary confusion matrix
//
// DeLong et al. (1988), computed with placement values: for a positive x,
// V10(x) = (#negatives below x + 1/2 #negatives tied with x) / n_neg; for a
// negative y, V01(y) = (#positives above y + 1/2 #tied) / n_pos. AUC =
// mean V10 = mean V01; Var(AUC) = s10^2 / n_pos + s01^2 / n_neg with sample
// variances (denominator count - 1). The interval is AUC -/+ z sd, clipped to
// [0, 1]; it needs at least two samples of each class (else NaN). The paired
// test uses the 2 x 2 covariances of the placement values of both models:
// z = (AUC_a - AUC_b) / sd(AUC_a - AUC_b), two-sided p = erfc(|z| / sqrt 2).
// Sample weights are not supported here.

#include "config.hpp"
#include "counts.hpp"
#include "detail/error.hpp"
#include "detail/score_input.hpp"
#include "detail/traits.hpp"
#include "options.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {
struct confidence_level_kind {};
} // namespace detail

/// Two-sided confidence level of an interval, in (0, 1) (default 0.95).
struct confidence_level {
  using option_kind = detail::confidence_level_kind;
  double value = 0.95;
  constexpr explicit confidence_level(double v) noexcept : value(v) {}
};

/// How a binomial proportion's interval is computed.
enum class interval_method { wilson, clopper_pearson };

/// A closed interval [lower, upper].
struct interval {
  double lower = 0;
  double upper = 0;
};

/// delong_roc_auc's result.
struct delong_result {
  double auc = 0;
  double variance = 0;  ///< DeLong variance of the AUC
  double std_error = 0; ///< its square root
  double lower = 0;     ///< confidence interval, clipped to [0, 1]
  double upper = 0;
};

/// delong_test's result.
struct delong_test_result {
  double auc_a = 0;
  double auc_b = 0;
  double difference = 0; ///< auc_a - auc_b
  double variance = 0;   ///< variance of the difference
  double z = 0;
  double p_value = 0; ///< two-sided
  double lower = 0;   ///< confidence interval of the difference
  double upper = 0;
};

namespace detail {

inline void check_level(double level) {
  if (!(level > 0.0 && level < 1.0))
    throw_invalid_argument("confidence_level must be in (0, 1), got " + to_text(level));
}

/// Standard normal quantile: Acklam's rational approximation refined by one
/// Halley step on erfc (close to full double precision).
inline double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) {
    if (p == 0.0) return -std::numeric_limits<double>::infinity();
    if (p == 1.0) return std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double plow = 0.02425;
  double x;
  if (p < plow) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double sqrt2pi = 2.5066282746310002;
  for (int it = 0; it < 2; ++it) {
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = e * sqrt2pi * std::exp(x * x / 2);
    x = x - u / (1 + x * u / 2);
  }
  return x;
}

// Continued fraction of the regularized incomplete beta (modified Lentz).
inline double beta_cf(double a, double b, double x) {
  const double tiny = 1e-300;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double dm = static_cast<double>(m);
    const double m2 = 2 * dm;
    double aa = dm * (b - dm) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < 1e-16) break;
  }
  return h;
}

/// Regularized incomplete beta function I_x(a, b), a, b > 0.
inline double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double lfront =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return std::exp(lfront) * beta_cf(a, b, x) / a;
  return 1 - std::exp(lfront) * beta_cf(b, a, 1 - x) / b;
}

/// Quantile of the Beta(a, b) distribution (bisection to full precision).
inline double beta_quantile(double p, double a, double b) {
  double lo = 0, hi = 1;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (incomplete_beta(a, b, mid) < p)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

inline void check_proportion(double k, double n) {
  if (!(n >= 0) || !(k >= 0) || k > n || !std::isfinite(n))
    throw_invalid_argument("a proportion needs 0 <= successes <= trials, got successes " +
                           to_text(k) + ", trials " + to_text(n));
}

// Sample covariance (denominator count - 1) of two equally long arrays.
inline double sample_cov(const std::vector<double>& u, const std::vector<double>& v) {
  const std::size_t n = u.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  double mu = 0, mv = 0;
  for (std::size_t i = 0; i < n; ++i) mu += u[i], mv += v[i];
  mu /= static_cast<double>(n);
  mv /= static_cast<double>(n);
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += (u[i] - mu) * (v[i] - mv);
  return s / static_cast<double>(n - 1);
}

// Placement values of one model: V10 for the positives, V01 for the negatives.
struct placements {
  std::vector<double> v10, v01;
  double auc = 0;
};

template <class T>
placements delong_placements(const T* s, const std::vector<std::uint8_t>& y) {
  std::vector<double> pos, neg;
  for (std::size_t i = 0; i < y.size(); ++i)
    (y[i] ? pos : neg).push_back(static_cast<double>(s[i]));
  std::vector<double> sp(pos), sn(neg);
  std::sort(sp.begin(), sp.end());
  std::sort(sn.begin(), sn.end());
  placements pl;
  const double m = static_cast<double>(pos.size()), n = static_cast<double>(neg.size());
  for (double x : pos) {
    const auto below = std::lower_bound(sn.begin(), sn.end(), x) - sn.begin();
    const auto upto = std::upper_bound(sn.begin(), sn.end(), x) - sn.begin();
    pl.v10.push_back((static_cast<double>(below) + 0.5 * static_cast<double>(upto - below)) / n);
  }
  for (double x : neg) {
    const auto below = std::lower_bound(sp.begin(), sp.end(), x) - sp.begin();
    const auto upto = std::upper_bound(sp.begin(), sp.end(), x) - sp.begin();
    const double above = static_cast<double>(sp.end() - sp.begin() - upto);
    pl.v01.push_back((above + 0.5 * static_cast<double>(upto - below)) / m);
  }
  double sum = 0;
  for (double v : pl.v10) sum += v;
  pl.auc = sum / m;
  return pl;
}

// Positive flags: pos_label if given, else the greater of two labels.
template <class Y, class... Opts>
std::vector<std::uint8_t> delong_flags(const Y& y_true, const char* fn, const Opts&... opts) {
  const auto y = adapt_labels(y_true, "y_true");
  check_not_empty("y_true", y.size());
  if (y.distinct.size() != 2)
    throw_invalid_argument(std::string(fn) + ": y_true must hold exactly two classes, got " +
                           labels_text(y.distinct));
  std::vector<std::uint8_t> f(y.size());
  if constexpr (has_option_v<pos_label_kind, Opts...>) {
    const auto& pos = get_option<pos_label_kind>(0, opts...).value;
    for (std::size_t i = 0; i < y.size(); ++i)
      f[i] = static_cast<std::uint8_t>(same_label(y.values[i], pos));
  } else {
    for (std::size_t i = 0; i < y.size(); ++i)
      f[i] = static_cast<std::uint8_t>(y.values[i] == y.distinct[1]);
  }
  return f;
}

inline interval normal_interval(double center, double variance, double level, double lo,
                                double hi) {
  if (std::isnan(variance) || std::isnan(center))
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  const double z = normal_quantile(0.5 + level / 2);
  const double sd = std::sqrt(variance);
  return {(std::max)(lo, center - z * sd), (std::min)(hi, center + z * sd)};
}

} // namespace detail

/// Wilson score interval of a binomial proportion k / n at the given
/// two-sided confidence level. n == 0 gives [NaN, NaN].
[[nodiscard]] inline interval wilson_interval(double successes, double trials,
                                              double level = 0.95) {
  detail::check_level(level);
  detail::check_proportion(successes, trials);
  if (trials == 0)
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  const double z = detail::normal_quantile(0.5 + level / 2);
  const double p = successes / trials, z2 = z * z;
  const double den = 1 + z2 / trials;
  const double center = (p + z2 / (2 * trials)) / den;
  const double half = z / den * std::sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials));
  return {(std::max)(0.0, center - half), (std::min)(1.0, center + half)};
}

/// Clopper-Pearson ("exact") interval: beta quantiles, 0 / 1 at the ends.
/// n == 0 gives [NaN, NaN].
[[nodiscard]] inline interval clopper_pearson_interval(double successes, double trials,
                                                       double level = 0.95) {
  detail::check_level(level);
  detail::check_proportion(successes, trials);
  if (trials == 0)
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  const double alpha = 1 - level;
  const double lo =
      successes == 0 ? 0.0 : detail::beta_quantile(alpha / 2, successes, trials - successes + 1);
  const double hi = successes == trials
                        ? 1.0
                        : detail::beta_quantile(1 - alpha / 2, successes + 1, trials - successes);
  return {lo, hi};
}

/// Interval of a proportion by the chosen method.
[[nodiscard]] inline interval proportion_interval(double successes, double trials,
                                                  interval_method method = interval_method::wilson,
                                                  double level = 0.95) {
  return method == interval_method::wilson ? wilson_interval(successes, trials, level)
                                           : clopper_pearson_interval(successes, trials, level);
}

/// Accuracy (tp + tn) / total.
template <class T>
[[nodiscard]] interval accuracy_interval(const binary_counts<T>& c,
                                         interval_method method = interval_method::wilson,
                                         double level = 0.95) {
  return proportion_interval(static_cast<double>(c.tp + c.tn), static_cast<double>(c.total()),
                             method, level);
}
/// Precision tp / (tp + fp).
template <class T>
[[nodiscard]] interval precision_interval(const binary_counts<T>& c,
                                          interval_method method = interval_method::wilson,
                                          double level = 0.95) {
  return proportion_interval(static_cast<double>(c.tp), static_cast<double>(c.tp + c.fp), method,
                             level);
}
/// Recall (sensitivity) tp / (tp + fn).
template <class T>
[[nodiscard]] interval recall_interval(const binary_counts<T>& c,
                                       interval_method method = interval_method::wilson,
                                       double level = 0.95) {
  return proportion_interval(static_cast<double>(c.tp), static_cast<double>(c.tp + c.fn), method,
                             level);
}
/// Specificity tn / (tn + fp).
template <class T>
[[nodiscard]] interval specificity_interval(const binary_counts<T>& c,
                                            interval_method method = interval_method::wilson,
                                            double level = 0.95) {
  return proportion_interval(static_cast<double>(c.tn), static_cast<double>(c.tn + c.fp), method,
                             level);
}

/// Binary ROC AUC with DeLong's variance and confidence interval. The
/// positive class is pos_label if given, else the greater label. Options:
/// pos_label, confidence_level (default 0.95).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] delong_result delong_roc_auc(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("delong_roc_auc", Opts, detail::pos_label_kind,
                             detail::confidence_level_kind);
  const double level =
      detail::get_option<detail::confidence_level_kind>(confidence_level(0.95), opts...).value;
  detail::check_level(level);
  const auto flags = detail::delong_flags(y_true, "delong_roc_auc", opts...);
  auto s = detail::adapt_scores(y_score, "y_score");
  detail::check_same_length("y_true", flags.size(), "y_score", s.size());
  detail::check_finite("y_score", s.data(), s.size());
  const detail::placements pl = detail::delong_placements(s.data(), flags);
  delong_result r;
  r.auc = pl.auc;
  r.variance = detail::sample_cov(pl.v10, pl.v10) / static_cast<double>(pl.v10.size()) +
               detail::sample_cov(pl.v01, pl.v01) / static_cast<double>(pl.v01.size());
  r.std_error = std::sqrt(r.variance);
  const interval ci = detail::normal_interval(r.auc, r.variance, level, 0.0, 1.0);
  r.lower = ci.lower;
  r.upper = ci.upper;
  return r;
}

/// Paired DeLong test of H0: AUC_a == AUC_b for two score vectors of the
/// same samples. Options: pos_label, confidence_level (for the interval of
/// the difference, not clipped).
template <class Y, class SA, class SB, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] delong_test_result delong_test(const Y& y_true, const SA& score_a, const SB& score_b,
                                             const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("delong_test", Opts, detail::pos_label_kind,
                             detail::confidence_level_kind);
  const double level =
      detail::get_option<detail::confidence_level_kind>(confidence_level(0.95), opts...).value;
  detail::check_level(level);
  const auto flags = detail::delong_flags(y_true, "delong_test", opts...);
  auto a = detail::adapt_scores(score_a, "score_a");
  auto b = detail::adapt_scores(score_b, "score_b");
  detail::check_same_length("y_true", flags.size(), "score_a", a.size());
  detail::check_same_length("y_true", flags.size(), "score_b", b.size());
  detail::check_finite("score_a", a.data(), a.size());
  detail::check_finite("score_b", b.data(), b.size());
  const detail::placements pa = detail::delong_placements(a.data(), flags);
  const detail::placements pb = detail::delong_placements(b.data(), flags);
  const double m = static_cast<double>(pa.v10.size()), n = static_cast<double>(pa.v01.size());
  const double var10 = detail::sample_cov(pa.v10, pa.v10) + detail::sample_cov(pb.v10, pb.v10) -
                       2 * detail::sample_cov(pa.v10, pb.v10);
  const double var01 = detail::sample_cov(pa.v01, pa.v01) + detail::sample_cov(pb.v01, pb.v01) -
                       2 * detail::sample_cov(pa.v01, pb.v01);
  delong_test_result r;
  r.auc_a = pa.auc;
  r.auc_b = pb.auc;
  r.difference = pa.auc - pb.auc;
  r.variance = var10 / m + var01 / n;
  if (r.variance > 0) {
    r.z = r.difference / std::sqrt(r.variance);
    r.p_value = std::erfc(std::fabs(r.z) / std::sqrt(2.0));
  } else {
    // identical placements: no evidence of a difference
    r.z = r.difference == 0 ? 0.0 : std::numeric_limits<double>::quiet_NaN();
    r.p_value = r.difference == 0 ? 1.0 : std::numeric_limits<double>::quiet_NaN();
  }
  const interval ci =
      detail::normal_interval(r.difference, (std::max)(0.0, r.variance), level, -1.0, 1.0);
  r.lower = ci.lower;
  r.upper = ci.upper;
  return r;
}

// fn(first1, last1, first2, last2, options...)
TALLY_DETAIL_ITERATOR_FORM(delong_roc_auc)

/// delong_test(first_true, last_true, first_a, last_a, first_b, last_b,
/// options...)
template <class It1, class S1, class ItA, class SA, class ItB, class SB, class... Opts,
          std::enable_if_t<detail::is_iterator_v<It1> && detail::is_iterator_v<ItA> &&
                               detail::is_iterator_v<ItB>,
                           int> = 0>
[[nodiscard]] delong_test_result delong_test(It1 first_true, S1 last_true, ItA first_a, SA last_a,
                                             ItB first_b, SB last_b, const Opts&... opts) {
  return delong_test(detail::make_subrange(first_true, last_true),
                     detail::make_subrange(first_a, last_a), detail::make_subrange(first_b, last_b),
                     opts...);
}

TALLY_NAMESPACE_END

#endif // TALLY_INTERVALS_HPP
