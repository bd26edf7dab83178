// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_SIMD_NEON_HPP
#define TALLY_DETAIL_SIMD_NEON_HPP

// AArch64 NEON kernels (128-bit; NEON is part of the AArch64 baseline), in
// namespace detail::neon.

#include "../dispatch.hpp"
#include "../scalar_kernels.hpp"

#if TALLY_HAS_NEON
#include <arm_neon.h>

#include <algorithm>
#include <cstring>

TALLY_NAMESPACE_BEGIN
namespace detail {
namespace neon {

#define TALLY_SIMD_FN inline

template <class Kind>
struct ops;

template <>
struct ops<lane_u8> {
  using reg = uint8x16_t;
  using mask = uint8x16_t;
  using cnt = uint8x16_t;
  static constexpr std::size_t lanes = 16;
  static constexpr std::size_t flush_every = 255;
  static reg load(const void* p) noexcept { return vld1q_u8(static_cast<const std::uint8_t*>(p)); }
  template <class V>
  static reg set1(V v) noexcept {
    return vdupq_n_u8(static_cast<std::uint8_t>(v));
  }
  static mask eq(reg a, reg b) noexcept { return vceqq_u8(a, b); }
  static mask and_(mask a, mask b) noexcept { return vandq_u8(a, b); }
  static mask or_(mask a, mask b) noexcept { return vorrq_u8(a, b); }
  static bool all_true(mask m) noexcept { return vminvq_u8(m) == 0xFF; }
  static mask ones() noexcept { return vdupq_n_u8(0xFF); }
  static cnt czero() noexcept { return vdupq_n_u8(0); }
  static cnt acc(cnt c, mask m) noexcept { return vsubq_u8(c, m); }
  static std::uint64_t hsum(cnt c) noexcept { return vaddlvq_u8(c); }
};

template <>
struct ops<lane_u16> {
  using reg = uint16x8_t;
  using mask = uint16x8_t;
  using cnt = uint16x8_t;
  static constexpr std::size_t lanes = 8;
  static constexpr std::size_t flush_every = 65535;
  static reg load(const void* p) noexcept {
    return vld1q_u16(static_cast<const std::uint16_t*>(p));
  }
  template <class V>
  static reg set1(V v) noexcept {
    return vdupq_n_u16(static_cast<std::uint16_t>(v));
  }
  static mask eq(reg a, reg b) noexcept { return vceqq_u16(a, b); }
  static mask and_(mask a, mask b) noexcept { return vandq_u16(a, b); }
  static mask or_(mask a, mask b) noexcept { return vorrq_u16(a, b); }
  static bool all_true(mask m) noexcept { return vminvq_u16(m) == 0xFFFF; }
  static mask ones() noexcept { return vdupq_n_u16(0xFFFF); }
  static cnt czero() noexcept { return vdupq_n_u16(0); }
  static cnt acc(cnt c, mask m) noexcept { return vsubq_u16(c, m); }
  static std::uint64_t hsum(cnt c) noexcept { return vaddlvq_u16(c); }
};

struct ops_mask32 {
  using mask = uint32x4_t;
  using cnt = uint32x4_t;
  static constexpr std::size_t lanes = 4;
  static constexpr std::size_t flush_every = 0xFFFFFFFFu;
  static mask and_(mask a, mask b) noexcept { return vandq_u32(a, b); }
  static mask or_(mask a, mask b) noexcept { return vorrq_u32(a, b); }
  static bool all_true(mask m) noexcept { return vminvq_u32(m) == 0xFFFFFFFFu; }
  static mask ones() noexcept { return vdupq_n_u32(0xFFFFFFFFu); }
  static cnt czero() noexcept { return vdupq_n_u32(0); }
  static cnt acc(cnt c, mask m) noexcept { return vsubq_u32(c, m); }
  static std::uint64_t hsum(cnt c) noexcept { return vaddlvq_u32(c); }
};

struct ops_mask64 {
  using mask = uint64x2_t;
  using cnt = uint64x2_t;
  static constexpr std::size_t lanes = 2;
  static constexpr std::size_t flush_every = ~std::size_t{0};
  static mask and_(mask a, mask b) noexcept { return vandq_u64(a, b); }
  static mask or_(mask a, mask b) noexcept { return vorrq_u64(a, b); }
  static bool all_true(mask m) noexcept {
    return vminvq_u32(vreinterpretq_u32_u64(m)) == 0xFFFFFFFFu;
  }
  static mask ones() noexcept { return vdupq_n_u64(~std::uint64_t{0}); }
  static cnt czero() noexcept { return vdupq_n_u64(0); }
  static cnt acc(cnt c, mask m) noexcept { return vsubq_u64(c, m); }
  static std::uint64_t hsum(cnt c) noexcept { return vaddvq_u64(c); }
};

template <>
struct ops<lane_u32> : ops_mask32 {
  using reg = uint32x4_t;
  static reg load(const void* p) noexcept {
    return vld1q_u32(static_cast<const std::uint32_t*>(p));
  }
  template <class V>
  static reg set1(V v) noexcept {
    return vdupq_n_u32(static_cast<std::uint32_t>(v));
  }
  static mask eq(reg a, reg b) noexcept { return vceqq_u32(a, b); }
};

template <>
struct ops<lane_f32> : ops_mask32 {
  using reg = float32x4_t;
  static reg load(const void* p) noexcept { return vld1q_f32(static_cast<const float*>(p)); }
  static reg set1(float v) noexcept { return vdupq_n_f32(v); }
  static mask eq(reg a, reg b) noexcept { return vceqq_f32(a, b); }
};

template <>
struct ops<lane_u64> : ops_mask64 {
  using reg = uint64x2_t;
  static reg load(const void* p) noexcept {
    return vld1q_u64(static_cast<const std::uint64_t*>(p));
  }
  template <class V>
  static reg set1(V v) noexcept {
    return vdupq_n_u64(static_cast<std::uint64_t>(v));
  }
  static mask eq(reg a, reg b) noexcept { return vceqq_u64(a, b); }
};

template <>
struct ops<lane_f64> : ops_mask64 {
  using reg = float64x2_t;
  static reg load(const void* p) noexcept { return vld1q_f64(static_cast<const double*>(p)); }
  static reg set1(double v) noexcept { return vdupq_n_f64(v); }
  static mask eq(reg a, reg b) noexcept { return vceqq_f64(a, b); }
};

// More than two labels: the scalar kernel.
template <class T>
TALLY_SIMD_FN binary_tally<T> count_binary_many(const T* t, const T* p, std::size_t n, T pos,
                                                std::size_t, T) noexcept {
  return scalar::count_binary(t, p, n, pos);
}

#include "generic_binary.ipp"

// Smallest and largest value of a non-empty array of 8-, 16- or 32-bit
// integers (64-bit labels use the scalar loop).
template <class T>
inline void minmax(const T* a, std::size_t n, T& lo, T& hi) noexcept {
  constexpr std::size_t L = 16 / sizeof(T);
  if constexpr (sizeof(T) == 8) {
    scalar::minmax(a, n, lo, hi);
  } else {
    if (n < L) return scalar::minmax(a, n, lo, hi);
    T x[L], y[L];
    if constexpr (sizeof(T) == 1 && std::is_signed_v<T>) {
      auto ld = [](const T* q) noexcept {
        return vld1q_s8(reinterpret_cast<const std::int8_t*>(q));
      };
      int8x16_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L)
        mn = vminq_s8(mn, ld(a + i)), mx = vmaxq_s8(mx, ld(a + i));
      mn = vminq_s8(mn, ld(a + n - L)), mx = vmaxq_s8(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    } else if constexpr (sizeof(T) == 1) {
      auto ld = [](const T* q) noexcept {
        return vld1q_u8(reinterpret_cast<const std::uint8_t*>(q));
      };
      uint8x16_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L)
        mn = vminq_u8(mn, ld(a + i)), mx = vmaxq_u8(mx, ld(a + i));
      mn = vminq_u8(mn, ld(a + n - L)), mx = vmaxq_u8(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    } else if constexpr (sizeof(T) == 2 && std::is_signed_v<T>) {
      auto ld = [](const T* q) noexcept {
        return vld1q_s16(reinterpret_cast<const std::int16_t*>(q));
      };
      int16x8_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L)
        mn = vminq_s16(mn, ld(a + i)), mx = vmaxq_s16(mx, ld(a + i));
      mn = vminq_s16(mn, ld(a + n - L)), mx = vmaxq_s16(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    } else if constexpr (sizeof(T) == 2) {
      auto ld = [](const T* q) noexcept {
        return vld1q_u16(reinterpret_cast<const std::uint16_t*>(q));
      };
      uint16x8_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L)
        mn = vminq_u16(mn, ld(a + i)), mx = vmaxq_u16(mx, ld(a + i));
      mn = vminq_u16(mn, ld(a + n - L)), mx = vmaxq_u16(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    } else if constexpr (std::is_signed_v<T>) {
      auto ld = [](const T* q) noexcept {
        return vld1q_s32(reinterpret_cast<const std::int32_t*>(q));
      };
      int32x4_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L)
        mn = vminq_s32(mn, ld(a + i)), mx = vmaxq_s32(mx, ld(a + i));
      mn = vminq_s32(mn, ld(a + n - L)), mx = vmaxq_s32(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    } else {
      auto ld = [](const T* q) noexcept {
        return vld1q_u32(reinterpret_cast<const std::uint32_t*>(q));
      };
      uint32x4_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L)
        mn = vminq_u32(mn, ld(a + i)), mx = vmaxq_u32(mx, ld(a + i));
      mn = vminq_u32(mn, ld(a + n - L)), mx = vmaxq_u32(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    }
    T unused;
    scalar::minmax(x, L, lo, unused);
    scalar::minmax(y, L, unused, hi);
  }
}

template <class T>
inline std::size_t make_indices(const T* t, const T* p, std::size_t m, T lo, std::uint32_t kk,
                                std::uint32_t k, std::uint32_t* out) noexcept {
  std::size_t i = 0;
  if constexpr (sizeof(T) == 4) {
    const uint32x4_t vlo = vdupq_n_u32(static_cast<std::uint32_t>(lo));
    const uint32x4_t vkk = vdupq_n_u32(kk);
    const uint32x4_t vk = vdupq_n_u32(k);
    for (; m - i >= 4; i += 4) {
      const uint32x4_t a = vsubq_u32(vld1q_u32(reinterpret_cast<const std::uint32_t*>(t + i)), vlo);
      const uint32x4_t b = vsubq_u32(vld1q_u32(reinterpret_cast<const std::uint32_t*>(p + i)), vlo);
      if (vminvq_u32(vcltq_u32(vmaxq_u32(a, b), vkk)) != 0xFFFFFFFFu) break;
      vst1q_u32(out + i, vmlaq_u32(b, a, vk));
    }
  }
  return i + scalar::make_indices(t + i, p + i, m - i, lo, kk, k, out + i);
}

inline void make_indices_drop(const std::int32_t* t, const std::int32_t* p, std::size_t m,
                              std::uint32_t k, std::uint32_t drop, std::uint32_t* out) noexcept {
  std::size_t i = 0;
  const uint32x4_t vk = vdupq_n_u32(k);
  const uint32x4_t vdrop = vdupq_n_u32(drop);
  for (; m - i >= 4; i += 4) {
    const int32x4_t a = vld1q_s32(t + i);
    const int32x4_t b = vld1q_s32(p + i);
    const uint32x4_t neg = vcltzq_s32(vorrq_s32(a, b));
    const uint32x4_t idx = vmlaq_u32(vreinterpretq_u32_s32(b), vreinterpretq_u32_s32(a), vk);
    vst1q_u32(out + i, vbslq_u32(neg, vdrop, idx));
  }
  scalar::make_indices_drop(t + i, p + i, m - i, k, drop, out + i);
}

inline std::uint8_t multilabel_block(const std::uint8_t* t, const std::uint8_t* p, std::size_t len,
                                     std::uint8_t* at, std::uint8_t* ap,
                                     std::uint8_t* atp) noexcept {
  uint8x16_t any = vdupq_n_u8(0);
  for (std::size_t i = 0; i < len; i += 16) {
    const uint8x16_t a = vld1q_u8(t + i);
    const uint8x16_t b = vld1q_u8(p + i);
    any = vorrq_u8(any, vorrq_u8(a, b));
    vst1q_u8(at + i, vaddq_u8(vld1q_u8(at + i), a));
    vst1q_u8(ap + i, vaddq_u8(vld1q_u8(ap + i), b));
    vst1q_u8(atp + i, vaddq_u8(vld1q_u8(atp + i), vandq_u8(a, b)));
  }
  return vmaxvq_u8(any);
}

#undef TALLY_SIMD_FN

} // namespace neon
} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_HAS_NEON
#endif // TALLY_DETAIL_SIMD_NEON_HPP
