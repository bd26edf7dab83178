// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/accumulators.hpp>
#include <tally/metrics.hpp>
#include <tally/ranking.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <list>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

// Expected values come from scikit-learn's documentation and the reference
// notes (executed with scikit-learn 1.2.1, 1.9 semantics where they differ),
// or from the naive O(n^2) / O(n T) definitions implemented in this file.

namespace {

const double inf = std::numeric_limits<double>::infinity();

void check_close(const std::vector<double>& got, const std::vector<double>& want,
                 double tol = 1e-12) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i]))
      CHECK(std::isnan(got[i]));
    else if (std::isinf(want[i]))
      CHECK(got[i] == want[i]);
    else
      CHECK(got[i] == doctest::Approx(want[i]).epsilon(tol));
  }
}

// Mann-Whitney over all pairs, each pair weighted by w_pos * w_neg.
double naive_auc(const std::vector<int>& y, const std::vector<double>& s,
                 const std::vector<double>* w = nullptr) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 1) continue;
    for (std::size_t j = 0; j < y.size(); ++j) {
      if (y[j] == 1) continue;
      const double pw = w ? (*w)[i] * (*w)[j] : 1.0;
      num += pw * (s[i] > s[j] ? 1.0 : (s[i] == s[j] ? 0.5 : 0.0));
      den += pw;
    }
  }
  return num / den;
}

// Counts at each distinct score, by brute force.
struct naive_counts {
  std::vector<double> thr, tps, fps;
};
naive_counts naive_thresholds(const std::vector<int>& y, const std::vector<double>& s,
                              const std::vector<double>* w = nullptr) {
  std::vector<double> t;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!w || (*w)[i] != 0) t.push_back(s[i]);
  std::sort(t.begin(), t.end(), [](double a, double b) { return a > b; });
  t.erase(std::unique(t.begin(), t.end()), t.end());
  naive_counts c;
  for (double th : t) {
    double tp = 0, fp = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] < th) continue;
      const double wi = w ? (*w)[i] : 1.0;
      (y[i] == 1 ? tp : fp) += wi;
    }
    c.thr.push_back(th);
    c.tps.push_back(tp);
    c.fps.push_back(fp);
  }
  return c;
}

double naive_ap(const std::vector<int>& y, const std::vector<double>& s,
                const std::vector<double>* w = nullptr) {
  const naive_counts c = naive_thresholds(y, s, w);
  double ap = 0, prev = 0;
  const double total = c.tps.back();
  for (std::size_t i = 0; i < c.tps.size(); ++i) {
    const double ps = c.tps[i] + c.fps[i];
    ap += (c.tps[i] - prev) / total * (ps > 0 ? c.tps[i] / ps : 0.0);
    prev = c.tps[i];
  }
  return ap;
}

struct random_problem {
  std::vector<int> y;
  std::vector<double> s;
  std::vector<double> w;
};
random_problem make_problem(std::size_t n, int distinct_scores, std::mt19937& rng) {
  random_problem p;
  std::uniform_int_distribution<int> sc(0, distinct_scores - 1);
  std::uniform_real_distribution<double> u(0, 1);
  for (std::size_t i = 0; i < n; ++i) {
    const int yi = u(rng) < 0.4 ? 1 : 0;
    p.y.push_back(yi);
    p.s.push_back(static_cast<double>(sc(rng)) / distinct_scores + 0.05 * yi);
    p.w.push_back(u(rng) < 0.1 ? 0.0 : std::round(u(rng) * 30) / 10);
  }
  p.y[0] = 0;
  p.y[1] = 1;
  p.w[0] = p.w[1] = 1;
  return p;
}

} // namespace

TEST_CASE("roc_curve, roc_auc_score, average_precision: the reference example") {
  // y = [0,0,1,1,0,1], s = [.1,.4,.4,.8,.8,.8]: fpr [0,1/3,2/3,1], tpr
  // [0,2/3,1,1], thresholds [inf,.8,.4,.1], AUC 0.7222, partial AUC
  // (max_fpr .5) 0.6481, AP 0.6444, P [.5,.6,.6667,1], R [1,1,.6667,0].
  const std::vector<int> y = {0, 0, 1, 1, 0, 1};
  const std::vector<double> s = {.1, .4, .4, .8, .8, .8};
  const auto roc = tally::roc_curve(y, s);
  check_close(roc.fpr, {0, 1.0 / 3, 2.0 / 3, 1});
  check_close(roc.tpr, {0, 2.0 / 3, 1, 1});
  check_close(roc.thresholds, {inf, .8, .4, .1});
  CHECK(tally::roc_auc_score(y, s) == doctest::Approx(13.0 / 18).epsilon(1e-15));
  CHECK(std::fabs(tally::roc_auc_score(y, s, tally::max_fpr(0.5)) - 0.6481) < 0.5e-4);
  CHECK(std::fabs(tally::average_precision_score(y, s) - 0.6444) < 0.5e-4);
  const auto pr = tally::precision_recall_curve(y, s);
  check_close(pr.precision, {.5, .6, 2.0 / 3, 1});
  check_close(pr.recall, {1, 1, 2.0 / 3, 0});
  check_close(pr.thresholds, {.1, .4, .8});
  // all scores equal: 0.5
  CHECK(tally::roc_auc_score(y, std::vector<double>(6, 0.3)) == 0.5);
}

