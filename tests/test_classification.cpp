// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/classification.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <list>
#include <random>
#include <sstream>
#include <string>
#include <vector>

// Reference values marked [sk] are scikit-learn's results for the same call.

namespace {
using z = tally::zero_division;
using avg = tally::average;
const std::vector<std::vector<int>> Y{{1, 0, 1}, {0, 1, 0}, {1, 1, 0}};
const std::vector<std::vector<int>> P{{1, 0, 0}, {0, 1, 1}, {1, 0, 0}};
} // namespace

TEST_CASE("the accuracy-versus-F1 labels") {
  // 1133 TP, 484 FP, 138 FN, 343 TN as label arrays
  std::vector<int> t, p;
  auto add = [&](int a, int b, int k) {
    for (int i = 0; i < k; ++i) t.push_back(a), p.push_back(b);
  };
  add(1, 1, 1133);
  add(0, 1, 484);
  add(1, 0, 138);
  add(0, 0, 343);
  CHECK(tally::accuracy_score(t, p) == doctest::Approx(0.70352716873).epsilon(1e-10));
  CHECK(tally::precision_score(t, p) == doctest::Approx(0.70068027210).epsilon(1e-10));
  CHECK(tally::recall_score(t, p) == doctest::Approx(0.89142407553).epsilon(1e-10));
  CHECK(tally::f1_score(t, p) == doctest::Approx(0.78462603878).epsilon(1e-10));
  CHECK(tally::matthews_corrcoef(t, p) == doctest::Approx(0.35593393724).epsilon(1e-10));
  CHECK(tally::count_binary(t, p) == tally::binary_counts<>{1133, 484, 138, 343});
}

TEST_CASE("averages [sk]") {
  const std::vector<int> a{0, 1, 1, 2}, b{0, 1, 0, 0};
  CHECK(tally::f1_score(a, b, avg::weighted) == doctest::Approx(0.4583333333333333));
  const std::vector<int> c{0, 1, 1}, d{0, 1, 0};
  CHECK(tally::f1_score(c, d, avg::macro, tally::labels({0, 1, 2})) ==
        doctest::Approx(0.4444444444444444));
  CHECK(tally::f1_score(c, d, avg::macro) == doctest::Approx(0.6666666666666666));
  // micro F1 equals accuracy when every label counts
  CHECK(tally::f1_score(a, b, avg::micro) == doctest::Approx(tally::accuracy_score(a, b)));
  CHECK(tally::f1_score(a, b, avg::micro, tally::labels({1, 2})) == doctest::Approx(0.5));
  const auto per = tally::f1_score(a, b, tally::per_label);
  REQUIRE(per.size() == 3);
  CHECK(per[0] == doctest::Approx(0.5));
  CHECK(per[1] == doctest::Approx(2.0 / 3));
  CHECK(per[2] == 0.0);
  const auto prfs = tally::precision_recall_fscore_support(a, b);
  CHECK(prfs.support == std::vector<double>{1, 2, 1});
  CHECK(prfs.precision[0] == doctest::Approx(1.0 / 3));
  const auto m = tally::precision_recall_fscore_support(a, b, avg::macro);
  CHECK(m.fscore == doctest::Approx((0.5 + 2.0 / 3) / 3));
  CHECK_THROWS_AS((void)tally::f1_score(a, b, avg::none), std::invalid_argument);
}

