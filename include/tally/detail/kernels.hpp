// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_KERNELS_HPP
#define TALLY_DETAIL_KERNELS_HPP

// Counting kernels: the only hot loops in tally. Each takes pointers and a
// length and validates while it counts (no second pass over the data).
//
// The functions in this header are the entry points the library calls; they
// pick the kernel family the CPU runs best (cpu.hpp: runtime dispatch on
// x86-64 with GCC and Clang, compile-time elsewhere) or the one forced with
// tally::set_kernel_isa / TALLY_FORCE_ISA. The scalar kernels
// (scalar_kernels.hpp, namespace detail::scalar) are always compiled and are
// the oracle: every vector kernel gives exactly their integer counts.
//
//   count_binary            tp / true / pred counts for one positive label,
//                           plus the other labels seen (fused validation)
//   count_binary_weighted   the same with sample weights (scalar: the sums
//                           run in sample order, like scikit-learn's)
//   minmax                  smallest and largest label (infers 0..K-1 label
//                           sets of integers without sorting)
//   count_matrix            K x K counts of labels in [lo, lo + K)
//   count_matrix_weighted   the same with sample weights (each cell summed
//                           in sample order)
//   count_indices           K x K counts of already mapped indices (-1 drops)
//   count_indices_weighted  the same with sample weights
//   count_multilabel        per-label tp / true / pred counts of n x L 0/1
//                           indicator matrices
//   check_matrix_size       the memory bound of a dense K x K matrix

#include "../config.hpp"
#include "cpu.hpp"
#include "dispatch.hpp"
#include "error.hpp"
#include "scalar_kernels.hpp"
#include "simd/avx2.hpp"
#include "simd/avx512.hpp"
#include "simd/neon.hpp"
#include "simd/sse2.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <string>
#include <type_traits>

// Largest dense confusion matrix tally allocates, in bytes. The default,
// 32 GiB, admits 65,536 classes of 64-bit counts; a larger K is refused with
// std::invalid_argument before anything is allocated.
#ifndef TALLY_MAX_MATRIX_BYTES
#define TALLY_MAX_MATRIX_BYTES (std::uint64_t{1} << 35)
#endif

