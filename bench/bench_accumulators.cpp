// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Streaming accumulators on small batches (64 to 4096 samples), where the
// per-call overhead dominates: each accumulator's update next to the one-shot
// count of the same batch (the target: update within 20% of it), and merge.
//
//   BM_<kind>_one_shot/n      the one-shot function on one batch
//   BM_<kind>_update/n        acc.update on the same batch (acc persists)
//   BM_merge_<kind>/size      acc += other
//
// Curves: "levels" scores take 1000 distinct values (a bounded table);
// "continuous" scores are all distinct (the table grows; the accumulator is
// reset every 256 batches, so the merge cost of a table of up to 256 batches
// is included).

#include "bench_common.hpp"

#include <tally/accumulators.hpp>
#include <tally/classification.hpp>
#include <tally/confusion_matrix.hpp>
#include <tally/ranking.hpp>
#include <tally/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace {

void batch_sizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t n : {64, 256, 1024, 4096}) b->Arg(n);
}

// One batch of binary / multiclass labels.
std::vector<int> batch(std::size_t n, std::uint64_t k, bool pred) {
  const auto& d = bench::labels<int>(n, k);
  return pred ? d.p : d.t;
}

struct scored_batch {
  std::vector<int> y;
  std::vector<double> s;
};

scored_batch scores(std::size_t n, bool continuous, unsigned seed) {
  std::mt19937_64 rng(seed + n);
  scored_batch b;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t r = rng();
    const int y = static_cast<int>(r & 1u);
    const double u = static_cast<double>(r >> 11) * 0x1.0p-53;
    const double s = 0.7 * u + 0.3 * y;
    b.y.push_back(y);
    b.s.push_back(continuous ? s : static_cast<double>(static_cast<int>(s * 1000)) / 1000);
  }
  return b;
}

// --------------------------------------------------------------- binary --

void BM_binary_one_shot(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto t = batch(n, 2, false), p = batch(n, 2, true);
  for (auto _ : state) {
    auto c = tally::count_binary(t, p);
    benchmark::DoNotOptimize(c);
  }
  bench::set_counters<int>(state, n, 2 * sizeof(int));
}
BENCHMARK(BM_binary_one_shot)->Apply(batch_sizes);

// The same with the positive label known only at run time, as an
// accumulator holds it.
void BM_binary_one_shot_runtime_pos(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto t = batch(n, 2, false), p = batch(n, 2, true);
  int pos = 1;
  benchmark::DoNotOptimize(pos);
  for (auto _ : state) {
    auto c = tally::count_binary(t, p, tally::pos_label(pos));
    benchmark::DoNotOptimize(c);
  }
  bench::set_counters<int>(state, n, 2 * sizeof(int));
}
BENCHMARK(BM_binary_one_shot_runtime_pos)->Apply(batch_sizes);

void BM_binary_update(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto t = batch(n, 2, false), p = batch(n, 2, true);
  tally::binary_accumulator<> acc;
  for (auto _ : state) {
    acc.update(t, p);
    benchmark::DoNotOptimize(acc);
  }
  bench::set_counters<int>(state, n, 2 * sizeof(int));
}
BENCHMARK(BM_binary_update)->Apply(batch_sizes);

// ---------------------------------------------------------- multiclass --

void BM_matrix_one_shot(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto t = batch(n, 5, false), p = batch(n, 5, true);
  for (auto _ : state) {
    auto m = tally::count_matrix(t, p);
    benchmark::DoNotOptimize(m);
  }
  bench::set_counters<int>(state, n, 2 * sizeof(int));
}
BENCHMARK(BM_matrix_one_shot)->Apply(batch_sizes);

void BM_matrix_update(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto t = batch(n, 5, false), p = batch(n, 5, true);
  tally::matrix_accumulator<int> acc;
  for (auto _ : state) {
    acc.update(t, p);
    benchmark::DoNotOptimize(acc);
  }
  bench::set_counters<int>(state, n, 2 * sizeof(int));
}
BENCHMARK(BM_matrix_update)->Apply(batch_sizes);

void BM_matrix_update_fixed(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto t = batch(n, 5, false), p = batch(n, 5, true);
  tally::matrix_accumulator<int> acc{0, 1, 2, 3, 4};
  for (auto _ : state) {
    acc.update(t, p);
    benchmark::DoNotOptimize(acc);
  }
  bench::set_counters<int>(state, n, 2 * sizeof(int));
}
BENCHMARK(BM_matrix_update_fixed)->Apply(batch_sizes);

// ---------------------------------------------------------- multilabel --

std::vector<std::vector<int>> rows(std::size_t n, bool pred) {
  std::mt19937_64 rng(n + (pred ? 7 : 0));
  std::vector<std::vector<int>> r(n, std::vector<int>(8));
  for (auto& row : r)
    for (auto& v : row) v = static_cast<int>(rng() % 3 == 0);
  return r;
}

void BM_multilabel_one_shot(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto t = rows(n, false), p = rows(n, true);
  for (auto _ : state) {
    auto m = tally::multilabel_confusion_matrix(t, p);
    benchmark::DoNotOptimize(m);
  }
  bench::set_counters<int>(state, n, 16 * sizeof(int));
}
BENCHMARK(BM_multilabel_one_shot)->Apply(batch_sizes);

void BM_multilabel_update(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto t = rows(n, false), p = rows(n, true);
  tally::multilabel_accumulator<> acc;
  for (auto _ : state) {
    acc.update(t, p);
    benchmark::DoNotOptimize(acc);
  }
  bench::set_counters<int>(state, n, 16 * sizeof(int));
}
BENCHMARK(BM_multilabel_update)->Apply(batch_sizes);

// --------------------------------------------------------------- curves --

