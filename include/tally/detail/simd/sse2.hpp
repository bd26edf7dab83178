// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_SIMD_SSE2_HPP
#define TALLY_DETAIL_SIMD_SSE2_HPP

// SSE2 kernels (128-bit, the x86-64 baseline), in namespace detail::sse2.

#include "../dispatch.hpp"
#include "../scalar_kernels.hpp"

#if TALLY_HAS_SSE2
#include <emmintrin.h>

#include <algorithm>
#include <cstring>

TALLY_NAMESPACE_BEGIN
namespace detail {
namespace sse2 {

#define TALLY_SIMD_FN TALLY_TARGET_SSE2 inline

template <class Kind>
struct ops;

// Shared by every lane kind: masks are whole lanes of ones.
struct ops_common {
  using mask = __m128i;
  using cnt = __m128i;
  TALLY_SIMD_FN static mask and_(mask a, mask b) noexcept { return _mm_and_si128(a, b); }
  TALLY_SIMD_FN static mask or_(mask a, mask b) noexcept { return _mm_or_si128(a, b); }
  TALLY_SIMD_FN static bool all_true(mask m) noexcept { return _mm_movemask_epi8(m) == 0xFFFF; }
  TALLY_SIMD_FN static mask ones() noexcept { return _mm_set1_epi32(-1); }
  TALLY_SIMD_FN static cnt czero() noexcept { return _mm_setzero_si128(); }
  TALLY_SIMD_FN static std::uint64_t hsum64(__m128i v) noexcept {
    alignas(16) std::uint64_t x[2];
    _mm_store_si128(reinterpret_cast<__m128i*>(x), v);
    return x[0] + x[1];
  }
  // Zero-extends the 32-bit lanes of v and adds them up.
  TALLY_SIMD_FN static std::uint64_t hsum32(__m128i v) noexcept {
    const __m128i z = _mm_setzero_si128();
    return hsum64(_mm_add_epi64(_mm_unpacklo_epi32(v, z), _mm_unpackhi_epi32(v, z)));
  }
};

template <>
struct ops<lane_u8> : ops_common {
  using reg = __m128i;
  static constexpr std::size_t lanes = 16;
  static constexpr std::size_t flush_every = 255;
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm_loadu_si128(static_cast<const __m128i*>(p));
  }
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm_set1_epi8(static_cast<char>(static_cast<std::uint8_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm_cmpeq_epi8(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm_sub_epi8(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept {
    return hsum64(_mm_sad_epu8(c, _mm_setzero_si128()));
  }
};

template <>
struct ops<lane_u16> : ops_common {
  using reg = __m128i;
  static constexpr std::size_t lanes = 8;
  static constexpr std::size_t flush_every = 65535;
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm_loadu_si128(static_cast<const __m128i*>(p));
  }
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm_set1_epi16(static_cast<short>(static_cast<std::uint16_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm_cmpeq_epi16(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm_sub_epi16(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept {
    const __m128i z = _mm_setzero_si128();
    return hsum32(_mm_add_epi32(_mm_unpacklo_epi16(c, z), _mm_unpackhi_epi16(c, z)));
  }
};

template <>
struct ops<lane_u32> : ops_common {
  using reg = __m128i;
  static constexpr std::size_t lanes = 4;
  static constexpr std::size_t flush_every = 0xFFFFFFFFu;
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm_loadu_si128(static_cast<const __m128i*>(p));
  }
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm_cmpeq_epi32(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm_sub_epi32(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum32(c); }
};

template <>
struct ops<lane_u64> : ops_common {
  using reg = __m128i;
  static constexpr std::size_t lanes = 2;
  static constexpr std::size_t flush_every = ~std::size_t{0};
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm_loadu_si128(static_cast<const __m128i*>(p));
  }
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm_set1_epi64x(static_cast<long long>(static_cast<std::uint64_t>(v)));
  }
  // No 64-bit compare in SSE2: both 32-bit halves must match.
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    const __m128i c = _mm_cmpeq_epi32(a, b);
    return _mm_and_si128(c, _mm_shuffle_epi32(c, _MM_SHUFFLE(2, 3, 0, 1)));
  }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm_sub_epi64(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum64(c); }
};

template <>
struct ops<lane_f32> : ops_common {
  using reg = __m128;
  static constexpr std::size_t lanes = 4;
  static constexpr std::size_t flush_every = 0xFFFFFFFFu;
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm_loadu_ps(static_cast<const float*>(p));
  }
  TALLY_SIMD_FN static reg set1(float v) noexcept { return _mm_set1_ps(v); }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    return _mm_castps_si128(_mm_cmpeq_ps(a, b));
  }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm_sub_epi32(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum32(c); }
};

template <>
struct ops<lane_f64> : ops_common {
  using reg = __m128d;
  static constexpr std::size_t lanes = 2;
  static constexpr std::size_t flush_every = ~std::size_t{0};
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm_loadu_pd(static_cast<const double*>(p));
  }
  TALLY_SIMD_FN static reg set1(double v) noexcept { return _mm_set1_pd(v); }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    return _mm_castpd_si128(_mm_cmpeq_pd(a, b));
  }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm_sub_epi64(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum64(c); }
};

// More than two labels: the scalar kernel.
template <class T>
TALLY_SIMD_FN binary_tally<T> count_binary_many(const T* t, const T* p, std::size_t n, T pos,
                                                std::size_t, T) noexcept {
  return scalar::count_binary(t, p, n, pos);
}

#include "generic_binary.ipp"

// Matrix indices from 32-bit labels: out[j] = (t - lo) * k + (p - lo) while
// both differences are below kk; returns the first position where one is not.
template <class T>
TALLY_SIMD_FN std::size_t make_indices(const T* t, const T* p, std::size_t m, T lo,
                                       std::uint32_t kk, std::uint32_t k,
                                       std::uint32_t* out) noexcept {
  std::size_t i = 0;
  if constexpr (sizeof(T) == 4) {
    const __m128i vlo = _mm_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(lo)));
    const __m128i bias = _mm_set1_epi32(static_cast<int>(0x80000000u));
    const __m128i vkk = _mm_xor_si128(_mm_set1_epi32(static_cast<int>(kk)), bias);
    const __m128i vk = _mm_set1_epi32(static_cast<int>(k));
    for (; m - i >= 4; i += 4) {
      const __m128i a =
          _mm_sub_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i)), vlo);
      const __m128i b =
          _mm_sub_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), vlo);
      const __m128i ok = _mm_and_si128(_mm_cmpgt_epi32(vkk, _mm_xor_si128(a, bias)),
                                       _mm_cmpgt_epi32(vkk, _mm_xor_si128(b, bias)));
      if (_mm_movemask_epi8(ok) != 0xFFFF) break;
      // a * k for lanes below 2^16 with the 32x32->64 multiply of SSE2.
      const __m128i even = _mm_mul_epu32(a, vk);
      const __m128i odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), vk);
      const __m128i prod = _mm_unpacklo_epi32(_mm_shuffle_epi32(even, _MM_SHUFFLE(0, 0, 2, 0)),
                                              _mm_shuffle_epi32(odd, _MM_SHUFFLE(0, 0, 2, 0)));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm_add_epi32(prod, b));
    }
  }
  return i + scalar::make_indices(t + i, p + i, m - i, lo, kk, k, out + i);
}

