// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/classification_report.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

// The expected tables are scikit-learn's output for the same calls.

TEST_CASE("text layout with three digits and an accuracy row") {
  const std::vector<int> a{0, 1, 2, 2, 1, 0, 2}, b{0, 2, 2, 1, 1, 0, 0};
  const auto r = tally::classification_report(a, b, tally::digits(3));
  CHECK(r.to_string() == "              precision    recall  f1-score   support\n\n"
                         "           0      0.667     1.000     0.800         2\n"
                         "           1      0.500     0.500     0.500         2\n"
                         "           2      0.500     0.333     0.400         3\n\n"
                         "    accuracy                          0.571         7\n"
                         "   macro avg      0.556     0.611     0.567         7\n"
                         "weighted avg      0.548     0.571     0.543         7\n");
  CHECK(r.has_accuracy);
  CHECK(r.accuracy == doctest::Approx(4.0 / 7));
}

TEST_CASE("a label subset gives a micro row; target names replace labels") {
  const std::vector<std::string> t{"cat", "dog", "cat", "bird"}, p{"cat", "cat", "cat", "bird"};
  const auto r =
      tally::classification_report(t, p, tally::labels({"cat", "dog"}),
                                   tally::target_names({"Cat", "Dog"}), tally::zero_division::zero);
  CHECK(r.to_string() == "              precision    recall  f1-score   support\n\n"
                         "         Cat       0.67      1.00      0.80         2\n"
                         "         Dog       0.00      0.00      0.00         1\n\n"
                         "   micro avg       0.67      0.67      0.67         3\n"
                         "   macro avg       0.33      0.50      0.40         3\n"
                         "weighted avg       0.44      0.67      0.53         3\n");
  CHECK_FALSE(r.has_accuracy);
}

TEST_CASE("weighted supports print as numbers with a fraction") {
  const std::vector<int> t{0, 1, 1}, p{0, 1, 0};
  const auto r = tally::classification_report(t, p, tally::sample_weight({0.5, 1.5, 2.0}));
  CHECK(r.to_string() == "              precision    recall  f1-score   support\n\n"
                         "           0       0.20      1.00      0.33       0.5\n"
                         "           1       1.00      0.43      0.60       3.5\n\n"
                         "    accuracy                           0.50       4.0\n"
                         "   macro avg       0.60      0.71      0.47       4.0\n"
                         "weighted avg       0.90      0.50      0.57       4.0\n");
}

TEST_CASE("multilabel: structured rows with a samples average") {
  const std::vector<std::vector<int>> y{{1, 0, 1}, {0, 1, 0}, {1, 1, 0}};
  const std::vector<std::vector<int>> p{{1, 0, 0}, {0, 1, 1}, {1, 0, 0}};
  const auto r = tally::classification_report(y, p);
  REQUIRE(r.labels.size() == 3);
  CHECK(r.labels[1].name == "1");
  CHECK(r.labels[1].recall == 0.5);
  CHECK(r.labels[2].support == 1);
  REQUIRE(r.averages.size() == 4);
  CHECK(r.averages[0].name == "micro avg");
  CHECK(r.averages[0].precision == doctest::Approx(0.75));
  CHECK(r.averages[0].recall == doctest::Approx(0.6));
  CHECK(r.averages[3].name == "samples avg");
  CHECK(r.averages[3].precision == doctest::Approx(0.8333333333333334));
  CHECK(r.averages[3].support == 5);
}

TEST_CASE("bool labels are named as True/False") {
  const std::vector<bool> t{true, false, true}, p{true, true, true};
  const auto r = tally::classification_report(t, p);
  REQUIRE(r.labels.size() == 2);
  CHECK(r.labels[0].name == "False");
  CHECK(r.labels[1].name == "True");
}

TEST_CASE("target_names of the wrong length without labels is an error") {
  const std::vector<int> t{0, 1}, p{0, 1};
  CHECK_THROWS_WITH_AS((void)tally::classification_report(t, p, tally::target_names({"a"})),
                       "target_names has 1 names for 2 labels", std::invalid_argument);
}
