// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/calibration.hpp>
#include <tally/intervals.hpp>
#include <tally/losses.hpp>
#include <tally/metrics.hpp>
#include <tally/ranking.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <list>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

// Every score function also takes (first1, last1, first2, last2, options...).
// The iterator form must give the same bits as the range form, for
// pointers, bidirectional iterators and single-pass input iterators.

namespace {

struct data {
  std::vector<int> y;
  std::vector<double> s, s2;
  std::vector<std::vector<double>> rows; // 3-class probabilities
  std::vector<int> y3;
};

data make_data() {
  data d;
  std::mt19937 g(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < 200; ++i) {
    const int label = u(g) < 0.4 ? 1 : 0;
    d.y.push_back(label);
    d.s.push_back(std::round((0.3 * label + 0.7 * u(g)) * 50) / 50); // ties on purpose
    d.s2.push_back(0.1 * label + 0.9 * u(g));
    const double a = u(g) + 0.01, b = u(g) + 0.01, c = u(g) + 0.01;
    d.rows.push_back({a / (a + b + c), b / (a + b + c), c / (a + b + c)});
    d.y3.push_back(i % 3);
  }
  return d;
}

std::string text(const std::vector<double>& v) {
  std::ostringstream o;
  o.precision(17);
  for (double x : v) o << x << ' ';
  return o.str();
}

// A stream of the values: iterating it is single-pass.
template <class T>
std::istringstream stream_of(const std::vector<T>& v) {
  std::ostringstream o;
  o.precision(17);
  for (const T& x : v) o << x << ' ';
  return std::istringstream(o.str());
}

} // namespace

TEST_CASE("score functions: iterator pairs of pointers give the range form's results") {
  const data d = make_data();
  const int* y0 = d.y.data();
  const int* y1 = y0 + d.y.size();
  const double* s0 = d.s.data();
  const double* s1 = s0 + d.s.size();

  CHECK(tally::roc_auc_score(y0, y1, s0, s1) == tally::roc_auc_score(d.y, d.s));
  CHECK(tally::roc_auc_score(y0, y1, s0, s1, tally::max_fpr(0.3)) ==
        tally::roc_auc_score(d.y, d.s, tally::max_fpr(0.3)));
  CHECK(tally::average_precision_score(y0, y1, s0, s1) == tally::average_precision_score(d.y, d.s));
  const auto r1 = tally::roc_curve(y0, y1, s0, s1, tally::drop_intermediate(false));
  const auto r2 = tally::roc_curve(d.y, d.s, tally::drop_intermediate(false));
  CHECK(text(r1.fpr) == text(r2.fpr));
  CHECK(text(r1.tpr) == text(r2.tpr));
  CHECK(text(r1.thresholds) == text(r2.thresholds));
  const auto p1 = tally::precision_recall_curve(y0, y1, s0, s1);
  const auto p2 = tally::precision_recall_curve(d.y, d.s);
  CHECK(text(p1.precision) == text(p2.precision));
  CHECK(text(p1.recall) == text(p2.recall));
  const auto d1 = tally::det_curve(y0, y1, s0, s1);
  const auto d2 = tally::det_curve(d.y, d.s);
  CHECK(text(d1.fnr) == text(d2.fnr));
  const auto c1 = tally::confusion_matrix_at_thresholds(y0, y1, s0, s1);
  const auto c2 = tally::confusion_matrix_at_thresholds(d.y, d.s);
  CHECK(text(c1.tns) == text(c2.tns));
  CHECK(text(c1.tps) == text(c2.tps));

  auto f1 = [](const tally::binary_counts<double>& c) { return tally::f1(c); };
  const auto m1 = tally::metric_at_thresholds(y0, y1, s0, s1, f1);
  const auto m2 = tally::metric_at_thresholds(d.y, d.s, f1);
  CHECK(text(m1.values) == text(m2.values));
  const auto b1 = tally::best_threshold(y0, y1, s0, s1, f1, tally::goal::maximize);
  const auto b2 = tally::best_threshold(d.y, d.s, f1, tally::goal::maximize);
  CHECK(b1.threshold == b2.threshold);
  CHECK(b1.value == b2.value);

  CHECK(tally::auc(r1.fpr.begin(), r1.fpr.end(), r1.tpr.begin(), r1.tpr.end()) ==
        tally::auc(r1.fpr, r1.tpr));

  CHECK(tally::log_loss(y0, y1, s0, s1) == tally::log_loss(d.y, d.s));
  CHECK(tally::brier_score_loss(y0, y1, s0, s1, tally::scale_by_half(false)) ==
        tally::brier_score_loss(d.y, d.s, tally::scale_by_half(false)));
  CHECK(tally::hinge_loss(y0, y1, s0, s1) == tally::hinge_loss(d.y, d.s));
  CHECK(tally::top_k_accuracy_score(y0, y1, s0, s1, tally::top_k(1)) ==
        tally::top_k_accuracy_score(d.y, d.s, tally::top_k(1)));

  const auto k1 = tally::calibration_curve(y0, y1, s0, s1, tally::n_bins(7));
  const auto k2 = tally::calibration_curve(d.y, d.s, tally::n_bins(7));
  CHECK(text(k1.prob_true) == text(k2.prob_true));
  CHECK(text(k1.prob_pred) == text(k2.prob_pred));
  CHECK(tally::calibration_error(y0, y1, s0, s1, tally::n_bins(7)) ==
        tally::calibration_error(d.y, d.s, tally::n_bins(7)));

  const auto e1 = tally::delong_roc_auc(y0, y1, s0, s1);
  const auto e2 = tally::delong_roc_auc(d.y, d.s);
  CHECK(e1.auc == e2.auc);
  CHECK(e1.variance == e2.variance);
  const double* a0 = d.s2.data();
  const auto t1 = tally::delong_test(y0, y1, s0, s1, a0, a0 + d.s2.size());
  const auto t2 = tally::delong_test(d.y, d.s, d.s2);
  CHECK(t1.z == t2.z);
  CHECK(t1.p_value == t2.p_value);
}