TALLY_NAMESPACE_BEGIN
namespace detail {

/// Throws std::invalid_argument when a dense n_classes x n_classes matrix of
/// cells of cell_bytes bytes would exceed TALLY_MAX_MATRIX_BYTES.
inline void check_matrix_size(std::size_t n_classes, std::size_t cell_bytes, const char* fn) {
  const std::uint64_t limit = TALLY_MAX_MATRIX_BYTES;
  const auto k = static_cast<std::uint64_t>(n_classes);
  const auto cb = static_cast<std::uint64_t>(cell_bytes == 0 ? 1 : cell_bytes);
  const bool too_big = k > (std::uint64_t{1} << 32) || k * k > limit / cb;
  if (too_big)
    throw_invalid_argument(
        std::string(fn) + ": a dense confusion matrix of " + std::to_string(n_classes) +
        " classes needs " +
        (k > (std::uint64_t{1} << 32) ? std::string("more than 2^64")
                                      : std::to_string(k * k * cb)) +
        " bytes, above the limit TALLY_MAX_MATRIX_BYTES = " + std::to_string(limit));
}

// ---- binary counts ------------------------------------------------------

template <class T>
binary_tally<T> count_binary(const T* t, const T* p, std::size_t n, T pos) noexcept {
  if constexpr (simd_label_v<T>) {
    switch (binary_isa()) {
#if TALLY_HAS_AVX512
    case kernel_isa::avx512:
      return avx512::count_binary(t, p, n, pos);
#endif
#if TALLY_HAS_AVX2
    case kernel_isa::avx2:
      return avx2::count_binary(t, p, n, pos);
#endif
#if TALLY_HAS_SSE2
    case kernel_isa::sse2:
      return sse2::count_binary(t, p, n, pos);
#endif
#if TALLY_HAS_NEON
    case kernel_isa::neon:
      return neon::count_binary(t, p, n, pos);
#endif
    default:
      break;
    }
  }
  return scalar::count_binary(t, p, n, pos);
}

template <class T>
binary_tally<T, double> count_binary_weighted(const T* t, const T* p, const double* w,
                                              std::size_t n, T pos) noexcept {
  return scalar::count_binary_weighted(t, p, w, n, pos);
}

// ---- smallest and largest label ------------------------------------------

template <class T>
void minmax(const T* a, std::size_t n, T& lo, T& hi) noexcept {
  if constexpr (std::is_integral_v<T>) {
    switch (active_isa()) {
#if TALLY_HAS_AVX512
    case kernel_isa::avx512:
      return avx512::minmax(a, n, lo, hi);
#endif
#if TALLY_HAS_AVX2
    case kernel_isa::avx2:
      return avx2::minmax(a, n, lo, hi);
#endif
#if TALLY_HAS_NEON
    case kernel_isa::neon:
      return neon::minmax(a, n, lo, hi);
#endif
    default:
      break;
    }
  }
  scalar::minmax(a, n, lo, hi);
}

// ---- dense matrices -------------------------------------------------------

namespace hist {

// Matrix indices of one chunk with the active kernel family.
template <class T>
std::size_t make_indices(kernel_isa isa, const T* t, const T* p, std::size_t m, T lo,
                         std::uint32_t kk, std::uint32_t k, std::uint32_t* out) noexcept {
  if constexpr (simd_index_label_v<T>) {
    switch (isa) {
#if TALLY_HAS_AVX512
    case kernel_isa::avx512:
      return avx512::make_indices(t, p, m, lo, kk, k, out);
#endif
#if TALLY_HAS_AVX2
    case kernel_isa::avx2:
      return avx2::make_indices(t, p, m, lo, kk, k, out);
#endif
#if TALLY_HAS_SSE2
    case kernel_isa::sse2:
      return sse2::make_indices(t, p, m, lo, kk, k, out);
#endif
#if TALLY_HAS_NEON
    case kernel_isa::neon:
      return neon::make_indices(t, p, m, lo, kk, k, out);
#endif
    default:
      break;
    }
  }
  static_cast<void>(isa);
  return scalar::make_indices(t, p, m, lo, kk, k, out);
}

inline void make_indices_drop(kernel_isa isa, const std::int32_t* t, const std::int32_t* p,
                              std::size_t m, std::uint32_t k, std::uint32_t drop,
                              std::uint32_t* out) noexcept {
  switch (isa) {
#if TALLY_HAS_AVX512
  case kernel_isa::avx512:
    return avx512::make_indices_drop(t, p, m, k, drop, out);
#endif
#if TALLY_HAS_AVX2
  case kernel_isa::avx2:
    return avx2::make_indices_drop(t, p, m, k, drop, out);
#endif
#if TALLY_HAS_SSE2
  case kernel_isa::sse2:
    return sse2::make_indices_drop(t, p, m, k, drop, out);
#endif
#if TALLY_HAS_NEON
  case kernel_isa::neon:
    return neon::make_indices_drop(t, p, m, k, drop, out);
#endif
  default:
    break;
  }
  scalar::make_indices_drop(t, p, m, k, drop, out);
}

inline constexpr std::size_t chunk = 256;                 // indices computed per step
inline constexpr std::size_t small_cells = 1024;          // K <= 32: sub-histograms on the stack
inline constexpr std::size_t medium_cells = 1 << 22;      // K <= 2048: one 32-bit histogram
inline constexpr std::size_t cached_cells = 1 << 16;      // K <= 256: that histogram fits L2
inline constexpr std::uint64_t flush_after = 0xFFFF0000u; // 32-bit counters flushed before this

// Counts matrix indices into 64-bit cells. Small matrices use eight (K <=
// 22) or four (K <= 32) interleaved 32-bit sub-histograms (consecutive
// samples that hit the same cell - the diagonal of an accurate classifier -
// then do not wait on each other's stores); medium ones a 32-bit histogram
// (half the cache footprint of 64-bit cells); large ones count straight into
// the matrix with software prefetch. Index `cells` (the drop cell) is
// ignored.
class counter {
public:
  counter(std::uint64_t* cm, std::size_t cells, std::size_t n) noexcept : cm_(cm), cells_(cells) {
    if (cells <= small_cells && n >= 4 * cells) {
      mode_ = mode::small;
      tables_ = 8 * (cells + 1) <= sizeof small_ / sizeof small_[0] ? 8 : 4;
      std::memset(small_, 0, sizeof small_);
    } else if (cells <= medium_cells && n >= cells) {
      heap_ = new (std::nothrow) std::uint32_t[cells + 1]();
      mode_ = heap_ != nullptr ? mode::medium : mode::direct;
    }
  }
  counter(const counter&) = delete;
  counter& operator=(const counter&) = delete;
  ~counter() {
    flush();
    delete[] heap_;
  }