TEST_CASE("multilabel averages [sk]") {
  CHECK(tally::f1_score(Y, P, avg::micro) == doctest::Approx(0.6666666666666666));
  CHECK(tally::f1_score(Y, P, avg::macro) == doctest::Approx(0.5555555555555555));
  CHECK(tally::f1_score(Y, P, avg::weighted) == doctest::Approx(0.6666666666666666));
  CHECK(tally::f1_score(Y, P, avg::samples) == doctest::Approx(0.6666666666666666));
  CHECK(tally::jaccard_score(Y, P, avg::micro) == doctest::Approx(0.5));
  CHECK(tally::jaccard_score(Y, P, avg::macro) == doctest::Approx(0.5));
  CHECK(tally::jaccard_score(Y, P, avg::weighted) == doctest::Approx(0.6));
  CHECK(tally::jaccard_score(Y, P, avg::samples) == doctest::Approx(0.5));
  CHECK(tally::hamming_loss(Y, P) == doctest::Approx(1.0 / 3));
  CHECK(tally::accuracy_score(Y, P) == 0.0); // no row matches exactly
  CHECK(tally::accuracy_score(Y, Y) == 1.0);
  const int flat_t[] = {1, 0, 1, 0, 1, 0, 1, 1, 0}, flat_p[] = {1, 0, 0, 0, 1, 1, 1, 0, 0};
  CHECK(tally::f1_score(tally::indicator(flat_t, 3, 3), tally::indicator(flat_p, 3, 3),
                        avg::macro) == doctest::Approx(0.5555555555555555));
  const auto mcm = tally::multilabel_confusion_matrix(Y, P);
  REQUIRE(mcm.size() == 3);
  CHECK(mcm[0] == tally::binary_counts<>{2, 0, 0, 1});
  CHECK(mcm[1] == tally::binary_counts<>{1, 0, 1, 1});
  CHECK(mcm[2] == tally::binary_counts<>{0, 1, 1, 1});
  const auto rows = tally::multilabel_confusion_matrix(Y, P, tally::samplewise());
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == tally::binary_counts<>{1, 0, 1, 1});
  CHECK(tally::f1_score(Y, P, avg::macro, tally::labels({2, 0})) ==
        doctest::Approx((0.0 + 1.0) / 2));
  CHECK_THROWS_AS((void)tally::f1_score(Y, P, avg::macro, tally::labels({3})),
                  std::invalid_argument);
}

TEST_CASE("kappa, likelihood ratios, balanced accuracy [sk]") {
  const std::vector<int> a{0, 1, 2, 2, 1, 0, 2}, b{0, 2, 2, 1, 1, 0, 0};
  CHECK(tally::cohen_kappa_score(a, b) == doctest::Approx(0.36363636363636365));
  CHECK(tally::cohen_kappa_score(a, b, tally::kappa_weights::linear) ==
        doctest::Approx(0.391304347826087));
  CHECK(tally::cohen_kappa_score(a, b, tally::kappa_weights::quadratic) ==
        doctest::Approx(0.4166666666666667));
  const std::vector<int> t{0, 1, 0, 1, 0}, p{1, 1, 0, 0, 0};
  const auto lr = tally::class_likelihood_ratios(t, p);
  CHECK(lr.positive == doctest::Approx(1.5));
  CHECK(lr.negative == doctest::Approx(0.75));
  {
    // single-pass input: the labels are read once
    std::istringstream ts("0 1 0 1 0"), ps("1 1 0 0 0");
    const auto lr_stream = tally::class_likelihood_ratios(
        std::istream_iterator<int>(ts), std::istream_iterator<int>(),
        std::istream_iterator<int>(ps), std::istream_iterator<int>());
    CHECK(lr_stream.positive == lr.positive);
    CHECK(lr_stream.negative == lr.negative);
  }
  const std::vector<int> no_fp_t{0, 1, 1}, no_fp_p{0, 1, 0};
  CHECK(std::isnan(tally::class_likelihood_ratios(no_fp_t, no_fp_p).positive));
  CHECK(
      tally::class_likelihood_ratios(no_fp_t, no_fp_p, tally::replace_undefined_by(1.0)).positive ==
      1.0);
  CHECK_THROWS_AS((void)tally::class_likelihood_ratios(t, p, tally::replace_undefined_by(0.5)),
                  std::invalid_argument);
  CHECK_THROWS_AS((void)tally::class_likelihood_ratios(t, p, tally::replace_undefined_by(0.5, 0.5)),
                  std::invalid_argument);
  const auto pair =
      tally::class_likelihood_ratios(no_fp_t, no_fp_p, tally::replace_undefined_by(2.0, 0.5));
  CHECK(pair.positive == 2.0);
  const std::vector<int> ba{0, 0, 1, 1}, bp{0, 2, 1, 1};
  CHECK(tally::balanced_accuracy_score(ba, bp) == doctest::Approx(0.75));
  const std::vector<int> adj_t{0, 0, 1, 1, 2, 2}, adj_p{0, 1, 1, 1, 2, 0};
  CHECK(tally::balanced_accuracy_score(adj_t, adj_p, tally::adjusted()) == doctest::Approx(0.5));
  const std::vector<int> same{1, 1, 1};
  CHECK(tally::matthews_corrcoef(same, same) == 0.0);
  CHECK(tally::zero_one_loss(a, b) == doctest::Approx(3.0 / 7));
  CHECK(tally::zero_one_loss(a, b, tally::normalized(false)) == 3.0);
  CHECK(tally::accuracy_score(a, b, tally::normalized(false)) == 4.0);
}

