// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_MULTILABEL_HPP
#define TALLY_DETAIL_MULTILABEL_HPP

// Multilabel input: an n x L indicator matrix, given either as a contiguous
// row-major buffer (tally::indicator_view) or as a range of rows.

#include "../config.hpp"
#include "error.hpp"
#include "traits.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// A non-owning view of a row-major n x L indicator matrix of 0/1 values.
template <class T>
struct indicator_view {
  const T* data = nullptr;
  std::size_t rows = 0;
  std::size_t cols = 0;
};

/// Views `rows * cols` values at `data` as a multilabel indicator matrix.
template <class T>
constexpr indicator_view<T> indicator(const T* data, std::size_t rows, std::size_t cols) noexcept {
  return {data, rows, cols};
}

namespace detail {

template <class T>
struct is_indicator_view : std::false_type {};
template <class T>
struct is_indicator_view<indicator_view<T>> : std::true_type {};

template <class R>
inline constexpr bool is_multilabel_v =
    is_indicator_view<remove_cvref_t<R>>::value || is_range_of_rows<remove_cvref_t<R>>::value;

// An n x L matrix of 0/1 bytes.
struct indicator_matrix {
  std::vector<std::uint8_t> cells;
  std::size_t rows = 0;
  std::size_t cols = 0;
  [[nodiscard]] const std::uint8_t* row(std::size_t i) const noexcept {
    return cells.data() + i * cols;
  }
};

template <class T>
std::uint8_t indicator_cell(const char* name, const T& v, std::size_t r, std::size_t c) {
  if constexpr (std::is_same_v<T, bool>) {
    return v ? 1 : 0;
  } else {
    static_assert(std::is_arithmetic_v<T>, "tally: multilabel indicator cells must be numbers");
    if (v == T(0)) return 0;
    if (v == T(1)) return 1;
    throw_invalid_argument(std::string(name) + " is not a 0/1 indicator matrix: value " +
                           to_text(v) + " at row " + std::to_string(r) + ", column " +
                           std::to_string(c));
  }
}

template <class R>
indicator_matrix adapt_indicator(const char* name, const R& in) {
  indicator_matrix m;
  if constexpr (is_indicator_view<remove_cvref_t<R>>::value) {
    m.rows = in.rows;
    m.cols = in.cols;
    m.cells.resize(m.rows * m.cols);
    for (std::size_t r = 0; r < m.rows; ++r)
      for (std::size_t c = 0; c < m.cols; ++c)
        m.cells[r * m.cols + c] = indicator_cell(name, in.data[r * m.cols + c], r, c);
  } else {
    for (const auto& row : in) {
      std::size_t len = 0;
      for (auto it = adl_begin(row); it != adl_end(row); ++it) ++len;
      if (m.rows == 0)
        m.cols = len;
      else if (len != m.cols)
        throw_invalid_argument(std::string(name) + " has ragged rows: row 0 has " +
                               std::to_string(m.cols) + " columns, row " + std::to_string(m.rows) +
                               " has " + std::to_string(len));
      std::size_t c = 0;
      for (const auto& v : row) m.cells.push_back(indicator_cell(name, v, m.rows, c++));
      ++m.rows;
    }
  }
  return m;
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_MULTILABEL_HPP
