// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/classification.hpp>
#include <tally/explain.hpp>
#include <tally/explain_io.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using counts = tally::binary_counts<std::uint64_t>;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::string text_of(const tally::binary_explanation& e, const char* rule) {
  const tally::finding* f = e.find(rule);
  return f ? f->text : std::string();
}

// Every rule id a binary explanation can produce.
const char* const binary_rules[] = {"accuracy_below_f1",
                                    "accuracy_above_f1",
                                    "accuracy_above_balanced",
                                    "accuracy_below_balanced",
                                    "recall_above_specificity",
                                    "specificity_above_recall",
                                    "accuracy_not_above_baseline",
                                    "accuracy_near_baseline",
                                    "f1_not_above_baseline",
                                    "f1_near_baseline",
                                    "near_chance",
                                    "worse_than_chance",
                                    "undefined_metrics"};

// Checks that exactly the listed rules fired.
void check_rules(const tally::binary_explanation& e, std::vector<std::string> expected) {
  for (const char* rule : binary_rules) {
    bool want = false;
    for (const auto& r : expected) want = want || r == rule;
    INFO("rule " << rule);
    CHECK(e.has(rule) == want);
  }
}

// Expands counts into label vectors (1 = positive).
void to_labels(const counts& c, std::vector<int>& t, std::vector<int>& p) {
  t.clear();
  p.clear();
  const auto add = [&](std::uint64_t n, int tv, int pv) {
    for (std::uint64_t i = 0; i < n; ++i) {
      t.push_back(tv);
      p.push_back(pv);
    }
  };
  add(c.tp, 1, 1);
  add(c.fp, 0, 1);
  add(c.fn, 1, 0);
  add(c.tn, 0, 0);
}

} // namespace

TEST_CASE("explain: the reported Keras scores (TP=1133 FP=484 FN=138 TN=343)") {
  const counts c{1133, 484, 138, 343};
  const auto e = tally::explain(c);
  CHECK(e.total == 2098);
  CHECK(e.prevalence == doctest::Approx(1271.0 / 2098));
  CHECK(e.predicted_positive_rate == doctest::Approx(1617.0 / 2098));
  CHECK(e.accuracy == doctest::Approx(1476.0 / 2098));
  CHECK(e.f1 == doctest::Approx(0.7846260387811634).epsilon(1e-14));
  CHECK(e.recall == doctest::Approx(0.8914240755310779).epsilon(1e-14));
  CHECK(e.precision == doctest::Approx(0.7006802721088435).epsilon(1e-14));
  CHECK(e.specificity == doctest::Approx(343.0 / 827));
  CHECK(e.npv == doctest::Approx(343.0 / 481));
  CHECK(e.balanced_accuracy == doctest::Approx((1133.0 / 1271 + 343.0 / 827) / 2));
  // scikit-learn 1.2: matthews_corrcoef 0.35593393724674394, cohen_kappa_score
  // 0.33031442925983134 on the same labels
  CHECK(e.mcc == doctest::Approx(0.35593393724674394).epsilon(1e-12));
  CHECK(e.kappa == doctest::Approx(0.33031442925983134).epsilon(1e-12));
  CHECK(e.informedness == doctest::Approx(e.recall + e.specificity - 1));

  // which metrics use true negatives
  for (const auto& m : e.metrics) {
    INFO(m.name);
    const bool tn_free = m.name == "precision" || m.name == "recall" || m.name == "F1";
    CHECK(m.uses_tn == !tn_free);
  }
  CHECK(e.metrics.size() == 11);

  // chance baselines from prevalence p and predicted-positive rate q
  REQUIRE(e.baselines.size() == 3);
  const double p = 1271.0 / 2098, q = 1617.0 / 2098;
  CHECK(e.baselines[0].accuracy == doctest::Approx(p));
  CHECK(e.baselines[0].f1 == doctest::Approx(2.0 * 1271 / (2.0 * 1271 + 827)));
  CHECK(e.baselines[1].accuracy == doctest::Approx(1 - p));
  CHECK(e.baselines[1].f1 == 0.0);
  CHECK(e.baselines[2].predicted_positive_rate == doctest::Approx(q));
  CHECK(e.baselines[2].accuracy == doctest::Approx(p * q + (1 - p) * (1 - q)));
  CHECK(e.baselines[2].f1 == doctest::Approx(2 * p * q / (p + q)));
  CHECK(e.baselines[2].balanced_accuracy == doctest::Approx(0.5));

  check_rules(e, {"accuracy_below_f1", "accuracy_above_balanced", "recall_above_specificity",
                  "f1_near_baseline"});
  const std::string gap = text_of(e, "accuracy_below_f1");
  CHECK(contains(gap, "Accuracy (0.704) is below F1 (0.785)"));
  CHECK(contains(gap, "fewer true negatives (343) than true positives (1133)"));
  CHECK(contains(gap, "finds only 41% of negatives"));
  CHECK(contains(gap, "negatives are only 39% of the samples"));
  CHECK(contains(gap, "622 errors"));
  CHECK(contains(text_of(e, "f1_near_baseline"), "always predicting positive (0.755)"));
  CHECK(contains(text_of(e, "accuracy_above_balanced"), "better on the larger class"));
}

