// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_BENCH_BENCH_COMMON_HPP
#define TALLY_BENCH_BENCH_COMMON_HPP

// Shared data, sizes and references for the benchmarks.
//
// Data (fixed seeds): binary y_true ~ Bernoulli(0.5), y_pred = y_true with
// probability 0.8; multiclass y_true uniform in [0, K), y_pred = y_true
// w.p. 0.8, else uniform. Sizes 1e3, 1e5, 1e7; 1e8 when TALLY_BENCH_1E8=1.
//
// Every benchmark reports bytes (both label arrays) and items (samples) per
// second. The "read" benchmarks stream the same bytes with an AVX2 OR
// reduction: the bandwidth reference at that size.

#include <tally/detail/cpu.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <utility>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace bench {

inline std::vector<std::int64_t> sizes() {
  std::vector<std::int64_t> s = {1000, 100000, 10000000};
  const char* big = std::getenv("TALLY_BENCH_1E8");
  if (big != nullptr && *big == '1') s.push_back(100000000);
  return s;
}

inline void apply_sizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t n : sizes()) b->Arg(n);
  b->Unit(benchmark::kMicrosecond);
}

template <class T>
struct pair_data {
  std::vector<T> t, p;
};

// Cached per (type, n, k): generating 1e8 labels once is enough.
template <class T>
const pair_data<T>& labels(std::size_t n, std::uint64_t k) {
  static std::map<std::pair<std::size_t, std::uint64_t>, pair_data<T>> cache;
  auto it = cache.find({n, k});
  if (it != cache.end()) return it->second;
  pair_data<T> d;
  d.t.resize(n);
  d.p.resize(n);
  std::mt19937_64 rng(12345 + n + k);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t r = rng();
    const auto a = static_cast<T>(k == 2 ? (r & 1u) : (r % k));
    const bool keep = ((r >> 32) % 10u) < 8u;
    d.t[i] = a;
    d.p[i] = keep ? a : static_cast<T>(k == 2 ? ((r >> 40) & 1u) : ((r >> 40) % k));
  }
  return cache.emplace(std::make_pair(n, k), std::move(d)).first->second;
}

template <class T>
void set_counters(benchmark::State& state, std::size_t n, std::size_t bytes_per_item) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(n * bytes_per_item));
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("avx2"))) inline std::uint64_t stream_read(const void* a, std::size_t bytes) {
  const auto* c = static_cast<const unsigned char*>(a);
  __m256i x0 = _mm256_setzero_si256(), x1 = x0, x2 = x0, x3 = x0;
  std::size_t i = 0;
  for (; bytes - i >= 128; i += 128) {
    x0 = _mm256_or_si256(x0, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c + i)));
    x1 = _mm256_or_si256(x1, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c + i + 32)));
    x2 = _mm256_or_si256(x2, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c + i + 64)));
    x3 = _mm256_or_si256(x3, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c + i + 96)));
  }
  const __m256i x = _mm256_or_si256(_mm256_or_si256(x0, x1), _mm256_or_si256(x2, x3));
  std::uint64_t r = static_cast<std::uint64_t>(_mm256_extract_epi64(x, 0)) |
                    static_cast<std::uint64_t>(_mm256_extract_epi64(x, 1)) |
                    static_cast<std::uint64_t>(_mm256_extract_epi64(x, 2)) |
                    static_cast<std::uint64_t>(_mm256_extract_epi64(x, 3));
  for (; i < bytes; ++i) r |= c[i];
  return r;
}
#else
inline std::uint64_t stream_read(const void* a, std::size_t bytes) {
  const auto* c = static_cast<const unsigned char*>(a);
  std::uint64_t r = 0;
  for (std::size_t i = 0; i < bytes; ++i) r |= c[i];
  return r;
}
#endif

// Reads both label arrays once: the bandwidth reference.
template <class T>
void read_reference(benchmark::State& state, std::uint64_t k) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& d = labels<T>(n, k);
  for (auto _ : state) {
    benchmark::DoNotOptimize(stream_read(d.t.data(), n * sizeof(T)));
    benchmark::DoNotOptimize(stream_read(d.p.data(), n * sizeof(T)));
  }
  set_counters<T>(state, n, 2 * sizeof(T));
}

// Refuses to time an unoptimized build.
inline int run(int argc, char** argv) {
#if !defined(__OPTIMIZE__) || !defined(NDEBUG)
  std::fprintf(stderr, "tally benchmarks: refusing to run a debug build (configure with "
                       "-DCMAKE_BUILD_TYPE=Release)\n");
  static_cast<void>(argc);
  static_cast<void>(argv);
  return 1;
#else
  benchmark::AddCustomContext("tally_kernel_isa",
                              tally::kernel_isa_name(tally::active_kernel_isa()));
#if defined(__AVX512F__)
  benchmark::AddCustomContext("tally_build", "-march with AVX-512");
#elif defined(__AVX2__)
  benchmark::AddCustomContext("tally_build", "-march with AVX2");
#else
  benchmark::AddCustomContext("tally_build", "baseline ISA (no -march)");
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
#endif
}

} // namespace bench

#define TALLY_BENCH_MAIN()                                                                         \
  int main(int argc, char** argv) { return bench::run(argc, argv); }

#endif // TALLY_BENCH_BENCH_COMMON_HPP
