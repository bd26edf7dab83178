// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// The public functions users call, on the same data as the kernel
// benchmarks: tally::f1_score on binary labels (uint8, int32) and
// tally::confusion_matrix on multiclass int32 labels (K = 10, 1000), each
// beside its naive loop and the read reference, plus the opt-in two-thread
// counts of parallel.hpp.

#include "bench_common.hpp"

#include <tally/classification.hpp>
#include <tally/confusion_matrix.hpp>
#include <tally/parallel.hpp>

namespace {

template <class T>
void BM_f1_score(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tally::f1_score(d.t, d.p));
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

// f1 from the branchy loop most code writes.
template <class T>
void BM_f1_naive(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, 2);
  const T* t = d.t.data();
  const T* p = d.p.data();
  for (auto _ : state) {
    std::uint64_t tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (t[i] == T(1)) {
        if (p[i] == T(1))
          ++tp;
        else
          ++fn;
      } else if (p[i] == T(1)) {
        ++fp;
      }
    }
    const double f1 =
        tp == 0 ? 0.0 : 2.0 * static_cast<double>(tp) / static_cast<double>(2 * tp + fp + fn);
    benchmark::DoNotOptimize(f1);
  }
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

template <class T>
void BM_f1_read(benchmark::State& state) {
  bench::read_reference<T>(state, 2);
}

template <class T>
void BM_count_binary_2threads(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, 2);
  for (auto _ : state) benchmark::DoNotOptimize(tally::parallel_count_binary(d.t, d.p, 1, 2));
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

template <class T>
void BM_read_2threads(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, 2);
  for (auto _ : state)
    benchmark::DoNotOptimize(
        tally::parallel_reduce<std::uint64_t>(n, 2, [&d](std::size_t b, std::size_t e) noexcept {
          return bench::stream_read(d.t.data() + b, (e - b) * sizeof(T)) +
                 bench::stream_read(d.p.data() + b, (e - b) * sizeof(T));
        }));
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

template <class T, std::size_t K>
void BM_confusion_matrix(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, K);
  for (auto _ : state) benchmark::DoNotOptimize(tally::confusion_matrix(d.t, d.p));
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

template <class T, std::size_t K>
void BM_confusion_matrix_naive(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, K);
  const T* t = d.t.data();
  const T* p = d.p.data();
  for (auto _ : state) {
    std::vector<std::uint64_t> cm(K * K);
    for (std::size_t i = 0; i < n; ++i)
      ++cm[static_cast<std::size_t>(t[i]) * K + static_cast<std::size_t>(p[i])];
    benchmark::DoNotOptimize(cm.data());
    benchmark::ClobberMemory();
  }
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

template <class T, std::size_t K>
void BM_confusion_matrix_read(benchmark::State& state) {
  bench::read_reference<T>(state, K);
}

BENCHMARK_TEMPLATE(BM_f1_read, std::uint8_t)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_f1_score, std::uint8_t)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_f1_naive, std::uint8_t)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_read_2threads, std::uint8_t)->Apply(bench::apply_sizes)->UseRealTime();
BENCHMARK_TEMPLATE(BM_count_binary_2threads, std::uint8_t)
    ->Apply(bench::apply_sizes)
    ->UseRealTime();
BENCHMARK_TEMPLATE(BM_f1_read, std::int32_t)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_f1_score, std::int32_t)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_f1_naive, std::int32_t)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_confusion_matrix_read, std::int32_t, 10)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_confusion_matrix, std::int32_t, 10)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_confusion_matrix_naive, std::int32_t, 10)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_confusion_matrix, std::int32_t, 1000)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_confusion_matrix_naive, std::int32_t, 1000)->Apply(bench::apply_sizes);

} // namespace

TALLY_BENCH_MAIN()
