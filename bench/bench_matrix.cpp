// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Dense K x K counting of integer labels in [0, K): the kernel (vector index
// computation + sub-histograms), the naive cm[t * K + p]++ loop (zeroing
// included in both), the label min/max pass, and the read reference.

#include "bench_common.hpp"

#include <tally/detail/kernels.hpp>

namespace {

template <class T, std::size_t K>
void BM_matrix_kernel(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, K);
  std::vector<std::uint64_t> cm(K * K);
  for (auto _ : state) {
    std::fill(cm.begin(), cm.end(), 0);
    benchmark::DoNotOptimize(
        tally::detail::count_matrix(d.t.data(), d.p.data(), n, T(0), K, cm.data()));
    benchmark::ClobberMemory();
  }
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

template <class T, std::size_t K>
void BM_matrix_naive(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, K);
  const T* t = d.t.data();
  const T* p = d.p.data();
  std::vector<std::uint64_t> cm(K * K);
  for (auto _ : state) {
    std::fill(cm.begin(), cm.end(), 0);
    for (std::size_t i = 0; i < n; ++i)
      ++cm[static_cast<std::size_t>(t[i]) * K + static_cast<std::size_t>(p[i])];
    benchmark::ClobberMemory();
  }
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

template <class T, std::size_t K>
void BM_matrix_read(benchmark::State& state) {
  bench::read_reference<T>(state, K);
}

template <class T>
void BM_minmax_kernel(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, 10);
  for (auto _ : state) {
    T lo{}, hi{};
    tally::detail::minmax(d.t.data(), n, lo, hi);
    benchmark::DoNotOptimize(lo);
    benchmark::DoNotOptimize(hi);
  }
  bench::set_counters<T>(state, n, sizeof(T));
}

template <class T>
void BM_minmax_naive(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, 10);
  for (auto _ : state) {
    T lo{}, hi{};
    tally::detail::scalar::minmax(d.t.data(), n, lo, hi);
    benchmark::DoNotOptimize(lo);
    benchmark::DoNotOptimize(hi);
  }
  bench::set_counters<T>(state, n, sizeof(T));
}

#define TALLY_BENCH_K(T, K)                                                                        \
  BENCHMARK_TEMPLATE(BM_matrix_read, T, K)->Apply(bench::apply_sizes);                             \
  BENCHMARK_TEMPLATE(BM_matrix_kernel, T, K)->Apply(bench::apply_sizes);                           \
  BENCHMARK_TEMPLATE(BM_matrix_naive, T, K)->Apply(bench::apply_sizes);

TALLY_BENCH_K(std::int32_t, 2)
TALLY_BENCH_K(std::int32_t, 10)
TALLY_BENCH_K(std::int32_t, 100)
TALLY_BENCH_K(std::int32_t, 1000)
TALLY_BENCH_K(std::int64_t, 10)
TALLY_BENCH_K(std::uint8_t, 10)

BENCHMARK_TEMPLATE(BM_minmax_kernel, std::int32_t)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_minmax_naive, std::int32_t)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_minmax_kernel, std::int64_t)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_minmax_naive, std::int64_t)->Apply(bench::apply_sizes);

} // namespace

TALLY_BENCH_MAIN()
