// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_SCORE_INPUT_HPP
#define TALLY_DETAIL_SCORE_INPUT_HPP

// Input adaptation shared by the score-based headers (ranking, losses,
// calibration, intervals):
//
//   - tally::matrix_view<T> / tally::row_major(...): an n x K row-major buffer
//     of scores (multiclass) or of 0/1 indicators (multilabel y_true);
//   - detail::score_array<T>: any score input (1-D range, matrix_view, range
//     of rows) as a contiguous buffer with n rows and k columns (k == 0 for
//     1-D input), viewed when already contiguous, copied otherwise;
//   - detail::label_array<K>: a 1-D label range as keys, with its sorted
//     distinct values;
//   - weight and finiteness checks with messages naming the argument.

#include "../config.hpp"
#include "../options.hpp"
#include "error.hpp"
#include "input.hpp"
#include "traits.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// A read-only n x K row-major view: element (i, j) is data[i * cols + j].
template <class T>
struct matrix_view {
  const T* data = nullptr;
  std::size_t rows = 0;
  std::size_t cols = 0;
  [[nodiscard]] const T& operator()(std::size_t i, std::size_t j) const noexcept {
    return data[i * cols + j];
  }
};

/// View a pointer to rows * cols values as a row-major matrix.
template <class T>
[[nodiscard]] matrix_view<T> row_major(const T* data, std::size_t rows, std::size_t cols) noexcept {
  return {data, rows, cols};
}

/// View a contiguous range (std::vector, std::array, span) of n * cols values
/// as an n x cols row-major matrix.
template <class R, class = std::enable_if_t<detail::is_contiguous_v<const R>>>
[[nodiscard]] auto row_major(const R& values, std::size_t cols)
    -> matrix_view<detail::range_value_t<const R>> {
  const auto size = static_cast<std::size_t>(std::size(values));
  if (cols == 0 || size % cols != 0)
    detail::throw_invalid_argument("row_major: " + std::to_string(size) +
                                   " values do not form rows of " + std::to_string(cols) +
                                   " columns");
  return {std::data(values), size / cols, cols};
}

namespace detail {

template <class T>
struct is_matrix_view : std::false_type {};
template <class T>
struct is_matrix_view<matrix_view<T>> : std::true_type {};
template <class T>
inline constexpr bool is_matrix_view_v = is_matrix_view<remove_cvref_t<T>>::value;

template <class R>
inline constexpr bool is_range_of_rows_v = is_range_of_rows<remove_cvref_t<R>>::value;

// True when the input is two-dimensional (matrix_view or range of rows).
template <class R>
inline constexpr bool is_2d_v = is_matrix_view_v<R> || is_range_of_rows_v<R>;

// The element type of a score input.
template <class R, class = void>
struct element_of {
  using type = range_value_t<const R>;
};
template <class T>
struct element_of<matrix_view<T>> {
  using type = T;
};
template <class R>
struct element_of<R, std::enable_if_t<is_range_of_rows_v<R>>> {
  using type = range_value_t<const range_value_t<const R>>;
};
template <class R>
using element_of_t = typename element_of<remove_cvref_t<R>>::type;

// Scores are computed in float when given as float, in double otherwise.
template <class E>
using score_type_t = std::conditional_t<std::is_same_v<E, float>, float, double>;
template <class R>
using score_of_t = score_type_t<element_of_t<R>>;

/// Scores as a contiguous buffer of n rows and k columns (k == 0: 1-D).
template <class T>
class score_array {
public:
  score_array() = default;
  score_array(const score_array&) = delete;
  score_array& operator=(const score_array&) = delete;
  score_array(score_array&& o) noexcept { *this = std::move(o); }
  score_array& operator=(score_array&& o) noexcept {
    const bool owning = o.data_ == o.owned_.data() && !o.owned_.empty();
    owned_ = std::move(o.owned_);
    data_ = owning ? owned_.data() : o.data_;
    n_ = o.n_;
    k_ = o.k_;
    return *this;
  }
  ~score_array() = default;

  [[nodiscard]] const T* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t rows() const noexcept { return n_; }
  [[nodiscard]] std::size_t cols() const noexcept { return k_; }
  [[nodiscard]] bool is_2d() const noexcept { return k_ != 0; }
  /// Number of values per row (1 for 1-D input).
  [[nodiscard]] std::size_t width() const noexcept { return k_ == 0 ? 1 : k_; }
  [[nodiscard]] std::size_t size() const noexcept { return n_ * width(); }
  [[nodiscard]] T operator()(std::size_t i, std::size_t j) const noexcept {
    return data_[i * width() + j];
  }

