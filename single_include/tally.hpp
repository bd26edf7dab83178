// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
//
// tally 0.1.0 - header-only C++17 classification metrics, single-header edition.
// https://github.com/tally-metrics/tally
//
// GENERATED FILE - do not edit. It is built from the headers in include/ by
// `python3 scripts/amalgamate.py`; change those headers and run it again.

// ---- begin tally.hpp ----
#ifndef TALLY_HPP
#define TALLY_HPP

// tally: classification metrics for C++17, with scikit-learn's numbers.
// The umbrella header: everything except the optional headers that pull in
// extra dependencies (tally/mpi.hpp).

// ---- begin tally/classification.hpp ----
#ifndef TALLY_CLASSIFICATION_HPP
#define TALLY_CLASSIFICATION_HPP

// scikit-learn-named metrics of label predictions. Each is a composition of
// counting (confusion_matrix.hpp) and scoring (metrics.hpp) and returns
// scikit-learn 1.9's numbers:
//
//   tally::f1_score(y_true, y_pred)                                  // binary, pos_label 1
//   tally::f1_score(y_true, y_pred, tally::average::macro)
//   tally::f1_score(y_true, y_pred, tally::per_label)                // std::vector<double>
//   tally::precision_score(y_true, y_pred, tally::pos_label("spam"),
//                          tally::sample_weight(w), tally::zero_division::nan)
//
// Multilabel input is an indicator matrix: a range of rows, or
// tally::indicator(pointer, rows, columns).

// ---- begin tally/config.hpp ----
#ifndef TALLY_CONFIG_HPP
#define TALLY_CONFIG_HPP

// Configuration macros. Each may be defined by the user before the first
// tally include (or in the file named by TALLY_CONFIG_FILE):
//
//   TALLY_THROW(x)         how errors are reported; default `throw x`, or, in a
//                          build without exceptions, a call to
//                          tally::detail::on_error(message) that aborts.
//   TALLY_DISABLE_SIMD     compile only the scalar counting kernels.
//   TALLY_DISABLE_DISPATCH no runtime CPU dispatch: use only the ISA the
//                          translation unit is compiled for.
//   TALLY_ASSERT(cond)     internal invariant check; default: nothing.

#ifdef TALLY_CONFIG_FILE
#include TALLY_CONFIG_FILE
#endif

// ---- begin tally/version.hpp ----
#ifndef TALLY_VERSION_HPP
#define TALLY_VERSION_HPP

// The one place the version is written. CMake, vcpkg.json, the README and
// CHANGELOG.md are checked against these numbers by the test suite.
#define TALLY_VERSION_MAJOR 0
#define TALLY_VERSION_MINOR 1
#define TALLY_VERSION_PATCH 0

#define TALLY_VERSION                                                                              \
  (TALLY_VERSION_MAJOR * 10000 + TALLY_VERSION_MINOR * 100 + TALLY_VERSION_PATCH)

#define TALLY_DETAIL_STR2(x) #x
#define TALLY_DETAIL_STR(x) TALLY_DETAIL_STR2(x)
#define TALLY_VERSION_STRING                                                                       \
  TALLY_DETAIL_STR(TALLY_VERSION_MAJOR)                                                            \
  "." TALLY_DETAIL_STR(TALLY_VERSION_MINOR) "." TALLY_DETAIL_STR(TALLY_VERSION_PATCH)

#endif // TALLY_VERSION_HPP
// ---- end tally/version.hpp ----

#include <cstdio>
#include <cstdlib>

#ifndef TALLY_HAS_EXCEPTIONS
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define TALLY_HAS_EXCEPTIONS 1
#else
#define TALLY_HAS_EXCEPTIONS 0
#endif
#endif

#define TALLY_ABI_NAMESPACE_NAME v0_1_0
#define TALLY_NAMESPACE_BEGIN                                                                      \
  namespace tally {                                                                                \
  inline namespace TALLY_ABI_NAMESPACE_NAME {
#define TALLY_NAMESPACE_END                                                                        \
  }                                                                                                \
  }

#ifndef TALLY_THROW
#if TALLY_HAS_EXCEPTIONS
#define TALLY_THROW(x) throw x
#else
#define TALLY_THROW(x) ::tally::detail::on_error((x).what())
#endif
#endif

#ifndef TALLY_ASSERT
#define TALLY_ASSERT(cond) static_cast<void>(0)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define TALLY_LIKELY(x) __builtin_expect(!!(x), 1)
#define TALLY_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define TALLY_LIKELY(x) (x)
#define TALLY_UNLIKELY(x) (x)
#endif

TALLY_NAMESPACE_BEGIN
namespace detail {
// Called instead of throwing when exceptions are disabled: prints the message
// to stderr and aborts, since a wrong number is worse than no number.
[[noreturn]] inline void on_error(const char* message) noexcept {
  std::fputs("tally: ", stderr);
  std::fputs(message, stderr);
  std::fputc('\n', stderr);
  std::abort();
}
} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_CONFIG_HPP
// ---- end tally/config.hpp ----
// ---- begin tally/confusion_matrix.hpp ----
#ifndef TALLY_CONFUSION_MATRIX_HPP
#define TALLY_CONFUSION_MATRIX_HPP

// Counting: labels in, count structures out.
//
//   count_binary(y_true, y_pred, pos_label(x))     -> binary_counts
//   count_matrix(y_true, y_pred)                   -> labeled_matrix (labels + matrix)
//   confusion_matrix(y_true, y_pred)               -> matrix (scikit-learn's layout)
//   multilabel_confusion_matrix(y_true, y_pred)    -> per-label binary_counts
//
// Every function takes two ranges (or two iterator pairs) of labels of any
// ordered type, followed by options. Counts are std::uint64_t; with
// sample_weight they are double.

// ---- begin tally/counts.hpp ----
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

// ---- begin tally/detail/error.hpp ----
#ifndef TALLY_DETAIL_ERROR_HPP
#define TALLY_DETAIL_ERROR_HPP

// Error reporting: every throw in tally goes through TALLY_THROW, with a
// message that names the argument and the values seen.


#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN
namespace detail {

[[noreturn]] inline void throw_invalid_argument(const std::string& message) {
  TALLY_THROW(std::invalid_argument(message));
}

[[noreturn]] inline void throw_out_of_range(const std::string& message) {
  TALLY_THROW(std::out_of_range(message));
}

[[noreturn]] inline void throw_domain_error(const std::string& message) {
  TALLY_THROW(std::domain_error(message));
}

inline std::string to_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}
inline std::string to_text(float v) { return to_text(static_cast<double>(v)); }
inline std::string to_text(long double v) { return to_text(static_cast<double>(v)); }
inline std::string to_text(bool v) { return v ? "true" : "false"; }
inline std::string to_text(std::string_view v) {
  std::string s;
  s.reserve(v.size() + 2);
  s += '\'';
  s.append(v.data(), v.size());
  s += '\'';
  return s;
}
inline std::string to_text(const std::string& v) { return to_text(std::string_view(v)); }
inline std::string to_text(const char* v) { return v ? to_text(std::string_view(v)) : "null"; }

template <class T>
std::string to_text(const T& v) {
  if constexpr (std::is_enum_v<T>) {
    return to_text(static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (std::is_same_v<T, char> || std::is_same_v<T, signed char>) {
    return std::to_string(static_cast<int>(v));
  } else if constexpr (std::is_same_v<T, unsigned char>) {
    return std::to_string(static_cast<unsigned>(v));
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(v);
  } else {
    return "<label>";
  }
}

// Renders a label list for error messages: [0, 1, 2]
template <class K>
std::string labels_text(const std::vector<K>& v, std::size_t limit = 10) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size() && i < limit; ++i) {
    if (i) s += ", ";
    s += to_text(v[i]);
  }
  if (v.size() > limit) s += ", ...";
  s += "]";
  return s;
}

// "y_true has 3 elements, y_pred has 2"
[[noreturn]] inline void throw_length_mismatch(const char* a, std::size_t na, const char* b,
                                               std::size_t nb) {
  throw_invalid_argument(std::string(a) + " has " + std::to_string(na) + " elements, " + b +
                         " has " + std::to_string(nb));
}

inline void check_same_length(const char* a, std::size_t na, const char* b, std::size_t nb) {
  if (na != nb) throw_length_mismatch(a, na, b, nb);
}

