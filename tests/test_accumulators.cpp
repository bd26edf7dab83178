// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/accumulators.hpp>

#include <tally/classification.hpp>
#include <tally/confusion_matrix.hpp>
#include <tally/metrics.hpp>
#include <tally/ranking.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <list>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

template <class V>
std::vector<V> slice(const std::vector<V>& v, std::size_t from, std::size_t to) {
  return std::vector<V>(v.begin() + static_cast<std::ptrdiff_t>(from),
                        v.begin() + static_cast<std::ptrdiff_t>(to));
}

// Random batch boundaries covering [0, n), empty batches included.
std::vector<std::size_t> cuts(std::size_t n, std::mt19937& rng) {
  std::vector<std::size_t> c{0};
  std::uniform_int_distribution<std::size_t> step(0, 9);
  while (c.back() < n) c.push_back((std::min)(n, c.back() + step(rng)));
  return c;
}

// Mann-Whitney AUC by comparing every positive with every negative.
double naive_auc(const std::vector<int>& y, const std::vector<double>& s) {
  double num = 0, np = 0, nn = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] == 1)
      np += 1;
    else
      nn += 1;
  }
  for (std::size_t i = 0; i < y.size(); ++i)
    for (std::size_t j = 0; j < y.size(); ++j)
      if (y[i] == 1 && y[j] != 1) num += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
  return num / (np * nn);
}

// Step average precision from its definition: over distinct thresholds t
// (decreasing), sum (R(t) - R(previous)) * P(t).
double naive_ap(const std::vector<int>& y, const std::vector<double>& s) {
  std::vector<double> thr = s;
  std::sort(thr.begin(), thr.end(), [](double a, double b) { return a > b; });
  thr.erase(std::unique(thr.begin(), thr.end()), thr.end());
  double total_pos = 0;
  for (int v : y) total_pos += v == 1 ? 1 : 0;
  double ap = 0, prev_recall = 0;
  for (double t : thr) {
    double tp = 0, fp = 0;
    for (std::size_t i = 0; i < y.size(); ++i)
      if (s[i] >= t) (y[i] == 1 ? tp : fp) += 1;
    const double r = tp / total_pos;
    if (tp + fp > 0) ap += (r - prev_recall) * (tp / (tp + fp));
    prev_recall = r;
  }
  return ap;
}

struct scored {
  std::vector<int> y;
  std::vector<double> s;
};

scored random_scores(std::size_t n, unsigned seed, int levels) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> lvl(0, levels);
  std::bernoulli_distribution coin(0.4);
  scored d;
  for (std::size_t i = 0; i < n; ++i) {
    const int pos = coin(rng) ? 1 : 0;
    d.y.push_back(pos);
    // positives score a little higher on average; many ties
    d.s.push_back((lvl(rng) + (pos ? levels / 4 : 0)) / static_cast<double>(levels + levels / 4));
  }
  return d;
}

} // namespace

TEST_CASE("binary_accumulator: batches add up to the one-shot counts") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> lab(0, 2);
  std::vector<int> t(503), p(503);
  for (auto& v : t) v = lab(rng);
  for (auto& v : p) v = lab(rng);
  const auto c = tally::count_binary(t, p, tally::pos_label(2));
  tally::binary_accumulator<std::uint64_t, int> acc(2);
  const auto cut = cuts(t.size(), rng);
  for (std::size_t i = 0; i + 1 < cut.size(); ++i)
    acc.update(slice(t, cut[i], cut[i + 1]), slice(p, cut[i], cut[i + 1]));
  CHECK(acc.counts() == c);
  CHECK(acc.total() == 503);
  CHECK(acc.precision() == tally::precision(c));
  CHECK(acc.recall() == tally::recall(c));
  CHECK(acc.f1() == tally::f1(c));
  CHECK(acc.fbeta(2.0) == tally::fbeta(c, 2.0));
  CHECK(acc.mcc() == tally::mcc(c));
  CHECK(acc.specificity() == tally::specificity(c));
  CHECK(acc.balanced_accuracy() == tally::balanced_accuracy(c));
}

