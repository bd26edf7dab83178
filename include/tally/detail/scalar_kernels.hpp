// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_SCALAR_KERNELS_HPP
#define TALLY_DETAIL_SCALAR_KERNELS_HPP

// The scalar counting kernels. They are always compiled and are the oracle
// for every vectorized kernel (detail/simd/*.hpp): a vector kernel must give
// exactly the counts these give. Each takes pointers and a length and
// validates while it counts (no second pass over the data).

#include "../config.hpp"
#include "dispatch.hpp"

#include <cstddef>
#include <cstdint>
#include <type_traits>

TALLY_NAMESPACE_BEGIN
namespace detail {

namespace scalar {

template <class T>
binary_tally<T> count_binary(const T* t, const T* p, std::size_t n, T pos) noexcept {
  binary_tally<T> r;
  for (std::size_t i = 0; i < n; ++i) {
    const bool a = t[i] == pos;
    const bool b = p[i] == pos;
    r.both += static_cast<std::uint64_t>(a && b);
    r.true_pos += static_cast<std::uint64_t>(a);
    r.pred_pos += static_cast<std::uint64_t>(b);
    if (!a) {
      if (!r.any_other) r.other_min = r.other_max = t[i], r.any_other = true;
      if (t[i] < r.other_min) r.other_min = t[i];
      if (r.other_max < t[i]) r.other_max = t[i];
    }
    if (!b) {
      if (!r.any_other) r.other_min = r.other_max = p[i], r.any_other = true;
      if (p[i] < r.other_min) r.other_min = p[i];
      if (r.other_max < p[i]) r.other_max = p[i];
    }
  }
  r.total = n;
  return r;
}

// Weighted: sums run in sample order, as scikit-learn's bincount does.
template <class T>
binary_tally<T, double> count_binary_weighted(const T* t, const T* p, const double* w,
                                              std::size_t n, T pos) noexcept {
  binary_tally<T, double> r;
  for (std::size_t i = 0; i < n; ++i) {
    const bool a = t[i] == pos;
    const bool b = p[i] == pos;
    if (a && b) r.both += w[i];
    if (a) r.true_pos += w[i];
    if (b) r.pred_pos += w[i];
    if (!a) {
      if (!r.any_other) r.other_min = r.other_max = t[i], r.any_other = true;
      if (t[i] < r.other_min) r.other_min = t[i];
      if (r.other_max < t[i]) r.other_max = t[i];
    }
    if (!b) {
      if (!r.any_other) r.other_min = r.other_max = p[i], r.any_other = true;
      if (p[i] < r.other_min) r.other_min = p[i];
      if (r.other_max < p[i]) r.other_max = p[i];
    }
  }
  for (std::size_t i = 0; i < n; ++i) r.total += w[i];
  return r;
}

// Smallest and largest value of a non-empty array.
template <class T>
void minmax(const T* a, std::size_t n, T& lo, T& hi) noexcept {
  lo = hi = a[0];
  for (std::size_t i = 1; i < n; ++i) {
    if (a[i] < lo) lo = a[i];
    if (hi < a[i]) hi = a[i];
  }
}

// cm[(t - lo) * k + (p - lo)] += 1 for labels in [lo, lo + k); returns the
// first position whose label is outside, or n when all are inside (the cells
// of the samples before it are counted).
template <class T>
std::size_t count_matrix(const T* t, const T* p, std::size_t n, T lo, std::size_t k,
                         std::uint64_t* cm) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = static_cast<std::uint64_t>(t[i]) - static_cast<std::uint64_t>(lo);
    const auto b = static_cast<std::uint64_t>(p[i]) - static_cast<std::uint64_t>(lo);
    if (TALLY_UNLIKELY(t[i] < lo || p[i] < lo || a >= k || b >= k)) return i;
    ++cm[a * k + b];
  }
  return n;
}