  // Counts m indices. While it does, it prefetches the input the next
  // chunk will read (next_t, next_p: `Width`-byte labels, one cache line per
  // 64 / Width indices), so reading memory overlaps counting.
  template <std::size_t Width>
  void add(const std::uint32_t* idx, std::size_t m, const void* next_t,
           const void* next_p) noexcept {
    constexpr std::size_t every = Width >= 64 ? 1 : 64 / Width;
    const auto* nt = static_cast<const char*>(next_t);
    const auto* np = static_cast<const char*>(next_p);
    switch (mode_) {
    case mode::small: {
      // No software prefetch here: the hardware prefetcher keeps up, and in
      // a stand-alone histogram loop over 1e8 int32 labels adding these
      // prefetches made it 1.9x slower.
      const std::size_t s = cells_ + 1;
      std::uint32_t* h = small_;
      std::size_t j = 0;
      if (tables_ == 8) {
        for (; m - j >= 8; j += 8) {
          ++h[idx[j]];
          ++h[s + idx[j + 1]];
          ++h[2 * s + idx[j + 2]];
          ++h[3 * s + idx[j + 3]];
          ++h[4 * s + idx[j + 4]];
          ++h[5 * s + idx[j + 5]];
          ++h[6 * s + idx[j + 6]];
          ++h[7 * s + idx[j + 7]];
        }
      }
      for (; m - j >= 4; j += 4) {
        ++h[idx[j]];
        ++h[s + idx[j + 1]];
        ++h[2 * s + idx[j + 2]];
        ++h[3 * s + idx[j + 3]];
      }
      for (; j < m; ++j) ++h[idx[j]];
      break;
    }
    case mode::medium: {
      std::uint32_t* h = heap_;
      std::size_t j = 0;
      if (cells_ <= cached_cells) {
        // The histogram stays in L2: prefetching its cells only costs.
        for (; m - j >= 2; j += 2) {
          if (nt != nullptr && j % every == 0) {
            prefetch_read(nt + j * Width);
            prefetch_read(np + j * Width);
          }
          ++h[idx[j]];
          ++h[idx[j + 1]];
        }
      }
      for (; m - j > 16; ++j) {
        if (nt != nullptr && j % every == 0) {
          prefetch_read(nt + j * Width);
          prefetch_read(np + j * Width);
        }
        prefetch(h + idx[j + 16]);
        ++h[idx[j]];
      }
      for (; j < m; ++j) ++h[idx[j]];
      break;
    }
    case mode::direct: {
      std::uint64_t* c = cm_;
      const std::size_t drop = cells_;
      std::size_t j = 0;
      for (; m - j > 16; ++j) {
        if (nt != nullptr && j % every == 0) {
          prefetch_read(nt + j * Width);
          prefetch_read(np + j * Width);
        }
        if (idx[j + 16] != drop) prefetch(c + idx[j + 16]);
        if (TALLY_LIKELY(idx[j] != drop)) ++c[idx[j]];
      }
      for (; j < m; ++j)
        if (idx[j] != drop) ++c[idx[j]];
      return;
    }
    }
    since_ += m;
    if (since_ >= flush_after) flush();
  }

  void flush() noexcept {
    if (mode_ == mode::small) {
      const std::size_t s = cells_ + 1;
      for (std::size_t c = 0; c < cells_; ++c) {
        std::uint64_t sum = 0;
        for (std::size_t u = 0; u < tables_; ++u) {
          sum += small_[u * s + c];
          small_[u * s + c] = 0;
        }
        cm_[c] += sum;
      }
    } else if (mode_ == mode::medium) {
      for (std::size_t c = 0; c < cells_; ++c) {
        cm_[c] += heap_[c];
        heap_[c] = 0;
      }
    }
    since_ = 0;
  }

private:
  enum class mode { small, medium, direct };
  static void prefetch(const void* a) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(a, 1);
#else
    static_cast<void>(a);
#endif
  }
  static void prefetch_read(const void* a) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(a, 0);
#else
    static_cast<void>(a);
#endif
  }
  std::uint64_t* cm_;
  std::size_t cells_;
  mode mode_ = mode::direct;
  std::size_t tables_ = 4; // sub-histograms of the small mode
  std::uint32_t* heap_ = nullptr;
  std::uint64_t since_ = 0;
  std::uint32_t small_[4 * (small_cells + 1)];
};

// kk: how many of the k classes starting at lo the type T can hold.
template <class T>
std::uint32_t representable(T lo, std::size_t k) noexcept {
  const auto span = static_cast<std::uint64_t>((std::numeric_limits<T>::max)()) -
                    static_cast<std::uint64_t>(lo) + 1; // modulo 2^64: exact for T's range
  if (span != 0 && span < k) return static_cast<std::uint32_t>(span);
  return static_cast<std::uint32_t>(k);
}