TEST_CASE("scikit-learn documentation examples") {
  const std::vector<int> y = {0, 0, 1, 1};
  const std::vector<double> s = {0.1, 0.4, 0.35, 0.8};
  CHECK(tally::average_precision_score(y, s) == doctest::Approx(0.8333333333333333));
  const auto c = tally::confusion_matrix_at_thresholds(y, s);
  check_close(c.tns, {2, 1, 1, 0});
  check_close(c.fps, {0, 1, 1, 2});
  check_close(c.fns, {1, 1, 0, 0});
  check_close(c.tps, {1, 1, 2, 2});
  check_close(c.thresholds, {0.8, 0.4, 0.35, 0.1});
  const auto pr = tally::precision_recall_curve(y, s);
  check_close(pr.precision, {0.5, 2.0 / 3, 0.5, 1, 1});
  check_close(pr.recall, {1, 1, 0.5, 0.5, 0});
  check_close(pr.thresholds, {0.1, 0.35, 0.4, 0.8});
  const auto det = tally::det_curve(y, s);
  check_close(det.fpr, {0.5, 0.5, 0});
  check_close(det.fnr, {0, 0.5, 0.5});
  check_close(det.thresholds, {0.35, 0.4, 0.8});
  // pos_label with other labels: y = [1,1,2,2], pos 2 -> AUC 0.75
  const std::vector<int> y2 = {1, 1, 2, 2};
  const auto roc = tally::roc_curve(y2, s, tally::pos_label(2));
  CHECK(tally::auc(roc.fpr, roc.tpr) == doctest::Approx(0.75));
  // multiclass AP: the documentation prints 0.77 (truncated); scikit-learn
  // 1.2.1 on the binarized labels gives 0.7777777777777777
  const std::vector<int> ym = {0, 0, 1, 1, 2, 2};
  const std::vector<double> sm = {0.7, 0.2, 0.1, 0.4, 0.3, 0.3, 0.1, 0.8, 0.1,
                                  0.2, 0.3, 0.5, 0.4, 0.4, 0.2, 0.1, 0.2, 0.7};
  CHECK(tally::average_precision_score(ym, tally::row_major(sm, 3)) ==
        doctest::Approx(0.7777777777777777).epsilon(1e-12));
}

TEST_CASE("binary curves and scores match the naive definitions") {
  std::mt19937 rng(2024);
  // sizes on both sides of the bucketed walk (65536)
  for (std::size_t n : {std::size_t{2}, std::size_t{9}, std::size_t{100}, std::size_t{3000}}) {
    for (int distinct : {2, 10, 1000}) {
      const random_problem p = make_problem(n, distinct, rng);
      const naive_counts nc = naive_thresholds(p.y, p.s);
      const auto c = tally::confusion_matrix_at_thresholds(p.y, p.s);
      check_close(c.thresholds, nc.thr);
      check_close(c.tps, nc.tps);
      check_close(c.fps, nc.fps);
      CHECK(tally::roc_auc_score(p.y, p.s) == doctest::Approx(naive_auc(p.y, p.s)).epsilon(1e-12));
      CHECK(tally::average_precision_score(p.y, p.s) ==
            doctest::Approx(naive_ap(p.y, p.s)).epsilon(1e-12));
      // weighted, zero weights dropped
      const auto sw = tally::sample_weight(p.w);
      const naive_counts wc = naive_thresholds(p.y, p.s, &p.w);
      const auto cw = tally::confusion_matrix_at_thresholds(p.y, p.s, sw);
      check_close(cw.thresholds, wc.thr);
      check_close(cw.tps, wc.tps, 1e-12);
      check_close(cw.fps, wc.fps, 1e-12);
      CHECK(tally::roc_auc_score(p.y, p.s, sw) ==
            doctest::Approx(naive_auc(p.y, p.s, &p.w)).epsilon(1e-12));
      CHECK(tally::average_precision_score(p.y, p.s, sw) ==
            doctest::Approx(naive_ap(p.y, p.s, &p.w)).epsilon(1e-12));
      // the area under roc_curve's points is the AUC
      const auto roc = tally::roc_curve(p.y, p.s, tally::drop_intermediate(false));
      CHECK(tally::auc(roc.fpr, roc.tpr) ==
            doctest::Approx(tally::roc_auc_score(p.y, p.s)).epsilon(1e-12));
    }
  }
}

