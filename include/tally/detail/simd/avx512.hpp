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
  // Byte lanes count faster than popcnt of 64-bit masks (one masked add
  // instead of mask move, popcnt and add); flushed every 255 vectors.
  using cnt = __m512i;
  static constexpr std::size_t flush_every = 255;
  TALLY_SIMD_FN static cnt czero() noexcept { return _mm512_setzero_si512(); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept {
    return _mm512_mask_add_epi8(c, m, c, _mm512_set1_epi8(1));
  }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept {
    alignas(64) std::uint64_t x[8];
    _mm512_store_si512(x, _mm512_sad_epu8(c, _mm512_setzero_si512()));
    return x[0] + x[1] + x[2] + x[3] + x[4] + x[5] + x[6] + x[7];
  }
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

// The zero-masking forms with a full mask are the same instructions as the
// plain ones; GCC 12's plain forms start from an "undefined" register that
// -O3 reports as -Wmaybe-uninitialized in users' builds.
inline constexpr __mmask16 full32 = 0xFFFF;
inline constexpr __mmask8 full64 = 0xFF;

template <class T>
TALLY_SIMD_FN __m512i vmin(__m512i a, __m512i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1)
    return s ? _mm512_min_epi8(a, b) : _mm512_min_epu8(a, b);
  else if constexpr (sizeof(T) == 2)
    return s ? _mm512_min_epi16(a, b) : _mm512_min_epu16(a, b);
  else if constexpr (sizeof(T) == 4)
    return s ? _mm512_maskz_min_epi32(full32, a, b) : _mm512_maskz_min_epu32(full32, a, b);
  else
    return s ? _mm512_maskz_min_epi64(full64, a, b) : _mm512_maskz_min_epu64(full64, a, b);
}
template <class T>
TALLY_SIMD_FN __m512i vmax(__m512i a, __m512i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1)
    return s ? _mm512_max_epi8(a, b) : _mm512_max_epu8(a, b);
  else if constexpr (sizeof(T) == 2)
    return s ? _mm512_max_epi16(a, b) : _mm512_max_epu16(a, b);
  else if constexpr (sizeof(T) == 4)
    return s ? _mm512_maskz_max_epi32(full32, a, b) : _mm512_maskz_max_epu32(full32, a, b);
  else
    return s ? _mm512_maskz_max_epi64(full64, a, b) : _mm512_maskz_max_epu64(full64, a, b);
}

// Lanes of b where m is set, else lanes of a.
template <class M>
TALLY_SIMD_FN __m512i blend_lanes(M m, __m512i a, __m512i b) noexcept {
  if constexpr (std::is_same_v<M, __mmask64>)
    return _mm512_mask_blend_epi8(m, a, b);
  else if constexpr (std::is_same_v<M, __mmask32>)
    return _mm512_mask_blend_epi16(m, a, b);
  else if constexpr (std::is_same_v<M, __mmask16>)
    return _mm512_mask_blend_epi32(m, a, b);
  else
    return _mm512_mask_blend_epi64(m, a, b);
}

// More than two labels: counts with vectors, and the smallest and largest
// label other than pos from lane-wise min / max (pos lanes are replaced by
// `other`, itself one of the other labels, so they never change the result).
// Floating labels go to the scalar kernel (its NaN and signed-zero order).
template <class T>
TALLY_SIMD_FN binary_tally<T> count_binary_many(const T* t, const T* p, std::size_t n, T pos,
                                                std::size_t first, T other) noexcept {
  if constexpr (!std::is_integral_v<T> || std::is_same_v<T, bool>) {
    static_cast<void>(first);
    static_cast<void>(other);
    return scalar::count_binary(t, p, n, pos);
  } else {
    using O = ops<lane_kind_t<T>>;
    constexpr std::size_t L = O::lanes;
    const auto vpos = O::set1(pos);
    const auto vother = O::set1(other);
    auto mn = vother, mx = vother;
    std::uint64_t both = first, tc = first, pc = first;
    std::size_t i = first;
    while (n - i >= L) {
      const std::size_t iters = (std::min)((n - i) / L, O::flush_every);
      auto cb = O::czero(), ct = O::czero(), cp = O::czero();
      for (std::size_t j = 0; j < iters; ++j, i += L) {
        const auto a = O::load(t + i);
        const auto b = O::load(p + i);
        const auto ma = O::eq(a, vpos);
        const auto mb = O::eq(b, vpos);
        ct = O::acc(ct, ma);
        cp = O::acc(cp, mb);
        cb = O::acc(cb, O::and_(ma, mb));
        const auto a2 = blend_lanes(ma, a, vother);
        const auto b2 = blend_lanes(mb, b, vother);
        mn = vmin<T>(mn, vmin<T>(a2, b2));
        mx = vmax<T>(mx, vmax<T>(a2, b2));
      }
      both += O::hsum(cb);
      tc += O::hsum(ct);
      pc += O::hsum(cp);
    }
    T x[L], y[L];
    std::memcpy(x, &mn, sizeof x);
    std::memcpy(y, &mx, sizeof y);
    T lo = other, hi = other;
    for (std::size_t j = 0; j < L; ++j) {
      if (x[j] < lo) lo = x[j];
      if (hi < y[j]) hi = y[j];
    }
    for (; i < n; ++i) {
      const bool a = t[i] == pos;
      const bool b = p[i] == pos;
      both += static_cast<std::uint64_t>(a && b);
      tc += static_cast<std::uint64_t>(a);
      pc += static_cast<std::uint64_t>(b);
      if (!a) {
        if (t[i] < lo) lo = t[i];
        if (hi < t[i]) hi = t[i];
      }
      if (!b) {
        if (p[i] < lo) lo = p[i];
        if (hi < p[i]) hi = p[i];
      }
    }
    binary_tally<T> r;
    r.both = both;
    r.true_pos = tc;
    r.pred_pos = pc;
    r.total = n;
    r.any_other = true;
    r.other_min = lo;
    r.other_max = hi;
    return r;
  }
}