TEST_CASE("zero-division matrix") {
  // nothing predicted positive, some true positives
  const std::vector<int> t{1, 0, 1}, p{0, 0, 0};
  for (auto policy : {z::warn, z::zero, z::one, z::nan}) {
    CAPTURE(static_cast<int>(policy));
    const double expect = policy == z::one ? 1.0 : 0.0;
    const double pr = tally::precision_score(t, p, policy);
    if (policy == z::nan)
      CHECK(std::isnan(pr));
    else
      CHECK(pr == expect);
    CHECK(tally::recall_score(t, p, policy) == 0.0);
    CHECK(tally::f1_score(t, p, policy) == 0.0); // defined: true positives exist
  }
  CHECK_THROWS_AS((void)tally::precision_score(t, p, z::raise), std::domain_error);
  // nothing positive anywhere: pos_label 1 is absent, one label present
  const std::vector<int> zeros{0, 0};
  CHECK(tally::f1_score(zeros, zeros) == 0.0);
  CHECK(tally::f1_score(zeros, zeros, z::one) == 1.0);
  CHECK(std::isnan(tally::f1_score(zeros, zeros, z::nan)));
  // NaN labels are left out of macro averages
  const std::vector<int> a{0, 1, 1}, b{0, 1, 1};
  CHECK(tally::precision_score(a, b, avg::macro, tally::labels({0, 1, 2}), z::nan) == 1.0);
  CHECK(tally::precision_score(a, b, avg::macro, tally::labels({0, 1, 2}), z::zero) ==
        doctest::Approx(2.0 / 3));
  CHECK(tally::precision_score(a, b, avg::macro, tally::labels({0, 1, 2}), z::one) == 1.0);
  CHECK(std::isnan(tally::precision_score(a, b, avg::macro, tally::labels({5}), z::nan)));
  CHECK_THROWS_AS((void)tally::jaccard_score(a, b, avg::macro, z::nan), std::invalid_argument);
  CHECK(tally::jaccard_score(zeros, zeros, z::one) == 1.0);
}

TEST_CASE_TEMPLATE("label types score alike", L, int, std::int8_t, std::uint16_t, long long,
                   double) {
  const std::vector<int> base_t{2, 0, 2, 1, 1, 0, 2, 2}, base_p{2, 0, 1, 1, 0, 0, 2, 1};
  std::vector<L> t, p;
  for (int v : base_t) t.push_back(static_cast<L>(v));
  for (int v : base_p) p.push_back(static_cast<L>(v));
  CHECK(tally::f1_score(t, p, avg::macro) ==
        doctest::Approx(tally::f1_score(base_t, base_p, avg::macro)));
  CHECK(tally::matthews_corrcoef(t, p) ==
        doctest::Approx(tally::matthews_corrcoef(base_t, base_p)));
  // labels do not make a multiclass target binary
  CHECK_THROWS_AS(
      (void)tally::precision_score(t, p, tally::pos_label(static_cast<L>(2)),
                                   tally::labels({static_cast<L>(0), static_cast<L>(2)})),
      std::invalid_argument);
}

TEST_CASE("string and bool labels") {
  const std::vector<std::string> t{"spam", "ham", "spam", "ham"}, p{"spam", "spam", "ham", "ham"};
  CHECK(tally::f1_score(t, p, tally::pos_label("spam")) == doctest::Approx(0.5));
  CHECK_THROWS_WITH_AS((void)tally::f1_score(t, p),
                       "pos_label=1 is not a valid label: it should be one of ['ham', 'spam']",
                       std::invalid_argument);
  const std::vector<bool> bt{true, false, true}, bp{true, true, true};
  CHECK(tally::precision_score(bt, bp) == doctest::Approx(2.0 / 3));
  CHECK(tally::recall_score(bt, bp, tally::pos_label(false), tally::zero_division::one) == 0.0);
  const std::list<const char*> lt{"a", "b"}, lp{"a", "a"};
  CHECK(tally::accuracy_score(lt, lp) == 0.5);
}