TEST_CASE("large inputs: exact AUC and AP against a std::sort reference") {
  std::mt19937 rng(99);
  for (std::size_t n : {std::size_t{70000}, std::size_t{300000}}) {
    for (int distinct : {50, 1 << 30}) {
      const random_problem p = make_problem(n, distinct, rng);
      // reference: sort (score, label) pairs, group ties
      std::vector<std::pair<double, int>> r(n);
      for (std::size_t i = 0; i < n; ++i) r[i] = {p.s[i], p.y[i]};
      std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      double tp = 0, fp = 0, ptp = 0, pfp = 0, area = 0, ap = 0;
      std::size_t groups = 0;
      for (std::size_t i = 0; i < n;) {
        const double v = r[i].first;
        for (; i < n && r[i].first == v; ++i) (r[i].second ? tp : fp) += 1;
        area += (fp - pfp) * (tp + ptp) / 2;
        ap += (tp - ptp) * tp / (tp + fp);
        ptp = tp;
        pfp = fp;
        ++groups;
      }
      CHECK(tally::roc_auc_score(p.y, p.s) == doctest::Approx(area / (tp * fp)).epsilon(1e-12));
      CHECK(tally::average_precision_score(p.y, p.s) == doctest::Approx(ap / tp).epsilon(1e-12));
      const auto c = tally::confusion_matrix_at_thresholds(p.y, p.s);
      CHECK(c.thresholds.size() == groups);
      CHECK(std::is_sorted(c.thresholds.rbegin(), c.thresholds.rend()));
      CHECK(c.tps.back() == tp);
      CHECK(c.fps.back() == fp);
      // float scores give the same AUC when every score is a float
      std::vector<float> sf(p.s.begin(), p.s.end());
      std::vector<double> sd(sf.begin(), sf.end());
      CHECK(tally::roc_auc_score(p.y, sf) == tally::roc_auc_score(p.y, sd));
    }
  }
}

TEST_CASE("integer sample weights act as repeated samples") {
  std::mt19937 rng(5);
  const random_problem p = make_problem(200, 20, rng);
  std::vector<int> yr;
  std::vector<double> sr;
  std::vector<double> wi(p.w.size());
  for (std::size_t i = 0; i < p.y.size(); ++i) {
    wi[i] = std::round(p.w[i]);
    for (int k = 0; k < static_cast<int>(wi[i]); ++k) yr.push_back(p.y[i]), sr.push_back(p.s[i]);
  }
  const auto sw = tally::sample_weight(wi);
  CHECK(tally::roc_auc_score(p.y, p.s, sw) == doctest::Approx(tally::roc_auc_score(yr, sr)));
  CHECK(tally::average_precision_score(p.y, p.s, sw) ==
        doctest::Approx(tally::average_precision_score(yr, sr)));
  const auto a = tally::roc_curve(p.y, p.s, sw);
  const auto b = tally::roc_curve(yr, sr);
  check_close(a.fpr, b.fpr);
  check_close(a.tpr, b.tpr);
  check_close(a.thresholds, b.thresholds);
}

TEST_CASE("weighted running sums add tied samples from the last to the first") {
  // Three positives tied at 0.5: added last first, 2^-53 + 2^-53 + 1 is
  // 1 + 2^-52 exactly; added first to last, each 2^-53 is lost against 1.
  const double u = std::ldexp(1.0, -53);
  const std::vector<int> y{1, 1, 1, 0};
  const std::vector<double> s{0.5, 0.5, 0.5, 0.25};
  const std::vector<double> w{1.0, u, u, 1.0};
  const auto c = tally::confusion_matrix_at_thresholds(y, s, tally::sample_weight(w));
  REQUIRE(c.tps.size() == 2);
  CHECK(c.tps[0] == 1.0 + 2 * u);
  CHECK(c.tps[1] == 1.0 + 2 * u);
  // Reversed, the tie is added 1 + 2^-53 + 2^-53 = 1.
  const std::vector<int> yr{0, 1, 1, 1};
  const std::vector<double> sr{0.25, 0.5, 0.5, 0.5};
  const std::vector<double> wr{1.0, u, u, 1.0};
  const auto r = tally::confusion_matrix_at_thresholds(yr, sr, tally::sample_weight(wr));
  REQUIRE(r.tps.size() == 2);
  CHECK(r.tps[0] == 1.0);
}