inline void check_not_empty(const char* name, std::size_t n) {
  if (n == 0)
    throw_invalid_argument(std::string(name) + " is empty: found empty input array (0 samples)");
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_ERROR_HPP
// ---- end tally/detail/error.hpp ----

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
// ---- end tally/counts.hpp ----
// ---- begin tally/detail/input.hpp ----
#ifndef TALLY_DETAIL_INPUT_HPP
#define TALLY_DETAIL_INPUT_HPP

// Input adaptation: any range of labels becomes a pointer and a length of
// comparison keys (detail::key_t). Contiguous arithmetic input is viewed in
// place; anything else (lists, input iterators, std::vector<bool>, strings)
// is copied once into a buffer of keys. Everything after this point works on
// pointers, so the counting code is instantiated once per key type rather
// than once per iterator type.

// ---- begin tally/detail/traits.hpp ----
#ifndef TALLY_DETAIL_TRAITS_HPP
#define TALLY_DETAIL_TRAITS_HPP

// Type traits for ranges, iterators and labels.


#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN
namespace detail {

template <class T>
using remove_cvref_t = std::remove_cv_t<std::remove_reference_t<T>>;

namespace adl {
using std::begin;
using std::end;
using std::size;
template <class R>
auto adl_begin(R&& r) -> decltype(begin(std::forward<R>(r))) {
  return begin(std::forward<R>(r));
}
template <class R>
auto adl_end(R&& r) -> decltype(end(std::forward<R>(r))) {
  return end(std::forward<R>(r));
}
} // namespace adl
using adl::adl_begin;
using adl::adl_end;

template <class R, class = void>
struct is_range : std::false_type {};
template <class R>
struct is_range<
    R, std::void_t<decltype(adl_begin(std::declval<R&>())), decltype(adl_end(std::declval<R&>()))>>
    : std::true_type {};
template <class R>
inline constexpr bool is_range_v = is_range<R>::value;

template <class It, class = void>
struct is_iterator : std::false_type {};
template <class It>
struct is_iterator<It, std::void_t<typename std::iterator_traits<It>::iterator_category,
                                   decltype(*std::declval<It&>())>> : std::true_type {};
template <class It>
inline constexpr bool is_iterator_v = is_iterator<It>::value && !is_range_v<It>;

template <class R>
using range_iterator_t = decltype(adl_begin(std::declval<R&>()));
template <class R>
using range_value_t = remove_cvref_t<decltype(*adl_begin(std::declval<R&>()))>;

// A range with data() and size() whose elements are contiguous.
template <class R, class = void>
struct is_contiguous : std::false_type {};
template <class R>
struct is_contiguous<R, std::void_t<decltype(std::data(std::declval<R&>())),
                                    decltype(std::size(std::declval<R&>()))>>
    : std::is_pointer<decltype(std::data(std::declval<R&>()))> {};
template <class R>
inline constexpr bool is_contiguous_v = is_contiguous<R>::value;

// String-like labels are compared as strings.
template <class T>
inline constexpr bool is_string_like_v =
    std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view> ||
    std::is_same_v<T, const char*> || std::is_same_v<T, char*>;

template <class T>
inline constexpr bool is_label_v =
    std::is_arithmetic_v<T> || std::is_enum_v<T> || is_string_like_v<T>;

// The type labels are compared as: strings become std::string_view, bool and
// integers and enums and floats stay themselves.
template <class T, class = void>
struct key_type {
  using type = T;
};
template <class T>
struct key_type<T, std::enable_if_t<is_string_like_v<T>>> {
  using type = std::string_view;
};
template <class T>
using key_t = typename key_type<remove_cvref_t<T>>::type;

// The type labels are returned as: strings are owned.
template <class K>
struct result_label {
  using type = K;
};
template <>
struct result_label<std::string_view> {
  using type = std::string;
};
template <class T>
using result_label_t = typename result_label<key_t<T>>::type;

template <class T>
constexpr key_t<T> to_key(const T& v) noexcept {
  if constexpr (std::is_same_v<remove_cvref_t<T>, const char*> ||
                std::is_same_v<remove_cvref_t<T>, char*>)
    return v ? std::string_view(v) : std::string_view();
  else
    return key_t<T>(v);
}

// Element type a label range of type R presents.
template <class R>
using label_of_t = range_value_t<R>;

// A half-open iterator range usable wherever a range is.
template <class It, class Sentinel = It>
struct subrange {
  It first;
  Sentinel last;
  It begin() const { return first; }
  Sentinel end() const { return last; }
};

// A range whose elements are themselves ranges (and not strings): rows.
template <class R, class = void>
struct is_range_of_rows : std::false_type {};
template <class R>
struct is_range_of_rows<R, std::enable_if_t<is_range_v<const R>>>
    : std::bool_constant<is_range_v<const range_value_t<const R>> &&
                         !is_string_like_v<range_value_t<const R>>> {};

// Pointer pairs are viewed as contiguous ranges.
template <class T>
struct pointer_range {
  T* first;
  T* last;
  T* begin() const noexcept { return first; }
  T* end() const noexcept { return last; }
  T* data() const noexcept { return first; }
  std::size_t size() const noexcept { return static_cast<std::size_t>(last - first); }
};

template <class It, class S>
auto make_subrange(It first, S last) {
  if constexpr (std::is_pointer_v<It> && std::is_same_v<It, S>)
    return pointer_range<std::remove_pointer_t<It>>{first, last};
  else
    return subrange<It, S>{first, last};
}

} // namespace detail
TALLY_NAMESPACE_END

// Declares fn(first1, last1, first2, last2, options...) forwarding to the
// range form fn(range1, range2, options...).
#define TALLY_DETAIL_ITERATOR_FORM(fn)                                                             \
  template <                                                                                       \
      class It1, class S1, class It2, class S2, class... Opts,                                     \
      std::enable_if_t<::tally::detail::is_iterator_v<It1>&& ::tally::detail::is_iterator_v<It2>,  \
                       int> = 0>                                                                   \
  [[nodiscard]] auto fn(It1 first1, S1 last1, It2 first2, S2 last2, const Opts&... opts) {         \
    return fn(::tally::detail::make_subrange(first1, last1),                                       \
              ::tally::detail::make_subrange(first2, last2), opts...);                             \
  }

#endif // TALLY_DETAIL_TRAITS_HPP
// ---- end tally/detail/traits.hpp ----

#include <cmath>
#include <cstddef>
#include <iterator>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN
namespace detail {

template <class K>
class key_span {
public:
  key_span() = default;
  key_span(const K* data, std::size_t size) : data_(data), size_(size) {}
  key_span(std::unique_ptr<K[]> owned, std::size_t size)
      : owned_(std::move(owned)), data_(owned_.get()), size_(size) {}

  [[nodiscard]] const K* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const K& operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] const K* begin() const noexcept { return data_; }
  [[nodiscard]] const K* end() const noexcept { return data_ + size_; }

private:
  std::unique_ptr<K[]> owned_; // moving a unique_ptr keeps data_ valid
  const K* data_ = nullptr;
  std::size_t size_ = 0;
};

// Copies [first, last) into keys of type K.
template <class K, class It, class S>
key_span<K> copy_keys(It first, S last) {
  using category = typename std::iterator_traits<It>::iterator_category;
  if constexpr (std::is_base_of_v<std::forward_iterator_tag, category>) {
    const auto n = static_cast<std::size_t>(std::distance(first, last));
    std::unique_ptr<K[]> keys(new K[n]);
    for (std::size_t i = 0; first != last; ++first, ++i) keys[i] = K(to_key(*first));
    return key_span<K>(std::move(keys), n);
  } else {
    // single pass: gather, then copy into place (bool needs real storage)
    using slot = std::conditional_t<std::is_same_v<K, bool>, unsigned char, K>;
    std::vector<slot> gathered;
    for (; first != last; ++first) gathered.push_back(static_cast<slot>(K(to_key(*first))));
    std::unique_ptr<K[]> keys(new K[gathered.size()]);
    for (std::size_t i = 0; i < gathered.size(); ++i) keys[i] = static_cast<K>(gathered[i]);
    return key_span<K>(std::move(keys), gathered.size());
  }
}

// The keys of a range, viewed when possible.
template <class K, class R>
key_span<K> make_keys(const R& range) {
  using value = range_value_t<const R>;
  if constexpr (is_contiguous_v<const R> && std::is_same_v<value, K>) {
    return key_span<K>(std::data(range), static_cast<std::size_t>(std::size(range)));
  } else {
    return copy_keys<K>(adl_begin(range), adl_end(range));
  }
}

// The key type two label ranges are compared as.
template <class A, class B, class = void>
struct common_key {
  static_assert(std::is_same_v<A, B>,
                "tally: y_true and y_pred must hold labels of the same kind (both strings, both "
                "numbers, or the same enum)");
  using type = A;
};
template <class A, class B>
struct common_key<
    A, B,
    std::enable_if_t<std::is_arithmetic_v<A> && std::is_arithmetic_v<B> && !std::is_same_v<A, B>>> {
  using type =
      std::conditional_t<std::is_same_v<A, bool>, B,
                         std::conditional_t<std::is_same_v<B, bool>, A, std::common_type_t<A, B>>>;
};
template <class R1, class R2>
using common_key_t =
    typename common_key<key_t<range_value_t<const R1>>, key_t<range_value_t<const R2>>>::type;

// Labels given as floating-point numbers must be whole numbers: fractional
// values are scores, not labels.
template <class K>
void check_label_values(const char* name, const K* data, std::size_t n) {
  if constexpr (std::is_floating_point_v<K>) {
    for (std::size_t i = 0; i < n; ++i) {
      const K v = data[i];
      if (!std::isfinite(v))
        throw_invalid_argument(std::string(name) + " contains a non-finite label (" + to_text(v) +
                               " at index " + std::to_string(i) + ")");
      if (v != std::floor(v))
        throw_invalid_argument(std::string(name) + " contains a continuous value (" + to_text(v) +
                               " at index " + std::to_string(i) +
                               "): labels must be whole numbers");
    }
  } else {
    (void)name;
    (void)data;
    (void)n;
  }
}

// Weights must be finite and non-negative, one per sample; a one-shot metric
// (require_some) also needs one that is not zero.
inline void check_weights(const double* w, std::size_t nw, std::size_t n,
                          bool require_some = false) {
  check_same_length("sample_weight", nw, "y_true", n);
  bool any = false;
  for (std::size_t i = 0; i < nw; ++i) {
    any = any || w[i] != 0;
    if (!std::isfinite(w[i]))
      throw_invalid_argument("sample_weight contains a non-finite value (" + to_text(w[i]) +
                             " at index " + std::to_string(i) + ")");
    if (w[i] < 0)
      throw_invalid_argument("sample_weight contains a negative value (" + to_text(w[i]) +
                             " at index " + std::to_string(i) + ")");
  }
  if (require_some && !any && nw > 0)
    throw_invalid_argument("sample_weight is zero for all " + std::to_string(nw) +
                           " samples: nothing to measure");
}

// A pair of label arrays, adapted and checked for equal, non-zero length.
template <class K>
struct label_pair {
  key_span<K> y_true;
  key_span<K> y_pred;
  [[nodiscard]] std::size_t size() const noexcept { return y_true.size(); }
};

template <class R1, class R2>
label_pair<common_key_t<R1, R2>> adapt_pair(const R1& y_true, const R2& y_pred) {
  using K = common_key_t<R1, R2>;
  label_pair<K> p{make_keys<K>(y_true), make_keys<K>(y_pred)};
  check_same_length("y_true", p.y_true.size(), "y_pred", p.y_pred.size());
  check_not_empty("y_true", p.y_true.size());
  check_label_values("y_true", p.y_true.data(), p.y_true.size());
  check_label_values("y_pred", p.y_pred.data(), p.y_pred.size());
  return p;
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_INPUT_HPP
// ---- end tally/detail/input.hpp ----
// ---- begin tally/detail/kernels.hpp ----
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

// ---- begin tally/detail/cpu.hpp ----
#ifndef TALLY_DETAIL_CPU_HPP
#define TALLY_DETAIL_CPU_HPP

// Which instruction sets the counting kernels are compiled for, which one the
// running CPU supports, and which one is in use.
//
// x86-64 with GCC or Clang: the SSE2, AVX2 and AVX-512 kernels are always
// compiled (each function carries its own target attribute, so no -m flag is
// needed) and one cached CPU check picks the best. With
// TALLY_DISABLE_DISPATCH, or another compiler, only the kernels the
// translation unit's own flags allow are compiled (__AVX2__, ...).
// AArch64: the NEON kernels. TALLY_DISABLE_SIMD: scalar kernels only.
//
// Forcing a kernel (tests, or a fixed code path): call
// tally::set_kernel_isa(tally::kernel_isa::avx2), or set the environment
// variable TALLY_FORCE_ISA=scalar|sse2|avx2|avx512|neon (read once, at the
// first count). An ISA this build or this CPU cannot run is refused.


#include <atomic>
#include <cstdlib>
#include <cstring>

// ---- what is compiled ---------------------------------------------------
#if !defined(TALLY_DISABLE_SIMD)
#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__)) &&     \
    !defined(TALLY_DISABLE_DISPATCH)
#define TALLY_X86_DISPATCH 1
#define TALLY_HAS_SSE2 1
#define TALLY_HAS_AVX2 1
#define TALLY_HAS_AVX512 1
#elif defined(__x86_64__) || defined(_M_X64)
#define TALLY_HAS_SSE2 1
#if defined(__AVX2__)
#define TALLY_HAS_AVX2 1
#endif
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__) &&                   \
    defined(__AVX512DQ__) && defined(__POPCNT__)
#define TALLY_HAS_AVX512 1
#endif
#elif defined(__aarch64__) && defined(__ARM_NEON)
#define TALLY_HAS_NEON 1
#endif
#endif

#ifndef TALLY_X86_DISPATCH
#define TALLY_X86_DISPATCH 0
#endif
#ifndef TALLY_HAS_SSE2
#define TALLY_HAS_SSE2 0
#endif
#ifndef TALLY_HAS_AVX2
#define TALLY_HAS_AVX2 0
#endif
#ifndef TALLY_HAS_AVX512
#define TALLY_HAS_AVX512 0
#endif
#ifndef TALLY_HAS_NEON
#define TALLY_HAS_NEON 0
#endif

TALLY_NAMESPACE_BEGIN

/// Instruction set of a family of counting kernels, in increasing order of
/// preference on the same architecture.
enum class kernel_isa : int { scalar = 0, sse2 = 1, avx2 = 2, avx512 = 3, neon = 4 };

[[nodiscard]] constexpr const char* kernel_isa_name(kernel_isa isa) noexcept {
  switch (isa) {
  case kernel_isa::scalar: return "scalar";
  case kernel_isa::sse2: return "sse2";
  case kernel_isa::avx2: return "avx2";
  case kernel_isa::avx512: return "avx512";
  case kernel_isa::neon: return "neon";
  }
  return "unknown";
}

namespace detail {

// True when this build contains the kernels of `isa`.
[[nodiscard]] constexpr bool isa_compiled(kernel_isa isa) noexcept {
  switch (isa) {
  case kernel_isa::scalar: return true;
  case kernel_isa::sse2: return TALLY_HAS_SSE2 != 0;
  case kernel_isa::avx2: return TALLY_HAS_AVX2 != 0;
  case kernel_isa::avx512: return TALLY_HAS_AVX512 != 0;
  case kernel_isa::neon: return TALLY_HAS_NEON != 0;
  }
  return false;
}

// True when the running CPU (and OS) can execute the kernels of `isa`.
[[nodiscard]] inline bool cpu_runs(kernel_isa isa) noexcept {
  if (!isa_compiled(isa)) return false;
#if TALLY_X86_DISPATCH
  __builtin_cpu_init();
  switch (isa) {
  case kernel_isa::scalar:
  case kernel_isa::sse2: return true;
  case kernel_isa::avx2: return __builtin_cpu_supports("avx2") != 0;
  case kernel_isa::avx512:
    return __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512bw") != 0 &&
           __builtin_cpu_supports("avx512vl") != 0 && __builtin_cpu_supports("avx512dq") != 0 &&
           __builtin_cpu_supports("popcnt") != 0;
  case kernel_isa::neon: return false;
  }
  return false;
#else
  return true; // compiled only for what the translation unit's flags allow
#endif
}

[[nodiscard]] inline kernel_isa best_isa() noexcept {
  const kernel_isa order[] = {kernel_isa::avx512, kernel_isa::avx2, kernel_isa::sse2,
                              kernel_isa::neon};
  for (kernel_isa isa : order)
    if (cpu_runs(isa)) return isa;
  return kernel_isa::scalar;
}

inline std::atomic<int>& isa_state() noexcept {
  static std::atomic<int> state{-1};
  return state;
}

[[nodiscard]] inline kernel_isa isa_from_environment(kernel_isa fallback) noexcept {
#if defined(_MSC_VER) && !defined(__clang__)
  return fallback;
#else
  const char* s = std::getenv("TALLY_FORCE_ISA");
  if (s == nullptr || *s == '\0') return fallback;
  const kernel_isa all[] = {kernel_isa::scalar, kernel_isa::sse2, kernel_isa::avx2,
                            kernel_isa::avx512, kernel_isa::neon};
  for (kernel_isa isa : all)
    if (std::strcmp(s, kernel_isa_name(isa)) == 0 && cpu_runs(isa)) return isa;
  return fallback;
#endif
}

// The kernel family in use; decided once, at the first call.
[[nodiscard]] inline kernel_isa active_isa() noexcept {
  int s = isa_state().load(std::memory_order_relaxed);
  if (TALLY_UNLIKELY(s < 0)) {
    s = static_cast<int>(isa_from_environment(best_isa()));
    int expected = -1;
    if (!isa_state().compare_exchange_strong(expected, s, std::memory_order_relaxed)) s = expected;
  }
  return static_cast<kernel_isa>(s);
}

} // namespace detail

/// True when this build has the kernels of `isa` and this CPU can run them.
[[nodiscard]] inline bool kernel_isa_supported(kernel_isa isa) noexcept {
  return detail::cpu_runs(isa);
}

/// The kernel family the counting functions use.
[[nodiscard]] inline kernel_isa active_kernel_isa() noexcept { return detail::active_isa(); }

/// Force a kernel family (for tests, or for a fixed code path). Returns false,
/// and changes nothing, when this build or this CPU cannot run `isa`. The
/// choice is process-wide; do not change it while another thread counts.
inline bool set_kernel_isa(kernel_isa isa) noexcept {
  if (!detail::cpu_runs(isa)) return false;
  detail::isa_state().store(static_cast<int>(isa), std::memory_order_relaxed);
  return true;
}

/// Go back to the best kernel family for this CPU.
inline void reset_kernel_isa() noexcept {
  detail::isa_state().store(static_cast<int>(detail::best_isa()), std::memory_order_relaxed);
}

TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_CPU_HPP
// ---- end tally/detail/cpu.hpp ----
// ---- begin tally/detail/dispatch.hpp ----
#ifndef TALLY_DETAIL_DISPATCH_HPP
#define TALLY_DETAIL_DISPATCH_HPP

// Shared pieces of the vectorized kernels: the target attributes that let a
// kernel use an instruction set the translation unit is not compiled for,
// the lane kind each label type is counted as, and the result structure of a
// binary count.
//
// Every vector kernel lives in a namespace named after its instruction set
// (detail::sse2, detail::avx2, detail::avx512, detail::neon), so its symbol
// names the ISA and two translation units built with different -m flags can
// never have their kernels merged by the linker.


#include <cstddef>
#include <cstdint>
#include <type_traits>

#if TALLY_X86_DISPATCH
#define TALLY_TARGET_SSE2 __attribute__((target("sse2")))
#define TALLY_TARGET_AVX2 __attribute__((target("avx2,bmi,bmi2,popcnt")))
#define TALLY_TARGET_AVX512                                                                        \
  __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx2,bmi,bmi2,popcnt")))
#else
#define TALLY_TARGET_SSE2
#define TALLY_TARGET_AVX2
#define TALLY_TARGET_AVX512
#endif

TALLY_NAMESPACE_BEGIN
namespace detail {

/// Result of scanning a binary problem for one positive label.
template <class T, class C = std::uint64_t>
struct binary_tally {
  C both{};               ///< y_true == pos and y_pred == pos
  C true_pos{};           ///< y_true == pos
  C pred_pos{};           ///< y_pred == pos
  C total{};              ///< number (or weight) of samples
  bool any_other = false; ///< some label differs from pos
  T other_min{};          ///< smallest label != pos (valid when any_other)
  T other_max{};          ///< largest label != pos (valid when any_other)
};

// Lane kinds: how a label type is compared inside a vector. Integers compare
// by bit pattern (so signedness does not matter for equality), floating
// types with IEEE equality (-0 == +0, NaN never equal).
struct lane_u8 {};
struct lane_u16 {};
struct lane_u32 {};
struct lane_u64 {};
struct lane_f32 {};
struct lane_f64 {};
struct lane_none {};

template <class T>
struct lane_kind {
  using type = std::conditional_t<
      std::is_same_v<T, float>, lane_f32,
      std::conditional_t<
          std::is_same_v<T, double>, lane_f64,
          std::conditional_t<
              !std::is_integral_v<T>, lane_none,
              std::conditional_t<
                  sizeof(T) == 1, lane_u8,
                  std::conditional_t<
                      sizeof(T) == 2, lane_u16,
                      std::conditional_t<sizeof(T) == 4, lane_u32,
                                         std::conditional_t<sizeof(T) == 8, lane_u64,
                                                            lane_none>>>>>>>;
};
template <class T>
using lane_kind_t = typename lane_kind<T>::type;

// Label types the vector kernels accept.
template <class T>
inline constexpr bool simd_label_v = !std::is_same_v<lane_kind_t<T>, lane_none>;

// Integer label types whose matrix indices are computed in vectors (8- and
// 16-bit labels are widened to 32-bit lanes on AVX2 and AVX-512; SSE2 and
// NEON compute them for 32-bit labels only).
template <class T>
inline constexpr bool simd_index_label_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

// Matrix indices are 32-bit: the vector paths need k * k + 1 < 2^32.
inline constexpr std::size_t simd_max_classes = 65535;

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_DISPATCH_HPP
// ---- end tally/detail/dispatch.hpp ----
// ---- begin tally/detail/scalar_kernels.hpp ----
#ifndef TALLY_DETAIL_SCALAR_KERNELS_HPP
#define TALLY_DETAIL_SCALAR_KERNELS_HPP

// The scalar counting kernels. They are always compiled and are the oracle
// for every vectorized kernel (detail/simd/*.hpp): a vector kernel must give
// exactly the counts these give. Each takes pointers and a length and
// validates while it counts (no second pass over the data).


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
// ---- end tally/detail/scalar_kernels.hpp ----
// ---- begin tally/detail/simd/avx2.hpp ----
#ifndef TALLY_DETAIL_SIMD_AVX2_HPP
#define TALLY_DETAIL_SIMD_AVX2_HPP

// AVX2 kernels (256-bit), in namespace detail::avx2. With runtime dispatch
// each function carries target("avx2"), so no -mavx2 flag is needed; they
// run only after the CPU check in cpu.hpp said yes.


#if TALLY_HAS_AVX2
#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <limits>

TALLY_NAMESPACE_BEGIN
namespace detail {
namespace avx2 {

#define TALLY_SIMD_FN TALLY_TARGET_AVX2 inline

template <class Kind>
struct ops;

struct ops_common {
  using mask = __m256i;
  using cnt = __m256i;
  TALLY_SIMD_FN static mask and_(mask a, mask b) noexcept { return _mm256_and_si256(a, b); }
  TALLY_SIMD_FN static mask or_(mask a, mask b) noexcept { return _mm256_or_si256(a, b); }
  TALLY_SIMD_FN static bool all_true(mask m) noexcept { return _mm256_movemask_epi8(m) == -1; }
  TALLY_SIMD_FN static mask ones() noexcept { return _mm256_set1_epi32(-1); }
  TALLY_SIMD_FN static cnt czero() noexcept { return _mm256_setzero_si256(); }
  TALLY_SIMD_FN static std::uint64_t hsum64(__m256i v) noexcept {
    alignas(32) std::uint64_t x[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(x), v);
    return x[0] + x[1] + x[2] + x[3];
  }
  TALLY_SIMD_FN static std::uint64_t hsum32(__m256i v) noexcept {
    const __m256i z = _mm256_setzero_si256();
    return hsum64(_mm256_add_epi64(_mm256_unpacklo_epi32(v, z), _mm256_unpackhi_epi32(v, z)));
  }
  TALLY_SIMD_FN static __m256i load(const void* p) noexcept {
    return _mm256_loadu_si256(static_cast<const __m256i*>(p));
  }
};

template <>
struct ops<lane_u8> : ops_common {
  using reg = __m256i;
  static constexpr std::size_t lanes = 32;
  static constexpr std::size_t flush_every = 255;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm256_set1_epi8(static_cast<char>(static_cast<std::uint8_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm256_cmpeq_epi8(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi8(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept {
    return hsum64(_mm256_sad_epu8(c, _mm256_setzero_si256()));
  }
};

template <>
struct ops<lane_u16> : ops_common {
  using reg = __m256i;
  static constexpr std::size_t lanes = 16;
  static constexpr std::size_t flush_every = 65535;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm256_set1_epi16(static_cast<short>(static_cast<std::uint16_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm256_cmpeq_epi16(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi16(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept {
    const __m256i z = _mm256_setzero_si256();
    return hsum32(_mm256_add_epi32(_mm256_unpacklo_epi16(c, z), _mm256_unpackhi_epi16(c, z)));
  }
};

template <>
struct ops<lane_u32> : ops_common {
  using reg = __m256i;
  static constexpr std::size_t lanes = 8;
  static constexpr std::size_t flush_every = 0xFFFFFFFFu;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm256_cmpeq_epi32(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi32(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum32(c); }
};

template <>
struct ops<lane_u64> : ops_common {
  using reg = __m256i;
  static constexpr std::size_t lanes = 4;
  static constexpr std::size_t flush_every = ~std::size_t{0};
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm256_set1_epi64x(static_cast<long long>(static_cast<std::uint64_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm256_cmpeq_epi64(a, b); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi64(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum64(c); }
};

template <>
struct ops<lane_f32> : ops_common {
  using reg = __m256;
  static constexpr std::size_t lanes = 8;
  static constexpr std::size_t flush_every = 0xFFFFFFFFu;
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm256_loadu_ps(static_cast<const float*>(p));
  }
  TALLY_SIMD_FN static reg set1(float v) noexcept { return _mm256_set1_ps(v); }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    return _mm256_castps_si256(_mm256_cmp_ps(a, b, _CMP_EQ_OQ));
  }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi32(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum32(c); }
};

template <>
struct ops<lane_f64> : ops_common {
  using reg = __m256d;
  static constexpr std::size_t lanes = 4;
  static constexpr std::size_t flush_every = ~std::size_t{0};
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm256_loadu_pd(static_cast<const double*>(p));
  }
  TALLY_SIMD_FN static reg set1(double v) noexcept { return _mm256_set1_pd(v); }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    return _mm256_castpd_si256(_mm256_cmp_pd(a, b, _CMP_EQ_OQ));
  }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept { return _mm256_sub_epi64(c, m); }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return hsum64(c); }
};

template <class T>
TALLY_SIMD_FN __m256i vmin(__m256i a, __m256i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1) return s ? _mm256_min_epi8(a, b) : _mm256_min_epu8(a, b);
  else if constexpr (sizeof(T) == 2) return s ? _mm256_min_epi16(a, b) : _mm256_min_epu16(a, b);
  else if constexpr (sizeof(T) == 4) return s ? _mm256_min_epi32(a, b) : _mm256_min_epu32(a, b);
  else {
    const __m256i bias = _mm256_set1_epi64x(s ? 0 : (std::numeric_limits<long long>::min)());
    const __m256i gt = _mm256_cmpgt_epi64(_mm256_xor_si256(a, bias), _mm256_xor_si256(b, bias));
    return _mm256_blendv_epi8(a, b, gt);
  }
}
template <class T>
TALLY_SIMD_FN __m256i vmax(__m256i a, __m256i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1) return s ? _mm256_max_epi8(a, b) : _mm256_max_epu8(a, b);
  else if constexpr (sizeof(T) == 2) return s ? _mm256_max_epi16(a, b) : _mm256_max_epu16(a, b);
  else if constexpr (sizeof(T) == 4) return s ? _mm256_max_epi32(a, b) : _mm256_max_epu32(a, b);
  else {
    const __m256i bias = _mm256_set1_epi64x(s ? 0 : (std::numeric_limits<long long>::min)());
    const __m256i gt = _mm256_cmpgt_epi64(_mm256_xor_si256(a, bias), _mm256_xor_si256(b, bias));
    return _mm256_blendv_epi8(b, a, gt);
  }
}

// Lanes of b where m is set, else lanes of a (m: whole lanes of ones).
TALLY_SIMD_FN __m256i blend_lanes(__m256i m, __m256i a, __m256i b) noexcept {
  return _mm256_blendv_epi8(a, b, m);
}

// More than two labels: counts with vectors, and the smallest and largest
// label other than pos from lane-wise min / max (pos lanes are replaced by
// `other`, itself one of the other labels, so they never change the result).
// Floating labels go to the scalar kernel (its NaN and signed-zero order).
template <class T>
TALLY_SIMD_FN binary_tally<T> count_binary_many(const T* t, const T* p, std::size_t n, T pos,
                                                std::size_t first, T other) noexcept {
  if constexpr (!std::is_integral_v<T> || std::is_same_v<T, bool>) {
    static_cast<void>(first);
    static_cast<void>(other);
    return scalar::count_binary(t, p, n, pos);
  } else {
    using O = ops<lane_kind_t<T>>;
    constexpr std::size_t L = O::lanes;
    const auto vpos = O::set1(pos);
    const auto vother = O::set1(other);
    auto mn = vother, mx = vother;
    std::uint64_t both = first, tc = first, pc = first;
    std::size_t i = first;
    while (n - i >= L) {
      const std::size_t iters = (std::min)((n - i) / L, O::flush_every);
      auto cb = O::czero(), ct = O::czero(), cp = O::czero();
      for (std::size_t j = 0; j < iters; ++j, i += L) {
        const auto a = O::load(t + i);
        const auto b = O::load(p + i);
        const auto ma = O::eq(a, vpos);
        const auto mb = O::eq(b, vpos);
        ct = O::acc(ct, ma);
        cp = O::acc(cp, mb);
        cb = O::acc(cb, O::and_(ma, mb));
        const auto a2 = blend_lanes(ma, a, vother);
        const auto b2 = blend_lanes(mb, b, vother);
        mn = vmin<T>(mn, vmin<T>(a2, b2));
        mx = vmax<T>(mx, vmax<T>(a2, b2));
      }
      both += O::hsum(cb);
      tc += O::hsum(ct);
      pc += O::hsum(cp);
    }
    T x[L], y[L];
    std::memcpy(x, &mn, sizeof x);
    std::memcpy(y, &mx, sizeof y);
    T lo = other, hi = other;
    for (std::size_t j = 0; j < L; ++j) {
      if (x[j] < lo) lo = x[j];
      if (hi < y[j]) hi = y[j];
    }
    for (; i < n; ++i) {
      const bool a = t[i] == pos;
      const bool b = p[i] == pos;
      both += static_cast<std::uint64_t>(a && b);
      tc += static_cast<std::uint64_t>(a);
      pc += static_cast<std::uint64_t>(b);
      if (!a) {
        if (t[i] < lo) lo = t[i];
        if (hi < t[i]) hi = t[i];
      }
      if (!b) {
        if (p[i] < lo) lo = p[i];
        if (hi < p[i]) hi = p[i];
      }
    }
    binary_tally<T> r;
    r.both = both;
    r.true_pos = tc;
    r.pred_pos = pc;
    r.total = n;
    r.any_other = true;
    r.other_min = lo;
    r.other_max = hi;
    return r;
  }
}

// ---- begin tally/detail/simd/generic_binary.ipp ----

// The binary-count kernel, written once against a per-ISA `ops<Kind>` table.
// This file is deliberately included once per instruction set, inside that
// ISA's namespace (detail::sse2, detail::avx2, ...), after TALLY_SIMD_FN has
// been defined as the ISA's target attribute; so it has no include guard.
//
// ops<Kind> provides: reg, mask, cnt, lanes, flush_every, load(const void*),
// set1(value), eq(reg, reg) -> mask, and_, or_, all_true(mask), ones(),
// czero(), acc(cnt, mask) -> cnt (adds one per true lane) and hsum(cnt).
// The ISA also provides count_binary_many(t, p, n, pos, first, other): the
// full result when more than one label differs from pos, given the first
// position `first` where a label differs and that label `other`.

// Counts tp / true / pred in one pass and checks, in the same pass, that
// every label that is not `pos` equals one other value. When that check
// fails (a third label, or a NaN) count_binary_many recomputes the result
// with the smallest and largest other label, exactly as the scalar kernel
// does.
template <class T>
TALLY_SIMD_FN binary_tally<T> count_binary(const T* t, const T* p, std::size_t n,
                                           T pos) noexcept {
  using O = ops<lane_kind_t<T>>;
  constexpr std::size_t L = O::lanes;
  const auto vpos = O::set1(pos);
  std::size_t i = 0;
  // Leading samples where both labels are pos need no counting beyond i.
  while (n - i >= L && O::all_true(O::and_(O::eq(O::load(t + i), vpos),
                                          O::eq(O::load(p + i), vpos))))
    i += L;
  while (i < n && t[i] == pos && p[i] == pos) ++i;
  binary_tally<T> r;
  r.total = n;
  if (i == n) {
    r.both = r.true_pos = r.pred_pos = n;
    return r;
  }
  const T other = t[i] == pos ? p[i] : t[i];
  const std::size_t first = i;
  std::uint64_t both = i, tc = i, pc = i;
  const auto vother = O::set1(other);
  while (n - i >= L) {
    const std::size_t iters = (std::min)((n - i) / L, O::flush_every);
    auto cb = O::czero(), ct = O::czero(), cp = O::czero();
    auto ok = O::ones();
    for (std::size_t j = 0; j < iters; ++j, i += L) {
      const auto a = O::load(t + i);
      const auto b = O::load(p + i);
      const auto ma = O::eq(a, vpos);
      const auto mb = O::eq(b, vpos);
      ct = O::acc(ct, ma);
      cp = O::acc(cp, mb);
      cb = O::acc(cb, O::and_(ma, mb));
      ok = O::and_(ok, O::and_(O::or_(ma, O::eq(a, vother)), O::or_(mb, O::eq(b, vother))));
    }
    if (!O::all_true(ok)) return count_binary_many(t, p, n, pos, first, other);
    both += O::hsum(cb);
    tc += O::hsum(ct);
    pc += O::hsum(cp);
  }
  for (; i < n; ++i) {
    const bool a = t[i] == pos;
    const bool b = p[i] == pos;
    if ((!a && !(t[i] == other)) || (!b && !(p[i] == other)))
      return count_binary_many(t, p, n, pos, first, other);
    both += static_cast<std::uint64_t>(a && b);
    tc += static_cast<std::uint64_t>(a);
    pc += static_cast<std::uint64_t>(b);
  }
  r.both = both;
  r.true_pos = tc;
  r.pred_pos = pc;
  r.any_other = true;
  r.other_min = r.other_max = other;
  return r;
}
// ---- end tally/detail/simd/generic_binary.ipp ----

// Lane-wise minimum and maximum of integer labels of any width.
// Smallest and largest value of a non-empty integer array. The last vector
// overlaps the previous ones instead of needing a scalar tail.
template <class T>
TALLY_SIMD_FN void minmax(const T* a, std::size_t n, T& lo, T& hi) noexcept {
  constexpr std::size_t L = 32 / sizeof(T);
  if (n < L) return scalar::minmax(a, n, lo, hi);
  __m256i mn = ops_common::load(a), mx = mn;
  for (std::size_t i = L; n - i >= L; i += L) {
    const __m256i v = ops_common::load(a + i);
    mn = vmin<T>(mn, v);
    mx = vmax<T>(mx, v);
  }
  const __m256i v = ops_common::load(a + n - L);
  mn = vmin<T>(mn, v);
  mx = vmax<T>(mx, v);
  T x[L], y[L];
  std::memcpy(x, &mn, sizeof x);
  std::memcpy(y, &mx, sizeof y);
  scalar::minmax(x, L, lo, hi);
  T lo2, hi2;
  scalar::minmax(y, L, lo2, hi2);
  hi = hi2;
}

template <class T>
TALLY_SIMD_FN std::size_t make_indices(const T* t, const T* p, std::size_t m, T lo,
                                       std::uint32_t kk, std::uint32_t k,
                                       std::uint32_t* out) noexcept {
  std::size_t i = 0;
  const __m256i vk = _mm256_set1_epi32(static_cast<int>(k));
  if constexpr (sizeof(T) <= 2) {
    // Widen 8 labels to 32-bit lanes (sign- or zero-extended like T).
    const __m256i vlo = _mm256_set1_epi32(static_cast<int>(lo));
    const __m256i vlast = _mm256_set1_epi32(static_cast<int>(kk - 1));
    for (; m - i >= 8; i += 8) {
      __m256i a, b;
      if constexpr (sizeof(T) == 1) {
        const __m128i x = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(t + i));
        const __m128i y = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + i));
        a = std::is_signed_v<T> ? _mm256_cvtepi8_epi32(x) : _mm256_cvtepu8_epi32(x);
        b = std::is_signed_v<T> ? _mm256_cvtepi8_epi32(y) : _mm256_cvtepu8_epi32(y);
      } else {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        a = std::is_signed_v<T> ? _mm256_cvtepi16_epi32(x) : _mm256_cvtepu16_epi32(x);
        b = std::is_signed_v<T> ? _mm256_cvtepi16_epi32(y) : _mm256_cvtepu16_epi32(y);
      }
      a = _mm256_sub_epi32(a, vlo);
      b = _mm256_sub_epi32(b, vlo);
      const __m256i hi = _mm256_max_epu32(a, b);
      if (_mm256_movemask_epi8(_mm256_cmpeq_epi32(_mm256_min_epu32(hi, vlast), hi)) != -1) break;
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                          _mm256_add_epi32(_mm256_mullo_epi32(a, vk), b));
    }
  } else if constexpr (sizeof(T) == 4) {
    const __m256i vlo = _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(lo)));
    const __m256i vlast = _mm256_set1_epi32(static_cast<int>(kk - 1));
    for (; m - i >= 8; i += 8) {
      const __m256i a = _mm256_sub_epi32(ops_common::load(t + i), vlo);
      const __m256i b = _mm256_sub_epi32(ops_common::load(p + i), vlo);
      const __m256i hi = _mm256_max_epu32(a, b);
      if (_mm256_movemask_epi8(_mm256_cmpeq_epi32(_mm256_min_epu32(hi, vlast), hi)) != -1) break;
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                          _mm256_add_epi32(_mm256_mullo_epi32(a, vk), b));
    }
  } else if constexpr (sizeof(T) == 8) {
    const __m256i vlo = _mm256_set1_epi64x(static_cast<long long>(static_cast<std::uint64_t>(lo)));
    const __m256i bias = _mm256_set1_epi64x((std::numeric_limits<long long>::min)());
    const __m256i vkk = _mm256_xor_si256(_mm256_set1_epi64x(static_cast<long long>(kk)), bias);
    const __m256i pack = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
    for (; m - i >= 4; i += 4) {
      const __m256i a = _mm256_sub_epi64(ops_common::load(t + i), vlo);
      const __m256i b = _mm256_sub_epi64(ops_common::load(p + i), vlo);
      const __m256i ok = _mm256_and_si256(_mm256_cmpgt_epi64(vkk, _mm256_xor_si256(a, bias)),
                                          _mm256_cmpgt_epi64(vkk, _mm256_xor_si256(b, bias)));
      if (_mm256_movemask_epi8(ok) != -1) break;
      const __m256i idx = _mm256_add_epi64(_mm256_mul_epu32(a, vk), b);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                       _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(idx, pack)));
    }
  }
  return i + scalar::make_indices(t + i, p + i, m - i, lo, kk, k, out + i);
}

TALLY_SIMD_FN void make_indices_drop(const std::int32_t* t, const std::int32_t* p, std::size_t m,
                                     std::uint32_t k, std::uint32_t drop,
                                     std::uint32_t* out) noexcept {
  std::size_t i = 0;
  const __m256i vk = _mm256_set1_epi32(static_cast<int>(k));
  const __m256i vdrop = _mm256_set1_epi32(static_cast<int>(drop));
  for (; m - i >= 8; i += 8) {
    const __m256i a = ops_common::load(t + i);
    const __m256i b = ops_common::load(p + i);
    const __m256i neg = _mm256_srai_epi32(_mm256_or_si256(a, b), 31);
    const __m256i idx = _mm256_add_epi32(_mm256_mullo_epi32(a, vk), b);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), _mm256_blendv_epi8(idx, vdrop, neg));
  }
  scalar::make_indices_drop(t + i, p + i, m - i, k, drop, out + i);
}

TALLY_SIMD_FN std::uint8_t multilabel_block(const std::uint8_t* t, const std::uint8_t* p,
                                            std::size_t len, std::uint8_t* at, std::uint8_t* ap,
                                            std::uint8_t* atp) noexcept {
  __m256i any = _mm256_setzero_si256();
  for (std::size_t i = 0; i < len; i += 32) {
    const __m256i a = ops_common::load(t + i);
    const __m256i b = ops_common::load(p + i);
    any = _mm256_or_si256(any, _mm256_or_si256(a, b));
    __m256i* ct = reinterpret_cast<__m256i*>(at + i);
    __m256i* cp = reinterpret_cast<__m256i*>(ap + i);
    __m256i* cb = reinterpret_cast<__m256i*>(atp + i);
    _mm256_storeu_si256(ct, _mm256_add_epi8(_mm256_loadu_si256(ct), a));
    _mm256_storeu_si256(cp, _mm256_add_epi8(_mm256_loadu_si256(cp), b));
    _mm256_storeu_si256(cb, _mm256_add_epi8(_mm256_loadu_si256(cb), _mm256_and_si256(a, b)));
  }
  // Any byte above 1 leaves a bit outside the lowest one set.
  const __m256i high = _mm256_andnot_si256(_mm256_set1_epi8(1), any);
  return _mm256_testz_si256(high, high) ? std::uint8_t{1} : std::uint8_t{0xFF};
}

#undef TALLY_SIMD_FN

} // namespace avx2
} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_HAS_AVX2
#endif // TALLY_DETAIL_SIMD_AVX2_HPP
// ---- end tally/detail/simd/avx2.hpp ----
// ---- begin tally/detail/simd/avx512.hpp ----
#ifndef TALLY_DETAIL_SIMD_AVX512_HPP
#define TALLY_DETAIL_SIMD_AVX512_HPP

