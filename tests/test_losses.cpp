// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/losses.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

// Expected values: scikit-learn's documentation examples, the reference
// notes (scikit-learn 1.2.1 runs), or arithmetic done by hand in comments.

TEST_CASE("log_loss") {
  const std::vector<int> y = {0, 1, 1};
  const std::vector<std::vector<double>> p = {{.9, .1}, {.2, .8}, {0, 1}};
  CHECK(tally::log_loss(y, p) == doctest::Approx(0.10950135565734541).epsilon(1e-14));
  // documentation: strings, columns in sorted label order ("ham", "spam")
  const std::vector<std::string> ys = {"spam", "ham", "ham", "spam"};
  const std::vector<double> ps = {.1, .9, .9, .1, .8, .2, .35, .65};
  CHECK(tally::log_loss(ys, tally::row_major(ps, 2)) ==
        doctest::Approx(0.21616187468057912).epsilon(1e-14));
  // 1-D input is P(greater label)
  CHECK(tally::log_loss(y, std::vector<double>{.1, .8, 1.0}) ==
        doctest::Approx(0.10950135565734541).epsilon(1e-14));
  // a confident wrong prediction is clipped at eps: -log(2.220446e-16)
  CHECK(tally::log_loss(std::vector<int>{0, 1}, std::vector<double>{1.0, 1.0}) ==
        doctest::Approx(36.04365338911715 / 2).epsilon(1e-12));
  // weights and normalize (hand: -log of the true-class probabilities
  // .7, .8, .4, .3 with weights 1, 2, 1, .5)
  const std::vector<int> y3 = {0, 2, 1, 2};
  const std::vector<double> p3 = {.7, .2, .1, .1, .1, .8, .3, .4, .3, .2, .5, .3};
  const double l[] = {-std::log(.7), -std::log(.8), -std::log(.4), -std::log(.3)};
  CHECK(tally::log_loss(y3, tally::row_major(p3, 3), tally::sample_weight({1, 2, 1, .5})) ==
        doctest::Approx((l[0] + 2 * l[1] + l[2] + .5 * l[3]) / 4.5).epsilon(1e-14));
  CHECK(tally::log_loss(y3, tally::row_major(p3, 3), tally::normalized(false)) ==
        doctest::Approx(l[0] + l[1] + l[2] + l[3]).epsilon(1e-14));
  // labels: a class absent from y_true
  const std::vector<int> y2 = {0, 2};
  const std::vector<double> p2 = {.8, .1, .1, .2, .2, .6};
  CHECK(tally::log_loss(y2, tally::row_major(p2, 3), tally::labels({0, 1, 2})) ==
        doctest::Approx((-std::log(.8) - std::log(.6)) / 2).epsilon(1e-14));
  CHECK_THROWS_AS((void)tally::log_loss(y2, tally::row_major(p2, 3)), std::invalid_argument);
  // float input is computed in float: clipping at float's epsilon
  const std::vector<float> pf = {1.0f, 1.0f};
  CHECK(tally::log_loss(std::vector<int>{0, 1}, pf) ==
        doctest::Approx(-std::log(static_cast<double>(std::numeric_limits<float>::epsilon())) / 2)
            .epsilon(1e-6));
}

TEST_CASE("log_loss rejects bad input") {
  const std::vector<int> y = {0, 1};
  CHECK_THROWS_WITH_AS((void)tally::log_loss(y, std::vector<double>{0.5, 1.5}),
                       doctest::Contains("y_proba"), std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::log_loss(y, std::vector<double>{-0.1, 0.5}),
                       doctest::Contains("[0, 1]"), std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::log_loss(y, std::vector<double>{std::nan(""), 0.5}),
                       doctest::Contains("y_proba"), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::log_loss(std::vector<int>{1, 1}, std::vector<double>{.5, .5}),
                  std::invalid_argument); // one label
  CHECK_THROWS_AS((void)tally::log_loss(y, std::vector<double>{.5}), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::log_loss(std::vector<int>{0, 1, 2},
                                        tally::row_major(std::vector<double>(6, .5), 2)),
                  std::invalid_argument); // width disagrees with the labels
  CHECK_THROWS_AS((void)tally::log_loss(std::vector<int>{0, 1, 3},
                                        tally::row_major(std::vector<double>(9, 1.0 / 3), 3),
                                        tally::labels({0, 1, 2})),
                  std::invalid_argument); // y_true outside labels
  // rows not summing to one are accepted (scikit-learn only warns)
  CHECK(tally::log_loss(y, tally::row_major(std::vector<double>{.5, .2, .1, .3}, 2)) ==
        doctest::Approx((-std::log(.5) - std::log(.3)) / 2));
}