TEST_CASE("weights near the ends of the double range give the unweighted values") {
  // Multiplying every weight by a power of two changes no ratio; products of
  // cumulative weights would overflow (2^900) or lose bits (subnormal) if
  // formed unscaled.
  std::mt19937 rng(11);
  const random_problem p = make_problem(300, 40, rng);
  const double base_auc = tally::roc_auc_score(p.y, p.s);
  const double base_ap = tally::average_precision_score(p.y, p.s);
  for (const double unit : {std::ldexp(1.0, 900), std::ldexp(1.0, -1060), 1e-300}) {
    CAPTURE(unit);
    const std::vector<double> w(p.y.size(), unit);
    const double auc = tally::roc_auc_score(p.y, p.s, tally::sample_weight(w));
    const double ap = tally::average_precision_score(p.y, p.s, tally::sample_weight(w));
    CHECK(auc == doctest::Approx(base_auc).epsilon(1e-12));
    CHECK(ap == doctest::Approx(base_ap).epsilon(1e-12));
    tally::curve_accumulator<double> acc;
    acc.update(p.y, p.s, w);
    CHECK(acc.roc_auc() == doctest::Approx(base_auc).epsilon(1e-12));
  }
  // One positive of weight 3e125 above every negative, and crumbs of
  // subnormal weight: the area is 1 to the last bit, never above.
  const std::vector<int> y{1, 1, 0, 1, 0};
  const std::vector<double> s{0.9, 0.5, 0.5, 0.1, 0.1};
  const std::vector<double> w{3.3846065602063659e125, 1.6163646138033552e-314,
                              8.286476454179973e-312, 4.0483739020231742e-320,
                              2.7169006265808098e-311};
  const double auc = tally::roc_auc_score(y, s, tally::sample_weight(w));
  CHECK(auc >= 0.0);
  CHECK(auc <= 1.0);
  CHECK(auc == doctest::Approx(1.0).epsilon(1e-15));
  tally::curve_accumulator<double> acc;
  acc.update(y, s, w);
  CHECK(acc.roc_auc() <= 1.0);
  CHECK(acc.roc_auc() == doctest::Approx(1.0).epsilon(1e-15));
}

TEST_CASE("drop_intermediate") {
  const std::vector<int> y = {0, 1, 0, 1, 0, 1, 1, 0};
  const std::vector<double> s = {.1, .2, .3, .4, .5, .6, .7, .8};
  const auto full = tally::roc_curve(y, s, tally::drop_intermediate(false));
  const auto kept = tally::roc_curve(y, s);
  CHECK(full.fpr.size() == 9);
  CHECK(kept.fpr.size() < full.fpr.size());
  CHECK(tally::auc(kept.fpr, kept.tpr) == doctest::Approx(tally::auc(full.fpr, full.tpr)));
  // collinear points (constant tpr with moving fpr, and vice versa) are gone
  for (std::size_t i = 1; i + 1 < kept.fpr.size(); ++i) {
    const double d2f = (kept.fpr[i + 1] - kept.fpr[i]) - (kept.fpr[i] - kept.fpr[i - 1]);
    const double d2t = (kept.tpr[i + 1] - kept.tpr[i]) - (kept.tpr[i] - kept.tpr[i - 1]);
    CHECK((d2f != 0 || d2t != 0));
  }
  const auto pr = tally::precision_recall_curve(y, s, tally::drop_intermediate(true));
  const auto prf = tally::precision_recall_curve(y, s);
  CHECK(pr.precision.size() <= prf.precision.size());
  CHECK(pr.thresholds.size() + 1 == pr.precision.size());
}

TEST_CASE("labels of any type, pos_label, iterator ranges") {
  const std::vector<std::string> y = {"neg", "pos", "pos", "neg", "pos"};
  const std::list<float> s = {0.2f, 0.9f, 0.4f, 0.5f, 0.7f};
  CHECK(tally::roc_auc_score(y, s) == doctest::Approx(5.0 / 6)); // greater label "pos"
  const auto roc = tally::roc_curve(y, s, tally::pos_label("pos"));
  CHECK(roc.tpr.back() == 1.0);
  CHECK(tally::average_precision_score(y, s, tally::pos_label("pos")) ==
        doctest::Approx((1.0 + 1.0 + 0.75) / 3));
  CHECK_THROWS_AS((void)tally::roc_curve(y, s), std::invalid_argument); // strings need pos_label
  CHECK_THROWS_AS((void)tally::average_precision_score(y, s), std::invalid_argument);
  const std::vector<bool> yb = {false, true, true, false, true};
  CHECK(tally::roc_auc_score(yb, s) == doctest::Approx(5.0 / 6));
  const std::array<int, 5> ypm = {-1, 1, 1, -1, 1};
  CHECK(tally::roc_curve(ypm, s).tpr.back() == 1.0);
  const int raw[] = {0, 1, 1, 0, 1};
  const double sraw[] = {0.2, 0.9, 0.4, 0.5, 0.7};
  CHECK(tally::roc_auc_score(raw, sraw) == doctest::Approx(5.0 / 6));
  // confusion_matrix_at_thresholds: a multiclass y_true is fine with pos_label
  const std::vector<int> y3 = {0, 1, 2, 1};
  const std::vector<double> s3 = {0.1, 0.8, 0.3, 0.6};
  const auto c = tally::confusion_matrix_at_thresholds(y3, s3, tally::pos_label(1));
  CHECK(c.tps.back() == 2);
  CHECK_THROWS_AS((void)tally::confusion_matrix_at_thresholds(y3, s3), std::invalid_argument);
}

