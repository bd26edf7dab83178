// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// The bad-input table (docs/errors.md): one check per row, in the table's
// order, of the exception type and the exact message for a concrete input.
// A row added to the table gets a check here, and a changed message fails
// here until the table is updated too.

#include <tally.hpp>
#include <tally/accumulators.hpp>
#include <tally/calibration.hpp>
#include <tally/explain.hpp>
#include <tally/intervals.hpp>
#include <tally/label_ranking.hpp>
#include <tally/losses.hpp>
#include <tally/parallel.hpp>
#include <tally/ranking.hpp>
#include <tally/serialize.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const double nan_v = std::numeric_limits<double>::quiet_NaN();
const double inf_v = std::numeric_limits<double>::infinity();

// Small inputs shared by the rows.
const std::vector<int> i0{};
const std::vector<int> i2{0, 1};
const std::vector<int> i3{0, 1, 1};
const std::vector<int> c3{0, 1, 2};
const std::vector<int> b4{0, 1, 0, 1};
const std::vector<double> s3{0.2, 0.5, 0.9};
const std::vector<double> s4{0.1, 0.8, 0.3, 0.6};
const std::vector<std::vector<double>> p3x3{{0.8, 0.1, 0.1}, {0.2, 0.6, 0.2}, {0.1, 0.2, 0.7}};
const std::vector<std::vector<double>> bad3x3{{0.3, 0.1, 0.1}, {0.2, 0.6, 0.2}, {0.1, 0.2, 0.7}};
const std::vector<std::vector<int>> m2x3{{1, 0, 1}, {0, 1, 1}};
const std::vector<std::vector<int>> m2x2{{1, 0}, {0, 1}};
const std::vector<std::vector<int>> ragged{{1, 0, 1}, {0, 1}};
const std::vector<std::vector<int>> bad01{{1, 0, 1}, {2, 1, 1}};
const std::vector<std::vector<double>> p2x2{{0.5, 0.5}, {0.2, 0.8}};
const std::vector<std::vector<double>> p2x3{{0.5, 0.2, 0.3}, {0.2, 0.7, 0.1}};
const std::vector<std::vector<double>> p3x2{{0.5, 0.5}, {0.2, 0.8}, {0.9, 0.1}};
const std::vector<std::vector<double>> p4x2{{0.5, 0.5}, {0.2, 0.8}, {0.9, 0.1}, {0.3, 0.7}};
const std::vector<std::vector<double>> p4x4{
    {0.7, 0.1, 0.1, 0.1}, {0.1, 0.7, 0.1, 0.1}, {0.1, 0.1, 0.7, 0.1}, {0.1, 0.1, 0.1, 0.7}};
const std::vector<std::string> str2{"a", "b"};

} // namespace

// ---- Label input
TEST_CASE("errors 01: any (y_true, y_pred) function - y_true and y_pred differ in length") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::accuracy_score(i3, i2)),
                       "y_true has 3 elements, y_pred has 2", std::invalid_argument);
}
TEST_CASE("errors 02: any (y_true, y_pred) function - empty input") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::accuracy_score(i0, i0)),
                       "y_true is empty: found empty input array (0 samples)",
                       std::invalid_argument);
}
TEST_CASE("errors 03: any (y_true, y_pred) function - a floating-point label is NaN or infinite") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::accuracy_score(std::vector<double>{0, nan_v},
                                                               std::vector<double>{0, 1})),
                       "y_true contains a non-finite label (nan at index 1)",
                       std::invalid_argument);
}
TEST_CASE(
    "errors 04: any (y_true, y_pred) function - a floating-point label is not a whole number") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(
          tally::accuracy_score(std::vector<double>{0, 1}, std::vector<double>{0, 0.5})),
      "y_pred contains a continuous value (0.5 at index 1): labels must be whole numbers",
      std::invalid_argument);
}
TEST_CASE(
    "errors 05: label functions with sample_weight - sample_weight length differs from y_true") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::accuracy_score(
                           i3, i3, tally::sample_weight(std::vector<double>{1, 1}))),
                       "sample_weight has 2 elements, y_true has 3", std::invalid_argument);
}
TEST_CASE("errors 06: label functions with sample_weight - a weight is NaN or infinite") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::accuracy_score(
                           i3, i3, tally::sample_weight(std::vector<double>{inf_v, 1, 1}))),
                       "sample_weight contains a non-finite value (inf at index 0)",
                       std::invalid_argument);
}
TEST_CASE("errors 07: label functions with sample_weight - a weight is negative") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::accuracy_score(
                           i3, i3, tally::sample_weight(std::vector<double>{1, -1, 1}))),
                       "sample_weight contains a negative value (-1 at index 1)",
                       std::invalid_argument);
}
TEST_CASE("errors 08: label functions with sample_weight - every weight is zero") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::accuracy_score(
                           i3, i3, tally::sample_weight(std::vector<double>{0, 0, 0}))),
                       "sample_weight is zero for all 3 samples: nothing to measure",
                       std::invalid_argument);
}
TEST_CASE("errors 09: functions taking tally::labels - a label is repeated in labels") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::confusion_matrix(i3, i3, tally::labels({1, 0, 1}))),
                       "labels contains a repeated label (1)", std::invalid_argument);
}
TEST_CASE("errors 10: confusion_matrix, count_matrix - labels is empty") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::confusion_matrix(i3, i3, tally::labels(std::vector<int>{}))),
      "labels is empty: give at least one label", std::invalid_argument);
}
TEST_CASE("errors 11: confusion_matrix, count_matrix - no label of labels occurs in y_true") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::confusion_matrix(i3, i3, tally::labels({5, 7}))),
                       "labels [5, 7] matches no label in y_true", std::invalid_argument);
}
TEST_CASE("errors 12: confusion_matrix, count_matrix - the dense K x K matrix would exceed "
          "TALLY_MAX_MATRIX_BYTES (32 GiB by default)") {
  std::vector<int> many(70000);
  std::iota(many.begin(), many.end(), 0);
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::confusion_matrix(i3, i3, tally::labels(many))),
                       "confusion_matrix: a dense confusion matrix of 70000 classes needs "
                       "39200000000 bytes, above the limit TALLY_MAX_MATRIX_BYTES = 34359738368",
                       std::invalid_argument);
}
TEST_CASE("errors 13: multilabel functions - rows of an indicator matrix differ in length") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::f1_score(ragged, m2x3, tally::average::macro)),
                       "y_true has ragged rows: row 0 has 3 columns, row 1 has 2",
                       std::invalid_argument);
}
TEST_CASE("errors 14: multilabel functions - an indicator cell is not 0 or 1") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::f1_score(m2x3, bad01, tally::average::macro)),
                       "y_pred is not a 0/1 indicator matrix: value 2 at row 1, column 0",
                       std::invalid_argument);
}
TEST_CASE("errors 15: multilabel functions - y_true and y_pred have different column counts") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::f1_score(m2x3, m2x2, tally::average::macro)),
                       "y_true has 3 columns, y_pred has 2", std::invalid_argument);
}

