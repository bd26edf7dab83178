// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_DISPATCH_HPP
#define TALLY_DETAIL_DISPATCH_HPP

// Shared pieces of the vectorized kernels: the target attributes that let a
// kernel use an instruction set the translation unit is not compiled for,
// the lane kind each label type is counted as, and the result structure of a
// binary count.
//
// Every vector kernel lives in a namespace named after its instruction set
// (detail::sse2, detail::avx2, detail::avx512, detail::neon), so its symbol
// names the ISA and two translation units built with different -m flags can
// never have their kernels merged by the linker.

#include "../config.hpp"
#include "cpu.hpp"

#include <cstddef>
#include <cstdint>
#include <type_traits>

#if TALLY_X86_DISPATCH
#define TALLY_TARGET_SSE2 __attribute__((target("sse2")))
#define TALLY_TARGET_AVX2 __attribute__((target("avx2,bmi,bmi2,popcnt")))
#define TALLY_TARGET_AVX512                                                                        \
  __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx2,bmi,bmi2,popcnt")))
#else
#define TALLY_TARGET_SSE2
#define TALLY_TARGET_AVX2
#define TALLY_TARGET_AVX512
#endif

TALLY_NAMESPACE_BEGIN
namespace detail {

/// Result of scanning a binary problem for one positive label.
template <class T, class C = std::uint64_t>
struct binary_tally {
  C both{};               ///< y_true == pos and y_pred == pos
  C true_pos{};           ///< y_true == pos
  C pred_pos{};           ///< y_pred == pos
  C total{};              ///< number (or weight) of samples
  bool any_other = false; ///< some label differs from pos
  T other_min{};          ///< smallest label != pos (valid when any_other)
  T other_max{};          ///< largest label != pos (valid when any_other)
};

// Lane kinds: how a label type is compared inside a vector. Integers compare
// by bit pattern (so signedness does not matter for equality), floating
// types with IEEE equality (-0 == +0, NaN never equal).
struct lane_u8 {};
struct lane_u16 {};
struct lane_u32 {};
struct lane_u64 {};
struct lane_f32 {};
struct lane_f64 {};
struct lane_none {};

template <class T>
struct lane_kind {
  using type = std::conditional_t<
      std::is_same_v<T, float>, lane_f32,
      std::conditional_t<
          std::is_same_v<T, double>, lane_f64,
          std::conditional_t<
              !std::is_integral_v<T>, lane_none,
              std::conditional_t<
                  sizeof(T) == 1, lane_u8,
                  std::conditional_t<sizeof(T) == 2, lane_u16,
                                     std::conditional_t<sizeof(T) == 4, lane_u32,
                                                        std::conditional_t<sizeof(T) == 8, lane_u64,
                                                                           lane_none>>>>>>>;
};
template <class T>
using lane_kind_t = typename lane_kind<T>::type;

// Label types the vector kernels accept.
template <class T>
inline constexpr bool simd_label_v = !std::is_same_v<lane_kind_t<T>, lane_none>;

// Integer label types whose matrix indices are computed in vectors (8- and
// 16-bit labels are widened to 32-bit lanes on AVX2 and AVX-512; SSE2 and
// NEON compute them for 32-bit labels only).
template <class T>
inline constexpr bool simd_index_label_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

// Matrix indices are 32-bit: the vector paths need k * k + 1 < 2^32.
inline constexpr std::size_t simd_max_classes = 65535;

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_DISPATCH_HPP
