// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_KERNELS_HPP
#define TALLY_DETAIL_KERNELS_HPP

// Counting kernels: the only hot loops in tally. Each takes pointers and a
// length and validates while it counts (no second pass over the data).
//
// These are the scalar kernels; they are always compiled and are the oracle
// for every vectorized kernel.

#include "../config.hpp"

#include <cstddef>
#include <cstdint>
#include <type_traits>

TALLY_NAMESPACE_BEGIN
namespace detail {

/// Result of scanning a binary problem for one positive label.
template <class T, class C = std::uint64_t>
struct binary_tally {
  C both{};      ///< y_true == pos and y_pred == pos
  C true_pos{};  ///< y_true == pos
  C pred_pos{};  ///< y_pred == pos
  C total{};     ///< number (or weight) of samples
  bool any_other = false; ///< some label differs from pos
  T other_min{}; ///< smallest label != pos (valid when any_other)
  T other_max{}; ///< largest label != pos (valid when any_other)
};

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

} // namespace scalar

// The entry points the library calls. They pick the best kernel for the
// machine; the scalar namespace stays reachable for tests.
template <class T>
binary_tally<T> count_binary(const T* t, const T* p, std::size_t n, T pos) noexcept {
  return scalar::count_binary(t, p, n, pos);
}
template <class T>
binary_tally<T, double> count_binary_weighted(const T* t, const T* p, const double* w,
                                              std::size_t n, T pos) noexcept {
  return scalar::count_binary_weighted(t, p, w, n, pos);
}
template <class T>
void minmax(const T* a, std::size_t n, T& lo, T& hi) noexcept {
  scalar::minmax(a, n, lo, hi);
}
template <class T>
std::size_t count_matrix(const T* t, const T* p, std::size_t n, T lo, std::size_t k,
                         std::uint64_t* cm) noexcept {
  return scalar::count_matrix(t, p, n, lo, k, cm);
}
template <class T>
std::size_t count_matrix_weighted(const T* t, const T* p, const double* w, std::size_t n, T lo,
                                  std::size_t k, double* cm) noexcept {
  return scalar::count_matrix_weighted(t, p, w, n, lo, k, cm);
}
inline void count_indices(const std::int32_t* t, const std::int32_t* p, std::size_t n,
                          std::size_t k, std::uint64_t* cm) noexcept {
  scalar::count_indices(t, p, n, k, cm);
}
inline void count_indices_weighted(const std::int32_t* t, const std::int32_t* p, const double* w,
                                   std::size_t n, std::size_t k, double* cm) noexcept {
  scalar::count_indices_weighted(t, p, w, n, k, cm);
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_KERNELS_HPP
