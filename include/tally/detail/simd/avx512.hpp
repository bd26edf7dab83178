// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_SIMD_AVX512_HPP
#define TALLY_DETAIL_SIMD_AVX512_HPP

// AVX-512 kernels (F, BW, VL, DQ; 512-bit), in namespace detail::avx512.
// Compares produce bit masks that are counted with popcnt, so no narrow lane
// counters are needed.

#include "../dispatch.hpp"
#include "../scalar_kernels.hpp"

#if TALLY_HAS_AVX512
#include <immintrin.h>

#include <algorithm>
#include <cstring>

TALLY_NAMESPACE_BEGIN
namespace detail {
namespace avx512 {

#define TALLY_SIMD_FN TALLY_TARGET_AVX512 inline

template <class Kind>
struct ops;

template <class Mask, std::size_t Lanes>
struct ops_common {
  using mask = Mask;
  using cnt = std::uint64_t;
  static constexpr std::size_t lanes = Lanes;
  static constexpr std::size_t flush_every = ~std::size_t{0};
  static constexpr Mask full = static_cast<Mask>(Lanes == 64 ? ~0ull : (1ull << Lanes) - 1);
  TALLY_SIMD_FN static mask and_(mask a, mask b) noexcept { return static_cast<Mask>(a & b); }
  TALLY_SIMD_FN static mask or_(mask a, mask b) noexcept { return static_cast<Mask>(a | b); }
  TALLY_SIMD_FN static bool all_true(mask m) noexcept { return m == full; }
  TALLY_SIMD_FN static mask ones() noexcept { return full; }
  TALLY_SIMD_FN static cnt czero() noexcept { return 0; }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept {
    return c + static_cast<std::uint64_t>(_mm_popcnt_u64(static_cast<unsigned long long>(m)));
  }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return c; }
  TALLY_SIMD_FN static __m512i load(const void* p) noexcept { return _mm512_loadu_si512(p); }
};

template <>
struct ops<lane_u8> : ops_common<__mmask64, 64> {
  using reg = __m512i;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm512_set1_epi8(static_cast<char>(static_cast<std::uint8_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm512_cmpeq_epi8_mask(a, b); }
};

template <>
struct ops<lane_u16> : ops_common<__mmask32, 32> {
  using reg = __m512i;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm512_set1_epi16(static_cast<short>(static_cast<std::uint16_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm512_cmpeq_epi16_mask(a, b); }
};

template <>
struct ops<lane_u32> : ops_common<__mmask16, 16> {
  using reg = __m512i;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm512_cmpeq_epi32_mask(a, b); }
};

template <>
struct ops<lane_u64> : ops_common<__mmask8, 8> {
  using reg = __m512i;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm512_set1_epi64(static_cast<long long>(static_cast<std::uint64_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm512_cmpeq_epi64_mask(a, b); }
};

template <>
struct ops<lane_f32> : ops_common<__mmask16, 16> {
  using reg = __m512;
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm512_loadu_ps(static_cast<const float*>(p));
  }
  TALLY_SIMD_FN static reg set1(float v) noexcept { return _mm512_set1_ps(v); }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ);
  }
};

template <>
struct ops<lane_f64> : ops_common<__mmask8, 8> {
  using reg = __m512d;
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm512_loadu_pd(static_cast<const double*>(p));
  }
  TALLY_SIMD_FN static reg set1(double v) noexcept { return _mm512_set1_pd(v); }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    return _mm512_cmp_pd_mask(a, b, _CMP_EQ_OQ);
  }
};

#include "generic_binary.ipp"

template <class T>
TALLY_SIMD_FN __m512i vmin(__m512i a, __m512i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1) return s ? _mm512_min_epi8(a, b) : _mm512_min_epu8(a, b);
  else if constexpr (sizeof(T) == 2) return s ? _mm512_min_epi16(a, b) : _mm512_min_epu16(a, b);
  else if constexpr (sizeof(T) == 4) return s ? _mm512_min_epi32(a, b) : _mm512_min_epu32(a, b);
  else return s ? _mm512_min_epi64(a, b) : _mm512_min_epu64(a, b);
}
template <class T>
TALLY_SIMD_FN __m512i vmax(__m512i a, __m512i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1) return s ? _mm512_max_epi8(a, b) : _mm512_max_epu8(a, b);
  else if constexpr (sizeof(T) == 2) return s ? _mm512_max_epi16(a, b) : _mm512_max_epu16(a, b);
  else if constexpr (sizeof(T) == 4) return s ? _mm512_max_epi32(a, b) : _mm512_max_epu32(a, b);
  else return s ? _mm512_max_epi64(a, b) : _mm512_max_epu64(a, b);
}