// AVX-512 kernels (F, BW, VL, DQ; 512-bit), in namespace detail::avx512.
// Compares produce bit masks that are counted with popcnt, so no narrow lane
// counters are needed.


#if TALLY_HAS_AVX512
#include <immintrin.h>

#include <algorithm>
#include <cstring>

TALLY_NAMESPACE_BEGIN
namespace detail {
namespace avx512 {

#define TALLY_SIMD_FN TALLY_TARGET_AVX512 inline

template <class Kind>
struct ops;

template <class Mask, std::size_t Lanes>
struct ops_common {
  using mask = Mask;
  using cnt = std::uint64_t;
  static constexpr std::size_t lanes = Lanes;
  static constexpr std::size_t flush_every = ~std::size_t{0};
  static constexpr Mask full = static_cast<Mask>(Lanes == 64 ? ~0ull : (1ull << Lanes) - 1);
  TALLY_SIMD_FN static mask and_(mask a, mask b) noexcept { return static_cast<Mask>(a & b); }
  TALLY_SIMD_FN static mask or_(mask a, mask b) noexcept { return static_cast<Mask>(a | b); }
  TALLY_SIMD_FN static bool all_true(mask m) noexcept { return m == full; }
  TALLY_SIMD_FN static mask ones() noexcept { return full; }
  TALLY_SIMD_FN static cnt czero() noexcept { return 0; }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept {
    return c + static_cast<std::uint64_t>(_mm_popcnt_u64(static_cast<unsigned long long>(m)));
  }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept { return c; }
  TALLY_SIMD_FN static __m512i load(const void* p) noexcept { return _mm512_loadu_si512(p); }
};

template <>
struct ops<lane_u8> : ops_common<__mmask64, 64> {
  using reg = __m512i;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm512_set1_epi8(static_cast<char>(static_cast<std::uint8_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm512_cmpeq_epi8_mask(a, b); }
};

template <>
struct ops<lane_u16> : ops_common<__mmask32, 32> {
  using reg = __m512i;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm512_set1_epi16(static_cast<short>(static_cast<std::uint16_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm512_cmpeq_epi16_mask(a, b); }
};

template <>
struct ops<lane_u32> : ops_common<__mmask16, 16> {
  using reg = __m512i;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm512_cmpeq_epi32_mask(a, b); }
};

template <>
struct ops<lane_u64> : ops_common<__mmask8, 8> {
  using reg = __m512i;
  template <class V>
  TALLY_SIMD_FN static reg set1(V v) noexcept {
    return _mm512_set1_epi64(static_cast<long long>(static_cast<std::uint64_t>(v)));
  }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept { return _mm512_cmpeq_epi64_mask(a, b); }
};

template <>
struct ops<lane_f32> : ops_common<__mmask16, 16> {
  using reg = __m512;
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm512_loadu_ps(static_cast<const float*>(p));
  }
  TALLY_SIMD_FN static reg set1(float v) noexcept { return _mm512_set1_ps(v); }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ);
  }
};

template <>
struct ops<lane_f64> : ops_common<__mmask8, 8> {
  using reg = __m512d;
  TALLY_SIMD_FN static reg load(const void* p) noexcept {
    return _mm512_loadu_pd(static_cast<const double*>(p));
  }
  TALLY_SIMD_FN static reg set1(double v) noexcept { return _mm512_set1_pd(v); }
  TALLY_SIMD_FN static mask eq(reg a, reg b) noexcept {
    return _mm512_cmp_pd_mask(a, b, _CMP_EQ_OQ);
  }
};

// The zero-masking forms with a full mask are the same instructions as the
// plain ones; GCC 12's plain forms start from an "undefined" register that
// -O3 reports as -Wmaybe-uninitialized in users' builds.
inline constexpr __mmask16 full32 = 0xFFFF;
inline constexpr __mmask8 full64 = 0xFF;

template <class T>
TALLY_SIMD_FN __m512i vmin(__m512i a, __m512i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1) return s ? _mm512_min_epi8(a, b) : _mm512_min_epu8(a, b);
  else if constexpr (sizeof(T) == 2) return s ? _mm512_min_epi16(a, b) : _mm512_min_epu16(a, b);
  else if constexpr (sizeof(T) == 4) return s ? _mm512_maskz_min_epi32(full32, a, b) : _mm512_maskz_min_epu32(full32, a, b);
  else return s ? _mm512_maskz_min_epi64(full64, a, b) : _mm512_maskz_min_epu64(full64, a, b);
}
template <class T>
TALLY_SIMD_FN __m512i vmax(__m512i a, __m512i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1) return s ? _mm512_max_epi8(a, b) : _mm512_max_epu8(a, b);
  else if constexpr (sizeof(T) == 2) return s ? _mm512_max_epi16(a, b) : _mm512_max_epu16(a, b);
  else if constexpr (sizeof(T) == 4) return s ? _mm512_maskz_max_epi32(full32, a, b) : _mm512_maskz_max_epu32(full32, a, b);
  else return s ? _mm512_maskz_max_epi64(full64, a, b) : _mm512_maskz_max_epu64(full64, a, b);
}

// Lanes of b where m is set, else lanes of a.
template <class M>
TALLY_SIMD_FN __m512i blend_lanes(M m, __m512i a, __m512i b) noexcept {
  if constexpr (std::is_same_v<M, __mmask64>) return _mm512_mask_blend_epi8(m, a, b);
  else if constexpr (std::is_same_v<M, __mmask32>) return _mm512_mask_blend_epi16(m, a, b);
  else if constexpr (std::is_same_v<M, __mmask16>) return _mm512_mask_blend_epi32(m, a, b);
  else return _mm512_mask_blend_epi64(m, a, b);
}

// More than two labels: counts with vectors, and the smallest and largest
// label other than pos from lane-wise min / max (pos lanes are replaced by
// `other`, itself one of the other labels, so they never change the result).
// Floating labels go to the scalar kernel (its NaN and signed-zero order).
template <class T>
TALLY_SIMD_FN binary_tally<T> count_binary_many(const T* t, const T* p, std::size_t n, T pos,
                                                std::size_t first, T other) noexcept {
  if constexpr (!std::is_integral_v<T> || std::is_same_v<T, bool>) {
    static_cast<void>(first);
    static_cast<void>(other);
    return scalar::count_binary(t, p, n, pos);
  } else {
    using O = ops<lane_kind_t<T>>;
    constexpr std::size_t L = O::lanes;
    const auto vpos = O::set1(pos);
    const auto vother = O::set1(other);
    auto mn = vother, mx = vother;
    std::uint64_t both = first, tc = first, pc = first;
    std::size_t i = first;
    while (n - i >= L) {
      const std::size_t iters = (std::min)((n - i) / L, O::flush_every);
      auto cb = O::czero(), ct = O::czero(), cp = O::czero();
      for (std::size_t j = 0; j < iters; ++j, i += L) {
        const auto a = O::load(t + i);
        const auto b = O::load(p + i);
        const auto ma = O::eq(a, vpos);
        const auto mb = O::eq(b, vpos);
        ct = O::acc(ct, ma);
        cp = O::acc(cp, mb);
        cb = O::acc(cb, O::and_(ma, mb));
        const auto a2 = blend_lanes(ma, a, vother);
        const auto b2 = blend_lanes(mb, b, vother);
        mn = vmin<T>(mn, vmin<T>(a2, b2));
        mx = vmax<T>(mx, vmax<T>(a2, b2));
      }
      both += O::hsum(cb);
      tc += O::hsum(ct);
      pc += O::hsum(cp);
    }
    T x[L], y[L];
    std::memcpy(x, &mn, sizeof x);
    std::memcpy(y, &mx, sizeof y);
    T lo = other, hi = other;
    for (std::size_t j = 0; j < L; ++j) {
      if (x[j] < lo) lo = x[j];
      if (hi < y[j]) hi = y[j];
    }
    for (; i < n; ++i) {
      const bool a = t[i] == pos;
      const bool b = p[i] == pos;
      both += static_cast<std::uint64_t>(a && b);
      tc += static_cast<std::uint64_t>(a);
      pc += static_cast<std::uint64_t>(b);
      if (!a) {
        if (t[i] < lo) lo = t[i];
        if (hi < t[i]) hi = t[i];
      }
      if (!b) {
        if (p[i] < lo) lo = p[i];
        if (hi < p[i]) hi = p[i];
      }
    }
    binary_tally<T> r;
    r.both = both;
    r.true_pos = tc;
    r.pred_pos = pc;
    r.total = n;
    r.any_other = true;
    r.other_min = lo;
    r.other_max = hi;
    return r;
  }
}

// ---- begin tally/detail/simd/generic_binary.ipp ----

// The binary-count kernel, written once against a per-ISA `ops<Kind>` table.
// This file is deliberately included once per instruction set, inside that
// ISA's namespace (detail::sse2, detail::avx2, ...), after TALLY_SIMD_FN has
// been defined as the ISA's target attribute; so it has no include guard.
//
// ops<Kind> provides: reg, mask, cnt, lanes, flush_every, load(const void*),
// set1(value), eq(reg, reg) -> mask, and_, or_, all_true(mask), ones(),
// czero(), acc(cnt, mask) -> cnt (adds one per true lane) and hsum(cnt).
// The ISA also provides count_binary_many(t, p, n, pos, first, other): the
// full result when more than one label differs from pos, given the first
// position `first` where a label differs and that label `other`.

// Counts tp / true / pred in one pass and checks, in the same pass, that
// every label that is not `pos` equals one other value. When that check
// fails (a third label, or a NaN) count_binary_many recomputes the result
// with the smallest and largest other label, exactly as the scalar kernel
// does.
template <class T>
TALLY_SIMD_FN binary_tally<T> count_binary(const T* t, const T* p, std::size_t n,
                                           T pos) noexcept {
  using O = ops<lane_kind_t<T>>;
  constexpr std::size_t L = O::lanes;
  const auto vpos = O::set1(pos);
  std::size_t i = 0;
  // Leading samples where both labels are pos need no counting beyond i.
  while (n - i >= L && O::all_true(O::and_(O::eq(O::load(t + i), vpos),
                                          O::eq(O::load(p + i), vpos))))
    i += L;
  while (i < n && t[i] == pos && p[i] == pos) ++i;
  binary_tally<T> r;
  r.total = n;
  if (i == n) {
    r.both = r.true_pos = r.pred_pos = n;
    return r;
  }
  const T other = t[i] == pos ? p[i] : t[i];
  const std::size_t first = i;
  std::uint64_t both = i, tc = i, pc = i;
  const auto vother = O::set1(other);
  while (n - i >= L) {
    const std::size_t iters = (std::min)((n - i) / L, O::flush_every);
    auto cb = O::czero(), ct = O::czero(), cp = O::czero();
    auto ok = O::ones();
    for (std::size_t j = 0; j < iters; ++j, i += L) {
      const auto a = O::load(t + i);
      const auto b = O::load(p + i);
      const auto ma = O::eq(a, vpos);
      const auto mb = O::eq(b, vpos);
      ct = O::acc(ct, ma);
      cp = O::acc(cp, mb);
      cb = O::acc(cb, O::and_(ma, mb));
      ok = O::and_(ok, O::and_(O::or_(ma, O::eq(a, vother)), O::or_(mb, O::eq(b, vother))));
    }
    if (!O::all_true(ok)) return count_binary_many(t, p, n, pos, first, other);
    both += O::hsum(cb);
    tc += O::hsum(ct);
    pc += O::hsum(cp);
  }
  for (; i < n; ++i) {
    const bool a = t[i] == pos;
    const bool b = p[i] == pos;
    if ((!a && !(t[i] == other)) || (!b && !(p[i] == other)))
      return count_binary_many(t, p, n, pos, first, other);
    both += static_cast<std::uint64_t>(a && b);
    tc += static_cast<std::uint64_t>(a);
    pc += static_cast<std::uint64_t>(b);
  }
  r.both = both;
  r.true_pos = tc;
  r.pred_pos = pc;
  r.any_other = true;
  r.other_min = r.other_max = other;
  return r;
}
// ---- end tally/detail/simd/generic_binary.ipp ----


template <class T>
TALLY_SIMD_FN void minmax(const T* a, std::size_t n, T& lo, T& hi) noexcept {
  constexpr std::size_t L = 64 / sizeof(T);
  if (n < L) return scalar::minmax(a, n, lo, hi);
  __m512i mn = _mm512_loadu_si512(a), mx = mn;
  __m512i mn2 = mn, mx2 = mn;
  std::size_t i = L;
  for (; n - i >= 2 * L; i += 2 * L) {
    const __m512i v = _mm512_loadu_si512(a + i);
    const __m512i w = _mm512_loadu_si512(a + i + L);
    mn = vmin<T>(mn, v);
    mx = vmax<T>(mx, v);
    mn2 = vmin<T>(mn2, w);
    mx2 = vmax<T>(mx2, w);
  }
  if (n - i >= L) {
    const __m512i v = _mm512_loadu_si512(a + i);
    mn = vmin<T>(mn, v);
    mx = vmax<T>(mx, v);
  }
  const __m512i v = _mm512_loadu_si512(a + n - L);
  mn = vmin<T>(vmin<T>(mn, mn2), v);
  mx = vmax<T>(vmax<T>(mx, mx2), v);
  T x[L], y[L];
  std::memcpy(x, &mn, sizeof x);
  std::memcpy(y, &mx, sizeof y);
  T unused;
  scalar::minmax(x, L, lo, unused);
  scalar::minmax(y, L, unused, hi);
}

template <class T>
TALLY_SIMD_FN std::size_t make_indices(const T* t, const T* p, std::size_t m, T lo,
                                       std::uint32_t kk, std::uint32_t k,
                                       std::uint32_t* out) noexcept {
  std::size_t i = 0;
  if constexpr (sizeof(T) <= 2) {
    // Widen 16 labels to 32-bit lanes (sign- or zero-extended like T).
    const __m512i vlo = _mm512_set1_epi32(static_cast<int>(lo));
    const __m512i vkk = _mm512_set1_epi32(static_cast<int>(kk));
    const __m512i vk = _mm512_set1_epi32(static_cast<int>(k));
    for (; m - i >= 16; i += 16) {
      __m512i a, b;
      if constexpr (sizeof(T) == 1) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        a = std::is_signed_v<T> ? _mm512_maskz_cvtepi8_epi32(full32, x) : _mm512_maskz_cvtepu8_epi32(full32, x);
        b = std::is_signed_v<T> ? _mm512_maskz_cvtepi8_epi32(full32, y) : _mm512_maskz_cvtepu8_epi32(full32, y);
      } else {
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t + i));
        const __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
        a = std::is_signed_v<T> ? _mm512_maskz_cvtepi16_epi32(full32, x) : _mm512_maskz_cvtepu16_epi32(full32, x);
        b = std::is_signed_v<T> ? _mm512_maskz_cvtepi16_epi32(full32, y) : _mm512_maskz_cvtepu16_epi32(full32, y);
      }
      a = _mm512_sub_epi32(a, vlo);
      b = _mm512_sub_epi32(b, vlo);
      if (_mm512_cmplt_epu32_mask(_mm512_maskz_max_epu32(full32, a, b), vkk) != 0xFFFF) break;
      _mm512_storeu_si512(out + i, _mm512_add_epi32(_mm512_mullo_epi32(a, vk), b));
    }
  } else if constexpr (sizeof(T) == 4) {
    const __m512i vlo = _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(lo)));
    const __m512i vkk = _mm512_set1_epi32(static_cast<int>(kk));
    const __m512i vk = _mm512_set1_epi32(static_cast<int>(k));
    for (; m - i >= 16; i += 16) {
      const __m512i a = _mm512_sub_epi32(_mm512_loadu_si512(t + i), vlo);
      const __m512i b = _mm512_sub_epi32(_mm512_loadu_si512(p + i), vlo);
      if (_mm512_cmplt_epu32_mask(_mm512_maskz_max_epu32(full32, a, b), vkk) != 0xFFFF) break;
      _mm512_storeu_si512(out + i, _mm512_add_epi32(_mm512_mullo_epi32(a, vk), b));
    }
  } else if constexpr (sizeof(T) == 8) {
    const __m512i vlo = _mm512_set1_epi64(static_cast<long long>(static_cast<std::uint64_t>(lo)));
    const __m512i vkk = _mm512_set1_epi64(static_cast<long long>(kk));
    const __m512i vk = _mm512_set1_epi64(static_cast<long long>(k));
    for (; m - i >= 8; i += 8) {
      const __m512i a = _mm512_sub_epi64(_mm512_loadu_si512(t + i), vlo);
      const __m512i b = _mm512_sub_epi64(_mm512_loadu_si512(p + i), vlo);
      if (_mm512_cmplt_epu64_mask(_mm512_maskz_max_epu64(full64, a, b), vkk) != 0xFF) break;
      const __m512i idx = _mm512_add_epi64(_mm512_maskz_mul_epu32(full64, a, vk), b);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), _mm512_maskz_cvtepi64_epi32(full64, idx));
    }
  }
  return i + scalar::make_indices(t + i, p + i, m - i, lo, kk, k, out + i);
}

TALLY_SIMD_FN void make_indices_drop(const std::int32_t* t, const std::int32_t* p, std::size_t m,
                                     std::uint32_t k, std::uint32_t drop,
                                     std::uint32_t* out) noexcept {
  std::size_t i = 0;
  const __m512i vk = _mm512_set1_epi32(static_cast<int>(k));
  const __m512i vdrop = _mm512_set1_epi32(static_cast<int>(drop));
  for (; m - i >= 16; i += 16) {
    const __m512i a = _mm512_loadu_si512(t + i);
    const __m512i b = _mm512_loadu_si512(p + i);
    const __mmask16 neg = _mm512_movepi32_mask(_mm512_or_si512(a, b));
    const __m512i idx = _mm512_add_epi32(_mm512_mullo_epi32(a, vk), b);
    _mm512_storeu_si512(out + i, _mm512_mask_mov_epi32(idx, neg, vdrop));
  }
  scalar::make_indices_drop(t + i, p + i, m - i, k, drop, out + i);
}

TALLY_SIMD_FN std::uint8_t multilabel_block(const std::uint8_t* t, const std::uint8_t* p,
                                            std::size_t len, std::uint8_t* at, std::uint8_t* ap,
                                            std::uint8_t* atp) noexcept {
  __m512i any = _mm512_setzero_si512();
  for (std::size_t i = 0; i < len; i += 64) {
    const __m512i a = _mm512_loadu_si512(t + i);
    const __m512i b = _mm512_loadu_si512(p + i);
    any = _mm512_or_si512(any, _mm512_or_si512(a, b));
    _mm512_storeu_si512(at + i, _mm512_add_epi8(_mm512_loadu_si512(at + i), a));
    _mm512_storeu_si512(ap + i, _mm512_add_epi8(_mm512_loadu_si512(ap + i), b));
    _mm512_storeu_si512(atp + i,
                        _mm512_add_epi8(_mm512_loadu_si512(atp + i), _mm512_and_si512(a, b)));
  }
  const __mmask64 high = _mm512_test_epi8_mask(any, _mm512_set1_epi8(static_cast<char>(0xFE)));
  return high == 0 ? std::uint8_t{1} : std::uint8_t{0xFF};
}

#undef TALLY_SIMD_FN

} // namespace avx512
} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_HAS_AVX512
#endif // TALLY_DETAIL_SIMD_AVX512_HPP
// ---- end tally/detail/simd/avx512.hpp ----
// ---- begin tally/detail/simd/neon.hpp ----
#ifndef TALLY_DETAIL_SIMD_NEON_HPP
#define TALLY_DETAIL_SIMD_NEON_HPP

// AArch64 NEON kernels (128-bit; NEON is part of the AArch64 baseline), in
// namespace detail::neon.


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

// ---- begin tally/detail/simd/generic_binary.ipp ----

// The binary-count kernel, written once against a per-ISA `ops<Kind>` table.
// This file is deliberately included once per instruction set, inside that
// ISA's namespace (detail::sse2, detail::avx2, ...), after TALLY_SIMD_FN has
// been defined as the ISA's target attribute; so it has no include guard.
//
// ops<Kind> provides: reg, mask, cnt, lanes, flush_every, load(const void*),
// set1(value), eq(reg, reg) -> mask, and_, or_, all_true(mask), ones(),
// czero(), acc(cnt, mask) -> cnt (adds one per true lane) and hsum(cnt).
// The ISA also provides count_binary_many(t, p, n, pos, first, other): the
// full result when more than one label differs from pos, given the first
// position `first` where a label differs and that label `other`.

// Counts tp / true / pred in one pass and checks, in the same pass, that
// every label that is not `pos` equals one other value. When that check
// fails (a third label, or a NaN) count_binary_many recomputes the result
// with the smallest and largest other label, exactly as the scalar kernel
// does.
template <class T>
TALLY_SIMD_FN binary_tally<T> count_binary(const T* t, const T* p, std::size_t n,
                                           T pos) noexcept {
  using O = ops<lane_kind_t<T>>;
  constexpr std::size_t L = O::lanes;
  const auto vpos = O::set1(pos);
  std::size_t i = 0;
  // Leading samples where both labels are pos need no counting beyond i.
  while (n - i >= L && O::all_true(O::and_(O::eq(O::load(t + i), vpos),
                                          O::eq(O::load(p + i), vpos))))
    i += L;
  while (i < n && t[i] == pos && p[i] == pos) ++i;
  binary_tally<T> r;
  r.total = n;
  if (i == n) {
    r.both = r.true_pos = r.pred_pos = n;
    return r;
  }
  const T other = t[i] == pos ? p[i] : t[i];
  const std::size_t first = i;
  std::uint64_t both = i, tc = i, pc = i;
  const auto vother = O::set1(other);
  while (n - i >= L) {
    const std::size_t iters = (std::min)((n - i) / L, O::flush_every);
    auto cb = O::czero(), ct = O::czero(), cp = O::czero();
    auto ok = O::ones();
    for (std::size_t j = 0; j < iters; ++j, i += L) {
      const auto a = O::load(t + i);
      const auto b = O::load(p + i);
      const auto ma = O::eq(a, vpos);
      const auto mb = O::eq(b, vpos);
      ct = O::acc(ct, ma);
      cp = O::acc(cp, mb);
      cb = O::acc(cb, O::and_(ma, mb));
      ok = O::and_(ok, O::and_(O::or_(ma, O::eq(a, vother)), O::or_(mb, O::eq(b, vother))));
    }
    if (!O::all_true(ok)) return count_binary_many(t, p, n, pos, first, other);
    both += O::hsum(cb);
    tc += O::hsum(ct);
    pc += O::hsum(cp);
  }
  for (; i < n; ++i) {
    const bool a = t[i] == pos;
    const bool b = p[i] == pos;
    if ((!a && !(t[i] == other)) || (!b && !(p[i] == other)))
      return count_binary_many(t, p, n, pos, first, other);
    both += static_cast<std::uint64_t>(a && b);
    tc += static_cast<std::uint64_t>(a);
    pc += static_cast<std::uint64_t>(b);
  }
  r.both = both;
  r.true_pos = tc;
  r.pred_pos = pc;
  r.any_other = true;
  r.other_min = r.other_max = other;
  return r;
}
// ---- end tally/detail/simd/generic_binary.ipp ----

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
      auto ld = [](const T* q) noexcept { return vld1q_s8(reinterpret_cast<const std::int8_t*>(q)); };
      int8x16_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L) mn = vminq_s8(mn, ld(a + i)), mx = vmaxq_s8(mx, ld(a + i));
      mn = vminq_s8(mn, ld(a + n - L)), mx = vmaxq_s8(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    } else if constexpr (sizeof(T) == 1) {
      auto ld = [](const T* q) noexcept { return vld1q_u8(reinterpret_cast<const std::uint8_t*>(q)); };
      uint8x16_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L) mn = vminq_u8(mn, ld(a + i)), mx = vmaxq_u8(mx, ld(a + i));
      mn = vminq_u8(mn, ld(a + n - L)), mx = vmaxq_u8(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    } else if constexpr (sizeof(T) == 2 && std::is_signed_v<T>) {
      auto ld = [](const T* q) noexcept { return vld1q_s16(reinterpret_cast<const std::int16_t*>(q)); };
      int16x8_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L) mn = vminq_s16(mn, ld(a + i)), mx = vmaxq_s16(mx, ld(a + i));
      mn = vminq_s16(mn, ld(a + n - L)), mx = vmaxq_s16(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    } else if constexpr (sizeof(T) == 2) {
      auto ld = [](const T* q) noexcept { return vld1q_u16(reinterpret_cast<const std::uint16_t*>(q)); };
      uint16x8_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L) mn = vminq_u16(mn, ld(a + i)), mx = vmaxq_u16(mx, ld(a + i));
      mn = vminq_u16(mn, ld(a + n - L)), mx = vmaxq_u16(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    } else if constexpr (std::is_signed_v<T>) {
      auto ld = [](const T* q) noexcept { return vld1q_s32(reinterpret_cast<const std::int32_t*>(q)); };
      int32x4_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L) mn = vminq_s32(mn, ld(a + i)), mx = vmaxq_s32(mx, ld(a + i));
      mn = vminq_s32(mn, ld(a + n - L)), mx = vmaxq_s32(mx, ld(a + n - L));
      std::memcpy(x, &mn, sizeof x), std::memcpy(y, &mx, sizeof y);
    } else {
      auto ld = [](const T* q) noexcept { return vld1q_u32(reinterpret_cast<const std::uint32_t*>(q)); };
      uint32x4_t mn = ld(a), mx = mn;
      for (std::size_t i = L; n - i >= L; i += L) mn = vminq_u32(mn, ld(a + i)), mx = vmaxq_u32(mx, ld(a + i));
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
    const uint32x4_t idx =
        vmlaq_u32(vreinterpretq_u32_s32(b), vreinterpretq_u32_s32(a), vk);
    vst1q_u32(out + i, vbslq_u32(neg, vdrop, idx));
  }
  scalar::make_indices_drop(t + i, p + i, m - i, k, drop, out + i);
}

