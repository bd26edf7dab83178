// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Which threshold is best? It depends on the metric. A simulated model
// scores 2,000 samples, 10% of them positive; F1, MCC and balanced accuracy
// are computed at every distinct threshold (predict positive when score >=
// threshold) from tally's binary counts, and each metric's best threshold is
// compared with the others'. Pass a file name to also write every threshold
// as CSV.

#include <tally/explain.hpp>
#include <tally/metrics.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

// A reproducible simulated model: std::mt19937_64's output is fixed by the
// standard, and the normal deviates use our own Box-Muller transform (the
// standard distributions differ between library implementations).
struct simulated_model {
  std::mt19937_64 engine{20260};
  double uniform() { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }
  double normal() {
    const double u1 = 1.0 - uniform(); // in (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
};

struct at_threshold {
  double threshold = 0;
  tally::binary_counts<> counts;
  double f1 = 0, mcc = 0, balanced = 0;
};

const char* metric_names[] = {"F1", "MCC", "balanced accuracy"};

double value_of(const at_threshold& t, int metric) {
  return metric == 0 ? t.f1 : metric == 1 ? t.mcc : t.balanced;
}

double rate(const tally::binary_counts<>& c) {
  return static_cast<double>(c.tp + c.fp) / static_cast<double>(c.total());
}

void print_row(const at_threshold& t) {
  const auto& c = t.counts;
  std::printf("%9.3f  %7.1f%%  %5llu %5llu %5llu %5llu   %6.3f %6.3f %6.3f\n", t.threshold,
              100 * rate(c), static_cast<unsigned long long>(c.tp),
              static_cast<unsigned long long>(c.fp), static_cast<unsigned long long>(c.fn),
              static_cast<unsigned long long>(c.tn), t.f1, t.mcc, t.balanced);
}

} // namespace