template <class T>
std::size_t count_matrix_weighted(const T* t, const T* p, const double* w, std::size_t n, T lo,
                                  std::size_t k, double* cm) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = static_cast<std::uint64_t>(t[i]) - static_cast<std::uint64_t>(lo);
    const auto b = static_cast<std::uint64_t>(p[i]) - static_cast<std::uint64_t>(lo);
    if (TALLY_UNLIKELY(t[i] < lo || p[i] < lo || a >= k || b >= k)) return i;
    cm[a * k + b] += w[i];
  }
  return n;
}

// Dense indices (already mapped; -1 = dropped sample) into a k x k matrix.
inline void count_indices(const std::int32_t* t, const std::int32_t* p, std::size_t n,
                          std::size_t k, std::uint64_t* cm) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    if (t[i] >= 0 && p[i] >= 0)
      ++cm[static_cast<std::size_t>(t[i]) * k + static_cast<std::size_t>(p[i])];
}

inline void count_indices_weighted(const std::int32_t* t, const std::int32_t* p, const double* w,
                                   std::size_t n, std::size_t k, double* cm) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    if (t[i] >= 0 && p[i] >= 0)
      cm[static_cast<std::size_t>(t[i]) * k + static_cast<std::size_t>(p[i])] += w[i];
}

// Matrix indices: out[j] = (t[j] - lo) * k + (p[j] - lo) while both labels
// are in [lo, lo + kk); returns the first position where one is not (m when
// none is). kk <= k, kk <= (largest T) - lo + 1; k * k fits in 32 bits.
template <class T>
std::size_t make_indices(const T* t, const T* p, std::size_t m, T lo, std::uint32_t kk,
                         std::uint32_t k, std::uint32_t* out) noexcept {
  for (std::size_t i = 0; i < m; ++i) {
    const auto a = static_cast<std::uint64_t>(t[i]) - static_cast<std::uint64_t>(lo);
    const auto b = static_cast<std::uint64_t>(p[i]) - static_cast<std::uint64_t>(lo);
    // A label below lo wraps to a difference >= kk (kk never exceeds the
    // number of values of T from lo up), so one unsigned compare suffices.
    if (TALLY_UNLIKELY((a >= kk) | (b >= kk))) return i;
    out[i] = static_cast<std::uint32_t>(a * k + b);
  }
  return m;
}

// Dense indices with -1 (any negative) = dropped: out[j] = t * k + p, or
// `drop` for a dropped sample.
inline void make_indices_drop(const std::int32_t* t, const std::int32_t* p, std::size_t m,
                              std::uint32_t k, std::uint32_t drop, std::uint32_t* out) noexcept {
  for (std::size_t i = 0; i < m; ++i)
    out[i] = (t[i] < 0 || p[i] < 0)
                 ? drop
                 : static_cast<std::uint32_t>(t[i]) * k + static_cast<std::uint32_t>(p[i]);
}

// Multilabel indicator matrices (n_rows x n_labels, row-major, values 0/1):
// adds per-label counts of t & p, t and p into tp, t_count, p_count. Returns
// n_rows * n_labels when every value is 0 or 1, else the flattened position
// of the first value that is not (the counts are then incomplete).
inline std::size_t count_multilabel(const std::uint8_t* t, const std::uint8_t* p,
                                    std::size_t n_rows, std::size_t n_labels, std::uint64_t* tp,
                                    std::uint64_t* t_count, std::uint64_t* p_count) noexcept {
  std::size_t i = 0;
  for (std::size_t r = 0; r < n_rows; ++r) {
    for (std::size_t j = 0; j < n_labels; ++j, ++i) {
      const std::uint8_t a = t[i];
      const std::uint8_t b = p[i];
      if (TALLY_UNLIKELY(a > 1 || b > 1)) return i;
      tp[j] += static_cast<std::uint64_t>(a & b);
      t_count[j] += a;
      p_count[j] += b;
    }
  }
  return i;
}

} // namespace scalar

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_SCALAR_KERNELS_HPP