  void view(const T* p, std::size_t n, std::size_t k) noexcept {
    data_ = p;
    n_ = n;
    k_ = k;
  }
  void own(std::vector<T>&& v, std::size_t n, std::size_t k) noexcept {
    owned_ = std::move(v);
    data_ = owned_.data();
    n_ = n;
    k_ = k;
  }

private:
  std::vector<T> owned_;
  const T* data_ = nullptr;
  std::size_t n_ = 0;
  std::size_t k_ = 0;
};

template <class T, class E>
void copy_converted(const E* p, std::size_t n, std::vector<T>& out) {
  out.resize(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(p[i]);
}

/// Adapts any score input. `name` is used in error messages.
template <class R>
score_array<score_of_t<R>> adapt_scores(const R& input, const char* name) {
  using T = score_of_t<R>;
  using E = element_of_t<R>;
  static_assert(std::is_arithmetic_v<E> && !std::is_same_v<E, bool>,
                "tally: scores must be arithmetic (float, double or integers)");
  score_array<T> out;
  if constexpr (is_matrix_view_v<R>) {
    if constexpr (std::is_same_v<E, T>) {
      out.view(input.data, input.rows, input.cols);
    } else {
      std::vector<T> v;
      copy_converted(input.data, input.rows * input.cols, v);
      out.own(std::move(v), input.rows, input.cols);
    }
  } else if constexpr (is_range_of_rows_v<R>) {
    std::vector<T> v;
    std::size_t n = 0, k = 0;
    for (const auto& row : input) {
      std::size_t len = 0;
      for (const auto& x : row) v.push_back(static_cast<T>(x)), ++len;
      if (n == 0) k = len;
      if (len != k)
        throw_invalid_argument(std::string(name) + ": row " + std::to_string(n) + " has " +
                               std::to_string(len) + " values, row 0 has " + std::to_string(k));
      ++n;
    }
    if (n > 0 && k == 0) throw_invalid_argument(std::string(name) + ": rows are empty");
    out.own(std::move(v), n, k);
  } else {
    if constexpr (is_contiguous_v<const R> && std::is_same_v<E, T>) {
      out.view(std::data(input), static_cast<std::size_t>(std::size(input)), 0);
    } else {
      std::vector<T> v;
      for (const auto& x : input) v.push_back(static_cast<T>(x));
      const std::size_t n = v.size();
      out.own(std::move(v), n, 0);
    }
  }
  return out;
}

/// NaN or infinite scores are rejected, naming the argument and position.
template <class T>
void check_finite(const char* name, const T* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (TALLY_UNLIKELY(!std::isfinite(p[i])))
      throw_invalid_argument(std::string(name) + " contains a non-finite value (" + to_text(p[i]) +
                             " at index " + std::to_string(i) + ")");
}

/// Probabilities must be in [0, 1].
template <class T>
void check_probabilities(const char* name, const T* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (TALLY_UNLIKELY(!(p[i] >= T(0) && p[i] <= T(1)))) {
      if (!std::isfinite(p[i]))
        throw_invalid_argument(std::string(name) + " contains a non-finite value (" +
                               to_text(p[i]) + " at index " + std::to_string(i) + ")");
      throw_invalid_argument(std::string(name) + " contains a value outside [0, 1] (" +
                             to_text(p[i]) + " at index " + std::to_string(i) + ")");
    }
  }
}

/// The sample weights of the options, checked: one per sample, finite,
/// non-negative. Null when absent.
template <class... Opts>
const double* checked_weights(std::size_t n, const Opts&... opts) {
  return option_weights(n, false, opts...);
}

/// A read-only view of n keys.
template <class K>
struct key_view {
  const K* data = nullptr;
  std::size_t n = 0;
  [[nodiscard]] const K& operator[](std::size_t i) const noexcept { return data[i]; }
  [[nodiscard]] std::size_t size() const noexcept { return n; }
  [[nodiscard]] const K* begin() const noexcept { return data; }
  [[nodiscard]] const K* end() const noexcept { return data + n; }
};

/// 1-D labels as keys (viewed when the input already is a contiguous array
/// of keys, copied otherwise), plus their sorted distinct values.
template <class K>
struct label_array {
  key_view<K> values;      ///< one key per sample
  std::vector<K> distinct; ///< sorted distinct keys
  key_span<K> owned;       ///< storage when the input was copied

  label_array() = default;
  label_array(const label_array&) = delete;
  label_array& operator=(const label_array&) = delete;
  label_array(label_array&&) noexcept = default; // the owned buffer does not move
  label_array& operator=(label_array&&) noexcept = default;
  ~label_array() = default;