TEST_CASE("one class in y_true: ROC AUC is NaN, curves degenerate as scikit-learn") {
  const std::vector<int> y = {1, 1, 1};
  const std::vector<double> s = {0.2, 0.5, 0.9};
  CHECK(std::isnan(tally::roc_auc_score(y, s)));
  CHECK(std::isnan(tally::roc_auc_score(y, s, tally::max_fpr(0.3))));
  const auto roc = tally::roc_curve(y, s);
  CHECK(std::isnan(roc.fpr[1])); // no negatives
  CHECK(roc.tpr.back() == 1.0);
  const std::vector<int> y0 = {0, 0, 0};
  const auto pr = tally::precision_recall_curve(y0, s);
  for (double r : std::vector<double>(pr.recall.begin(), pr.recall.end() - 1)) CHECK(r == 1.0);
  CHECK(tally::average_precision_score(y0, s) == 0.0);
  CHECK_THROWS_AS((void)tally::det_curve(y0, s), std::invalid_argument);
}

TEST_CASE("multilabel ROC AUC and AP averages") {
  const std::vector<int> Y = {1, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0};
  const std::vector<double> S = {.9, .1, .3, .8, .4, .6, .7, .9, .2,
                                 .3, .2, .4, .6, .3, .9, .1, .5, .5};
  const auto yv = tally::row_major(Y, 3);
  const auto sv = tally::row_major(S, 3);
  std::vector<double> per;
  for (std::size_t c = 0; c < 3; ++c) {
    std::vector<int> yc;
    std::vector<double> sc;
    for (std::size_t i = 0; i < 6; ++i) yc.push_back(Y[i * 3 + c]), sc.push_back(S[i * 3 + c]);
    per.push_back(tally::roc_auc_score(yc, sc));
  }
  check_close(tally::roc_auc_score_per_label(yv, sv), per);
  CHECK(tally::roc_auc_score(yv, sv) == doctest::Approx((per[0] + per[1] + per[2]) / 3));
  double sup[3] = {0, 0, 0};
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t c = 0; c < 3; ++c) sup[c] += Y[i * 3 + c];
  CHECK(tally::roc_auc_score(yv, sv, tally::average::weighted) ==
        doctest::Approx((per[0] * sup[0] + per[1] * sup[1] + per[2] * sup[2]) /
                        (sup[0] + sup[1] + sup[2])));
  CHECK(tally::roc_auc_score(yv, sv, tally::average::micro) ==
        doctest::Approx(tally::roc_auc_score(Y, S)));
  // samples: per row
  double rows = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    std::vector<int> yr(Y.begin() + static_cast<long>(i * 3),
                        Y.begin() + static_cast<long>(i * 3 + 3));
    std::vector<double> sr(S.begin() + static_cast<long>(i * 3),
                           S.begin() + static_cast<long>(i * 3 + 3));
    rows += tally::roc_auc_score(yr, sr);
  }
  const double samples = tally::roc_auc_score(yv, sv, tally::average::samples);
  if (std::isnan(rows))
    CHECK(std::isnan(samples));
  else
    CHECK(samples == doctest::Approx(rows / 6));
  // range of rows gives the same as the row-major view
  const std::vector<std::vector<int>> yrows = {{1, 0, 0}, {1, 0, 1}, {1, 1, 1},
                                               {0, 0, 0}, {1, 0, 1}, {0, 1, 0}};
  CHECK(tally::average_precision_score(yrows, sv) == tally::average_precision_score(yv, sv));
  // a column with a single class makes the macro AUC NaN, weighted ignores it
  const std::vector<int> Y2 = {1, 0, 1, 1, 1, 0, 1, 0}; // column 0 all positive
  const std::vector<double> S2 = {.9, .2, .6, .3, .2, .7, .4, .1};
  CHECK(std::isnan(tally::roc_auc_score(tally::row_major(Y2, 2), tally::row_major(S2, 2))));
  CHECK_THROWS_AS((void)tally::roc_auc_score(yv, tally::row_major(S2, 2)), std::invalid_argument);
  const std::vector<int> bad = {0, 2, 1};
  CHECK_THROWS_AS((void)tally::roc_auc_score(tally::row_major(bad, 3), tally::row_major(S, 3)),
                  std::invalid_argument);
}