TEST_CASE("binary_accumulator: the Keras batch-average counterexample") {
  // batch 1: labels (0, 0), predictions (0, 1); batch 2: labels (1, 1), predictions (0, 1)
  tally::binary_accumulator<> acc;
  const std::vector<int> t1{0, 0}, p1{0, 1}, t2{1, 1}, p2{0, 1};
  tally::binary_accumulator<> b1, b2;
  b1.update(t1, p1);
  b2.update(t2, p2);
  acc.update(t1, p1).update(t2, p2);
  CHECK((b1.recall() + b2.recall()) / 2 == 0.25);
  CHECK(acc.recall() == 0.5);
  CHECK(acc.recall() ==
        tally::recall_score(std::vector<int>{0, 0, 1, 1}, std::vector<int>{0, 1, 0, 1}));
}

TEST_CASE("binary_accumulator: weights, strings, merge, reset, errors") {
  const std::vector<int> t{1, 0, 1, 1, 0}, p{1, 1, 0, 1, 0};
  const std::vector<double> w{0.5, 2, 1, 0.25, 3};
  tally::binary_accumulator<double> acc;
  acc.update(slice(t, 0, 2), slice(p, 0, 2), slice(w, 0, 2));
  acc.update(slice(t, 2, 5), slice(p, 2, 5), std::list<double>(w.begin() + 2, w.end()));
  const auto c = tally::count_binary(t, p, tally::sample_weight(w));
  CHECK(acc.counts() == c);
  acc.update(t, p); // unweighted: every sample weighs 1
  CHECK(acc.total() == doctest::Approx(c.total() + 5));

  tally::binary_accumulator<std::uint64_t, std::string> s("spam");
  s.update(std::vector<std::string>{"spam", "ham"}, std::vector<const char*>{"spam", "spam"});
  CHECK(s.counts().tp == 1);
  CHECK(s.counts().fp == 1);

  tally::binary_accumulator<> a, b(0);
  a.update(t, p);
  CHECK_THROWS_AS(a.merge(b), std::invalid_argument);
  const auto before = a;
  CHECK_THROWS_AS(a.update(t, std::vector<int>{1, 0}), std::invalid_argument);
  CHECK(a == before);
  a.update(std::vector<int>{}, std::vector<int>{}); // empty batch: no-op
  CHECK(a == before);
  tally::binary_accumulator<> twice = a + a;
  CHECK(twice.counts().tp == 2 * a.counts().tp);
  a.reset();
  CHECK(a.total() == 0);
  CHECK(a.pos_label() == 1);
  CHECK(b.empty_like().pos_label() == 0);
}

TEST_CASE("matrix_accumulator: growing labels equal the one-shot confusion matrix") {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> lab(0, 6);
  std::vector<int> t(400), p(400);
  for (auto& v : t) v = lab(rng) * 3 - 4; // sparse labels -4, -1, 2, ...
  for (auto& v : p) v = lab(rng) * 3 - 4;
  // early batches see few labels: sort a prefix so that new labels appear late
  std::sort(t.begin(), t.begin() + 100);
  std::sort(p.begin(), p.begin() + 100);
  const auto one = tally::count_matrix(t, p);
  tally::matrix_accumulator<int> acc;
  const auto cut = cuts(t.size(), rng);
  for (std::size_t i = 0; i + 1 < cut.size(); ++i)
    acc.update(slice(t, cut[i], cut[i + 1]), slice(p, cut[i], cut[i + 1]));
  CHECK_FALSE(acc.fixed_labels());
  CHECK(acc.labels() == one.labels);
  CHECK(acc.counts() == one.counts);
  CHECK(acc.accuracy() == tally::accuracy_score(t, p));
  CHECK(acc.mcc() == tally::matthews_corrcoef(t, p));
  CHECK(acc.cohen_kappa() == tally::cohen_kappa_score(t, p));
  CHECK(acc.balanced_accuracy() == tally::balanced_accuracy_score(t, p));
  for (auto avg : {tally::average::micro, tally::average::macro, tally::average::weighted}) {
    CHECK(acc.precision(avg) == tally::precision_score(t, p, avg));
    CHECK(acc.recall(avg) == tally::recall_score(t, p, avg));
    CHECK(acc.f1(avg) == tally::f1_score(t, p, avg));
    CHECK(acc.fbeta(0.5, avg) == tally::fbeta_score(t, p, avg, tally::beta(0.5)));
  }
  CHECK(acc.f1_per_label() == tally::f1_score(t, p, tally::per_label));
  CHECK(acc.one_vs_rest(2) == tally::count_binary(t, p, tally::pos_label(2)));
  CHECK_THROWS_AS((void)acc.one_vs_rest(1000), std::out_of_range);
  CHECK_THROWS_AS((void)acc.precision(tally::average::samples), std::invalid_argument);

  // merging growing accumulators takes the union of their labels
  tally::matrix_accumulator<int> left, right;
  left.update(slice(t, 0, 50), slice(p, 0, 50));
  right.update(slice(t, 50, 400), slice(p, 50, 400));
  CHECK((left + right) == acc);
  CHECK((right + left) == acc);
}

