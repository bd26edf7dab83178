// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_SIMD_AVX2_HPP
#define TALLY_DETAIL_SIMD_AVX2_HPP

// AVX2 kernels (256-bit), in namespace detail::avx2. With runtime dispatch
// each function carries target("avx2"), so no -mavx2 flag is needed; they
// run only after the CPU check in cpu.hpp said yes.

#include "../dispatch.hpp"
#include "../scalar_kernels.hpp"

#if TALLY_HAS_AVX2
#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <limits>

TALLY_NAMESPACE_BEGIN
namespace detail {
namespace avx2 {

#define TALLY_SIMD_FN TALLY_TARGET_AVX2 inline

template <class Kind>
struct ops;

struct ops_common {
  using mask = __m256i;
  using cnt = __m256i;
  TALLY_SIMD_FN static mask and_(mask a, mask b) noexcept { return _mm256_and_si256(a, b); }
  TALLY_SIMD_FN static mask or_(mask a, mask b) noexcept { return _mm256_or_si256(a, b); }
  TALLY_SIMD_FN static bool all_true(mask m) noexcept { return _mm256_movemask_epi8(m) == -1; }
  TALLY_SIMD_FN static mask ones() noexcept { return _mm256_set1_epi32(-1); }
  TALLY_SIMD_FN static cnt czero() noexcept { return _mm256_setzero_si256(); }
  TALLY_SIMD_FN static std::uint64_t hsum64(__m256i v) noexcept {
    alignas(32) std::uint64_t x[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(x), v);
    return x[0] + x[1] + x[2] + x[3];
  }
  TALLY_SIMD_FN static std::uint64_t hsum32(__m256i v) noexcept {
    const __m256i z = _mm256_setzero_si256();
    return hsum64(_mm256_add_epi64(_mm256_unpacklo_epi32(v, z), _mm256_unpackhi_epi32(v, z)));
  }
  TALLY_SIMD_FN static __m256i load(const void* p) noexcept {
    return _mm256_loadu_si256(static_cast<const __m256i*>(p));
  }
};

template <>
struct ops<lane_u8> : ops_common {
  using reg = __m256i;
  static constexpr std::size_t lanes = 32;
  static constexpr std::size_t flush_every = 255;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm256_set1_epi8(static_cast<char>(static_cast<std::uint8_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm256_cmpeq_epi8(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi8(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept {
    return hsum64(_mm256_sad_epu8(c, _mm256_setzero_si256()));
  }
};

template <>
struct ops<lane_u16> : ops_common {
  using reg = __m256i;
  static constexpr std::size_t lanes = 16;
  static constexpr std::size_t flush_every = 65535;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm256_set1_epi16(static_cast<short>(static_cast<std::uint16_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm256_cmpeq_epi16(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi16(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept {
    const __m256i z = _mm256_setzero_si256();
    return hsum32(_mm256_add_epi32(_mm256_unpacklo_epi16(c, z), _mm256_unpackhi_epi16(c, z)));
  }
};

template <>
struct ops<lane_u32> : ops_common {
  using reg = __m256i;
  static constexpr std::size_t lanes = 8;
  static constexpr std::size_t flush_every = 0xFFFFFFFFu;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm256_cmpeq_epi32(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi32(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum32(c); }
};

template <>
struct ops<lane_u64> : ops_common {
  using reg = __m256i;
  static constexpr std::size_t lanes = 4;
  static constexpr std::size_t flush_every = ~std::size_t{0};
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm256_set1_epi64x(static_cast<long long>(static_cast<std::uint64_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm256_cmpeq_epi64(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi64(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum64(c); }
};

template <>
struct ops<lane_f32> : ops_common {
  using reg = __m256;
  static constexpr std::size_t lanes = 8;
  static constexpr std::size_t flush_every = 0xFFFFFFFFu;
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm256_loadu_ps(static_cast<const float*>(p));
  }
  TALLY_SIMD_FN static reg set1(float v) noexcept { return _mm256_set1_ps(v); }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    return _mm256_castps_si256(_mm256_cmp_ps(a, b, _CMP_EQ_OQ));
  }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi32(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum32(c); }
};

template <>
struct ops<lane_f64> : ops_common {
  using reg = __m256d;
  static constexpr std::size_t lanes = 4;
  static constexpr std::size_t flush_every = ~std::size_t{0};
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm256_loadu_pd(static_cast<const double*>(p));
  }
  TALLY_SIMD_FN static reg set1(double v) noexcept { return _mm256_set1_pd(v); }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    return _mm256_castpd_si256(_mm256_cmp_pd(a, b, _CMP_EQ_OQ));
  }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi64(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum64(c); }
};

template <class T>
TALLY_SIMD_FN __m256i vmin(__m256i a, __m256i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1)
    return s ? _mm256_min_epi8(a, b) : _mm256_min_epu8(a, b);
  else if constexpr (sizeof(T) == 2)
    return s ? _mm256_min_epi16(a, b) : _mm256_min_epu16(a, b);
  else if constexpr (sizeof(T) == 4)
    return s ? _mm256_min_epi32(a, b) : _mm256_min_epu32(a, b);
  else {
    const __m256i bias = _mm256_set1_epi64x(s ? 0 : (std::numeric_limits<long long>::min)());
    const __m256i gt = _mm256_cmpgt_epi64(_mm256_xor_si256(a, bias), _mm256_xor_si256(b, bias));
    return _mm256_blendv_epi8(a, b, gt);
  }
}
template <class T>
TALLY_SIMD_FN __m256i vmax(__m256i a, __m256i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1)
    return s ? _mm256_max_epi8(a, b) : _mm256_max_epu8(a, b);
  else if constexpr (sizeof(T) == 2)
    return s ? _mm256_max_epi16(a, b) : _mm256_max_epu16(a, b);
  else if constexpr (sizeof(T) == 4)
    return s ? _mm256_max_epi32(a, b) : _mm256_max_epu32(a, b);
  else {
    const __m256i bias = _mm256_set1_epi64x(s ? 0 : (std::numeric_limits<long long>::min)());
    const __m256i gt = _mm256_cmpgt_epi64(_mm256_xor_si256(a, bias), _mm256_xor_si256(b, bias));
    return _mm256_blendv_epi8(b, a, gt);
  }
}

// Lanes of b where m is set, else lanes of a (m: whole lanes of ones).
TALLY_SIMD_FN __m256i blend_lanes(__m256i m, __m256i a, __m256i b) noexcept {
  return _mm256_blendv_epi8(a, b, m);
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

// Lane-wise minimum and maximum of integer labels of any width.
// Smallest and largest value of a non-empty integer array. The last vector
// overlaps the previous ones instead of needing a scalar tail.
template <class T>
TALLY_SIMD_FN void minmax(const T* a, std::size_t n, T& lo, T& hi) noexcept {
  constexpr std::size_t L = 32 / sizeof(T);
  if (n < L) return scalar::minmax(a, n, lo, hi);
  __m256i mn = ops_common::load(a), mx = mn;
  for (std::size_t i = L; n - i >= L; i += L) {
    const __m256i v = ops_common::load(a + i);
    mn = vmin<T>(mn, v);
    mx = vmax<T>(mx, v);
  }
  const __m256i v = ops_common::load(a + n - L);
  mn = vmin<T>(mn, v);
  mx = vmax<T>(mx, v);
  T x[L], y[L];
  std::memcpy(x, &mn, sizeof x);
  std::memcpy(y, &mx, sizeof y);
  scalar::minmax(x, L, lo, hi);
  T lo2, hi2;
  scalar::minmax(y, L, lo2, hi2);
  hi = hi2;
}

template <class T>
TALLY_SIMD_FN std::size_t make_indices(const T* t, const T* p, std::size_t m, T lo,
                                       std::uint32_t kk, std::uint32_t k,
                                       std::uint32_t* out) noexcept {
  std::size_t i = 0;
  const __m256i vk = _mm256_set1_epi32(static_cast<int>(k));
  if constexpr (sizeof(T) <= 2) {
    // Widen 8 labels to 32-bit lanes (sign- or zero-extended like T).
    const __m256i vlo = _mm256_set1_epi32(static_cast<int>(lo));
    const __m256i vlast = _mm256_set1_epi32(static_cast<int>(kk - 1));
    for (; m - i >= 8; i += 8) {
      __m256i a, b;
      if constexpr (sizeof(T) == 1) {
        const __m128i x = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(t + i));
        const __m128i y = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + i));
        a = std::is_signed_v<T> ? _mm256_cvtepi8_epi32(x) : _mm256_cvtepu8_epi32(x);
        b = std::is_signed_v<T> ? _mm256_cvtepi8_epi32(y) : _mm256_cvtepu8_epi32(y);
      } else {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        a = std::is_signed_v<T> ? _mm256_cvtepi16_epi32(x) : _mm256_cvtepu16_epi32(x);
        b = std::is_signed_v<T> ? _mm256_cvtepi16_epi32(y) : _mm256_cvtepu16_epi32(y);
      }
      a = _mm256_sub_epi32(a, vlo);
      b = _mm256_sub_epi32(b, vlo);
      const __m256i hi = _mm256_max_epu32(a, b);
      if (_mm256_movemask_epi8(_mm256_cmpeq_epi32(_mm256_min_epu32(hi, vlast), hi)) != -1) break;
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                          _mm256_add_epi32(_mm256_mullo_epi32(a, vk), b));
    }
  } else if constexpr (sizeof(T) == 4) {
    const __m256i vlo = _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(lo)));
    const __m256i vlast = _mm256_set1_epi32(static_cast<int>(kk - 1));
    for (; m - i >= 8; i += 8) {
      const __m256i a = _mm256_sub_epi32(ops_common::load(t + i), vlo);
      const __m256i b = _mm256_sub_epi32(ops_common::load(p + i), vlo);
      const __m256i hi = _mm256_max_epu32(a, b);
      if (_mm256_movemask_epi8(_mm256_cmpeq_epi32(_mm256_min_epu32(hi, vlast), hi)) != -1) break;
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                          _mm256_add_epi32(_mm256_mullo_epi32(a, vk), b));
    }
  } else if constexpr (sizeof(T) == 8) {
    const __m256i vlo = _mm256_set1_epi64x(static_cast<long long>(static_cast<std::uint64_t>(lo)));
    const __m256i bias = _mm256_set1_epi64x((std::numeric_limits<long long>::min)());
    const __m256i vkk = _mm256_xor_si256(_mm256_set1_epi64x(static_cast<long long>(kk)), bias);
    const __m256i pack = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
    for (; m - i >= 4; i += 4) {
      const __m256i a = _mm256_sub_epi64(ops_common::load(t + i), vlo);
      const __m256i b = _mm256_sub_epi64(ops_common::load(p + i), vlo);
      const __m256i ok = _mm256_and_si256(_mm256_cmpgt_epi64(vkk, _mm256_xor_si256(a, bias)),
                                          _mm256_cmpgt_epi64(vkk, _mm256_xor_si256(b, bias)));
      if (_mm256_movemask_epi8(ok) != -1) break;
      const __m256i idx = _mm256_add_epi64(_mm256_mul_epu32(a, vk), b);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                       _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(idx, pack)));
    }
  }
  return i + scalar::make_indices(t + i, p + i, m - i, lo, kk, k, out + i);
}

