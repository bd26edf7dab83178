// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_PARALLEL_HPP
#define TALLY_PARALLEL_HPP

// Opt-in multi-threaded counting of one large contiguous range. The range is
// cut into one contiguous part per thread, each part is counted with the same
// kernels as a single-threaded call, and the per-thread counts are merged
// with +=. Integer counts are exact, so the result is identical to one
// thread's for any number of threads.
//
//   parallel_count_binary(y_true, y_pred, pos, n_threads)   -> binary_counts<>
//   parallel_confusion_matrix(y_true, y_pred, k, n_threads) -> matrix<>
//   parallel_reduce<R>(n, n_threads, fn)                    -> R
//
// n_threads = 0 uses std::thread::hardware_concurrency(). Inputs shorter
// than parallel_min_per_thread per thread use fewer threads. Not in the
// umbrella header: it pulls in <thread>.

#include "config.hpp"
#include "counts.hpp"
#include "detail/error.hpp"
#include "detail/kernels.hpp"
#include "detail/traits.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// Smallest number of samples worth a thread of its own.
inline constexpr std::size_t parallel_min_per_thread = std::size_t{1} << 16;

namespace detail {

inline unsigned thread_count(std::size_t n, unsigned n_threads) noexcept {
  unsigned t = n_threads != 0 ? n_threads : std::thread::hardware_concurrency();
  if (t == 0) t = 1;
  const std::size_t useful = n / parallel_min_per_thread;
  if (useful < t) t = static_cast<unsigned>(useful == 0 ? 1 : useful);
  return t;
}

template <class R>
auto contiguous_data(const R& r) {
  static_assert(is_contiguous_v<const R>,
                "tally::parallel_* requires contiguous ranges (pointer + size: std::vector, "
                "std::array, std::span, C arrays); std::vector<bool> is not contiguous");
  return std::data(r);
}

} // namespace detail

/// Cuts [0, n) into contiguous parts, one per thread, calls fn(begin, end)
/// on each (the last part on the calling thread) and adds the results with
/// += in part order. fn must not throw.
template <class R, class Fn>
[[nodiscard]] R parallel_reduce(std::size_t n, unsigned n_threads, Fn fn) {
  const unsigned t = detail::thread_count(n, n_threads);
  if (t <= 1) return fn(std::size_t{0}, n);
  std::vector<R> parts(t);
  std::vector<std::thread> pool;
  pool.reserve(t - 1);
  const std::size_t step = n / t;
  for (unsigned i = 0; i + 1 < t; ++i)
    pool.emplace_back([&parts, &fn, i, step] { parts[i] = fn(i * step, (i + 1) * step); });
  parts[t - 1] = fn((t - 1) * step, n);
  for (std::thread& th : pool) th.join();
  R total = parts[0];
  for (unsigned i = 1; i < t; ++i) total += parts[i];
  return total;
}

/// One-vs-rest binary counts for `pos_label` (every other label negative)
/// of two contiguous ranges, counted on several threads.
template <class R1, class R2, class L>
[[nodiscard]] binary_counts<> parallel_count_binary(const R1& y_true, const R2& y_pred,
                                                    const L& pos_label, unsigned n_threads = 0) {
  const auto* t = detail::contiguous_data(y_true);
  const auto* p = detail::contiguous_data(y_pred);
  using K = std::remove_cv_t<std::remove_pointer_t<decltype(t)>>;
  static_assert(std::is_same_v<K, std::remove_cv_t<std::remove_pointer_t<decltype(p)>>>,
                "tally::parallel_count_binary requires y_true and y_pred of one label type");
  const std::size_t n = std::size(y_true);
  if (std::size(y_pred) != n)
    detail::throw_invalid_argument("parallel_count_binary: y_true and y_pred must have the same "
                                   "length (got " +
                                   std::to_string(n) + " and " + std::to_string(std::size(y_pred)) +
                                   ")");
  const K pos = static_cast<K>(pos_label);
  return parallel_reduce<binary_counts<>>(
      n, n_threads, [t, p, pos](std::size_t b, std::size_t e) noexcept {
        const auto r = detail::count_binary(t + b, p + b, e - b, pos);
        binary_counts<> c;
        c.tp = r.both;
        c.fp = r.pred_pos - r.both;
        c.fn = r.true_pos - r.both;
        c.tn = r.total - c.tp - c.fp - c.fn;
        return c;
      });
}

/// The n_classes x n_classes confusion matrix of integer labels in
/// [0, n_classes) (rows true, columns predicted), counted on several
/// threads. Throws std::out_of_range for a label outside [0, n_classes).
template <class R1, class R2>
[[nodiscard]] matrix<> parallel_confusion_matrix(const R1& y_true, const R2& y_pred,
                                                 std::size_t n_classes, unsigned n_threads = 0) {
  const auto* t = detail::contiguous_data(y_true);
  const auto* p = detail::contiguous_data(y_pred);
  using K = std::remove_cv_t<std::remove_pointer_t<decltype(t)>>;
  static_assert(std::is_integral_v<K> &&
                    std::is_same_v<K, std::remove_cv_t<std::remove_pointer_t<decltype(p)>>>,
                "tally::parallel_confusion_matrix requires integer labels of one type");
  const std::size_t n = std::size(y_true);
  if (std::size(y_pred) != n)
    detail::throw_invalid_argument("parallel_confusion_matrix: y_true and y_pred must have the "
                                   "same length (got " +
                                   std::to_string(n) + " and " + std::to_string(std::size(y_pred)) +
                                   ")");
  if (n_classes == 0)
    detail::throw_invalid_argument("parallel_confusion_matrix: n_classes must be positive");
  detail::check_matrix_size(n_classes, sizeof(std::uint64_t), "parallel_confusion_matrix");
  const unsigned nt = detail::thread_count(n, n_threads);
  // Matrices are allocated here, so the threads cannot throw.
  std::vector<matrix<>> parts(nt, matrix<>(n_classes));
  std::vector<std::size_t> stop(nt);
  std::vector<std::thread> pool;
  const std::size_t step = n / nt;
  const auto run = [&](unsigned i) noexcept {
    const std::size_t b = i * step;
    const std::size_t e = i + 1 == nt ? n : b + step;
    stop[i] = b + detail::count_matrix(t + b, p + b, e - b, K(0), n_classes, parts[i].data());
  };
  for (unsigned i = 0; i + 1 < nt; ++i) pool.emplace_back(run, i);
  run(nt - 1);
  for (std::thread& th : pool) th.join();
  for (unsigned i = 0; i < nt; ++i) {
    const std::size_t e = i + 1 == nt ? n : (i + 1) * step;
    if (stop[i] != e) {
      const std::size_t at = stop[i];
      const bool in_true = !(t[at] >= K(0) && static_cast<std::uint64_t>(t[at]) < n_classes);
      detail::throw_out_of_range(std::string("parallel_confusion_matrix: ") +
                                 (in_true ? "y_true" : "y_pred") + "[" + std::to_string(at) +
                                 "] = " + std::to_string(in_true ? t[at] : p[at]) +
                                 " is outside [0, " + std::to_string(n_classes) + ")");
    }
  }
  matrix<> total = std::move(parts[0]);
  for (unsigned i = 1; i < nt; ++i) total += parts[i];
  return total;
}

TALLY_NAMESPACE_END

#endif // TALLY_PARALLEL_HPP