TEST_CASE("matrix_accumulator: fixed labels, strings and weights") {
  const std::vector<std::string> t{"cat", "dog", "cat", "bird", "dog"};
  const std::vector<std::string> p{"cat", "cat", "cat", "dog", "dog"};
  tally::matrix_accumulator<std::string> fixed{"dog", "cat", "bird"};
  fixed.update(slice(t, 0, 2), slice(p, 0, 2));
  fixed.update(slice(t, 2, 5), slice(p, 2, 5));
  const auto one = tally::confusion_matrix(t, p, tally::labels({"dog", "cat", "bird"}));
  CHECK(fixed.counts() == one);
  CHECK(fixed.labels() == std::vector<std::string>{"dog", "cat", "bird"});

  const auto before = fixed;
  CHECK_THROWS_AS(
      fixed.update(std::vector<std::string>{"cat", "fox"}, std::vector<std::string>{"cat", "cat"}),
      std::invalid_argument);
  CHECK(fixed == before); // the failed batch left no trace

  tally::matrix_accumulator<std::string> other{"cat", "dog", "bird"};
  CHECK_THROWS_AS(fixed.merge(other), std::invalid_argument);
  tally::matrix_accumulator<std::string> growing;
  growing.update(t, p);
  CHECK_THROWS_AS(fixed.merge(growing), std::invalid_argument);
  CHECK_THROWS_AS(growing.merge(fixed), std::invalid_argument);
  tally::matrix_accumulator<std::string> pristine;
  pristine.merge(fixed); // an empty growing accumulator adopts the fixed labels
  CHECK(pristine == fixed);
  fixed.merge(tally::matrix_accumulator<std::string>{});
  CHECK(fixed == before);
  CHECK_THROWS_AS((tally::matrix_accumulator<int>{1, 2, 1}), std::invalid_argument);

  const std::vector<int> ti{0, 1, 2, 2, 1}, pi{0, 2, 2, 1, 1};
  const std::vector<double> w{1, 0.5, 2, 4, 0.25};
  tally::matrix_accumulator<int, double> mw;
  mw.update(slice(ti, 0, 3), slice(pi, 0, 3), slice(w, 0, 3));
  mw.update(slice(ti, 3, 5), slice(pi, 3, 5), slice(w, 3, 5));
  CHECK(mw.counts() == tally::confusion_matrix(ti, pi, tally::sample_weight(w)));
  CHECK(mw.f1(tally::average::macro) ==
        doctest::Approx(tally::f1_score(ti, pi, tally::average::macro, tally::sample_weight(w))));
  mw.reset();
  CHECK(mw.labels().empty());
  fixed.reset();
  CHECK(fixed.labels().size() == 3);
  CHECK(fixed.total() == 0);
}