template <class T>
TALLY_SIMD_FN void minmax(const T* a, std::size_t n, T& lo, T& hi) noexcept {
  constexpr std::size_t L = 64 / sizeof(T);
  if (n < L) return scalar::minmax(a, n, lo, hi);
  __m512i mn = _mm512_loadu_si512(a), mx = mn;
  __m512i mn2 = mn, mx2 = mn;
  std::size_t i = L;
  for (; n - i >= 2 * L; i += 2 * L) {
    const __m512i v = _mm512_loadu_si512(a + i);
    const __m512i w = _mm512_loadu_si512(a + i + L);
    mn = vmin<T>(mn, v);
    mx = vmax<T>(mx, v);
    mn2 = vmin<T>(mn2, w);
    mx2 = vmax<T>(mx2, w);
  }
  if (n - i >= L) {
    const __m512i v = _mm512_loadu_si512(a + i);
    mn = vmin<T>(mn, v);
    mx = vmax<T>(mx, v);
  }
  const __m512i v = _mm512_loadu_si512(a + n - L);
  mn = vmin<T>(vmin<T>(mn, mn2), v);
  mx = vmax<T>(vmax<T>(mx, mx2), v);
  T x[L], y[L];
  std::memcpy(x, &mn, sizeof x);
  std::memcpy(y, &mx, sizeof y);
  T unused;
  scalar::minmax(x, L, lo, unused);
  scalar::minmax(y, L, unused, hi);
}

template <class T>
TALLY_SIMD_FN std::size_t make_indices(const T* t, const T* p, std::size_t m, T lo,
                                       std::uint32_t kk, std::uint32_t k,
                                       std::uint32_t* out) noexcept {
  std::size_t i = 0;
  if constexpr (sizeof(T) == 4) {
    const __m512i vlo = _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(lo)));
    const __m512i vkk = _mm512_set1_epi32(static_cast<int>(kk));
    const __m512i vk = _mm512_set1_epi32(static_cast<int>(k));
    for (; m - i >= 16; i += 16) {
      const __m512i a = _mm512_sub_epi32(_mm512_loadu_si512(t + i), vlo);
      const __m512i b = _mm512_sub_epi32(_mm512_loadu_si512(p + i), vlo);
      if (_mm512_cmplt_epu32_mask(_mm512_max_epu32(a, b), vkk) != 0xFFFF) break;
      _mm512_storeu_si512(out + i, _mm512_add_epi32(_mm512_mullo_epi32(a, vk), b));
    }
  } else if constexpr (sizeof(T) == 8) {
    const __m512i vlo = _mm512_set1_epi64(static_cast<long long>(static_cast<std::uint64_t>(lo)));
    const __m512i vkk = _mm512_set1_epi64(static_cast<long long>(kk));
    const __m512i vk = _mm512_set1_epi64(static_cast<long long>(k));
    for (; m - i >= 8; i += 8) {
      const __m512i a = _mm512_sub_epi64(_mm512_loadu_si512(t + i), vlo);
      const __m512i b = _mm512_sub_epi64(_mm512_loadu_si512(p + i), vlo);
      if (_mm512_cmplt_epu64_mask(_mm512_max_epu64(a, b), vkk) != 0xFF) break;
      const __m512i idx = _mm512_add_epi64(_mm512_mul_epu32(a, vk), b);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), _mm512_cvtepi64_epi32(idx));
    }
  }
  return i + scalar::make_indices(t + i, p + i, m - i, lo, kk, k, out + i);
}

TALLY_SIMD_FN void make_indices_drop(const std::int32_t* t, const std::int32_t* p, std::size_t m,
                                     std::uint32_t k, std::uint32_t drop,
                                     std::uint32_t* out) noexcept {
  std::size_t i = 0;
  const __m512i vk = _mm512_set1_epi32(static_cast<int>(k));
  const __m512i vdrop = _mm512_set1_epi32(static_cast<int>(drop));
  for (; m - i >= 16; i += 16) {
    const __m512i a = _mm512_loadu_si512(t + i);
    const __m512i b = _mm512_loadu_si512(p + i);
    const __mmask16 neg = _mm512_movepi32_mask(_mm512_or_si512(a, b));
    const __m512i idx = _mm512_add_epi32(_mm512_mullo_epi32(a, vk), b);
    _mm512_storeu_si512(out + i, _mm512_mask_mov_epi32(idx, neg, vdrop));
  }
  scalar::make_indices_drop(t + i, p + i, m - i, k, drop, out + i);
}

TALLY_SIMD_FN std::uint8_t multilabel_block(const std::uint8_t* t, const std::uint8_t* p,
                                            std::size_t len, std::uint8_t* at, std::uint8_t* ap,
                                            std::uint8_t* atp) noexcept {
  __m512i any = _mm512_setzero_si512();
  for (std::size_t i = 0; i < len; i += 64) {
    const __m512i a = _mm512_loadu_si512(t + i);
    const __m512i b = _mm512_loadu_si512(p + i);
    any = _mm512_or_si512(any, _mm512_or_si512(a, b));
    _mm512_storeu_si512(at + i, _mm512_add_epi8(_mm512_loadu_si512(at + i), a));
    _mm512_storeu_si512(ap + i, _mm512_add_epi8(_mm512_loadu_si512(ap + i), b));
    _mm512_storeu_si512(atp + i,
                        _mm512_add_epi8(_mm512_loadu_si512(atp + i), _mm512_and_si512(a, b)));
  }
  const __mmask64 high = _mm512_test_epi8_mask(any, _mm512_set1_epi8(static_cast<char>(0xFE)));
  return high == 0 ? std::uint8_t{1} : std::uint8_t{0xFF};
}

#undef TALLY_SIMD_FN

} // namespace avx512
} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_HAS_AVX512
#endif // TALLY_DETAIL_SIMD_AVX512_HPP