TALLY_SIMD_FN void make_indices_drop(const std::int32_t* t, const std::int32_t* p, std::size_t m,
                                     std::uint32_t k, std::uint32_t drop,
                                     std::uint32_t* out) noexcept {
  std::size_t i = 0;
  const __m256i vk = _mm256_set1_epi32(static_cast<int>(k));
  const __m256i vdrop = _mm256_set1_epi32(static_cast<int>(drop));
  for (; m - i >= 8; i += 8) {
    const __m256i a = ops_common::load(t + i);
    const __m256i b = ops_common::load(p + i);
    const __m256i neg = _mm256_srai_epi32(_mm256_or_si256(a, b), 31);
    const __m256i idx = _mm256_add_epi32(_mm256_mullo_epi32(a, vk), b);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), _mm256_blendv_epi8(idx, vdrop, neg));
  }
  scalar::make_indices_drop(t + i, p + i, m - i, k, drop, out + i);
}

TALLY_SIMD_FN std::uint8_t multilabel_block(const std::uint8_t* t, const std::uint8_t* p,
                                            std::size_t len, std::uint8_t* at, std::uint8_t* ap,
                                            std::uint8_t* atp) noexcept {
  __m256i any = _mm256_setzero_si256();
  for (std::size_t i = 0; i < len; i += 32) {
    const __m256i a = ops_common::load(t + i);
    const __m256i b = ops_common::load(p + i);
    any = _mm256_or_si256(any, _mm256_or_si256(a, b));
    __m256i* ct = reinterpret_cast<__m256i*>(at + i);
    __m256i* cp = reinterpret_cast<__m256i*>(ap + i);
    __m256i* cb = reinterpret_cast<__m256i*>(atp + i);
    _mm256_storeu_si256(ct, _mm256_add_epi8(_mm256_loadu_si256(ct), a));
    _mm256_storeu_si256(cp, _mm256_add_epi8(_mm256_loadu_si256(cp), b));
    _mm256_storeu_si256(cb, _mm256_add_epi8(_mm256_loadu_si256(cb), _mm256_and_si256(a, b)));
  }
  // Any byte above 1 leaves a bit outside the lowest one set.
  const __m256i high = _mm256_andnot_si256(_mm256_set1_epi8(1), any);
  return _mm256_testz_si256(high, high) ? std::uint8_t{1} : std::uint8_t{0xFF};
}

#undef TALLY_SIMD_FN

} // namespace avx2
} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_HAS_AVX2
#endif // TALLY_DETAIL_SIMD_AVX2_HPP
