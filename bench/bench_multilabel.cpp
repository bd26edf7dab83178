// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Multilabel indicator matrices (n rows x L labels, uint8 0/1, row-major):
// per-label tp / true / pred counts, the kernel against the naive loop.

#include "bench_common.hpp"

#include <tally/detail/kernels.hpp>

namespace {

template <std::size_t L>
void BM_multilabel_kernel(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0)) / L;
  const auto& d = bench::labels<std::uint8_t>(rows * L, 2);
  std::vector<std::uint64_t> c(3 * L);
  for (auto _ : state) {
    std::fill(c.begin(), c.end(), 0);
    benchmark::DoNotOptimize(tally::detail::count_multilabel(
        d.t.data(), d.p.data(), rows, L, c.data(), c.data() + L, c.data() + 2 * L));
    benchmark::ClobberMemory();
  }
  bench::set_counters<std::uint8_t>(state, rows * L, 2);
}

template <std::size_t L>
void BM_multilabel_naive(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0)) / L;
  const auto& d = bench::labels<std::uint8_t>(rows * L, 2);
  std::vector<std::uint64_t> c(3 * L);
  for (auto _ : state) {
    std::fill(c.begin(), c.end(), 0);
    const std::uint8_t* t = d.t.data();
    const std::uint8_t* p = d.p.data();
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t j = 0; j < L; ++j) {
        const std::size_t i = r * L + j;
        c[j] += t[i] & p[i];
        c[L + j] += t[i];
        c[2 * L + j] += p[i];
      }
    benchmark::ClobberMemory();
  }
  bench::set_counters<std::uint8_t>(state, rows * L, 2);
}

void BM_multilabel_read(benchmark::State& state) { bench::read_reference<std::uint8_t>(state, 2); }

BENCHMARK(BM_multilabel_read)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_multilabel_kernel, 5)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_multilabel_naive, 5)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_multilabel_kernel, 100)->Apply(bench::apply_sizes);
BENCHMARK_TEMPLATE(BM_multilabel_naive, 100)->Apply(bench::apply_sizes);

} // namespace

TALLY_BENCH_MAIN()
