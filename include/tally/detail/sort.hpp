// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_SORT_HPP
#define TALLY_DETAIL_SORT_HPP

// Sorting scores, the one expensive step of every score-based metric.
//
// A float or double is mapped to an unsigned integer of the same width whose
// unsigned order is the numeric order of the scores (sign bit flipped for
// non-negative values, all bits flipped for negative ones; -0.0 is first
// folded into +0.0 so that equal scores get equal keys). Inverting all bits
// gives descending order. The keys are sorted with an LSD radix sort of 11-bit
// digits (3 passes for float, 6 for double; a pass whose digit is the same for
// every key is skipped), optionally carrying a payload (stable). Keys are
// mapped back to scores exactly, so no record of (score, label, weight) is
// ever sorted.
//
// merge_runs() then walks the descending keys of the positives and of the
// negatives together: each distinct score is one threshold, and the running
// (cumulative) positive and negative totals at that threshold are reported in
// the same linear pass.
//
// pairwise_sum() reproduces NumPy's pairwise summation of a contiguous
// array, used where results must follow numpy.sum / numpy.mean closely.

#include "../config.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

TALLY_NAMESPACE_BEGIN
namespace detail {

template <class T>
struct float_key;
template <>
struct float_key<float> {
  using type = std::uint32_t;
};
template <>
struct float_key<double> {
  using type = std::uint64_t;
};
template <class T>
using float_key_t = typename float_key<T>::type;

/// Order-preserving integer image of a (non-NaN) float or double.
template <class T>
[[nodiscard]] inline float_key_t<T> ordered_bits(T x) noexcept {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                "ordered_bits: float or double only");
  using K = float_key_t<T>;
  constexpr K sign = K{1} << (sizeof(K) * 8 - 1);
  x = x + T(0); // -0.0 + 0.0 == +0.0: equal scores, equal keys
  K u;
  std::memcpy(&u, &x, sizeof u);
  return (u & sign) ? static_cast<K>(~u) : static_cast<K>(u | sign);
}