TEST_CASE("multilabel_accumulator: equals the one-shot multilabel metrics") {
  std::mt19937 rng(5);
  std::bernoulli_distribution coin(0.35);
  std::vector<std::vector<int>> t(120, std::vector<int>(4)), p(120, std::vector<int>(4));
  for (auto& row : t)
    for (auto& v : row) v = coin(rng) ? 1 : 0;
  for (auto& row : p)
    for (auto& v : row) v = coin(rng) ? 1 : 0;
  tally::multilabel_accumulator<> acc;
  const auto cut = cuts(t.size(), rng);
  for (std::size_t i = 0; i + 1 < cut.size(); ++i)
    acc.update(slice(t, cut[i], cut[i + 1]), slice(p, cut[i], cut[i + 1]));
  REQUIRE(acc.n_labels() == 4);
  const auto mcm = tally::multilabel_confusion_matrix(t, p);
  for (std::size_t j = 0; j < 4; ++j) {
    CHECK(acc.counts(j) == mcm[j]);
  }
  CHECK(acc.subset_accuracy() == tally::accuracy_score(t, p));
  CHECK(acc.hamming_loss() == doctest::Approx(tally::hamming_loss(t, p)).epsilon(1e-15));
  for (auto avg : {tally::average::micro, tally::average::macro, tally::average::weighted}) {
    CHECK(acc.precision(avg) == tally::precision_score(t, p, avg));
    CHECK(acc.recall(avg) == tally::recall_score(t, p, avg));
    CHECK(acc.f1(avg) == tally::f1_score(t, p, avg));
  }
  CHECK(acc.f1_per_label() == tally::f1_score(t, p, tally::per_label));
  CHECK_THROWS_AS((void)acc.f1(tally::average::samples), std::invalid_argument);
  CHECK_THROWS_AS((void)acc.counts(4), std::out_of_range);

  const auto before = acc;
  CHECK_THROWS_AS(acc.update(std::vector<std::vector<int>>{{1, 0, 1}},
                             std::vector<std::vector<int>>{{1, 0, 1}}),
                  std::invalid_argument);
  CHECK(acc == before);
  tally::multilabel_accumulator<> three(3);
  CHECK_THROWS_AS(acc.merge(three), std::invalid_argument);
  acc.merge(tally::multilabel_accumulator<>{}); // unconfigured: nothing to add
  CHECK(acc == before);

  // indicator views and weights
  const std::vector<std::uint8_t> flat_t{1, 0, 0, 1, 1, 1}, flat_p{1, 1, 0, 1, 0, 1};
  const std::vector<double> w{2, 0.5, 1};
  tally::multilabel_accumulator<double> mw;
  mw.update(tally::indicator(flat_t.data(), 3, 2), tally::indicator(flat_p.data(), 3, 2), w);
  CHECK(mw.total() == 3.5);
  CHECK(mw.exact_matches() == 0.5);
  CHECK(mw.counts(1).tp == 1.5);
  CHECK(mw.counts(1).fp == 2.0);
}

TEST_CASE("curve_accumulator: ROC AUC and AP equal their definitions under any batching") {
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const scored d = random_scores(250, seed, seed % 2 ? 9 : 400);
    tally::curve_accumulator<> whole;
    whole.update(d.y, d.s);
    const double auc = whole.roc_auc(), ap = whole.average_precision();
    CHECK(auc == doctest::Approx(naive_auc(d.y, d.s)).epsilon(1e-13));
    CHECK(ap == doctest::Approx(naive_ap(d.y, d.s)).epsilon(1e-13));
    std::mt19937 rng(seed);
    tally::curve_accumulator<> batched;
    const auto cut = cuts(d.y.size(), rng);
    for (std::size_t i = 0; i + 1 < cut.size(); ++i)
      batched.update(slice(d.y, cut[i], cut[i + 1]), slice(d.s, cut[i], cut[i + 1]));
    CHECK(batched == whole);
    CHECK(batched.roc_auc() == auc); // bit for bit
    CHECK(batched.average_precision() == ap);
    std::vector<double> distinct = d.s;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    CHECK(batched.size() == distinct.size());
    const double t = d.s[7];
    std::vector<int> pred(d.s.size());
    for (std::size_t i = 0; i < pred.size(); ++i) pred[i] = d.s[i] >= t ? 1 : 0;
    CHECK(batched.counts_at(t) == tally::count_binary(d.y, pred));
  }
}