  [[nodiscard]] std::size_t size() const noexcept { return values.size(); }
  /// Index of k in distinct (binary search), or -1.
  [[nodiscard]] std::ptrdiff_t index_of(const K& k) const {
    auto it = std::lower_bound(distinct.begin(), distinct.end(), k);
    return (it != distinct.end() && *it == k) ? it - distinct.begin() : -1;
  }
};

// Sorted distinct values: a linear scan while there are few, then a sort.
template <class K>
std::vector<K> sorted_distinct(const K* v, std::size_t n) {
  std::vector<K> d;
  constexpr std::size_t few = 16;
  bool many = false;
  std::size_t last = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const K& x = v[i];
    if (!d.empty() && d[last] == x) continue;
    auto it = std::find(d.begin(), d.end(), x);
    if (it == d.end()) {
      if (d.size() == few) {
        many = true;
        break;
      }
      d.push_back(x);
      last = d.size() - 1;
    } else {
      last = static_cast<std::size_t>(it - d.begin());
    }
  }
  if (many) {
    d.assign(v, v + n);
    std::sort(d.begin(), d.end());
    d.erase(std::unique(d.begin(), d.end()), d.end());
  } else {
    std::sort(d.begin(), d.end());
  }
  return d;
}

template <class R>
using label_key_t = key_t<range_value_t<const R>>;

/// Adapts a 1-D label range; floating labels must be integral (scikit-learn
/// rejects "continuous" targets), NaN labels are rejected.
template <class R>
label_array<label_key_t<R>> adapt_labels(const R& y, const char* name) {
  using K = label_key_t<R>;
  static_assert(is_label_v<range_value_t<const R>>,
                "tally: labels must be integers, bool, enums, floats or strings");
  label_array<K> out;
  if constexpr (is_contiguous_v<const R> && std::is_same_v<range_value_t<const R>, K> &&
                !std::is_same_v<K, bool>) { // (std::vector<bool> is not an array)
    out.values = {std::data(y), static_cast<std::size_t>(std::size(y))};
  } else {
    // one pass: single-pass ranges (input iterators) are read once
    out.owned = copy_keys<K>(adl_begin(y), adl_end(y));
    out.values = {out.owned.data(), out.owned.size()};
  }
  if constexpr (std::is_floating_point_v<K>) {
    for (std::size_t i = 0; i < out.values.size(); ++i) {
      const K v = out.values[i];
      if (!std::isfinite(v))
        throw_invalid_argument(std::string(name) + " contains a non-finite value (" + to_text(v) +
                               " at index " + std::to_string(i) + ")");
      if (v != std::floor(v))
        throw_invalid_argument(std::string(name) +
                               " holds continuous values (labels must be integral), e.g. " +
                               to_text(v) + " at index " + std::to_string(i));
    }
  }
  out.distinct = sorted_distinct(out.values.data, out.values.size());
  return out;
}

// Equality of a label key and a user-given label (pos_label, labels).
template <class K, class L>
[[nodiscard]] bool same_label(const K& k, const L& l) {
  if constexpr (std::is_arithmetic_v<K> && std::is_arithmetic_v<L> && !std::is_same_v<K, L>)
    return k == static_cast<K>(l);
  else if constexpr (std::is_same_v<K, std::string_view>)
    return k == std::string_view(l);
  else
    return k == l;
}

/// The positive label of a curve function when pos_label is not given:
/// y_true must take values in {0, 1}, {-1, 1}, {0}, {1} or {-1}; it is 1.
template <class K>
K default_curve_pos_label(const std::vector<K>& distinct, const char* fn) {
  if constexpr (std::is_arithmetic_v<K>) {
    auto is = [&](std::initializer_list<int> want) {
      if (distinct.size() != want.size()) return false;
      std::size_t i = 0;
      for (int w : want)
        if (!(distinct[i++] == static_cast<K>(w))) return false;
      return true;
    };
    if (is({0, 1}) || is({-1, 1}) || is({0}) || is({1}) || is({-1})) return static_cast<K>(1);
  }
  throw_invalid_argument(std::string(fn) + ": y_true takes values " + labels_text(distinct) +
                         "; pos_label is not specified and y_true is not in {0, 1} or "
                         "{-1, 1}: pass tally::pos_label(...)");
}

/// The user's label list as keys of type K, checked unique and sorted.
template <class K, class L>
std::vector<K> labels_as_keys(const std::vector<L>& user, const char* fn) {
  std::vector<K> out;
  out.reserve(user.size());
  for (const auto& l : user) {
    if constexpr (std::is_same_v<K, std::string_view>)
      out.emplace_back(std::string_view(l));
    else if constexpr (std::is_arithmetic_v<K> && std::is_arithmetic_v<L>)
      out.push_back(static_cast<K>(l));
    else
      out.push_back(l);
  }
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i] == out[i - 1])
      throw_invalid_argument(std::string(fn) + ": labels must be unique, got " + labels_text(out));
    if (out[i] < out[i - 1])
      throw_invalid_argument(std::string(fn) + ": labels must be sorted, got " + labels_text(out));
  }
  return out;
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_SCORE_INPUT_HPP