/// Inverse of ordered_bits.
template <class T>
[[nodiscard]] inline T from_ordered_bits(float_key_t<T> k) noexcept {
  using K = float_key_t<T>;
  constexpr K sign = K{1} << (sizeof(K) * 8 - 1);
  const K u = (k & sign) ? static_cast<K>(k & ~sign) : static_cast<K>(~k);
  T x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

/// Key whose ascending order is the descending order of the scores.
template <class T>
[[nodiscard]] inline float_key_t<T> descending_key(T x) noexcept {
  return static_cast<float_key_t<T>>(~ordered_bits(x));
}
template <class T>
[[nodiscard]] inline T from_descending_key(float_key_t<T> k) noexcept {
  return from_ordered_bits<T>(static_cast<float_key_t<T>>(~k));
}

/// Uninitialized storage for n trivially copyable values. Buffers of 4 MiB
/// and more are aligned to 2 MiB and, on Linux, offered to transparent huge
/// pages: a fresh 80 MB key array otherwise costs ~20,000 page faults, about
/// a tenth of a 1e7-sample ROC AUC.
template <class T>
class large_buffer {
  static_assert(std::is_trivially_copyable_v<T>, "large_buffer: trivially copyable values");

public:
  explicit large_buffer(std::size_t n) : bytes_((n == 0 ? 1 : n) * sizeof(T)) {
    if (bytes_ >= huge_from) {
      p_ = static_cast<T*>(::operator new (bytes_, std::align_val_t{huge_page}));
#if defined(__linux__) && defined(MADV_HUGEPAGE)
      static_cast<void>(::madvise(static_cast<void*>(p_), bytes_, MADV_HUGEPAGE)); // a hint only
#endif
    } else {
      p_ = static_cast<T*>(::operator new(bytes_));
    }
  }
  large_buffer(const large_buffer&) = delete;
  large_buffer& operator=(const large_buffer&) = delete;
  ~large_buffer() {
    if (bytes_ >= huge_from)
      ::operator delete (static_cast<void*>(p_), std::align_val_t{huge_page});
    else
      ::operator delete(static_cast<void*>(p_));
  }
  [[nodiscard]] T* get() const noexcept { return p_; }

private:
  static constexpr std::size_t huge_page = std::size_t{1} << 21;
  static constexpr std::size_t huge_from = std::size_t{1} << 22;
  std::size_t bytes_;
  T* p_ = nullptr;
};

// Below this size a comparison sort beats the radix histograms.
inline constexpr std::size_t radix_cutoff = 64;

namespace radix {
inline constexpr unsigned digit_bits = 11;
inline constexpr std::size_t buckets = std::size_t{1} << digit_bits;
// Runs this short are finished by insertion sort.
inline constexpr std::size_t tiny = 16;

// Number of low bits in which some keys of a run differ (0: all equal).
template <class K>
[[nodiscard]] unsigned key_range_bits(const K* a, std::size_t n) noexcept {
  K lo = a[0], hi = a[0];
  for (std::size_t i = 1; i < n; ++i) {
    lo = (std::min)(lo, a[i]);
    hi = (std::max)(hi, a[i]);
  }
  K diff = static_cast<K>(lo ^ hi);
  unsigned b = 0;
  while (diff != 0) diff = static_cast<K>(diff >> 1), ++b;
  return b;
}

template <class K>
inline void compare_swap(K* a, std::size_t i, std::size_t j) noexcept {
  const K x = a[i], y = a[j];
  a[i] = x < y ? x : y; // branch-free (cmov)
  a[j] = x < y ? y : x;
}

// Insertion sort, with branch-free sorting networks for 2 to 4 keys (the
// usual bucket sizes after a radix pass).
template <class K>
void insertion_sort(K* a, std::size_t n) noexcept {
  switch (n) {
  case 0:
  case 1:
    return;
  case 2:
    compare_swap(a, 0, 1);
    return;
  case 3:
    compare_swap(a, 0, 1);
    compare_swap(a, 1, 2);
    compare_swap(a, 0, 1);
    return;
  case 4:
    compare_swap(a, 0, 1);
    compare_swap(a, 2, 3);
    compare_swap(a, 0, 2);
    compare_swap(a, 1, 3);
    compare_swap(a, 1, 2);
    return;
  default:
    break;
  }
  for (std::size_t i = 1; i < n; ++i) {
    const K k = a[i];
    std::size_t j = i;
    for (; j > 0 && k < a[j - 1]; --j) a[j] = a[j - 1];
    a[j] = k;
  }
}

// Digit width of one MSD pass: about log2(n) - 1 bits, so that a uniform
// run leaves ~2 keys per bucket; at most 11 bits for runs too long for the
// cache (scatter targets stay few), at most 16 bits for shorter ones.
[[nodiscard]] inline unsigned digit_width(std::size_t n, unsigned top) noexcept {
  unsigned lg = 0;
  while ((std::size_t{1} << (lg + 1)) <= n) ++lg;
  unsigned bits = lg > 1 ? lg - 1 : 1;
  const unsigned cap = n > (std::size_t{1} << 17) ? digit_bits : 16u;
  if (bits > cap) bits = cap;
  if (bits > top) bits = top;
  return bits;
}

// Bucket-start buffers, one per recursion depth, reused across runs.
struct workspace {
  std::vector<std::vector<std::size_t>> starts;
  std::size_t* get(unsigned depth, std::size_t nb) {
    if (starts.size() <= depth) starts.resize(depth + 1);
    auto& v = starts[depth];
    if (v.size() < nb + 1) v.resize(nb + 1);
    return v.data();
  }
};

// Counts keys per digit and turns counts into bucket starts; start has
// nb + 1 entries.
template <class K>
void bucket_starts(const K* src, std::size_t n, unsigned shift, K mask, std::size_t* start,
                   std::size_t nb) noexcept {
  std::fill(start, start + nb + 1, std::size_t{0});
  for (std::size_t i = 0; i < n; ++i)
    ++start[static_cast<std::size_t>((src[i] >> shift) & mask) + 1];
  for (std::size_t d = 0; d < nb; ++d) start[d + 1] += start[d];
}

// Moves src into dst by digit; `at` (nb entries) starts as the bucket
// starts and ends as the bucket ends.
template <class K>
void scatter(const K* src, K* dst, std::size_t n, unsigned shift, K mask,
             std::size_t* at) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const K k = src[i];
    dst[at[static_cast<std::size_t>((k >> shift) & mask)]++] = k;
  }
}

template <class K>
void sort_inplace(K* a, K* tmp, std::size_t n, workspace& ws, unsigned depth);

// Insertion sort of a run whose buckets are in order but not sorted inside:
// every key moves only within its bucket, so the cost is linear plus the
// (few) inversions, without a call per bucket.
template <class K>
void finish_buckets(K* a, std::size_t n) noexcept {
  for (std::size_t i = 1; i < n; ++i) {
    const K k = a[i];
    if (!(k < a[i - 1])) continue;
    std::size_t j = i;
    do {
      a[j] = a[j - 1];
      --j;
    } while (j > 0 && k < a[j - 1]);
    a[j] = k;
  }
}