TEST_CASE("curve_accumulator: scikit-learn's documented example and edge cases") {
  // roc_auc_score = 0.7222 (13/18), average_precision_score = 0.6444 (29/45)
  const std::vector<int> y{0, 0, 1, 1, 0, 1};
  const std::vector<double> s{.1, .4, .4, .8, .8, .8};
  tally::curve_accumulator<> acc;
  acc.update(y, s);
  CHECK(acc.roc_auc() == doctest::Approx(13.0 / 18.0).epsilon(1e-15));
  CHECK(acc.average_precision() == doctest::Approx(29.0 / 45.0).epsilon(1e-15));
  CHECK(acc.size() == 3);
  CHECK(acc.total_positive() == 3);
  CHECK(acc.total_negative() == 3);

  tally::curve_accumulator<> one_class;
  one_class.update(std::vector<int>{1, 1}, std::vector<double>{0.2, 0.9});
  CHECK(std::isnan(one_class.roc_auc()));
  tally::curve_accumulator<> no_pos;
  no_pos.update(std::vector<int>{0, 0}, std::vector<double>{0.2, 0.9});
  CHECK(no_pos.average_precision() == 0.0);
  CHECK(std::isnan(tally::curve_accumulator<>{}.roc_auc()));

  // -0.0 and +0.0 are one score; float scores are accepted
  tally::curve_accumulator<> zeros;
  zeros.update(std::vector<int>{1, 0}, std::vector<float>{0.0f, -0.0f});
  CHECK(zeros.size() == 1);
  CHECK(zeros.roc_auc() == 0.5);

  const auto before = acc;
  CHECK_THROWS_AS(acc.update(y, std::vector<double>{0.1, NAN, 0.2, 0.3, 0.4, 0.5}),
                  std::invalid_argument);
  CHECK_THROWS_AS(acc.update(y, std::vector<double>{0.1}), std::invalid_argument);
  CHECK(acc == before);
  tally::curve_accumulator<> neg(0);
  CHECK_THROWS_AS(acc.merge(neg), std::invalid_argument);

  // string labels with a named positive class
  tally::curve_accumulator<std::uint64_t, std::string> str("yes");
  str.update(std::vector<std::string>{"no", "no", "yes", "yes", "no", "yes"}, s);
  CHECK(str.roc_auc() == acc.roc_auc());
}