inline std::uint8_t multilabel_block(const std::uint8_t* t, const std::uint8_t* p,
                                     std::size_t len, std::uint8_t* at, std::uint8_t* ap,
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
// ---- end tally/detail/simd/neon.hpp ----
// ---- begin tally/detail/simd/sse2.hpp ----
#ifndef TALLY_DETAIL_SIMD_SSE2_HPP
#define TALLY_DETAIL_SIMD_SSE2_HPP

// SSE2 kernels (128-bit, the x86-64 baseline), in namespace detail::sse2.


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

// ---- begin tally/detail/simd/generic_binary.ipp ----

// The binary-count kernel, written once against a per-ISA `ops<Kind>` table.
// This file is deliberately included once per instruction set, inside that
// ISA's namespace (detail::sse2, detail::avx2, ...), after TALLY_SIMD_FN has
// been defined as the ISA's target attribute; so it has no include guard.
//
// ops<Kind> provides: reg, mask, cnt, lanes, flush_every, load(const void*),
// set1(value), eq(reg, reg) -> mask, and_, or_, all_true(mask), ones(),
// czero(), acc(cnt, mask) -> cnt (adds one per true lane) and hsum(cnt).
// The ISA also provides count_binary_many(t, p, n, pos, first, other): the
// full result when more than one label differs from pos, given the first
// position `first` where a label differs and that label `other`.

// Counts tp / true / pred in one pass and checks, in the same pass, that
// every label that is not `pos` equals one other value. When that check
// fails (a third label, or a NaN) count_binary_many recomputes the result
// with the smallest and largest other label, exactly as the scalar kernel
// does.
template <class T>
TALLY_SIMD_FN binary_tally<T> count_binary(const T* t, const T* p, std::size_t n,
                                           T pos) noexcept {
  using O = ops<lane_kind_t<T>>;
  constexpr std::size_t L = O::lanes;
  const auto vpos = O::set1(pos);
  std::size_t i = 0;
  // Leading samples where both labels are pos need no counting beyond i.
  while (n - i >= L && O::all_true(O::and_(O::eq(O::load(t + i), vpos),
                                          O::eq(O::load(p + i), vpos))))
    i += L;
  while (i < n && t[i] == pos && p[i] == pos) ++i;
  binary_tally<T> r;
  r.total = n;
  if (i == n) {
    r.both = r.true_pos = r.pred_pos = n;
    return r;
  }
  const T other = t[i] == pos ? p[i] : t[i];
  const std::size_t first = i;
  std::uint64_t both = i, tc = i, pc = i;
  const auto vother = O::set1(other);
  while (n - i >= L) {
    const std::size_t iters = (std::min)((n - i) / L, O::flush_every);
    auto cb = O::czero(), ct = O::czero(), cp = O::czero();
    auto ok = O::ones();
    for (std::size_t j = 0; j < iters; ++j, i += L) {
      const auto a = O::load(t + i);
      const auto b = O::load(p + i);
      const auto ma = O::eq(a, vpos);
      const auto mb = O::eq(b, vpos);
      ct = O::acc(ct, ma);
      cp = O::acc(cp, mb);
      cb = O::acc(cb, O::and_(ma, mb));
      ok = O::and_(ok, O::and_(O::or_(ma, O::eq(a, vother)), O::or_(mb, O::eq(b, vother))));
    }
    if (!O::all_true(ok)) return count_binary_many(t, p, n, pos, first, other);
    both += O::hsum(cb);
    tc += O::hsum(ct);
    pc += O::hsum(cp);
  }
  for (; i < n; ++i) {
    const bool a = t[i] == pos;
    const bool b = p[i] == pos;
    if ((!a && !(t[i] == other)) || (!b && !(p[i] == other)))
      return count_binary_many(t, p, n, pos, first, other);
    both += static_cast<std::uint64_t>(a && b);
    tc += static_cast<std::uint64_t>(a);
    pc += static_cast<std::uint64_t>(b);
  }
  r.both = both;
  r.true_pos = tc;
  r.pred_pos = pc;
  r.any_other = true;
  r.other_min = r.other_max = other;
  return r;
}
// ---- end tally/detail/simd/generic_binary.ipp ----

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
      const __m128i a = _mm_sub_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i)), vlo);
      const __m128i b = _mm_sub_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), vlo);
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
// ---- end tally/detail/simd/sse2.hpp ----

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
    throw_invalid_argument(std::string(fn) + ": a dense confusion matrix of " +
                           std::to_string(n_classes) + " classes needs " +
                           (k > (std::uint64_t{1} << 32) ? std::string("more than 2^64")
                                                          : std::to_string(k * k * cb)) +
                           " bytes, above the limit TALLY_MAX_MATRIX_BYTES = " +
                           std::to_string(limit));
}

// ---- binary counts ------------------------------------------------------