// Sorts src into dst; src is clobbered. One MSD pass on the highest bits in
// which the run's keys differ; buckets longer than `tiny` are sorted
// recursively, the short ones by one final insertion pass over the run.
template <class K>
void sort_into(K* src, K* dst, std::size_t n, workspace& ws, unsigned depth) {
  if (n <= tiny) {
    std::copy(src, src + n, dst);
    insertion_sort(dst, n);
    return;
  }
  const unsigned top = key_range_bits(src, n);
  if (top == 0) {
    std::copy(src, src + n, dst);
    return;
  }
  const unsigned bits = digit_width(n, top);
  const unsigned shift = top - bits;
  const std::size_t nb = std::size_t{1} << bits;
  const K mask = static_cast<K>(nb - 1);
  std::size_t* at = ws.get(depth, nb);
  bucket_starts(src, n, shift, mask, at, nb);
  scatter(src, dst, n, shift, mask, at); // at[d] is now the end of bucket d
  if (shift == 0) return;
  bool small = false;
  std::size_t b = 0;
  for (std::size_t d = 0; d < nb; ++d) {
    const std::size_t e = ws.starts[depth][d];
    const std::size_t m = e - b;
    if (m > tiny)
      sort_inplace(dst + b, src + b, m, ws, depth + 1);
    else
      small = small || m > 1;
    b = e;
  }
  if (small) finish_buckets(dst, n);
}

// Sorts a in place, using tmp (same length) as scratch.
template <class K>
void sort_inplace(K* a, K* tmp, std::size_t n, workspace& ws, unsigned depth) {
  if (n <= tiny) {
    insertion_sort(a, n);
    return;
  }
  const unsigned top = key_range_bits(a, n);
  if (top == 0) return;
  const unsigned bits = digit_width(n, top);
  const unsigned shift = top - bits;
  const std::size_t nb = std::size_t{1} << bits;
  const K mask = static_cast<K>(nb - 1);
  std::size_t* at = ws.get(depth, nb);
  bucket_starts(a, n, shift, mask, at, nb);
  scatter(a, tmp, n, shift, mask, at);
  if (shift == 0) {
    std::copy(tmp, tmp + n, a);
    return;
  }
  bool any_large = false;
  for (std::size_t d = 0, b = 0; d < nb; ++d) {
    const std::size_t e = ws.starts[depth][d];
    any_large = any_large || e - b > tiny;
    b = e;
  }
  if (!any_large) {
    std::copy(tmp, tmp + n, a);
    finish_buckets(a, n);
    return;
  }
  bool small = false;
  std::size_t b = 0;
  for (std::size_t d = 0; d < nb; ++d) {
    const std::size_t e = ws.starts[depth][d];
    const std::size_t m = e - b;
    if (m > tiny) {
      sort_into(tmp + b, a + b, m, ws, depth + 1);
    } else if (m > 0) {
      std::copy(tmp + b, tmp + e, a + b);
      small = small || m > 1;
    }
    b = e;
  }
  if (small) finish_buckets(a, n);
}

// LSD helpers for the stable key + payload sort.
template <class K>
inline constexpr unsigned passes = (sizeof(K) * 8 + digit_bits - 1) / digit_bits;

template <class K>
[[nodiscard]] inline std::size_t digit(K key, unsigned pass) noexcept {
  return static_cast<std::size_t>((key >> (pass * digit_bits)) & static_cast<K>(buckets - 1));
}

// Histograms of every digit in one pass over the keys.
template <class K>
void histograms(const K* keys, std::size_t n, std::vector<std::size_t>& hist) {
  constexpr unsigned P = passes<K>;
  hist.assign(P * buckets, 0);
  std::size_t* h = hist.data();
  for (std::size_t i = 0; i < n; ++i) {
    const K k = keys[i];
    for (unsigned p = 0; p < P; ++p) ++h[p * buckets + digit(k, p)];
  }
}

// Turns counts into start offsets; false when every key has the same digit
// in this pass (nothing to move).
inline bool offsets(std::size_t* h, std::size_t n) noexcept {
  std::size_t sum = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    if (h[b] == n) return false;
    const std::size_t c = h[b];
    h[b] = sum;
    sum += c;
  }
  return true;
}
} // namespace radix