TEST_CASE("curve_accumulator: weights, zero weights and large tables") {
  const scored d = random_scores(300, 42, 30);
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> q(0, 8);
  std::vector<double> w(d.y.size());
  for (auto& v : w) v = q(rng) * 0.25; // dyadic: sums are exact in any order
  tally::curve_accumulator<double> whole, batched;
  whole.update(d.y, d.s, w);
  const auto cut = cuts(d.y.size(), rng);
  for (std::size_t i = 0; i + 1 < cut.size(); ++i)
    batched.update(slice(d.y, cut[i], cut[i + 1]), slice(d.s, cut[i], cut[i + 1]),
                   slice(w, cut[i], cut[i + 1]));
  CHECK(batched == whole);
  CHECK(batched.roc_auc() == whole.roc_auc());
  // the weighted value equals the unweighted one of the data with each
  // sample repeated 4 w times
  std::vector<int> ry;
  std::vector<double> rs;
  for (std::size_t i = 0; i < w.size(); ++i)
    for (int k = 0; k < static_cast<int>(w[i] * 4); ++k) ry.push_back(d.y[i]), rs.push_back(d.s[i]);
  tally::curve_accumulator<> repeated;
  repeated.update(ry, rs);
  CHECK(whole.roc_auc() == doctest::Approx(repeated.roc_auc()).epsilon(1e-14));
  CHECK(whole.average_precision() == doctest::Approx(repeated.average_precision()).epsilon(1e-14));
  // zero-weight samples leave no threshold behind
  tally::curve_accumulator<double> z;
  z.update(std::vector<int>{1, 0, 1}, std::vector<double>{0.3, 0.5, 0.9},
           std::vector<double>{1, 0, 1});
  CHECK(z.size() == 2);

  // many distinct scores in many small batches: the state stays exact
  std::vector<int> y(20000);
  std::vector<double> s(20000);
  std::bernoulli_distribution coin(0.3);
  std::normal_distribution<double> noise(0, 1);
  for (std::size_t i = 0; i < y.size(); ++i) {
    y[i] = coin(rng) ? 1 : 0;
    s[i] = noise(rng) + y[i];
  }
  tally::curve_accumulator<> big, small_batches;
  big.update(y, s);
  for (std::size_t i = 0; i < y.size(); i += 64) {
    const std::size_t e = (std::min)(y.size(), i + 64);
    small_batches.update(slice(y, i, e), slice(s, i, e));
  }
  CHECK(small_batches == big);
  CHECK(small_batches.size() == 20000);
  CHECK(small_batches.roc_auc() == big.roc_auc());
  small_batches.compact();
  CHECK(small_batches == big);
}

TEST_CASE("binned_curve_accumulator: exact on the grid, bounded error off it") {
  const scored d = random_scores(400, 9, 20); // scores are multiples of 1/25
  tally::curve_accumulator<> exact;
  exact.update(d.y, d.s);
  tally::binned_curve_accumulator<> on_grid(26);
  on_grid.update(d.y, d.s);
  CHECK(on_grid.roc_auc() == doctest::Approx(exact.roc_auc()).epsilon(1e-14));
  CHECK(on_grid.average_precision() == doctest::Approx(exact.average_precision()).epsilon(1e-14));
  for (std::size_t j = 0; j < on_grid.thresholds().size(); ++j)
    CHECK(on_grid.counts_at(j) == exact.counts_at(on_grid.thresholds()[j]));

  std::mt19937 rng(1);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<int> y(3000);
  std::vector<double> s(3000);
  for (std::size_t i = 0; i < y.size(); ++i) {
    s[i] = u(rng);
    y[i] = u(rng) < s[i] ? 1 : 0;
  }
  tally::curve_accumulator<> ex;
  ex.update(y, s);
  double previous_bound = 1;
  for (std::size_t n : {5u, 21u, 201u, 2001u}) {
    tally::binned_curve_accumulator<> b(n);
    for (std::size_t i = 0; i < y.size(); i += 100)
      b.update(slice(y, i, i + 100), slice(s, i, i + 100));
    CHECK(std::fabs(b.roc_auc() - ex.roc_auc()) <= b.roc_auc_error_bound() + 1e-15);
    CHECK(b.roc_auc_error_bound() < previous_bound);
    previous_bound = b.roc_auc_error_bound();
    for (std::size_t j = 0; j < n; j += n / 5)
      CHECK(b.counts_at(j) == ex.counts_at(b.thresholds()[j]));
  }
  CHECK(previous_bound < 1e-3);

  // an explicit grid; scores below the first threshold and above the last
  tally::binned_curve_accumulator<> g(std::vector<double>{-1.0, 0.0, 2.5});
  g.update(std::vector<int>{1, 0, 1, 0}, std::vector<double>{-5, -1, 3, 0.5});
  CHECK(g.counts_at(0) == tally::binary_counts<>{1, 2, 1, 0});
  CHECK(g.counts_at(2) == tally::binary_counts<>{1, 0, 1, 2});
  CHECK_THROWS_AS(tally::binned_curve_accumulator<>(std::vector<double>{0.0, 0.0}),
                  std::invalid_argument);
  CHECK_THROWS_AS(tally::binned_curve_accumulator<>(std::size_t{1}), std::invalid_argument);
  CHECK_THROWS_AS(g.merge(tally::binned_curve_accumulator<>(3)), std::invalid_argument);
  CHECK_THROWS_AS((void)g.counts_at(3), std::out_of_range);
}

