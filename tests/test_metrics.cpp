// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/metrics.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace {
// The matrix behind a classifier that reported recall 0.8914, precision
// 0.7007, F1 0.7846 and accuracy 0.7035 on 2098 test samples.
constexpr tally::binary_counts<> gap{1133, 484, 138, 343};
} // namespace

TEST_CASE("binary metrics of the accuracy-versus-F1 matrix") {
  CHECK(tally::accuracy(gap) == doctest::Approx(1476.0 / 2098).epsilon(1e-15));
  CHECK(tally::accuracy(gap) == doctest::Approx(0.70352716873).epsilon(1e-10));
  CHECK(tally::precision(gap) == doctest::Approx(0.70068027210).epsilon(1e-10));
  CHECK(tally::recall(gap) == doctest::Approx(0.89142407553).epsilon(1e-10));
  CHECK(tally::f1(gap) == doctest::Approx(0.78462603878).epsilon(1e-10));
  CHECK(tally::mcc(gap) == doctest::Approx(0.35593393724).epsilon(1e-10));
  CHECK(tally::specificity(gap) == doctest::Approx(343.0 / 827));
  CHECK(tally::npv(gap) == doctest::Approx(343.0 / 481));
  CHECK(tally::fpr(gap) == doctest::Approx(484.0 / 827));
  CHECK(tally::fnr(gap) == doctest::Approx(138.0 / 1271));
  CHECK(tally::fdr(gap) == doctest::Approx(484.0 / 1617));
  CHECK(tally::false_omission_rate(gap) == doctest::Approx(138.0 / 481));
  CHECK(tally::prevalence(gap) == doctest::Approx(1271.0 / 2098));
  CHECK(tally::jaccard(gap) == doctest::Approx(1133.0 / (1133 + 484 + 138)));
  CHECK(tally::balanced_accuracy(gap) == doctest::Approx((1133.0 / 1271 + 343.0 / 827) / 2));
  CHECK(tally::informedness(gap) == doctest::Approx(1133.0 / 1271 + 343.0 / 827 - 1));
  CHECK(tally::youden_j(gap) == tally::informedness(gap));
  CHECK(tally::markedness(gap) == doctest::Approx(1133.0 / 1617 + 343.0 / 481 - 1));
  CHECK(tally::zero_one_loss(gap) == doctest::Approx(1 - tally::accuracy(gap)));
  CHECK(tally::positive_likelihood_ratio(gap) == doctest::Approx((1133.0 / 1271) / (484.0 / 827)));
  CHECK(tally::negative_likelihood_ratio(gap) == doctest::Approx((138.0 / 1271) / (343.0 / 827)));
  CHECK(tally::fowlkes_mallows(gap) == doctest::Approx(std::sqrt(1133.0 / 1617 * 1133.0 / 1271)));
}

TEST_CASE("F1 never depends on true negatives; accuracy does") {
  tally::binary_counts<> more_tn = gap;
  more_tn.tn += 10000;
  CHECK(tally::f1(more_tn) == tally::f1(gap));
  CHECK(tally::precision(more_tn) == tally::precision(gap));
  CHECK(tally::recall(more_tn) == tally::recall(gap));
  CHECK(tally::accuracy(more_tn) > tally::accuracy(gap));
  CHECK(tally::mcc(more_tn) != tally::mcc(gap));
}

TEST_CASE("metrics are constexpr") {
  static_assert(tally::precision(gap) > 0.7 && tally::precision(gap) < 0.71);
  static_assert(tally::f1(tally::binary_counts<>{1, 1, 0, 0}) == 2.0 / 3);
  static_assert(gap.total() == 2098);
  CHECK(true);
}

TEST_CASE("F-beta from counts") {
  const tally::binary_counts<> c{3, 1, 2, 4};
  CHECK(tally::fbeta(c, 1.0) == doctest::Approx(tally::f1(c)));
  CHECK(tally::fbeta(c, 2.0) == doctest::Approx(5.0 * 3 / (4.0 * 5 + 4)));
  CHECK(tally::fbeta(c, 0.5) == doctest::Approx(1.25 * 3 / (0.25 * 5 + 4)));
  CHECK(tally::fbeta(c, 0.0) == tally::precision(c));
  CHECK(tally::fbeta(c, std::numeric_limits<double>::infinity()) == tally::recall(c));
  CHECK_THROWS_AS((void)tally::fbeta(c, -1.0), std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::fbeta(c, std::nan("")), "beta must be >= 0, got nan",
                       std::invalid_argument);
}

TEST_CASE("zero division policies") {
  const tally::binary_counts<> none_predicted{0, 0, 5, 5};
  using z = tally::zero_division;
  CHECK(tally::precision(none_predicted) == 0.0);
  CHECK(tally::precision(none_predicted, z::zero) == 0.0);
  CHECK(tally::precision(none_predicted, z::one) == 1.0);
  CHECK(std::isnan(tally::precision(none_predicted, z::nan)));
  CHECK_THROWS_AS((void)tally::precision(none_predicted, z::raise), std::domain_error);
  // F is defined (0) when only predictions are missing
  CHECK(tally::f1(none_predicted, z::one) == 0.0);
  CHECK(tally::f1(none_predicted, z::nan) == 0.0);
  // ... and undefined when nothing is positive at all
  const tally::binary_counts<> all_negative{0, 0, 0, 7};
  CHECK(tally::f1(all_negative, z::one) == 1.0);
  CHECK(std::isnan(tally::f1(all_negative, z::nan)));
  CHECK(tally::f1(all_negative) == 0.0);
  CHECK(tally::recall(all_negative, z::one) == 1.0);
  CHECK(tally::specificity(all_negative) == 1.0);
  CHECK(std::isnan(tally::positive_likelihood_ratio(all_negative)));
}