// ---- Counts and metrics
TEST_CASE("errors 16: matrix<T>::at - index outside the matrix") {
  const tally::matrix<> m(2);
  CHECK_THROWS_WITH_AS(static_cast<void>(m.at(2, 0)),
                       "matrix::at: index (2, 0) outside a 2 x 2 matrix", std::out_of_range);
}
TEST_CASE("errors 17: matrix<T>::operator+= - the matrices have different shapes") {
  tally::matrix<> a(2);
  const tally::matrix<> b(3);
  CHECK_THROWS_WITH_AS(static_cast<void>(a += b), "matrix +=: shapes differ, 2 x 2 and 3 x 3",
                       std::invalid_argument);
}
TEST_CASE("errors 18: every metric with a zero_division argument - zero_division::raise and the "
          "denominator is zero") {
  const tally::binary_counts<> c{0, 0, 3, 4};
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::precision(c, tally::zero_division::raise)),
                       "precision is undefined: its denominator is zero", std::domain_error);
}
TEST_CASE(
    "errors 19: fbeta, fbeta_score, precision_recall_fscore_support - beta is negative or NaN") {
  const tally::binary_counts<> c{1, 2, 3, 4};
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::fbeta(c, -1.0)), "beta must be >= 0, got -1",
                       std::invalid_argument);
}

// ---- Label metrics
TEST_CASE("errors 20: precision/recall/F/Jaccard - average::binary on a multiclass target") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::f1_score(c3, c3, tally::average::binary)),
                       "average is binary but the target is multiclass: choose average::micro, "
                       "macro, weighted or per_label",
                       std::invalid_argument);
}
TEST_CASE("errors 21: precision/recall/F/Jaccard - average::binary on a multilabel target") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::f1_score(m2x3, m2x3, tally::average::binary)),
                       "average is binary but the target is multilabel: choose average::micro, "
                       "macro, weighted, samples or per_label",
                       std::invalid_argument);
}
TEST_CASE(
    "errors 22: precision/recall/F/Jaccard - average::samples on a target that is not multilabel") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::f1_score(i3, i3, tally::average::samples)),
                       "average is samples but the target is not multilabel: per-sample averages "
                       "need an indicator matrix",
                       std::invalid_argument);
}
TEST_CASE("errors 23: precision/recall/F/Jaccard - average::binary and pos_label is not among the "
          "labels") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::f1_score(i3, i3, tally::pos_label(5))),
                       "pos_label=5 is not a valid label: it should be one of [0, 1]",
                       std::invalid_argument);
}
TEST_CASE("errors 24: precision/recall/F/Jaccard - average::none passed to a function returning "
          "one number") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::f1_score(i3, i3, tally::average::none)),
                       "average::none gives one value per label: pass tally::per_label instead, "
                       "which returns a std::vector<double>",
                       std::invalid_argument);
}
TEST_CASE("errors 25: precision/recall/F/Jaccard on multilabel data - a labels entry is not a "
          "column index") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::f1_score(m2x3, m2x3, tally::average::macro, tally::labels({0, 5}))),
      "labels of multilabel data must be column indices in [0, 3), got 5", std::invalid_argument);
}
TEST_CASE("errors 26: jaccard_score - zero_division::nan") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::jaccard_score(i3, i3, tally::zero_division::nan)),
                       "jaccard_score: zero_division must be warn, zero, one or raise, got nan",
                       std::invalid_argument);
}
TEST_CASE("errors 27: cohen_kappa_score - replace_undefined_by outside [-1, 1]") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::cohen_kappa_score(i3, i3, tally::replace_undefined_by(2.0))),
      "replace_undefined_by must be in [-1, 1] or nan, got 2", std::invalid_argument);
}
TEST_CASE("errors 28: multilabel_confusion_matrix - samplewise() on data that is not multilabel") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::multilabel_confusion_matrix(i3, i3, tally::samplewise())),
      "samplewise counts need multilabel data (an indicator matrix)", std::invalid_argument);
}
TEST_CASE("errors 29: class_likelihood_ratios - replace_undefined_by(v) with v not 1 or NaN") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::class_likelihood_ratios(i3, i3, tally::replace_undefined_by(0.5))),
      "replace_undefined_by must be 1 or nan, got 0.5", std::invalid_argument);
}
TEST_CASE("errors 30: class_likelihood_ratios - the target is not binary") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::class_likelihood_ratios(c3, c3)),
                       "class_likelihood_ratios needs a binary target, got 3 labels [0, 1, 2]",
                       std::invalid_argument);
}
TEST_CASE("errors 31: classification_report - target_names has a different count than the labels") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::classification_report(i3, i3, tally::target_names({"only"}))),
      "target_names has 1 names for 2 labels", std::invalid_argument);
}