TEST_CASE("parallel_update equals a single update for every accumulator") {
  std::mt19937 rng(17);
  std::uniform_int_distribution<int> lab(0, 4);
  const std::size_t n = 10007;
  std::vector<int> t(n), p(n);
  std::vector<double> s(n), w(n);
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = lab(rng);
    p[i] = lab(rng);
    s[i] = lab(rng) * 0.125 + (t[i] == 1 ? 0.1 : 0.0);
    w[i] = lab(rng) * 0.5;
  }
  const std::vector<int> y01 = [&] {
    std::vector<int> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = t[i] == 1 ? 1 : 0;
    return v;
  }();
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    tally::binary_accumulator<> b1, b2;
    b1.update(t, p);
    tally::parallel_update(b2, t, p, threads);
    CHECK(b1 == b2);
    tally::matrix_accumulator<> m1, m2;
    m1.update(t, p);
    tally::parallel_update(m2, t, p, threads);
    CHECK(m1 == m2);
    tally::curve_accumulator<> c1, c2;
    c1.update(y01, s);
    tally::parallel_update(c2, y01, s, threads);
    CHECK(c1 == c2);
    tally::curve_accumulator<double> cw1, cw2;
    cw1.update(y01, s, w);
    tally::parallel_update(cw2, y01, s, w, threads);
    CHECK(cw1 == cw2);
    tally::binned_curve_accumulator<> g1(50), g2(50);
    g1.update(y01, s);
    tally::parallel_update(g2, y01, s, threads);
    CHECK(g1 == g2);
  }
  // errors in a worker thread reach the caller and leave acc unchanged
  tally::matrix_accumulator<> fixed{0, 1, 2, 3};
  const auto before = fixed;
  CHECK_THROWS_AS(tally::parallel_update(fixed, t, p, 4), std::invalid_argument);
  CHECK(fixed == before);
  std::vector<std::vector<int>> rows_t(301, std::vector<int>(3)), rows_p(301, std::vector<int>(3));
  for (std::size_t i = 0; i < rows_t.size(); ++i)
    for (std::size_t j = 0; j < 3; ++j) rows_t[i][j] = lab(rng) % 2, rows_p[i][j] = lab(rng) % 2;
  tally::multilabel_accumulator<> ml1, ml2;
  ml1.update(rows_t, rows_p);
  tally::parallel_update(ml2, rows_t, rows_p, 3);
  CHECK(ml1 == ml2);
}

