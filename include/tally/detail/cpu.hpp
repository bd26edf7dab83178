// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_CPU_HPP
#define TALLY_DETAIL_CPU_HPP

// Which instruction sets the counting kernels are compiled for, which one the
// running CPU supports, and which one is in use.
//
// x86-64 with GCC or Clang: the SSE2, AVX2 and AVX-512 kernels are always
// compiled (each function carries its own target attribute, so no -m flag is
// needed) and one cached CPU check picks the best. With
// TALLY_DISABLE_DISPATCH, or another compiler, only the kernels the
// translation unit's own flags allow are compiled (__AVX2__, ...).
// AArch64: the NEON kernels. TALLY_DISABLE_SIMD: scalar kernels only.
//
// Forcing a kernel (tests, or a fixed code path): call
// tally::set_kernel_isa(tally::kernel_isa::avx2), or set the environment
// variable TALLY_FORCE_ISA=scalar|sse2|avx2|avx512|neon (read once, at the
// first count). An ISA this build or this CPU cannot run is refused.
//
// One refinement of the automatic choice: on CPUs that execute 512-bit
// vector instructions as two 256-bit halves (AMD family 19h, Zen 4) the
// binary count runs its AVX2 kernel, measured faster there (bench_binary,
// uint8: 2.95 vs 3.49 us at 1e5 labels, 360 vs 457 us at 1e7, equal from
// DRAM). A forced family is always the one that runs.

#include "../config.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>

// ---- what is compiled ---------------------------------------------------
#if !defined(TALLY_DISABLE_SIMD)
#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__)) &&       \
    !defined(TALLY_DISABLE_DISPATCH)
#define TALLY_X86_DISPATCH 1
#define TALLY_HAS_SSE2 1
#define TALLY_HAS_AVX2 1
#define TALLY_HAS_AVX512 1
#elif defined(__x86_64__) || defined(_M_X64)
#define TALLY_HAS_SSE2 1
#if defined(__AVX2__)
#define TALLY_HAS_AVX2 1
#endif
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__) &&                      \
    defined(__AVX512DQ__) && defined(__POPCNT__)
#define TALLY_HAS_AVX512 1
#endif
#elif defined(__aarch64__) && defined(__ARM_NEON)
#define TALLY_HAS_NEON 1
#endif
#endif

#ifndef TALLY_X86_DISPATCH
#define TALLY_X86_DISPATCH 0
#endif
#ifndef TALLY_HAS_SSE2
#define TALLY_HAS_SSE2 0
#endif
#ifndef TALLY_HAS_AVX2
#define TALLY_HAS_AVX2 0
#endif
#ifndef TALLY_HAS_AVX512
#define TALLY_HAS_AVX512 0
#endif
#ifndef TALLY_HAS_NEON
#define TALLY_HAS_NEON 0
#endif

#if TALLY_X86_DISPATCH
#include <cpuid.h>
#endif

TALLY_NAMESPACE_BEGIN

/// Instruction set of a family of counting kernels, in increasing order of
/// preference on the same architecture.
enum class kernel_isa : int { scalar = 0, sse2 = 1, avx2 = 2, avx512 = 3, neon = 4 };

[[nodiscard]] constexpr const char* kernel_isa_name(kernel_isa isa) noexcept {
  switch (isa) {
  case kernel_isa::scalar:
    return "scalar";
  case kernel_isa::sse2:
    return "sse2";
  case kernel_isa::avx2:
    return "avx2";
  case kernel_isa::avx512:
    return "avx512";
  case kernel_isa::neon:
    return "neon";
  }
  return "unknown";
}

