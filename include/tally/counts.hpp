// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_COUNTS_HPP
#define TALLY_COUNTS_HPP

// Count structures: the output of counting and the input of scoring.
//
//   binary_counts<T>   tp, fp, fn, tn for one positive class
//   matrix<T>          a K x K confusion matrix, rows true, columns predicted
//
// T is std::uint64_t for plain counts and double for weighted counts. Both
// merge with += after checking shapes, so partial counts from batches,
// threads or processes add up exactly.

#include "config.hpp"
#include "detail/error.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// The four cells of a binary confusion matrix.
template <class T = std::uint64_t>
struct binary_counts {
  using value_type = T;
  T tp{}; ///< true positives
  T fp{}; ///< false positives
  T fn{}; ///< false negatives
  T tn{}; ///< true negatives

  [[nodiscard]] constexpr T total() const noexcept { return tp + fp + fn + tn; }
  [[nodiscard]] constexpr T actual_positive() const noexcept { return tp + fn; }
  [[nodiscard]] constexpr T actual_negative() const noexcept { return fp + tn; }
  [[nodiscard]] constexpr T predicted_positive() const noexcept { return tp + fp; }
  [[nodiscard]] constexpr T predicted_negative() const noexcept { return fn + tn; }

  constexpr binary_counts& operator+=(const binary_counts& o) noexcept {
    tp += o.tp;
    fp += o.fp;
    fn += o.fn;
    tn += o.tn;
    return *this;
  }
  [[nodiscard]] friend constexpr binary_counts operator+(binary_counts a,
                                                         const binary_counts& b) noexcept {
    return a += b;
  }
  [[nodiscard]] friend constexpr bool operator==(const binary_counts& a,
                                                 const binary_counts& b) noexcept {
    return a.tp == b.tp && a.fp == b.fp && a.fn == b.fn && a.tn == b.tn;
  }
  [[nodiscard]] friend constexpr bool operator!=(const binary_counts& a,
                                                 const binary_counts& b) noexcept {
    return !(a == b);
  }
};

/// A square confusion matrix: cell (i, j) counts samples whose true label is
/// the i-th label and whose predicted label is the j-th.
template <class T = std::uint64_t>
class matrix {
public:
  using value_type = T;
  using size_type = std::size_t;

  matrix() = default;
  explicit matrix(size_type n_classes) : n_(n_classes), cells_(n_classes * n_classes, T{}) {}

  [[nodiscard]] size_type n_classes() const noexcept { return n_; }
  /// Number of cells (n_classes squared).
  [[nodiscard]] size_type size() const noexcept { return cells_.size(); }
  [[nodiscard]] T& operator()(size_type true_index, size_type pred_index) noexcept {
    return cells_[true_index * n_ + pred_index];
  }
  [[nodiscard]] const T& operator()(size_type true_index, size_type pred_index) const noexcept {
    return cells_[true_index * n_ + pred_index];
  }
  /// Bounds-checked cell access.
  [[nodiscard]] const T& at(size_type true_index, size_type pred_index) const {
    if (true_index >= n_ || pred_index >= n_)
      detail::throw_out_of_range("matrix::at: index (" + std::to_string(true_index) + ", " +
                                 std::to_string(pred_index) + ") outside a " + std::to_string(n_) +
                                 " x " + std::to_string(n_) + " matrix");
    return (*this)(true_index, pred_index);
  }
  [[nodiscard]] T* data() noexcept { return cells_.data(); }
  [[nodiscard]] const T* data() const noexcept { return cells_.data(); }
  [[nodiscard]] auto begin() const noexcept { return cells_.begin(); }
  [[nodiscard]] auto end() const noexcept { return cells_.end(); }

  /// Row sum: how many samples have the i-th true label (its support).
  [[nodiscard]] T true_count(size_type i) const noexcept {
    T s{};
    for (size_type j = 0; j < n_; ++j) s += (*this)(i, j);
    return s;
  }
  /// Column sum: how many samples were predicted as the j-th label.
  [[nodiscard]] T pred_count(size_type j) const noexcept {
    T s{};
    for (size_type i = 0; i < n_; ++i) s += (*this)(i, j);
    return s;
  }
  [[nodiscard]] T trace() const noexcept {
    T s{};
    for (size_type i = 0; i < n_; ++i) s += (*this)(i, i);
    return s;
  }
  [[nodiscard]] T total() const noexcept {
    T s{};
    for (const T& c : cells_) s += c;
    return s;
  }
  /// One-vs-rest counts of the i-th label.
  [[nodiscard]] binary_counts<T> one_vs_rest(size_type i) const noexcept {
    binary_counts<T> b;
    b.tp = (*this)(i, i);
    b.fp = pred_count(i) - b.tp;
    b.fn = true_count(i) - b.tp;
    b.tn = total() - b.tp - b.fp - b.fn;
    return b;
  }

  matrix& operator+=(const matrix& o) {
    if (o.n_ != n_)
      detail::throw_invalid_argument("matrix +=: shapes differ, " + std::to_string(n_) + " x " +
                                     std::to_string(n_) + " and " + std::to_string(o.n_) + " x " +
                                     std::to_string(o.n_));
    for (size_type k = 0; k < cells_.size(); ++k) cells_[k] += o.cells_[k];
    return *this;
  }
  [[nodiscard]] friend bool operator==(const matrix& a, const matrix& b) noexcept {
    return a.n_ == b.n_ && a.cells_ == b.cells_;
  }
  [[nodiscard]] friend bool operator!=(const matrix& a, const matrix& b) noexcept {
    return !(a == b);
  }
  void reset() noexcept {
    for (T& c : cells_) c = T{};
  }

private:
  size_type n_ = 0;
  std::vector<T> cells_;
};

TALLY_NAMESPACE_END

#endif // TALLY_COUNTS_HPP