TEST_CASE("weights equal repeated samples; permutations change nothing") {
  std::mt19937 rng(11);
  std::vector<int> t, p, rt, rp;
  std::vector<double> w;
  for (int i = 0; i < 400; ++i) {
    const int a = int(rng() % 3), b = int(rng() % 3), k = 1 + int(rng() % 3);
    t.push_back(a), p.push_back(b), w.push_back(k);
    for (int j = 0; j < k; ++j) rt.push_back(a), rp.push_back(b);
  }
  const auto sw = tally::sample_weight(w);
  for (auto a : {avg::micro, avg::macro, avg::weighted}) {
    CHECK(tally::f1_score(t, p, a, sw) == doctest::Approx(tally::f1_score(rt, rp, a)));
    CHECK(tally::jaccard_score(t, p, a, sw) == doctest::Approx(tally::jaccard_score(rt, rp, a)));
  }
  CHECK(tally::matthews_corrcoef(t, p, sw) == doctest::Approx(tally::matthews_corrcoef(rt, rp)));
  CHECK(tally::cohen_kappa_score(t, p, sw) == doctest::Approx(tally::cohen_kappa_score(rt, rp)));
  CHECK(tally::balanced_accuracy_score(t, p, sw) ==
        doctest::Approx(tally::balanced_accuracy_score(rt, rp)));
  CHECK(tally::accuracy_score(t, p, sw) == doctest::Approx(tally::accuracy_score(rt, rp)));
  CHECK(tally::hamming_loss(t, p, sw) == doctest::Approx(tally::hamming_loss(rt, rp)));
  std::vector<std::size_t> idx(t.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::shuffle(idx.begin(), idx.end(), rng);
  std::vector<int> st, sp;
  for (auto i : idx) st.push_back(t[i]), sp.push_back(p[i]);
  CHECK(tally::f1_score(st, sp, avg::macro) == doctest::Approx(tally::f1_score(t, p, avg::macro)));
  CHECK(tally::matthews_corrcoef(st, sp) == doctest::Approx(tally::matthews_corrcoef(t, p)));
}

TEST_CASE("metric ranges on random data") {
  std::mt19937 rng(5);
  for (int round = 0; round < 50; ++round) {
    const std::size_t n = 1 + rng() % 60;
    std::vector<int> t(n), p(n);
    for (auto& v : t) v = int(rng() % 3);
    for (auto& v : p) v = int(rng() % 3);
    for (auto a : {avg::micro, avg::macro, avg::weighted}) {
      const double f = tally::f1_score(t, p, a);
      CHECK(f >= 0.0);
      CHECK(f <= 1.0);
    }
    const double m = tally::matthews_corrcoef(t, p);
    CHECK(m >= -1.0);
    CHECK(m <= 1.0);
  }
}

TEST_CASE("bad input") {
  const std::vector<int> a{0, 1, 2}, b{0, 1};
  CHECK_THROWS_WITH_AS((void)tally::f1_score(a, b), "y_true has 3 elements, y_pred has 2",
                       std::invalid_argument);
  const std::vector<int> empty;
  CHECK_THROWS_AS((void)tally::accuracy_score(empty, empty), std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::f1_score(a, a),
                       "average is binary but the target is multiclass: choose average::micro, "
                       "macro, weighted or per_label",
                       std::invalid_argument);
  const std::vector<int> bin{0, 2, 2};
  CHECK_THROWS_WITH_AS((void)tally::f1_score(bin, bin),
                       "pos_label=1 is not a valid label: it should be one of [0, 2]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::fbeta_score(bin, bin, tally::beta(-1), avg::macro),
                       "beta must be >= 0, got -1", std::invalid_argument);
  CHECK_THROWS_AS((void)tally::f1_score(a, a, avg::macro, tally::sample_weight({1.0, -1.0, 1.0})),
                  std::invalid_argument);
  CHECK_THROWS_AS((void)tally::f1_score(a, a, avg::samples), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::f1_score(Y, P), std::invalid_argument); // binary on multilabel
  const std::vector<std::vector<int>> ragged{{1, 0}, {1}};
  CHECK_THROWS_WITH_AS((void)tally::f1_score(ragged, ragged, avg::micro),
                       "y_true has ragged rows: row 0 has 2 columns, row 1 has 1",
                       std::invalid_argument);
  const std::vector<std::vector<int>> not01{{2, 0}};
  CHECK_THROWS_AS((void)tally::f1_score(not01, not01, avg::micro), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::accuracy_score(a, a, tally::sample_weight({0.0, 0.0, 0.0})),
                  std::invalid_argument);
  CHECK_THROWS_AS((void)tally::class_likelihood_ratios(a, a), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::cohen_kappa_score(a, a, tally::labels({7})), std::invalid_argument);
}