// ---- Score metrics
TEST_CASE("errors 32: curves, AUC, AP, losses - y_score has NaN or an infinity") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::roc_auc_score(b4, std::vector<double>{0.1, nan_v, 0.3, 0.4})),
      "y_score contains a non-finite value (nan at index 1)", std::invalid_argument);
}
TEST_CASE("errors 33: curves, AUC, AP, losses - y_true and y_score differ in length") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_curve(b4, std::vector<double>{0.1, 0.2})),
                       "y_true has 4 elements, y_score has 2", std::invalid_argument);
}
TEST_CASE("errors 34: curves, AUC, AP - sample_weight length differs from y_true") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::roc_curve(b4, s4, tally::sample_weight(std::vector<double>{1}))),
      "sample_weight has 1 elements, y_true has 4", std::invalid_argument);
}
TEST_CASE("errors 35: curves, AUC, AP - a weight is negative") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_curve(
                           b4, s4, tally::sample_weight(std::vector<double>{1, 1, -2, 1}))),
                       "sample_weight contains a negative value (-2 at index 2)",
                       std::invalid_argument);
}
TEST_CASE("errors 36: curves, AUC, AP - every weight is zero") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_curve(
                           b4, s4, tally::sample_weight(std::vector<double>{0, 0, 0, 0}))),
                       "sample_weight: every sample has weight zero, no threshold remains",
                       std::invalid_argument);
}
TEST_CASE(
    "errors 37: roc_curve, precision_recall_curve, det_curve - y_true has more than two classes") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_curve(c3, s3)),
                       "roc_curve: y_true has 3 classes [0, 1, 2]; a binary target is required",
                       std::invalid_argument);
}
TEST_CASE("errors 38: roc_curve, precision_recall_curve, det_curve - y_true is not {0, 1} or {-1, "
          "1} and no pos_label is given") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_curve(std::vector<int>{1, 2, 2}, s3)),
                       "roc_curve: y_true takes values [1, 2]; pos_label is not specified and "
                       "y_true is not in {0, 1} or {-1, 1}: pass tally::pos_label(...)",
                       std::invalid_argument);
}
TEST_CASE("errors 39: roc_auc_score - max_fpr outside (0, 1]") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(b4, s4, tally::max_fpr(0.0))),
                       "max_fpr must be in (0, 1], got 0", std::invalid_argument);
}
TEST_CASE("errors 40: roc_auc_score - average::none") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::roc_auc_score(b4, s4, tally::average::none)),
      "roc_auc_score: average::none gives one value per label; call roc_auc_score_per_label",
      std::invalid_argument);
}
TEST_CASE("errors 41: roc_auc_score - average::binary") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(b4, s4, tally::average::binary)),
                       "roc_auc_score: average::binary is not accepted (use micro, macro, "
                       "weighted, samples or none)",
                       std::invalid_argument);
}
TEST_CASE("errors 42: roc_auc_score - multiclass y_true without multi_class::ovr/ovo") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(c3, p3x3)),
                       "roc_auc_score: y_true has 3 classes; pass tally::multi_class::ovr or "
                       "tally::multi_class::ovo",
                       std::invalid_argument);
}
TEST_CASE("errors 43: roc_auc_score - multiclass y_true with 1-D y_score") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::roc_auc_score(c3, s3, tally::multi_class::ovr)),
      "roc_auc_score: y_score must be n x K (samples x classes) for multiclass y_true, got 1-D",
      std::invalid_argument);
}
TEST_CASE("errors 44: roc_auc_score - multiclass rows that do not sum to 1") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(c3, bad3x3, tally::multi_class::ovr)),
                       "roc_auc_score: y_score rows must be probabilities summing to 1 for "
                       "multiclass input; row 0 sums to 0.5",
                       std::invalid_argument);
}
TEST_CASE("errors 45: roc_auc_score - max_fpr with a multiclass y_true") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(c3, p3x3, tally::multi_class::ovr,
                                                              tally::max_fpr(0.5))),
                       "roc_auc_score: max_fpr (0.5) is not available for multiclass y_true",
                       std::invalid_argument);
}
TEST_CASE("errors 46: roc_auc_score - sample_weight with multi_class::ovo") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::roc_auc_score(c3, p3x3, tally::multi_class::ovo,
                                             tally::sample_weight(std::vector<double>{1, 1, 1}))),
      "roc_auc_score: sample_weight is not supported with multi_class::ovo (as in scikit-learn); "
      "roc_auc_ovo_score computes the weighted one-vs-one AUC",
      std::invalid_argument);
}
TEST_CASE("errors 47: average_precision_score - average::none") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::average_precision_score(b4, s4, tally::average::none)),
      "average_precision_score: average::none gives one value per label; call "
      "average_precision_score_per_label",
      std::invalid_argument);
}
TEST_CASE("errors 48: average_precision_score - pos_label is not a label of y_true") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::average_precision_score(b4, s4, tally::pos_label(5))),
      "average_precision_score: pos_label=5 is not a label of y_true [0, 1]",
      std::invalid_argument);
}
TEST_CASE("errors 49: average_precision_score - the default pos_label 1 is not a label of y_true") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::average_precision_score(std::vector<int>{2, 3, 3}, s3)),
      "average_precision_score: pos_label=1 (the default) is not a label of y_true [2, 3]; pass "
      "tally::pos_label(...)",
      std::invalid_argument);
}
TEST_CASE("errors 50: auc - fewer than 2 points") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::auc(std::vector<double>{0}, std::vector<double>{1})),
      "auc: at least 2 points are needed, x has 1", std::invalid_argument);
}
TEST_CASE("errors 51: auc - x is not monotone") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::auc(std::vector<double>{0, 1, 0.5}, std::vector<double>{0, 1, 1})),
      "auc: x is neither increasing nor decreasing", std::invalid_argument);
}
TEST_CASE("errors 52: auc - x and y differ in length") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::auc(std::vector<double>{0, 1}, std::vector<double>{0, 1, 1})),
      "x has 2 elements, y has 3", std::invalid_argument);
}
TEST_CASE("errors 53: row_major - the values do not form whole rows") {
  const std::vector<double> v{1, 2, 3};
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::row_major(v, 2)),
                       "row_major: 3 values do not form rows of 2 columns", std::invalid_argument);
}
TEST_CASE("errors 54: probability inputs (brier_score_loss, log_loss, calibration) - a probability "
          "outside [0, 1]") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::brier_score_loss(b4, std::vector<double>{0.1, 0.2, 1.5, 0.4})),
      "y_proba contains a value outside [0, 1] (1.5 at index 2)", std::invalid_argument);
}
TEST_CASE("errors 55: log_loss - y_true has one label and no labels is given") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::log_loss(std::vector<int>{1, 1}, std::vector<double>{0.5, 0.7})),
      "log_loss: y_true contains only one label (1); pass all class labels with tally::labels(...)",
      std::invalid_argument);
}
TEST_CASE("errors 56: top_k_accuracy_score - k < 1") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::top_k_accuracy_score(c3, p3x3, tally::top_k(0))),
                       "top_k_accuracy_score: k must be >= 1, got 0", std::invalid_argument);
}
TEST_CASE("errors 57: calibration_curve - n_bins < 1") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::calibration_curve(b4, s4, tally::n_bins(0))),
                       "calibration_curve: n_bins must be >= 1, got 0", std::invalid_argument);
}
TEST_CASE("errors 58: calibration_curve - y_true is not binary") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::calibration_curve(c3, s3)),
                       "calibration_curve: only binary y_true is supported, got labels [0, 1, 2]",
                       std::invalid_argument);
}
TEST_CASE("errors 59: roc_curve, precision_recall_curve, det_curve - y_score has more than one "
          "column for a binary y_true") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_curve(b4, p4x2)),
                       "roc_curve: y_score must be 1-D for a binary y_true, got 4 x 2",
                       std::invalid_argument);
}
TEST_CASE("errors 60: det_curve - y_true holds a single class") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::det_curve(std::vector<int>{1, 1, 1}, s3)),
                       "det_curve: y_true must contain exactly two classes, got [1]",
                       std::invalid_argument);
}
TEST_CASE("errors 61: 2-D score inputs - rows of y_score differ in length") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(
                           m2x3, std::vector<std::vector<double>>{{0.1, 0.2, 0.3}, {0.4}})),
                       "y_score: row 1 has 1 values, row 0 has 3", std::invalid_argument);
}
TEST_CASE("errors 62: 2-D score inputs - the rows of y_score are empty") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::roc_auc_score(i2, std::vector<std::vector<double>>{{}, {}})),
      "y_score: rows are empty", std::invalid_argument);
}
TEST_CASE("errors 63: roc_auc_score, average_precision_score (multilabel) - a multilabel y_true "
          "cell is not 0 or 1") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::roc_auc_score(bad01, p2x3)),
      "y_true (multilabel indicator) must hold only 0 and 1, got 2 at flat index 3",
      std::invalid_argument);
}
TEST_CASE("errors 64: roc_auc_score, average_precision_score (multilabel) - y_score does not have "
          "the shape of y_true") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(m2x3, p2x2)),
                       "roc_auc_score: y_score must be 2 x 3 (samples x classes), got 2 x 2",
                       std::invalid_argument);
}
TEST_CASE("errors 65: roc_auc_score - labels (multiclass) is not sorted") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(c3, p3x3, tally::multi_class::ovr,
                                                              tally::labels({0, 2, 1}))),
                       "roc_auc_score: labels must be sorted, got [0, 2, 1]",
                       std::invalid_argument);
}
TEST_CASE("errors 66: roc_auc_score - labels (multiclass) has a repeated label") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(c3, p3x3, tally::multi_class::ovr,
                                                              tally::labels({0, 1, 1}))),
                       "roc_auc_score: labels must be unique, got [0, 1, 1]",
                       std::invalid_argument);
}
TEST_CASE(
    "errors 67: roc_auc_score - labels (multiclass) has another count than y_score's columns") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(c3, p3x3, tally::multi_class::ovr,
                                                              tally::labels({0, 1, 2, 3}))),
                       "roc_auc_score: labels has 4 entries, y_score has 3 columns",
                       std::invalid_argument);
}
TEST_CASE(
    "errors 68: roc_auc_score - multiclass y_true has another class count than y_score's columns") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(std::vector<int>{0, 1, 2, 2}, p4x4,
                                                              tally::multi_class::ovr)),
                       "roc_auc_score: y_true has 3 classes, y_score has 4 columns (pass "
                       "tally::labels(...) to name all classes)",
                       std::invalid_argument);
}
TEST_CASE("errors 69: roc_auc_score - a multiclass y_true label is not in labels") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(c3, p3x3, tally::multi_class::ovr,
                                                              tally::labels({0, 1, 3}))),
                       "roc_auc_score: y_true contains a label not in labels (2 at index 2)",
                       std::invalid_argument);
}
TEST_CASE("errors 70: roc_auc_score - an average the multiclass scheme does not offer") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(
          tally::roc_auc_score(c3, p3x3, tally::multi_class::ovo, tally::average::micro)),
      "roc_auc_score: average::micro is not available for multi_class::ovo (use macro or weighted)",
      std::invalid_argument);
}
TEST_CASE("errors 71: average_precision_score - average::binary") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::average_precision_score(b4, s4, tally::average::binary)),
      "average_precision_score: average::binary is not accepted (use micro, macro, weighted, "
      "samples or none)",
      std::invalid_argument);
}
TEST_CASE(
    "errors 72: average_precision_score - a pos_label other than 1 with a multiclass y_true") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::average_precision_score(c3, p3x3, tally::pos_label(2))),
      "average_precision_score: pos_label is fixed to 1 for a multiclass y_true",
      std::invalid_argument);
}
TEST_CASE("errors 73: average_precision_score - string labels without pos_label") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::average_precision_score(str2, std::vector<double>{0.1, 0.9})),
      "average_precision_score: y_true holds strings; pass tally::pos_label(...)",
      std::invalid_argument);
}
TEST_CASE("errors 74: log_loss - a y_true label is not in labels") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::log_loss(c3, p3x3, tally::labels({0, 1, 3}))),
                       "log_loss: y_true contains 2, which is not in labels [0, 1, 3]",
                       std::invalid_argument);
}
TEST_CASE("errors 75: log_loss - labels holds fewer than two labels") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::log_loss(std::vector<int>{1, 1}, std::vector<double>{0.5, 0.7},
                                        tally::labels({1}))),
      "log_loss: labels must contain at least two labels, got [1]", std::invalid_argument);
}
TEST_CASE("errors 76: log_loss - y_proba's columns do not match the classes") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::log_loss(c3, p3x2)),
                       "log_loss: y_proba has 2 columns but there are 3 classes [0, 1, 2] (pass "
                       "all class labels with tally::labels)",
                       std::invalid_argument);
}
TEST_CASE("errors 77: brier_score_loss - 1-D y_proba with more than two classes") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::brier_score_loss(c3, s3)),
                       "brier_score_loss: y_true has 3 classes but y_proba is 1-D (binary)",
                       std::invalid_argument);
}
TEST_CASE("errors 78: brier_score_loss - string labels without pos_label") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::brier_score_loss(str2, std::vector<double>{0.1, 0.9})),
      "brier_score_loss: y_true holds strings ['a', 'b']; pass tally::pos_label(...)",
      std::invalid_argument);
}
TEST_CASE("errors 79: hinge_loss - 1-D pred_decision for a multiclass target") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::hinge_loss(c3, s3)),
                       "hinge_loss: pred_decision must be n x 3 for a multiclass target, got 1-D",
                       std::invalid_argument);
}
TEST_CASE("errors 80: hinge_loss - 2-D pred_decision for a binary target") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::hinge_loss(b4, p4x2)),
                       "hinge_loss: pred_decision must be 1-D for a binary target, got n x 2",
                       std::invalid_argument);
}
TEST_CASE("errors 81: top_k_accuracy_score - binary y_true with more than two score columns") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::top_k_accuracy_score(b4, p4x4)),
                       "top_k_accuracy_score: y_true is binary but y_score has 4 columns (if "
                       "y_true lacks some classes, pass all of them with tally::labels)",
                       std::invalid_argument);
}
TEST_CASE("errors 82: top_k_accuracy_score - 1-D y_score for a multiclass target") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::top_k_accuracy_score(c3, s3)),
      "top_k_accuracy_score: y_score must be n x K for a multiclass target, got 1-D",
      std::invalid_argument);
}
TEST_CASE("errors 83: calibration_curve - 2-D y_prob") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::calibration_curve(b4, p4x2)),
                       "calibration_curve: y_prob must be 1-D, got n x 2", std::invalid_argument);
}
TEST_CASE("errors 84: log_loss, brier_score_loss, hinge_loss, top_k_accuracy_score - the weights "
          "sum to zero") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::log_loss(i2, std::vector<double>{0.3, 0.6},
                                        tally::sample_weight(std::vector<double>{0, 0}))),
      "sample_weight sums to zero: the weighted mean is undefined", std::invalid_argument);
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::coverage_error(
                           m2x3, std::vector<std::vector<double>>{{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}},
                           tally::sample_weight(std::vector<double>{0, 0}))),
                       "sample_weight sums to zero: the weighted mean is undefined",
                       std::invalid_argument);
}
TEST_CASE("errors 85: calibration_error - the weights sum to zero") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::calibration_error(i2, std::vector<double>{0.3, 0.6},
                                                 tally::sample_weight(std::vector<double>{0, 0}))),
      "calibration_error: sample_weight sums to zero", std::invalid_argument);
}
TEST_CASE("errors 86: calibration_error (multiclass) - y_prob's columns do not match the classes") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::calibration_error(c3, p3x2)),
                       "calibration_error: y_prob has 2 columns but there are 3 classes [0, 1, 2]",
                       std::invalid_argument);
}
TEST_CASE("errors 87: roc_auc_score - max_fpr and every negative sample has weight zero") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::roc_auc_score(
          b4, s4, tally::max_fpr(0.5), tally::sample_weight(std::vector<double>{0, 1, 0, 1}))),
      "roc_auc_score: max_fpr needs negative samples of non-zero weight", std::invalid_argument);
}
TEST_CASE(
    "errors 88: average_precision_score - a pos_label other than 1 with a multilabel y_true") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::average_precision_score(m2x3, p2x3, tally::pos_label(0))),
      "average_precision_score: pos_label is fixed to 1 for a multilabel y_true",
      std::invalid_argument);
}