TEST_CASE("multiclass ROC AUC: one-vs-rest and Hand & Till one-vs-one") {
  const std::vector<int> y = {0, 1, 2, 0, 1, 2, 2, 0};
  const std::vector<double> S = {.6, .3, .1, .2, .5, .3, .1, .3, .6, .5, .4, .1,
                                 .3, .3, .4, .2, .2, .6, .3, .3, .4, .4, .4, .2};
  const auto sv = tally::row_major(S, 3);
  std::vector<double> ovr;
  for (std::size_t c = 0; c < 3; ++c) {
    std::vector<int> yc;
    std::vector<double> sc;
    for (std::size_t i = 0; i < y.size(); ++i)
      yc.push_back(y[i] == static_cast<int>(c)), sc.push_back(S[i * 3 + c]);
    ovr.push_back(tally::roc_auc_score(yc, sc));
  }
  CHECK(tally::roc_auc_score(y, sv, tally::multi_class::ovr) ==
        doctest::Approx((ovr[0] + ovr[1] + ovr[2]) / 3));
  check_close(tally::roc_auc_score_per_label(y, sv, tally::multi_class::ovr), ovr);
  // Hand & Till by hand
  double pairs = 0;
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b) {
      std::vector<int> ya, yb;
      std::vector<double> sa, sb;
      for (std::size_t i = 0; i < y.size(); ++i) {
        if (y[i] != a && y[i] != b) continue;
        ya.push_back(y[i] == a), sa.push_back(S[i * 3 + static_cast<std::size_t>(a)]);
        yb.push_back(y[i] == b), sb.push_back(S[i * 3 + static_cast<std::size_t>(b)]);
      }
      pairs += (tally::roc_auc_score(ya, sa) + tally::roc_auc_score(yb, sb)) / 2;
    }
  CHECK(tally::roc_auc_score(y, sv, tally::multi_class::ovo) == doctest::Approx(pairs / 3));
  CHECK(tally::roc_auc_ovo_score(y, sv) == doctest::Approx(pairs / 3));
  // labels: strings and a range of rows
  const std::vector<std::string> ys = {"a", "b", "c", "a", "b", "c", "c", "a"};
  std::vector<std::vector<double>> rows;
  for (std::size_t i = 0; i < 8; ++i) rows.push_back({S[i * 3], S[i * 3 + 1], S[i * 3 + 2]});
  CHECK(tally::roc_auc_score(ys, rows, tally::multi_class::ovo, tally::average::weighted) ==
        doctest::Approx(
            tally::roc_auc_score(y, sv, tally::multi_class::ovo, tally::average::weighted)));
  CHECK(tally::roc_auc_score(ys, rows, tally::multi_class::ovr, tally::labels({"a", "b", "c"})) ==
        doctest::Approx((ovr[0] + ovr[1] + ovr[2]) / 3));
  // errors
  CHECK_THROWS_WITH_AS((void)tally::roc_auc_score(y, sv), doctest::Contains("multi_class"),
                       std::invalid_argument);
  CHECK_THROWS_AS((void)tally::roc_auc_score(y, sv, tally::multi_class::ovr, tally::max_fpr(0.5)),
                  std::invalid_argument);
  CHECK_THROWS_AS((void)tally::roc_auc_score(y, sv, tally::multi_class::ovo, tally::average::micro),
                  std::invalid_argument);
  CHECK_THROWS_AS(
      (void)tally::roc_auc_score(y, sv, tally::multi_class::ovr, tally::labels({0, 2, 1})),
      std::invalid_argument);
  CHECK_THROWS_AS(
      (void)tally::roc_auc_score(y, sv, tally::multi_class::ovr, tally::labels({0, 1, 2, 3})),
      std::invalid_argument);
  std::vector<double> unnorm = S;
  unnorm[0] = 0.9;
  CHECK_THROWS_WITH_AS(
      (void)tally::roc_auc_score(y, tally::row_major(unnorm, 3), tally::multi_class::ovr),
      doctest::Contains("sum"), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::roc_auc_score(y, tally::row_major(S, 4), tally::multi_class::ovr),
                  std::invalid_argument);
}

TEST_CASE("weighted one-vs-one ROC AUC") {
  const std::vector<int> y = {0, 1, 2, 0, 1, 2, 2, 0, 1};
  const std::vector<double> S = {.6, .3, .1, .2, .5, .3, .1, .3, .6, .5, .4, .1, .3, .3,
                                 .4, .2, .2, .6, .3, .3, .4, .4, .4, .2, .1, .8, .1};
  const std::vector<double> w = {1, 2, 3, 1, 1, 2, 1, 3, 2};
  const auto sv = tally::row_major(S, 3);
  // scikit-learn refuses weights with ovo; roc_auc_ovo_score accepts them
  CHECK_THROWS_WITH_AS(
      (void)tally::roc_auc_score(y, sv, tally::multi_class::ovo, tally::sample_weight(w)),
      doctest::Contains("roc_auc_ovo_score"), std::invalid_argument);
  // integer weights = repeated samples
  std::vector<int> yr;
  std::vector<double> sr;
  for (std::size_t i = 0; i < y.size(); ++i)
    for (int k = 0; k < static_cast<int>(w[i]); ++k) {
      yr.push_back(y[i]);
      sr.insert(sr.end(), S.begin() + static_cast<long>(i * 3),
                S.begin() + static_cast<long>(i * 3 + 3));
    }
  for (auto avg : {tally::average::macro, tally::average::weighted})
    CHECK(tally::roc_auc_ovo_score(y, sv, tally::sample_weight(w), avg) ==
          doctest::Approx(
              tally::roc_auc_score(yr, tally::row_major(sr, 3), tally::multi_class::ovo, avg)));
}