template <class T>
std::size_t count_matrix(const T* t, const T* p, std::size_t n, T lo, std::size_t k,
                         std::uint64_t* cm) noexcept {
  const kernel_isa isa = active_isa();
  const auto k32 = static_cast<std::uint32_t>(k);
  const std::uint32_t kk = representable(lo, k);
  std::uint32_t idx[chunk];
  counter c(cm, k * k, n);
  for (std::size_t i = 0; i < n;) {
    const std::size_t m = (std::min)(chunk, n - i);
    const std::size_t good = make_indices(isa, t + i, p + i, m, lo, kk, k32, idx);
    const bool more = n - i >= 2 * chunk + chunk;
    c.add<sizeof(T)>(idx, good, more ? t + i + 2 * chunk : nullptr,
                     more ? p + i + 2 * chunk : nullptr);
    i += good;
    if (good < m) return i;
  }
  return n;
}

template <class T>
std::size_t count_matrix_weighted(const T* t, const T* p, const double* w, std::size_t n, T lo,
                                  std::size_t k, double* cm) noexcept {
  const kernel_isa isa = active_isa();
  const auto k32 = static_cast<std::uint32_t>(k);
  const std::uint32_t kk = representable(lo, k);
  std::uint32_t idx[chunk];
  for (std::size_t i = 0; i < n;) {
    const std::size_t m = (std::min)(chunk, n - i);
    const std::size_t good = make_indices(isa, t + i, p + i, m, lo, kk, k32, idx);
    for (std::size_t j = 0; j < good; ++j) cm[idx[j]] += w[i + j];
    i += good;
    if (good < m) return i;
  }
  return n;
}

} // namespace hist

// Whether the chunked (vector index + sub-histogram) path handles this call.
template <class T>
constexpr bool use_hist(std::size_t n, std::size_t k) noexcept {
  return std::is_integral_v<T> && !std::is_same_v<T, bool> && k >= 1 && k <= simd_max_classes &&
         n >= 32;
}

template <class T>
std::size_t count_matrix(const T* t, const T* p, std::size_t n, T lo, std::size_t k,
                         std::uint64_t* cm) noexcept {
  if (use_hist<T>(n, k) && active_isa() != kernel_isa::scalar)
    return hist::count_matrix(t, p, n, lo, k, cm);
  return scalar::count_matrix(t, p, n, lo, k, cm);
}

template <class T>
std::size_t count_matrix_weighted(const T* t, const T* p, const double* w, std::size_t n, T lo,
                                  std::size_t k, double* cm) noexcept {
  if (use_hist<T>(n, k) && active_isa() != kernel_isa::scalar)
    return hist::count_matrix_weighted(t, p, w, n, lo, k, cm);
  return scalar::count_matrix_weighted(t, p, w, n, lo, k, cm);
}

inline void count_indices(const std::int32_t* t, const std::int32_t* p, std::size_t n,
                          std::size_t k, std::uint64_t* cm) noexcept {
  const kernel_isa isa = active_isa();
  if (!use_hist<std::int32_t>(n, k) || isa == kernel_isa::scalar)
    return scalar::count_indices(t, p, n, k, cm);
  const auto k32 = static_cast<std::uint32_t>(k);
  const auto drop = static_cast<std::uint32_t>(k * k);
  std::uint32_t idx[hist::chunk];
  hist::counter c(cm, k * k, n);
  for (std::size_t i = 0; i < n; i += hist::chunk) {
    const std::size_t m = (std::min)(hist::chunk, n - i);
    hist::make_indices_drop(isa, t + i, p + i, m, k32, drop, idx);
    const bool more = n - i >= 3 * hist::chunk;
    c.add<sizeof(std::int32_t)>(idx, m, more ? t + i + 2 * hist::chunk : nullptr,
                                more ? p + i + 2 * hist::chunk : nullptr);
  }
}

inline void count_indices_weighted(const std::int32_t* t, const std::int32_t* p, const double* w,
                                   std::size_t n, std::size_t k, double* cm) noexcept {
  const kernel_isa isa = active_isa();
  if (!use_hist<std::int32_t>(n, k) || isa == kernel_isa::scalar)
    return scalar::count_indices_weighted(t, p, w, n, k, cm);
  const auto k32 = static_cast<std::uint32_t>(k);
  const auto drop = static_cast<std::uint32_t>(k * k);
  std::uint32_t idx[hist::chunk];
  for (std::size_t i = 0; i < n; i += hist::chunk) {
    const std::size_t m = (std::min)(hist::chunk, n - i);
    hist::make_indices_drop(isa, t + i, p + i, m, k32, drop, idx);
    for (std::size_t j = 0; j < m; ++j)
      if (idx[j] != drop) cm[idx[j]] += w[i + j];
  }
}