TEST_CASE("errors 126: roc_auc_score (ovo), roc_auc_ovo_score - average::weighted with one class "
          "in y_true") {
  const std::vector<int> one{1, 1, 1};
  const auto lab = tally::labels(std::vector<int>{0, 1, 2});
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(one, p3x3, tally::multi_class::ovo,
                                                              tally::average::weighted, lab)),
                       "roc_auc_score: y_true holds 1 of the 3 classes, so there is no class pair "
                       "and average::weighted is undefined",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::roc_auc_ovo_score(one, p3x3, tally::average::weighted, lab)),
      "roc_auc_ovo_score: y_true holds 1 of the 3 classes, so there is no class pair and "
      "average::weighted is undefined",
      std::invalid_argument);
  // The unweighted mean over no pairs is NaN, not an error.
  CHECK(std::isnan(tally::roc_auc_score(one, p3x3, tally::multi_class::ovo, lab)));
  CHECK(std::isnan(tally::roc_auc_ovo_score(one, p3x3, lab)));
}
TEST_CASE("errors 128: label ranking metrics - y_true and y_score differ in shape") {
  const std::vector<std::vector<double>> s2x2{{0.1, 0.2}, {0.3, 0.4}};
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::coverage_error(m2x3, s2x2)),
      "coverage_error: y_true is 2 x 3, y_score is 2 x 2 (they must have the same shape)",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::label_ranking_average_precision_score(m2x3, s2x2)),
                       "label_ranking_average_precision_score: y_true is 2 x 3, y_score is 2 x 2 "
                       "(they must have the same shape)",
                       std::invalid_argument);
}
TEST_CASE("errors 129: coverage_error, label_ranking_loss - y_true has one column") {
  const std::vector<std::vector<int>> y1{{1}, {0}};
  const std::vector<std::vector<double>> s1{{0.3}, {0.6}};
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::label_ranking_loss(y1, s1)),
                       "label_ranking_loss: y_true has one column, a binary target; a multilabel "
                       "indicator matrix has two or more",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::coverage_error(y1, s1)),
                       "coverage_error: y_true has one column, a binary target; a multilabel "
                       "indicator matrix has two or more",
                       std::invalid_argument);
}
TEST_CASE("errors 130: label ranking metrics - y_true has no columns") {
  const std::vector<std::vector<int>> y0{{}, {}};
  const std::vector<std::vector<double>> s0{{}, {}};
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::coverage_error(y0, s0)),
                       "coverage_error: y_true has no labels (columns)", std::invalid_argument);
}