TEST_CASE("bad input is rejected with the argument named") {
  const std::vector<int> y = {0, 1, 0, 1};
  const std::vector<double> s = {0.1, 0.4, 0.35, 0.8};
  for (double bad : {std::nan(""), inf, -inf}) {
    std::vector<double> b = s;
    b[2] = bad;
    CHECK_THROWS_WITH_AS((void)tally::roc_auc_score(y, b), doctest::Contains("y_score"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS((void)tally::roc_curve(y, b), doctest::Contains("y_score"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS((void)tally::average_precision_score(y, b), doctest::Contains("y_score"),
                         std::invalid_argument);
    std::vector<double> big(100000, 0.5);
    std::vector<int> ybig(100000, 0);
    ybig[7] = 1;
    big[99999] = bad;
    CHECK_THROWS_WITH_AS((void)tally::roc_auc_score(ybig, big), doctest::Contains("99999"),
                         std::invalid_argument);
  }
  for (double mf : {0.0, -0.5, 1.5, std::nan("")})
    CHECK_THROWS_WITH_AS((void)tally::roc_auc_score(y, s, tally::max_fpr(mf)),
                         doctest::Contains("max_fpr"), std::invalid_argument);
  CHECK(tally::roc_auc_score(y, s, tally::max_fpr(1.0)) == tally::roc_auc_score(y, s));
  CHECK_THROWS_AS((void)tally::roc_auc_score(y, std::vector<double>{0.1, 0.2}),
                  std::invalid_argument);
  CHECK_THROWS_AS((void)tally::roc_auc_score(std::vector<int>{}, std::vector<double>{}),
                  std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::roc_curve(y, s, tally::sample_weight({1, 1, -1, 1})),
                       doctest::Contains("sample_weight"), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::roc_curve(y, s, tally::sample_weight({0, 0, 0, 0})),
                  std::invalid_argument);
  const std::vector<double> y_cont = {0.0, 0.5, 1.0, 1.0};
  CHECK_THROWS_WITH_AS((void)tally::roc_auc_score(y_cont, s), doctest::Contains("continuous"),
                       std::invalid_argument);
  // binary y_true with two score columns
  CHECK_THROWS_AS((void)tally::roc_auc_score(y, tally::row_major(std::vector<double>(8, .5), 2)),
                  std::invalid_argument);
  CHECK_THROWS_AS((void)tally::auc(std::vector<double>{0, 1, 0.5}, std::vector<double>{0, 1, 1}),
                  std::invalid_argument);
}

TEST_CASE("metrics at every threshold and the best threshold") {
  std::mt19937 rng(8);
  const random_problem p = make_problem(500, 40, rng);
  auto f1 = [](const tally::binary_counts<double>& c) {
    const double d = 2 * c.tp + c.fp + c.fn;
    return d == 0 ? 0.0 : 2 * c.tp / d;
  };
  auto youden = [](const tally::binary_counts<double>& c) {
    return c.tp / (c.tp + c.fn) - c.fp / (c.fp + c.tn);
  };
  const auto r = tally::metric_at_thresholds(p.y, p.s, f1);
  const naive_counts nc = naive_thresholds(p.y, p.s);
  REQUIRE(r.values.size() == nc.thr.size());
  check_close(r.thresholds, nc.thr);
  const double P = nc.tps.back(), N = nc.fps.back();
  double best = -1, best_thr = 0;
  for (std::size_t i = 0; i < nc.thr.size(); ++i) {
    // direct count of predictions score >= t
    double tp = 0, fp = 0;
    for (std::size_t j = 0; j < p.s.size(); ++j)
      if (p.s[j] >= nc.thr[i]) (p.y[j] ? tp : fp) += 1;
    const double v = 2 * tp / (2 * tp + fp + (P - tp));
    CHECK(r.values[i] == doctest::Approx(v));
    if (v > best) best = v, best_thr = nc.thr[i];
  }
  const auto b = tally::best_threshold(p.y, p.s, f1, tally::goal::maximize);
  CHECK(b.value == doctest::Approx(best));
  CHECK(b.threshold == best_thr);
  CHECK(b.counts.tp + b.counts.fn == P);
  CHECK(b.counts.fp + b.counts.tn == N);
  const auto j = tally::best_threshold(p.y, p.s, youden, tally::goal::maximize);
  CHECK(j.value > 0);
  // a cost matrix where false positives are very expensive: no false
  // positive is accepted, and the cost is at most that of predicting nothing
  const auto c =
      tally::best_threshold(p.y, p.s, tally::cost_matrix(0, 1000, 1, 0), tally::goal::minimize);
  CHECK(c.counts.fp == 0);
  CHECK(c.value <= P / (P + N));
  // all scores equal and false positives expensive: +inf (nothing positive)
  const std::vector<double> flat(p.s.size(), 0.5);
  const auto none =
      tally::best_threshold(p.y, flat, tally::cost_matrix(0, 1000, 1, 0), tally::goal::minimize);
  CHECK(none.threshold == inf);
  CHECK(none.value == doctest::Approx(P / (P + N)));
  const auto c2 =
      tally::best_threshold(p.y, p.s, tally::cost_matrix(0, 1, 1, 0), tally::goal::minimize);
  CHECK(c2.value <= (std::min)(P, N) / (P + N));
}

TEST_CASE("metric_at_thresholds with the scoring functions of metrics.hpp") {
  std::mt19937 rng(21);
  const random_problem p = make_problem(300, 25, rng);
  const auto sw = tally::sample_weight(p.w);
  const naive_counts nc = naive_thresholds(p.y, p.s, &p.w);
  const double P = nc.tps.back(), N = nc.fps.back();
  auto at = [&](std::size_t i) {
    tally::binary_counts<double> c;
    c.tp = nc.tps[i];
    c.fp = nc.fps[i];
    c.fn = P - nc.tps[i];
    c.tn = N - nc.fps[i];
    return c;
  };
  const auto mcc = tally::metric_at_thresholds(
      p.y, p.s, [](const auto& c) { return tally::mcc(c); }, sw);
  const auto kappa = tally::metric_at_thresholds(
      p.y, p.s, [](const auto& c) { return tally::cohen_kappa(c); }, sw);
  const auto bal = tally::metric_at_thresholds(
      p.y, p.s, [](const auto& c) { return tally::balanced_accuracy(c); }, sw);
  const auto j = tally::metric_at_thresholds(
      p.y, p.s, [](const auto& c) { return tally::informedness(c); }, sw);
  REQUIRE(mcc.values.size() == nc.thr.size());
  for (std::size_t i = 0; i < nc.thr.size(); ++i) {
    const auto c = at(i);
    CHECK(mcc.values[i] == doctest::Approx(tally::mcc(c)).epsilon(1e-12));
    CHECK(kappa.values[i] == doctest::Approx(tally::cohen_kappa(c)).epsilon(1e-12));
    CHECK(bal.values[i] == doctest::Approx(tally::balanced_accuracy(c)).epsilon(1e-12));
    CHECK(j.values[i] == doctest::Approx(tally::informedness(c)).epsilon(1e-12));
  }
  const auto best = tally::best_threshold(
      p.y, p.s, [](const auto& c) { return tally::mcc(c); }, tally::goal::maximize, sw);
  for (double v : mcc.values) CHECK(v <= best.value + 1e-15);
}

namespace {
// Counts at each distinct score by sorting (score, label) pairs.
naive_counts sorted_counts(const std::vector<int>& y, const std::vector<double>& s) {
  std::vector<std::pair<double, int>> r(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) r[i] = {s[i], y[i]};
  std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  naive_counts c;
  double tp = 0, fp = 0;
  for (std::size_t i = 0; i < r.size();) {
    const double v = r[i].first;
    for (; i < r.size() && r[i].first == v; ++i) (r[i].second ? tp : fp) += 1;
    c.thr.push_back(v);
    c.tps.push_back(tp);
    c.fps.push_back(fp);
  }
  return c;
}
} // namespace

TEST_CASE("large inputs with scores of both signs and wide range") {
  std::mt19937 rng(123);
  std::normal_distribution<double> nd(0.0, 1.0);
  const std::size_t n = 100000;
  std::vector<int> y(n);
  std::vector<double> s(n);
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = static_cast<int>(i % 3 == 0);
    const double z = nd(rng) + 0.7 * y[i];
    s[i] = i % 7 == 0 ? std::ldexp(z, static_cast<int>(i % 40) - 20) : z; // wide exponents
    if (i % 11 == 0) s[i] = -0.0; // ties at zero, both zeros
    if (i % 13 == 0) s[i] = 0.0;
  }
  const naive_counts nc = sorted_counts(y, s);
  const auto c = tally::confusion_matrix_at_thresholds(y, s);
  check_close(c.thresholds, nc.thr);
  check_close(c.tps, nc.tps);
  check_close(c.fps, nc.fps);
  std::vector<float> sf(s.begin(), s.end());
  std::vector<double> sd(sf.begin(), sf.end());
  const naive_counts nf = sorted_counts(y, sd);
  const auto cf = tally::confusion_matrix_at_thresholds(y, sf);
  check_close(cf.thresholds, nf.thr);
  check_close(cf.tps, nf.tps);
}