template <bool Continuous>
void BM_curve_one_shot(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto b = scores(n, Continuous, 1);
  for (auto _ : state) {
    auto c = tally::confusion_matrix_at_thresholds(b.y, b.s);
    benchmark::DoNotOptimize(c);
  }
  bench::set_counters<double>(state, n, sizeof(int) + sizeof(double));
}
BENCHMARK(BM_curve_one_shot<false>)->Name("BM_curve_one_shot/levels")->Apply(batch_sizes);
BENCHMARK(BM_curve_one_shot<true>)->Name("BM_curve_one_shot/continuous")->Apply(batch_sizes);

// The one-shot count over everything BM_curve_update accumulates between two
// resets (256 batches): the per-sample cost of counting all the data at once.
void BM_curve_one_shot_whole(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  scored_batch all;
  for (unsigned i = 0; i < 256; ++i) {
    const auto b = scores(n, true, i % 16);
    all.y.insert(all.y.end(), b.y.begin(), b.y.end());
    all.s.insert(all.s.end(), b.s.begin(), b.s.end());
  }
  for (auto _ : state) {
    auto c = tally::confusion_matrix_at_thresholds(all.y, all.s);
    benchmark::DoNotOptimize(c);
  }
  // per batch of n, to compare with BM_curve_update/continuous/n
  state.counters["per_batch_ns"] =
      benchmark::Counter(256.0 * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  bench::set_counters<double>(state, 256 * n, sizeof(int) + sizeof(double));
}
BENCHMARK(BM_curve_one_shot_whole)->Arg(1024)->Arg(4096)->Unit(benchmark::kMillisecond);

template <bool Continuous>
void BM_roc_auc_one_shot(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto b = scores(n, Continuous, 1);
  for (auto _ : state) benchmark::DoNotOptimize(tally::roc_auc_score(b.y, b.s));
  bench::set_counters<double>(state, n, sizeof(int) + sizeof(double));
}
BENCHMARK(BM_roc_auc_one_shot<false>)->Name("BM_roc_auc_one_shot/levels")->Apply(batch_sizes);
BENCHMARK(BM_roc_auc_one_shot<true>)->Name("BM_roc_auc_one_shot/continuous")->Apply(batch_sizes);

template <bool Continuous>
void BM_curve_update(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  // 16 different batches, so that continuous scores keep adding new rows
  std::vector<scored_batch> b;
  for (unsigned i = 0; i < 16; ++i) b.push_back(scores(n, Continuous, i));
  tally::curve_accumulator<> acc;
  std::size_t k = 0;
  for (auto _ : state) {
    acc.update(b[k % 16].y, b[k % 16].s);
    if (++k % 256 == 0) { // fold the pending samples in (timed), then start over
      acc.compact();
      acc.reset();
    }
    benchmark::DoNotOptimize(acc);
  }
  bench::set_counters<double>(state, n, sizeof(int) + sizeof(double));
}
BENCHMARK(BM_curve_update<false>)->Name("BM_curve_update/levels")->Apply(batch_sizes);
BENCHMARK(BM_curve_update<true>)->Name("BM_curve_update/continuous")->Apply(batch_sizes);

void BM_binned_update(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto b = scores(n, true, 1);
  tally::binned_curve_accumulator<> acc(200);
  for (auto _ : state) {
    acc.update(b.y, b.s);
    benchmark::DoNotOptimize(acc);
  }
  bench::set_counters<double>(state, n, sizeof(int) + sizeof(double));
}
BENCHMARK(BM_binned_update)->Apply(batch_sizes);

// ---------------------------------------------------------------- merge --

void BM_merge_binary(benchmark::State& state) {
  tally::binary_accumulator<> a, b;
  b.update(batch(64, 2, false), batch(64, 2, true));
  for (auto _ : state) {
    a += b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_merge_binary);

void BM_merge_matrix(benchmark::State& state) {
  const auto k = static_cast<std::uint64_t>(state.range(0));
  const auto t = batch(4096, k, false), p = batch(4096, k, true);
  tally::matrix_accumulator<int> a, b;
  a.update(t, p);
  b.update(t, p);
  for (auto _ : state) {
    a += b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_merge_matrix)->Arg(5)->Arg(100);

void BM_merge_multilabel(benchmark::State& state) {
  tally::multilabel_accumulator<> a, b;
  a.update(rows(64, false), rows(64, true));
  b.update(rows(64, false), rows(64, true));
  for (auto _ : state) {
    a += b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_merge_multilabel);

void BM_merge_curve(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = scores(n, true, 1), y = scores(n, true, 2);
  tally::curve_accumulator<> a, b;
  a.update(x.y, x.s);
  b.update(y.y, y.s);
  for (auto _ : state) {
    tally::curve_accumulator<> c = a;
    c += b;
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(2 * n));
}
BENCHMARK(BM_merge_curve)->Arg(1000)->Arg(100000);

void BM_merge_binned(benchmark::State& state) {
  const auto x = scores(4096, true, 1);
  tally::binned_curve_accumulator<> a(200), b(200);
  a.update(x.y, x.s);
  b.update(x.y, x.s);
  for (auto _ : state) {
    a += b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_merge_binned);

void BM_serialize_round_trip_curve(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto x = scores(n, true, 1);
  tally::curve_accumulator<> a;
  a.update(x.y, x.s);
  for (auto _ : state) {
    auto back = tally::deserialize<tally::curve_accumulator<>>(tally::serialize(a));
    benchmark::DoNotOptimize(back);
  }
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(tally::serialize(a).size()));
}
BENCHMARK(BM_serialize_round_trip_curve)->Arg(1000)->Arg(100000);

} // namespace

TALLY_BENCH_MAIN()