// ---- Intervals
TEST_CASE("errors 89: wilson_interval, clopper_pearson_interval, DeLong - confidence level outside "
          "(0, 1)") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::wilson_interval(1, 2, 1.5)),
                       "confidence_level must be in (0, 1), got 1.5", std::invalid_argument);
}
TEST_CASE("errors 90: wilson_interval, clopper_pearson_interval - successes < 0, successes > "
          "trials, or trials not finite") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::clopper_pearson_interval(3, 2)),
                       "a proportion needs 0 <= successes <= trials, got successes 3, trials 2",
                       std::invalid_argument);
}
TEST_CASE("errors 91: delong_roc_auc, delong_test - y_true does not hold exactly two classes") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::delong_roc_auc(c3, s3)),
                       "delong_roc_auc: y_true must hold exactly two classes, got [0, 1, 2]",
                       std::invalid_argument);
}
TEST_CASE("errors 92: delong_test - the two score arrays differ in length") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::delong_test(b4, s4, s3)),
                       "y_true has 4 elements, score_b has 3", std::invalid_argument);
}

// ---- Accumulators
TEST_CASE("errors 93: binary_accumulator::merge - the positive labels differ") {
  tally::binary_accumulator<> a(1);
  const tally::binary_accumulator<> b(2);
  CHECK_THROWS_WITH_AS(static_cast<void>(a.merge(b)),
                       "binary_accumulator::merge: positive labels differ (1 and 2)",
                       std::invalid_argument);
}
TEST_CASE("errors 94: matrix_accumulator(labels) - a label is repeated") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::matrix_accumulator<>({1, 2, 1})),
                       "matrix_accumulator: labels contain a repeated label (1)",
                       std::invalid_argument);
}
TEST_CASE(
    "errors 95: matrix_accumulator::update (fixed labels) - a label outside the declared labels") {
  tally::matrix_accumulator<> a({0, 1});
  CHECK_THROWS_WITH_AS(
      static_cast<void>(a.update(i3, c3)),
      "matrix_accumulator::update: y_pred has label 2 (index 2) outside the declared labels [0, 1]",
      std::invalid_argument);
}
TEST_CASE("errors 96: matrix_accumulator::merge - both have fixed label sets that differ") {
  tally::matrix_accumulator<> a({0, 1});
  const tally::matrix_accumulator<> b({0, 2});
  CHECK_THROWS_WITH_AS(static_cast<void>(a.merge(b)),
                       "matrix_accumulator::merge: label sets differ ([0, 1] and [0, 2])",
                       std::invalid_argument);
}
TEST_CASE(
    "errors 97: matrix_accumulator::merge - a fixed label set and a growing one that has counted") {
  tally::matrix_accumulator<> a({0, 1});
  tally::matrix_accumulator<> b;
  b.update(i3, i3);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(a.merge(b)),
      "matrix_accumulator::merge: a fixed label set and a growing one ([0, 1] and [0, 1])",
      std::invalid_argument);
}
TEST_CASE("errors 98: matrix_accumulator::one_vs_rest - the label is not in the accumulator") {
  tally::matrix_accumulator<> a;
  a.update(i3, i3);
  CHECK_THROWS_WITH_AS(static_cast<void>(a.one_vs_rest(7)),
                       "matrix_accumulator: label 7 is not among [0, 1]", std::out_of_range);
}
TEST_CASE("errors 99: multilabel_accumulator::merge - the label counts differ") {
  tally::multilabel_accumulator<> a(3);
  const tally::multilabel_accumulator<> b(2);
  CHECK_THROWS_WITH_AS(static_cast<void>(a.merge(b)),
                       "multilabel_accumulator::merge: label counts differ (3 and 2)",
                       std::invalid_argument);
}
TEST_CASE("errors 100: multilabel_accumulator::counts(j) - j is not a label index") {
  const tally::multilabel_accumulator<> a(3);
  CHECK_THROWS_WITH_AS(static_cast<void>(a.counts(3)),
                       "multilabel_accumulator: label 3 outside [0, 3)", std::out_of_range);
}
TEST_CASE("errors 101: multilabel_accumulator::update - the batch has another column count than "
          "the accumulator") {
  tally::multilabel_accumulator<> a(2);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(a.update(m2x3, m2x3)),
      "multilabel_accumulator::update: the batch has 3 labels (columns), the accumulator 2",
      std::invalid_argument);
}
TEST_CASE("errors 102: curve_accumulator::update, binned_curve_accumulator::update - a score is "
          "NaN or infinite") {
  tally::curve_accumulator<> a;
  CHECK_THROWS_WITH_AS(static_cast<void>(a.update(b4, std::vector<double>{0.1, 0.2, inf_v, 0.3})),
                       "y_score contains a non-finite value (inf at index 2)",
                       std::invalid_argument);
}
TEST_CASE("errors 103: accumulators with a narrow label type - a label does not fit the "
          "accumulator's label type") {
  tally::matrix_accumulator<std::int8_t> a;
  CHECK_THROWS_WITH_AS(
      static_cast<void>(a.update(std::vector<int>{300, 1}, std::vector<int>{1, 1})),
      "label 300 cannot be represented in the accumulator's label type", std::invalid_argument);
}
TEST_CASE("errors 104: matrix_accumulator::precision/recall/f1/fbeta(average) - an average other "
          "than micro, macro, weighted") {
  tally::matrix_accumulator<> a;
  a.update(i3, i3);
  CHECK_THROWS_WITH_AS(
      static_cast<void>(a.precision(tally::average::binary)),
      "matrix_accumulator: average must be micro, macro or weighted (per-label values: the "
      "*_per_label functions; one label's counts: one_vs_rest or counts)",
      std::invalid_argument);
}
TEST_CASE(
    "errors 105: multilabel_accumulator::update - y_true and y_pred have different column counts") {
  tally::multilabel_accumulator<> a;
  CHECK_THROWS_WITH_AS(static_cast<void>(a.update(m2x3, m2x2)),
                       "y_true has 3 columns, y_pred has 2", std::invalid_argument);
}