template <class T>
binary_tally<T> count_binary(const T* t, const T* p, std::size_t n, T pos) noexcept {
  if constexpr (simd_label_v<T>) {
    switch (active_isa()) {
#if TALLY_HAS_AVX512
    case kernel_isa::avx512: return avx512::count_binary(t, p, n, pos);
#endif
#if TALLY_HAS_AVX2
    case kernel_isa::avx2: return avx2::count_binary(t, p, n, pos);
#endif
#if TALLY_HAS_SSE2
    case kernel_isa::sse2: return sse2::count_binary(t, p, n, pos);
#endif
#if TALLY_HAS_NEON
    case kernel_isa::neon: return neon::count_binary(t, p, n, pos);
#endif
    default: break;
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
    case kernel_isa::avx512: return avx512::minmax(a, n, lo, hi);
#endif
#if TALLY_HAS_AVX2
    case kernel_isa::avx2: return avx2::minmax(a, n, lo, hi);
#endif
#if TALLY_HAS_NEON
    case kernel_isa::neon: return neon::minmax(a, n, lo, hi);
#endif
    default: break;
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
    case kernel_isa::avx512: return avx512::make_indices(t, p, m, lo, kk, k, out);
#endif
#if TALLY_HAS_AVX2
    case kernel_isa::avx2: return avx2::make_indices(t, p, m, lo, kk, k, out);
#endif
#if TALLY_HAS_SSE2
    case kernel_isa::sse2: return sse2::make_indices(t, p, m, lo, kk, k, out);
#endif
#if TALLY_HAS_NEON
    case kernel_isa::neon: return neon::make_indices(t, p, m, lo, kk, k, out);
#endif
    default: break;
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
  case kernel_isa::avx512: return avx512::make_indices_drop(t, p, m, k, drop, out);
#endif
#if TALLY_HAS_AVX2
  case kernel_isa::avx2: return avx2::make_indices_drop(t, p, m, k, drop, out);
#endif
#if TALLY_HAS_SSE2
  case kernel_isa::sse2: return sse2::make_indices_drop(t, p, m, k, drop, out);
#endif
#if TALLY_HAS_NEON
  case kernel_isa::neon: return neon::make_indices_drop(t, p, m, k, drop, out);
#endif
  default: break;
  }
  scalar::make_indices_drop(t, p, m, k, drop, out);
}

inline constexpr std::size_t chunk = 1024;          // indices computed per step
inline constexpr std::size_t small_cells = 1024;    // K <= 32: 4 sub-histograms on the stack
inline constexpr std::size_t medium_cells = 1 << 22; // K <= 2048: one 32-bit histogram
inline constexpr std::uint64_t flush_after = 0xFFFF0000u; // 32-bit counters flushed before this

// Counts matrix indices into 64-bit cells. Small matrices use four
// interleaved 32-bit sub-histograms (consecutive samples that hit the same
// cell - the diagonal of an accurate classifier - then do not wait on each
// other's stores); medium ones a 32-bit histogram (half the cache footprint
// of 64-bit cells); large ones count straight into the matrix with software
// prefetch. Index `cells` (the drop cell) is ignored.
class counter {
public:
  counter(std::uint64_t* cm, std::size_t cells, std::size_t n) noexcept : cm_(cm), cells_(cells) {
    if (cells <= small_cells && n >= 4 * cells) {
      mode_ = mode::small;
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
      const std::size_t s = cells_ + 1;
      std::uint32_t* h = small_;
      std::size_t j = 0;
      for (; m - j >= 4; j += 4) {
        if (nt != nullptr && j % every == 0) {
          prefetch_read(nt + j * Width);
          prefetch_read(np + j * Width);
        }
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
        cm_[c] += std::uint64_t{small_[c]} + small_[s + c] + small_[2 * s + c] + small_[3 * s + c];
        small_[c] = small_[s + c] = small_[2 * s + c] = small_[3 * s + c] = 0;
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
  return std::is_integral_v<T> && !std::is_same_v<T, bool> && k >= 1 &&
         k <= simd_max_classes && n >= 32;
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
  case kernel_isa::avx512: return &avx512::multilabel_block;
#endif
#if TALLY_HAS_AVX2
  case kernel_isa::avx2: return &avx2::multilabel_block;
#endif
#if TALLY_HAS_SSE2
  case kernel_isa::sse2: return &sse2::multilabel_block;
#endif
#if TALLY_HAS_NEON
  case kernel_isa::neon: return &neon::multilabel_block;
#endif
  default: return nullptr;
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
  if (mem == nullptr)
    return scalar::count_multilabel(t, p, n_rows, n_labels, tp, t_count, p_count);
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
// ---- end tally/detail/kernels.hpp ----
// ---- begin tally/detail/labels.hpp ----
#ifndef TALLY_DETAIL_LABELS_HPP
#define TALLY_DETAIL_LABELS_HPP

// Label sets and label-to-index mapping.
//
// A label set is the sorted union of the labels seen (scikit-learn's
// unique_labels) or a list given by the user, in the user's order. Integer
// labels within a small range are found with a presence table, never by
// sorting the data; other labels go through a hash set and only the distinct
// values are sorted.


#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

TALLY_NAMESPACE_BEGIN
namespace detail {

template <class K>
struct key_hash {
  std::size_t operator()(const K& k) const noexcept {
    if constexpr (std::is_enum_v<K>)
      return std::hash<std::underlying_type_t<K>>{}(static_cast<std::underlying_type_t<K>>(k));
    else
      return std::hash<K>{}(k);
  }
};

// Whether integer-like keys can be indexed through a table of `range` slots.
inline bool small_range(std::uint64_t range, std::size_t n) noexcept {
  return range <= (std::uint64_t{1} << 16) || (range <= (std::uint64_t{1} << 24) && range <= 4 * n);
}

template <class K>
inline constexpr bool is_table_key_v = std::is_integral_v<K> || std::is_enum_v<K>;

template <class K>
auto key_as_int(K k) noexcept {
  if constexpr (std::is_enum_v<K>)
    return static_cast<std::underlying_type_t<K>>(k);
  else
    return k;
}

// Distance from lo to v for integer-like keys (v >= lo).
template <class K>
std::uint64_t key_offset(K v, K lo) noexcept {
  return static_cast<std::uint64_t>(key_as_int(v)) - static_cast<std::uint64_t>(key_as_int(lo));
}

/// An ordered list of distinct labels with a fast index lookup.
template <class K>
class label_set {
public:
  label_set() = default;

  /// The sorted distinct labels of the given arrays.
  static label_set infer(const K* a, std::size_t na, const K* b, std::size_t nb) {
    label_set s;
    if (na + nb == 0) return s;
    if constexpr (is_table_key_v<K>) {
      K lo{}, hi{}, lo2{}, hi2{};
      const bool has_a = na > 0, has_b = nb > 0;
      if (has_a) minmax(a, na, lo, hi);
      if (has_b) {
        minmax(b, nb, lo2, hi2);
        if (!has_a || lo2 < lo) lo = lo2;
        if (!has_a || hi < hi2) hi = hi2;
      }
      const std::uint64_t range = key_offset(hi, lo) + 1;
      if (range != 0 && small_range(range, na + nb)) {
        std::vector<std::uint8_t> seen(static_cast<std::size_t>(range), 0);
        for (std::size_t i = 0; i < na; ++i) seen[key_offset(a[i], lo)] = 1;
        for (std::size_t i = 0; i < nb; ++i) seen[key_offset(b[i], lo)] = 1;
        for (std::size_t r = 0; r < seen.size(); ++r)
          if (seen[r])
            s.values_.push_back(static_cast<K>(static_cast<std::uint64_t>(key_as_int(lo)) + r));
        s.build_index();
        return s;
      }
    }
    std::unordered_set<K, key_hash<K>> seen;
    for (std::size_t i = 0; i < na; ++i) seen.insert(a[i]);
    for (std::size_t i = 0; i < nb; ++i) seen.insert(b[i]);
    s.values_.assign(seen.begin(), seen.end());
    std::sort(s.values_.begin(), s.values_.end());
    s.build_index();
    return s;
  }

  /// A user's list, kept in the given order. Repeated labels are an error.
  static label_set given(std::vector<K> values, const char* what = "labels") {
    label_set s;
    s.values_ = std::move(values);
    s.build_index();
    if (s.duplicate_)
      throw_invalid_argument(std::string(what) + " contains a repeated label (" +
                             to_text(s.duplicate_value_) + ")");
    return s;
  }

  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }
  [[nodiscard]] bool empty() const noexcept { return values_.empty(); }
  [[nodiscard]] const K& operator[](std::size_t i) const noexcept { return values_[i]; }
  [[nodiscard]] const std::vector<K>& values() const noexcept { return values_; }

  /// The position of a label, or -1 when it is not in the set.
  [[nodiscard]] std::int32_t index_of(const K& k) const noexcept {
    if constexpr (is_table_key_v<K>) {
      if (use_table_) {
        if (k < lo_) return -1;
        const std::uint64_t off = key_offset(k, lo_);
        return off < table_.size() ? table_[static_cast<std::size_t>(off)] : -1;
      }
    }
    const auto it = map_.find(k);
    return it == map_.end() ? -1 : it->second;
  }
  [[nodiscard]] bool contains(const K& k) const noexcept { return index_of(k) >= 0; }

  /// True when the labels are lo, lo+1, ..., lo+size()-1 in that order, so
  /// a label's index is its distance from lo.
  [[nodiscard]] bool is_consecutive() const noexcept { return consecutive_; }
  [[nodiscard]] K first() const noexcept { return values_.empty() ? K{} : values_[0]; }

  /// Maps each label to its index (-1 when absent).
  void map(const K* in, std::size_t n, std::int32_t* out) const noexcept {
    if constexpr (is_table_key_v<K>) {
      if (use_table_) {
        const auto sz = static_cast<std::uint64_t>(table_.size());
        for (std::size_t i = 0; i < n; ++i) {
          const std::uint64_t off = key_offset(in[i], lo_);
          out[i] = (in[i] < lo_ || off >= sz) ? -1 : table_[static_cast<std::size_t>(off)];
        }
        return;
      }
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = index_of(in[i]);
  }

private:
  void build_index() {
    const std::size_t k = values_.size();
    if (k > static_cast<std::size_t>(INT32_MAX))
      throw_invalid_argument("too many distinct labels (" + std::to_string(k) + ")");
    consecutive_ = false;
    if constexpr (is_table_key_v<K>) {
      if (k > 0) {
        K lo = values_[0], hi = values_[0];
        for (const K& v : values_) {
          if (v < lo) lo = v;
          if (hi < v) hi = v;
        }
        const std::uint64_t range = key_offset(hi, lo) + 1;
        if (range != 0 && small_range(range, k)) {
          use_table_ = true;
          lo_ = lo;
          table_.assign(static_cast<std::size_t>(range), -1);
          for (std::size_t i = 0; i < k; ++i) {
            auto& slot = table_[key_offset(K(values_[i]), lo)];
            if (slot >= 0 && !duplicate_) duplicate_ = true, duplicate_value_ = K(values_[i]);
            slot = static_cast<std::int32_t>(i);
          }
          consecutive_ = range == k && values_[0] == lo;
          if (consecutive_)
            for (std::size_t i = 0; i < k; ++i)
              if (key_offset(K(values_[i]), lo) != i) consecutive_ = false;
          return;
        }
      }
    }
    map_.reserve(k);
    for (std::size_t i = 0; i < k; ++i) {
      const bool inserted = map_.emplace(values_[i], static_cast<std::int32_t>(i)).second;
      if (!inserted && !duplicate_) duplicate_ = true, duplicate_value_ = values_[i];
    }
  }

  std::vector<K> values_;
  std::unordered_map<K, std::int32_t, key_hash<K>> map_;
  std::vector<std::int32_t> table_;
  K lo_{};
  bool use_table_ = false;
  bool consecutive_ = false;
  bool duplicate_ = false;
  K duplicate_value_{};
};

// The user's labels option converted to keys of the data's type.
template <class K, class L>
std::vector<K> convert_labels(const std::vector<L>& values) {
  std::vector<K> out;
  out.reserve(values.size());
  for (const auto& v : values) {
    if constexpr (std::is_same_v<K, std::string_view>) {
      static_assert(is_string_like_v<L>, "tally: labels must be strings when the data are strings");
      out.emplace_back(v);
    } else {
      static_assert(!is_string_like_v<L>,
                    "tally: labels must not be strings when the data are not");
      out.push_back(static_cast<K>(v));
    }
  }
  return out;
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_LABELS_HPP
// ---- end tally/detail/labels.hpp ----
// ---- begin tally/detail/multilabel.hpp ----
#ifndef TALLY_DETAIL_MULTILABEL_HPP
#define TALLY_DETAIL_MULTILABEL_HPP

// Multilabel input: an n x L indicator matrix, given either as a contiguous
// row-major buffer (tally::indicator_view) or as a range of rows.


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
// ---- end tally/detail/multilabel.hpp ----
// ---- begin tally/options.hpp ----
#ifndef TALLY_OPTIONS_HPP
#define TALLY_OPTIONS_HPP

// Options are values of distinct types, passed after the data in any order:
//
//   tally::f1_score(y_true, y_pred, tally::average::macro,
//                   tally::zero_division::one, tally::sample_weight(w));
//
// A function accepts the options that its scikit-learn namesake takes; any
// other option is a compile-time error naming the function.


#include <cstddef>
#include <initializer_list>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// How per-label values are combined (scikit-learn's `average`).
enum class average {
  binary,   ///< only the positive label (`pos_label`); binary targets only
  micro,    ///< counts summed over labels, then one ratio
  macro,    ///< unweighted mean of per-label values
  weighted, ///< mean weighted by each label's support (true count)
  samples,  ///< per-sample values averaged (multilabel only)
  none      ///< no averaging: one value per label
};

/// What a ratio with a zero denominator becomes (scikit-learn's `zero_division`).
enum class zero_division {
  warn, ///< 0, scikit-learn's default (which also warns)
  zero, ///< 0
  one,  ///< 1
  nan,  ///< NaN, and left out of averages
  raise ///< throw std::domain_error
};

/// Normalization of a confusion matrix (scikit-learn's `normalize`).
enum class normalize {
  none,      ///< counts
  over_true, ///< each row (true label) sums to 1   ('true')
  over_pred, ///< each column (predicted label) sums to 1 ('pred')
  over_all   ///< the whole matrix sums to 1         ('all')
};

/// Disagreement weights for Cohen's kappa (scikit-learn's `weights`).
enum class kappa_weights { none, linear, quadratic };

namespace detail {
inline const char* average_name(average a) noexcept {
  switch (a) {
  case average::binary: return "binary";
  case average::micro: return "micro";
  case average::macro: return "macro";
  case average::weighted: return "weighted";
  case average::samples: return "samples";
  case average::none: return "none";
  }
  return "?";
}

struct labels_kind {};
struct pos_label_kind {};
struct sample_weight_kind {};
struct beta_kind {};
struct adjusted_kind {};
struct replace_undefined_kind {};
struct digits_kind {};
struct samplewise_kind {};
struct normalized_kind {};
struct target_names_kind {};
struct per_label_kind {};
} // namespace detail

/// An explicit label list, in the order results should follow.
template <class L>
struct labels_option {
  using option_kind = detail::labels_kind;
  std::vector<L> values;
};

template <class L>
labels_option<detail::result_label_t<L>> labels(std::initializer_list<L> values) {
  labels_option<detail::result_label_t<L>> o;
  o.values.reserve(values.size());
  for (const auto& v : values) o.values.emplace_back(detail::to_key(v));
  return o;
}

template <class R, class = std::enable_if_t<detail::is_range_v<const R>>>
labels_option<detail::result_label_t<detail::range_value_t<const R>>> labels(const R& values) {
  labels_option<detail::result_label_t<detail::range_value_t<const R>>> o;
  for (const auto& v : values) o.values.emplace_back(detail::to_key(v));
  return o;
}

/// The label of the positive class for binary metrics (default: 1).
template <class L>
struct pos_label_option {
  using option_kind = detail::pos_label_kind;
  L value;
};

template <class L>
pos_label_option<detail::result_label_t<L>> pos_label(const L& value) {
  return {detail::result_label_t<L>(detail::to_key(value))};
}
inline pos_label_option<std::string> pos_label(const char* value) {
  return {std::string(value ? value : "")};
}

/// Per-sample weights. An lvalue contiguous range of double is viewed, not
/// copied (keep it alive for the call); anything else is copied.
class sample_weight_option {
public:
  using option_kind = detail::sample_weight_kind;

  sample_weight_option() = default;
  sample_weight_option(const double* data, std::size_t size) : data_(data), size_(size) {}
  explicit sample_weight_option(std::vector<double>&& owned)
      : owned_(std::move(owned)), data_(owned_.data()), size_(owned_.size()) {}
  sample_weight_option(const sample_weight_option& o) { *this = o; }
  sample_weight_option(sample_weight_option&& o) noexcept { *this = std::move(o); }
  sample_weight_option& operator=(const sample_weight_option& o) {
    if (this == &o) return *this;
    owned_ = o.owned_;
    size_ = o.size_;
    data_ = o.owns() ? owned_.data() : o.data_;
    return *this;
  }
  sample_weight_option& operator=(sample_weight_option&& o) noexcept {
    if (this == &o) return *this;
    const bool owning = o.owns();
    owned_ = std::move(o.owned_);
    size_ = o.size_;
    data_ = owning ? owned_.data() : o.data_;
    return *this;
  }
  ~sample_weight_option() = default;

  [[nodiscard]] const double* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const double* begin() const noexcept { return data_; }
  [[nodiscard]] const double* end() const noexcept { return data_ + size_; }
  [[nodiscard]] double operator[](std::size_t i) const noexcept { return data_[i]; }

private:
  [[nodiscard]] bool owns() const noexcept { return !owned_.empty() && data_ == owned_.data(); }
  std::vector<double> owned_;
  const double* data_ = nullptr;
  std::size_t size_ = 0;
};

inline sample_weight_option sample_weight(const double* data, std::size_t size) {
  return {data, size};
}
inline sample_weight_option sample_weight(std::vector<double>&& owned) {
  return sample_weight_option(std::move(owned));
}
template <class R, class = std::enable_if_t<detail::is_range_v<const R>>>
sample_weight_option sample_weight(const R& weights) {
  using value = detail::range_value_t<const R>;
  static_assert(std::is_arithmetic_v<value>, "tally::sample_weight requires arithmetic weights");
  if constexpr (detail::is_contiguous_v<const R> && std::is_same_v<value, double>) {
    return {std::data(weights), static_cast<std::size_t>(std::size(weights))};
  } else {
    std::vector<double> copy;
    for (const auto& w : weights) copy.push_back(static_cast<double>(w));
    return sample_weight_option(std::move(copy));
  }
}
inline sample_weight_option sample_weight(std::initializer_list<double> weights) {
  return sample_weight_option(std::vector<double>(weights));
}

/// F-beta's beta (>= 0; 0 gives precision, +inf gives recall).
struct beta {
  using option_kind = detail::beta_kind;
  double value = 1.0;
  constexpr explicit beta(double v) noexcept : value(v) {}
};

/// Balanced accuracy adjusted for chance (scikit-learn's `adjusted=True`).
struct adjusted {
  using option_kind = detail::adjusted_kind;
  bool value = true;
  constexpr explicit adjusted(bool v = true) noexcept : value(v) {}
};

/// The value returned when kappa or a likelihood ratio is undefined
/// (scikit-learn's `replace_undefined_by`; default NaN).
struct replace_undefined_by {
  using option_kind = detail::replace_undefined_kind;
  double value;          ///< kappa, and LR+ in class_likelihood_ratios
  double negative_value; ///< LR- in class_likelihood_ratios
  bool separate = false; ///< given as a (LR+, LR-) pair
  constexpr explicit replace_undefined_by(double v) noexcept : value(v), negative_value(v) {}
  /// Separate values for LR+ and LR- (class_likelihood_ratios).
  constexpr replace_undefined_by(double lr_plus, double lr_minus) noexcept
      : value(lr_plus), negative_value(lr_minus), separate(true) {}
};

/// Decimal digits in the text classification report (default 2).
struct digits {
  using option_kind = detail::digits_kind;
  int value = 2;
  constexpr explicit digits(int v) noexcept : value(v) {}
};

/// Per-sample 2 x 2 matrices in multilabel_confusion_matrix.
struct samplewise {
  using option_kind = detail::samplewise_kind;
  bool value = true;
  constexpr explicit samplewise(bool v = true) noexcept : value(v) {}
};

/// Return a fraction (true, the default) or a (weighted) count (false), as
/// scikit-learn's `normalize` on accuracy_score and zero_one_loss.
struct normalized {
  using option_kind = detail::normalized_kind;
  bool value = true;
  constexpr explicit normalized(bool v = true) noexcept : value(v) {}
};

/// Display names for the labels in classification_report.
struct target_names {
  using option_kind = detail::target_names_kind;
  std::vector<std::string> values;
  target_names(std::initializer_list<std::string> v) : values(v) {}
  explicit target_names(std::vector<std::string> v) : values(std::move(v)) {}
};

namespace detail {
struct average_kind {};
struct zero_division_kind {};
struct normalize_kind {};
struct kappa_weights_kind {};

template <class T, class = void>
struct option_kind_of {
  using type = void;
};
template <class T>
struct option_kind_of<T, std::void_t<typename T::option_kind>> {
  using type = typename T::option_kind;
};
template <>
struct option_kind_of<average> {
  using type = average_kind;
};
template <>
struct option_kind_of<zero_division> {
  using type = zero_division_kind;
};
template <>
struct option_kind_of<normalize> {
  using type = normalize_kind;
};
template <>
struct option_kind_of<kappa_weights> {
  using type = kappa_weights_kind;
};
template <class T>
using option_kind_t = typename option_kind_of<remove_cvref_t<T>>::type;

template <class Kind, class... Args>
inline constexpr bool has_option_v = (std::is_same_v<option_kind_t<Args>, Kind> || ...);

template <class Kind, class... Args>
inline constexpr std::size_t
    count_option_v = (std::size_t{0} + ... + (std::is_same_v<option_kind_t<Args>, Kind> ? 1u : 0u));

template <class Kind, class... Allowed>
inline constexpr bool kind_allowed_v = (std::is_same_v<Kind, Allowed> || ...);

// true when every option in Args is one of Allowed and none repeats.
template <class AllowedList, class... Args>
struct options_ok;
template <class... Allowed, class... Args>
struct options_ok<void(Allowed...), Args...> {
  static constexpr bool value = ((kind_allowed_v<option_kind_t<Args>, Allowed...> &&
                                  count_option_v<option_kind_t<Args>, Args...> == 1) &&
                                 ...);
};

// The option of a kind, or the fallback when absent.
template <class Kind, class Fallback>
constexpr decltype(auto) get_option(Fallback&& fallback) {
  return std::forward<Fallback>(fallback);
}
template <class Kind, class Fallback, class First, class... Rest>
constexpr decltype(auto) get_option(Fallback&& fallback, const First& first, const Rest&... rest) {
  if constexpr (std::is_same_v<option_kind_t<First>, Kind>)
    return (first);
  else
    return get_option<Kind>(std::forward<Fallback>(fallback), rest...);
}

// The sample-weight view of the options; size 0 and null data when absent.
template <class... Args>
const sample_weight_option& get_weights(const Args&... args) {
  static const sample_weight_option none{};
  return get_option<sample_weight_kind>(none, args...);
}

// Calls f with every option except those of one kind.
template <class Kind, class O>
auto option_unless(const O& o) {
  if constexpr (std::is_same_v<option_kind_t<O>, Kind>)
    return std::tuple<>();
  else
    return std::tuple<const O&>(o);
}
template <class Kind, class F, class... Opts>
decltype(auto) apply_without(F&& f, const Opts&... opts) {
  return std::apply(std::forward<F>(f), std::tuple_cat(option_unless<Kind>(opts)...));
}

} // namespace detail

/// Ask a metric for one value per label instead of an average (the result
/// is a std::vector<double> in label order); scikit-learn's average=None.
struct per_label_t {
  using option_kind = detail::per_label_kind;
};
inline constexpr per_label_t per_label{};

// Compile-time check that a function is given only options it accepts.
#define TALLY_DETAIL_CHECK_OPTIONS(fn, Opts, ...)                                                  \
  static_assert(::tally::detail::options_ok<void(__VA_ARGS__), Opts...>::value,                    \
                "tally::" fn ": an option is not accepted by this function or is given twice")

TALLY_NAMESPACE_END

#endif // TALLY_OPTIONS_HPP
// ---- end tally/options.hpp ----

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// A confusion matrix together with the labels of its rows and columns.
template <class Label, class T = std::uint64_t>
struct labeled_matrix {
  std::vector<Label> labels; ///< label of row/column i
  matrix<T> counts;          ///< rows true, columns predicted
};

namespace detail {

inline constexpr std::size_t index_chunk = 2048;

// Counts pairs (t, p) into m over the label set; samples with a label
// outside the set are dropped.
template <class K, class T>
void count_into(const K* t, const K* p, const double* w, std::size_t n, const label_set<K>& set,
                matrix<T>& m) {
  const std::size_t k = set.size();
  std::size_t start = 0;
  if constexpr (is_table_key_v<K> && !std::is_enum_v<K>) {
    if (set.is_consecutive() && k > 0) {
      if constexpr (std::is_same_v<T, double>)
        start = count_matrix_weighted(t, p, w, n, set.first(), k, m.data());
      else
        start = count_matrix(t, p, n, set.first(), k, m.data());
    }
  }
  std::int32_t ti[index_chunk], pi[index_chunk];
  for (std::size_t i = start; i < n; i += index_chunk) {
    const std::size_t len = (std::min)(index_chunk, n - i);
    set.map(t + i, len, ti);
    set.map(p + i, len, pi);
    if constexpr (std::is_same_v<T, double>)
      count_indices_weighted(ti, pi, w + i, len, k, m.data());
    else
      count_indices(ti, pi, len, k, m.data());
  }
}

// Labels inferred from the data together with their confusion matrix, when
// the matrix is small enough to hold (has_matrix); otherwise only the labels.
template <class K, class T>
struct inferred_counts {
  label_set<K> labels;
  matrix<T> counts;
  bool has_matrix = false;
};

inline constexpr std::size_t max_inferred_matrix_classes = 1024;

// Keeps the rows and columns of the labels that occur (non-zero row or
// column): the sorted union of the labels of an unweighted count.
template <class K>
inferred_counts<K, std::uint64_t> compact_range(const matrix<std::uint64_t>& wide, K lo) {
  const std::size_t r = wide.n_classes();
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < r; ++i)
    if (wide.true_count(i) + wide.pred_count(i) > 0) keep.push_back(i);
  inferred_counts<K, std::uint64_t> out;
  std::vector<K> values;
  for (std::size_t i : keep)
    values.push_back(static_cast<K>(static_cast<std::uint64_t>(key_as_int(lo)) + i));
  out.labels = label_set<K>::given(std::move(values));
  out.counts = matrix<std::uint64_t>(keep.size());
  for (std::size_t a = 0; a < keep.size(); ++a)
    for (std::size_t b = 0; b < keep.size(); ++b) out.counts(a, b) = wide(keep[a], keep[b]);
  out.has_matrix = true;
  return out;
}

// Infers the sorted label union and counts the matrix. Unweighted integer
// labels take one pass in the common case (labels within [0, 16)): the
// counts are taken over the whole range and the labels read off the
// marginals; other data take a min/max pass first. The data are never
// sorted.
template <class K, class T>
inferred_counts<K, T> infer_and_count(const K* t, const K* p, const double* w, std::size_t n) {
  if constexpr (is_table_key_v<K> && !std::is_enum_v<K> && std::is_same_v<T, std::uint64_t>) {
    constexpr std::size_t guess = 16;
    const K zero = K(0);
    if constexpr (!std::is_same_v<K, bool>) {
      matrix<std::uint64_t> wide(guess);
      if (count_matrix(t, p, n, zero, guess, wide.data()) == n) return compact_range(wide, zero);
    } else {
      matrix<std::uint64_t> wide(2);
      if (count_matrix(t, p, n, false, 2, wide.data()) == n) return compact_range(wide, false);
    }
    K lo{}, hi{}, lo2{}, hi2{};
    minmax(t, n, lo, hi);
    minmax(p, n, lo2, hi2);
    if (lo2 < lo) lo = lo2;
    if (hi < hi2) hi = hi2;
    const std::uint64_t range = key_offset(hi, lo) + 1;
    if (range != 0 && range <= max_inferred_matrix_classes) {
      matrix<std::uint64_t> wide(static_cast<std::size_t>(range));
      count_matrix(t, p, n, lo, wide.n_classes(), wide.data());
      return compact_range(wide, lo);
    }
  }
  inferred_counts<K, T> out;
  out.labels = label_set<K>::infer(t, n, p, n);
  if (out.labels.size() <= max_inferred_matrix_classes) {
    out.counts = matrix<T>(out.labels.size());
    count_into(t, p, w, n, out.labels, out.counts);
    out.has_matrix = true;
  }
  return out;
}

// Per-label sufficient statistics (scikit-learn's multilabel confusion
// matrix, one-vs-rest): tp, predicted count and true count per label, and
// the total weight.
template <class T>
struct label_stats {
  std::vector<T> tp, pred, truth;
  T total{};
  [[nodiscard]] binary_counts<T> counts(std::size_t i) const noexcept {
    binary_counts<T> c;
    c.tp = tp[i];
    c.fp = pred[i] - tp[i];
    c.fn = truth[i] - tp[i];
    c.tn = total - c.tp - c.fp - c.fn;
    return c;
  }
};

template <class T>
T sum_weights(const double* w, std::size_t n) noexcept {
  if constexpr (std::is_same_v<T, double>) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += w[i];
    return s;
  } else {
    (void)w;
    return static_cast<T>(n);
  }
}

// Statistics for every label of `set` over all samples (none dropped).
template <class K, class T>
label_stats<T> count_stats(const K* t, const K* p, const double* w, std::size_t n,
                           const label_set<K>& set) {
  const std::size_t k = set.size();
  label_stats<T> s;
  s.tp.assign(k, T{});
  s.pred.assign(k, T{});
  s.truth.assign(k, T{});
  s.total = sum_weights<T>(w, n);
  if (k <= 256) {
    matrix<T> m(k);
    count_into(t, p, w, n, set, m);
    for (std::size_t i = 0; i < k; ++i) {
      s.tp[i] = m(i, i);
      s.pred[i] = m.pred_count(i);
      s.truth[i] = m.true_count(i);
    }
    return s;
  }
  std::int32_t ti[index_chunk], pi[index_chunk];
  for (std::size_t i = 0; i < n; i += index_chunk) {
    const std::size_t len = (std::min)(index_chunk, n - i);
    set.map(t + i, len, ti);
    set.map(p + i, len, pi);
    for (std::size_t j = 0; j < len; ++j) {
      const T one = [&] {
        if constexpr (std::is_same_v<T, double>)
          return w[i + j];
        else
          return T{1};
      }();
      const auto a = static_cast<std::size_t>(ti[j]);
      const auto b = static_cast<std::size_t>(pi[j]);
      s.truth[a] += one;
      s.pred[b] += one;
      if (a == b) s.tp[a] += one;
    }
  }
  return s;
}

// Per-label statistics of every label of an inferred count.
template <class K, class T>
label_stats<T> stats_of(const inferred_counts<K, T>& inf, const K* t, const K* p, const double* w,
                        std::size_t n) {
  if (!inf.has_matrix) return count_stats<K, T>(t, p, w, n, inf.labels);
  const std::size_t k = inf.labels.size();
  label_stats<T> s;
  s.tp.resize(k);
  s.pred.resize(k);
  s.truth.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    s.tp[i] = inf.counts(i, i);
    s.pred[i] = inf.counts.pred_count(i);
    s.truth[i] = inf.counts.true_count(i);
  }
  s.total = sum_weights<T>(w, n);
  return s;
}

// Dispatch on the weight option: calls f(weights pointer or null, T tag).
template <class... Opts>
const double* weights_for(std::size_t n, const Opts&... opts) {
  const auto& w = get_weights(opts...);
  if (w.data() == nullptr && w.size() == 0) return nullptr;
  check_weights(w.data(), w.size(), n, true);
  return w.data();
}

template <class... Opts>
inline constexpr bool weighted_v = has_option_v<sample_weight_kind, Opts...>;

template <class... Opts>
using count_t = std::conditional_t<weighted_v<Opts...>, double, std::uint64_t>;

// The label set for the data: the user's `labels` option or the sorted union.
template <class K, class... Opts>
label_set<K> labels_for(const label_pair<K>& data, const Opts&... opts) {
  if constexpr (has_option_v<labels_kind, Opts...>) {
    const auto& given = get_option<labels_kind>(0, opts...);
    return label_set<K>::given(convert_labels<K>(given.values));
  } else {
    return label_set<K>::infer(data.y_true.data(), data.size(), data.y_pred.data(), data.size());
  }
}

template <class K, class... Opts>
std::vector<K> labels_option_values(const Opts&... opts) {
  if constexpr (has_option_v<labels_kind, Opts...>)
    return convert_labels<K>(get_option<labels_kind>(0, opts...).values);
  else
    return {};
}

template <class K>
std::vector<result_label_t<K>> to_result_labels(const std::vector<K>& keys) {
  return std::vector<result_label_t<K>>(keys.begin(), keys.end());
}

// The positive label as a key; the default is 1 (false for strings, which
// have no default and must name it).
template <class K, class... Opts>
K pos_label_for(bool& given, const Opts&... opts) {
  if constexpr (has_option_v<pos_label_kind, Opts...>) {
    given = true;
    const auto& v = get_option<pos_label_kind>(0, opts...).value;
    using V = remove_cvref_t<decltype(v)>;
    if constexpr (std::is_same_v<K, std::string_view>) {
      static_assert(is_string_like_v<V>, "tally: pos_label must be a string for string labels");
      return std::string_view(v);
    } else {
      static_assert(!is_string_like_v<V>, "tally: pos_label must not be a string here");
      return static_cast<K>(v);
    }
  } else {
    given = false;
    if constexpr (std::is_same_v<K, std::string_view>)
      return std::string_view();
    else
      return static_cast<K>(1);
  }
}

} // namespace detail

// ------------------------------------------------------------ functions --

/// One-vs-rest counts for the positive label (`pos_label`, default 1): every
/// other label counts as negative.
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2>, int> = 0>
[[nodiscard]] binary_counts<detail::count_t<Opts...>>
count_binary(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("count_binary", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind);
  using T = detail::count_t<Opts...>;
  const auto data = detail::adapt_pair(y_true, y_pred);
  using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
  bool given = false;
  const K pos = detail::pos_label_for<K>(given, opts...);
  binary_counts<T> c;
  if constexpr (std::is_same_v<T, double>) {
    const double* w = detail::weights_for(data.size(), opts...);
    const auto r =
        detail::count_binary_weighted(data.y_true.data(), data.y_pred.data(), w, data.size(), pos);
    c.tp = r.both;
    c.fp = r.pred_pos - r.both;
    c.fn = r.true_pos - r.both;
    c.tn = r.total - c.tp - c.fp - c.fn;
  } else {
    const auto r = detail::count_binary(data.y_true.data(), data.y_pred.data(), data.size(), pos);
    c.tp = r.both;
    c.fp = r.pred_pos - r.both;
    c.fn = r.true_pos - r.both;
    c.tn = r.total - c.tp - c.fp - c.fn;
  }
  return c;
}

/// The confusion matrix with its labels: the sorted union of the labels seen,
/// or `labels(...)` in the order given (samples whose true or predicted label
/// is not listed are dropped).
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2> &&
                               !detail::is_multilabel_v<R1>,
                           int> = 0>
[[nodiscard]] auto count_matrix(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("count_matrix", Opts, detail::labels_kind, detail::sample_weight_kind);
  using T = detail::count_t<Opts...>;
  const auto data = detail::adapt_pair(y_true, y_pred);
  using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
  const double* w = detail::weights_for(data.size(), opts...);
  if constexpr (detail::has_option_v<detail::labels_kind, Opts...>) {
    const auto set = detail::labels_for(data, opts...);
    if (set.empty()) detail::throw_invalid_argument("labels is empty: give at least one label");
    bool any = false;
    for (std::size_t i = 0; i < data.size() && !any; ++i) any = set.contains(data.y_true[i]);
    if (!any)
      detail::throw_invalid_argument("labels " + detail::labels_text(set.values()) +
                                     " matches no label in y_true");
    detail::check_matrix_size(set.size(), sizeof(T), "confusion_matrix");
    labeled_matrix<detail::result_label_t<K>, T> out{detail::to_result_labels(set.values()),
                                                     matrix<T>(set.size())};
    detail::count_into(data.y_true.data(), data.y_pred.data(), w, data.size(), set, out.counts);
    return out;
  } else {
    auto inf =
        detail::infer_and_count<K, T>(data.y_true.data(), data.y_pred.data(), w, data.size());
    if (!inf.has_matrix) {
      detail::check_matrix_size(inf.labels.size(), sizeof(T), "confusion_matrix");
      inf.counts = matrix<T>(inf.labels.size());
      detail::count_into(data.y_true.data(), data.y_pred.data(), w, data.size(), inf.labels,
                         inf.counts);
    }
    return labeled_matrix<detail::result_label_t<K>, T>{
        detail::to_result_labels(inf.labels.values()), std::move(inf.counts)};
  }
}

namespace detail {
template <class T>
matrix<double> normalized_matrix(const matrix<T>& m, normalize how) {
  const std::size_t k = m.n_classes();
  matrix<double> out(k);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) out(i, j) = static_cast<double>(m(i, j));
  if (how == normalize::none) return out;
  const double total = static_cast<double>(m.total());
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      double den = total;
      if (how == normalize::over_true) den = static_cast<double>(m.true_count(i));
      if (how == normalize::over_pred) den = static_cast<double>(m.pred_count(j));
      out(i, j) = den == 0 ? 0.0 : out(i, j) / den;
    }
  return out;
}
} // namespace detail

/// The confusion matrix C, C(i, j) = samples of true label i predicted as j,
/// labels in sorted order (or as given by `labels(...)`). With
/// `normalize::over_true` / `over_pred` / `over_all` rows, columns or the
/// whole matrix sum to one (0/0 cells are 0).
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2> &&
                               !detail::is_multilabel_v<R1>,
                           int> = 0>
[[nodiscard]] auto confusion_matrix(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("confusion_matrix", Opts, detail::labels_kind,
                             detail::sample_weight_kind, detail::normalize_kind);
  auto counted = [&](const auto&... o) { return count_matrix(y_true, y_pred, o...).counts; };
  if constexpr (detail::has_option_v<detail::normalize_kind, Opts...>) {
    const normalize how = detail::get_option<detail::normalize_kind>(normalize::none, opts...);
    const auto m = detail::apply_without<detail::normalize_kind>(counted, opts...);
    return detail::normalized_matrix(m, how);
  } else {
    return counted(opts...);
  }
}

// Iterator-pair forms: f(first1, last1, first2, last2, options...).
TALLY_DETAIL_ITERATOR_FORM(count_binary)
TALLY_DETAIL_ITERATOR_FORM(count_matrix)
TALLY_DETAIL_ITERATOR_FORM(confusion_matrix)

TALLY_NAMESPACE_END

#endif // TALLY_CONFUSION_MATRIX_HPP
// ---- end tally/confusion_matrix.hpp ----
// ---- begin tally/metrics.hpp ----
#ifndef TALLY_METRICS_HPP
#define TALLY_METRICS_HPP

// Scoring: metrics as pure functions of finished counts. Usable on their own
// by anyone who has a confusion matrix from elsewhere:
//
//   tally::binary_counts<> c{1133, 484, 138, 343};   // tp, fp, fn, tn
//   double f1 = tally::f1(c);                        // 0.78462603878...
//
// A ratio whose denominator is zero is governed by the zero_division policy
// (default: 0, as scikit-learn). Counts are converted to double before any
// arithmetic, so no metric overflows at any count.


#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {

inline constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

// The value of an undefined ratio under a policy.
constexpr double undefined_value(zero_division z, const char* what) {
  switch (z) {
  case zero_division::one:
    return 1.0;
  case zero_division::nan:
    return nan_v;
  case zero_division::raise:
    throw_domain_error(std::string(what) + " is undefined: its denominator is zero");
  case zero_division::warn:
  case zero_division::zero:
  default:
    return 0.0;
  }
}

constexpr double ratio(double num, double den, zero_division z, const char* what) {
  return den == 0 ? undefined_value(z, what) : num / den;
}

template <class T>
constexpr double d(T v) noexcept {
  return static_cast<double>(v);
}

} // namespace detail

// ---------------------------------------------------------------- binary --

/// (tp + tn) / total.
template <class T>
[[nodiscard]] constexpr double accuracy(const binary_counts<T>& c,
                                        zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tp) + detail::d(c.tn), detail::d(c.total()), z, "accuracy");
}

/// tp / (tp + fp): of the predicted positives, the share that are positive.
template <class T>
[[nodiscard]] constexpr double precision(const binary_counts<T>& c,
                                         zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tp), detail::d(c.tp) + detail::d(c.fp), z, "precision");
}

/// tp / (tp + fn): sensitivity, true positive rate.
template <class T>
[[nodiscard]] constexpr double recall(const binary_counts<T>& c,
                                      zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tp), detail::d(c.tp) + detail::d(c.fn), z, "recall");
}

/// tn / (tn + fp): true negative rate.
template <class T>
[[nodiscard]] constexpr double specificity(const binary_counts<T>& c,
                                           zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tn), detail::d(c.tn) + detail::d(c.fp), z, "specificity");
}

/// tn / (tn + fn): negative predictive value.
template <class T>
[[nodiscard]] constexpr double npv(const binary_counts<T>& c,
                                   zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tn), detail::d(c.tn) + detail::d(c.fn), z,
                       "negative predictive value");
}

/// fp / (fp + tn): false positive rate, fall-out.
template <class T>
[[nodiscard]] constexpr double fpr(const binary_counts<T>& c,
                                   zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.fp), detail::d(c.fp) + detail::d(c.tn), z,
                       "false positive rate");
}

/// fn / (fn + tp): false negative rate, miss rate.
template <class T>
[[nodiscard]] constexpr double fnr(const binary_counts<T>& c,
                                   zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.fn), detail::d(c.fn) + detail::d(c.tp), z,
                       "false negative rate");
}

/// fp / (fp + tp): false discovery rate.
template <class T>
[[nodiscard]] constexpr double fdr(const binary_counts<T>& c,
                                   zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.fp), detail::d(c.fp) + detail::d(c.tp), z,
                       "false discovery rate");
}

/// fn / (fn + tn): false omission rate.
template <class T>
[[nodiscard]] constexpr double false_omission_rate(const binary_counts<T>& c,
                                                   zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.fn), detail::d(c.fn) + detail::d(c.tn), z,
                       "false omission rate");
}

/// (tp + fn) / total: the share of actual positives.
template <class T>
[[nodiscard]] constexpr double prevalence(const binary_counts<T>& c,
                                          zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tp) + detail::d(c.fn), detail::d(c.total()), z, "prevalence");
}

/// F-beta from counts: (1 + b^2) tp / (b^2 (tp + fn) + tp + fp). beta = 0 is
/// precision and beta = +inf is recall. When no sample is positive in truth
/// or prediction the score is undefined; when only predictions are missing it
/// is 0.
template <class T>
[[nodiscard]] constexpr double fbeta(const binary_counts<T>& c, double beta,
                                     zero_division z = zero_division::warn) {
  if (!(beta >= 0))
    detail::throw_invalid_argument("beta must be >= 0, got " + detail::to_text(beta));
  if (beta == std::numeric_limits<double>::infinity()) return recall(c, z);
  if (beta == 0) return precision(c, z);
  const double b2 = beta * beta;
  const double tp = detail::d(c.tp);
  return detail::ratio((1 + b2) * tp, b2 * (tp + detail::d(c.fn)) + (tp + detail::d(c.fp)), z,
                       "f-score");
}

/// F1: the harmonic mean of precision and recall, 2 tp / (2 tp + fp + fn).
/// True negatives never enter it.
template <class T>
[[nodiscard]] constexpr double f1(const binary_counts<T>& c,
                                  zero_division z = zero_division::warn) {
  return fbeta(c, 1.0, z);
}

/// tp / (tp + fp + fn): Jaccard index, intersection over union.
template <class T>
[[nodiscard]] constexpr double jaccard(const binary_counts<T>& c,
                                       zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.tp), detail::d(c.tp) + detail::d(c.fp) + detail::d(c.fn), z,
                       "jaccard");
}

/// Mean recall over the classes present in truth: (recall + specificity) / 2
/// when both classes are present.
template <class T>
[[nodiscard]] constexpr double balanced_accuracy(const binary_counts<T>& c,
                                                 zero_division z = zero_division::warn) {
  const double pos = detail::d(c.tp) + detail::d(c.fn);
  const double neg = detail::d(c.tn) + detail::d(c.fp);
  if (pos > 0 && neg > 0) return (detail::d(c.tp) / pos + detail::d(c.tn) / neg) / 2;
  if (pos > 0) return detail::d(c.tp) / pos;
  if (neg > 0) return detail::d(c.tn) / neg;
  return detail::undefined_value(z, "balanced accuracy");
}

/// recall + specificity - 1: Youden's J, bookmaker informedness.
template <class T>
[[nodiscard]] constexpr double informedness(const binary_counts<T>& c,
                                            zero_division z = zero_division::warn) {
  return recall(c, z) + specificity(c, z) - 1;
}

/// Youden's J statistic (the same as informedness).
template <class T>
[[nodiscard]] constexpr double youden_j(const binary_counts<T>& c,
                                        zero_division z = zero_division::warn) {
  return informedness(c, z);
}