TEST_CASE("brier_score_loss") {
  const std::vector<int> y = {0, 1, 1, 0};
  const std::vector<double> p = {.1, .9, .8, .3};
  // documentation: 0.0375, pos_label=0 on 1 - p, strings, unhalved 0.075
  CHECK(tally::brier_score_loss(y, p) == doctest::Approx(0.0375).epsilon(1e-14));
  CHECK(tally::brier_score_loss(y, std::vector<double>{.9, .1, .2, .7}, tally::pos_label(0)) ==
        doctest::Approx(0.0375).epsilon(1e-14));
  const std::vector<std::string> ys = {"spam", "ham", "ham", "spam"};
  CHECK(tally::brier_score_loss(ys, p, tally::pos_label("ham")) ==
        doctest::Approx(0.0375).epsilon(1e-14));
  CHECK(tally::brier_score_loss(y, p, tally::scale_by_half(false)) ==
        doctest::Approx(0.075).epsilon(1e-14));
  // multiclass, not halved: (0.06 + 0.14 + 0.24) / 3 (documentation: 0.146)
  const std::vector<std::string> ym = {"eggs", "ham", "spam"};
  const std::vector<std::vector<double>> pm = {{.8, .1, .1}, {.2, .7, .1}, {.2, .2, .6}};
  CHECK(tally::brier_score_loss(ym, pm, tally::labels({"eggs", "ham", "spam"})) ==
        doctest::Approx(0.44 / 3).epsilon(1e-14));
  CHECK(tally::brier_score_loss(ym, pm, tally::scale_by_half(true)) ==
        doctest::Approx(0.22 / 3).epsilon(1e-14));
  // other numeric labels: the greater one is positive
  CHECK(tally::brier_score_loss(std::vector<int>{3, 7, 7, 3}, p) ==
        doctest::Approx(0.0375).epsilon(1e-14));
  CHECK_THROWS_AS((void)tally::brier_score_loss(ys, p), std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::brier_score_loss(y, std::vector<double>{.1, .9, 1.2, .3}),
                       doctest::Contains("y_proba"), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::brier_score_loss(std::vector<int>{0, 1, 2, 0}, p),
                  std::invalid_argument);
  // weighted: (1 * .01 + 3 * .04) / 4
  CHECK(tally::brier_score_loss(std::vector<int>{0, 1}, std::vector<double>{.1, .8},
                                tally::sample_weight({1, 3})) ==
        doctest::Approx(0.13 / 4).epsilon(1e-14));
}