TEST_CASE("explain: F1 exceeds accuracy exactly when TP > TN, and the rule follows it") {
  const std::uint64_t values[] = {0, 1, 3, 10, 40, 200};
  int below = 0, above = 0;
  for (auto tp : values)
    for (auto fp : values)
      for (auto fn : values)
        for (auto tn : values) {
          const counts c{tp, fp, fn, tn};
          if (c.total() == 0) continue;
          const auto e = tally::explain(c);
          const bool defined = !std::isnan(e.f1);
          const bool errors = fp + fn > 0;
          INFO(tp << " " << fp << " " << fn << " " << tn);
          if (defined && errors) {
            CHECK((e.f1 > e.accuracy) == (tp > tn));
            CHECK((e.f1 < e.accuracy) == (tn > tp));
          }
          const bool big = defined && std::fabs(e.accuracy - e.f1) >= 0.02;
          CHECK(e.has("accuracy_below_f1") == (big && errors && tp > tn));
          CHECK(e.has("accuracy_above_f1") == (big && errors && tn > tp));
          // accuracy - balanced accuracy = (p - 1/2)(recall - specificity)
          if (tp + fn > 0 && fp + tn > 0)
            CHECK(e.accuracy - e.balanced_accuracy ==
                  doctest::Approx((e.prevalence - 0.5) * (e.recall - e.specificity)));
          // F1, precision and recall never move with TN
          const auto e2 = tally::explain(counts{tp, fp, fn, tn + 1000});
          if (defined) CHECK(e2.f1 == e.f1);
          below += e.has("accuracy_below_f1");
          above += e.has("accuracy_above_f1");
        }
  CHECK(below > 0);
  CHECK(above > 0);
}

TEST_CASE("explain: accuracy above F1 with rare positives") {
  const auto e = tally::explain(counts{10, 20, 10, 960});
  check_rules(e, {"accuracy_above_f1", "accuracy_above_balanced", "specificity_above_recall",
                  "accuracy_not_above_baseline"});
  const std::string s = text_of(e, "accuracy_above_f1");
  CHECK(contains(s, "true negatives (960) outnumber true positives (10)"));
  CHECK(contains(s, "positives are only 2% of the samples"));
  CHECK(contains(s, "finds only 50% of positives"));
  CHECK(contains(text_of(e, "accuracy_not_above_baseline"), "always predicting negative (0.980)"));
}

TEST_CASE("explain: no findings when the metrics agree") {
  const auto e = tally::explain(counts{45, 5, 5, 45});
  CHECK(e.accuracy == doctest::Approx(0.9));
  CHECK(e.f1 == doctest::Approx(0.9));
  CHECK(e.findings.empty());
  CHECK(contains(e.to_string(), "(none: the metrics agree"));
}

TEST_CASE("explain: the rule thresholds come from explain_rules") {
  const counts c{50, 10, 10, 40}; // accuracy 0.818, F1 0.833
  CHECK_FALSE(tally::explain(c).has("accuracy_below_f1"));
  tally::explain_rules tight;
  tight.gap = 0.01;
  CHECK(tally::explain(c, tight).has("accuracy_below_f1"));

  const counts d{80, 30, 20, 70}; // recall 0.8, specificity 0.7
  CHECK_FALSE(tally::explain(d).has("recall_above_specificity"));
  tally::explain_rules sensitive;
  sensitive.asymmetry = 0.05;
  CHECK(tally::explain(d, sensitive).has("recall_above_specificity"));

  tally::explain_rules wide;
  wide.chance_band = 0.9;
  CHECK(tally::explain(d, wide).has("near_chance"));
  CHECK_FALSE(tally::explain(d).has("near_chance"));
}

TEST_CASE("explain: the model better on the smaller class") {
  // positives 2%, found 90%; negatives found 69%
  const auto e = tally::explain(counts{18, 300, 2, 680});
  CHECK(e.has("accuracy_below_balanced"));
  CHECK_FALSE(e.has("accuracy_above_balanced"));
  CHECK(contains(text_of(e, "accuracy_below_balanced"), "better on the smaller class"));
  CHECK(e.has("recall_above_specificity"));
  CHECK(e.has("accuracy_not_above_baseline"));
}

