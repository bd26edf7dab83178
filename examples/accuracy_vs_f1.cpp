// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Why is accuracy 10 points below F1?
//
// A binary classifier trained on 6,992 samples, 30% held out for test,
// reported these four numbers and nothing else:
//
//   recall    0.8914240755310779
//   precision 0.7006802721088435
//   f1        0.7846260387811634
//   accuracy  0.7035271816800843
//
// This program recovers the confusion matrix behind them, checks that it
// reproduces all four, and prints tally's explanation of the gap.

#include <tally/explain.hpp>
#include <tally/metrics.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace {

constexpr double reported_recall = 0.8914240755310779;
constexpr double reported_precision = 0.7006802721088435;
constexpr double reported_f1 = 0.7846260387811634;
constexpr double reported_accuracy = 0.7035271816800843;

// Same value at float32 precision (both round to the same float).
bool same_float(double a, double b) { return static_cast<float>(a) == static_cast<float>(b); }

bool close(double a, double b) { return std::fabs(a - b) <= 1e-12; }

} // namespace

int main() {
  // train_test_split sizes the test set as ceil(test_size * n_samples).
  const std::uint64_t n_samples = 6992;
  const auto n = static_cast<std::uint64_t>(std::ceil(0.3 * static_cast<double>(n_samples)));
  std::printf("test samples: ceil(0.3 * %llu) = %llu\n", static_cast<unsigned long long>(n_samples),
              static_cast<unsigned long long>(n));
  const double nd = static_cast<double>(n);

  // Algebra first. With P = precision and R = recall, FP = TP (1/P - 1) and
  // FN = TP (1/R - 1), so the errors FP + FN = TP (1/P + 1/R - 2) must equal
  // N (1 - accuracy).
  const double tp_estimate =
      nd * (1 - reported_accuracy) / (1 / reported_precision + 1 / reported_recall - 2);
  std::printf("algebra: TP = N (1 - accuracy) / (1/precision + 1/recall - 2) = %.4f\n",
              tp_estimate);

  // Then an exact search over every possible number of positives: recall
  // fixes TP, precision fixes FP, the rest is TN. Keep the matrices that
  // give back all four reported values.
  std::vector<tally::binary_counts<>> found;
  for (std::uint64_t pos = 1; pos <= n; ++pos) {
    const auto tp =
        static_cast<std::uint64_t>(std::llround(reported_recall * static_cast<double>(pos)));
    if (tp == 0 || tp > pos) continue;
    const auto predicted =
        static_cast<std::uint64_t>(std::llround(static_cast<double>(tp) / reported_precision));
    if (predicted < tp || predicted - tp + pos > n) continue;
    const tally::binary_counts<> c{tp, predicted - tp, pos - tp, n - pos - (predicted - tp)};
    if (close(tally::recall(c), reported_recall) &&
        close(tally::precision(c), reported_precision) && close(tally::f1(c), reported_f1) &&
        same_float(tally::accuracy(c), reported_accuracy))
      found.push_back(c);
  }
  std::printf("matrices that reproduce all four values: %zu\n", found.size());
  if (found.size() != 1) return 1;
  const tally::binary_counts<> c = found.front();
  std::printf("TP=%llu FP=%llu FN=%llu TN=%llu\n\n", static_cast<unsigned long long>(c.tp),
              static_cast<unsigned long long>(c.fp), static_cast<unsigned long long>(c.fn),
              static_cast<unsigned long long>(c.tn));

  // The check, value by value.
  std::printf("%-10s %-20s %-20s %s\n", "metric", "reported", "from the counts", "match");
  const auto row = [](const char* name, double reported, double computed, const char* how) {
    std::printf("%-10s %-20.16f %-20.16f %s\n", name, reported, computed, how);
  };
  row("recall", reported_recall, tally::recall(c),
      tally::recall(c) == reported_recall ? "exact" : "within 1e-12");
  row("precision", reported_precision, tally::precision(c),
      tally::precision(c) == reported_precision ? "exact" : "within 1e-12");
  row("f1", reported_f1, tally::f1(c), tally::f1(c) == reported_f1 ? "exact" : "within 1e-12");
  row("accuracy", reported_accuracy, tally::accuracy(c), "float32");
  std::printf("\nThe reported accuracy carries float32 rounding: %llu/%llu is\n"
              "%.17g, %.1e away from the reported %.16g,\n"
              "less than half a float32 step (%.1e): both round to the float32 %.9g.\n\n",
              static_cast<unsigned long long>(c.tp + c.tn), static_cast<unsigned long long>(n),
              tally::accuracy(c), std::fabs(tally::accuracy(c) - reported_accuracy),
              reported_accuracy,
              static_cast<double>(std::nextafter(static_cast<float>(reported_accuracy), 1.0f) -
                                  static_cast<float>(reported_accuracy)) /
                  2,
              static_cast<double>(static_cast<float>(reported_accuracy)));

  std::fputs(tally::explain(c).to_string().c_str(), stdout);
  return 0;
}