namespace detail {

// True when this build contains the kernels of `isa`.
[[nodiscard]] constexpr bool isa_compiled(kernel_isa isa) noexcept {
  switch (isa) {
  case kernel_isa::scalar:
    return true;
  case kernel_isa::sse2:
    return TALLY_HAS_SSE2 != 0;
  case kernel_isa::avx2:
    return TALLY_HAS_AVX2 != 0;
  case kernel_isa::avx512:
    return TALLY_HAS_AVX512 != 0;
  case kernel_isa::neon:
    return TALLY_HAS_NEON != 0;
  }
  return false;
}

// True when the running CPU (and OS) can execute the kernels of `isa`.
[[nodiscard]] inline bool cpu_runs(kernel_isa isa) noexcept {
  if (!isa_compiled(isa)) return false;
#if TALLY_X86_DISPATCH
  __builtin_cpu_init();
  switch (isa) {
  case kernel_isa::scalar:
  case kernel_isa::sse2:
    return true;
  case kernel_isa::avx2:
    return __builtin_cpu_supports("avx2") != 0;
  case kernel_isa::avx512:
    return __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512bw") != 0 &&
           __builtin_cpu_supports("avx512vl") != 0 && __builtin_cpu_supports("avx512dq") != 0 &&
           __builtin_cpu_supports("popcnt") != 0;
  case kernel_isa::neon:
    return false;
  }
  return false;
#else
  return true; // compiled only for what the translation unit's flags allow
#endif
}

[[nodiscard]] inline kernel_isa best_isa() noexcept {
  const kernel_isa order[] = {kernel_isa::avx512, kernel_isa::avx2, kernel_isa::sse2,
                              kernel_isa::neon};
  for (kernel_isa isa : order)
    if (cpu_runs(isa)) return isa;
  return kernel_isa::scalar;
}

inline std::atomic<int>& isa_state() noexcept {
  static std::atomic<int> state{-1};
  return state;
}

// The family TALLY_FORCE_ISA names, when it names one this CPU runs
// (`named` tells); otherwise `fallback`.
[[nodiscard]] inline kernel_isa isa_from_environment(kernel_isa fallback, bool& named) noexcept {
  named = false;
#if defined(_MSC_VER) && !defined(__clang__)
  return fallback;
#else
  const char* s = std::getenv("TALLY_FORCE_ISA");
  if (s == nullptr || *s == '\0') return fallback;
  const kernel_isa all[] = {kernel_isa::scalar, kernel_isa::sse2, kernel_isa::avx2,
                            kernel_isa::avx512, kernel_isa::neon};
  for (kernel_isa isa : all)
    if (std::strcmp(s, kernel_isa_name(isa)) == 0 && cpu_runs(isa)) {
      named = true;
      return isa;
    }
  return fallback;
#endif
}

// Whether the family in use was forced (set_kernel_isa, TALLY_FORCE_ISA).
inline std::atomic<bool>& isa_forced() noexcept {
  static std::atomic<bool> forced{false};
  return forced;
}

// The kernel family in use; decided once, at the first call.
[[nodiscard]] inline kernel_isa active_isa() noexcept {
  int s = isa_state().load(std::memory_order_relaxed);
  if (TALLY_UNLIKELY(s < 0)) {
    bool named = false;
    s = static_cast<int>(isa_from_environment(best_isa(), named));
    int expected = -1;
    if (isa_state().compare_exchange_strong(expected, s, std::memory_order_relaxed)) {
      if (named) isa_forced().store(true, std::memory_order_relaxed);
    } else {
      s = expected;
    }
  }
  return static_cast<kernel_isa>(s);
}

// True on CPUs that split 512-bit vector instructions into two 256-bit
// halves: AMD family 19h (Zen 4; Zen 3, the same family, has no AVX-512).
[[nodiscard]] inline bool cpu_halves_512() noexcept {
#if TALLY_X86_DISPATCH
  static const bool halves = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(0, &a, &b, &c, &d) == 0) return false;
    const bool amd = b == 0x68747541u && d == 0x69746e65u && c == 0x444d4163u; // AuthenticAMD
    if (!amd || __get_cpuid(1, &a, &b, &c, &d) == 0) return false;
    unsigned family = (a >> 8) & 0xFu;
    if (family == 0xFu) family += (a >> 20) & 0xFFu;
    return family == 0x19u;
  }();
  return halves;
#else
  return false;
#endif
}

// The family the binary count uses: the active one, except AVX2 instead of
// AVX-512 on CPUs that halve 512-bit instructions, unless forced.
[[nodiscard]] inline kernel_isa binary_isa() noexcept {
  const kernel_isa isa = active_isa();
  if (isa == kernel_isa::avx512 && !isa_forced().load(std::memory_order_relaxed) &&
      cpu_halves_512())
    return kernel_isa::avx2;
  return isa;
}

} // namespace detail

/// True when this build has the kernels of `isa` and this CPU can run them.
[[nodiscard]] inline bool kernel_isa_supported(kernel_isa isa) noexcept {
  return detail::cpu_runs(isa);
}

/// The kernel family the counting functions use.
[[nodiscard]] inline kernel_isa active_kernel_isa() noexcept { return detail::active_isa(); }

/// Force a kernel family (for tests, or for a fixed code path). Returns false,
/// and changes nothing, when this build or this CPU cannot run `isa`. The
/// choice is process-wide; do not change it while another thread counts.
inline bool set_kernel_isa(kernel_isa isa) noexcept {
  if (!detail::cpu_runs(isa)) return false;
  detail::isa_state().store(static_cast<int>(isa), std::memory_order_relaxed);
  detail::isa_forced().store(true, std::memory_order_relaxed);
  return true;
}

/// Go back to the best kernel family for this CPU.
inline void reset_kernel_isa() noexcept {
  detail::isa_state().store(static_cast<int>(detail::best_isa()), std::memory_order_relaxed);
  detail::isa_forced().store(false, std::memory_order_relaxed);
}

TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_CPU_HPP