/// precision + npv - 1.
template <class T>
[[nodiscard]] constexpr double markedness(const binary_counts<T>& c,
                                          zero_division z = zero_division::warn) {
  return precision(c, z) + npv(c, z) - 1;
}

/// 1 - accuracy.
template <class T>
[[nodiscard]] constexpr double zero_one_loss(const binary_counts<T>& c,
                                             zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(c.fp) + detail::d(c.fn), detail::d(c.total()), z, "zero-one loss");
}

/// Positive likelihood ratio LR+ = recall / fpr; NaN when undefined unless a
/// policy says otherwise.
template <class T>
[[nodiscard]] constexpr double positive_likelihood_ratio(const binary_counts<T>& c,
                                                         zero_division z = zero_division::nan) {
  const double num = detail::d(c.tp) * (detail::d(c.tn) + detail::d(c.fp));
  const double den = detail::d(c.fp) * (detail::d(c.tp) + detail::d(c.fn));
  return detail::ratio(num, den, z, "positive likelihood ratio");
}

/// Negative likelihood ratio LR- = fnr / specificity.
template <class T>
[[nodiscard]] constexpr double negative_likelihood_ratio(const binary_counts<T>& c,
                                                         zero_division z = zero_division::nan) {
  const double num = detail::d(c.fn) * (detail::d(c.tn) + detail::d(c.fp));
  const double den = detail::d(c.tn) * (detail::d(c.tp) + detail::d(c.fn));
  return detail::ratio(num, den, z, "negative likelihood ratio");
}

/// sqrt(precision * recall): the Fowlkes-Mallows index.
template <class T>
[[nodiscard]] inline double fowlkes_mallows(const binary_counts<T>& c,
                                            zero_division z = zero_division::warn) {
  return std::sqrt(precision(c, z) * recall(c, z));
}

namespace detail {
// Matthews correlation from the marginals of a confusion matrix, as the
// covariance form: (c s - t.p) / sqrt((s^2 - p.p)(s^2 - t.t)); 0 when a
// marginal is constant. All in double: no overflow at any count.
inline double mcc_from_sums(double correct, double total, double t_dot_p, double p_dot_p,
                            double t_dot_t) noexcept {
  const double cov_tp = correct * total - t_dot_p;
  const double cov_pp = total * total - p_dot_p;
  const double cov_tt = total * total - t_dot_t;
  const double prod = cov_pp * cov_tt;
  if (prod == 0) return 0.0;
  return cov_tp / std::sqrt(prod);
}
} // namespace detail

/// Matthews correlation coefficient in [-1, 1]; 0 when undefined (a constant
/// prediction or truth), as scikit-learn.
template <class T>
[[nodiscard]] inline double mcc(const binary_counts<T>& c) noexcept {
  const double tp = detail::d(c.tp), fp = detail::d(c.fp), fn = detail::d(c.fn),
               tn = detail::d(c.tn);
  const double t0 = tn + fp, t1 = fn + tp, p0 = tn + fn, p1 = fp + tp;
  return detail::mcc_from_sums(tn + tp, p0 + p1, t0 * p0 + t1 * p1, p0 * p0 + p1 * p1,
                               t0 * t0 + t1 * t1);
}

// ---------------------------------------------------------------- matrix --

/// trace / total.
template <class T>
[[nodiscard]] double accuracy(const matrix<T>& m, zero_division z = zero_division::warn) {
  return detail::ratio(detail::d(m.trace()), detail::d(m.total()), z, "accuracy");
}

/// Multiclass Matthews correlation coefficient.
template <class T>
[[nodiscard]] double mcc(const matrix<T>& m) noexcept {
  const std::size_t k = m.n_classes();
  std::vector<double> t(k, 0.0), p(k, 0.0);
  double correct = 0;
  for (std::size_t i = 0; i < k; ++i) {
    correct += detail::d(m(i, i));
    for (std::size_t j = 0; j < k; ++j) {
      t[i] += detail::d(m(i, j));
      p[j] += detail::d(m(i, j));
    }
  }
  double total = 0, tp = 0, pp = 0, tt = 0;
  for (std::size_t i = 0; i < k; ++i) {
    total += p[i];
    tp += t[i] * p[i];
    pp += p[i] * p[i];
    tt += t[i] * t[i];
  }
  return detail::mcc_from_sums(correct, total, tp, pp, tt);
}

/// Mean recall over the classes present in truth; with `adjusted`, rescaled
/// so that chance is 0 and perfect is 1. Classes that occur only among the
/// predictions are left out.
template <class T>
[[nodiscard]] double balanced_accuracy(const matrix<T>& m, bool adjust = false) noexcept {
  double sum = 0;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < m.n_classes(); ++i) {
    const double support = detail::d(m.true_count(i));
    if (support == 0) continue;
    sum += detail::d(m(i, i)) / support;
    ++kept;
  }
  if (kept == 0) return detail::nan_v;
  double score = sum / static_cast<double>(kept);
  if (adjust) {
    const double chance = 1.0 / static_cast<double>(kept);
    score = (score - chance) / (1 - chance);
  }
  return score;
}

/// Cohen's kappa: agreement beyond chance, 1 - sum(w C) / sum(w E), where E
/// is the matrix expected from the marginals. `undefined` is returned when a
/// denominator is zero (default NaN).
template <class T>
[[nodiscard]] double cohen_kappa(const matrix<T>& m, kappa_weights weights = kappa_weights::none,
                                 double undefined = detail::nan_v) noexcept {
  const std::size_t k = m.n_classes();
  std::vector<double> col(k, 0.0), row(k, 0.0);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      row[i] += detail::d(m(i, j));
      col[j] += detail::d(m(i, j));
    }
  double total = 0;
  for (double v : col) total += v;
  if (total == 0) return undefined;
  double observed = 0, expected = 0;
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      const double diff = static_cast<double>(i > j ? i - j : j - i);
      const double w = weights == kappa_weights::none     ? (i == j ? 0.0 : 1.0)
                       : weights == kappa_weights::linear ? diff
                                                          : diff * diff;
      observed += w * detail::d(m(i, j));
      // expected cell (i, j) pairs column marginal i with row marginal j
      expected += w * (col[i] * row[j] / total);
    }
  if (expected == 0) return undefined;
  return 1 - observed / expected;
}

/// Cohen's kappa of a binary problem.
template <class T>
[[nodiscard]] double cohen_kappa(const binary_counts<T>& c,
                                 kappa_weights weights = kappa_weights::none,
                                 double undefined = detail::nan_v) {
  matrix<T> m(2);
  m(0, 0) = c.tn;
  m(0, 1) = c.fp;
  m(1, 0) = c.fn;
  m(1, 1) = c.tp;
  return cohen_kappa(m, weights, undefined);
}

// ------------------------------------------------------------- averaging --

/// Mean of per-label values, leaving NaN out; weighted when `weights` is
/// non-null (falling back to the plain mean when the remaining weights sum to
/// zero). NaN when nothing is left.
[[nodiscard]] inline double nan_average(const std::vector<double>& values,
                                        const std::vector<double>* weights = nullptr) noexcept {
  double sum = 0, wsum = 0, plain = 0;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    ++kept;
    plain += values[i];
    if (weights) {
      sum += values[i] * (*weights)[i];
      wsum += (*weights)[i];
    }
  }
  if (kept == 0) return detail::nan_v;
  if (weights && wsum != 0) return sum / wsum;
  return plain / static_cast<double>(kept);
}

TALLY_NAMESPACE_END

#endif // TALLY_METRICS_HPP
// ---- end tally/metrics.hpp ----

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {

// Per-label statistics of a set-wise metric (precision, recall, F, Jaccard)
// plus, for average::samples, the same per sample.
struct setwise_stats {
  label_stats<double> labels;  // the selected labels, in order
  label_stats<double> samples; // per sample (average::samples only); total = weight
  std::vector<double> sample_weight;
  bool multilabel = false;
};

template <class T>
label_stats<double> as_double(const label_stats<T>& s) {
  if constexpr (std::is_same_v<T, double>) return s;
  label_stats<double> d;
  d.tp.assign(s.tp.begin(), s.tp.end());
  d.pred.assign(s.pred.begin(), s.pred.end());
  d.truth.assign(s.truth.begin(), s.truth.end());
  d.total = static_cast<double>(s.total);
  return d;
}

[[noreturn]] inline void throw_binary_average(const char* target) {
  throw_invalid_argument(std::string("average is binary but the target is ") + target +
                         ": choose average::micro, macro, weighted" +
                         (std::string(target) == "multilabel" ? ", samples" : "") +
                         " or per_label");
}

// Set-wise statistics of 1-D labels.
template <class R1, class R2, class... Opts>
setwise_stats setwise_1d(const R1& y_true, const R2& y_pred, average avg, const Opts&... opts) {
  const auto data = adapt_pair(y_true, y_pred);
  using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
  const std::size_t n = data.size();
  const double* w = weights_for(n, opts...);
  setwise_stats out;
  if (avg == average::samples)
    throw_invalid_argument(
        "average is samples but the target is not multilabel: per-sample averages need an "
        "indicator matrix");
  if (avg == average::binary) {
    bool given = false;
    const K pos = pos_label_for<K>(given, opts...);
    const auto r = count_binary(data.y_true.data(), data.y_pred.data(), n, pos);
    if (r.any_other && (r.other_min < r.other_max || r.other_max < r.other_min)) {
      // more than one label besides pos_label: find out how many exactly
      const auto all = label_set<K>::infer(data.y_true.data(), n, data.y_pred.data(), n);
      if (all.size() > 2) throw_binary_average("multiclass");
      throw_invalid_argument("pos_label=" + (given ? to_text(pos) : std::string("1")) +
                             " is not a valid label: it should be one of " +
                             labels_text(all.values()));
    }
    label_stats<double> s;
    if (w) {
      const auto rw = count_binary_weighted(data.y_true.data(), data.y_pred.data(), w, n, pos);
      s.tp = {rw.both};
      s.pred = {rw.pred_pos};
      s.truth = {rw.true_pos};
      s.total = rw.total;
    } else {
      s.tp = {static_cast<double>(r.both)};
      s.pred = {static_cast<double>(r.pred_pos)};
      s.truth = {static_cast<double>(r.true_pos)};
      s.total = static_cast<double>(r.total);
    }
    out.labels = std::move(s);
    return out;
  }
  // every label present, counted over all samples; listed labels picked out
  const auto select = [&](auto tag) {
    using T = decltype(tag);
    const auto inf = infer_and_count<K, T>(data.y_true.data(), data.y_pred.data(), w, n);
    const auto all = stats_of(inf, data.y_true.data(), data.y_pred.data(), w, n);
    label_stats<double> s = as_double(all);
    if constexpr (has_option_v<labels_kind, Opts...>) {
      const std::vector<K> wanted = labels_option_values<K>(opts...);
      (void)label_set<K>::given(wanted); // rejects repeated labels
      label_stats<double> picked;
      picked.total = s.total;
      for (const K& v : wanted) {
        const std::int32_t i = inf.labels.index_of(v);
        const auto at = static_cast<std::size_t>(i);
        picked.tp.push_back(i < 0 ? 0.0 : s.tp[at]);
        picked.pred.push_back(i < 0 ? 0.0 : s.pred[at]);
        picked.truth.push_back(i < 0 ? 0.0 : s.truth[at]);
      }
      return picked;
    } else {
      return s;
    }
  };
  out.labels = w ? select(double{}) : select(std::uint64_t{});
  return out;
}

// Column indices selected by a labels option on multilabel data.
template <class... Opts>
std::vector<std::size_t> multilabel_columns(std::size_t cols, const Opts&... opts) {
  std::vector<std::size_t> sel;
  if constexpr (has_option_v<labels_kind, Opts...>) {
    const auto& given = get_option<labels_kind>(0, opts...).values;
    using L = remove_cvref_t<decltype(given[0])>;
    static_assert(std::is_arithmetic_v<L>,
                  "tally: labels of multilabel data are column indices (integers)");
    for (const auto& v : given) {
      if (v < L(0) || static_cast<std::uint64_t>(v) >= cols)
        throw_invalid_argument("labels of multilabel data must be column indices in [0, " +
                               std::to_string(cols) + "), got " + to_text(v));
      sel.push_back(static_cast<std::size_t>(v));
    }
  } else {
    for (std::size_t c = 0; c < cols; ++c) sel.push_back(c);
  }
  return sel;
}

inline void check_same_shape(const indicator_matrix& a, const indicator_matrix& b) {
  check_same_length("y_true", a.rows, "y_pred", b.rows);
  if (a.cols != b.cols)
    throw_invalid_argument("y_true has " + std::to_string(a.cols) + " columns, y_pred has " +
                           std::to_string(b.cols));
  check_not_empty("y_true", a.rows);
}

template <class R1, class R2, class... Opts>
setwise_stats setwise_multilabel(const R1& y_true, const R2& y_pred, average avg,
                                 const Opts&... opts) {
  static_assert(is_multilabel_v<R2>, "tally: y_true is multilabel but y_pred is not");
  if (avg == average::binary) throw_binary_average("multilabel");
  const auto a = adapt_indicator("y_true", y_true);
  const auto b = adapt_indicator("y_pred", y_pred);
  check_same_shape(a, b);
  const double* w = weights_for(a.rows, opts...);
  const auto sel = multilabel_columns(a.cols, opts...);
  setwise_stats out;
  out.multilabel = true;
  auto& s = out.labels;
  s.tp.assign(sel.size(), 0.0);
  s.pred.assign(sel.size(), 0.0);
  s.truth.assign(sel.size(), 0.0);
  const bool per_sample = avg == average::samples;
  if (per_sample) {
    out.samples.tp.assign(a.rows, 0.0);
    out.samples.pred.assign(a.rows, 0.0);
    out.samples.truth.assign(a.rows, 0.0);
  }
  for (std::size_t r = 0; r < a.rows; ++r) {
    const double wr = w ? w[r] : 1.0;
    const std::uint8_t* ta = a.row(r);
    const std::uint8_t* pb = b.row(r);
    double stp = 0, spred = 0, struth = 0;
    for (std::size_t j = 0; j < sel.size(); ++j) {
      const std::size_t c = sel[j];
      const double both = (ta[c] & pb[c]) ? 1.0 : 0.0;
      s.tp[j] += both * wr;
      s.pred[j] += pb[c] * wr;
      s.truth[j] += ta[c] * wr;
      stp += both;
      spred += pb[c];
      struth += ta[c];
    }
    if (per_sample) {
      out.samples.tp[r] = stp * wr;
      out.samples.pred[r] = spred * wr;
      out.samples.truth[r] = struth * wr;
    }
    s.total += wr;
  }
  if (per_sample) {
    out.sample_weight.assign(a.rows, 1.0);
    if (w) out.sample_weight.assign(w, w + a.rows);
  }
  return out;
}

template <class R1, class R2, class... Opts>
setwise_stats setwise(const R1& y_true, const R2& y_pred, average avg, const Opts&... opts) {
  if constexpr (is_multilabel_v<R1>)
    return setwise_multilabel(y_true, y_pred, avg, opts...);
  else {
    static_assert(!is_multilabel_v<R2>, "tally: y_pred is multilabel but y_true is not");
    return setwise_1d(y_true, y_pred, avg, opts...);
  }
}

// Precision, recall and F-beta per label (or per sample) from statistics.
struct prf_arrays {
  std::vector<double> precision, recall, fscore;
};

inline prf_arrays prf_from(const std::vector<double>& tp, const std::vector<double>& pred,
                           const std::vector<double>& truth, double beta, zero_division z) {
  if (!(beta >= 0)) throw_invalid_argument("beta must be >= 0, got " + to_text(beta));
  prf_arrays a;
  const std::size_t k = tp.size();
  a.precision.resize(k);
  a.recall.resize(k);
  a.fscore.resize(k);
  const double b2 = beta * beta;
  for (std::size_t i = 0; i < k; ++i) {
    a.precision[i] = ratio(tp[i], pred[i], z, "precision");
    a.recall[i] = ratio(tp[i], truth[i], z, "recall");
    if (std::isinf(beta))
      a.fscore[i] = a.recall[i];
    else if (beta == 0)
      a.fscore[i] = a.precision[i];
    else
      a.fscore[i] = ratio((1 + b2) * tp[i], b2 * truth[i] + pred[i], z, "f-score");
  }
  return a;
}

inline double sum_of(const std::vector<double>& v) noexcept {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

// Averaged precision, recall, F.
struct prf_scalar {
  double precision, recall, fscore;
};

inline prf_scalar prf_average(const setwise_stats& st, average avg, double beta, zero_division z) {
  const auto& s = st.labels;
  if (avg == average::micro) {
    const auto a = prf_from({sum_of(s.tp)}, {sum_of(s.pred)}, {sum_of(s.truth)}, beta, z);
    return {a.precision[0], a.recall[0], a.fscore[0]};
  }
  if (avg == average::samples) {
    const auto a = prf_from(st.samples.tp, st.samples.pred, st.samples.truth, beta, z);
    return {nan_average(a.precision, &st.sample_weight), nan_average(a.recall, &st.sample_weight),
            nan_average(a.fscore, &st.sample_weight)};
  }
  const auto a = prf_from(s.tp, s.pred, s.truth, beta, z);
  const std::vector<double>* weights = avg == average::weighted ? &s.truth : nullptr;
  return {nan_average(a.precision, weights), nan_average(a.recall, weights),
          nan_average(a.fscore, weights)};
}

template <class... Opts>
inline constexpr bool per_label_v = has_option_v<per_label_kind, Opts...>;

template <class... Opts>
average average_for(average fallback, const Opts&... opts) {
  if constexpr (per_label_v<Opts...>) {
    return average::none;
  } else {
    const average a = get_option<average_kind>(fallback, opts...);
    if (a == average::none)
      throw_invalid_argument(
          "average::none gives one value per label: pass tally::per_label instead, which "
          "returns a std::vector<double>");
    return a;
  }
}

enum class prf_pick { precision, recall, fscore };

template <class R1, class R2, class... Opts>
auto prf_metric(prf_pick pick, double beta, const R1& y_true, const R2& y_pred,
                const Opts&... opts) {
  const average avg = average_for(average::binary, opts...);
  const zero_division z = get_option<zero_division_kind>(zero_division::warn, opts...);
  const auto st = setwise(y_true, y_pred, avg, opts...);
  if constexpr (per_label_v<Opts...>) {
    auto a = prf_from(st.labels.tp, st.labels.pred, st.labels.truth, beta, z);
    return pick == prf_pick::precision ? a.precision
           : pick == prf_pick::recall  ? a.recall
                                       : a.fscore;
  } else {
    const auto r = avg == average::binary
                       ? [&] {
                           const auto a = prf_from(st.labels.tp, st.labels.pred, st.labels.truth,
                                                   beta, z);
                           return prf_scalar{a.precision[0], a.recall[0], a.fscore[0]};
                         }()
                       : prf_average(st, avg, beta, z);
    return pick == prf_pick::precision ? r.precision
           : pick == prf_pick::recall  ? r.recall
                                       : r.fscore;
  }
}

#define TALLY_DETAIL_SETWISE_OPTIONS                                                               \
  detail::average_kind, detail::labels_kind, detail::pos_label_kind, detail::sample_weight_kind,   \
      detail::zero_division_kind, detail::per_label_kind

template <class R>
inline constexpr bool label_range_v =
    is_range_v<const R> || is_indicator_view<remove_cvref_t<R>>::value;

} // namespace detail

#define TALLY_DETAIL_DATA_ARGS(R1, R2)                                                             \
  class R1, class R2, class... Opts,                                                               \
      std::enable_if_t<detail::label_range_v<R1> && detail::label_range_v<R2>, int> = 0

/// tp / (tp + fp). Default average::binary with pos_label 1.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto precision_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("precision_score", Opts, TALLY_DETAIL_SETWISE_OPTIONS);
  return detail::prf_metric(detail::prf_pick::precision, 1.0, y_true, y_pred, opts...);
}

/// tp / (tp + fn). Default average::binary with pos_label 1.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto recall_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("recall_score", Opts, TALLY_DETAIL_SETWISE_OPTIONS);
  return detail::prf_metric(detail::prf_pick::recall, 1.0, y_true, y_pred, opts...);
}

/// F1 = 2 tp / (2 tp + fp + fn). Default average::binary with pos_label 1.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto f1_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("f1_score", Opts, TALLY_DETAIL_SETWISE_OPTIONS);
  return detail::prf_metric(detail::prf_pick::fscore, 1.0, y_true, y_pred, opts...);
}

/// F-beta; `tally::beta(b)` is required.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto fbeta_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("fbeta_score", Opts, TALLY_DETAIL_SETWISE_OPTIONS, detail::beta_kind);
  static_assert(detail::has_option_v<detail::beta_kind, Opts...>,
                "tally::fbeta_score requires tally::beta(b)");
  const double b = detail::get_option<detail::beta_kind>(beta(1.0), opts...).value;
  return detail::prf_metric(detail::prf_pick::fscore, b, y_true, y_pred, opts...);
}

/// Precision, recall, F-beta and support of every label (the default, or
/// with tally::per_label), or their average when an average is given.
template <class T = double>
struct prf_support {
  std::vector<double> precision, recall, fscore;
  std::vector<T> support; ///< true count of each label
};

struct prf_averaged {
  double precision, recall, fscore;
};

template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto precision_recall_fscore_support(const R1& y_true, const R2& y_pred,
                                                   const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("precision_recall_fscore_support", Opts, TALLY_DETAIL_SETWISE_OPTIONS,
                             detail::beta_kind);
  const double b = detail::get_option<detail::beta_kind>(beta(1.0), opts...).value;
  const zero_division z =
      detail::get_option<detail::zero_division_kind>(zero_division::warn, opts...);
  constexpr bool averaged =
      detail::has_option_v<detail::average_kind, Opts...> && !detail::per_label_v<Opts...>;
  if constexpr (averaged) {
    const average avg = detail::average_for(average::none, opts...);
    const auto st = detail::setwise(y_true, y_pred, avg, opts...);
    if (avg == average::binary) {
      const auto a = detail::prf_from(st.labels.tp, st.labels.pred, st.labels.truth, b, z);
      return prf_averaged{a.precision[0], a.recall[0], a.fscore[0]};
    }
    const auto r = detail::prf_average(st, avg, b, z);
    return prf_averaged{r.precision, r.recall, r.fscore};
  } else {
    const auto st = detail::setwise(y_true, y_pred, average::none, opts...);
    auto a = detail::prf_from(st.labels.tp, st.labels.pred, st.labels.truth, b, z);
    prf_support<double> out;
    out.precision = std::move(a.precision);
    out.recall = std::move(a.recall);
    out.fscore = std::move(a.fscore);
    out.support = st.labels.truth;
    return out;
  }
}

/// tp / (tp + fp + fn). Default average::binary with pos_label 1. A
/// zero_division::nan policy is refused, as scikit-learn refuses it here.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto jaccard_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("jaccard_score", Opts, TALLY_DETAIL_SETWISE_OPTIONS);
  const average avg = detail::average_for(average::binary, opts...);
  const zero_division z =
      detail::get_option<detail::zero_division_kind>(zero_division::warn, opts...);
  if (z == zero_division::nan)
    detail::throw_invalid_argument("jaccard_score: zero_division must be warn, zero, one or "
                                   "raise, got nan");
  const auto st = detail::setwise(y_true, y_pred, avg, opts...);
  const auto& s = st.labels;
  auto per = [&](const std::vector<double>& tp, const std::vector<double>& pred,
                 const std::vector<double>& truth) {
    std::vector<double> v(tp.size());
    for (std::size_t i = 0; i < tp.size(); ++i)
      v[i] = detail::ratio(tp[i], pred[i] + truth[i] - tp[i], z, "jaccard");
    return v;
  };
  if constexpr (detail::per_label_v<Opts...>) {
    return per(s.tp, s.pred, s.truth);
  } else {
    auto mean = [](const std::vector<double>& v, const std::vector<double>* w) {
      double sum = 0, wsum = 0;
      for (std::size_t i = 0; i < v.size(); ++i) {
        sum += v[i] * (w ? (*w)[i] : 1.0);
        wsum += w ? (*w)[i] : 1.0;
      }
      if (wsum == 0)
        detail::throw_invalid_argument("jaccard_score: the averaging weights sum to zero");
      return sum / wsum;
    };
    if (avg == average::micro)
      return per({detail::sum_of(s.tp)}, {detail::sum_of(s.pred)}, {detail::sum_of(s.truth)})[0];
    if (avg == average::samples) {
      const auto v = per(st.samples.tp, st.samples.pred, st.samples.truth);
      return mean(v, detail::has_option_v<detail::sample_weight_kind, Opts...> ? &st.sample_weight
                                                                               : nullptr);
    }
    const auto v = per(s.tp, s.pred, s.truth);
    if (avg == average::weighted) {
      bool any = false;
      for (double t : s.truth) any = any || t != 0;
      return mean(v, any ? &s.truth : nullptr);
    }
    return mean(v, nullptr);
  }
}