TEST_CASE("explain: near a baseline, and clear of it") {
  // accuracy 0.983 against always-negative 0.980
  const auto near = tally::explain(counts{5, 2, 15, 978});
  CHECK(near.has("accuracy_near_baseline"));
  CHECK_FALSE(near.has("accuracy_not_above_baseline"));
  CHECK(contains(text_of(near, "accuracy_near_baseline"), "only 0.003 above"));

  // F1 0.75 on balanced data: always positive gives 0.667
  const auto clear = tally::explain(counts{75, 25, 25, 75});
  CHECK_FALSE(clear.has("f1_near_baseline"));
  CHECK_FALSE(clear.has("f1_not_above_baseline"));

  // F1 below always-positive's
  const auto below = tally::explain(counts{30, 10, 50, 10});
  CHECK(below.has("f1_not_above_baseline"));
}

TEST_CASE("explain: chance-level and inverted predictions") {
  const auto chance = tally::explain(counts{50, 45, 50, 55});
  CHECK(std::fabs(chance.mcc) < 0.1);
  CHECK(chance.has("near_chance"));
  CHECK(contains(text_of(chance, "near_chance"), "and F1 (0.513) say."));
  CHECK_FALSE(chance.has("worse_than_chance"));

  const auto inverted = tally::explain(counts{10, 40, 40, 10});
  CHECK(inverted.mcc == doctest::Approx(-0.6));
  CHECK(inverted.has("worse_than_chance"));
  CHECK_FALSE(inverted.has("near_chance"));
}

TEST_CASE("explain: undefined ratios") {
  // never predicts positive
  const auto none = tally::explain(counts{0, 0, 10, 90});
  CHECK(std::isnan(none.precision));
  CHECK(none.f1 == 0.0);
  REQUIRE(none.has("undefined_metrics"));
  CHECK(contains(text_of(none, "undefined_metrics"), "precision"));
  CHECK_FALSE(contains(text_of(none, "undefined_metrics"), "recall"));
  CHECK(none.has("near_chance")); // constant predictions carry no information
  CHECK(contains(none.to_string(), "undefined"));

  // no positive sample at all: recall is undefined, F1 is 0 (a false positive)
  const auto negatives = tally::explain(counts{0, 5, 0, 95});
  CHECK(std::isnan(negatives.recall));
  CHECK(negatives.f1 == 0.0);
  CHECK(contains(text_of(negatives, "undefined_metrics"), "recall"));
  CHECK_FALSE(contains(text_of(negatives, "undefined_metrics"), "F1"));
  CHECK_FALSE(negatives.has("near_chance")); // needs both classes in truth
  CHECK(contains(text_of(negatives, "accuracy_above_f1"), "there are no positive samples"));

  // nothing positive in truth or prediction: F1 itself is undefined
  const auto empty = tally::explain(counts{0, 0, 0, 100});
  CHECK(std::isnan(empty.f1));
  const std::string s = text_of(empty, "undefined_metrics");
  CHECK(contains(s, "precision"));
  CHECK(contains(s, "recall"));
  CHECK(contains(s, "F1"));
  CHECK_FALSE(contains(s, "NPV"));
  CHECK_FALSE(empty.has("accuracy_above_f1"));
  CHECK_FALSE(empty.has("f1_not_above_baseline"));

  CHECK_FALSE(tally::explain(counts{1, 1, 1, 1}).has("undefined_metrics"));
}

TEST_CASE("explain: weighted counts, labels and errors") {
  const tally::binary_counts<double> w{2.5, 1.25, 0.5, 3.75};
  const auto e = tally::explain(w);
  CHECK(e.total == 8.0);
  CHECK(e.accuracy == doctest::Approx(6.25 / 8));
  CHECK(contains(e.to_string(), "TP    2.5"));

  const counts c{7, 3, 2, 8};
  std::vector<int> t, p;
  to_labels(c, t, p);
  const auto from_labels = tally::explain(t, p);
  CHECK(from_labels.counts == tally::binary_counts<double>{7, 3, 2, 8});
  CHECK(from_labels.to_string() == tally::explain(c).to_string());

  const std::vector<std::string> ts = {"spam", "ham", "spam", "ham"};
  const std::vector<std::string> ps = {"spam", "spam", "ham", "ham"};
  const auto s = tally::explain(ts, ps, tally::pos_label("spam"));
  CHECK(s.counts == tally::binary_counts<double>{1, 1, 1, 1});

  CHECK_THROWS_AS((void)tally::explain(counts{0, 0, 0, 0}), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::explain(tally::binary_counts<double>{1, -1, 0, 0}),
                  std::invalid_argument);
}