// ---- Serialization
TEST_CASE("errors 106: deserialize - fewer bytes than a header and a hash") {
  const std::vector<std::uint8_t> bytes(5, 0);
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::deserialize<tally::binary_accumulator<>>(bytes)),
                       "tally::deserialize: truncated input: 5 bytes, at least 32 needed",
                       std::invalid_argument);
}
TEST_CASE("errors 107: deserialize - the bytes do not start with the magic TLYA") {
  const std::vector<std::uint8_t> bytes(40, 0);
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::deserialize<tally::binary_accumulator<>>(bytes)),
                       "tally::deserialize: not a tally accumulator (bad magic)",
                       std::invalid_argument);
}
TEST_CASE("errors 108: deserialize - a byte was changed (the FNV-1a hash differs)") {
  auto bytes = tally::serialize(tally::binary_accumulator<>(1));
  bytes[30] ^= 1;
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::deserialize<tally::binary_accumulator<>>(bytes)),
                       "tally::deserialize: hash mismatch: the bytes are corrupted",
                       std::invalid_argument);
}
TEST_CASE("errors 109: deserialize - the bytes hold another accumulator kind") {
  const auto bytes = tally::serialize(tally::binary_accumulator<>(1));
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::deserialize<tally::curve_accumulator<>>(bytes)),
      "tally::deserialize: the bytes hold a binary_accumulator, not a curve_accumulator",
      std::invalid_argument);
}
TEST_CASE("errors 110: deserialize - a format version this build does not read") {
  auto bytes = tally::serialize(tally::binary_accumulator<>(1));
  bytes[4] = 2;
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::deserialize<tally::binary_accumulator<>>(bytes)),
      "tally::deserialize: format version 2 is not supported (this build reads version 1)",
      std::invalid_argument);
}
TEST_CASE("errors 111: deserialize - reserved header bytes are not zero") {
  auto bytes = tally::serialize(tally::binary_accumulator<>(1));
  bytes[9] = 1;
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::deserialize<tally::binary_accumulator<>>(bytes)),
                       "tally::deserialize: reserved header bytes are not zero",
                       std::invalid_argument);
}
TEST_CASE("errors 112: deserialize - the byte count does not match the stored payload length") {
  auto bytes = tally::serialize(tally::binary_accumulator<>(1));
  bytes.push_back(0);
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::deserialize<tally::binary_accumulator<>>(bytes)),
                       "tally::deserialize: payload length 40 does not match the 73 bytes given "
                       "(truncated or trailing data)",
                       std::invalid_argument);
}
TEST_CASE("errors 113: deserialize - weighted counts read into an unweighted accumulator (or the "
          "reverse)") {
  const auto bytes = tally::serialize(tally::binary_accumulator<>(1));
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::deserialize<tally::binary_accumulator<double>>(bytes)),
      "tally::deserialize: the bytes hold unweighted (uint64) counts, the accumulator type has "
      "weighted (double) counts",
      std::invalid_argument);
}
TEST_CASE("errors 114: deserialize - another label type than the accumulator's") {
  const auto bytes = tally::serialize(tally::binary_accumulator<>(1));
  CHECK_THROWS_WITH_AS(
      static_cast<void>(
          tally::deserialize<tally::binary_accumulator<std::uint64_t, unsigned>>(bytes)),
      "tally::deserialize: the bytes hold signed integer labels, the accumulator type has unsigned "
      "integer labels",
      std::invalid_argument);
}
TEST_CASE(
    "errors 115: deserialize - a state no accumulator can reach (here a negative weighted count; "
    "also unsorted or repeated labels or scores, counts that overflow, inconsistent totals)") {
  auto bytes = tally::serialize(tally::binary_accumulator<double>(1));
  const double minus_one = -1.0;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &minus_one, 8);
  for (unsigned i = 0; i < 8; ++i) bytes[32 + i] = static_cast<std::uint8_t>(bits >> (8 * i));
  const std::uint64_t h = tally::detail::fnv1a(bytes.data(), bytes.size() - 8);
  for (unsigned i = 0; i < 8; ++i)
    bytes[bytes.size() - 8 + i] = static_cast<std::uint8_t>(h >> (8 * i));
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::deserialize<tally::binary_accumulator<double>>(bytes)),
      "tally::deserialize: invalid weight in tp: -1", std::invalid_argument);
}

