// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/intervals.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

// Reference values:
//  - Newcombe (1998), "Two-sided confidence intervals for the single
//    proportion: comparison of seven methods", Stat. Med. 17:857-872,
//    Table II, methods 3 (Wilson score) and 5 (Clopper-Pearson exact),
//    published to 4 decimals;
//  - the same and further cases to 1e-9 computed independently with SciPy
//    1.10 (scipy.stats.norm.ppf for Wilson's z, scipy.stats.beta.ppf for the
//    Clopper-Pearson bounds);
//  - DeLong: an independent NumPy/SciPy implementation of Sun & Xu's (2014)
//    mid-rank algorithm (scipy.stats.rankdata, numpy.cov), and a brute-force
//    O(m n) computation of the placement values inside this file.

namespace {
struct proportion_case {
  double k, n, level, wilson_lo, wilson_hi, cp_lo, cp_hi;
};
const proportion_case scipy_cases[] = {
    {81, 263, 0.95, 0.25528851987827422, 0.36620957698280004, 0.25273674558527132,
     0.36762192260135146},
    {15, 148, 0.95, 0.062386399530736297, 0.16048724172330803, 0.057844010083448576,
     0.16165049034947901},
    {0, 20, 0.95, 0, 0.16112515805281938, 0, 0.16843347098308531},
    {1, 29, 0.95, 0.0061132142927626532, 0.17175521879320288, 0.0008726468835799228,
     0.1776442954887229},
    {29, 29, 0.95, 0.88303020150025935, 1, 0.88055513093049731, 1},
    {7, 10, 0.90, 0.44169979586983504, 0.87312341609680222, 0.39337578389458766,
     0.9127355660858496},
    {500, 1000, 0.99, 0.45940700521208483, 0.54059299478791512, 0.45885255330704511,
     0.54114744669295489},
};
} // namespace

TEST_CASE("normal quantile") {
  CHECK(tally::detail::normal_quantile(0.975) == doctest::Approx(1.959963984540054).epsilon(1e-14));
  CHECK(tally::detail::normal_quantile(0.995) ==
        doctest::Approx(2.5758293035489004).epsilon(1e-14));
  CHECK(tally::detail::normal_quantile(1e-10) ==
        doctest::Approx(-6.361340902404056).epsilon(1e-12));
  CHECK(tally::detail::normal_quantile(0.5) == doctest::Approx(0.0).epsilon(1e-15));
}

TEST_CASE("Wilson and Clopper-Pearson: Newcombe (1998) Table II, 4 decimals") {
  struct row {
    double k, n, w_lo, w_hi, e_lo, e_hi;
  };
  const row rows[] = {{81, 263, 0.2553, 0.3662, 0.2527, 0.3676},
                      {15, 148, 0.0624, 0.1605, 0.0578, 0.1617},
                      {0, 20, 0.0000, 0.1611, 0.0000, 0.1684},
                      {1, 29, 0.0061, 0.1718, 0.0009, 0.1776},
                      {29, 29, 0.8830, 1.0000, 0.8806, 1.0000}};
  for (const row& r : rows) {
    const tally::interval w = tally::wilson_interval(r.k, r.n);
    const tally::interval e = tally::clopper_pearson_interval(r.k, r.n);
    CHECK(std::fabs(w.lower - r.w_lo) < 0.5e-4);
    CHECK(std::fabs(w.upper - r.w_hi) < 0.5e-4);
    CHECK(std::fabs(e.lower - r.e_lo) < 0.5e-4);
    CHECK(std::fabs(e.upper - r.e_hi) < 0.5e-4);
  }
}

TEST_CASE("Wilson and Clopper-Pearson agree with SciPy to 1e-9") {
  for (const proportion_case& c : scipy_cases) {
    const tally::interval w = tally::wilson_interval(c.k, c.n, c.level);
    const tally::interval e = tally::clopper_pearson_interval(c.k, c.n, c.level);
    CHECK(w.lower == doctest::Approx(c.wilson_lo).epsilon(1e-9));
    CHECK(w.upper == doctest::Approx(c.wilson_hi).epsilon(1e-9));
    CHECK(e.lower == doctest::Approx(c.cp_lo).epsilon(1e-9));
    CHECK(e.upper == doctest::Approx(c.cp_hi).epsilon(1e-9));
    CHECK(std::fabs(w.lower - c.wilson_lo) < 1e-9);
    CHECK(std::fabs(e.lower - c.cp_lo) < 1e-9);
  }
}

TEST_CASE("intervals of confusion-matrix rates") {
  tally::binary_counts<> c;
  c.tp = 81;
  c.fn = 182; // recall 81 / 263
  c.fp = 15;
  c.tn = 133; // specificity 133 / 148
  const auto r = tally::recall_interval(c);
  CHECK(r.lower == doctest::Approx(0.25528851987827422).epsilon(1e-9));
  const auto sp = tally::specificity_interval(c, tally::interval_method::clopper_pearson);
  // 133/148 = 1 - 15/148: the exact interval mirrors that of 15/148
  CHECK(sp.lower == doctest::Approx(1 - 0.16165049034947901).epsilon(1e-9));
  CHECK(sp.upper == doctest::Approx(1 - 0.057844010083448576).epsilon(1e-9));
  const auto p = tally::precision_interval(c); // 81 / 96
  CHECK(p.lower < 81.0 / 96);
  CHECK(p.upper > 81.0 / 96);
  const auto a = tally::accuracy_interval(c, tally::interval_method::wilson, 0.99);
  const auto a95 = tally::accuracy_interval(c);
  CHECK(a.lower < a95.lower);
  CHECK(a.upper > a95.upper);
  tally::binary_counts<> empty;
  CHECK(std::isnan(tally::precision_interval(empty).lower));
}