TEST_CASE("explain: printing") {
  const auto e = tally::explain(counts{1133, 484, 138, 343});
  const std::string s = e.to_string();
  CHECK(contains(s, "TP   1133"));
  CHECK(contains(s, "TN    343"));
  CHECK(contains(s, "prevalence 60.6%"));
  CHECK(contains(s, "predicted positive: 77.1%"));
  CHECK(contains(s, "always negative"));
  // findings are wrapped to 78 columns
  std::istringstream lines(s);
  std::string line;
  bool in_findings = false;
  while (std::getline(lines, line)) {
    if (line == "Findings") in_findings = true;
    if (in_findings) CHECK(line.size() <= 78);
  }
  CHECK(in_findings);

  std::ostringstream os;
  os << e;
  CHECK(os.str() == s);
  std::ostringstream one;
  one << e.findings.front();
  CHECK(one.str().rfind(e.findings.front().rule + ": ", 0) == 0);
}

TEST_CASE("explain: multiclass matrix") {
  // rows true, columns predicted: 'bird' is never predicted
  tally::matrix<std::uint64_t> m(3);
  m(0, 0) = 50;
  m(0, 1) = 3;
  m(1, 0) = 8;
  m(1, 1) = 10;
  m(2, 0) = 5;
  m(2, 1) = 1;
  const auto e = tally::explain(m, {"cat", "dog", "bird"});
  REQUIRE(e.per_class.size() == 3);
  CHECK(e.total == 77);
  CHECK(e.accuracy == doctest::Approx(60.0 / 77));
  CHECK(e.majority_class == 0);
  CHECK(e.majority_accuracy == doctest::Approx(53.0 / 77));
  CHECK(e.per_class[2].recall == 0.0);
  CHECK(std::isnan(e.per_class[2].precision));

  // against the label-based functions on the same data
  std::vector<int> t, p;
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j)
      for (std::uint64_t k = 0; k < m(i, j); ++k) {
        t.push_back(static_cast<int>(i));
        p.push_back(static_cast<int>(j));
      }
  CHECK(e.macro_f1 == doctest::Approx(tally::f1_score(t, p, tally::average::macro)));
  CHECK(e.weighted_f1 == doctest::Approx(tally::f1_score(t, p, tally::average::weighted)));
  CHECK(e.balanced_accuracy == doctest::Approx(tally::balanced_accuracy_score(t, p)));
  CHECK(e.mcc == doctest::Approx(tally::matthews_corrcoef(t, p)));
  CHECK(e.kappa == doctest::Approx(tally::cohen_kappa_score(t, p)));

  CHECK(e.has("class_never_predicted"));
  CHECK(contains(e.find("class_never_predicted")->text, "'bird' (6 samples)"));
  CHECK(e.has("accuracy_above_macro_f1"));
  CHECK(contains(e.find("accuracy_above_macro_f1")->text, "weakest class, 'bird'"));
  CHECK(e.has("accuracy_above_balanced"));
  CHECK_FALSE(e.has("accuracy_below_balanced"));
  CHECK_FALSE(e.has("near_chance"));
  CHECK_FALSE(e.has("accuracy_not_above_baseline"));
  const std::string s = e.to_string();
  CHECK(contains(s, "bird"));
  CHECK(contains(s, "always 'cat': accuracy"));

  // the labeled forms name the classes
  const std::vector<std::string> ts = {"a", "b", "c", "a", "b", "c"};
  const std::vector<std::string> ps = {"a", "b", "c", "a", "b", "b"};
  const auto named = tally::explain_multiclass(ts, ps);
  CHECK(named.class_names == std::vector<std::string>{"a", "b", "c"});
  const auto numbered = tally::explain_multiclass(t, p);
  CHECK(numbered.class_names == std::vector<std::string>{"0", "1", "2"});
  CHECK(numbered.accuracy == e.accuracy);
  CHECK_THROWS_AS((void)tally::explain(m, {"one"}), std::invalid_argument);
}

TEST_CASE("explain: multiclass rules not triggered, and chance level") {
  tally::matrix<std::uint64_t> good(3);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) good(i, j) = i == j ? 30 : 2;
  const auto e = tally::explain(good);
  CHECK(e.findings.empty());
  CHECK(e.class_names == std::vector<std::string>{"0", "1", "2"});

  tally::matrix<std::uint64_t> flat(3);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) flat(i, j) = 10;
  const auto f = tally::explain(flat);
  CHECK(f.has("near_chance"));
  CHECK(f.has("accuracy_not_above_baseline"));

  // a majority class that swamps the rest: accuracy near always-majority
  tally::matrix<std::uint64_t> skew(2);
  skew(0, 0) = 95;
  skew(0, 1) = 0;
  skew(1, 0) = 4;
  skew(1, 1) = 1;
  const auto k = tally::explain(skew);
  CHECK(k.has("accuracy_near_baseline"));
  CHECK(k.has("accuracy_above_macro_f1"));
  CHECK(k.has("accuracy_above_balanced"));
}