// ---- Parallel counting
TEST_CASE("errors 116: parallel_count_binary, parallel_confusion_matrix - y_true and y_pred differ "
          "in length") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::parallel_confusion_matrix(i3, i2, 2, 2)),
      "parallel_confusion_matrix: y_true and y_pred must have the same length (got 3 and 2)",
      std::invalid_argument);
}
TEST_CASE("errors 117: parallel_confusion_matrix - n_classes is 0") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::parallel_confusion_matrix(i3, i3, 0, 2)),
                       "parallel_confusion_matrix: n_classes must be positive",
                       std::invalid_argument);
}
TEST_CASE("errors 118: parallel_confusion_matrix - a label outside [0, n_classes)") {
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::parallel_confusion_matrix(i3, c3, 2, 2)),
                       "parallel_confusion_matrix: y_pred[2] = 2 is outside [0, 2)",
                       std::out_of_range);
}
TEST_CASE("errors 119: parallel_count_binary - y_true and y_pred differ in length") {
  CHECK_THROWS_WITH_AS(
      static_cast<void>(tally::parallel_count_binary(i3, i2, 1, 2)),
      "parallel_count_binary: y_true and y_pred must have the same length (got 3 and 2)",
      std::invalid_argument);
}

// ---- Explanations
TEST_CASE("errors 120: explain(binary_counts) - a count is negative") {
  const tally::binary_counts<double> c{1, -1, 2, 3};
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::explain(c)),
                       "explain: counts must be >= 0, got tp=1 fp=-1 fn=2 tn=3",
                       std::invalid_argument);
}
TEST_CASE("errors 121: explain(binary_counts) - all counts are zero") {
  const tally::binary_counts<> c{};
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::explain(c)),
                       "explain: counts are all zero (no samples)", std::invalid_argument);
}
TEST_CASE("errors 122: explain(matrix) - the matrix has no classes") {
  const tally::matrix<> m;
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::explain(m)), "explain: the matrix has no classes",
                       std::invalid_argument);
}
TEST_CASE("errors 123: explain(matrix) - class_names has another count than the classes") {
  const tally::matrix<> m(2);
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::explain(m, std::vector<std::string>{"a"})),
                       "explain: class_names has 1 names for 2 classes", std::invalid_argument);
}
TEST_CASE("errors 124: explain(matrix) - the matrix is all zero") {
  const tally::matrix<> m(2);
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::explain(m)), "explain: the matrix is all zero",
                       std::invalid_argument);
}