// ---- multilabel indicator matrices ---------------------------------------

namespace multilabel {

using block_fn = std::uint8_t (*)(const std::uint8_t*, const std::uint8_t*, std::size_t,
                                  std::uint8_t*, std::uint8_t*, std::uint8_t*) noexcept;

inline block_fn block_kernel(kernel_isa isa) noexcept {
  switch (isa) {
#if TALLY_HAS_AVX512
  case kernel_isa::avx512:
    return &avx512::multilabel_block;
#endif
#if TALLY_HAS_AVX2
  case kernel_isa::avx2:
    return &avx2::multilabel_block;
#endif
#if TALLY_HAS_SSE2
  case kernel_isa::sse2:
    return &sse2::multilabel_block;
#endif
#if TALLY_HAS_NEON
  case kernel_isa::neon:
    return &neon::multilabel_block;
#endif
  default:
    return nullptr;
  }
}

constexpr std::size_t gcd(std::size_t a, std::size_t b) noexcept {
  while (b != 0) {
    const std::size_t r = a % b;
    a = b;
    b = r;
  }
  return a;
}

inline constexpr std::size_t max_period = 1 << 16;

} // namespace multilabel

/// Multilabel indicator matrices (n_rows x n_labels, row-major, values 0 or
/// 1): adds the per-label counts of (t & p), t and p to tp, t_count and
/// p_count. Returns n_rows * n_labels when every value is 0 or 1, otherwise
/// the flattened position of the first value that is not (the counts are
/// then incomplete). The flattened data are cut into periods of
/// lcm(n_labels, 64) bytes, counted with byte lanes and flushed into 64-bit
/// totals every 255 periods.
inline std::size_t count_multilabel(const std::uint8_t* t, const std::uint8_t* p,
                                    std::size_t n_rows, std::size_t n_labels, std::uint64_t* tp,
                                    std::uint64_t* t_count, std::uint64_t* p_count) noexcept {
  const std::size_t total = n_rows * n_labels;
  const multilabel::block_fn fn = multilabel::block_kernel(active_isa());
  if (fn == nullptr || n_labels == 0)
    return scalar::count_multilabel(t, p, n_rows, n_labels, tp, t_count, p_count);
  const std::size_t period = n_labels / multilabel::gcd(n_labels, 64) * 64;
  if (period > multilabel::max_period || total < 2 * period)
    return scalar::count_multilabel(t, p, n_rows, n_labels, tp, t_count, p_count);
  // 3 byte counters and 3 64-bit totals per position of the period.
  unsigned char* mem = new (std::nothrow) unsigned char[period * 27]();
  if (mem == nullptr) return scalar::count_multilabel(t, p, n_rows, n_labels, tp, t_count, p_count);
  std::uint8_t* at = mem;
  std::uint8_t* ap = at + period;
  std::uint8_t* atp = ap + period;
  std::uint64_t* sum = reinterpret_cast<std::uint64_t*>(atp + period); // 3 * period
  const std::size_t units = total / period;
  std::size_t pending = 0;
  auto flush = [&]() noexcept {
    for (std::size_t j = 0; j < period; ++j) {
      sum[j] += at[j];
      sum[period + j] += ap[j];
      sum[2 * period + j] += atp[j];
    }
    std::memset(at, 0, 3 * period);
    pending = 0;
  };
  for (std::size_t u = 0; u < units; ++u) {
    const std::uint8_t seen = fn(t + u * period, p + u * period, period, at, ap, atp);
    if (TALLY_UNLIKELY((seen & 0xFE) != 0)) {
      delete[] mem;
      // Values other than 0/1: the scalar kernel finds the first one.
      std::uint64_t* scratch = new (std::nothrow) std::uint64_t[3 * n_labels]();
      if (scratch == nullptr) return u * period;
      const std::size_t bad = scalar::count_multilabel(t, p, n_rows, n_labels, scratch,
                                                       scratch + n_labels, scratch + 2 * n_labels);
      delete[] scratch;
      return bad;
    }
    if (++pending == 255) flush();
  }
  flush();
  for (std::size_t j = 0; j < period; ++j) {
    const std::size_t label = j % n_labels;
    t_count[label] += sum[j];
    p_count[label] += sum[period + j];
    tp[label] += sum[2 * period + j];
  }
  delete[] mem;
  const std::size_t done = units * period; // a whole number of rows
  const std::size_t rest = scalar::count_multilabel(t + done, p + done, n_rows - done / n_labels,
                                                    n_labels, tp, t_count, p_count);
  return done + rest;
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_KERNELS_HPP