TEST_CASE("interval arguments are checked") {
  CHECK_THROWS_AS((void)tally::wilson_interval(5, 4), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::wilson_interval(-1, 4), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::clopper_pearson_interval(1, 4, 1.0), std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::wilson_interval(1, 4, 0.0),
                       doctest::Contains("confidence_level"), std::invalid_argument);
}

namespace {
// Brute force placement values: O(m n).
struct brute {
  double auc, var;
};
brute delong_brute(const std::vector<int>& y, const std::vector<double>& s) {
  std::vector<double> pos, neg;
  for (std::size_t i = 0; i < y.size(); ++i) (y[i] == 1 ? pos : neg).push_back(s[i]);
  const double m = static_cast<double>(pos.size()), n = static_cast<double>(neg.size());
  auto psi = [](double x, double z) { return x > z ? 1.0 : (x == z ? 0.5 : 0.0); };
  std::vector<double> v10, v01;
  for (double x : pos) {
    double t = 0;
    for (double z : neg) t += psi(x, z);
    v10.push_back(t / n);
  }
  for (double z : neg) {
    double t = 0;
    for (double x : pos) t += psi(x, z);
    v01.push_back(t / m);
  }
  auto mean = [](const std::vector<double>& v) {
    double t = 0;
    for (double x : v) t += x;
    return t / static_cast<double>(v.size());
  };
  auto var = [&](const std::vector<double>& v) {
    const double mu = mean(v);
    double t = 0;
    for (double x : v) t += (x - mu) * (x - mu);
    return t / static_cast<double>(v.size() - 1);
  };
  return {mean(v10), var(v10) / m + var(v01) / n};
}
} // namespace

TEST_CASE("DeLong AUC variance, interval and paired test") {
  const std::vector<int> y = {0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1};
  const std::vector<double> a = {.1, .4, .35, .8, .2, .7, .6, .65, .9, .3, .3, .55};
  const std::vector<double> b = {.2, .3, .5, .6, .4, .9, .2, .1, .7, .3, .6, .8};
  // SciPy/NumPy mid-rank implementation: aucs [0.81428571428571428, 0.9],
  // covariance [[0.017959183673469..., -0.001853741496598...],
  //             [-0.001853741496598..., 0.010816326530612...]]
  const tally::delong_result r = tally::delong_roc_auc(y, a);
  CHECK(r.auc == doctest::Approx(0.81428571428571428).epsilon(1e-12));
  CHECK(r.variance == doctest::Approx(0.017959183673469391).epsilon(1e-10));
  CHECK(r.lower == doctest::Approx(0.5516272582350573).epsilon(1e-10));
  CHECK(r.upper == 1.0); // 1.0769... clipped
  const tally::delong_test_result t = tally::delong_test(y, a, b);
  CHECK(t.auc_b == doctest::Approx(0.9).epsilon(1e-12));
  CHECK(t.variance == doctest::Approx(0.03248299319727891).epsilon(1e-10));
  CHECK(t.z == doctest::Approx(-0.47558176002786706).epsilon(1e-10));
  CHECK(t.p_value == doctest::Approx(0.6343723725505099).epsilon(1e-10));
  CHECK(t.lower < t.difference);
  CHECK(t.upper > t.difference);
  // a model against itself: no difference
  const tally::delong_test_result same = tally::delong_test(y, a, a);
  CHECK(same.difference == 0.0);
  CHECK(same.p_value == 1.0);
}

TEST_CASE("DeLong matches the brute-force placement values on random data with ties") {
  std::mt19937 rng(17);
  std::uniform_int_distribution<int> score(0, 20);
  for (int rep = 0; rep < 20; ++rep) {
    const std::size_t n = 30 + static_cast<std::size_t>(rep) * 7;
    std::vector<int> y(n);
    std::vector<double> s(n);
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = static_cast<int>(i % 3 == 0);
      s[i] = score(rng) / 20.0 + 0.1 * y[i];
    }
    const brute ref = delong_brute(y, s);
    const tally::delong_result r = tally::delong_roc_auc(y, s, tally::confidence_level(0.9));
    CHECK(r.auc == doctest::Approx(ref.auc).epsilon(1e-12));
    CHECK(r.variance == doctest::Approx(ref.var).epsilon(1e-10));
    CHECK(r.std_error == doctest::Approx(std::sqrt(ref.var)).epsilon(1e-10));
  }
}

TEST_CASE("DeLong input checks") {
  const std::vector<int> one_class = {1, 1, 1};
  const std::vector<double> s = {0.1, 0.2, 0.3};
  CHECK_THROWS_AS((void)tally::delong_roc_auc(one_class, s), std::invalid_argument);
  const std::vector<int> y = {0, 1, 1};
  const std::vector<double> bad = {0.1, NAN, 0.3};
  CHECK_THROWS_WITH_AS((void)tally::delong_roc_auc(y, bad), doctest::Contains("y_score"),
                       std::invalid_argument);
  // a single negative: the variance needs two samples per class
  CHECK(std::isnan(tally::delong_roc_auc(y, s).variance));
  const std::vector<std::string> ys = {"no", "yes", "yes", "no"};
  const std::vector<double> s4 = {0.1, 0.8, 0.4, 0.3};
  CHECK(tally::delong_roc_auc(ys, s4, tally::pos_label("yes")).auc == 1.0);
}