TEST_CASE("MCC: degenerate and extreme") {
  CHECK(tally::mcc(tally::binary_counts<>{3, 0, 0, 0}) == 0.0); // constant truth = prediction
  CHECK(tally::mcc(tally::binary_counts<>{0, 2, 2, 0}) == doctest::Approx(-1.0));
  CHECK(tally::mcc(tally::binary_counts<>{5, 0, 0, 5}) == doctest::Approx(1.0));
  // counts near 2^63 must not overflow
  const std::uint64_t big = std::uint64_t{1} << 61;
  const tally::binary_counts<> huge{big, big / 2, big / 4, big};
  const double m = tally::mcc(huge);
  const tally::binary_counts<> small{8, 4, 2, 8};
  CHECK(std::isfinite(m));
  CHECK(m == doctest::Approx(tally::mcc(small)).epsilon(1e-12));
  CHECK(tally::cohen_kappa(huge) == doctest::Approx(tally::cohen_kappa(small)).epsilon(1e-12));
}

TEST_CASE("multiclass MCC, kappa and balanced accuracy from a matrix") {
  // a = [0,1,2,2,1,0,2], b = [0,2,2,1,1,0,0]
  tally::matrix<> m(3);
  m(0, 0) = 2;
  m(1, 1) = 1;
  m(1, 2) = 1;
  m(2, 0) = 1;
  m(2, 1) = 1;
  m(2, 2) = 1;
  CHECK(tally::cohen_kappa(m) == doctest::Approx(0.36363636363636365));
  CHECK(tally::cohen_kappa(m, tally::kappa_weights::linear) == doctest::Approx(0.391304347826087));
  CHECK(tally::cohen_kappa(m, tally::kappa_weights::quadratic) ==
        doctest::Approx(0.4166666666666667));
  CHECK(tally::accuracy(m) == doctest::Approx(4.0 / 7));
  // MCC by the covariance definition, computed independently
  double t[3] = {2, 2, 3}, p[3] = {3, 2, 2}, c = 4, s = 7;
  const double cov = c * s - (t[0] * p[0] + t[1] * p[1] + t[2] * p[2]);
  const double vp = s * s - (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
  const double vt = s * s - (t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
  CHECK(tally::mcc(m) == doctest::Approx(cov / std::sqrt(vp * vt)));
  CHECK(tally::balanced_accuracy(m) == doctest::Approx((1.0 + 0.5 + 1.0 / 3) / 3));
  CHECK(tally::balanced_accuracy(m, true) ==
        doctest::Approx(((1.0 + 0.5 + 1.0 / 3) / 3 - 1.0 / 3) / (1 - 1.0 / 3)));
  // binary counts and their 2x2 matrix agree
  tally::matrix<> two(2);
  two(0, 0) = gap.tn;
  two(0, 1) = gap.fp;
  two(1, 0) = gap.fn;
  two(1, 1) = gap.tp;
  CHECK(tally::mcc(two) == doctest::Approx(tally::mcc(gap)).epsilon(1e-14));
  CHECK(tally::cohen_kappa(two) == doctest::Approx(tally::cohen_kappa(gap)));
  CHECK(two.one_vs_rest(1) == gap);
}

TEST_CASE("kappa undefined value") {
  tally::matrix<> m(2);
  CHECK(std::isnan(tally::cohen_kappa(m)));
  CHECK(tally::cohen_kappa(m, tally::kappa_weights::none, 0.25) == 0.25);
  m(1, 1) = 4; // one label only: expected disagreement is zero
  CHECK(std::isnan(tally::cohen_kappa(m)));
}

TEST_CASE("nan_average leaves NaN out and falls back on zero weights") {
  const double nan = std::nan("");
  CHECK(tally::nan_average({1.0, nan, 0.0}) == 0.5);
  CHECK(std::isnan(tally::nan_average({nan, nan})));
  CHECK(std::isnan(tally::nan_average({})));
  const std::vector<double> w{3.0, 1.0, 1.0};
  CHECK(tally::nan_average({1.0, nan, 0.0}, &w) == 0.75);
  const std::vector<double> zero{0.0, 0.0};
  CHECK(tally::nan_average({1.0, 0.0}, &zero) == 0.5);
}

TEST_CASE_TEMPLATE("weighted counts score like integer counts", T, double, float) {
  const tally::binary_counts<T> c{T(1133), T(484), T(138), T(343)};
  CHECK(tally::f1(c) == doctest::Approx(tally::f1(gap)));
  CHECK(tally::mcc(c) == doctest::Approx(tally::mcc(gap)));
}
