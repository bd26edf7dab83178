// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// roc_auc_score and average_precision_score against a plain implementation
// that std::sorts (score, label) records, in the same binary, one thread.
//
//   ./bench_ranking --benchmark_filter='1000000$'
//
// Inputs: n scores uniform in [0, 1) (double; mostly distinct) and labels
// with 30% positives, fixed seed.

#include <tally/ranking.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace {

struct data {
  std::vector<int> y;
  std::vector<double> s;
  std::vector<float> sf;
};

const data& get_data(std::size_t n) {
  static std::size_t cached_n = 0;
  static data d;
  if (cached_n != n) {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    d.y.resize(n);
    d.s.resize(n);
    d.sf.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      d.y[i] = u(rng) < 0.3 ? 1 : 0;
      // informative scores: positives shifted up
      d.s[i] = 0.7 * u(rng) + (d.y[i] ? 0.3 * u(rng) : 0.0);
      d.sf[i] = static_cast<float>(d.s[i]);
    }
    cached_n = n;
  }
  return d;
}

struct record {
  double score;
  int label;
};

std::vector<record> sorted_records(const std::vector<int>& y, const std::vector<double>& s) {
  std::vector<record> r(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) r[i] = {s[i], y[i]};
  std::sort(r.begin(), r.end(), [](const record& a, const record& b) { return a.score > b.score; });
  return r;
}

// Baseline ROC AUC: std::sort of records, then one pass over tied groups.
double baseline_roc_auc(const std::vector<int>& y, const std::vector<double>& s) {
  const std::vector<record> r = sorted_records(y, s);
  double tp = 0, fp = 0, ptp = 0, pfp = 0, area = 0;
  for (std::size_t i = 0; i < r.size();) {
    const double v = r[i].score;
    for (; i < r.size() && r[i].score == v; ++i) (r[i].label == 1 ? tp : fp) += 1;
    area += (fp - pfp) * (tp + ptp);
    ptp = tp;
    pfp = fp;
  }
  return area / (2 * tp * fp);
}

// Baseline average precision, same sort.
double baseline_average_precision(const std::vector<int>& y, const std::vector<double>& s) {
  const std::vector<record> r = sorted_records(y, s);
  double tp = 0, fp = 0, ptp = 0, sum = 0;
  for (std::size_t i = 0; i < r.size();) {
    const double v = r[i].score;
    for (; i < r.size() && r[i].score == v; ++i) (r[i].label == 1 ? tp : fp) += 1;
    if (tp != ptp) sum += (tp - ptp) * (tp / (tp + fp));
    ptp = tp;
  }
  return sum / tp;
}

bool refuse_debug(benchmark::State& state) {
#ifndef NDEBUG
  state.SkipWithError("benchmarks need an optimized build (NDEBUG)");
  return true;
#else
  (void)state;
  return false;
#endif
}

void BM_roc_auc_tally(benchmark::State& state) {
  if (refuse_debug(state)) return;
  const data& d = get_data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(tally::roc_auc_score(d.y, d.s));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_roc_auc_tally_float(benchmark::State& state) {
  if (refuse_debug(state)) return;
  const data& d = get_data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(tally::roc_auc_score(d.y, d.sf));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_roc_auc_std_sort(benchmark::State& state) {
  if (refuse_debug(state)) return;
  const data& d = get_data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(baseline_roc_auc(d.y, d.s));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_average_precision_tally(benchmark::State& state) {
  if (refuse_debug(state)) return;
  const data& d = get_data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(tally::average_precision_score(d.y, d.s));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
void BM_average_precision_std_sort(benchmark::State& state) {
  if (refuse_debug(state)) return;
  const data& d = get_data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(baseline_average_precision(d.y, d.s));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

#define TALLY_SIZES ->Arg(100000)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond)
BENCHMARK(BM_roc_auc_tally) TALLY_SIZES;
BENCHMARK(BM_roc_auc_std_sort) TALLY_SIZES;
BENCHMARK(BM_average_precision_tally) TALLY_SIZES;
BENCHMARK(BM_average_precision_std_sort) TALLY_SIZES;
BENCHMARK(BM_roc_auc_tally_float) TALLY_SIZES;

} // namespace

BENCHMARK_MAIN();