TEST_CASE("curve_accumulator agrees with the one-shot ranking functions") {
  for (unsigned seed = 20; seed < 26; ++seed) {
    const scored d = random_scores(500, seed, seed % 2 ? 7 : 1000);
    std::mt19937 rng(seed);
    tally::curve_accumulator<> acc;
    const auto cut = cuts(d.y.size(), rng);
    for (std::size_t i = 0; i + 1 < cut.size(); ++i)
      acc.update(slice(d.y, cut[i], cut[i + 1]), slice(d.s, cut[i], cut[i + 1]));
    CHECK(acc.roc_auc() == tally::roc_auc_score(d.y, d.s));
    CHECK(acc.average_precision() == tally::average_precision_score(d.y, d.s));
    CHECK(acc.roc_auc(0.3) == tally::roc_auc_score(d.y, d.s, tally::max_fpr(0.3)));
    const auto r1 = acc.roc_curve(), r2 = tally::roc_curve(d.y, d.s);
    CHECK(r1.fpr == r2.fpr);
    CHECK(r1.tpr == r2.tpr);
    CHECK(r1.thresholds == r2.thresholds);
    const auto r3 = acc.roc_curve(false),
               r4 = tally::roc_curve(d.y, d.s, tally::drop_intermediate(false));
    CHECK(r3.fpr == r4.fpr);
    for (bool drop : {false, true}) {
      const auto p1 = acc.precision_recall_curve(drop);
      const auto p2 = tally::precision_recall_curve(d.y, d.s, tally::drop_intermediate(drop));
      CHECK(p1.precision == p2.precision);
      CHECK(p1.recall == p2.recall);
      CHECK(p1.thresholds == p2.thresholds);
    }
    const auto c1 = acc.confusion_matrix_at_thresholds();
    const auto c2 = tally::confusion_matrix_at_thresholds(d.y, d.s);
    CHECK(c1.tps == c2.tps);
    CHECK(c1.fps == c2.fps);
    CHECK(c1.tns == c2.tns);
    CHECK(c1.fns == c2.fns);
    CHECK(c1.thresholds == c2.thresholds);

    // weighted, with weights whose sums are exact in any order
    std::uniform_int_distribution<int> q(0, 8);
    std::vector<double> w(d.y.size());
    for (auto& v : w) v = q(rng) * 0.5;
    tally::curve_accumulator<double> wacc;
    for (std::size_t i = 0; i + 1 < cut.size(); ++i)
      wacc.update(slice(d.y, cut[i], cut[i + 1]), slice(d.s, cut[i], cut[i + 1]),
                  slice(w, cut[i], cut[i + 1]));
    CHECK(wacc.roc_auc() == tally::roc_auc_score(d.y, d.s, tally::sample_weight(w)));
    CHECK(wacc.average_precision() ==
          tally::average_precision_score(d.y, d.s, tally::sample_weight(w)));
  }
  // float scores: the one-shot keeps float, the accumulator widens to double
  const std::vector<int> y{1, 0, 1, 0, 1, 1, 0};
  const std::vector<float> s{0.3f, 0.1f, 0.7f, 0.3f, 0.9f, 0.1f, 0.8f};
  tally::curve_accumulator<> f;
  f.update(y, s);
  CHECK(f.roc_auc() == tally::roc_auc_score(y, s));
  CHECK(f.average_precision() == tally::average_precision_score(y, s));
  // an empty state has well-defined curves
  tally::curve_accumulator<> none;
  CHECK(none.precision_recall_curve().precision == std::vector<double>{1.0});
  CHECK(none.roc_curve().fpr.size() == 1);
  CHECK(std::isnan(none.roc_auc(0.5)));
  CHECK_THROWS_AS((void)none.roc_auc(1.5), std::invalid_argument);
}

TEST_CASE("weighted accumulators: a batch whose weights are all zero adds nothing") {
  const std::vector<int> t{1, 0}, p{1, 1};
  const std::vector<double> zero{0, 0};
  tally::binary_accumulator<double> b;
  b.update(t, p, zero);
  CHECK(b.total() == 0);
  tally::matrix_accumulator<int, double> m;
  m.update(t, p, zero);
  CHECK(m.total() == 0);
  tally::matrix_accumulator<int, double> mf{0, 1};
  mf.update(t, p, zero);
  CHECK(mf.total() == 0);
  tally::multilabel_accumulator<double> ml;
  ml.update(std::vector<std::vector<int>>{{1, 0}, {0, 1}},
            std::vector<std::vector<int>>{{1, 1}, {0, 1}}, zero);
  CHECK(ml.total() == 0);
  tally::curve_accumulator<double> c;
  c.update(t, std::vector<double>{0.5, 0.25}, zero);
  CHECK(c.size() == 0);
  tally::binned_curve_accumulator<double> g(5);
  g.update(t, std::vector<double>{0.5, 0.25}, zero);
  CHECK(g.total() == 0);
  // lengths are still checked
  CHECK_THROWS_AS(b.update(t, p, std::vector<double>{0}), std::invalid_argument);
  CHECK_THROWS_AS(m.update(t, p, std::vector<double>{0}), std::invalid_argument);
}