#include "generic_binary.ipp"

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
  if constexpr (sizeof(T) <= 2) {
    // Widen 16 labels to 32-bit lanes (sign- or zero-extended like T).
    const __m512i vlo = _mm512_set1_epi32(static_cast<int>(lo));
    const __m512i vkk = _mm512_set1_epi32(static_cast<int>(kk));
    const __m512i vk = _mm512_set1_epi32(static_cast<int>(k));
    for (; m - i >= 16; i += 16) {
      __m512i a, b;
      if constexpr (sizeof(T) == 1) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        a = std::is_signed_v<T> ? _mm512_maskz_cvtepi8_epi32(full32, x)
                                : _mm512_maskz_cvtepu8_epi32(full32, x);
        b = std::is_signed_v<T> ? _mm512_maskz_cvtepi8_epi32(full32, y)
                                : _mm512_maskz_cvtepu8_epi32(full32, y);
      } else {
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t + i));
        const __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
        a = std::is_signed_v<T> ? _mm512_maskz_cvtepi16_epi32(full32, x)
                                : _mm512_maskz_cvtepu16_epi32(full32, x);
        b = std::is_signed_v<T> ? _mm512_maskz_cvtepi16_epi32(full32, y)
                                : _mm512_maskz_cvtepu16_epi32(full32, y);
      }
      a = _mm512_sub_epi32(a, vlo);
      b = _mm512_sub_epi32(b, vlo);
      if (_mm512_cmplt_epu32_mask(_mm512_maskz_max_epu32(full32, a, b), vkk) != 0xFFFF) break;
      _mm512_storeu_si512(out + i, _mm512_add_epi32(_mm512_mullo_epi32(a, vk), b));
    }
  } else if constexpr (sizeof(T) == 4) {
    const __m512i vlo = _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(lo)));
    const __m512i vkk = _mm512_set1_epi32(static_cast<int>(kk));
    const __m512i vk = _mm512_set1_epi32(static_cast<int>(k));
    for (; m - i >= 16; i += 16) {
      const __m512i a = _mm512_sub_epi32(_mm512_loadu_si512(t + i), vlo);
      const __m512i b = _mm512_sub_epi32(_mm512_loadu_si512(p + i), vlo);
      if (_mm512_cmplt_epu32_mask(_mm512_maskz_max_epu32(full32, a, b), vkk) != 0xFFFF) break;
      _mm512_storeu_si512(out + i, _mm512_add_epi32(_mm512_mullo_epi32(a, vk), b));
    }
  } else if constexpr (sizeof(T) == 8) {
    const __m512i vlo = _mm512_set1_epi64(static_cast<long long>(static_cast<std::uint64_t>(lo)));
    const __m512i vkk = _mm512_set1_epi64(static_cast<long long>(kk));
    const __m512i vk = _mm512_set1_epi64(static_cast<long long>(k));
    for (; m - i >= 8; i += 8) {
      const __m512i a = _mm512_sub_epi64(_mm512_loadu_si512(t + i), vlo);
      const __m512i b = _mm512_sub_epi64(_mm512_loadu_si512(p + i), vlo);
      if (_mm512_cmplt_epu64_mask(_mm512_maskz_max_epu64(full64, a, b), vkk) != 0xFF) break;
      const __m512i idx = _mm512_add_epi64(_mm512_maskz_mul_epu32(full64, a, vk), b);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                          _mm512_maskz_cvtepi64_epi32(full64, idx));
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