TEST_CASE("score functions: list and input iterators, weights and options pass through") {
  const data d = make_data();
  const std::list<int> yl(d.y.begin(), d.y.end());
  const std::list<double> sl(d.s.begin(), d.s.end());
  const std::vector<double> w(d.y.size(), 2.0);
  CHECK(tally::roc_auc_score(yl.begin(), yl.end(), sl.begin(), sl.end(), tally::sample_weight(w)) ==
        tally::roc_auc_score(d.y, d.s, tally::sample_weight(w)));
  CHECK(tally::average_precision_score(yl.begin(), yl.end(), sl.begin(), sl.end()) ==
        tally::average_precision_score(d.y, d.s));

  auto ys = stream_of(d.y);
  auto ss = stream_of(d.s);
  CHECK(tally::roc_auc_score(std::istream_iterator<int>(ys), std::istream_iterator<int>(),
                             std::istream_iterator<double>(ss),
                             std::istream_iterator<double>()) == tally::roc_auc_score(d.y, d.s));
  auto ys2 = stream_of(d.y);
  auto ss2 = stream_of(d.s);
  CHECK(tally::log_loss(std::istream_iterator<int>(ys2), std::istream_iterator<int>(),
                        std::istream_iterator<double>(ss2),
                        std::istream_iterator<double>()) == tally::log_loss(d.y, d.s));

  auto ys3 = stream_of(d.y);
  auto ss3 = stream_of(d.s);
  const auto det1 =
      tally::det_curve(std::istream_iterator<int>(ys3), std::istream_iterator<int>(),
                       std::istream_iterator<double>(ss3), std::istream_iterator<double>());
  const auto det2 = tally::det_curve(d.y, d.s);
  CHECK(text(det1.fpr) == text(det2.fpr));
  CHECK(text(det1.fnr) == text(det2.fnr));

  // string labels with pos_label
  std::vector<std::string> names;
  for (int v : d.y) names.push_back(v == 1 ? "spam" : "ham");
  CHECK(tally::average_precision_score(names.cbegin(), names.cend(), d.s.cbegin(), d.s.cend(),
                                       tally::pos_label("spam")) ==
        tally::average_precision_score(d.y, d.s));
}

TEST_CASE("score functions: iterators over rows of multiclass scores") {
  const data d = make_data();
  const auto rb = d.rows.begin();
  const auto re = d.rows.end();
  CHECK(tally::roc_auc_score(d.y3.begin(), d.y3.end(), rb, re, tally::multi_class::ovr) ==
        tally::roc_auc_score(d.y3, d.rows, tally::multi_class::ovr));
  CHECK(tally::roc_auc_ovo_score(d.y3.begin(), d.y3.end(), rb, re) ==
        tally::roc_auc_ovo_score(d.y3, d.rows));
  CHECK(tally::log_loss(d.y3.begin(), d.y3.end(), rb, re) == tally::log_loss(d.y3, d.rows));
  CHECK(tally::brier_score_loss(d.y3.begin(), d.y3.end(), rb, re) ==
        tally::brier_score_loss(d.y3, d.rows));
  CHECK(tally::top_k_accuracy_score(d.y3.begin(), d.y3.end(), rb, re, tally::top_k(2)) ==
        tally::top_k_accuracy_score(d.y3, d.rows, tally::top_k(2)));
  const auto per1 =
      tally::roc_auc_score_per_label(d.y3.begin(), d.y3.end(), rb, re, tally::multi_class::ovr);
  const auto per2 = tally::roc_auc_score_per_label(d.y3, d.rows, tally::multi_class::ovr);
  CHECK(text(per1) == text(per2));
  const auto ap1 = tally::average_precision_score_per_label(d.y3.begin(), d.y3.end(), rb, re);
  const auto ap2 = tally::average_precision_score_per_label(d.y3, d.rows);
  CHECK(text(ap1) == text(ap2));
}

TEST_CASE("score functions: iterator forms check lengths like the range forms") {
  const std::vector<int> y = {0, 1, 1, 0};
  const std::vector<double> s = {0.1, 0.8, 0.6};
  CHECK_THROWS_WITH_AS((void)tally::roc_auc_score(y.begin(), y.end(), s.begin(), s.end()),
                       doctest::Contains("y_true has 4"), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::log_loss(y.begin(), y.end(), s.begin(), s.end()),
                  std::invalid_argument);
  CHECK_THROWS_AS(
      (void)tally::delong_test(y.begin(), y.end(), s.begin(), s.end(), s.begin(), s.end()),
      std::invalid_argument);
}