namespace detail {

// Fraction (or weighted count) of exact matches; rows must match entirely
// for multilabel data.
template <class R1, class R2, class... Opts>
std::pair<double, double> matches(const R1& y_true, const R2& y_pred, bool hamming,
                                  const Opts&... opts) {
  // returns (matching weight, total weight); hamming counts differing cells
  if constexpr (is_multilabel_v<R1>) {
    static_assert(is_multilabel_v<R2>, "tally: y_true is multilabel but y_pred is not");
    const auto a = adapt_indicator("y_true", y_true);
    const auto b = adapt_indicator("y_pred", y_pred);
    check_same_shape(a, b);
    const double* w = weights_for(a.rows, opts...);
    double hit = 0, total = 0;
    for (std::size_t r = 0; r < a.rows; ++r) {
      std::size_t diff = 0;
      for (std::size_t c = 0; c < a.cols; ++c) diff += a.row(r)[c] != b.row(r)[c];
      const double wr = w ? w[r] : 1.0;
      if (hamming)
        hit += static_cast<double>(diff) * wr;
      else if (diff == 0)
        hit += wr;
      total += wr;
    }
    return {hit, total};
  } else {
    static_assert(!is_multilabel_v<R2>, "tally: y_pred is multilabel but y_true is not");
    const auto data = adapt_pair(y_true, y_pred);
    const std::size_t n = data.size();
    const double* w = weights_for(n, opts...);
    double hit = 0, total = 0;
    if (w) {
      for (std::size_t i = 0; i < n; ++i) {
        if ((data.y_true[i] == data.y_pred[i]) != hamming) hit += w[i];
        total += w[i];
      }
    } else {
      std::uint64_t h = 0;
      for (std::size_t i = 0; i < n; ++i) h += (data.y_true[i] == data.y_pred[i]) != hamming;
      hit = static_cast<double>(h);
      total = static_cast<double>(n);
    }
    return {hit, total};
  }
}

inline void check_weight_total(double total) {
  if (total == 0)
    throw_invalid_argument("sample_weight sums to zero: the weighted average is undefined");
}

} // namespace detail

/// Fraction of exact matches (subset accuracy for multilabel data);
/// `normalized(false)` gives the (weighted) count.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double accuracy_score(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("accuracy_score", Opts, detail::sample_weight_kind,
                             detail::normalized_kind);
  const auto [hit, total] = detail::matches(y_true, y_pred, false, opts...);
  if (!detail::get_option<detail::normalized_kind>(normalized(true), opts...).value) return hit;
  detail::check_weight_total(total);
  return hit / total;
}

/// 1 - accuracy_score; `normalized(false)` gives the (weighted) count of misses.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double zero_one_loss(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("zero_one_loss", Opts, detail::sample_weight_kind,
                             detail::normalized_kind);
  const auto [hit, total] = detail::matches(y_true, y_pred, false, opts...);
  if (!detail::get_option<detail::normalized_kind>(normalized(true), opts...).value)
    return total - hit;
  detail::check_weight_total(total);
  return 1 - hit / total;
}

/// Fraction of wrong labels: of samples (1-D), or of cells (multilabel).
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double hamming_loss(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("hamming_loss", Opts, detail::sample_weight_kind);
  const auto [miss, total] = detail::matches(y_true, y_pred, true, opts...);
  detail::check_weight_total(total);
  if constexpr (detail::is_multilabel_v<R1>) {
    std::size_t cols = 0;
    if constexpr (detail::is_indicator_view<detail::remove_cvref_t<R1>>::value)
      cols = y_true.cols;
    else
      for (const auto& v : *detail::adl_begin(y_true)) (void)v, ++cols;
    return miss / (total * static_cast<double>(cols));
  } else {
    return miss / total;
  }
}

namespace detail {
// The confusion matrix of 1-D labels (multilabel data are refused).
template <class R1, class R2, class... Opts>
auto full_matrix(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  static_assert(!is_multilabel_v<R1> && !is_multilabel_v<R2>,
                "tally: this metric does not take multilabel data");
  return ::tally::count_matrix(y_true, y_pred, opts...).counts;
}
} // namespace detail

/// Mean per-class recall; `adjusted()` rescales so chance is 0.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double balanced_accuracy_score(const R1& y_true, const R2& y_pred,
                                             const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("balanced_accuracy_score", Opts, detail::sample_weight_kind,
                             detail::adjusted_kind);
  const bool adj = detail::get_option<detail::adjusted_kind>(adjusted(false), opts...).value;
  const auto m = detail::apply_without<detail::adjusted_kind>(
      [&](const auto&... o) { return detail::full_matrix(y_true, y_pred, o...); }, opts...);
  return balanced_accuracy(m, adj);
}

/// Matthews correlation coefficient (binary and multiclass).
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double matthews_corrcoef(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("matthews_corrcoef", Opts, detail::sample_weight_kind);
  return mcc(detail::full_matrix(y_true, y_pred, opts...));
}

/// Cohen's kappa between two annotators; `labels`, `kappa_weights`,
/// `sample_weight`, `replace_undefined_by` (default NaN).
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] double cohen_kappa_score(const R1& y1, const R2& y2, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("cohen_kappa_score", Opts, detail::sample_weight_kind,
                             detail::labels_kind, detail::kappa_weights_kind,
                             detail::replace_undefined_kind);
  const kappa_weights kw =
      detail::get_option<detail::kappa_weights_kind>(kappa_weights::none, opts...);
  const double undefined = detail::get_option<detail::replace_undefined_kind>(
                               replace_undefined_by(detail::nan_v), opts...)
                               .value;
  if (!(std::isnan(undefined) || (undefined >= -1 && undefined <= 1)))
    detail::throw_invalid_argument("replace_undefined_by must be in [-1, 1] or nan, got " +
                                   detail::to_text(undefined));
  const auto m = [&](const auto&... o) { return detail::full_matrix(y1, y2, o...); };
  const auto counts = detail::apply_without<detail::kappa_weights_kind>(
      [&](const auto&... o) {
        return detail::apply_without<detail::replace_undefined_kind>(m, o...);
      },
      opts...);
  return cohen_kappa(counts, kw, undefined);
}

/// Per-label 2 x 2 counts: one-vs-rest for 1-D labels (sorted labels, or
/// `labels(...)` in order, absent ones with zero counts), per column for
/// multilabel data, per sample with `samplewise()` (multilabel only).
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] auto multilabel_confusion_matrix(const R1& y_true, const R2& y_pred,
                                               const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("multilabel_confusion_matrix", Opts, detail::sample_weight_kind,
                             detail::labels_kind, detail::samplewise_kind);
  using T = detail::count_t<Opts...>;
  const bool by_sample =
      detail::get_option<detail::samplewise_kind>(samplewise(false), opts...).value;
  std::vector<binary_counts<T>> out;
  auto cast = [](double v) { return static_cast<T>(v); };
  if constexpr (detail::is_multilabel_v<R1>) {
    const auto st = detail::setwise_multilabel(
        y_true, y_pred, by_sample ? average::samples : average::macro, opts...);
    const auto& s = by_sample ? st.samples : st.labels;
    const std::size_t ncols = st.labels.tp.size();
    for (std::size_t i = 0; i < s.tp.size(); ++i) {
      binary_counts<T> c;
      c.tp = cast(s.tp[i]);
      c.fp = cast(s.pred[i] - s.tp[i]);
      c.fn = cast(s.truth[i] - s.tp[i]);
      const double all = by_sample ? st.sample_weight[i] * static_cast<double>(ncols) : s.total;
      c.tn = cast(all - s.tp[i] - (s.pred[i] - s.tp[i]) - (s.truth[i] - s.tp[i]));
      out.push_back(c);
    }
  } else {
    if (by_sample)
      detail::throw_invalid_argument(
          "samplewise counts need multilabel data (an indicator matrix)");
    const auto st = detail::setwise_1d(y_true, y_pred, average::macro, opts...);
    for (std::size_t i = 0; i < st.labels.tp.size(); ++i) {
      const auto c = st.labels.counts(i);
      out.push_back({cast(c.tp), cast(c.fp), cast(c.fn), cast(c.tn)});
    }
  }
  return out;
}

/// Positive and negative likelihood ratios of a binary problem.
struct likelihood_ratios {
  double positive; ///< LR+ = recall / (1 - specificity)
  double negative; ///< LR- = (1 - recall) / specificity
};

/// LR+ and LR- of a binary problem (labels sorted, or `labels({neg, pos})`).
/// Undefined ratios are NaN unless `replace_undefined_by` says otherwise.
template <TALLY_DETAIL_DATA_ARGS(R1, R2)>
[[nodiscard]] likelihood_ratios class_likelihood_ratios(const R1& y_true, const R2& y_pred,
                                                        const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("class_likelihood_ratios", Opts, detail::sample_weight_kind,
                             detail::labels_kind, detail::replace_undefined_kind);
  const auto repl = detail::get_option<detail::replace_undefined_kind>(
      replace_undefined_by(detail::nan_v), opts...);
  if (repl.separate) {
    if (!(std::isnan(repl.value) || repl.value >= 1) ||
        !(std::isnan(repl.negative_value) ||
          (repl.negative_value >= 0 && repl.negative_value <= 1)))
      detail::throw_invalid_argument(
          "replace_undefined_by: LR+ must be >= 1 or nan and LR- in [0, 1] or nan, got (" +
          detail::to_text(repl.value) + ", " + detail::to_text(repl.negative_value) + ")");
  } else if (!(std::isnan(repl.value) || repl.value == 1.0)) {
    detail::throw_invalid_argument("replace_undefined_by must be 1 or nan, got " +
                                   detail::to_text(repl.value));
  }
  {
    const auto data = detail::adapt_pair(y_true, y_pred);
    using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
    const auto present = detail::label_set<K>::infer(data.y_true.data(), data.size(),
                                                     data.y_pred.data(), data.size());
    if (present.size() > 2)
      detail::throw_invalid_argument("class_likelihood_ratios needs a binary target, got " +
                                     std::to_string(present.size()) + " labels " +
                                     detail::labels_text(present.values()));
  }
  const auto m = detail::apply_without<detail::replace_undefined_kind>(
      [&](const auto&... o) { return detail::full_matrix(y_true, y_pred, o...); }, opts...);
  if (m.n_classes() != 2)
    detail::throw_invalid_argument("class_likelihood_ratios needs exactly 2 labels, got " +
                                   std::to_string(m.n_classes()));
  const double tn = static_cast<double>(m(0, 0)), fp = static_cast<double>(m(0, 1)),
               fn = static_cast<double>(m(1, 0)), tp = static_cast<double>(m(1, 1));
  const double pos = tp + fn, neg = tn + fp;
  likelihood_ratios r{};
  r.positive = fp == 0 ? repl.value : (tp * neg) / (fp * pos);
  r.negative = tn == 0 ? repl.negative_value : (fn * neg) / (tn * pos);
  return r;
}

// Iterator-pair forms: f(first1, last1, first2, last2, options...).
TALLY_DETAIL_ITERATOR_FORM(multilabel_confusion_matrix)
TALLY_DETAIL_ITERATOR_FORM(accuracy_score)
TALLY_DETAIL_ITERATOR_FORM(balanced_accuracy_score)
TALLY_DETAIL_ITERATOR_FORM(precision_score)
TALLY_DETAIL_ITERATOR_FORM(recall_score)
TALLY_DETAIL_ITERATOR_FORM(f1_score)
TALLY_DETAIL_ITERATOR_FORM(fbeta_score)
TALLY_DETAIL_ITERATOR_FORM(precision_recall_fscore_support)
TALLY_DETAIL_ITERATOR_FORM(jaccard_score)
TALLY_DETAIL_ITERATOR_FORM(matthews_corrcoef)
TALLY_DETAIL_ITERATOR_FORM(cohen_kappa_score)
TALLY_DETAIL_ITERATOR_FORM(hamming_loss)
TALLY_DETAIL_ITERATOR_FORM(zero_one_loss)
TALLY_DETAIL_ITERATOR_FORM(class_likelihood_ratios)

TALLY_NAMESPACE_END

#undef TALLY_DETAIL_DATA_ARGS
#undef TALLY_DETAIL_SETWISE_OPTIONS

#endif // TALLY_CLASSIFICATION_HPP
// ---- end tally/classification.hpp ----
// ---- begin tally/classification_report.hpp ----
#ifndef TALLY_CLASSIFICATION_REPORT_HPP
#define TALLY_CLASSIFICATION_REPORT_HPP

// classification_report: precision, recall, F1 and support per label and
// averaged, as a structure and as scikit-learn's text table.


#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// One line of a classification report.
struct report_row {
  std::string name; ///< label name, or "accuracy", "micro avg", "macro avg", ...
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double support = 0;
};

/// The structured classification report.
struct classification_report_result {
  std::vector<report_row> labels;   ///< one row per label, in label order
  std::vector<report_row> averages; ///< micro (or accuracy), macro, weighted[, samples]
  bool has_accuracy = false;        ///< the micro row is accuracy (all labels covered)
  double accuracy = 0;              ///< valid when has_accuracy
  int digits = 2;                   ///< decimals of the text form
  bool weighted_support = false;    ///< support holds weights, not counts

  /// The text table, in scikit-learn's layout.
  [[nodiscard]] std::string to_string() const;
};

namespace detail {

// Shortest decimal text that reads back as the same double.
inline std::string shortest_text(double v) {
  char buf[40];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// How a label is named in the report (Python's str() of the value).
template <class K>
std::string label_name(const K& v) {
  if constexpr (std::is_same_v<K, bool>) {
    return v ? "True" : "False";
  } else if constexpr (std::is_same_v<K, std::string_view>) {
    return std::string(v);
  } else if constexpr (std::is_floating_point_v<K>) {
    std::string s = shortest_text(static_cast<double>(v));
    if (s.find_first_of(".eE") == std::string::npos && std::isfinite(static_cast<double>(v)))
      s += ".0";
    return s;
  } else {
    return to_text(v);
  }
}

inline std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

inline std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

inline std::string support_text(double v, bool weighted) {
  if (!weighted) return std::to_string(static_cast<unsigned long long>(v));
  std::string s = shortest_text(v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

} // namespace detail

inline std::string classification_report_result::to_string() const {
  std::size_t width = 12; // "weighted avg"
  for (const auto& r : labels) width = (std::max)(width, r.name.size());
  width = (std::max)(width, static_cast<std::size_t>(digits < 0 ? 0 : digits));
  const char* headers[] = {"precision", "recall", "f1-score", "support"};
  std::string out = detail::pad_left("", width) + " ";
  for (const char* h : headers) out += " " + detail::pad_left(h, 9);
  out += "\n\n";
  auto line = [&](const report_row& r) {
    out += detail::pad_left(r.name, width) + " ";
    out += " " + detail::pad_left(detail::fixed(r.precision, digits), 9);
    out += " " + detail::pad_left(detail::fixed(r.recall, digits), 9);
    out += " " + detail::pad_left(detail::fixed(r.f1, digits), 9);
    out += " " + detail::pad_left(detail::support_text(r.support, weighted_support), 9) + "\n";
  };
  for (const auto& r : labels) line(r);
  out += "\n";
  for (const auto& r : averages) {
    if (r.name == "accuracy") {
      out += detail::pad_left(r.name, width) + " ";
      out += " " + detail::pad_left("", 9) + " " + detail::pad_left("", 9);
      out += " " + detail::pad_left(detail::fixed(r.f1, digits), 9);
      out += " " + detail::pad_left(detail::support_text(r.support, weighted_support), 9) + "\n";
    } else {
      line(r);
    }
  }
  return out;
}

/// Per-label and averaged precision, recall, F1 and support. Options:
/// labels, target_names, sample_weight, digits, zero_division.
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::label_range_v<R1> && detail::label_range_v<R2>, int> = 0>
[[nodiscard]] classification_report_result classification_report(const R1& y_true, const R2& y_pred,
                                                                 const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("classification_report", Opts, detail::labels_kind,
                             detail::target_names_kind, detail::sample_weight_kind,
                             detail::digits_kind, detail::zero_division_kind);
  classification_report_result rep;
  rep.digits = detail::get_option<detail::digits_kind>(digits(2), opts...).value;
  rep.weighted_support = detail::has_option_v<detail::sample_weight_kind, Opts...>;
  constexpr bool multilabel = detail::is_multilabel_v<R1>;
  // the label names and whether every present label is listed
  std::vector<std::string> names;
  bool covers_all = true;
  if constexpr (multilabel) {
    const auto a = detail::adapt_indicator("y_true", y_true);
    for (std::size_t c : detail::multilabel_columns(a.cols, opts...))
      names.push_back(std::to_string(c));
    covers_all = false;
  } else {
    const auto data = detail::adapt_pair(y_true, y_pred);
    using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
    const auto present = detail::label_set<K>::infer(data.y_true.data(), data.size(),
                                                     data.y_pred.data(), data.size());
    std::vector<K> listed = present.values();
    if constexpr (detail::has_option_v<detail::labels_kind, Opts...>) {
      listed = detail::labels_option_values<K>(opts...);
      const auto given = detail::label_set<K>::given(listed);
      for (const K& v : present.values()) covers_all = covers_all && given.contains(v);
    }
    for (const K& v : listed) names.push_back(detail::label_name(v));
  }
  if constexpr (detail::has_option_v<detail::target_names_kind, Opts...>) {
    const auto& tn = detail::get_option<detail::target_names_kind>(0, opts...).values;
    if (tn.size() != names.size() && !detail::has_option_v<detail::labels_kind, Opts...>)
      detail::throw_invalid_argument("target_names has " + std::to_string(tn.size()) +
                                     " names for " + std::to_string(names.size()) + " labels");
    for (std::size_t i = 0; i < names.size() && i < tn.size(); ++i) names[i] = tn[i];
    if (tn.size() < names.size()) names.resize(tn.size());
  }
  const auto setwise_opts = [&](auto&& f) {
    return detail::apply_without<detail::target_names_kind>(
        [&](const auto&... o) { return detail::apply_without<detail::digits_kind>(f, o...); },
        opts...);
  };
  const auto per = setwise_opts(
      [&](const auto&... o) { return precision_recall_fscore_support(y_true, y_pred, o...); });
  double total_support = 0;
  for (double s : per.support) total_support += s;
  for (std::size_t i = 0; i < names.size(); ++i)
    rep.labels.push_back(
        {names[i], per.precision[i], per.recall[i], per.fscore[i], per.support[i]});
  std::vector<average> avgs{average::micro, average::macro, average::weighted};
  if (multilabel) avgs.push_back(average::samples);
  for (average a : avgs) {
    const auto r = setwise_opts(
        [&](const auto&... o) { return precision_recall_fscore_support(y_true, y_pred, a, o...); });
    const bool acc = a == average::micro && !multilabel && covers_all;
    std::string name = acc ? "accuracy" : std::string(detail::average_name(a)) + " avg";
    rep.averages.push_back({name, r.precision, r.recall, r.fscore, total_support});
    if (acc) rep.has_accuracy = true, rep.accuracy = r.precision;
  }
  return rep;
}

TALLY_NAMESPACE_END

#endif // TALLY_CLASSIFICATION_REPORT_HPP
// ---- end tally/classification_report.hpp ----
// ---- begin tally/explain.hpp ----
#ifndef TALLY_EXPLAIN_HPP
#define TALLY_EXPLAIN_HPP

// Why do accuracy and F1 disagree? An explanation of a confusion matrix, in
// numbers and in plain sentences:
//
//   explain(binary_counts[, rules])                  -> binary_explanation
//   explain(y_true, y_pred[, pos_label(x), sample_weight(w)])
//                                                    -> binary_explanation
//   explain(matrix[, class_names][, rules])          -> multiclass_explanation
//   explain(labeled_matrix[, rules])                 -> multiclass_explanation
//   explain_multiclass(y_true, y_pred[, labels(..), sample_weight(w)])
//                                                    -> multiclass_explanation
//
// A binary explanation holds prevalence and predicted-positive rate, every
// common metric with whether true negatives enter its formula, three chance
// baselines (always positive, always negative, random at the model's
// predicted-positive rate) and a list of findings: sentences produced by the
// rules below from the numbers alone. `to_string()` renders it as text;
// <tally/explain_io.hpp> adds operator<< for streams.
//
// Undefined ratios (0/0) are NaN here and printed as "undefined", and a
// finding says so; scikit-learn's scoring functions report them as 0 by
// default.
//
// Binary rules (each finding carries its rule id):
//
//   accuracy_below_f1 / accuracy_above_f1
//     |accuracy - F1| >= rules.gap and some prediction is wrong. With E =
//     FP + FN errors, accuracy = (TP + TN) / (TP + TN + E) and F1 = 2 TP /
//     (2 TP + E): both weigh correct predictions against the same errors,
//     so F1 > accuracy exactly when TP > TN. The sentence gives TP and TN
//     and the reasons TN is smaller (larger): TP > TN iff prevalence *
//     recall > (1 - prevalence) * specificity, so it names the lower
//     specificity (recall) and/or the smaller share of negatives (positives).
//   accuracy_above_balanced / accuracy_below_balanced
//     both classes present and |accuracy - balanced accuracy| >= rules.gap.
//     accuracy - balanced accuracy = (prevalence - 1/2) (recall -
//     specificity): the model is better on the larger (smaller) class.
//   recall_above_specificity / specificity_above_recall
//     both defined and differing by at least rules.asymmetry.
//   accuracy_not_above_baseline / accuracy_near_baseline,
//   f1_not_above_baseline / f1_near_baseline
//     the model's score minus the best chance baseline's is <= 0, or in
//     (0, rules.baseline_margin).
//   near_chance / worse_than_chance
//     both classes present in truth, |MCC| < rules.chance_band, or MCC <=
//     -rules.chance_band.
//   undefined_metrics
//     some ratio among precision, recall, specificity, NPV, F1 is 0/0.
//
// Multiclass rules (on the whole matrix; per_class holds one-vs-rest binary
// explanations with their own findings):
//
//   accuracy_above_macro_f1 / accuracy_below_macro_f1
//     |accuracy - macro F1| >= rules.gap; accuracy is micro-averaged F1,
//     which weighs classes by their size, macro F1 weighs them equally. The
//     sentence names the classes with the lowest and highest F1.
//   accuracy_above_balanced / accuracy_below_balanced
//     |accuracy - balanced accuracy| >= rules.gap; accuracy is the
//     support-weighted mean of per-class recall, balanced accuracy the plain
//     mean.
//   accuracy_not_above_baseline / accuracy_near_baseline
//     against always predicting the largest class.
//   near_chance / worse_than_chance
//     on the multiclass MCC, as for binary.
//   class_never_predicted
//     a class present in truth is never predicted.


#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// The thresholds the explanation rules use (see the list at the top of
/// this header).
struct explain_rules {
  double gap = 0.02;             ///< two scores disagree when this far apart
  double asymmetry = 0.15;       ///< recall and specificity differ by this much
  double baseline_margin = 0.05; ///< a score within this above a baseline is "near" it
  double chance_band = 0.10;     ///< |MCC| below this is "near chance"
};

/// One metric in an explanation.
struct explained_metric {
  std::string name;    ///< e.g. "accuracy"
  double value = 0;    ///< NaN when undefined (0/0)
  bool uses_tn = true; ///< whether true negatives enter its formula
  std::string formula; ///< in terms of TP, FP, FN, TN
};

/// A predictor that needs no model, scored on the same data (expected counts).
struct chance_baseline {
  std::string name;
  double predicted_positive_rate = 0;
  binary_counts<double> counts; ///< expected cells
  double accuracy = 0;
  double f1 = 0; ///< NaN when undefined
  double balanced_accuracy = 0;
};

/// A sentence produced by one of the explanation rules.
struct finding {
  std::string rule; ///< stable identifier, e.g. "accuracy_below_f1"
  std::string text; ///< one or two plain sentences
};

/// The explanation of binary counts.
struct binary_explanation {
  binary_counts<double> counts;
  double total = 0;
  double prevalence = 0;              ///< (TP + FN) / N
  double predicted_positive_rate = 0; ///< (TP + FP) / N
  double accuracy = 0, precision = 0, recall = 0, f1 = 0, specificity = 0, npv = 0,
         balanced_accuracy = 0, mcc = 0, kappa = 0, informedness = 0, markedness = 0;
  std::vector<explained_metric> metrics;  ///< the values above, with uses_tn and formula
  std::vector<chance_baseline> baselines; ///< always positive, always negative, random
  std::vector<finding> findings;

  /// Whether a rule produced a finding.
  [[nodiscard]] bool has(std::string_view rule) const noexcept {
    for (const auto& f : findings)
      if (f.rule == rule) return true;
    return false;
  }
  /// The finding of a rule, or nullptr.
  [[nodiscard]] const finding* find(std::string_view rule) const noexcept {
    for (const auto& f : findings)
      if (f.rule == rule) return &f;
    return nullptr;
  }
  [[nodiscard]] std::string to_string() const;
};

/// The explanation of a multiclass confusion matrix.
struct multiclass_explanation {
  std::vector<std::string> class_names;
  std::vector<binary_explanation> per_class; ///< one-vs-rest, in class order
  double total = 0;
  double accuracy = 0, balanced_accuracy = 0, macro_f1 = 0, weighted_f1 = 0, mcc = 0, kappa = 0;
  std::size_t majority_class = 0; ///< index of the largest class in truth
  double majority_accuracy = 0;   ///< accuracy of always predicting it
  std::vector<finding> findings;

  [[nodiscard]] bool has(std::string_view rule) const noexcept {
    for (const auto& f : findings)
      if (f.rule == rule) return true;
    return false;
  }
  [[nodiscard]] const finding* find(std::string_view rule) const noexcept {
    for (const auto& f : findings)
      if (f.rule == rule) return &f;
    return nullptr;
  }
  [[nodiscard]] std::string to_string() const;
};

namespace detail {

inline double ex_nan() noexcept { return std::numeric_limits<double>::quiet_NaN(); }

// "0.785" (digits decimals) or "undefined".
inline std::string ex_fixed(double v, int digits = 3) {
  if (std::isnan(v)) return "undefined";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// A share as a percentage: "41%" with decimals = 0, "40.6%" with 1. With 0
// decimals, one is still shown when the value is below 10% and not whole, or
// would otherwise read 100% without being it.
inline std::string ex_percent(double share, int decimals = 0) {
  if (std::isnan(share)) return "undefined";
  const double p = share * 100;
  if (decimals == 0 && ((p < 10 && std::fabs(p - std::round(p)) > 1e-9) || (p > 99.5 && p < 100)))
    decimals = 1;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, p);
  return buf;
}

// A count: an integer when it is one, else 6 significant digits.
inline std::string ex_count(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 9.0e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

inline std::string ex_pad(const std::string& s, std::size_t width, bool left = false) {
  if (s.size() >= width) return s;
  const std::string fill(width - s.size(), ' ');
  return left ? fill + s : s + fill;
}

// Word-wraps text to width columns, the first line prefixed by first, the
// others by rest.
inline std::string ex_wrap(const std::string& text, std::size_t width, const std::string& first,
                           const std::string& rest) {
  std::string out, line = first;
  std::size_t start = 0;
  bool line_empty = true;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!line_empty && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = rest;
      line_empty = true;
    }
    if (!line_empty) line += ' ';
    line += word;
    line_empty = false;
  }
  out += line + "\n";
  return out;
}

inline std::string ex_join(const std::vector<std::string>& parts) {
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) s += (i + 1 == parts.size()) ? " and " : ", ";
    s += parts[i];
  }
  return s;
}

inline bool ex_defined(double v) noexcept { return !std::isnan(v); }

inline chance_baseline ex_baseline(std::string name, double n, double prev, double rate) {
  chance_baseline b;
  b.name = std::move(name);
  b.predicted_positive_rate = rate;
  b.counts.tp = n * prev * rate;
  b.counts.fp = n * (1 - prev) * rate;
  b.counts.fn = n * prev * (1 - rate);
  b.counts.tn = n * (1 - prev) * (1 - rate);
  b.accuracy = accuracy(b.counts, zero_division::nan);
  b.f1 = f1(b.counts, zero_division::nan);
  b.balanced_accuracy = balanced_accuracy(b.counts, zero_division::nan);
  return b;
}

// Rules comparing a score with the best chance baseline for it.
inline void ex_baseline_rule(std::vector<finding>& out, const char* metric, const char* lower,
                             const char* id, double value, double best,
                             const std::string& best_name, const explain_rules& rules) {
  if (!ex_defined(value) || !ex_defined(best)) return;
  const double diff = value - best;
  if (diff <= 0) {
    out.push_back({std::string(id) + "_not_above_baseline",
                   std::string(metric) + " (" + ex_fixed(value) + ") is no better than " +
                       best_name + " (" + ex_fixed(best) + "), which needs no model at all."});
  } else if (diff < rules.baseline_margin) {
    out.push_back({std::string(id) + "_near_baseline",
                   std::string(metric) + " (" + ex_fixed(value) + ") is only " + ex_fixed(diff) +
                       " above " + best_name + " (" + ex_fixed(best) + "): on this data an " +
                       lower + " of about " + ex_fixed(best, 2) +
                       " needs no model at all, so judge the model against that, not "
                       "against 0."});
  }
}

inline void ex_chance_rule(std::vector<finding>& out, double mcc_value, double acc,
                           const std::string& other, const explain_rules& rules) {
  if (!ex_defined(mcc_value)) return;
  if (mcc_value <= -rules.chance_band) {
    out.push_back(
        {"worse_than_chance", "MCC is " + ex_fixed(mcc_value) +
                                  ", below 0: the predictions run against the truth, worse than "
                                  "guessing."});
  } else if (std::fabs(mcc_value) < rules.chance_band) {
    out.push_back({"near_chance", "MCC is " + ex_fixed(mcc_value) +
                                      ": the predictions are barely related to the truth, "
                                      "whatever accuracy (" +
                                      ex_fixed(acc) + ")" + other +
                                      (other.empty() ? " says." : " say.")});
  }
}

} // namespace detail

