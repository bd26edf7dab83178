// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/calibration.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

// Expected values: scikit-learn's documentation example, the reference notes
// (bin edges), or per-bin arithmetic done by hand in comments.

TEST_CASE("calibration_curve") {
  const std::vector<int> y = {0, 0, 0, 0, 1, 1, 1, 1, 1};
  const std::vector<double> p = {0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.};
  // documentation: prob_true [0, 0.5, 1], prob_pred [0.2, 0.525, 0.85]
  const auto r = tally::calibration_curve(y, p, tally::n_bins(3));
  REQUIRE(r.prob_true.size() == 3);
  CHECK(r.prob_true[0] == 0.0);
  CHECK(r.prob_true[1] == 0.5);
  CHECK(r.prob_true[2] == 1.0);
  CHECK(r.prob_pred[0] == doctest::Approx(0.2).epsilon(1e-15));
  CHECK(r.prob_pred[1] == doctest::Approx(0.525).epsilon(1e-15));
  CHECK(r.prob_pred[2] == doctest::Approx(0.85).epsilon(1e-15));
  // quantile bins, 4: edges at the 0/25/50/75/100th percentiles
  // (0.1, 0.3, 0.65, 0.8, 1.0) -> bins {.1,.2,.3} {.4,.65} {.7,.8} {.9,1}
  const auto q = tally::calibration_curve(y, p, tally::n_bins(4), tally::strategy::quantile);
  REQUIRE(q.prob_true.size() == 4);
  CHECK(q.prob_true[1] == 0.5);
  CHECK(q.prob_pred[1] == doctest::Approx(0.525));
  CHECK(q.prob_pred[3] == doctest::Approx(0.95));
}

TEST_CASE("calibration bins are closed on the right") {
  // reference notes: with 5 uniform bins, 0.4 lands in (0.2, 0.4] and
  // 0.4000001 in the next bin
  const std::vector<int> y = {1, 0};
  const auto a = tally::calibration_curve(y, std::vector<double>{0.4, 0.3}, tally::n_bins(5));
  CHECK(a.prob_true.size() == 1); // same bin
  const auto b = tally::calibration_curve(y, std::vector<double>{0.4000001, 0.3}, tally::n_bins(5));
  CHECK(b.prob_true.size() == 2);
  // 0 is in the first bin, 1 in the last; empty bins are omitted
  const auto c = tally::calibration_curve(y, std::vector<double>{1.0, 0.0}, tally::n_bins(10));
  REQUIRE(c.prob_pred.size() == 2);
  CHECK(c.prob_pred[0] == 0.0);
  CHECK(c.prob_pred[1] == 1.0);
  // 0.3 with 10 uniform bins: the edge is 3 * 0.1 = 0.30000000000000004, so
  // 0.3 is in the bin ending there, with 0.25
  const auto d = tally::calibration_curve(y, std::vector<double>{0.3, 0.25}, tally::n_bins(10));
  CHECK(d.prob_pred.size() == 1);
}

TEST_CASE("calibration_curve input") {
  const std::vector<std::string> ys = {"no", "yes", "yes"};
  const std::vector<double> p = {0.2, 0.7, 0.9};
  // 5 bins: 0.2 in [0, 0.2], 0.7 in (0.6, 0.8], 0.9 in (0.8, 1]
  const auto r = tally::calibration_curve(ys, p, tally::pos_label("yes"));
  CHECK(r.prob_true == std::vector<double>{0, 1, 1});
  CHECK_THROWS_AS((void)tally::calibration_curve(ys, p), std::invalid_argument);
  const std::vector<int> y = {0, 1, 1};
  CHECK_THROWS_WITH_AS((void)tally::calibration_curve(y, std::vector<double>{0.2, 1.2, 0.5}),
                       doctest::Contains("y_prob"), std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::calibration_curve(y, p, tally::n_bins(0)),
                       doctest::Contains("n_bins"), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::calibration_curve(std::vector<int>{0, 1, 2}, p),
                  std::invalid_argument);
  CHECK_THROWS_AS((void)tally::calibration_curve(y, std::vector<double>{0.2, std::nan(""), 0.5}),
                  std::invalid_argument);
}

TEST_CASE("expected and maximum calibration error") {
  const std::vector<int> y = {0, 0, 1, 1, 1, 0};
  const std::vector<double> p = {0.1, 0.3, 0.35, 0.8, 0.9, 0.7};
  // 2 uniform bins [0, 0.5], (0.5, 1]:
  //   bin 1: p .1 .3 .35 -> conf .25, acc 1/3, gap 1/12
  //   bin 2: p .8 .9 .7  -> conf .8,  acc 2/3, gap 2/15
  const double g1 = 1.0 / 12, g2 = 2.0 / 15;
  CHECK(tally::calibration_error(y, p, tally::n_bins(2)) ==
        doctest::Approx(0.5 * g1 + 0.5 * g2).epsilon(1e-14));
  CHECK(tally::calibration_error(y, p, tally::n_bins(2), tally::calibration_norm::l2) ==
        doctest::Approx(std::sqrt(0.5 * g1 * g1 + 0.5 * g2 * g2)).epsilon(1e-14));
  CHECK(tally::calibration_error(y, p, tally::n_bins(2), tally::calibration_norm::max) ==
        doctest::Approx(g2).epsilon(1e-14));
  // weights: bin 2 counts three times more
  CHECK(
      tally::calibration_error(y, p, tally::n_bins(2), tally::sample_weight({1, 1, 1, 3, 3, 3})) ==
      doctest::Approx(0.25 * g1 + 0.75 * g2).epsilon(1e-14));
  // perfectly calibrated: 0
  CHECK(tally::calibration_error(std::vector<int>{0, 1}, std::vector<double>{0.5, 0.5},
                                 tally::n_bins(4)) == 0.0);
  // multiclass top-label: confidences .6 (right), .5 (wrong), .9 (right)
  const std::vector<int> ym = {0, 1, 2};
  const std::vector<std::vector<double>> pm = {{.6, .3, .1}, {.5, .2, .3}, {.05, .05, .9}};
  // 2 bins: [0, .5] holds .5 (wrong): gap .5; (.5, 1] holds .6 and .9
  // (both right): conf .75, gap .25
  CHECK(tally::calibration_error(ym, pm, tally::n_bins(2)) ==
        doctest::Approx(1.0 / 3 * 0.5 + 2.0 / 3 * 0.25).epsilon(1e-14));
  CHECK_THROWS_AS((void)tally::calibration_error(ym, pm, tally::labels({0, 1})),
                  std::invalid_argument);
}
