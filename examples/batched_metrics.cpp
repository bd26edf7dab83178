// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
//
// Why batch-averaged precision, recall and F1 are wrong, and what to do.
//
// One model's predictions on an imbalanced binary problem arrive in batches
// of 5 (as in a training loop with batch_size=5). Averaging the per-batch
// metrics, as Keras 1 did, gives different numbers from the metrics of the
// whole data set; a batch without positives even has no recall at all.
// Accumulating the counts gives the exact values, whatever the batch size.

#include <tally/accumulators.hpp>
#include <tally/classification.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

int main() {
  // 400 samples, about 1 in 6 positive; the model finds most positives but
  // also raises false alarms. std::mt19937's output is the same everywhere.
  std::mt19937 rng(2017);
  auto chance = [&](std::uint32_t percent) { return rng() % 100 < percent; };
  std::vector<int> y_true, y_pred;
  for (int i = 0; i < 400; ++i) {
    const bool positive = chance(16);
    y_true.push_back(positive ? 1 : 0);
    y_pred.push_back(positive ? (chance(75) ? 1 : 0) : (chance(10) ? 1 : 0));
  }

  const std::size_t batch = 5;
  tally::binary_accumulator<> total;
  double sum_p = 0, sum_r = 0, sum_f = 0;
  std::size_t batches = 0, no_positive = 0, no_predicted = 0;
  for (std::size_t at = 0; at < y_true.size(); at += batch) {
    const std::vector<int> t(y_true.begin() + static_cast<std::ptrdiff_t>(at),
                             y_true.begin() + static_cast<std::ptrdiff_t>(at + batch));
    const std::vector<int> p(y_pred.begin() + static_cast<std::ptrdiff_t>(at),
                             y_pred.begin() + static_cast<std::ptrdiff_t>(at + batch));
    tally::binary_accumulator<> this_batch;
    this_batch.update(t, p);
    // per-batch values, undefined ones counted as 0 (Keras 1's behaviour)
    sum_p += this_batch.precision(tally::zero_division::zero);
    sum_r += this_batch.recall(tally::zero_division::zero);
    sum_f += this_batch.f1(tally::zero_division::zero);
    if (this_batch.counts().tp + this_batch.counts().fn == 0) ++no_positive;
    if (this_batch.counts().tp + this_batch.counts().fp == 0) ++no_predicted;
    ++batches;
    total.update(t, p); // the accumulator: exact
  }

  const auto& c = total.counts();
  std::printf("%zu samples in %zu batches of %zu: tp=%llu fp=%llu fn=%llu tn=%llu\n", y_true.size(),
              batches, batch, static_cast<unsigned long long>(c.tp),
              static_cast<unsigned long long>(c.fp), static_cast<unsigned long long>(c.fn),
              static_cast<unsigned long long>(c.tn));
  std::printf("%zu batches have no positive sample, %zu have no positive prediction\n\n",
              no_positive, no_predicted);
  std::printf("            mean of batches   accumulated   difference\n");
  const double n = static_cast<double>(batches);
  std::printf("precision   %15.4f   %11.4f   %+10.4f\n", sum_p / n, total.precision(),
              sum_p / n - total.precision());
  std::printf("recall      %15.4f   %11.4f   %+10.4f\n", sum_r / n, total.recall(),
              sum_r / n - total.recall());
  std::printf("F1          %15.4f   %11.4f   %+10.4f\n\n", sum_f / n, total.f1(),
              sum_f / n - total.f1());

  // the accumulated values are the one-shot values on all the data
  const bool same = total.precision() == tally::precision_score(y_true, y_pred) &&
                    total.recall() == tally::recall_score(y_true, y_pred) &&
                    total.f1() == tally::f1_score(y_true, y_pred);
  std::printf("accumulated == tally::precision_score / recall_score / f1_score on all data: %s\n",
              same ? "yes" : "NO");
  return same ? 0 : 1;
}