TALLY_SIMD_FN void make_indices_drop(const std::int32_t* t, const std::int32_t* p, std::size_t m,
                                     std::uint32_t k, std::uint32_t drop,
                                     std::uint32_t* out) noexcept {
  std::size_t i = 0;
  const __m128i vk = _mm_set1_epi32(static_cast<int>(k));
  const __m128i vdrop = _mm_set1_epi32(static_cast<int>(drop));
  for (; m - i >= 4; i += 4) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i neg = _mm_srai_epi32(_mm_or_si128(a, b), 31);
    const __m128i even = _mm_mul_epu32(a, vk);
    const __m128i odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), vk);
    const __m128i prod = _mm_unpacklo_epi32(_mm_shuffle_epi32(even, _MM_SHUFFLE(0, 0, 2, 0)),
                                            _mm_shuffle_epi32(odd, _MM_SHUFFLE(0, 0, 2, 0)));
    const __m128i idx = _mm_add_epi32(prod, b);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                     _mm_or_si128(_mm_and_si128(neg, vdrop), _mm_andnot_si128(neg, idx)));
  }
  scalar::make_indices_drop(t + i, p + i, m - i, k, drop, out + i);
}

// Multilabel block: adds t, p and t & p (bytes 0/1) of `len` bytes (a
// multiple of 64) into byte counters; returns the OR of all input bytes.
TALLY_SIMD_FN std::uint8_t multilabel_block(const std::uint8_t* t, const std::uint8_t* p,
                                            std::size_t len, std::uint8_t* at, std::uint8_t* ap,
                                            std::uint8_t* atp) noexcept {
  __m128i any = _mm_setzero_si128();
  for (std::size_t i = 0; i < len; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    any = _mm_or_si128(any, _mm_or_si128(a, b));
    __m128i* ct = reinterpret_cast<__m128i*>(at + i);
    __m128i* cp = reinterpret_cast<__m128i*>(ap + i);
    __m128i* cb = reinterpret_cast<__m128i*>(atp + i);
    _mm_storeu_si128(ct, _mm_add_epi8(_mm_loadu_si128(ct), a));
    _mm_storeu_si128(cp, _mm_add_epi8(_mm_loadu_si128(cp), b));
    _mm_storeu_si128(cb, _mm_add_epi8(_mm_loadu_si128(cb), _mm_and_si128(a, b)));
  }
  alignas(16) std::uint8_t x[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(x), any);
  std::uint8_t r = 0;
  for (std::uint8_t v : x) r = static_cast<std::uint8_t>(r | v);
  return r;
}

#undef TALLY_SIMD_FN

} // namespace sse2
} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_HAS_SSE2
#endif // TALLY_DETAIL_SIMD_SSE2_HPP