TEST_CASE("hinge_loss") {
  // reference notes: ([-1, 1, 1], [-2.2, -0.3, 1.5]) -> 0.4333
  CHECK(tally::hinge_loss(std::vector<int>{-1, 1, 1}, std::vector<double>{-2.2, -0.3, 1.5}) ==
        doctest::Approx(1.3 / 3).epsilon(1e-14));
  // the greater label is +1 whatever the labels
  CHECK(tally::hinge_loss(std::vector<std::string>{"a", "b", "b"},
                          std::vector<double>{-2.2, -0.3, 1.5}) == doctest::Approx(1.3 / 3));
  // Crammer-Singer: margins 1, -0.7, 1.3, 1 -> losses 0, 1.7, 0, 0
  const std::vector<int> y = {0, 1, 2, 1};
  const std::vector<std::vector<double>> f = {
      {2, 1, -1}, {0.5, 0.2, 0.9}, {0.1, 0.2, 1.5}, {-1, 2, 1}};
  CHECK(tally::hinge_loss(y, f) == doctest::Approx(0.425).epsilon(1e-14));
  CHECK(tally::hinge_loss(y, f, tally::sample_weight({1, 2, 1, .5})) ==
        doctest::Approx(3.4 / 4.5).epsilon(1e-14));
  // labels name a class absent from y_true
  const std::vector<int> y2 = {0, 2};
  const std::vector<std::vector<double>> f2 = {{1, 0, 0.5}, {0, 0.2, 0.1}};
  CHECK(tally::hinge_loss(y2, f2, tally::labels({0, 1, 2})) ==
        doctest::Approx((0.5 + 1.1) / 2).epsilon(1e-14));
  CHECK_THROWS_AS((void)tally::hinge_loss(y2, f2), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::hinge_loss(y, std::vector<double>{1, 2, 3, 4}),
                  std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      (void)tally::hinge_loss(std::vector<int>{0, 1}, std::vector<double>{0.1, std::nan("")}),
      doctest::Contains("pred_decision"), std::invalid_argument);
}

TEST_CASE("top_k_accuracy_score") {
  // ties: the higher class index ranks first (reference notes)
  const std::vector<std::vector<double>> tie = {{.5, .5, 0}};
  CHECK(tally::top_k_accuracy_score(std::vector<int>{0}, tie, tally::top_k(1),
                                    tally::labels({0, 1, 2})) == 0.0);
  CHECK(tally::top_k_accuracy_score(std::vector<int>{1}, tie, tally::top_k(1),
                                    tally::labels({0, 1, 2})) == 1.0);
  // documentation: 0.75, and 3 with normalize=False
  const std::vector<int> y = {0, 1, 2, 2};
  const std::vector<double> s = {.5, .2, .2, .3, .4, .2, .2, .4, .3, .7, .2, .1};
  CHECK(tally::top_k_accuracy_score(y, tally::row_major(s, 3)) == 0.75);
  CHECK(tally::top_k_accuracy_score(y, tally::row_major(s, 3), tally::normalized(false)) == 3.0);
  CHECK(tally::top_k_accuracy_score(y, tally::row_major(s, 3), tally::top_k(1)) == 0.5);
  CHECK(tally::top_k_accuracy_score(y, tally::row_major(s, 3), tally::top_k(3)) == 1.0);
  CHECK(
      tally::top_k_accuracy_score(y, tally::row_major(s, 3), tally::sample_weight({1, 1, 1, 5})) ==
      doctest::Approx(3.0 / 8));
  // binary, 1-D: k = 1 thresholds at 0.5 (scores in [0, 1]) or 0
  const std::vector<int> yb = {0, 1, 1, 0};
  CHECK(tally::top_k_accuracy_score(yb, std::vector<double>{.2, .6, .5, .7}, tally::top_k(1)) ==
        0.5);
  CHECK(tally::top_k_accuracy_score(yb, std::vector<double>{-1, 2, .5, -3}, tally::top_k(1)) ==
        1.0);
  CHECK(tally::top_k_accuracy_score(yb, std::vector<double>{.9, .1, .1, .9}) == 1.0); // k = 2
  // errors
  CHECK_THROWS_WITH_AS(
      (void)tally::top_k_accuracy_score(y, tally::row_major(s, 3), tally::top_k(0)),
      doctest::Contains("k"), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::top_k_accuracy_score(y, tally::row_major(s, 2)),
                  std::invalid_argument);
  CHECK_THROWS_AS(
      (void)tally::top_k_accuracy_score(y, tally::row_major(s, 3), tally::labels({0, 2, 1})),
      std::invalid_argument);
  CHECK_THROWS_AS(
      (void)tally::top_k_accuracy_score(yb, tally::row_major(std::vector<double>(8, .5), 2)),
      std::invalid_argument);
}