/// Sorts unsigned integer keys ascending with an MSD radix sort: each pass
/// splits a run on the highest bits in which its keys differ (11 bits for
/// long runs, about log2(n) - 1 bits for short ones, so buckets quickly fit
/// in cache and end with a couple of keys), then insertion sort finishes
/// buckets of at most 16 keys. scratch must hold n keys.
template <class K>
void radix_sort(K* keys, std::size_t n, K* scratch) {
  static_assert(std::is_unsigned_v<K>, "radix_sort: unsigned keys");
  if (n < radix_cutoff) {
    std::sort(keys, keys + n);
    return;
  }
  radix::workspace ws;
  radix::sort_inplace(keys, scratch, n, ws, 0);
}

/// As above, with scratch space grown to n as needed.
template <class K>
void radix_sort(K* keys, std::size_t n, std::vector<K>& scratch) {
  if (n >= radix_cutoff && scratch.size() < n) scratch.resize(n);
  radix_sort(keys, n, scratch.data());
}

/// Sorts keys ascending and moves vals with them; stable (equal keys keep
/// their input order).
template <class K, class V>
void radix_sort(K* keys, V* vals, std::size_t n, std::vector<K>& kscratch,
                std::vector<V>& vscratch) {
  static_assert(std::is_unsigned_v<K>, "radix_sort: unsigned keys");
  if (n < radix_cutoff) {
    std::vector<std::pair<K, V>> tmp(n);
    for (std::size_t i = 0; i < n; ++i) tmp[i] = {keys[i], vals[i]};
    std::stable_sort(tmp.begin(), tmp.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < n; ++i) keys[i] = tmp[i].first, vals[i] = tmp[i].second;
    return;
  }
  std::vector<std::size_t> hist;
  radix::histograms(keys, n, hist);
  kscratch.resize(n);
  vscratch.resize(n);
  K* ks = keys;
  K* kd = kscratch.data();
  V* vs = vals;
  V* vd = vscratch.data();
  for (unsigned p = 0; p < radix::passes<K>; ++p) {
    std::size_t* h = hist.data() + p * radix::buckets;
    if (!radix::offsets(h, n)) continue;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t at = h[radix::digit(ks[i], p)]++;
      kd[at] = ks[i];
      vd[at] = vs[i];
    }
    std::swap(ks, kd);
    std::swap(vs, vd);
  }
  if (ks != keys) {
    std::copy(ks, ks + n, keys);
    std::copy(vs, vs + n, vals);
  }
}

// The smaller of the next keys of two ascending arrays (i < np or j < nn).
template <class K>
[[nodiscard]] K smaller_head(const K* pk, std::size_t i, std::size_t np, const K* nk, std::size_t j,
                             std::size_t nn) noexcept {
  if (i == np) return nk[j];
  if (j == nn) return pk[i];
  return (std::min)(pk[i], nk[j]);
}

/// Walks two ascending key arrays (descending scores) of positives and
/// negatives together. For every distinct key, in order, calls
/// emit(key, cumulative positives, cumulative negatives). Unweighted: the
/// totals are counts (std::uint64_t). Weighted (pw/nw non-null): the totals
/// are running sums of the weights, added one sample at a time in sorted
/// order.
template <class K, class Emit>
void merge_runs(const K* pk, std::size_t np, const K* nk, std::size_t nn, Emit&& emit) {
  std::size_t i = 0, j = 0;
  while (i < np || j < nn) {
    const K k = smaller_head(pk, i, np, nk, j, nn);
    while (i < np && pk[i] == k) ++i;
    while (j < nn && nk[j] == k) ++j;
    emit(k, static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(j));
  }
}

template <class K, class Emit>
void merge_runs_weighted(const K* pk, const double* pw, std::size_t np, const K* nk,
                         const double* nw, std::size_t nn, Emit&& emit) {
  std::size_t i = 0, j = 0;
  double sp = 0.0, sn = 0.0;
  while (i < np || j < nn) {
    const K k = smaller_head(pk, i, np, nk, j, nn);
    for (; i < np && pk[i] == k; ++i) sp += pw[i];
    for (; j < nn && nk[j] == k; ++j) sn += nw[j];
    emit(k, sp, sn);
  }
}

/// NumPy's pairwise summation (numpy.add.reduce on a contiguous array):
/// blocks of up to 128 elements summed with 8 interleaved accumulators,
/// larger arrays split in two at a multiple of 8.
template <class T>
[[nodiscard]] T pairwise_sum(const T* a, std::size_t n) noexcept {
  if (n < 8) {
    T res = -T(0);
    for (std::size_t i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    T r[8];
    for (std::size_t k = 0; k < 8; ++k) r[k] = a[k];
    std::size_t i = 8;
    for (; i + 8 <= n; i += 8)
      for (std::size_t k = 0; k < 8; ++k) r[k] += a[i + k];
    T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_SORT_HPP