// ---- Sample weights
TEST_CASE("errors 125: any function with sample_weight - the weights are finite but their sum is "
          "not") {
  const std::vector<double> w{1e308, 1e308, 1.0, 0.0};
  const char* msg = "sample_weight sums past the largest double (4 weights, the largest 1e+308): "
                    "weighted counts would overflow; scale the weights down";
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::f1_score(b4, b4, tally::sample_weight(w))), msg,
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(static_cast<void>(tally::roc_auc_score(b4, s4, tally::sample_weight(w))),
                       msg, std::invalid_argument);
}

TEST_CASE("errors 127: weighted accumulators - the total weight would pass the largest double") {
  // Each batch's weights sum to a finite 1e308; the second batch (or a merge
  // with a copy) would make the total infinite. The state is left as it was.
  const std::vector<double> big{1e308, 0.0, 0.0, 0.0};
  const std::string tail = ": the total weight would pass the largest double (1e+308 "
                           "accumulated, 1e+308 more); scale the weights down";
  const std::vector<double> s4v{0.1, 0.6, 0.3, 0.9};
  SUBCASE("binary") {
    tally::binary_accumulator<double> a;
    a.update(b4, b4, big);
    CHECK_THROWS_WITH_AS(a.update(b4, b4, big), ("binary_accumulator::update" + tail).c_str(),
                         std::invalid_argument);
    const auto copy = a;
    CHECK_THROWS_WITH_AS(a.merge(copy), ("binary_accumulator::merge" + tail).c_str(),
                         std::invalid_argument);
    CHECK(a.total() == 1e308);
  }
  SUBCASE("matrix, growing and fixed") {
    tally::matrix_accumulator<int, double> g;
    g.update(b4, b4, big);
    CHECK_THROWS_WITH_AS(g.update(b4, b4, big), ("matrix_accumulator::update" + tail).c_str(),
                         std::invalid_argument);
    const auto copy = g;
    CHECK_THROWS_WITH_AS(g.merge(copy), ("matrix_accumulator::merge" + tail).c_str(),
                         std::invalid_argument);
    CHECK(g.total() == 1e308);
    tally::matrix_accumulator<int, double> f({0, 1});
    f.update(b4, b4, big);
    CHECK_THROWS_WITH_AS(f.update(b4, b4, big), ("matrix_accumulator::update" + tail).c_str(),
                         std::invalid_argument);
    const auto fcopy = f;
    CHECK_THROWS_WITH_AS(f.merge(fcopy), ("matrix_accumulator::merge" + tail).c_str(),
                         std::invalid_argument);
    CHECK(f.total() == 1e308);
  }
  SUBCASE("multilabel") {
    const std::vector<std::vector<int>> y{{1, 0}, {0, 1}, {1, 1}, {0, 0}};
    tally::multilabel_accumulator<double> a;
    a.update(y, y, big);
    CHECK_THROWS_WITH_AS(a.update(y, y, big), ("multilabel_accumulator::update" + tail).c_str(),
                         std::invalid_argument);
    const auto copy = a;
    CHECK_THROWS_WITH_AS(a.merge(copy), ("multilabel_accumulator::merge" + tail).c_str(),
                         std::invalid_argument);
    CHECK(a.total() == 1e308);
  }
  SUBCASE("curve") {
    tally::curve_accumulator<double> a;
    a.update(b4, s4v, big);
    CHECK_THROWS_WITH_AS(a.update(b4, s4v, big), ("curve_accumulator::update" + tail).c_str(),
                         std::invalid_argument);
    const auto copy = a;
    CHECK_THROWS_WITH_AS(a.merge(copy), ("curve_accumulator::merge" + tail).c_str(),
                         std::invalid_argument);
    CHECK(a.total() == 1e308);
    // a deserialized state carries its total too
    const auto back = tally::deserialize<tally::curve_accumulator<double>>(tally::serialize(a));
    CHECK_THROWS_WITH_AS(a.merge(back), ("curve_accumulator::merge" + tail).c_str(),
                         std::invalid_argument);
  }
  SUBCASE("binned curve") {
    tally::binned_curve_accumulator<double> a(11);
    a.update(b4, s4v, big);
    CHECK_THROWS_WITH_AS(a.update(b4, s4v, big),
                         ("binned_curve_accumulator::update" + tail).c_str(),
                         std::invalid_argument);
    const auto copy = a;
    CHECK_THROWS_WITH_AS(a.merge(copy), ("binned_curve_accumulator::merge" + tail).c_str(),
                         std::invalid_argument);
    CHECK(a.total() == 1e308);
  }
}
