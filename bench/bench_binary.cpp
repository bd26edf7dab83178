// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Binary counts (pos_label compare, fused binary-label validation) per label
// type: the dispatched kernel, each kernel family forced, two naive loops
// (branchy if/else and branch-free sums) and the streaming-read reference.

#include "bench_common.hpp"

#include <tally/detail/kernels.hpp>

namespace {

template <class T>
void BM_binary_kernel(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, 2);
  for (auto _ : state) {
    auto r = tally::detail::count_binary(d.t.data(), d.p.data(), n, T(1));
    benchmark::DoNotOptimize(r);
  }
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

template <class T, tally::kernel_isa Isa>
void BM_binary_forced(benchmark::State& state) {
  if (!tally::set_kernel_isa(Isa)) {
    state.SkipWithError("kernel family not supported here");
    return;
  }
  BM_binary_kernel<T>(state);
  tally::reset_kernel_isa();
}

// The loop most code writes.
template <class T>
void BM_binary_naive_branch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, 2);
  const T* t = d.t.data();
  const T* p = d.p.data();
  for (auto _ : state) {
    std::uint64_t tp = 0, fp = 0, fn = 0, tn = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (t[i] == T(1)) {
        if (p[i] == T(1))
          ++tp;
        else
          ++fn;
      } else {
        if (p[i] == T(1))
          ++fp;
        else
          ++tn;
      }
    }
    benchmark::DoNotOptimize(tp);
    benchmark::DoNotOptimize(fp);
    benchmark::DoNotOptimize(fn);
    benchmark::DoNotOptimize(tn);
  }
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

// Branch-free sums: what a careful programmer writes.
template <class T>
void BM_binary_naive_arith(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = bench::labels<T>(n, 2);
  const T* t = d.t.data();
  const T* p = d.p.data();
  for (auto _ : state) {
    std::uint64_t st = 0, sp = 0, sb = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const bool a = t[i] == T(1);
      const bool b = p[i] == T(1);
      st += a;
      sp += b;
      sb += a & b;
    }
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(sp);
    benchmark::DoNotOptimize(sb);
  }
  bench::set_counters<T>(state, n, 2 * sizeof(T));
}

template <class T>
void BM_binary_read(benchmark::State& state) {
  bench::read_reference<T>(state, 2);
}

using tally::kernel_isa;

#define TALLY_BENCH_TYPE(T)                                                                        \
  BENCHMARK_TEMPLATE(BM_binary_read, T)->Apply(bench::apply_sizes);                                \
  BENCHMARK_TEMPLATE(BM_binary_kernel, T)->Apply(bench::apply_sizes);                              \
  BENCHMARK_TEMPLATE(BM_binary_naive_branch, T)->Apply(bench::apply_sizes);                        \
  BENCHMARK_TEMPLATE(BM_binary_naive_arith, T)->Apply(bench::apply_sizes);

TALLY_BENCH_TYPE(std::uint8_t)
TALLY_BENCH_TYPE(std::int8_t)
TALLY_BENCH_TYPE(std::int16_t)
TALLY_BENCH_TYPE(std::int32_t)
TALLY_BENCH_TYPE(std::int64_t)
TALLY_BENCH_TYPE(float)
TALLY_BENCH_TYPE(double)

#define TALLY_BENCH_FORCED(T)                                                                      \
  BENCHMARK_TEMPLATE(BM_binary_forced, T, kernel_isa::scalar)->Apply(bench::apply_sizes);          \
  BENCHMARK_TEMPLATE(BM_binary_forced, T, kernel_isa::sse2)->Apply(bench::apply_sizes);            \
  BENCHMARK_TEMPLATE(BM_binary_forced, T, kernel_isa::avx2)->Apply(bench::apply_sizes);            \
  BENCHMARK_TEMPLATE(BM_binary_forced, T, kernel_isa::avx512)->Apply(bench::apply_sizes);

TALLY_BENCH_FORCED(std::uint8_t)
TALLY_BENCH_FORCED(std::int32_t)

} // namespace

TALLY_BENCH_MAIN()