int main(int argc, char** argv) {
  // 2,000 samples, 10% positive; the score is a logistic function of a
  // normal deviate whose mean is 2 for positives and 0 for negatives.
  const std::size_t n = 2000;
  simulated_model model;
  std::vector<int> y(n);
  std::vector<double> score(n);
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = model.uniform() < 0.10 ? 1 : 0;
    const double x = model.normal() + (y[i] ? 2.0 : 0.0);
    score[i] = 1.0 / (1.0 + std::exp(-(x - 2.0)));
  }
  const auto positives = static_cast<std::uint64_t>(std::count(y.begin(), y.end(), 1));
  const std::uint64_t negatives = n - positives;

  // Walk the samples by decreasing score; after each run of equal scores the
  // counts are those of "positive when score >= that score".
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  std::vector<at_threshold> sweep;
  std::uint64_t tp = 0, fp = 0;
  for (std::size_t k = 0; k < n; ++k) {
    (y[order[k]] ? tp : fp) += 1;
    if (k + 1 < n && score[order[k + 1]] == score[order[k]]) continue;
    at_threshold t;
    t.threshold = score[order[k]];
    t.counts = {tp, fp, positives - tp, negatives - fp};
    t.f1 = tally::f1(t.counts);
    t.mcc = tally::mcc(t.counts);
    t.balanced = tally::balanced_accuracy(t.counts);
    sweep.push_back(t);
  }
  std::printf("%zu samples, %llu positive (%.1f%%); %zu distinct thresholds evaluated\n\n", n,
              static_cast<unsigned long long>(positives),
              100.0 * static_cast<double>(positives) / static_cast<double>(n), sweep.size());

  std::printf("threshold  predicted    TP    FP    FN    TN       F1    MCC  bal.acc\n");
  const double shown[] = {0.01, 0.02, 0.05, 0.08, 0.10, 0.15, 0.20, 0.30, 0.50, 0.75, 1.00};
  std::size_t next = 0;
  for (const auto& t : sweep)
    if (next < std::size(shown) && rate(t.counts) >= shown[next] - 1e-12) {
      print_row(t);
      while (next < std::size(shown) && rate(t.counts) >= shown[next] - 1e-12) ++next;
    }

  // The best threshold of each metric (the highest one among ties).
  std::size_t best[3] = {0, 0, 0};
  for (std::size_t i = 0; i < sweep.size(); ++i)
    for (int m = 0; m < 3; ++m)
      if (value_of(sweep[i], m) > value_of(sweep[best[m]], m)) best[m] = i;

  std::printf("\nbest threshold per metric\n");
  std::printf("%-18s %9s %7s %10s %7s %9s %8s\n", "metric", "threshold", "value", "predicted",
              "recall", "precision", "specif.");
  for (int m = 0; m < 3; ++m) {
    const auto& t = sweep[best[m]];
    std::printf("%-18s %9.3f %7.3f %9.1f%% %7.3f %9.3f %8.3f\n", metric_names[m], t.threshold,
                value_of(t, m), 100 * rate(t.counts), tally::recall(t.counts),
                tally::precision(t.counts), tally::specificity(t.counts));
  }

  // Why they differ, from the numbers.
  const auto& bf = sweep[best[0]];
  const auto& bm = sweep[best[1]];
  const auto& bb = sweep[best[2]];
  std::printf("\nwhy they differ\n");
  const auto relation = [](double a, double b) {
    return a < b ? "lower than" : a > b ? "higher than" : "the same as";
  };
  std::printf("- Balanced accuracy is (recall + specificity) / 2: one more positive found\n"
              "  is worth 1/(2 x %llu), one more false alarm costs 1/(2 x %llu), so a found\n"
              "  positive outweighs %.1f false alarms. Its best threshold, %.3f, is\n"
              "  %s F1's; it predicts %.1f%% of samples positive.\n",
              static_cast<unsigned long long>(positives),
              static_cast<unsigned long long>(negatives),
              static_cast<double>(negatives) / static_cast<double>(positives), bb.threshold,
              relation(bb.threshold, bf.threshold), 100 * rate(bb.counts));
  std::printf("- F1 is 2 TP / (2 TP + FP + FN): false alarms and misses enter it with the\n"
              "  same weight and true negatives not at all, however many negatives there\n"
              "  are. Its best threshold, %.3f, predicts %.1f%% positive, with precision\n"
              "  %.3f and recall %.3f.\n",
              bf.threshold, 100 * rate(bf.counts), tally::precision(bf.counts),
              tally::recall(bf.counts));
  const char* where = bm.threshold == bf.threshold   ? "is F1's"
                      : bm.threshold == bb.threshold ? "is balanced accuracy's"
                      : (bm.threshold - bf.threshold) * (bm.threshold - bb.threshold) < 0
                          ? "lies between the other two"
                          : "lies outside the other two";
  std::printf("- MCC uses all four cells; its best threshold (%.3f) %s.\n", bm.threshold, where);
  if (bm.threshold == bf.threshold && bb.threshold != bf.threshold && bf.counts.fp > 0 &&
      bf.counts.tn > 0) {
    const auto d = [](std::uint64_t v) { return static_cast<double>(v); };
    std::printf("  Negatives are %.1f%% of the samples: between F1's and balanced accuracy's\n"
                "  thresholds TN changes by %.0f%% (%llu to %llu) while FP changes %.1f-fold\n"
                "  (%llu to %llu), so MCC ranks them much as F1, which ignores TN, does.\n",
                100.0 * d(negatives) / static_cast<double>(n),
                100.0 * std::fabs(d(bb.counts.tn) - d(bf.counts.tn)) / d(bf.counts.tn),
                static_cast<unsigned long long>(bf.counts.tn),
                static_cast<unsigned long long>(bb.counts.tn), d(bb.counts.fp) / d(bf.counts.fp),
                static_cast<unsigned long long>(bf.counts.fp),
                static_cast<unsigned long long>(bb.counts.fp));
  }
  if (bb.threshold != bf.threshold) {
    const auto& lo = bb.threshold < bf.threshold ? bb : bf;
    const auto& hi = bb.threshold < bf.threshold ? bf : bb;
    std::printf("- Lowering the threshold from %.3f to %.3f finds %lld more positives at\n"
                "  the price of %lld more false alarms: F1 goes from %.3f to %.3f, balanced\n"
                "  accuracy from %.3f to %.3f.\n",
                hi.threshold, lo.threshold,
                static_cast<long long>(lo.counts.tp) - static_cast<long long>(hi.counts.tp),
                static_cast<long long>(lo.counts.fp) - static_cast<long long>(hi.counts.fp), hi.f1,
                lo.f1, hi.balanced, lo.balanced);
  }

  std::printf("\nat F1's best threshold:\n\n");
  std::fputs(tally::explain(bf.counts).to_string().c_str(), stdout);

  if (argc > 1) {
    std::FILE* f = std::fopen(argv[1], "w");
    if (!f) return 1;
    std::fprintf(f, "threshold,tp,fp,fn,tn,f1,mcc,balanced_accuracy\n");
    for (const auto& t : sweep)
      std::fprintf(f, "%.17g,%llu,%llu,%llu,%llu,%.17g,%.17g,%.17g\n", t.threshold,
                   static_cast<unsigned long long>(t.counts.tp),
                   static_cast<unsigned long long>(t.counts.fp),
                   static_cast<unsigned long long>(t.counts.fn),
                   static_cast<unsigned long long>(t.counts.tn), t.f1, t.mcc, t.balanced);
    if (std::fclose(f) != 0) return 1;
    std::printf("\nwrote %s\n", argv[1]);
  }
  return 0;
}