/// Explains binary counts (weighted counts are fine). `rules` sets the
/// thresholds of the findings.
template <class T>
[[nodiscard]] binary_explanation explain(const binary_counts<T>& counts,
                                         const explain_rules& rules = {}) {
  using detail::ex_count;
  using detail::ex_defined;
  using detail::ex_fixed;
  using detail::ex_percent;
  binary_explanation e;
  binary_counts<double>& c = e.counts;
  c.tp = static_cast<double>(counts.tp);
  c.fp = static_cast<double>(counts.fp);
  c.fn = static_cast<double>(counts.fn);
  c.tn = static_cast<double>(counts.tn);
  if (!(c.tp >= 0 && c.fp >= 0 && c.fn >= 0 && c.tn >= 0))
    detail::throw_invalid_argument("explain: counts must be >= 0, got tp=" + detail::to_text(c.tp) +
                                   " fp=" + detail::to_text(c.fp) + " fn=" + detail::to_text(c.fn) +
                                   " tn=" + detail::to_text(c.tn));
  e.total = c.total();
  if (!(e.total > 0)) detail::throw_invalid_argument("explain: counts are all zero (no samples)");
  const auto z = zero_division::nan;
  const double n = e.total;
  e.prevalence = (c.tp + c.fn) / n;
  e.predicted_positive_rate = (c.tp + c.fp) / n;
  e.accuracy = accuracy(c, z);
  e.precision = precision(c, z);
  e.recall = recall(c, z);
  e.f1 = f1(c, z);
  e.specificity = specificity(c, z);
  e.npv = npv(c, z);
  e.balanced_accuracy = balanced_accuracy(c, z);
  e.mcc = mcc(c);
  e.kappa = cohen_kappa(c, kappa_weights::none);
  e.informedness = ex_defined(e.recall) && ex_defined(e.specificity) ? e.recall + e.specificity - 1
                                                                     : detail::ex_nan();
  e.markedness =
      ex_defined(e.precision) && ex_defined(e.npv) ? e.precision + e.npv - 1 : detail::ex_nan();

  e.metrics = {
      {"accuracy", e.accuracy, true, "(TP + TN) / N"},
      {"precision", e.precision, false, "TP / (TP + FP)"},
      {"recall", e.recall, false, "TP / (TP + FN)"},
      {"F1", e.f1, false, "2 TP / (2 TP + FP + FN)"},
      {"specificity", e.specificity, true, "TN / (TN + FP)"},
      {"NPV", e.npv, true, "TN / (TN + FN)"},
      {"balanced accuracy", e.balanced_accuracy, true, "(recall + specificity) / 2"},
      {"MCC", e.mcc, true, "(TP TN - FP FN) / sqrt(margins)"},
      {"Cohen's kappa", e.kappa, true, "(accuracy - chance) / (1 - chance)"},
      {"informedness", e.informedness, true, "recall + specificity - 1"},
      {"markedness", e.markedness, true, "precision + NPV - 1"},
  };

  const double p = e.prevalence, q = e.predicted_positive_rate;
  e.baselines.push_back(detail::ex_baseline("always positive", n, p, 1.0));
  e.baselines.push_back(detail::ex_baseline("always negative", n, p, 0.0));
  e.baselines.push_back(detail::ex_baseline("random at the model's rate", n, p, q));

  auto& out = e.findings;
  const double errors = c.fp + c.fn;
  const bool both_true = c.tp + c.fn > 0 && c.fp + c.tn > 0;

  // accuracy versus F1: F1 > accuracy exactly when TP > TN.
  if (ex_defined(e.f1) && errors > 0 && std::fabs(e.accuracy - e.f1) >= rules.gap) {
    const std::string head = "Accuracy (" + ex_fixed(e.accuracy) + ") is ";
    const std::string both_use = "Both weigh the correct predictions against the same " +
                                 ex_count(errors) + " errors (" + ex_count(c.fp) + " FP + " +
                                 ex_count(c.fn) +
                                 " FN), but F1 = 2 TP / (2 TP + FP + FN) counts each true "
                                 "positive twice and never counts a true negative, while "
                                 "accuracy = (TP + TN) / N counts every correct prediction once.";
    std::vector<std::string> why;
    if (c.tp > c.tn) {
      if (ex_defined(e.specificity) && e.specificity < e.recall)
        why.push_back("the model finds only " + ex_percent(e.specificity) +
                      " of negatives (specificity " + ex_fixed(e.specificity) + ") against " +
                      ex_percent(e.recall) + " of positives (recall " + ex_fixed(e.recall) + ")");
      if (p >= 1)
        why.push_back("there are no negative samples");
      else if (p > 0.5)
        why.push_back("negatives are only " + ex_percent(1 - p) + " of the samples");
      std::string s = head + "below F1 (" + ex_fixed(e.f1) +
                      ") because there are fewer true negatives (" + ex_count(c.tn) +
                      ") than true positives (" + ex_count(c.tp) + "). " + both_use;
      if (!why.empty()) s += " True negatives are few because " + detail::ex_join(why) + ".";
      out.push_back({"accuracy_below_f1", s});
    } else if (c.tn > c.tp) {
      if (ex_defined(e.recall) && e.recall < e.specificity)
        why.push_back("the model finds only " + ex_percent(e.recall) + " of positives (recall " +
                      ex_fixed(e.recall) + ") against " + ex_percent(e.specificity) +
                      " of negatives (specificity " + ex_fixed(e.specificity) + ")");
      if (p <= 0)
        why.push_back("there are no positive samples");
      else if (p < 0.5)
        why.push_back("positives are only " + ex_percent(p) + " of the samples");
      std::string s = head + "above F1 (" + ex_fixed(e.f1) + ") because true negatives (" +
                      ex_count(c.tn) + ") outnumber true positives (" + ex_count(c.tp) + "). " +
                      both_use;
      if (!why.empty()) s += " True positives are few because " + detail::ex_join(why) + ".";
      out.push_back({"accuracy_above_f1", s});
    }
  }

  // accuracy versus balanced accuracy: the difference is (p - 1/2)(recall - specificity).
  if (both_true && std::fabs(e.accuracy - e.balanced_accuracy) >= rules.gap) {
    const bool pos_larger = p > 0.5;
    const std::string larger = pos_larger ? "positives" : "negatives";
    const std::string smaller = pos_larger ? "negatives" : "positives";
    const double r_large = pos_larger ? e.recall : e.specificity;
    const double r_small = pos_larger ? e.specificity : e.recall;
    const bool above = e.accuracy > e.balanced_accuracy;
    out.push_back({above ? "accuracy_above_balanced" : "accuracy_below_balanced",
                   "Accuracy (" + ex_fixed(e.accuracy) + ") is " + (above ? "above" : "below") +
                       " balanced accuracy (" + ex_fixed(e.balanced_accuracy) +
                       ") because the model does better on the " + (above ? "larger" : "smaller") +
                       " class: " + larger + " are " + ex_percent(pos_larger ? p : 1 - p) +
                       " of the samples and " + ex_percent(r_large) +
                       " of them are found, against " + ex_percent(r_small) + " of the " + smaller +
                       ". Accuracy weighs each class by its size; balanced accuracy weighs both "
                       "equally."});
  }

  // recall versus specificity.
  if (ex_defined(e.recall) && ex_defined(e.specificity) &&
      std::fabs(e.recall - e.specificity) >= rules.asymmetry) {
    const bool rec_hi = e.recall > e.specificity;
    std::string s =
        rec_hi ? "The model finds " + ex_percent(e.recall) + " of positives (recall " +
                     ex_fixed(e.recall) + ") but only " + ex_percent(e.specificity) +
                     " of negatives (specificity " + ex_fixed(e.specificity) +
                     "): " + ex_count(c.fp) + " of " + ex_count(c.fp + c.tn) +
                     " negatives are predicted positive. Precision, recall and F1 see the "
                     "negatives only through those false positives."
               : "The model finds " + ex_percent(e.specificity) + " of negatives (specificity " +
                     ex_fixed(e.specificity) + ") but only " + ex_percent(e.recall) +
                     " of positives (recall " + ex_fixed(e.recall) + "): " + ex_count(c.fn) +
                     " of " + ex_count(c.tp + c.fn) + " positives are missed.";
    out.push_back({rec_hi ? "recall_above_specificity" : "specificity_above_recall", s});
  }

  // the scores against the best chance baseline for each.
  {
    std::size_t best_acc = 0, best_f1 = 0;
    for (std::size_t i = 1; i < e.baselines.size(); ++i) {
      if (e.baselines[i].accuracy > e.baselines[best_acc].accuracy) best_acc = i;
      const double bf = e.baselines[i].f1, cur = e.baselines[best_f1].f1;
      if (ex_defined(bf) && (!ex_defined(cur) || bf > cur)) best_f1 = i;
    }
    const char* phrase[] = {"always predicting positive", "always predicting negative",
                            "guessing positive at random at the same rate"};
    detail::ex_baseline_rule(out, "Accuracy", "accuracy", "accuracy", e.accuracy,
                             e.baselines[best_acc].accuracy, phrase[best_acc], rules);
    detail::ex_baseline_rule(out, "F1", "F1", "f1", e.f1, e.baselines[best_f1].f1, phrase[best_f1],
                             rules);
  }

  // chance level.
  if (both_true)
    detail::ex_chance_rule(out, e.mcc, e.accuracy,
                           ex_defined(e.f1) ? " and F1 (" + ex_fixed(e.f1) + ")" : "", rules);

  // undefined ratios.
  {
    std::vector<std::string> why;
    if (c.tp + c.fp == 0) why.push_back("precision (no sample is predicted positive)");
    if (c.tp + c.fn == 0) why.push_back("recall (no sample is positive)");
    if (c.tn + c.fp == 0) why.push_back("specificity (no sample is negative)");
    if (c.tn + c.fn == 0) why.push_back("NPV (no sample is predicted negative)");
    if (c.tp + c.fp + c.fn == 0) why.push_back("F1 (no positive in truth or prediction)");
    if (!why.empty())
      out.push_back({"undefined_metrics",
                     "Undefined (0/0): " + detail::ex_join(why) +
                         ". They are shown as undefined here; scikit-learn's functions report "
                         "them as 0 by default (zero_division)."});
  }
  return e;
}

/// Explains labels: one-vs-rest counts of `pos_label` (default 1), with
/// optional `sample_weight`. For other rule thresholds, call
/// explain(count_binary(...), rules).
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2>, int> = 0>
[[nodiscard]] binary_explanation explain(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("explain", Opts, detail::pos_label_kind, detail::sample_weight_kind);
  return explain(count_binary(y_true, y_pred, opts...));
}

/// Explains a K x K confusion matrix (rows true, columns predicted).
/// `class_names` label the rows (default "0", "1", ...).
template <class T>
[[nodiscard]] multiclass_explanation explain(const matrix<T>& m,
                                             std::vector<std::string> class_names = {},
                                             const explain_rules& rules = {}) {
  using detail::ex_fixed;
  using detail::ex_percent;
  const std::size_t k = m.n_classes();
  if (k == 0) detail::throw_invalid_argument("explain: the matrix has no classes");
  if (class_names.empty())
    for (std::size_t i = 0; i < k; ++i) class_names.push_back(std::to_string(i));
  if (class_names.size() != k)
    detail::throw_invalid_argument("explain: class_names has " +
                                   std::to_string(class_names.size()) + " names for " +
                                   std::to_string(k) + " classes");
  multiclass_explanation e;
  e.class_names = std::move(class_names);
  e.total = static_cast<double>(m.total());
  if (!(e.total > 0)) detail::throw_invalid_argument("explain: the matrix is all zero");
  e.accuracy = accuracy(m);
  e.balanced_accuracy = balanced_accuracy(m);
  e.mcc = mcc(m);
  e.kappa = cohen_kappa(m);
  double f1_sum = 0, f1_weighted = 0, support_sum = 0;
  std::size_t f1_kept = 0;
  for (std::size_t i = 0; i < k; ++i) {
    e.per_class.push_back(explain(m.one_vs_rest(i), rules));
    const auto& b = e.per_class.back();
    const double support = b.counts.tp + b.counts.fn;
    if (m.true_count(i) > m.true_count(e.majority_class)) e.majority_class = i;
    // an undefined F1 (a class neither present nor predicted) counts as 0,
    // scikit-learn's default
    const double f = detail::ex_defined(b.f1) ? b.f1 : 0.0;
    f1_sum += f;
    ++f1_kept;
    f1_weighted += f * support;
    support_sum += support;
  }
  e.macro_f1 = f1_sum / static_cast<double>(f1_kept);
  e.weighted_f1 = support_sum > 0 ? f1_weighted / support_sum : detail::ex_nan();
  e.majority_accuracy = static_cast<double>(m.true_count(e.majority_class)) / e.total;

  auto& out = e.findings;
  const auto share = [&](std::size_t i) { return static_cast<double>(m.true_count(i)) / e.total; };
  const auto quoted = [&](std::size_t i) { return "'" + e.class_names[i] + "'"; };

  // accuracy (= micro F1) versus macro F1.
  if (std::fabs(e.accuracy - e.macro_f1) >= rules.gap && k > 1) {
    std::size_t lo = k, hi = k;
    for (std::size_t i = 0; i < k; ++i) {
      if (m.true_count(i) == 0) continue;
      const double f = detail::ex_defined(e.per_class[i].f1) ? e.per_class[i].f1 : 0.0;
      const auto fval = [&](std::size_t j) {
        return detail::ex_defined(e.per_class[j].f1) ? e.per_class[j].f1 : 0.0;
      };
      if (lo == k || f < fval(lo)) lo = i;
      if (hi == k || f > fval(hi)) hi = i;
    }
    const bool above = e.accuracy > e.macro_f1;
    std::string s = "Accuracy (" + ex_fixed(e.accuracy) + ") is " + (above ? "above" : "below") +
                    " macro F1 (" + ex_fixed(e.macro_f1) +
                    "). Accuracy equals micro-averaged F1, which weighs each class by its "
                    "size; macro F1 gives every class the same weight.";
    if (lo < k && hi < k && lo != hi)
      s += " The weakest class, " + quoted(lo) + " (" + ex_percent(share(lo)) +
           " of the samples), has F1 " + ex_fixed(e.per_class[lo].f1) + "; the strongest, " +
           quoted(hi) + " (" + ex_percent(share(hi)) + "), has F1 " + ex_fixed(e.per_class[hi].f1) +
           ".";
    out.push_back({above ? "accuracy_above_macro_f1" : "accuracy_below_macro_f1", s});
  }

  // accuracy versus balanced accuracy (support-weighted versus plain mean recall).
  if (detail::ex_defined(e.balanced_accuracy) &&
      std::fabs(e.accuracy - e.balanced_accuracy) >= rules.gap) {
    const bool above = e.accuracy > e.balanced_accuracy;
    out.push_back({above ? "accuracy_above_balanced" : "accuracy_below_balanced",
                   "Accuracy (" + ex_fixed(e.accuracy) + ") is " + (above ? "above" : "below") +
                       " balanced accuracy (" + ex_fixed(e.balanced_accuracy) +
                       ") because the model finds a larger share of the " +
                       (above ? "larger" : "smaller") +
                       " classes: accuracy is the mean recall weighted by class size, "
                       "balanced accuracy the plain mean over the classes."});
  }

  detail::ex_baseline_rule(out, "Accuracy", "accuracy", "accuracy", e.accuracy, e.majority_accuracy,
                           "always predicting the largest class, " + quoted(e.majority_class),
                           rules);
  detail::ex_chance_rule(out, e.mcc, e.accuracy, "", rules);

  {
    std::vector<std::string> never;
    for (std::size_t i = 0; i < k; ++i)
      if (m.true_count(i) > T{} && m.pred_count(i) == T{})
        never.push_back(quoted(i) + " (" + detail::ex_count(static_cast<double>(m.true_count(i))) +
                        " samples)");
    if (!never.empty())
      out.push_back({"class_never_predicted",
                     "Never predicted: " + detail::ex_join(never) +
                         ". Their recall and F1 are 0, which pulls macro F1 and balanced "
                         "accuracy down but hardly moves accuracy."});
  }
  return e;
}

/// Explains a confusion matrix with its labels (from count_matrix).
template <class Label, class T>
[[nodiscard]] multiclass_explanation explain(const labeled_matrix<Label, T>& lm,
                                             const explain_rules& rules = {}) {
  std::vector<std::string> names;
  for (const auto& l : lm.labels) {
    if constexpr (std::is_convertible_v<const Label&, std::string>)
      names.push_back(std::string(l));
    else
      names.push_back(detail::to_text(l));
  }
  return explain(lm.counts, std::move(names), rules);
}

/// Explains multiclass labels: the confusion matrix over the sorted labels
/// (or `labels(...)`), with optional `sample_weight`.
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2>, int> = 0>
[[nodiscard]] multiclass_explanation explain_multiclass(const R1& y_true, const R2& y_pred,
                                                        const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("explain_multiclass", Opts, detail::labels_kind,
                             detail::sample_weight_kind);
  return explain(count_matrix(y_true, y_pred, opts...));
}

// ------------------------------------------------------------- printing --

inline std::string binary_explanation::to_string() const {
  using detail::ex_count;
  using detail::ex_fixed;
  using detail::ex_pad;
  using detail::ex_percent;
  const binary_counts<double>& c = counts;
  std::string s;
  s += "Confusion matrix (" + ex_count(total) + " samples)\n";
  const std::size_t w = (std::max)(std::size_t{6}, ex_count(total).size());
  auto cell = [&](const char* name, double v) {
    return std::string(name) + " " + ex_pad(ex_count(v), w, true);
  };
  const std::string gap = "    ";
  const std::size_t cw = w + 3; // width of "TP " + count
  s += "                " + ex_pad("predicted +", cw, true) + gap +
       ex_pad("predicted -", cw, true) + "\n";
  s += "    actual +    " + cell("TP", c.tp) + gap + cell("FN", c.fn) + gap +
       ex_pad(ex_count(c.tp + c.fn), w, true) + " positives (prevalence " +
       ex_percent(prevalence, 1) + ")\n";
  s += "    actual -    " + cell("FP", c.fp) + gap + cell("TN", c.tn) + gap +
       ex_pad(ex_count(c.fp + c.tn), w, true) + " negatives\n";
  s += "                " + ex_pad(ex_count(c.tp + c.fp), cw, true) + gap +
       ex_pad(ex_count(c.fn + c.tn), cw, true) + gap + ex_pad("", w) +
       " predicted positive: " + ex_percent(predicted_positive_rate, 1) + "\n\n";

  s += "  " + ex_pad("metric", 18) + ex_pad("value", 11, true) + "  uses TN  formula\n";
  for (const auto& m : metrics)
    s += "  " + ex_pad(m.name, 18) + ex_pad(ex_fixed(m.value, 4), 11, true) + "  " +
         ex_pad(m.uses_tn ? "yes" : "no", 7) + "  " + m.formula + "\n";
  s += "\n  " + ex_pad("chance baseline (expected)", 27) + ex_pad("predicts +", 13, true) +
       ex_pad("accuracy", 11, true) + ex_pad("F1", 11, true) + "\n";
  auto row = [&](const std::string& name, double rate, double acc, double f) {
    s += "  " + ex_pad(name, 27) + ex_pad(ex_percent(rate, 1), 13, true) +
         ex_pad(ex_fixed(acc, 4), 11, true) + ex_pad(ex_fixed(f, 4), 11, true) + "\n";
  };
  for (const auto& b : baselines) row(b.name, b.predicted_positive_rate, b.accuracy, b.f1);
  row("this model", predicted_positive_rate, accuracy, f1);

  s += "\nFindings\n";
  if (findings.empty()) s += "  (none: the metrics agree within the rule thresholds)\n";
  for (const auto& f : findings) s += detail::ex_wrap(f.text, 78, "  - ", "    ");
  return s;
}

inline std::string multiclass_explanation::to_string() const {
  using detail::ex_count;
  using detail::ex_fixed;
  using detail::ex_pad;
  using detail::ex_percent;
  std::string s;
  s += ex_count(total) + " samples, " + std::to_string(class_names.size()) + " classes\n\n";
  std::size_t w = 5;
  for (const auto& n : class_names) w = (std::max)(w, n.size());
  s += "  " + ex_pad("class", w) + "   support    share   recall  precision   specif.       F1\n";
  for (std::size_t i = 0; i < per_class.size(); ++i) {
    const auto& b = per_class[i];
    s += "  " + ex_pad(class_names[i], w) + ex_pad(ex_count(b.counts.tp + b.counts.fn), 10, true) +
         ex_pad(ex_percent(b.prevalence, 1), 9, true) + ex_pad(ex_fixed(b.recall, 4), 9, true) +
         ex_pad(ex_fixed(b.precision, 4), 11, true) + ex_pad(ex_fixed(b.specificity, 4), 10, true) +
         ex_pad(ex_fixed(b.f1, 4), 9, true) + "\n";
  }
  s += "\n";
  auto line = [&](const char* name, double v) {
    s += "  " + ex_pad(name, 34) + ex_pad(ex_fixed(v, 4), 8, true) + "\n";
  };
  line("accuracy (= micro F1)", accuracy);
  line("macro F1", macro_f1);
  line("weighted F1", weighted_f1);
  line("balanced accuracy", balanced_accuracy);
  line("MCC", mcc);
  line("Cohen's kappa", kappa);
  line(("always '" + class_names[majority_class] + "': accuracy").c_str(), majority_accuracy);
  s += "\nFindings\n";
  if (findings.empty()) s += "  (none: the metrics agree within the rule thresholds)\n";
  for (const auto& f : findings) s += detail::ex_wrap(f.text, 78, "  - ", "    ");
  return s;
}

TALLY_NAMESPACE_END

#endif // TALLY_EXPLAIN_HPP
// ---- end tally/explain.hpp ----

#endif // TALLY_HPP
// ---- end tally.hpp ----
