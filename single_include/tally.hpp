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
//
// The umbrella header: everything except the opt-in headers, which pull in
// I/O or an external dependency:
//   <tally/explain_io.hpp>  operator<< for explanations (<ostream>)
//   <tally/mpi.hpp>         reductions over MPI communicators (<mpi.h>)

// clang-format off
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


#include <cstdio>
#include <cstdlib>

#ifndef TALLY_HAS_EXCEPTIONS
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define TALLY_HAS_EXCEPTIONS 1
#else
#define TALLY_HAS_EXCEPTIONS 0
#endif
#endif

// The inline namespace carries the version and the configuration macros that
// change which kernels are compiled, so translation units built with
// different settings do not link into one program by mistake.
#if defined(TALLY_DISABLE_SIMD)
#define TALLY_DETAIL_ABI_SIMD _scalar
#elif defined(TALLY_DISABLE_DISPATCH)
#define TALLY_DETAIL_ABI_SIMD _nodispatch
#else
#define TALLY_DETAIL_ABI_SIMD
#endif
#define TALLY_DETAIL_CAT2(a, b) a##b
#define TALLY_DETAIL_CAT(a, b) TALLY_DETAIL_CAT2(a, b)
#define TALLY_ABI_NAMESPACE_NAME v0_1_0
#define TALLY_DETAIL_ABI_NAMESPACE TALLY_DETAIL_CAT(TALLY_ABI_NAMESPACE_NAME, TALLY_DETAIL_ABI_SIMD)
#define TALLY_NAMESPACE_BEGIN                                                                      \
  namespace tally {                                                                                \
  inline namespace TALLY_DETAIL_ABI_NAMESPACE {
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

// Keeps a range form out of overload resolution when its first argument is
// an iterator (the iterator form above takes that call).
#define TALLY_DETAIL_NOT_ITERATOR(T) std::enable_if_t<!::tally::detail::is_iterator_v<T>, int> = 0

#endif // TALLY_DETAIL_TRAITS_HPP
// ---- end tally/detail/traits.hpp ----

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
  case average::binary:
    return "binary";
  case average::micro:
    return "micro";
  case average::macro:
    return "macro";
  case average::weighted:
    return "weighted";
  case average::samples:
    return "samples";
  case average::none:
    return "none";
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
// Matthews correlation as covariance / sqrt(variance x variance), with every
// term written so that nothing cancels catastrophically: the covariance is
// the sum over labels of the one-vs-rest determinants tp tn - fp fn, and the
// variances are sums of p (n - p) >= 0. (The textbook form c n - t.p loses
// all its digits when one label dominates and counts are large.) 0 when a
// marginal is constant, as scikit-learn; clamped to [-1, 1] against rounding.
inline double mcc_from_terms(double cov, double var_pred, double var_true) noexcept {
  const double prod = var_pred * var_true;
  if (prod == 0) return 0.0;
  const double r = cov / std::sqrt(prod);
  return r > 1 ? 1.0 : (r < -1 ? -1.0 : r);
}
} // namespace detail

/// Matthews correlation coefficient in [-1, 1]; 0 when undefined (a constant
/// prediction or truth), as scikit-learn.
template <class T>
[[nodiscard]] inline double mcc(const binary_counts<T>& c) noexcept {
  const double tp = detail::d(c.tp), fp = detail::d(c.fp), fn = detail::d(c.fn),
               tn = detail::d(c.tn);
  const double pred_pos = detail::d(c.tp + c.fp), pred_neg = detail::d(c.fn + c.tn);
  const double true_pos = detail::d(c.tp + c.fn), true_neg = detail::d(c.fp + c.tn);
  return detail::mcc_from_terms(tp * tn - fp * fn, pred_pos * pred_neg, true_pos * true_neg);
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
  std::vector<T> t(k, T{}), p(k, T{});
  T total{};
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      t[i] += m(i, j);
      p[j] += m(i, j);
      total += m(i, j);
    }
  double cov = 0, var_pred = 0, var_true = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const T tp = m(i, i), fp = p[i] - tp, fn = t[i] - tp;
    const T tn = total - t[i] - fp;
    cov += detail::d(tp) * detail::d(tn) - detail::d(fp) * detail::d(fn);
    var_pred += detail::d(p[i]) * detail::d(total - p[i]);
    var_true += detail::d(t[i]) * detail::d(total - t[i]);
  }
  return detail::mcc_from_terms(cov, var_pred, var_true);
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

// ---- begin tally/detail/input.hpp ----
#ifndef TALLY_DETAIL_INPUT_HPP
#define TALLY_DETAIL_INPUT_HPP

// Input adaptation: any range of labels becomes a pointer and a length of
// comparison keys (detail::key_t). Contiguous arithmetic input is viewed in
// place; anything else (lists, input iterators, std::vector<bool>, strings)
// is copied once into a buffer of keys. Everything after this point works on
// pointers, so the counting code is instantiated once per key type rather
// than once per iterator type.


#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
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

// Weights must be finite and non-negative, one per sample, with a finite
// sum (so that no weighted count overflows); a one-shot metric (require_some)
// also needs one that is not zero. One branch-free pass finds whether
// anything is wrong; only then is the culprit looked for.
inline void check_weights(const double* w, std::size_t nw, std::size_t n,
                          bool require_some = false) {
  check_same_length("sample_weight", nw, "y_true", n);
  constexpr double top = (std::numeric_limits<double>::max)();
  bool any = false, bad = false;
  double largest = 0;
  for (std::size_t i = 0; i < nw; ++i) {
    any |= w[i] != 0;
    bad |= !(w[i] >= 0 && w[i] <= top);
    largest = w[i] > largest ? w[i] : largest;
  }
  if (bad) {
    for (std::size_t i = 0; i < nw; ++i) {
      if (!std::isfinite(w[i]))
        throw_invalid_argument("sample_weight contains a non-finite value (" + to_text(w[i]) +
                               " at index " + std::to_string(i) + ")");
      if (w[i] < 0)
        throw_invalid_argument("sample_weight contains a negative value (" + to_text(w[i]) +
                               " at index " + std::to_string(i) + ")");
    }
  }
  // n times the largest weight bounds the sum; add up only when it could
  // overflow.
  if (largest > top / static_cast<double>(nw > 0 ? nw : 1)) {
    double total = 0;
    for (std::size_t i = 0; i < nw; ++i) total += w[i];
    if (!std::isfinite(total))
      throw_invalid_argument("sample_weight sums past the largest double (" + std::to_string(nw) +
                             " weights, the largest " + to_text(largest) +
                             "): weighted counts would overflow; scale the weights down");
  }
  if (require_some && !any && nw > 0)
    throw_invalid_argument("sample_weight is zero for all " + std::to_string(nw) +
                           " samples: nothing to measure");
}

// The checked sample weights of an option pack (null when absent).
template <class... Opts>
const double* option_weights(std::size_t n, bool require_some, const Opts&... opts) {
  const sample_weight_option& w = get_weights(opts...);
  if (w.data() == nullptr && w.size() == 0) return nullptr;
  check_weights(w.data(), w.size(), n, require_some);
  return w.data();
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
//
// One refinement of the automatic choice: on CPUs that execute 512-bit
// vector instructions as two 256-bit halves (AMD family 19h, Zen 4) the
// binary count runs its AVX2 kernel, measured faster there (bench_binary,
// uint8: 2.95 vs 3.49 us at 1e5 labels, 360 vs 457 us at 1e7, equal from
// DRAM). A forced family is always the one that runs.


#include <atomic>
#include <cstdlib>
#include <cstring>

// ---- what is compiled ---------------------------------------------------
#if !defined(TALLY_DISABLE_SIMD)
#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__)) &&       \
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
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__) &&                      \
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

#if TALLY_X86_DISPATCH
#include <cpuid.h>
#endif

TALLY_NAMESPACE_BEGIN

/// Instruction set of a family of counting kernels, in increasing order of
/// preference on the same architecture.
enum class kernel_isa : int { scalar = 0, sse2 = 1, avx2 = 2, avx512 = 3, neon = 4 };

[[nodiscard]] constexpr const char* kernel_isa_name(kernel_isa isa) noexcept {
  switch (isa) {
  case kernel_isa::scalar:
    return "scalar";
  case kernel_isa::sse2:
    return "sse2";
  case kernel_isa::avx2:
    return "avx2";
  case kernel_isa::avx512:
    return "avx512";
  case kernel_isa::neon:
    return "neon";
  }
  return "unknown";
}

namespace detail {

// True when this build contains the kernels of `isa`.
[[nodiscard]] constexpr bool isa_compiled(kernel_isa isa) noexcept {
  switch (isa) {
  case kernel_isa::scalar:
    return true;
  case kernel_isa::sse2:
    return TALLY_HAS_SSE2 != 0;
  case kernel_isa::avx2:
    return TALLY_HAS_AVX2 != 0;
  case kernel_isa::avx512:
    return TALLY_HAS_AVX512 != 0;
  case kernel_isa::neon:
    return TALLY_HAS_NEON != 0;
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
  case kernel_isa::sse2:
    return true;
  case kernel_isa::avx2:
    return __builtin_cpu_supports("avx2") != 0;
  case kernel_isa::avx512:
    return __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512bw") != 0 &&
           __builtin_cpu_supports("avx512vl") != 0 && __builtin_cpu_supports("avx512dq") != 0 &&
           __builtin_cpu_supports("popcnt") != 0;
  case kernel_isa::neon:
    return false;
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

// The family TALLY_FORCE_ISA names, when it names one this CPU runs
// (`named` tells); otherwise `fallback`.
[[nodiscard]] inline kernel_isa isa_from_environment(kernel_isa fallback, bool& named) noexcept {
  named = false;
#if defined(_MSC_VER) && !defined(__clang__)
  return fallback;
#else
  const char* s = std::getenv("TALLY_FORCE_ISA");
  if (s == nullptr || *s == '\0') return fallback;
  const kernel_isa all[] = {kernel_isa::scalar, kernel_isa::sse2, kernel_isa::avx2,
                            kernel_isa::avx512, kernel_isa::neon};
  for (kernel_isa isa : all)
    if (std::strcmp(s, kernel_isa_name(isa)) == 0 && cpu_runs(isa)) {
      named = true;
      return isa;
    }
  return fallback;
#endif
}

// Whether the family in use was forced (set_kernel_isa, TALLY_FORCE_ISA).
inline std::atomic<bool>& isa_forced() noexcept {
  static std::atomic<bool> forced{false};
  return forced;
}

// The kernel family in use; decided once, at the first call.
[[nodiscard]] inline kernel_isa active_isa() noexcept {
  int s = isa_state().load(std::memory_order_relaxed);
  if (TALLY_UNLIKELY(s < 0)) {
    bool named = false;
    s = static_cast<int>(isa_from_environment(best_isa(), named));
    int expected = -1;
    if (isa_state().compare_exchange_strong(expected, s, std::memory_order_relaxed)) {
      if (named) isa_forced().store(true, std::memory_order_relaxed);
    } else {
      s = expected;
    }
  }
  return static_cast<kernel_isa>(s);
}

// True on CPUs that split 512-bit vector instructions into two 256-bit
// halves: AMD family 19h (Zen 4; Zen 3, the same family, has no AVX-512).
[[nodiscard]] inline bool cpu_halves_512() noexcept {
#if TALLY_X86_DISPATCH
  static const bool halves = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(0, &a, &b, &c, &d) == 0) return false;
    const bool amd = b == 0x68747541u && d == 0x69746e65u && c == 0x444d4163u; // AuthenticAMD
    if (!amd || __get_cpuid(1, &a, &b, &c, &d) == 0) return false;
    unsigned family = (a >> 8) & 0xFu;
    if (family == 0xFu) family += (a >> 20) & 0xFFu;
    return family == 0x19u;
  }();
  return halves;
#else
  return false;
#endif
}

// The family the binary count uses: the active one, except AVX2 instead of
// AVX-512 on CPUs that halve 512-bit instructions, unless forced.
[[nodiscard]] inline kernel_isa binary_isa() noexcept {
  const kernel_isa isa = active_isa();
  if (isa == kernel_isa::avx512 && !isa_forced().load(std::memory_order_relaxed) &&
      cpu_halves_512())
    return kernel_isa::avx2;
  return isa;
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
  detail::isa_forced().store(true, std::memory_order_relaxed);
  return true;
}

/// Go back to the best kernel family for this CPU.
inline void reset_kernel_isa() noexcept {
  detail::isa_state().store(static_cast<int>(detail::best_isa()), std::memory_order_relaxed);
  detail::isa_forced().store(false, std::memory_order_relaxed);
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
                  std::conditional_t<sizeof(T) == 2, lane_u16,
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
  if constexpr (sizeof(T) == 1)
    return s ? _mm256_min_epi8(a, b) : _mm256_min_epu8(a, b);
  else if constexpr (sizeof(T) == 2)
    return s ? _mm256_min_epi16(a, b) : _mm256_min_epu16(a, b);
  else if constexpr (sizeof(T) == 4)
    return s ? _mm256_min_epi32(a, b) : _mm256_min_epu32(a, b);
  else {
    const __m256i bias = _mm256_set1_epi64x(s ? 0 : (std::numeric_limits<long long>::min)());
    const __m256i gt = _mm256_cmpgt_epi64(_mm256_xor_si256(a, bias), _mm256_xor_si256(b, bias));
    return _mm256_blendv_epi8(a, b, gt);
  }
}
template <class T>
TALLY_SIMD_FN __m256i vmax(__m256i a, __m256i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1)
    return s ? _mm256_max_epi8(a, b) : _mm256_max_epu8(a, b);
  else if constexpr (sizeof(T) == 2)
    return s ? _mm256_max_epi16(a, b) : _mm256_max_epu16(a, b);
  else if constexpr (sizeof(T) == 4)
    return s ? _mm256_max_epi32(a, b) : _mm256_max_epu32(a, b);
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
TALLY_SIMD_FN binary_tally<T> count_binary(const T* t, const T* p, std::size_t n, T pos) noexcept {
  using O = ops<lane_kind_t<T>>;
  constexpr std::size_t L = O::lanes;
  const auto vpos = O::set1(pos);
  std::size_t i = 0;
  // Leading samples where both labels are pos need no counting beyond i.
  while (n - i >= L &&
         O::all_true(O::and_(O::eq(O::load(t + i), vpos), O::eq(O::load(p + i), vpos))))
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
  // Byte lanes count faster than popcnt of 64-bit masks (one masked add
  // instead of mask move, popcnt and add); flushed every 255 vectors.
  using cnt = __m512i;
  static constexpr std::size_t flush_every = 255;
  TALLY_SIMD_FN static cnt czero() noexcept { return _mm512_setzero_si512(); }
  TALLY_SIMD_FN static cnt acc(cnt c, mask m) noexcept {
    return _mm512_mask_add_epi8(c, m, c, _mm512_set1_epi8(1));
  }
  TALLY_SIMD_FN static std::uint64_t hsum(cnt c) noexcept {
    alignas(64) std::uint64_t x[8];
    _mm512_store_si512(x, _mm512_sad_epu8(c, _mm512_setzero_si512()));
    return x[0] + x[1] + x[2] + x[3] + x[4] + x[5] + x[6] + x[7];
  }
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
  if constexpr (sizeof(T) == 1)
    return s ? _mm512_min_epi8(a, b) : _mm512_min_epu8(a, b);
  else if constexpr (sizeof(T) == 2)
    return s ? _mm512_min_epi16(a, b) : _mm512_min_epu16(a, b);
  else if constexpr (sizeof(T) == 4)
    return s ? _mm512_maskz_min_epi32(full32, a, b) : _mm512_maskz_min_epu32(full32, a, b);
  else
    return s ? _mm512_maskz_min_epi64(full64, a, b) : _mm512_maskz_min_epu64(full64, a, b);
}
template <class T>
TALLY_SIMD_FN __m512i vmax(__m512i a, __m512i b) noexcept {
  constexpr bool s = std::is_signed_v<T>;
  if constexpr (sizeof(T) == 1)
    return s ? _mm512_max_epi8(a, b) : _mm512_max_epu8(a, b);
  else if constexpr (sizeof(T) == 2)
    return s ? _mm512_max_epi16(a, b) : _mm512_max_epu16(a, b);
  else if constexpr (sizeof(T) == 4)
    return s ? _mm512_maskz_max_epi32(full32, a, b) : _mm512_maskz_max_epu32(full32, a, b);
  else
    return s ? _mm512_maskz_max_epi64(full64, a, b) : _mm512_maskz_max_epu64(full64, a, b);
}

// Lanes of b where m is set, else lanes of a.
template <class M>
TALLY_SIMD_FN __m512i blend_lanes(M m, __m512i a, __m512i b) noexcept {
  if constexpr (std::is_same_v<M, __mmask64>)
    return _mm512_mask_blend_epi8(m, a, b);
  else if constexpr (std::is_same_v<M, __mmask32>)
    return _mm512_mask_blend_epi16(m, a, b);
  else if constexpr (std::is_same_v<M, __mmask16>)
    return _mm512_mask_blend_epi32(m, a, b);
  else
    return _mm512_mask_blend_epi64(m, a, b);
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
TALLY_SIMD_FN binary_tally<T> count_binary(const T* t, const T* p, std::size_t n, T pos) noexcept {
  using O = ops<lane_kind_t<T>>;
  constexpr std::size_t L = O::lanes;
  const auto vpos = O::set1(pos);
  std::size_t i = 0;
  // Leading samples where both labels are pos need no counting beyond i.
  while (n - i >= L &&
         O::all_true(O::and_(O::eq(O::load(t + i), vpos), O::eq(O::load(p + i), vpos))))
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
        a = std::is_signed_v<T> ? _mm512_maskz_cvtepi8_epi32(full32, x)
                                : _mm512_maskz_cvtepu8_epi32(full32, x);
        b = std::is_signed_v<T> ? _mm512_maskz_cvtepi8_epi32(full32, y)
                                : _mm512_maskz_cvtepu8_epi32(full32, y);
      } else {
        const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t + i));
        const __m256i y = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
        a = std::is_signed_v<T> ? _mm512_maskz_cvtepi16_epi32(full32, x)
                                : _mm512_maskz_cvtepu16_epi32(full32, x);
        b = std::is_signed_v<T> ? _mm512_maskz_cvtepi16_epi32(full32, y)
                                : _mm512_maskz_cvtepu16_epi32(full32, y);
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
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                          _mm512_maskz_cvtepi64_epi32(full64, idx));
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
TALLY_SIMD_FN binary_tally<T> count_binary(const T* t, const T* p, std::size_t n, T pos) noexcept {
  using O = ops<lane_kind_t<T>>;
  constexpr std::size_t L = O::lanes;
  const auto vpos = O::set1(pos);
  std::size_t i = 0;
  // Leading samples where both labels are pos need no counting beyond i.
  while (n - i >= L &&
         O::all_true(O::and_(O::eq(O::load(t + i), vpos), O::eq(O::load(p + i), vpos))))
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
TALLY_SIMD_FN binary_tally<T> count_binary(const T* t, const T* p, std::size_t n, T pos) noexcept {
  using O = ops<lane_kind_t<T>>;
  constexpr std::size_t L = O::lanes;
  const auto vpos = O::set1(pos);
  std::size_t i = 0;
  // Leading samples where both labels are pos need no counting beyond i.
  while (n - i >= L &&
         O::all_true(O::and_(O::eq(O::load(t + i), vpos), O::eq(O::load(p + i), vpos))))
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
      const __m128i a =
          _mm_sub_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t + i)), vlo);
      const __m128i b =
          _mm_sub_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), vlo);
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
  std::vector<std::uint64_t> seen(r, 0); // row plus column sums, one row-major pass
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t j = 0; j < r; ++j) {
      seen[i] += wide(i, j);
      seen[j] += wide(i, j);
    }
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < r; ++i)
    if (seen[i] > 0) keep.push_back(i);
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
    for (std::size_t j = 0; j < k; ++j) {
      s.truth[i] += inf.counts(i, j);
      s.pred[j] += inf.counts(i, j);
    }
  }
  s.total = sum_weights<T>(w, n);
  return s;
}

// The checked weights of a one-shot label metric (null when absent).
template <class... Opts>
const double* weights_for(std::size_t n, const Opts&... opts) {
  return option_weights(n, true, opts...);
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

namespace detail {
// count_matrix of labels already adapted (read once).
template <class K, class... Opts>
auto count_matrix_of(const label_pair<K>& data, const Opts&... opts) {
  using T = count_t<Opts...>;
  const double* w = weights_for(data.size(), opts...);
  if constexpr (has_option_v<labels_kind, Opts...>) {
    const auto set = labels_for(data, opts...);
    if (set.empty()) throw_invalid_argument("labels is empty: give at least one label");
    bool any = false;
    for (std::size_t i = 0; i < data.size() && !any; ++i) any = set.contains(data.y_true[i]);
    if (!any)
      throw_invalid_argument("labels " + labels_text(set.values()) + " matches no label in y_true");
    check_matrix_size(set.size(), sizeof(T), "confusion_matrix");
    labeled_matrix<result_label_t<K>, T> out{to_result_labels(set.values()), matrix<T>(set.size())};
    count_into(data.y_true.data(), data.y_pred.data(), w, data.size(), set, out.counts);
    return out;
  } else {
    auto inf = infer_and_count<K, T>(data.y_true.data(), data.y_pred.data(), w, data.size());
    if (!inf.has_matrix) {
      check_matrix_size(inf.labels.size(), sizeof(T), "confusion_matrix");
      inf.counts = matrix<T>(inf.labels.size());
      count_into(data.y_true.data(), data.y_pred.data(), w, data.size(), inf.labels, inf.counts);
    }
    return labeled_matrix<result_label_t<K>, T>{to_result_labels(inf.labels.values()),
                                                std::move(inf.counts)};
  }
}

} // namespace detail

/// The confusion matrix with its labels: the sorted union of the labels seen,
/// or `labels(...)` in the order given (samples whose true or predicted label
/// is not listed are dropped).
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2> &&
                               !detail::is_multilabel_v<R1>,
                           int> = 0>
[[nodiscard]] auto count_matrix(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("count_matrix", Opts, detail::labels_kind, detail::sample_weight_kind);
  return detail::count_matrix_of(detail::adapt_pair(y_true, y_pred), opts...);
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
  const auto data = detail::adapt_pair(y_true, y_pred);
  using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
  const auto present =
      detail::label_set<K>::infer(data.y_true.data(), data.size(), data.y_pred.data(), data.size());
  if (present.size() > 2)
    detail::throw_invalid_argument("class_likelihood_ratios needs a binary target, got " +
                                   std::to_string(present.size()) + " labels " +
                                   detail::labels_text(present.values()));
  const auto m = detail::apply_without<detail::replace_undefined_kind>(
                     [&](const auto&... o) { return detail::count_matrix_of(data, o...); }, opts...)
                     .counts;
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
// ---- begin tally/ranking.hpp ----
#ifndef TALLY_RANKING_HPP
#define TALLY_RANKING_HPP

// Score-based (ranking) metrics with scikit-learn 1.9 semantics:
//
//   roc_curve                      -> {fpr, tpr, thresholds}
//   roc_auc_score                  -> double (binary, max_fpr, multilabel,
//                                     multiclass ovr / ovo)
//   precision_recall_curve         -> {precision, recall, thresholds}
//   average_precision_score        -> double
//   det_curve                      -> {fpr, fnr, thresholds}
//   confusion_matrix_at_thresholds -> {tns, fps, fns, tps, thresholds}
//   auc(x, y)                      -> trapezoidal area
//
// and, beyond scikit-learn:
//
//   metric_at_thresholds(y_true, y_score, f)  any function of binary_counts
//                                             at every distinct threshold
//   best_threshold(y_true, y_score, f, goal)  the threshold maximizing or
//                                             minimizing it
//   cost_matrix(c_tn, c_fp, c_fn, c_tp)       mean cost, usable as f
//   roc_auc_score(..., multi_class::ovo, sample_weight(w))
//                                             weighted Hand & Till AUC
//
// A sample is predicted positive at threshold t when score >= t; equal scores
// share one threshold. Everything is O(n log n) in the sort and linear after
// it; the sort is a radix sort of score keys (detail/sort.hpp).
//
// Scores: any range of float, double or integers (float is kept as float,
// everything else becomes double), or for multiclass / multilabel an n x K
// row-major buffer (tally::row_major(data, K)) or a range of rows.

// ---- begin tally/detail/curve_area.hpp ----
#ifndef TALLY_DETAIL_CURVE_AREA_HPP
#define TALLY_DETAIL_CURVE_AREA_HPP

// ROC AUC and average precision from a walk over the distinct thresholds of
// a binary problem, whatever holds the counts (sorted samples, an exact score
// table, a binned grid). Used by tally/ranking.hpp's one-shot functions and
// by tally/accumulators.hpp, so both give the same bits on the same counts.


#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

TALLY_NAMESPACE_BEGIN
namespace detail {

// --------------------------------------------- area under curve, from a walk --
//
// walk(emit) must call emit(tps, fps) once per distinct threshold in
// decreasing order, with the cumulative positive / negative counts (or
// weights) of samples scored at or above it. The formulas are those of the
// one-shot functions in tally/ranking.hpp: ROC AUC is the trapezoid area, as
// an exact integer sum for unweighted counts (the Mann-Whitney U, ties
// counted one half); average precision is the step sum of precision times
// the recall increment, summed with compensation.

// Compensated (Neumaier) running sum.
struct accurate_sum {
  double sum = 0, carry = 0;
  void add(double x) noexcept {
    const double t = sum + x;
    if (std::fabs(sum) >= std::fabs(x))
      carry += (sum - t) + x;
    else
      carry += (x - t) + sum;
    sum = t;
  }
  [[nodiscard]] double value() const noexcept { return sum + carry; }
};

/// Accumulates unweighted average precision: sum over thresholds of
/// (increase in tp) x precision, divided by the positives at the end.
/// Thresholds where tp grows are queued without a branch (about half of
/// them on random data, a coin flip for a branch predictor) and their terms
/// are computed 256 at a time: the divisions then vectorize, the block sum
/// runs in four lanes, and the block sums are added with compensation.
struct ap_counter {
  static constexpr unsigned batch = 256;
  accurate_sum acc;
  std::uint64_t ptp = 0;
  unsigned pending = 0;
  double step[batch]; // increase in tp at a queued threshold
  double tps[batch];  // tp there
  double all[batch];  // tp + fp there
  template <class T>
  void operator()(T, std::uint64_t tp, std::uint64_t fp) noexcept {
    // (signed conversions are cheaper; counts are far below 2^63)
    step[pending] = static_cast<double>(static_cast<std::int64_t>(tp - ptp));
    tps[pending] = static_cast<double>(static_cast<std::int64_t>(tp));
    all[pending] = static_cast<double>(static_cast<std::int64_t>(tp + fp));
    pending += tp != ptp ? 1u : 0u;
    ptp = tp;
    if (TALLY_UNLIKELY(pending == batch)) {
      acc.add(queued_sum());
      pending = 0;
    }
  }
  [[nodiscard]] double queued_sum() const noexcept {
    double lane[4] = {0, 0, 0, 0};
    unsigned j = 0;
    for (; j + 4 <= pending; j += 4)
      for (unsigned l = 0; l < 4; ++l) lane[l] += step[j + l] * (tps[j + l] / all[j + l]);
    double sum = (lane[0] + lane[1]) + (lane[2] + lane[3]);
    for (; j < pending; ++j) sum += step[j] * (tps[j] / all[j]);
    return sum;
  }
  /// 0 when there are no positives.
  [[nodiscard]] double value() const noexcept {
    if (ptp == 0) return 0.0;
    accurate_sum total = acc;
    total.add(queued_sum());
    return (std::min)(1.0, (std::max)(0.0, total.value() / static_cast<double>(ptp)));
  }
};

/// Accumulates the exact ROC AUC of unweighted counts: twice the
/// Mann-Whitney U in integers (exact while P N < 2^62).
struct auc_counter {
  std::uint64_t area2 = 0, ptp = 0, pfp = 0;
  template <class T>
  void operator()(T, std::uint64_t tp, std::uint64_t fp) noexcept {
    area2 += (fp - pfp) * (tp + ptp);
    ptp = tp;
    pfp = fp;
  }
  /// NaN when either class is empty.
  [[nodiscard]] double value() const noexcept {
    if (ptp == 0 || pfp == 0) return std::numeric_limits<double>::quiet_NaN();
    // area2 <= 2 P N exactly; both sides rounded to double can still give
    // 1 + 2^-52 (P N past 2^53), so clamp
    return (std::min)(1.0, static_cast<double>(area2) /
                               (2.0 * static_cast<double>(ptp) * static_cast<double>(pfp)));
  }
};

/// 2^-e for a positive, finite total of binary exponent e (kept within the
/// normal range); 1 otherwise. Multiplying cumulative weights by it is exact
/// and brings them near 1.
inline double pow2_scale(double total) noexcept {
  if (!(total > 0) || !std::isfinite(total)) return 1.0;
  return std::ldexp(1.0, (std::min)(1022, (std::max)(-1022, -std::ilogb(total))));
}

/// ROC AUC of weighted totals: the trapezoid area, in walk order. The
/// cumulative weights are scaled by powers of two chosen from the class
/// totals, which is exact for ordinary weights and keeps the products from
/// overflowing (totals near 1e300) or losing bits (subnormal totals); the
/// ratio is clamped to [0, 1] against rounding in the last place.
struct weighted_auc_counter {
  double area2 = 0, ptp = 0, pfp = 0, pos_scale = 1, neg_scale = 1;
  weighted_auc_counter(double total_pos, double total_neg) noexcept
      : pos_scale(pow2_scale(total_pos)), neg_scale(pow2_scale(total_neg)) {}
  template <class T>
  void operator()(T, double tp, double fp) noexcept {
    tp *= pos_scale;
    fp *= neg_scale;
    area2 += (fp - pfp) * (tp + ptp);
    ptp = tp;
    pfp = fp;
  }
  /// NaN when either class has no weight.
  [[nodiscard]] double value() const noexcept {
    if (!(ptp > 0) || !(pfp > 0)) return std::numeric_limits<double>::quiet_NaN();
    return (std::min)(1.0, (std::max)(0.0, area2 / (2.0 * ptp * pfp)));
  }
};

/// Average precision of weighted totals, summed with compensation. The
/// cumulative weights are scaled by the power of two of the positive total
/// (exact for ordinary weights; subnormal totals keep their bits).
struct weighted_ap_counter {
  accurate_sum acc;
  double ptp = 0, scale = 1;
  explicit weighted_ap_counter(double total_pos) noexcept : scale(pow2_scale(total_pos)) {}
  template <class T>
  void operator()(T, double tp, double fp) noexcept {
    tp *= scale;
    fp *= scale;
    const double ps = tp + fp;
    if (tp != ptp && ps != 0) acc.add((tp - ptp) * (tp / ps));
    ptp = tp;
  }
  /// 0 when there is no positive weight.
  [[nodiscard]] double value() const noexcept {
    if (!(ptp > 0)) return 0.0;
    return (std::min)(1.0, (std::max)(0.0, acc.value() / ptp));
  }
};

template <class T, class Walk>
double roc_auc_of_walk(T total_pos, T total_neg, Walk&& walk) {
  if (!(total_pos > T{0}) || !(total_neg > T{0})) return std::numeric_limits<double>::quiet_NaN();
  if constexpr (std::is_same_v<T, std::uint64_t>) {
    // area2 <= 2 P N: exact in 64 bits while P N < 2^62
    if (total_pos <= (std::uint64_t{1} << 62) / total_neg) {
      auc_counter c;
      walk([&](std::uint64_t tp, std::uint64_t fp) { c(0, tp, fp); });
      return c.value();
    }
    accurate_sum area2;
    std::uint64_t ptp = 0, pfp = 0;
    walk([&](std::uint64_t tp, std::uint64_t fp) {
      // tp + ptp can pass 2^64: added in double
      area2.add(static_cast<double>(fp - pfp) *
                (static_cast<double>(tp) + static_cast<double>(ptp)));
      ptp = tp;
      pfp = fp;
    });
    return (std::min)(1.0, (std::max)(0.0, area2.value() / (2.0 * static_cast<double>(ptp) *
                                                            static_cast<double>(pfp))));
  } else {
    weighted_auc_counter c(total_pos, total_neg);
    walk([&](double tp, double fp) { c(0, tp, fp); });
    return c.value();
  }
}

template <class T, class Walk>
double average_precision_of_walk(T total_pos, Walk&& walk) {
  if constexpr (std::is_same_v<T, std::uint64_t>) {
    ap_counter c;
    walk([&](std::uint64_t tp, std::uint64_t fp) { c(0, tp, fp); });
    return c.value();
  } else {
    weighted_ap_counter c(static_cast<double>(total_pos));
    walk([&](double tp, double fp) { c(0, tp, fp); });
    return c.value();
  }
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_CURVE_AREA_HPP
// ---- end tally/detail/curve_area.hpp ----
// ---- begin tally/detail/score_input.hpp ----
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
// ---- end tally/detail/score_input.hpp ----
// ---- begin tally/detail/sort.hpp ----
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
// ---- end tally/detail/sort.hpp ----

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {
struct drop_intermediate_kind {};
struct max_fpr_kind {};
struct multi_class_kind {};
} // namespace detail

/// Drop points that do not change the shape of the curve (roc_curve: default
/// true; precision_recall_curve, det_curve: default false).
struct drop_intermediate {
  using option_kind = detail::drop_intermediate_kind;
  bool value = true;
  constexpr explicit drop_intermediate(bool v = true) noexcept : value(v) {}
};

/// Standardized partial ROC AUC over fpr in [0, max_fpr] (McClish), binary
/// and multilabel only. max_fpr must be in (0, 1].
struct max_fpr {
  using option_kind = detail::max_fpr_kind;
  double value = 1.0;
  constexpr explicit max_fpr(double v) noexcept : value(v) {}
};

/// Multiclass ROC AUC scheme (scikit-learn's multi_class). `raise` (the
/// default) refuses multiclass input, as scikit-learn does.
enum class multi_class { raise, ovr, ovo };

/// Whether best_threshold looks for the largest or the smallest value.
enum class goal { maximize, minimize };

namespace detail {
template <>
struct option_kind_of<multi_class> {
  using type = multi_class_kind;
};
} // namespace detail

/// roc_curve's result: false and true positive rates at decreasing
/// thresholds; the first threshold is +inf (nothing predicted positive).
struct roc_curve_result {
  std::vector<double> fpr;
  std::vector<double> tpr;
  std::vector<double> thresholds;
};

/// precision_recall_curve's result: precision and recall at increasing
/// thresholds, ending with precision 1 and recall 0 (no threshold).
struct precision_recall_curve_result {
  std::vector<double> precision;
  std::vector<double> recall;
  std::vector<double> thresholds;
};

/// det_curve's result: false positive and false negative rates.
struct det_curve_result {
  std::vector<double> fpr;
  std::vector<double> fnr;
  std::vector<double> thresholds;
};

/// confusion_matrix_at_thresholds' result: the four cells at every distinct
/// score (decreasing thresholds; predicted positive when score >= threshold).
struct thresholds_confusion_result {
  std::vector<double> tns;
  std::vector<double> fps;
  std::vector<double> fns;
  std::vector<double> tps;
  std::vector<double> thresholds;
};

/// metric_at_thresholds' result (the order of scikit-learn's tuple).
struct metric_at_thresholds_result {
  std::vector<double> values;
  std::vector<double> thresholds;
};

/// best_threshold's result.
struct best_threshold_result {
  double threshold = 0;         ///< predicted positive when score >= threshold
  double value = 0;             ///< the metric there
  binary_counts<double> counts; ///< the confusion matrix there
};

/// Mean misclassification cost of a confusion matrix: (c_tn tn + c_fp fp +
/// c_fn fn + c_tp tp) / total. Pass to best_threshold with goal::minimize.
struct cost_matrix {
  double c_tn = 0, c_fp = 1, c_fn = 1, c_tp = 0;
  constexpr cost_matrix(double tn_cost, double fp_cost, double fn_cost, double tp_cost) noexcept
      : c_tn(tn_cost), c_fp(fp_cost), c_fn(fn_cost), c_tp(tp_cost) {}
  template <class T>
  [[nodiscard]] constexpr double operator()(const binary_counts<T>& c) const noexcept {
    const double total = static_cast<double>(c.tp + c.fp + c.fn + c.tn);
    const double cost = c_tn * static_cast<double>(c.tn) + c_fp * static_cast<double>(c.fp) +
                        c_fn * static_cast<double>(c.fn) + c_tp * static_cast<double>(c.tp);
    return total == 0 ? 0.0 : cost / total;
  }
};

namespace detail {

inline constexpr double score_nan = std::numeric_limits<double>::quiet_NaN();

// ------------------------------------------------------------------ core --

/// Calls emit(threshold, tps, fps) for every distinct score, in decreasing
/// order, where tps / fps are the (weighted) numbers of positives /
/// negatives with score >= threshold. Scores are s[i * stride]; y[i] != 0
/// marks positives; w (nullable) weights, zero-weight samples are skipped.
/// Unweighted totals are std::uint64_t, weighted ones double (running sums
/// in stable descending order, as scikit-learn's cumulative sum).
/// Key range check after sorting: NaN and infinite scores have keys outside
/// the keys of the finite doubles / floats.
template <class T>
[[nodiscard]] bool finite_key_range(float_key_t<T> lo, float_key_t<T> hi) noexcept {
  const T big = std::numeric_limits<T>::infinity();
  // descending keys: +inf has the smallest key of the non-NaN values
  return lo > descending_key(big) && hi < descending_key(-big);
}

/// Throws naming the first non-finite score.
template <class T>
[[noreturn]] void throw_non_finite(const T* s, std::size_t stride, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(s[i * stride]))
      throw_invalid_argument("y_score contains a non-finite value (" + to_text(s[i * stride]) +
                             " at index " + std::to_string(i) + ")");
  throw_invalid_argument("y_score contains a non-finite value");
}

/// Sorts the keys of the positives (pk) and negatives (nk) and walks them
/// as walk_thresholds does. Returns false, without walking, when a key is
/// not that of a finite score.
template <class T, class Emit>
bool walk_parts(float_key_t<T>* pk, std::size_t np, float_key_t<T>* nk, std::size_t nn,
                Emit&& emit) {
  using K = float_key_t<T>;
  std::unique_ptr<K[]> scratch(new K[(std::max)(np, nn) + 1]);
  radix_sort(pk, np, scratch.get());
  radix_sort(nk, nn, scratch.get());
  K lo = (std::numeric_limits<K>::max)(), hi = 0;
  if (np) lo = (std::min)(lo, pk[0]), hi = (std::max)(hi, pk[np - 1]);
  if (nn) lo = (std::min)(lo, nk[0]), hi = (std::max)(hi, nk[nn - 1]);
  if ((np || nn) && !finite_key_range<T>(lo, hi)) return false;
  merge_runs(pk, np, nk, nn, [&](K k, std::uint64_t tp, std::uint64_t fp) {
    emit(from_descending_key<T>(k), tp, fp);
  });
  return true;
}

/// The unweighted walk with positives given by a predicate is_pos(i).
///
/// Small inputs: the keys of the positives are written to the front and
/// those of the negatives to the back of one buffer, each part is radix
/// sorted, and the parts are merged.
///
/// Large inputs: (1) one pass finds the key range (and rejects non-finite
/// scores); (2) one pass counts, per class, the keys of each top digit (11
/// bits just below the bits all keys share); (3) one pass scatters the keys
/// into their class and digit bucket. Equal digits of the two classes then
/// cover the same key interval, so each pair of buckets is sorted and merged
/// while it is in cache, digit after digit, with running totals carried
/// from bucket to bucket.
template <class T, class Pos, class Emit>
void walk_unweighted_by(const T* s, std::size_t stride, Pos&& is_pos, std::size_t n, Emit&& emit) {
  using K = float_key_t<T>;
  constexpr std::size_t bucketed_from = std::size_t{1} << 16;
  if (n < bucketed_from) {
    std::unique_ptr<K[]> keys(new K[n + 1]); // no zero-fill: every slot is written
    std::size_t front = 0, back = n;
    for (std::size_t i = 0; i < n; ++i) {
      const K k = descending_key(s[i * stride]);
      const bool pos = is_pos(i);
      back -= static_cast<std::size_t>(!pos);
      keys[pos ? front : back] = k;
      front += static_cast<std::size_t>(pos);
    }
    if (!walk_parts<T>(keys.get(), front, keys.get() + front, n - front, emit))
      throw_non_finite(s, stride, n);
    return;
  }
  // (1) key range
  K lo = (std::numeric_limits<K>::max)(), hi = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const K k = descending_key(s[i * stride]);
    lo = (std::min)(lo, k);
    hi = (std::max)(hi, k);
  }
  if (!finite_key_range<T>(lo, hi)) throw_non_finite(s, stride, n);
  K diff = static_cast<K>(lo ^ hi);
  unsigned top = 0;
  while (diff != 0) diff = static_cast<K>(diff >> 1), ++top;
  const unsigned bits = (std::min)(radix::digit_bits, top);
  const unsigned shift = top - bits;
  const std::size_t nb = std::size_t{1} << bits;
  const K mask = static_cast<K>(nb - 1);
  // (2) counts per digit
  std::vector<std::size_t> at(nb + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const K k = descending_key(s[i * stride]);
    ++at[static_cast<std::size_t>((k >> shift) & mask) + 1];
  }
  std::size_t largest = 0;
  for (std::size_t d = 0; d < nb; ++d) {
    largest = (std::max)(largest, at[d + 1]);
    at[d + 1] += at[d];
  }
  // (3) scatter (key << 1 | is positive): within a bucket every key has the
  // same bits from `shift` up, so dropping the top bit keeps their order
  using W = std::uint64_t;
  large_buffer<W> keys(n + 1);
  {
    std::vector<std::size_t> next(at.begin(), at.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {
      const K k = descending_key(s[i * stride]);
      const std::size_t d = static_cast<std::size_t>((k >> shift) & mask);
      keys.get()[next[d]++] = (static_cast<W>(k) << 1) | static_cast<W>(is_pos(i) ? 1u : 0u);
    }
  }
  // buckets in order: sort in cache, then one pass over groups of equal keys
  std::unique_ptr<W[]> scratch(new W[largest + 1]);
  const unsigned above = shift + bits; // bits from here up are common to all keys
  const K common = above >= sizeof(K) * 8 ? K{0} : static_cast<K>((lo >> above) << above);
  std::uint64_t tp = 0, fp = 0;
  for (std::size_t d = 0; d < nb; ++d) {
    const std::size_t b0 = at[d], m = at[d + 1] - b0;
    if (m == 0) continue;
    W* c = keys.get() + b0;
    radix_sort(c, m, scratch.get());
    // the bit lost by the shift: the top bit of the bucket's common prefix
    const K prefix = static_cast<K>(common | (static_cast<K>(d) << shift));
    const W lost = sizeof(K) == 8 ? static_cast<W>(prefix) & (W{1} << 63) : W{0};
    std::size_t i = 0;
    while (i < m) {
      const W g = c[i] >> 1;
      std::uint64_t np = 0, nn = 0;
      do {
        const W bit = c[i] & 1u;
        np += bit;
        nn += 1u - bit;
        ++i;
      } while (i < m && (c[i] >> 1) == g);
      tp += np;
      fp += nn;
      emit(from_descending_key<T>(static_cast<K>(g | lost)), tp, fp);
    }
  }
}

/// The distinct values of raw labels, as long as there are at most two.
template <class K>
struct two_labels {
  K first{}, second{};
  bool has_second = false;
  bool third = false; ///< a third distinct value exists
};

template <class K>
two_labels<K> scan_two_labels(const K* v, std::size_t n) noexcept {
  two_labels<K> r;
  if (n == 0) return r;
  r.first = v[0];
  for (std::size_t i = 0; i < n; ++i) {
    const K x = v[i];
    if (TALLY_LIKELY(x == r.first || (r.has_second && x == r.second))) continue;
    if (r.has_second) {
      r.third = true;
      break;
    }
    r.second = x;
    r.has_second = true;
  }
  return r;
}

// Whether labels of type Y can take the single-pass binary path.
template <class Y>
constexpr bool raw_binary_labels() {
  if constexpr (is_2d_v<Y>) {
    return false;
  } else if constexpr (!is_contiguous_v<const Y>) {
    return false;
  } else {
    using V = range_value_t<const Y>;
    return std::is_integral_v<V> && !std::is_same_v<V, bool> && std::is_same_v<V, label_key_t<Y>>;
  }
}
template <class Y>
inline constexpr bool raw_binary_labels_v = raw_binary_labels<Y>();

template <class T, class Emit>
void walk_unweighted(const T* s, std::size_t stride, const std::uint8_t* y, std::size_t n,
                     Emit&& emit) {
  walk_unweighted_by(
      s, stride, [y](std::size_t i) { return y[i] != 0; }, n, emit);
}

template <class T, class Emit>
void walk_weighted(const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                   std::size_t n, Emit&& emit) {
  using K = float_key_t<T>;
  std::size_t np = 0, nn = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (w[i] != 0) (y[i] ? np : nn) += 1;
  if (np + nn == 0 && n > 0)
    throw_invalid_argument("sample_weight: every sample has weight zero, no threshold remains");
  std::vector<K> keys(np + nn);
  std::vector<double> ws(np + nn);
  // Filled from the last sample to the first: the stable sort then keeps
  // tied scores in decreasing sample order, the order of scikit-learn's
  // reversed ascending stable sort, so every running sum adds the same
  // weights in the same order and rounds the same way.
  std::size_t ip = 0, in = np;
  for (std::size_t i = n; i-- > 0;) {
    if (w[i] == 0) continue;
    const std::size_t at = y[i] ? ip++ : in++;
    keys[at] = descending_key(s[i * stride]);
    ws[at] = w[i];
  }
  std::vector<K> ks;
  std::vector<double> vs;
  radix_sort(keys.data(), ws.data(), np, ks, vs);
  radix_sort(keys.data() + np, ws.data() + np, nn, ks, vs);
  merge_runs_weighted(keys.data(), ws.data(), np, keys.data() + np, ws.data() + np, nn,
                      [&](K k, double tp, double fp) { emit(from_descending_key<T>(k), tp, fp); });
}

/// Calls emit(threshold, tps, fps) for every distinct score, in decreasing
/// order, where tps / fps are the (weighted) numbers of positives /
/// negatives with score >= threshold. Scores are s[i * stride]; y[i] != 0
/// marks positives; w (nullable) weights, zero-weight samples are skipped.
/// Unweighted totals are std::uint64_t, weighted ones double (running sums
/// in stable descending order, as scikit-learn's cumulative sum); emit must
/// accept both.
template <class T, class Emit>
void walk_thresholds(const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                     std::size_t n, Emit&& emit) {
  if (w == nullptr)
    walk_unweighted(s, stride, y, n, emit);
  else
    walk_weighted(s, stride, y, w, n, emit);
}

/// Counts at every distinct threshold (scikit-learn's float64 arrays).
struct threshold_counts {
  std::vector<double> thresholds, tps, fps;
};

template <class T>
threshold_counts count_thresholds(const T* s, std::size_t stride, const std::uint8_t* y,
                                  const double* w, std::size_t n) {
  threshold_counts c;
  walk_thresholds(s, stride, y, w, n, [&](T t, auto tp, auto fp) {
    c.thresholds.push_back(static_cast<double>(t));
    c.tps.push_back(static_cast<double>(tp));
    c.fps.push_back(static_cast<double>(fp));
  });
  return c;
}

/// Total weight of the positives (y[i] != 0) and of the negatives: what the
/// weighted area counters scale by.
struct class_weights {
  double pos = 0, neg = 0;
};
inline class_weights class_weights_of(const std::uint8_t* y, const double* w, std::size_t n) {
  class_weights t;
  for (std::size_t i = 0; i < n; ++i) (y[i] ? t.pos : t.neg) += w[i];
  return t;
}

/// Exact binary ROC AUC (Mann-Whitney U with ties counted one half), NaN
/// when either class has no (weight of) samples.
template <class T, class Pos>
double binary_roc_auc_by(const T* s, std::size_t stride, Pos&& is_pos, std::size_t n) {
  auc_counter c;
  walk_unweighted_by(s, stride, is_pos, n, c);
  return c.value();
}

template <class T>
double binary_roc_auc(const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                      std::size_t n) {
  if (w == nullptr)
    return binary_roc_auc_by(
        s, stride, [y](std::size_t i) { return y[i] != 0; }, n);
  const class_weights t = class_weights_of(y, w, n);
  weighted_auc_counter c(t.pos, t.neg);
  walk_weighted(s, stride, y, w, n, c);
  return c.value();
}

/// Binary average precision: sum over thresholds of (recall step) x
/// precision, no interpolation; 0 when there are no positives.
template <class T, class Pos>
double binary_average_precision_by(const T* s, std::size_t stride, Pos&& is_pos, std::size_t n) {
  ap_counter c;
  walk_unweighted_by(s, stride, is_pos, n, c);
  return c.value();
}

template <class T>
double binary_average_precision(const T* s, std::size_t stride, const std::uint8_t* y,
                                const double* w, std::size_t n) {
  if (w == nullptr)
    return binary_average_precision_by(
        s, stride, [y](std::size_t i) { return y[i] != 0; }, n);
  weighted_ap_counter c(class_weights_of(y, w, n).pos);
  walk_weighted(s, stride, y, w, n, c);
  return c.value();
}

/// numpy.trapezoid(y, x): sum of dx * (y0 + y1) / 2, pairwise-summed.
inline double trapezoid(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() < 2) return 0.0;
  std::vector<double> terms(x.size() - 1);
  for (std::size_t i = 0; i + 1 < x.size(); ++i)
    terms[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
  return pairwise_sum(terms.data(), terms.size());
}

// roc_curve on counts (drop_intermediate as scikit-learn).
inline roc_curve_result roc_from_counts(threshold_counts c, bool drop) {
  std::vector<double>& fps = c.fps;
  std::vector<double>& tps = c.tps;
  std::vector<double>& thr = c.thresholds;
  if (drop && fps.size() > 2) {
    std::size_t m = 1;
    for (std::size_t i = 1; i + 1 < fps.size(); ++i) {
      const double d2f = (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]);
      const double d2t = (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]);
      if (d2f != 0 || d2t != 0) {
        fps[m] = fps[i], tps[m] = tps[i], thr[m] = thr[i];
        ++m;
      }
    }
    const std::size_t last = fps.size() - 1;
    fps[m] = fps[last], tps[m] = tps[last], thr[m] = thr[last];
    ++m;
    fps.resize(m), tps.resize(m), thr.resize(m);
  }
  roc_curve_result r;
  const std::size_t m = fps.size() + 1;
  r.fpr.resize(m);
  r.tpr.resize(m);
  r.thresholds.resize(m);
  r.thresholds[0] = std::numeric_limits<double>::infinity();
  const double nneg = fps.empty() ? 0.0 : fps.back();
  const double npos = tps.empty() ? 0.0 : tps.back();
  r.fpr[0] = nneg > 0 ? 0.0 : score_nan;
  r.tpr[0] = npos > 0 ? 0.0 : score_nan;
  for (std::size_t i = 0; i + 1 < m; ++i) {
    r.fpr[i + 1] = nneg > 0 ? fps[i] / nneg : score_nan;
    r.tpr[i + 1] = npos > 0 ? tps[i] / npos : score_nan;
    r.thresholds[i + 1] = thr[i];
  }
  return r;
}

// Keep the first and last point of each run of equal tps.
inline void drop_equal_tps(threshold_counts& c) {
  auto& tps = c.tps;
  if (tps.size() <= 2) return;
  std::size_t m = 1;
  for (std::size_t i = 1; i + 1 < tps.size(); ++i) {
    if (tps[i] - tps[i - 1] != 0 || tps[i + 1] - tps[i] != 0) {
      c.fps[m] = c.fps[i], tps[m] = tps[i], c.thresholds[m] = c.thresholds[i];
      ++m;
    }
  }
  const std::size_t last = tps.size() - 1;
  c.fps[m] = c.fps[last], tps[m] = tps[last], c.thresholds[m] = c.thresholds[last];
  ++m;
  c.fps.resize(m), tps.resize(m), c.thresholds.resize(m);
}

// Precision-recall curve from counts: increasing thresholds, ending with
// precision 1, recall 0; recall is 1 everywhere without positives.
inline precision_recall_curve_result pr_from_counts(threshold_counts c, bool drop) {
  if (drop) drop_equal_tps(c);
  const std::size_t m = c.tps.size();
  const double npos = m == 0 ? 0.0 : c.tps.back();
  precision_recall_curve_result r;
  r.precision.resize(m + 1);
  r.recall.resize(m + 1);
  r.thresholds.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    const std::size_t j = m - 1 - i;
    const double ps = c.tps[j] + c.fps[j];
    r.precision[i] = ps != 0 ? c.tps[j] / ps : 0.0;
    r.recall[i] = npos == 0 ? 1.0 : c.tps[j] / npos;
    r.thresholds[i] = c.thresholds[j];
  }
  r.precision[m] = 1.0;
  r.recall[m] = 0.0;
  return r;
}

// The four confusion-matrix cells at every threshold, from counts.
inline thresholds_confusion_result confusion_from_counts(threshold_counts c) {
  thresholds_confusion_result r;
  const double npos = c.tps.empty() ? 0.0 : c.tps.back();
  const double nneg = c.fps.empty() ? 0.0 : c.fps.back();
  r.tns.resize(c.fps.size());
  r.fns.resize(c.tps.size());
  for (std::size_t i = 0; i < c.fps.size(); ++i) {
    r.tns[i] = nneg - c.fps[i];
    r.fns[i] = npos - c.tps[i];
  }
  r.fps = std::move(c.fps);
  r.tps = std::move(c.tps);
  r.thresholds = std::move(c.thresholds);
  return r;
}

// Standardized partial AUC (McClish) from a full ROC curve.
inline double mcclish_partial_auc(const roc_curve_result& roc, double mf) {
  const auto& fpr = roc.fpr;
  const auto& tpr = roc.tpr;
  std::size_t stop =
      static_cast<std::size_t>(std::upper_bound(fpr.begin(), fpr.end(), mf) - fpr.begin());
  if (stop == 0 || stop >= fpr.size()) return score_nan;
  const double x0 = fpr[stop - 1], x1 = fpr[stop], y0 = tpr[stop - 1], y1 = tpr[stop];
  const double slope = (y1 - y0) / (x1 - x0);
  double yi = slope * (mf - x0) + y0;
  std::vector<double> x(fpr.begin(), fpr.begin() + static_cast<std::ptrdiff_t>(stop));
  std::vector<double> yv(tpr.begin(), tpr.begin() + static_cast<std::ptrdiff_t>(stop));
  x.push_back(mf);
  yv.push_back(yi);
  const double partial = trapezoid(x, yv);
  const double min_area = 0.5 * mf * mf;
  const double max_area = mf;
  return 0.5 * (1 + (partial - min_area) / (max_area - min_area));
}

/// Binary ROC AUC, standardized partial AUC when mf < 1. One class among
/// the flags gives NaN (as scikit-learn, whatever the weights).
template <class T>
double binary_roc_auc_max_fpr(const T* s, std::size_t stride, const std::uint8_t* y,
                              const double* w, std::size_t n, double mf) {
  bool any_pos = false, any_neg = false;
  for (std::size_t i = 0; i < n && !(any_pos && any_neg); ++i) (y[i] ? any_pos : any_neg) = true;
  if (!(any_pos && any_neg)) return score_nan;
  if (mf == 1.0) return binary_roc_auc(s, stride, y, w, n);
  const roc_curve_result roc = roc_from_counts(count_thresholds(s, stride, y, w, n), true);
  if (std::isnan(roc.fpr.back()))
    throw_invalid_argument("roc_auc_score: max_fpr needs negative samples of non-zero weight");
  if (std::isnan(roc.tpr.back())) return score_nan;
  return mcclish_partial_auc(roc, mf);
}

inline void check_max_fpr(double mf) {
  if (!(mf > 0.0 && mf <= 1.0))
    throw_invalid_argument("max_fpr must be in (0, 1], got " + to_text(mf));
}

// --------------------------------------------------------- binary inputs --

/// A binary problem ready for the core: scores, 0/1 flags, weights, and the
/// sorted distinct labels of y_true they came from.
template <class T, class K>
struct binary_problem {
  score_array<T> scores;
  std::vector<std::uint8_t> y;
  const double* w = nullptr;
  std::vector<K> classes;
  [[nodiscard]] std::size_t size() const noexcept { return y.size(); }
};

// Flags y == pos for a label array.
template <class K, class P>
std::vector<std::uint8_t> flags_of(const label_array<K>& labels, const P& pos) {
  std::vector<std::uint8_t> y(labels.size());
  for (std::size_t i = 0; i < y.size(); ++i)
    y[i] = static_cast<std::uint8_t>(same_label(labels.values[i], pos));
  return y;
}

// Scores for a binary problem: 1-D, or n x 1.
template <class T>
void require_1d(const score_array<T>& s, const char* fn) {
  if (s.is_2d() && s.cols() != 1)
    throw_invalid_argument(std::string(fn) + ": y_score must be 1-D for a binary y_true, got " +
                           std::to_string(s.rows()) + " x " + std::to_string(s.cols()));
}

/// Adapts (y_true, y_score, opts) of a curve function: pos_label as
/// scikit-learn's curves (explicit, or 1 for {0,1}/{-1,1} targets).
template <class Y, class S, class... Opts>
binary_problem<score_of_t<S>, label_key_t<Y>> curve_problem(const Y& y_true, const S& y_score,
                                                            const char* fn, const Opts&... opts) {
  static_assert(!is_2d_v<Y>, "tally: curve functions take 1-D y_true");
  binary_problem<score_of_t<S>, label_key_t<Y>> p;
  auto labels = adapt_labels(y_true, "y_true");
  p.scores = adapt_scores(y_score, "y_score");
  require_1d(p.scores, fn);
  check_same_length("y_true", labels.size(), "y_score", p.scores.rows());
  check_not_empty("y_true", labels.size());
  check_finite("y_score", p.scores.data(), p.scores.size());
  p.w = checked_weights(labels.size(), opts...);
  if constexpr (has_option_v<pos_label_kind, Opts...>) {
    // with an explicit pos_label, y_true may have more than two classes
    p.y = flags_of(labels, get_option<pos_label_kind>(0, opts...).value);
  } else {
    if (labels.distinct.size() > 2)
      throw_invalid_argument(std::string(fn) + ": y_true has " +
                             std::to_string(labels.distinct.size()) + " classes " +
                             labels_text(labels.distinct) + "; a binary target is required");
    p.y = flags_of(labels, default_curve_pos_label(labels.distinct, fn));
  }
  p.classes = std::move(labels.distinct);
  return p;
}

template <class T, class K>
threshold_counts counts_of(const binary_problem<T, K>& p) {
  return count_thresholds(p.scores.data(), 1, p.y.data(), p.w, p.size());
}

// ------------------------------------------------ multilabel / multiclass --

/// Indicator matrix (multilabel y_true) as n x K flags.
struct indicator {
  std::vector<std::uint8_t> y;
  std::size_t n = 0, k = 0;
};

template <class E>
void push_indicator(indicator& out, const E& v) {
  static_assert(std::is_arithmetic_v<E>, "tally: a multilabel y_true holds 0/1 numbers or bools");
  if (!(v == static_cast<E>(0) || v == static_cast<E>(1)))
    throw_invalid_argument("y_true (multilabel indicator) must hold only 0 and 1, got " +
                           to_text(v) + " at flat index " + std::to_string(out.y.size()));
  out.y.push_back(static_cast<std::uint8_t>(v == static_cast<E>(1)));
}

template <class Y>
indicator adapt_indicator(const Y& y_true) {
  indicator out;
  if constexpr (is_matrix_view_v<Y>) {
    out.n = y_true.rows;
    out.k = y_true.cols;
    out.y.reserve(out.n * out.k);
    for (std::size_t i = 0; i < out.n * out.k; ++i) push_indicator(out, y_true.data[i]);
  } else {
    for (const auto& row : y_true) {
      std::size_t len = 0;
      for (const auto& v : row) push_indicator(out, v), ++len;
      if (out.n == 0) out.k = len;
      if (len != out.k)
        throw_invalid_argument("y_true: row " + std::to_string(out.n) + " has " +
                               std::to_string(len) + " values, row 0 has " + std::to_string(out.k));
      ++out.n;
    }
  }
  return out;
}

// numpy.average(values, weights): pairwise sums of value * weight and of the
// weights; unweighted: the pairwise mean.
inline double np_average(const std::vector<double>& v, const std::vector<double>* wt) {
  if (v.empty()) return score_nan;
  if (wt == nullptr) return pairwise_sum(v.data(), v.size()) / static_cast<double>(v.size());
  std::vector<double> prod(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) prod[i] = v[i] * (*wt)[i];
  const double scale = pairwise_sum(wt->data(), wt->size());
  if (scale == 0) throw_invalid_argument("weights sum to zero, the weighted average is undefined");
  return pairwise_sum(prod.data(), prod.size()) / scale;
}

/// A per-column binary metric over an n x k indicator Y and scores S,
/// averaged as scikit-learn's _average_binary_score: micro ravels every
/// cell; macro is the plain mean (a NaN column makes it NaN); weighted
/// weights by column support, scores of zero-support columns count as 0 and
/// a zero total support gives 0; samples averages per row (weighted by
/// sample_weight); none fills per_label.
template <class T, class Metric>
double average_binary(const std::uint8_t* Y, const T* S, std::size_t n, std::size_t k,
                      const double* w, average avg, Metric&& metric, std::vector<double>* per_label,
                      const char* fn) {
  switch (avg) {
  case average::micro: {
    std::vector<double> ww;
    if (w) {
      ww.resize(n * k);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < k; ++j) ww[i * k + j] = w[i];
    }
    return metric(S, std::size_t{1}, Y, w ? ww.data() : nullptr, n * k);
  }
  case average::samples: {
    std::vector<double> sc(n);
    for (std::size_t i = 0; i < n; ++i)
      sc[i] = metric(S + i * k, std::size_t{1}, Y + i * k, static_cast<const double*>(nullptr), k);
    if (w) {
      // a row of weight zero counts as 0, so its NaN (one class) is ignored
      for (std::size_t i = 0; i < n; ++i)
        if (w[i] == 0) sc[i] = 0;
      std::vector<double> wv(w, w + n);
      return np_average(sc, &wv);
    }
    return np_average(sc, nullptr);
  }
  case average::macro:
  case average::weighted:
  case average::none: {
    // Weighted: the column supports first; a total support within 1e-8 of
    // zero gives 0 before any column is scored (so all-zero weights are not
    // an error here).
    std::vector<double> support;
    if (avg == average::weighted) {
      support.assign(k, 0.0);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < k; ++c)
          if (Y[i * k + c]) support[c] += w ? w[i] : 1.0;
      double total = 0;
      for (double s : support) total += s;
      if (std::fabs(total) <= 1e-8) return 0.0;
    }
    std::vector<std::uint8_t> col(n);
    std::vector<double> sc(k);
    for (std::size_t c = 0; c < k; ++c) {
      for (std::size_t i = 0; i < n; ++i) col[i] = Y[i * k + c];
      sc[c] = metric(S + c, k, col.data(), w, n);
    }
    if (avg == average::none) {
      if (per_label) *per_label = sc;
      return score_nan;
    }
    if (avg == average::macro) return np_average(sc, nullptr);
    for (std::size_t c = 0; c < k; ++c)
      if (support[c] == 0) sc[c] = 0;
    return np_average(sc, &support);
  }
  case average::binary:
  default:
    break;
  }
  throw_invalid_argument(std::string(fn) +
                         ": average must be micro, macro, weighted, samples "
                         "or none, got " +
                         average_name(avg));
}

/// One-vs-one (Hand & Till) average of a binary metric. enc[i] is the class
/// index of sample i (column of S). For each pair (a, b) of classes present
/// in y_true, the samples of a or b are kept and the pair score is the mean
/// of metric(a vs b, column a) and metric(b vs a, column b). macro: plain
/// mean over pairs; weighted: pairs weighted by their prevalence (their
/// share of the samples, or of the total sample weight when weighted). With
/// sample weights each binary metric is the weighted one on the kept
/// samples.
template <class T, class Metric>
double average_ovo(const std::vector<std::size_t>& enc, const T* S, std::size_t n, std::size_t k,
                   const double* w, bool weighted_average, Metric&& metric, const char* fn) {
  std::vector<std::uint8_t> present(k, 0);
  for (std::size_t e : enc) present[e] = 1;
  std::vector<std::size_t> cls;
  for (std::size_t c = 0; c < k; ++c)
    if (present[c]) cls.push_back(c);
  // No pair to weight: the prevalence-weighted mean divides by a zero total
  // (the plain mean of no pairs is NaN, as in scikit-learn).
  if (weighted_average && cls.size() < 2)
    throw_invalid_argument(std::string(fn) + ": y_true holds " + std::to_string(cls.size()) +
                           " of the " + std::to_string(k) +
                           " classes, so there is no class pair and average::weighted is "
                           "undefined");
  double wtotal = 0;
  if (w)
    for (std::size_t i = 0; i < n; ++i) wtotal += w[i];
  std::vector<double> pair_scores, prevalence;
  std::vector<T> sa, sb;
  std::vector<std::uint8_t> ya, yb;
  std::vector<double> ws;
  for (std::size_t ia = 0; ia < cls.size(); ++ia) {
    for (std::size_t ib = ia + 1; ib < cls.size(); ++ib) {
      const std::size_t a = cls[ia], b = cls[ib];
      sa.clear(), sb.clear(), ya.clear(), yb.clear(), ws.clear();
      double wsum = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (enc[i] != a && enc[i] != b) continue;
        sa.push_back(S[i * k + a]);
        sb.push_back(S[i * k + b]);
        ya.push_back(static_cast<std::uint8_t>(enc[i] == a));
        yb.push_back(static_cast<std::uint8_t>(enc[i] == b));
        if (w) ws.push_back(w[i]), wsum += w[i];
      }
      const double* wp = w ? ws.data() : nullptr;
      const double sa_score = metric(sa.data(), std::size_t{1}, ya.data(), wp, sa.size());
      const double sb_score = metric(sb.data(), std::size_t{1}, yb.data(), wp, sb.size());
      pair_scores.push_back((sa_score + sb_score) / 2);
      if (weighted_average)
        prevalence.push_back(w ? (wtotal > 0 ? wsum / wtotal : 0.0)
                               : static_cast<double>(sa.size()) / static_cast<double>(n));
    }
  }
  return np_average(pair_scores, weighted_average ? &prevalence : nullptr);
}

template <class T>
void check_rows_sum_to_one(const score_array<T>& s, const char* fn) {
  for (std::size_t i = 0; i < s.rows(); ++i) {
    const T sum = pairwise_sum(s.data() + i * s.cols(), s.cols());
    const double d = static_cast<double>(sum);
    if (!(std::fabs(1.0 - d) <= 1e-8 + 1e-5 * std::fabs(d)))
      throw_invalid_argument(std::string(fn) +
                             ": y_score rows must be probabilities summing to 1 for "
                             "multiclass input; row " +
                             std::to_string(i) + " sums to " + to_text(d));
  }
}

template <class T>
void check_shape(const score_array<T>& s, std::size_t n, std::size_t k, const char* fn) {
  if (!s.is_2d() || s.rows() != n || s.cols() != k)
    throw_invalid_argument(std::string(fn) + ": y_score must be " + std::to_string(n) + " x " +
                           std::to_string(k) + " (samples x classes), got " +
                           (s.is_2d() ? std::to_string(s.rows()) + " x " + std::to_string(s.cols())
                                      : "1-D of " + std::to_string(s.rows())));
}

// Class index of each sample of a multiclass y_true within `classes`.
template <class K>
std::vector<std::size_t> encode(const label_array<K>& labels, const std::vector<K>& classes,
                                const char* fn) {
  std::vector<std::size_t> enc(labels.size());
  for (std::size_t i = 0; i < enc.size(); ++i) {
    auto it = std::lower_bound(classes.begin(), classes.end(), labels.values[i]);
    if (it == classes.end() || !(*it == labels.values[i]))
      throw_invalid_argument(std::string(fn) + ": y_true contains a label not in labels (" +
                             to_text(labels.values[i]) + " at index " + std::to_string(i) + ")");
    enc[i] = static_cast<std::size_t>(it - classes.begin());
  }
  return enc;
}

inline std::vector<std::uint8_t> one_hot(const std::vector<std::size_t>& enc, std::size_t k) {
  std::vector<std::uint8_t> y(enc.size() * k, 0);
  for (std::size_t i = 0; i < enc.size(); ++i) y[i * k + enc[i]] = 1;
  return y;
}

template <class Y, class S, class... Opts>
double roc_auc_impl(const Y& y_true, const S& y_score, average avg, std::vector<double>* per_label,
                    bool weighted_ovo, const Opts&... opts) {
  constexpr const char* fn = "roc_auc_score";
  using T = score_of_t<S>;
  double mf = 1.0;
  if constexpr (has_option_v<max_fpr_kind, Opts...>) {
    mf = get_option<max_fpr_kind>(0, opts...).value;
    check_max_fpr(mf);
  }
  auto metric = [mf](const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                     std::size_t n) { return binary_roc_auc_max_fpr(s, stride, y, w, n, mf); };
  auto scores = adapt_scores(y_score, "y_score");
  if (avg == average::binary)
    throw_invalid_argument("roc_auc_score: average::binary is not accepted (use micro, macro, "
                           "weighted, samples or none)");
  if constexpr (raw_binary_labels_v<Y>) {
    // single pass over labels and scores when the problem is binary
    const std::size_t n = static_cast<std::size_t>(std::size(y_true));
    if (mf == 1.0 && !scores.is_2d() && n == scores.rows() && n > 0 &&
        checked_weights(n, opts...) == nullptr) {
      const auto* v = std::data(y_true);
      const auto lab = scan_two_labels(v, n);
      if (!lab.third) {
        double r = score_nan;
        if (lab.has_second) {
          const auto pos = (std::max)(lab.first, lab.second);
          r = binary_roc_auc_by(
              scores.data(), 1, [v, pos](std::size_t i) { return v[i] == pos; }, n);
        } else {
          check_finite("y_score", scores.data(), scores.size());
        }
        if (per_label) per_label->assign(1, r);
        return r;
      }
    }
  }
  check_finite("y_score", scores.data(), scores.size());
  if constexpr (is_2d_v<Y>) {
    const indicator ind = adapt_indicator(y_true);
    check_not_empty("y_true", ind.n);
    check_shape(scores, ind.n, ind.k, fn);
    const double* w = checked_weights(ind.n, opts...);
    return average_binary(ind.y.data(), scores.data(), ind.n, ind.k, w, avg, metric, per_label, fn);
  } else {
    using K = label_key_t<Y>;
    const auto labels = adapt_labels(y_true, "y_true");
    check_same_length("y_true", labels.size(), "y_score", scores.rows());
    check_not_empty("y_true", labels.size());
    const double* w = checked_weights(labels.size(), opts...);
    const std::size_t n = labels.size();
    const bool multiclass =
        weighted_ovo || labels.distinct.size() > 2 || (scores.is_2d() && scores.cols() > 2);
    if (!multiclass) {
      require_1d(scores, fn);
      if (w == nullptr && mf == 1.0 && labels.distinct.size() == 2) {
        const K pos = labels.distinct.back();
        const auto& v = labels.values;
        const double r = binary_roc_auc_by(
            scores.data(), 1, [&v, &pos](std::size_t i) { return v[i] == pos; }, n);
        if (per_label) per_label->assign(1, r);
        return r;
      }
      std::vector<std::uint8_t> y(n, 0);
      if (labels.distinct.size() == 2) y = flags_of(labels, labels.distinct.back());
      const double v = metric(scores.data(), std::size_t{1}, y.data(), w, n);
      if (per_label) per_label->assign(1, v);
      return v;
    }
    if constexpr (has_option_v<max_fpr_kind, Opts...>)
      if (mf != 1.0)
        throw_invalid_argument("roc_auc_score: max_fpr (" + to_text(mf) +
                               ") is not available for multiclass y_true");
    const multi_class mc =
        weighted_ovo ? multi_class::ovo : get_option<multi_class_kind>(multi_class::raise, opts...);
    if (mc == multi_class::raise)
      throw_invalid_argument("roc_auc_score: y_true has " + std::to_string(labels.distinct.size()) +
                             " classes; pass tally::multi_class::ovr or tally::multi_class::ovo");
    if (!scores.is_2d())
      throw_invalid_argument("roc_auc_score: y_score must be n x K (samples x classes) for "
                             "multiclass y_true, got 1-D");
    check_rows_sum_to_one(scores, fn);
    const bool avg_ok = mc == multi_class::ovr
                            ? (avg == average::micro || avg == average::macro ||
                               avg == average::weighted || avg == average::none)
                            : (avg == average::macro || avg == average::weighted);
    if (!avg_ok)
      throw_invalid_argument(std::string("roc_auc_score: average::") + average_name(avg) +
                             " is not available for multi_class::" +
                             (mc == multi_class::ovr ? "ovr (use micro, macro, weighted or none)"
                                                     : "ovo (use macro or weighted)"));
    std::vector<K> classes;
    if constexpr (has_option_v<labels_kind, Opts...>) {
      classes = labels_as_keys<K>(get_option<labels_kind>(0, opts...).values, fn);
      if (classes.size() != scores.cols())
        throw_invalid_argument("roc_auc_score: labels has " + std::to_string(classes.size()) +
                               " entries, y_score has " + std::to_string(scores.cols()) +
                               " columns");
    } else {
      classes = labels.distinct;
      if (classes.size() != scores.cols())
        throw_invalid_argument("roc_auc_score: y_true has " + std::to_string(classes.size()) +
                               " classes, y_score has " + std::to_string(scores.cols()) +
                               " columns (pass tally::labels(...) to name all classes)");
    }
    const std::vector<std::size_t> enc = encode(labels, classes, fn);
    const std::size_t k = classes.size();
    if (mc == multi_class::ovr) {
      const std::vector<std::uint8_t> y = one_hot(enc, k);
      return average_binary(y.data(), scores.data(), n, k, w, avg, metric, per_label, fn);
    }
    if (w != nullptr && !weighted_ovo)
      throw_invalid_argument("roc_auc_score: sample_weight is not supported with "
                             "multi_class::ovo (as in scikit-learn); roc_auc_ovo_score computes "
                             "the weighted one-vs-one AUC");
    return average_ovo(enc, scores.data(), n, k, w, avg == average::weighted, metric,
                       weighted_ovo ? "roc_auc_ovo_score" : fn);
  }
}

template <class Y, class S, class... Opts>
double average_precision_impl(const Y& y_true, const S& y_score, average avg,
                              std::vector<double>* per_label, const Opts&... opts) {
  constexpr const char* fn = "average_precision_score";
  using T = score_of_t<S>;
  auto metric = [](const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                   std::size_t n) { return binary_average_precision(s, stride, y, w, n); };
  auto scores = adapt_scores(y_score, "y_score");
  if (avg == average::binary)
    throw_invalid_argument("average_precision_score: average::binary is not accepted (use "
                           "micro, macro, weighted, samples or none)");
  if constexpr (raw_binary_labels_v<Y> && !has_option_v<pos_label_kind, Opts...>) {
    // single pass over labels and scores when the problem is binary and 1
    // (the default pos_label) is one of its labels
    using K = label_key_t<Y>;
    const std::size_t n = static_cast<std::size_t>(std::size(y_true));
    if (!scores.is_2d() && n == scores.rows() && n > 0 && checked_weights(n, opts...) == nullptr) {
      const auto* v = std::data(y_true);
      const auto lab = scan_two_labels(v, n);
      const K one = static_cast<K>(1);
      if (!lab.third && (lab.first == one || (lab.has_second && lab.second == one))) {
        const double r = binary_average_precision_by(
            scores.data(), 1, [=](std::size_t i) { return v[i] == one; }, n);
        if (per_label) per_label->assign(1, r);
        return r;
      }
    }
  }
  check_finite("y_score", scores.data(), scores.size());
  [[maybe_unused]] auto pos_is_one = [&]() {
    if constexpr (has_option_v<pos_label_kind, Opts...>) {
      const auto& pos = get_option<pos_label_kind>(0, opts...).value;
      using P = remove_cvref_t<decltype(pos)>;
      if constexpr (std::is_arithmetic_v<P>)
        return pos == static_cast<P>(1);
      else
        return false;
    } else {
      return true;
    }
  };
  if constexpr (is_2d_v<Y>) {
    if (!pos_is_one())
      throw_invalid_argument("average_precision_score: pos_label is fixed to 1 for a "
                             "multilabel y_true");
    const indicator ind = adapt_indicator(y_true);
    check_not_empty("y_true", ind.n);
    check_shape(scores, ind.n, ind.k, fn);
    const double* w = checked_weights(ind.n, opts...);
    return average_binary(ind.y.data(), scores.data(), ind.n, ind.k, w, avg, metric, per_label, fn);
  } else {
    using K = label_key_t<Y>;
    const auto labels = adapt_labels(y_true, "y_true");
    check_same_length("y_true", labels.size(), "y_score", scores.rows());
    check_not_empty("y_true", labels.size());
    const double* w = checked_weights(labels.size(), opts...);
    const std::size_t n = labels.size();
    if (labels.distinct.size() > 2) {
      if (!pos_is_one())
        throw_invalid_argument("average_precision_score: pos_label is fixed to 1 for a "
                               "multiclass y_true");
      const std::size_t k = labels.distinct.size();
      check_shape(scores, n, k, fn);
      const std::vector<std::size_t> enc = encode(labels, labels.distinct, fn);
      const std::vector<std::uint8_t> y = one_hot(enc, k);
      return average_binary(y.data(), scores.data(), n, k, w, avg, metric, per_label, fn);
    }
    require_1d(scores, fn);
    std::vector<std::uint8_t> y;
    if constexpr (has_option_v<pos_label_kind, Opts...>) {
      const auto& pos = get_option<pos_label_kind>(0, opts...).value;
      if (labels.distinct.size() == 2 && !same_label(labels.distinct[0], pos) &&
          !same_label(labels.distinct[1], pos))
        throw_invalid_argument("average_precision_score: pos_label=" + to_text(pos) +
                               " is not a label of y_true " + labels_text(labels.distinct));
      y = flags_of(labels, pos);
    } else if constexpr (std::is_arithmetic_v<K>) {
      if (labels.distinct.size() == 2 && !(labels.distinct[0] == static_cast<K>(1)) &&
          !(labels.distinct[1] == static_cast<K>(1)))
        throw_invalid_argument("average_precision_score: pos_label=1 (the default) is not a "
                               "label of y_true " +
                               labels_text(labels.distinct) + "; pass tally::pos_label(...)");
      if (w == nullptr) {
        const K pos = static_cast<K>(1);
        const auto& v = labels.values;
        const double r = binary_average_precision_by(
            scores.data(), 1, [&](std::size_t i) { return v[i] == pos; }, n);
        if (per_label) per_label->assign(1, r);
        return r;
      }
      y = flags_of(labels, static_cast<K>(1));
    } else {
      throw_invalid_argument("average_precision_score: y_true holds strings; pass "
                             "tally::pos_label(...)");
    }
    const double v = metric(scores.data(), std::size_t{1}, y.data(), w, n);
    if (per_label) per_label->assign(1, v);
    return v;
  }
}

} // namespace detail

// ------------------------------------------------------------ public API --

/// Area under a curve by the trapezoidal rule; x must be monotonic
/// (increasing, or decreasing: the sign is then flipped); at least 2 points.
template <class X, class Yv, TALLY_DETAIL_NOT_ITERATOR(X)>
[[nodiscard]] double auc(const X& x, const Yv& y) {
  std::vector<double> xs, ys;
  for (const auto& v : x) xs.push_back(static_cast<double>(v));
  for (const auto& v : y) ys.push_back(static_cast<double>(v));
  detail::check_same_length("x", xs.size(), "y", ys.size());
  if (xs.size() < 2)
    detail::throw_invalid_argument("auc: at least 2 points are needed, x has " +
                                   std::to_string(xs.size()));
  double direction = 1;
  bool any_neg = false, all_nonpos = true;
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
    const double dx = xs[i + 1] - xs[i];
    if (dx < 0) any_neg = true;
    if (!(dx <= 0)) all_nonpos = false;
  }
  if (any_neg) {
    if (!all_nonpos) detail::throw_invalid_argument("auc: x is neither increasing nor decreasing");
    direction = -1;
  }
  return direction * detail::trapezoid(xs, ys);
}

/// Confusion-matrix cells at every distinct score (decreasing thresholds).
/// Options: pos_label (default 1 for {0,1} / {-1,1} targets; required
/// otherwise, and then y_true may have more than two classes), sample_weight.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] thresholds_confusion_result
confusion_matrix_at_thresholds(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("confusion_matrix_at_thresholds", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind);
  auto p = detail::curve_problem(y_true, y_score, "confusion_matrix_at_thresholds", opts...);
  return detail::confusion_from_counts(detail::counts_of(p));
}

/// Receiver operating characteristic. Options: pos_label, sample_weight,
/// drop_intermediate (default true). With no negatives (positives) fpr
/// (tpr) is all NaN.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] roc_curve_result roc_curve(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("roc_curve", Opts, detail::pos_label_kind, detail::sample_weight_kind,
                             detail::drop_intermediate_kind);
  auto p = detail::curve_problem(y_true, y_score, "roc_curve", opts...);
  const bool drop =
      detail::get_option<detail::drop_intermediate_kind>(drop_intermediate(true), opts...).value;
  return detail::roc_from_counts(detail::counts_of(p), drop);
}

/// Precision-recall pairs at increasing thresholds. Options: pos_label,
/// sample_weight, drop_intermediate (default false). With no positives,
/// recall is 1 everywhere.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] precision_recall_curve_result
precision_recall_curve(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("precision_recall_curve", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind, detail::drop_intermediate_kind);
  auto p = detail::curve_problem(y_true, y_score, "precision_recall_curve", opts...);
  return detail::pr_from_counts(
      detail::counts_of(p),
      detail::get_option<detail::drop_intermediate_kind>(drop_intermediate(false), opts...).value);
}

/// Detection error tradeoff: fpr decreasing, fnr increasing, thresholds
/// increasing. Options: pos_label, sample_weight, drop_intermediate
/// (default false). Both classes must be present in y_true.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] det_curve_result det_curve(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("det_curve", Opts, detail::pos_label_kind, detail::sample_weight_kind,
                             detail::drop_intermediate_kind);
  auto p = detail::curve_problem(y_true, y_score, "det_curve", opts...);
  detail::threshold_counts c = detail::counts_of(p);
  c.tps.insert(c.tps.begin(), 0.0);
  c.fps.insert(c.fps.begin(), 0.0);
  c.thresholds.insert(c.thresholds.begin(), std::numeric_limits<double>::infinity());
  if (detail::get_option<detail::drop_intermediate_kind>(drop_intermediate(false), opts...).value)
    detail::drop_equal_tps(c);
  if (p.classes.size() != 2)
    detail::throw_invalid_argument("det_curve: y_true must contain exactly two classes, got " +
                                   detail::labels_text(p.classes));
  const double npos = c.tps.back(), nneg = c.fps.back();
  const std::size_t first =
      static_cast<std::size_t>(std::upper_bound(c.fps.begin(), c.fps.end(), c.fps[0]) -
                               c.fps.begin()) -
      1;
  const std::size_t last =
      static_cast<std::size_t>(std::lower_bound(c.tps.begin(), c.tps.end(), npos) - c.tps.begin()) +
      1;
  det_curve_result r;
  for (std::size_t i = last; i-- > first;) {
    r.fpr.push_back(c.fps[i] / nneg);
    r.fnr.push_back((npos - c.tps[i]) / npos);
    r.thresholds.push_back(c.thresholds[i]);
  }
  return r;
}

/// Area under the ROC curve. Binary y_true (1-D scores; the greater label is
/// positive; one class gives NaN), multilabel y_true (n x K indicator) or
/// multiclass y_true (n x K probabilities, multi_class::ovr or ovo).
/// Options: average (default macro; average::none: use
/// roc_auc_score_per_label), sample_weight, max_fpr, multi_class, labels.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double roc_auc_score(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("roc_auc_score", Opts, detail::average_kind,
                             detail::sample_weight_kind, detail::max_fpr_kind,
                             detail::multi_class_kind, detail::labels_kind);
  const average avg = detail::get_option<detail::average_kind>(average::macro, opts...);
  if (avg == average::none)
    detail::throw_invalid_argument("roc_auc_score: average::none gives one value per label; "
                                   "call roc_auc_score_per_label");
  return detail::roc_auc_impl(y_true, y_score, avg, nullptr, false, opts...);
}

/// roc_auc_score with average=None: one AUC per label (per class for ovr).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] std::vector<double> roc_auc_score_per_label(const Y& y_true, const S& y_score,
                                                          const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("roc_auc_score_per_label", Opts, detail::sample_weight_kind,
                             detail::max_fpr_kind, detail::multi_class_kind, detail::labels_kind);
  std::vector<double> out;
  (void)detail::roc_auc_impl(y_true, y_score, average::none, &out, false, opts...);
  return out;
}

/// Multiclass one-vs-one ROC AUC (Hand & Till 2001) that also accepts
/// sample weights, which scikit-learn refuses. Definition with weights w:
/// for each pair (a, b) of classes present in y_true, keep the samples whose
/// true class is a or b; A(a|b) is the weighted binary ROC AUC of "class a"
/// against "class b" scored by column a (each positive-negative pair of
/// samples counts with the product of their weights, ties one half), A(b|a)
/// likewise with column b; the pair's score is (A(a|b) + A(b|a)) / 2.
/// average::macro (default) takes the plain mean over pairs,
/// average::weighted weights each pair by its prevalence: the total weight
/// of its samples over the total weight of all samples. Without weights this
/// is exactly roc_auc_score(..., multi_class::ovo). Rows must sum to 1.
/// Options: average (macro, weighted), sample_weight, labels.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double roc_auc_ovo_score(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("roc_auc_ovo_score", Opts, detail::average_kind,
                             detail::sample_weight_kind, detail::labels_kind);
  static_assert(!detail::is_2d_v<Y>, "tally::roc_auc_ovo_score takes 1-D multiclass labels");
  const average avg = detail::get_option<detail::average_kind>(average::macro, opts...);
  return detail::roc_auc_impl(y_true, y_score, avg, nullptr, true, opts...);
}

/// Average precision: sum over thresholds of (increase in recall) x
/// precision, without interpolation. Binary y_true (pos_label, default 1),
/// multilabel (n x K indicator) or multiclass (n x K scores, one-vs-rest).
/// Options: average (default macro), pos_label, sample_weight.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double average_precision_score(const Y& y_true, const S& y_score,
                                             const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("average_precision_score", Opts, detail::average_kind,
                             detail::pos_label_kind, detail::sample_weight_kind);
  const average avg = detail::get_option<detail::average_kind>(average::macro, opts...);
  if (avg == average::none)
    detail::throw_invalid_argument("average_precision_score: average::none gives one value per "
                                   "label; call average_precision_score_per_label");
  return detail::average_precision_impl(y_true, y_score, avg, nullptr, opts...);
}

/// average_precision_score with average=None: one value per label.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] std::vector<double>
average_precision_score_per_label(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("average_precision_score_per_label", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind);
  std::vector<double> out;
  (void)detail::average_precision_impl(y_true, y_score, average::none, &out, opts...);
  return out;
}

/// Any function of a binary confusion matrix at every distinct threshold
/// (decreasing), in O(n log n) total: metric(binary_counts<double>) is called
/// once per threshold with {tp, fp, fn, tn} for "positive when score >=
/// threshold". Options: pos_label (as the curves), sample_weight.
template <class Y, class S, class Metric, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] metric_at_thresholds_result
metric_at_thresholds(const Y& y_true, const S& y_score, Metric&& metric, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("metric_at_thresholds", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind);
  auto p = detail::curve_problem(y_true, y_score, "metric_at_thresholds", opts...);
  detail::threshold_counts c = detail::counts_of(p);
  const double npos = c.tps.back(), nneg = c.fps.back();
  metric_at_thresholds_result r;
  r.values.reserve(c.tps.size());
  for (std::size_t i = 0; i < c.tps.size(); ++i) {
    binary_counts<double> bc;
    bc.tp = c.tps[i];
    bc.fp = c.fps[i];
    bc.fn = npos - c.tps[i];
    bc.tn = nneg - c.fps[i];
    r.values.push_back(static_cast<double>(metric(bc)));
  }
  r.thresholds = std::move(c.thresholds);
  return r;
}

/// The threshold that maximizes (goal::maximize) or minimizes
/// (goal::minimize) metric(binary_counts<double>). Candidates: +inf (nothing
/// predicted positive) and every distinct score; NaN values are skipped; on
/// ties the highest threshold wins. Options: pos_label, sample_weight.
template <class Y, class S, class Metric, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] best_threshold_result best_threshold(const Y& y_true, const S& y_score,
                                                   Metric&& metric, goal g, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("best_threshold", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind);
  auto p = detail::curve_problem(y_true, y_score, "best_threshold", opts...);
  detail::threshold_counts c = detail::counts_of(p);
  const double npos = c.tps.back(), nneg = c.fps.back();
  best_threshold_result best;
  best.threshold = std::numeric_limits<double>::quiet_NaN();
  bool found = false;
  auto consider = [&](double thr, double tp, double fp) {
    binary_counts<double> bc;
    bc.tp = tp;
    bc.fp = fp;
    bc.fn = npos - tp;
    bc.tn = nneg - fp;
    const double v = static_cast<double>(metric(bc));
    if (std::isnan(v)) return;
    if (!found || (g == goal::maximize ? v > best.value : v < best.value)) {
      found = true;
      best.threshold = thr;
      best.value = v;
      best.counts = bc;
    }
  };
  consider(std::numeric_limits<double>::infinity(), 0.0, 0.0);
  for (std::size_t i = 0; i < c.tps.size(); ++i) consider(c.thresholds[i], c.tps[i], c.fps[i]);
  if (!found) best.value = std::numeric_limits<double>::quiet_NaN();
  return best;
}

// fn(first1, last1, first2, last2, options...)
TALLY_DETAIL_ITERATOR_FORM(confusion_matrix_at_thresholds)
TALLY_DETAIL_ITERATOR_FORM(roc_curve)
TALLY_DETAIL_ITERATOR_FORM(precision_recall_curve)
TALLY_DETAIL_ITERATOR_FORM(det_curve)
TALLY_DETAIL_ITERATOR_FORM(roc_auc_score)
TALLY_DETAIL_ITERATOR_FORM(roc_auc_score_per_label)
TALLY_DETAIL_ITERATOR_FORM(roc_auc_ovo_score)
TALLY_DETAIL_ITERATOR_FORM(average_precision_score)
TALLY_DETAIL_ITERATOR_FORM(average_precision_score_per_label)
TALLY_DETAIL_ITERATOR_FORM(metric_at_thresholds)
TALLY_DETAIL_ITERATOR_FORM(best_threshold)
TALLY_DETAIL_ITERATOR_FORM(auc)

TALLY_NAMESPACE_END

#endif // TALLY_RANKING_HPP
// ---- end tally/ranking.hpp ----
// ---- begin tally/losses.hpp ----
#ifndef TALLY_LOSSES_HPP
#define TALLY_LOSSES_HPP

// Probabilistic and margin losses with scikit-learn 1.9 semantics:
//
//   log_loss(y_true, y_proba, opts...)            options: normalized,
//                                                 sample_weight, labels
//   brier_score_loss(y_true, y_proba, opts...)    options: sample_weight,
//                                                 pos_label, labels,
//                                                 scale_by_half
//   hinge_loss(y_true, pred_decision, opts...)    options: labels,
//                                                 sample_weight
//   top_k_accuracy_score(y_true, y_score, opts...) options: top_k,
//                                                 normalized, sample_weight,
//                                                 labels
//
// y_proba / y_score: a 1-D range (probability or score of the greater /
// positive class) or an n x K row-major matrix (tally::row_major(data, K)) or
// range of rows, columns in the sorted order of the labels. Float input is
// computed in float (clipping at float's epsilon), as scikit-learn does.
//
// Probabilities outside [0, 1] and non-finite values are errors. Rows that do
// not sum to 1 are accepted (scikit-learn 1.9 only warns for log_loss and
// brier_score_loss; there is no renormalization).


#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {
struct scale_by_half_kind {};
struct top_k_kind {};
} // namespace detail

/// Halve the Brier score (default: halve only when there are fewer than 3
/// columns, i.e. binary problems).
struct scale_by_half {
  using option_kind = detail::scale_by_half_kind;
  bool value = true;
  constexpr explicit scale_by_half(bool v = true) noexcept : value(v) {}
};

/// top_k_accuracy_score's k (default 2; must be >= 1).
struct top_k {
  using option_kind = detail::top_k_kind;
  long long value = 2;
  constexpr explicit top_k(long long v) noexcept : value(v) {}
};

namespace detail {

// numpy.average(loss, weights) (pairwise sums), or the sum / dot product when
// not normalized.
template <class T>
double average_losses(const std::vector<T>& loss, const double* w, bool normalize) {
  const std::size_t n = loss.size();
  if (w == nullptr) {
    const T s = pairwise_sum(loss.data(), n);
    return normalize ? static_cast<double>(s / static_cast<T>(n)) : static_cast<double>(s);
  }
  std::vector<double> prod(n);
  for (std::size_t i = 0; i < n; ++i) prod[i] = static_cast<double>(loss[i]) * w[i];
  const double num = pairwise_sum(prod.data(), n);
  if (!normalize) return num;
  const double den = pairwise_sum(w, n);
  if (den == 0)
    throw_invalid_argument("sample_weight sums to zero: the weighted mean is undefined");
  return num / den;
}

// Class list of a probabilistic multiclass function: the sorted distinct
// user labels (at least two, all of y_true among them) or y_true's classes.
template <class K, class... Opts>
std::vector<K> proba_classes(const label_array<K>& y, const char* fn, const Opts&... opts) {
  if constexpr (has_option_v<labels_kind, Opts...>) {
    const auto& user = get_option<labels_kind>(0, opts...).values;
    std::vector<K> classes;
    for (const auto& l : user) {
      if constexpr (std::is_same_v<K, std::string_view>)
        classes.emplace_back(std::string_view(l));
      else if constexpr (std::is_arithmetic_v<K>)
        classes.push_back(static_cast<K>(l));
      else
        classes.push_back(l);
    }
    std::sort(classes.begin(), classes.end());
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
    for (std::size_t i = 0; i < y.distinct.size(); ++i)
      if (!std::binary_search(classes.begin(), classes.end(), y.distinct[i]))
        throw_invalid_argument(std::string(fn) + ": y_true contains " + to_text(y.distinct[i]) +
                               ", which is not in labels " + labels_text(classes));
    if (classes.size() < 2)
      throw_invalid_argument(std::string(fn) + ": labels must contain at least two labels, got " +
                             labels_text(classes));
    return classes;
  } else {
    if (y.distinct.size() < 2)
      throw_invalid_argument(std::string(fn) + ": y_true contains only one label (" +
                             to_text(y.distinct[0]) +
                             "); pass all class labels with tally::labels(...)");
    return y.distinct;
  }
}

// Probabilities as n x K (a 1-D input or one column p becomes [1 - p, p]),
// validated and with each sample's class index.
template <class T>
struct proba_problem {
  std::vector<T> p; // n x k
  std::vector<std::size_t> cls;
  std::size_t n = 0, k = 0;
};

template <class Y, class S, class... Opts>
proba_problem<score_of_t<S>> multiclass_proba(const Y& y_true, const S& y_proba, const char* fn,
                                              const Opts&... opts) {
  using T = score_of_t<S>;
  static_assert(!is_2d_v<Y>, "tally: y_true must be 1-D labels");
  auto scores = adapt_scores(y_proba, "y_proba");
  check_probabilities("y_proba", scores.data(), scores.size());
  const auto y = adapt_labels(y_true, "y_true");
  check_same_length("y_true", y.size(), "y_proba", scores.rows());
  check_not_empty("y_true", y.size());
  const auto classes = proba_classes(y, fn, opts...);
  proba_problem<T> out;
  out.n = y.size();
  const std::size_t width = scores.width();
  out.k = width == 1 ? 2 : width;
  if (classes.size() != out.k)
    throw_invalid_argument(std::string(fn) + ": y_proba has " + std::to_string(out.k) +
                           " columns but there are " + std::to_string(classes.size()) +
                           " classes " + labels_text(classes) +
                           (has_option_v<labels_kind, Opts...>
                                ? std::string()
                                : std::string(" (pass all class labels with tally::labels)")));
  out.p.resize(out.n * out.k);
  for (std::size_t i = 0; i < out.n; ++i) {
    if (width == 1) {
      const T v = scores.data()[i];
      out.p[i * 2] = T(1) - v;
      out.p[i * 2 + 1] = v;
    } else {
      for (std::size_t j = 0; j < out.k; ++j) out.p[i * out.k + j] = scores.data()[i * width + j];
    }
  }
  out.cls.resize(out.n);
  for (std::size_t i = 0; i < out.n; ++i)
    out.cls[i] = static_cast<std::size_t>(
        std::lower_bound(classes.begin(), classes.end(), y.values[i]) - classes.begin());
  return out;
}

} // namespace detail

/// Cross-entropy loss: mean (or sum, with normalized(false)) of -log p of
/// the true class, p clipped to [eps, 1 - eps] with eps the epsilon of the
/// score type. Options: normalized, sample_weight, labels.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double log_loss(const Y& y_true, const S& y_proba, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("log_loss", Opts, detail::normalized_kind, detail::sample_weight_kind,
                             detail::labels_kind);
  using T = detail::score_of_t<S>;
  auto pr = detail::multiclass_proba(y_true, y_proba, "log_loss", opts...);
  const double* w = detail::checked_weights(pr.n, opts...);
  const bool norm = detail::get_option<detail::normalized_kind>(normalized(true), opts...).value;
  const T eps = std::numeric_limits<T>::epsilon();
  std::vector<T> loss(pr.n);
  for (std::size_t i = 0; i < pr.n; ++i) {
    const T p = (std::min)((std::max)(pr.p[i * pr.k + pr.cls[i]], eps), T(1) - eps);
    loss[i] = -std::log(p);
  }
  return detail::average_losses(loss, w, norm);
}

/// Brier score: mean over samples of the squared distance between the
/// one-hot target and the probability row. A 1-D y_proba is P(pos_label)
/// (pos_label: explicit, or 1 for {0,1} / {-1,1} targets, or the greater
/// numeric label). Options: sample_weight, pos_label (1-D input), labels
/// (n x K input), scale_by_half (default: halve when fewer than 3 columns).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double brier_score_loss(const Y& y_true, const S& y_proba, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("brier_score_loss", Opts, detail::sample_weight_kind,
                             detail::pos_label_kind, detail::labels_kind,
                             detail::scale_by_half_kind);
  using T = detail::score_of_t<S>;
  using K = detail::label_key_t<Y>;
  auto scores = detail::adapt_scores(y_proba, "y_proba");
  std::size_t columns = 0;
  std::vector<T> loss;
  if (!scores.is_2d() || scores.cols() == 1) {
    const auto y = detail::adapt_labels(y_true, "y_true");
    detail::check_same_length("y_true", y.size(), "y_proba", scores.rows());
    detail::check_not_empty("y_true", y.size());
    detail::check_finite("y_proba", scores.data(), scores.size());
    if (y.distinct.size() > 2)
      detail::throw_invalid_argument("brier_score_loss: y_true has " +
                                     std::to_string(y.distinct.size()) +
                                     " classes but y_proba is 1-D (binary)");
    detail::check_probabilities("y_proba", scores.data(), scores.size());
    std::vector<std::uint8_t> pos(y.size());
    if constexpr (detail::has_option_v<detail::pos_label_kind, Opts...>) {
      const auto& pl = detail::get_option<detail::pos_label_kind>(0, opts...).value;
      for (std::size_t i = 0; i < y.size(); ++i)
        pos[i] = static_cast<std::uint8_t>(detail::same_label(y.values[i], pl));
    } else {
      bool usual = false;
      if constexpr (std::is_arithmetic_v<K>) {
        const auto& d = y.distinct;
        auto eq = [](K a, int b) { return a == static_cast<K>(b); };
        usual =
            (d.size() == 2 && ((eq(d[0], 0) && eq(d[1], 1)) || (eq(d[0], -1) && eq(d[1], 1)))) ||
            (d.size() == 1 && (eq(d[0], 0) || eq(d[0], 1) || eq(d[0], -1)));
        const K pl = usual ? static_cast<K>(1) : d.back();
        for (std::size_t i = 0; i < y.size(); ++i)
          pos[i] = static_cast<std::uint8_t>(y.values[i] == pl);
      } else {
        detail::throw_invalid_argument("brier_score_loss: y_true holds strings " +
                                       detail::labels_text(y.distinct) +
                                       "; pass tally::pos_label(...)");
      }
    }
    loss.resize(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
      const T p = scores.data()[i];
      const T t = pos[i] ? T(1) : T(0);
      const T d0 = (T(1) - t) - (T(1) - p);
      const T d1 = t - p;
      loss[i] = d0 * d0 + d1 * d1;
    }
    columns = 2;
  } else {
    auto pr = detail::multiclass_proba(y_true, y_proba, "brier_score_loss", opts...);
    loss.resize(pr.n);
    std::vector<T> row(pr.k);
    for (std::size_t i = 0; i < pr.n; ++i) {
      for (std::size_t j = 0; j < pr.k; ++j) {
        const T d = (j == pr.cls[i] ? T(1) : T(0)) - pr.p[i * pr.k + j];
        row[j] = d * d;
      }
      loss[i] = detail::pairwise_sum(row.data(), pr.k);
    }
    columns = pr.k;
  }
  const double* w = detail::checked_weights(loss.size(), opts...);
  double score = detail::average_losses(loss, w, true);
  bool half = columns < 3;
  if constexpr (detail::has_option_v<detail::scale_by_half_kind, Opts...>)
    half = detail::get_option<detail::scale_by_half_kind>(0, opts...).value;
  if (half) score *= 0.5;
  return score;
}

/// Hinge loss. Binary (at most two labels): y_true becomes -1 / +1 (the
/// greater label of y_true is +1) and the loss is mean(max(0, 1 - y f)).
/// Multiclass (labels, or y_true, with more than two values): Crammer-Singer,
/// margin f_true - max of the other columns; pred_decision must be n x K.
/// Options: labels, sample_weight.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double hinge_loss(const Y& y_true, const S& pred_decision, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("hinge_loss", Opts, detail::labels_kind, detail::sample_weight_kind);
  using T = detail::score_of_t<S>;
  using K = detail::label_key_t<Y>;
  auto f = detail::adapt_scores(pred_decision, "pred_decision");
  const auto y = detail::adapt_labels(y_true, "y_true");
  detail::check_same_length("y_true", y.size(), "pred_decision", f.rows());
  detail::check_not_empty("y_true", y.size());
  detail::check_finite("pred_decision", f.data(), f.size());
  const double* w = detail::checked_weights(y.size(), opts...);
  std::vector<K> classes = y.distinct;
  if constexpr (detail::has_option_v<detail::labels_kind, Opts...>) {
    classes.clear();
    for (const auto& l : detail::get_option<detail::labels_kind>(0, opts...).values) {
      if constexpr (std::is_same_v<K, std::string_view>)
        classes.emplace_back(std::string_view(l));
      else if constexpr (std::is_arithmetic_v<K>)
        classes.push_back(static_cast<K>(l));
      else
        classes.push_back(l);
    }
    std::sort(classes.begin(), classes.end());
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  }
  const std::size_t n = y.size();
  std::vector<double> loss(n);
  if (classes.size() > 2) {
    const std::size_t k = classes.size();
    if (!f.is_2d())
      detail::throw_invalid_argument("hinge_loss: pred_decision must be n x " + std::to_string(k) +
                                     " for a multiclass target, got 1-D");
    if (f.cols() != k)
      detail::throw_invalid_argument(
          "hinge_loss: pred_decision has " + std::to_string(f.cols()) + " columns but there are " +
          std::to_string(k) + " classes " + detail::labels_text(classes) +
          (detail::has_option_v<detail::labels_kind, Opts...>
               ? std::string()
               : std::string(" (pass all class labels with tally::labels)")));
    for (std::size_t i = 0; i < n; ++i) {
      auto it = std::lower_bound(classes.begin(), classes.end(), y.values[i]);
      if (it == classes.end() || !(*it == y.values[i]))
        detail::throw_invalid_argument("hinge_loss: y_true contains " +
                                       detail::to_text(y.values[i]) + ", which is not in labels " +
                                       detail::labels_text(classes));
      const auto c = static_cast<std::size_t>(it - classes.begin());
      T other = -std::numeric_limits<T>::infinity();
      for (std::size_t j = 0; j < k; ++j)
        if (j != c) other = (std::max)(other, f(i, j));
      const T margin = f(i, c) - other;
      loss[i] = (std::max)(0.0, 1.0 - static_cast<double>(margin));
    }
  } else {
    if (f.is_2d() && f.cols() != 1)
      detail::throw_invalid_argument("hinge_loss: pred_decision must be 1-D for a binary target, "
                                     "got n x " +
                                     std::to_string(f.cols()));
    for (std::size_t i = 0; i < n; ++i) {
      const double sign = (y.distinct.size() == 2 && y.values[i] == y.distinct[1]) ? 1.0 : -1.0;
      loss[i] = (std::max)(0.0, 1.0 - sign * static_cast<double>(f.data()[i]));
    }
  }
  return detail::average_losses(loss, w, true);
}

/// Fraction (or, with normalized(false), the (weighted) number) of samples
/// whose true class is among the k highest scores. Ties: among equal scores
/// the class with the higher index ranks first (scikit-learn's reversed
/// stable sort). Binary (1-D scores): k = 1 predicts positive when the
/// score is > 0.5 (scores within [0, 1]) or > 0 (otherwise); k >= 2 counts
/// every sample. Options: top_k (default 2), normalized, sample_weight,
/// labels (sorted, unique, one per column).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double top_k_accuracy_score(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("top_k_accuracy_score", Opts, detail::top_k_kind,
                             detail::normalized_kind, detail::sample_weight_kind,
                             detail::labels_kind);
  using T = detail::score_of_t<S>;
  using K = detail::label_key_t<Y>;
  constexpr const char* fn = "top_k_accuracy_score";
  const long long kk = detail::get_option<detail::top_k_kind>(top_k(2), opts...).value;
  if (kk < 1)
    detail::throw_invalid_argument("top_k_accuracy_score: k must be >= 1, got " +
                                   std::to_string(kk));
  const auto k = static_cast<std::size_t>(kk);
  auto s = detail::adapt_scores(y_score, "y_score");
  const auto y = detail::adapt_labels(y_true, "y_true");
  detail::check_same_length("y_true", y.size(), "y_score", s.rows());
  detail::check_not_empty("y_true", y.size());
  detail::check_finite("y_score", s.data(), s.size());
  const double* w = detail::checked_weights(y.size(), opts...);
  bool binary = y.distinct.size() <= 2;
  std::vector<K> classes;
  if constexpr (detail::has_option_v<detail::labels_kind, Opts...>) {
    classes =
        detail::labels_as_keys<K>(detail::get_option<detail::labels_kind>(0, opts...).values, fn);
    if (classes.size() > 2) binary = false;
  }
  if (binary && s.is_2d() && s.cols() != 1)
    detail::throw_invalid_argument(
        "top_k_accuracy_score: y_true is binary but y_score has " + std::to_string(s.cols()) +
        " columns (if y_true lacks some classes, pass all of them with tally::labels)");
  if (!binary && !s.is_2d())
    detail::throw_invalid_argument("top_k_accuracy_score: y_score must be n x K for a "
                                   "multiclass target, got 1-D");
  const std::size_t score_classes = s.is_2d() ? s.cols() : 2;
  if constexpr (detail::has_option_v<detail::labels_kind, Opts...>) {
    if (classes.size() != score_classes)
      detail::throw_invalid_argument("top_k_accuracy_score: labels has " +
                                     std::to_string(classes.size()) + " entries, y_score has " +
                                     std::to_string(score_classes) + " classes");
  } else {
    classes = y.distinct;
    if (classes.size() != score_classes)
      detail::throw_invalid_argument("top_k_accuracy_score: y_true has " +
                                     std::to_string(classes.size()) + " classes, y_score has " +
                                     std::to_string(score_classes) +
                                     " (pass all class labels with tally::labels)");
  }
  const std::size_t n = y.size();
  std::vector<std::size_t> enc(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto it = std::lower_bound(classes.begin(), classes.end(), y.values[i]);
    if (it == classes.end() || !(*it == y.values[i]))
      detail::throw_invalid_argument("top_k_accuracy_score: y_true contains " +
                                     detail::to_text(y.values[i]) + ", which is not in labels " +
                                     detail::labels_text(classes));
    enc[i] = static_cast<std::size_t>(it - classes.begin());
  }
  std::vector<double> hits(n, 0.0);
  if (binary) {
    if (k == 1) {
      T lo = s.data()[0], hi = s.data()[0];
      for (std::size_t i = 0; i < n; ++i)
        lo = (std::min)(lo, s.data()[i]), hi = (std::max)(hi, s.data()[i]);
      const T thr = (lo >= T(0) && hi <= T(1)) ? T(0.5) : T(0);
      for (std::size_t i = 0; i < n; ++i)
        hits[i] = static_cast<double>((s.data()[i] > thr ? 1u : 0u) == enc[i]);
    } else {
      std::fill(hits.begin(), hits.end(), 1.0);
    }
  } else {
    const std::size_t K2 = s.cols();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t t = enc[i];
      const T st = s(i, t);
      std::size_t rank = 0; // classes ranked before the true one
      for (std::size_t j = 0; j < K2; ++j) {
        const T sj = s(i, j);
        if (sj > st || (sj == st && j > t)) ++rank;
      }
      hits[i] = rank < k ? 1.0 : 0.0;
    }
  }
  const bool norm = detail::get_option<detail::normalized_kind>(normalized(true), opts...).value;
  return detail::average_losses(hits, w, norm);
}

// fn(first1, last1, first2, last2, options...)
TALLY_DETAIL_ITERATOR_FORM(log_loss)
TALLY_DETAIL_ITERATOR_FORM(brier_score_loss)
TALLY_DETAIL_ITERATOR_FORM(hinge_loss)
TALLY_DETAIL_ITERATOR_FORM(top_k_accuracy_score)

TALLY_NAMESPACE_END

#endif // TALLY_LOSSES_HPP
// ---- end tally/losses.hpp ----
// ---- begin tally/label_ranking.hpp ----
#ifndef TALLY_LABEL_RANKING_HPP
#define TALLY_LABEL_RANKING_HPP

// Multilabel ranking metrics with scikit-learn 1.9 semantics: how well each
// sample's scores rank its true labels above the others.
//
//   label_ranking_average_precision_score(y_true, y_score, opts...)
//   label_ranking_loss(y_true, y_score, opts...)
//   coverage_error(y_true, y_score, opts...)
//
// options: sample_weight. y_true is an n x L indicator matrix (a range of
// rows of 0/1 values, or tally::indicator(ptr, rows, cols)); y_score the
// n x L scores (a range of rows, or tally::row_major(data, L)). Ties among
// scores count against the ranking: a label tied with a true label ranks
// ahead of it. Each row is sorted once, O(L log L); nothing is quadratic in
// the number of labels.


#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {

// y_true and y_score of a label ranking metric, checked: same n x L shape,
// at least one sample, finite scores, and for coverage_error and
// label_ranking_loss at least two labels (one column is a binary target).
template <class T>
struct ranking_input {
  indicator_matrix y;
  score_array<T> s;
};

template <class Y, class S>
ranking_input<score_of_t<S>> ranking_input_of(const Y& y_true, const S& y_score, const char* fn,
                                              bool one_column_ok) {
  static_assert(is_2d_v<S>, "tally: y_score of a label ranking metric is an n x L matrix "
                            "(a range of rows or tally::row_major)");
  indicator_matrix y = adapt_indicator("y_true", y_true);
  check_not_empty("y_true", y.rows);
  if (y.cols == 0) throw_invalid_argument(std::string(fn) + ": y_true has no labels (columns)");
  ranking_input<score_of_t<S>> in{std::move(y), adapt_scores(y_score, "y_score")};
  if (in.y.rows != in.s.rows() || in.y.cols != in.s.cols())
    throw_invalid_argument(std::string(fn) + ": y_true is " + std::to_string(in.y.rows) + " x " +
                           std::to_string(in.y.cols) + ", y_score is " +
                           std::to_string(in.s.rows()) + " x " + std::to_string(in.s.cols()) +
                           " (they must have the same shape)");
  if (in.y.cols == 1 && !one_column_ok)
    throw_invalid_argument(std::string(fn) +
                           ": y_true has one column, a binary target; a multilabel indicator "
                           "matrix has two or more");
  check_finite("y_score", in.s.data(), in.s.size());
  return in;
}

// Walks row i's labels in decreasing score, one group of equal scores at a
// time: emit(true labels in the group, all labels in the group).
template <class T, class Emit>
void walk_row_groups(const ranking_input<T>& in, std::size_t i, std::vector<std::uint32_t>& order,
                     Emit&& emit) {
  const std::size_t L = in.y.cols;
  const T* s = in.s.data() + i * L;
  const std::uint8_t* y = in.y.cells.data() + i * L;
  order.resize(L);
  std::iota(order.begin(), order.end(), std::uint32_t{0});
  std::sort(order.begin(), order.end(), [s](std::uint32_t a, std::uint32_t b) {
    return s[b] < s[a]; // decreasing; ties in any order (they form one group)
  });
  for (std::size_t g = 0; g < L;) {
    std::size_t e = g;
    std::size_t trues = 0;
    for (; e < L && s[order[e]] == s[order[g]]; ++e) trues += y[order[e]] != 0;
    emit(trues, e - g);
    g = e;
  }
}

inline std::size_t true_count(const indicator_matrix& y, std::size_t i) noexcept {
  std::size_t c = 0;
  for (std::size_t j = 0; j < y.cols; ++j) c += y.cells[i * y.cols + j] != 0;
  return c;
}

} // namespace detail

/// Label ranking average precision: for each true label of a sample, the
/// share of true labels among the labels scored at least as high, averaged
/// over the sample's true labels, then over samples (weighted by
/// sample_weight). A sample with no true label or only true labels scores 1.
/// With sample weights that are all zero the result is NaN, as scikit-learn
/// divides by their sum. One column is accepted (every sample then scores 1).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double label_ranking_average_precision_score(const Y& y_true, const S& y_score,
                                                           const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("label_ranking_average_precision_score", Opts,
                             detail::sample_weight_kind);
  const auto in =
      detail::ranking_input_of(y_true, y_score, "label_ranking_average_precision_score", true);
  const std::size_t n = in.y.rows, L = in.y.cols;
  const double* w = detail::checked_weights(n, opts...);
  std::vector<std::uint32_t> order;
  double out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t rel = detail::true_count(in.y, i);
    double aux = 1.0;
    if (rel != 0 && rel != L) {
      // Every true label of a group has the same rank (labels scored at
      // least as high: all groups so far) and the same count of true labels
      // ranked at least as high.
      double sum = 0;
      std::size_t seen = 0, seen_true = 0;
      detail::walk_row_groups(in, i, order, [&](std::size_t trues, std::size_t all) {
        seen += all;
        seen_true += trues;
        if (trues != 0)
          sum += static_cast<double>(trues) *
                 (static_cast<double>(seen_true) / static_cast<double>(seen));
      });
      aux = sum / static_cast<double>(rel);
    }
    out += w != nullptr ? aux * w[i] : aux;
  }
  if (w == nullptr) return out / static_cast<double>(n);
  const double total = detail::pairwise_sum(w, n);
  return total == 0 ? std::numeric_limits<double>::quiet_NaN() : out / total;
}

/// Label ranking loss: for each sample, the share of (true, false) label
/// pairs that the scores order wrongly (the false label scored at least as
/// high as the true one), averaged over samples (weighted by sample_weight).
/// A sample with no true label or no false label has loss 0. y_true needs
/// two or more columns.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double label_ranking_loss(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("label_ranking_loss", Opts, detail::sample_weight_kind);
  const auto in = detail::ranking_input_of(y_true, y_score, "label_ranking_loss", false);
  const std::size_t n = in.y.rows, L = in.y.cols;
  const double* w = detail::checked_weights(n, opts...);
  std::vector<std::uint32_t> order;
  std::vector<double> loss(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t pos = detail::true_count(in.y, i);
    if (pos == 0 || pos == L) continue;
    std::uint64_t wrong = 0, false_seen = 0;
    detail::walk_row_groups(in, i, order, [&](std::size_t trues, std::size_t all) {
      const std::size_t falses = all - trues;
      false_seen += falses;
      wrong += static_cast<std::uint64_t>(trues) * false_seen; // ties count as wrong
    });
    loss[i] =
        static_cast<double>(wrong) / (static_cast<double>(L - pos) * static_cast<double>(pos));
  }
  return detail::average_losses(loss, w, true);
}

/// Coverage error: for each sample, how many labels are scored at least as
/// high as its lowest-scored true label (how far down the ranking one must
/// go to cover every true label), 0 for a sample with no true label;
/// averaged over samples (weighted by sample_weight). The best value is the
/// mean number of true labels per sample. y_true needs two or more columns.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double coverage_error(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("coverage_error", Opts, detail::sample_weight_kind);
  const auto in = detail::ranking_input_of(y_true, y_score, "coverage_error", false);
  const std::size_t n = in.y.rows, L = in.y.cols;
  const double* w = detail::checked_weights(n, opts...);
  using T = detail::score_of_t<S>;
  std::vector<double> cover(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const T* s = in.s.data() + i * L;
    const std::uint8_t* y = in.y.cells.data() + i * L;
    bool any = false;
    T lowest{};
    for (std::size_t j = 0; j < L; ++j)
      if (y[j] != 0 && (!any || s[j] < lowest)) lowest = s[j], any = true;
    if (!any) continue;
    std::size_t c = 0;
    for (std::size_t j = 0; j < L; ++j) c += s[j] >= lowest;
    cover[i] = static_cast<double>(c);
  }
  return detail::average_losses(cover, w, true);
}

TALLY_NAMESPACE_END

#endif // TALLY_LABEL_RANKING_HPP
// ---- end tally/label_ranking.hpp ----
// ---- begin tally/calibration.hpp ----
#ifndef TALLY_CALIBRATION_HPP
#define TALLY_CALIBRATION_HPP

// Calibration of probabilistic predictions:
//
//   calibration_curve(y_true, y_prob, opts...) -> {prob_true, prob_pred}
//       scikit-learn 1.9 semantics; options pos_label, n_bins (default 5),
//       strategy::uniform (default) / strategy::quantile.
//   calibration_error(y_true, y_prob, opts...) -> double
//       expected (norm l1, l2) or maximum (norm max) calibration error;
//       options n_bins (default 15), strategy, calibration_norm, pos_label,
//       sample_weight.
//
// Bin convention (both functions): bins are closed on the right,
// [e0, e1], (e1, e2], ..., (e_{B-1}, e_B]: a probability equal to an inner
// edge falls in the lower bin (scikit-learn's searchsorted on the inner
// edges). Uniform edges are i * (1 / B) with the last one exactly 1;
// quantile edges are NumPy's linear-interpolation percentiles of y_prob.
// Empty bins are left out of calibration_curve's output and contribute
// nothing to the calibration error.
//
// calibration_error, binary (1-D y_prob): confidence = P(positive), outcome
// = y == pos_label (the reliability-diagram error). Multiclass (n x K
// y_prob, columns in sorted label order): confidence = the largest
// probability of the row, outcome = whether its column (the first one on
// ties) is the true class (top-label calibration error).
//   l1:  sum_b w_b |acc_b - conf_b|           (ECE)
//   l2:  sqrt(sum_b w_b (acc_b - conf_b)^2)
//   max: max_b |acc_b - conf_b|               (MCE), over non-empty bins
// where w_b is the bin's share of the (weighted) samples.


#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {
struct n_bins_kind {};
struct strategy_kind {};
struct calibration_norm_kind {};
} // namespace detail

/// Number of bins (>= 1).
struct n_bins {
  using option_kind = detail::n_bins_kind;
  long long value = 5;
  constexpr explicit n_bins(long long v) noexcept : value(v) {}
};

/// Bin edges: equal widths on [0, 1], or quantiles of the predictions.
enum class strategy { uniform, quantile };

/// Norm of the calibration error.
enum class calibration_norm { l1, l2, max };

namespace detail {
template <>
struct option_kind_of<strategy> {
  using type = strategy_kind;
};
template <>
struct option_kind_of<calibration_norm> {
  using type = calibration_norm_kind;
};
} // namespace detail

/// calibration_curve's result: fraction of positives and mean predicted
/// probability of every non-empty bin.
struct calibration_curve_result {
  std::vector<double> prob_true;
  std::vector<double> prob_pred;
};

namespace detail {

/// NumPy's percentile (method 'linear') of sorted values at q in [0, 1].
inline double percentile_linear(const std::vector<double>& sorted, double q) {
  const std::size_t n = sorted.size();
  const double vi = static_cast<double>(n - 1) * q;
  if (vi >= static_cast<double>(n - 1)) return sorted[n - 1];
  if (vi <= 0) return sorted[0];
  const double lo = std::floor(vi);
  const auto i = static_cast<std::size_t>(lo);
  const double t = vi - lo;
  const double a = sorted[i], b = sorted[i + 1];
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/// Bin edges (B + 1 values) for the options' strategy.
inline std::vector<double> bin_edges(const std::vector<double>& p, std::size_t bins, strategy st) {
  std::vector<double> edges(bins + 1);
  const double step = 1.0 / static_cast<double>(bins);
  if (st == strategy::uniform) {
    for (std::size_t i = 0; i < bins; ++i) edges[i] = static_cast<double>(i) * step + 0.0;
    edges[bins] = 1.0;
  } else {
    std::vector<double> sorted(p);
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i <= bins; ++i) {
      const double frac = i == bins ? 1.0 : static_cast<double>(i) * step;
      const double q = (frac * 100.0) / 100.0;
      edges[i] = percentile_linear(sorted, q);
    }
  }
  return edges;
}

/// Bin of p: the number of inner edges strictly below p.
inline std::size_t bin_of(const std::vector<double>& edges, double p) {
  return static_cast<std::size_t>(std::lower_bound(edges.begin() + 1, edges.end() - 1, p) -
                                  (edges.begin() + 1));
}

template <class... Opts>
std::size_t bins_option(long long fallback, const char* fn, const Opts&... opts) {
  const long long b = get_option<n_bins_kind>(n_bins(fallback), opts...).value;
  if (b < 1)
    throw_invalid_argument(std::string(fn) + ": n_bins must be >= 1, got " + std::to_string(b));
  return static_cast<std::size_t>(b);
}

// Positive flags of a binary y_true for calibration (curve pos_label rule).
template <class Y, class... Opts>
std::vector<std::uint8_t> calibration_flags(const Y& y_true, const char* fn, const Opts&... opts) {
  const auto y = adapt_labels(y_true, "y_true");
  check_not_empty("y_true", y.size());
  if (y.distinct.size() > 2)
    throw_invalid_argument(std::string(fn) + ": only binary y_true is supported, got labels " +
                           labels_text(y.distinct));
  std::vector<std::uint8_t> flags(y.size());
  if constexpr (has_option_v<pos_label_kind, Opts...>) {
    const auto& pos = get_option<pos_label_kind>(0, opts...).value;
    for (std::size_t i = 0; i < y.size(); ++i)
      flags[i] = static_cast<std::uint8_t>(same_label(y.values[i], pos));
  } else {
    const auto pos = default_curve_pos_label(y.distinct, fn);
    for (std::size_t i = 0; i < y.size(); ++i)
      flags[i] = static_cast<std::uint8_t>(y.values[i] == pos);
  }
  return flags;
}

struct bin_totals {
  std::vector<double> sum_prob, sum_true, weight;
};

inline bin_totals fill_bins(const std::vector<double>& edges, const std::vector<double>& p,
                            const std::vector<std::uint8_t>& outcome, const double* w) {
  const std::size_t bins = edges.size() - 1;
  bin_totals b{std::vector<double>(bins, 0.0), std::vector<double>(bins, 0.0),
               std::vector<double>(bins, 0.0)};
  for (std::size_t i = 0; i < p.size(); ++i) {
    const std::size_t j = bin_of(edges, p[i]);
    const double wi = w ? w[i] : 1.0;
    b.sum_prob[j] += w ? wi * p[i] : p[i];
    b.sum_true[j] += outcome[i] ? wi : 0.0;
    b.weight[j] += wi;
  }
  return b;
}

} // namespace detail

/// Calibration curve (reliability diagram) of a binary classifier.
/// Options: pos_label (default: 1 for {0,1} / {-1,1} targets), n_bins
/// (default 5), strategy (default uniform).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] calibration_curve_result calibration_curve(const Y& y_true, const S& y_prob,
                                                         const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("calibration_curve", Opts, detail::pos_label_kind, detail::n_bins_kind,
                             detail::strategy_kind);
  constexpr const char* fn = "calibration_curve";
  auto s = detail::adapt_scores(y_prob, "y_prob");
  if (s.is_2d() && s.cols() != 1)
    detail::throw_invalid_argument("calibration_curve: y_prob must be 1-D, got n x " +
                                   std::to_string(s.cols()));
  const auto flags = detail::calibration_flags(y_true, fn, opts...);
  detail::check_same_length("y_true", flags.size(), "y_prob", s.rows());
  detail::check_probabilities("y_prob", s.data(), s.size());
  const std::size_t bins = detail::bins_option(5, fn, opts...);
  const strategy st = detail::get_option<detail::strategy_kind>(strategy::uniform, opts...);
  std::vector<double> p(s.data(), s.data() + s.size());
  const auto edges = detail::bin_edges(p, bins, st);
  const detail::bin_totals b = detail::fill_bins(edges, p, flags, nullptr);
  calibration_curve_result r;
  for (std::size_t j = 0; j < bins; ++j) {
    if (b.weight[j] == 0) continue;
    r.prob_true.push_back(b.sum_true[j] / b.weight[j]);
    r.prob_pred.push_back(b.sum_prob[j] / b.weight[j]);
  }
  return r;
}

/// Expected (l1, l2) or maximum (max) calibration error; see the header
/// comment for the definitions and the bin convention. Options: n_bins
/// (default 15), strategy (default uniform), calibration_norm (default l1),
/// pos_label (binary), labels (multiclass: the class of each column),
/// sample_weight.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double calibration_error(const Y& y_true, const S& y_prob, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("calibration_error", Opts, detail::pos_label_kind, detail::n_bins_kind,
                             detail::strategy_kind, detail::calibration_norm_kind,
                             detail::labels_kind, detail::sample_weight_kind);
  constexpr const char* fn = "calibration_error";
  auto s = detail::adapt_scores(y_prob, "y_prob");
  detail::check_probabilities("y_prob", s.data(), s.size());
  std::vector<double> conf;
  std::vector<std::uint8_t> outcome;
  if (!s.is_2d() || s.cols() == 1) {
    outcome = detail::calibration_flags(y_true, fn, opts...);
    detail::check_same_length("y_true", outcome.size(), "y_prob", s.rows());
    conf.assign(s.data(), s.data() + s.size());
  } else {
    using K = detail::label_key_t<Y>;
    const auto y = detail::adapt_labels(y_true, "y_true");
    detail::check_same_length("y_true", y.size(), "y_prob", s.rows());
    detail::check_not_empty("y_true", y.size());
    std::vector<K> classes = y.distinct;
    if constexpr (detail::has_option_v<detail::labels_kind, Opts...>)
      classes =
          detail::labels_as_keys<K>(detail::get_option<detail::labels_kind>(0, opts...).values, fn);
    if (classes.size() != s.cols())
      detail::throw_invalid_argument("calibration_error: y_prob has " + std::to_string(s.cols()) +
                                     " columns but there are " + std::to_string(classes.size()) +
                                     " classes " + detail::labels_text(classes));
    conf.resize(y.size());
    outcome.resize(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
      std::size_t best = 0;
      for (std::size_t j = 1; j < s.cols(); ++j)
        if (s(i, j) > s(i, best)) best = j;
      conf[i] = static_cast<double>(s(i, best));
      auto it = std::lower_bound(classes.begin(), classes.end(), y.values[i]);
      if (it == classes.end() || !(*it == y.values[i]))
        detail::throw_invalid_argument("calibration_error: y_true contains " +
                                       detail::to_text(y.values[i]) + ", which is not in labels " +
                                       detail::labels_text(classes));
      outcome[i] =
          static_cast<std::uint8_t>(static_cast<std::size_t>(it - classes.begin()) == best);
    }
  }
  const double* w = detail::checked_weights(conf.size(), opts...);
  const std::size_t bins = detail::bins_option(15, fn, opts...);
  const strategy st = detail::get_option<detail::strategy_kind>(strategy::uniform, opts...);
  const calibration_norm norm =
      detail::get_option<detail::calibration_norm_kind>(calibration_norm::l1, opts...);
  const auto edges = detail::bin_edges(conf, bins, st);
  const detail::bin_totals b = detail::fill_bins(edges, conf, outcome, w);
  double total = 0;
  for (double x : b.weight) total += x;
  if (!(total > 0)) detail::throw_invalid_argument("calibration_error: sample_weight sums to zero");
  double acc = 0;
  for (std::size_t j = 0; j < bins; ++j) {
    if (b.weight[j] == 0) continue;
    const double gap = std::fabs(b.sum_true[j] / b.weight[j] - b.sum_prob[j] / b.weight[j]);
    const double share = b.weight[j] / total;
    if (norm == calibration_norm::l1)
      acc += share * gap;
    else if (norm == calibration_norm::l2)
      acc += share * gap * gap;
    else
      acc = (std::max)(acc, gap);
  }
  return norm == calibration_norm::l2 ? std::sqrt(acc) : acc;
}

// fn(first1, last1, first2, last2, options...)
TALLY_DETAIL_ITERATOR_FORM(calibration_curve)
TALLY_DETAIL_ITERATOR_FORM(calibration_error)

TALLY_NAMESPACE_END

#endif // TALLY_CALIBRATION_HPP
// ---- end tally/calibration.hpp ----
// ---- begin tally/intervals.hpp ----
#ifndef TALLY_INTERVALS_HPP
#define TALLY_INTERVALS_HPP

// Uncertainty of classification metrics.
//
//   delong_roc_auc(y_true, y_score, opts...)   ROC AUC with DeLong's variance
//                                              and a normal confidence interval
//   delong_test(y_true, score_a, score_b, ...) paired DeLong test of two
//                                              models scored on the same samples
//   wilson_interval(k, n, level)               Wilson score interval
//   clopper_pearson_interval(k, n, level)      exact (beta) interval
//   accuracy_interval(c, method, level), precision_interval, recall_interval,
//   specificity_interval                       the same for rates of a
//                                              binary confusion matrix
//
// DeLong et al. (1988), computed with placement values: for a positive x,
// V10(x) = (#negatives below x + 1/2 #negatives tied with x) / n_neg; for a
// negative y, V01(y) = (#positives above y + 1/2 #tied) / n_pos. AUC =
// mean V10 = mean V01; Var(AUC) = s10^2 / n_pos + s01^2 / n_neg with sample
// variances (denominator count - 1). The interval is AUC -/+ z sd, clipped to
// [0, 1]; it needs at least two samples of each class (else NaN). The paired
// test uses the 2 x 2 covariances of the placement values of both models:
// z = (AUC_a - AUC_b) / sd(AUC_a - AUC_b), two-sided p = erfc(|z| / sqrt 2).
// Sample weights are not supported here.


#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {
struct confidence_level_kind {};
} // namespace detail

/// Two-sided confidence level of an interval, in (0, 1) (default 0.95).
struct confidence_level {
  using option_kind = detail::confidence_level_kind;
  double value = 0.95;
  constexpr explicit confidence_level(double v) noexcept : value(v) {}
};

/// How a binomial proportion's interval is computed.
enum class interval_method { wilson, clopper_pearson };

/// A closed interval [lower, upper].
struct interval {
  double lower = 0;
  double upper = 0;
};

/// delong_roc_auc's result.
struct delong_result {
  double auc = 0;
  double variance = 0;  ///< DeLong variance of the AUC
  double std_error = 0; ///< its square root
  double lower = 0;     ///< confidence interval, clipped to [0, 1]
  double upper = 0;
};

/// delong_test's result.
struct delong_test_result {
  double auc_a = 0;
  double auc_b = 0;
  double difference = 0; ///< auc_a - auc_b
  double variance = 0;   ///< variance of the difference
  double z = 0;
  double p_value = 0; ///< two-sided
  double lower = 0;   ///< confidence interval of the difference
  double upper = 0;
};

namespace detail {

inline void check_level(double level) {
  if (!(level > 0.0 && level < 1.0))
    throw_invalid_argument("confidence_level must be in (0, 1), got " + to_text(level));
}

/// Standard normal quantile: Acklam's rational approximation refined by one
/// Halley step on erfc (close to full double precision).
inline double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) {
    if (p == 0.0) return -std::numeric_limits<double>::infinity();
    if (p == 1.0) return std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double plow = 0.02425;
  double x;
  if (p < plow) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double sqrt2pi = 2.5066282746310002;
  for (int it = 0; it < 2; ++it) {
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = e * sqrt2pi * std::exp(x * x / 2);
    x = x - u / (1 + x * u / 2);
  }
  return x;
}

// Continued fraction of the regularized incomplete beta (modified Lentz).
inline double beta_cf(double a, double b, double x) {
  const double tiny = 1e-300;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double dm = static_cast<double>(m);
    const double m2 = 2 * dm;
    double aa = dm * (b - dm) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < 1e-16) break;
  }
  return h;
}

/// Regularized incomplete beta function I_x(a, b), a, b > 0.
inline double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double lfront =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return std::exp(lfront) * beta_cf(a, b, x) / a;
  return 1 - std::exp(lfront) * beta_cf(b, a, 1 - x) / b;
}

/// Quantile of the Beta(a, b) distribution (bisection to full precision).
inline double beta_quantile(double p, double a, double b) {
  double lo = 0, hi = 1;
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (incomplete_beta(a, b, mid) < p)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

inline void check_proportion(double k, double n) {
  if (!(n >= 0) || !(k >= 0) || k > n || !std::isfinite(n))
    throw_invalid_argument("a proportion needs 0 <= successes <= trials, got successes " +
                           to_text(k) + ", trials " + to_text(n));
}

// Sample covariance (denominator count - 1) of two equally long arrays.
inline double sample_cov(const std::vector<double>& u, const std::vector<double>& v) {
  const std::size_t n = u.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  double mu = 0, mv = 0;
  for (std::size_t i = 0; i < n; ++i) mu += u[i], mv += v[i];
  mu /= static_cast<double>(n);
  mv /= static_cast<double>(n);
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += (u[i] - mu) * (v[i] - mv);
  return s / static_cast<double>(n - 1);
}

// Placement values of one model: V10 for the positives, V01 for the negatives.
struct placements {
  std::vector<double> v10, v01;
  double auc = 0;
};

template <class T>
placements delong_placements(const T* s, const std::vector<std::uint8_t>& y) {
  std::vector<double> pos, neg;
  for (std::size_t i = 0; i < y.size(); ++i)
    (y[i] ? pos : neg).push_back(static_cast<double>(s[i]));
  std::vector<double> sp(pos), sn(neg);
  std::sort(sp.begin(), sp.end());
  std::sort(sn.begin(), sn.end());
  placements pl;
  const double m = static_cast<double>(pos.size()), n = static_cast<double>(neg.size());
  for (double x : pos) {
    const auto below = std::lower_bound(sn.begin(), sn.end(), x) - sn.begin();
    const auto upto = std::upper_bound(sn.begin(), sn.end(), x) - sn.begin();
    pl.v10.push_back((static_cast<double>(below) + 0.5 * static_cast<double>(upto - below)) / n);
  }
  for (double x : neg) {
    const auto below = std::lower_bound(sp.begin(), sp.end(), x) - sp.begin();
    const auto upto = std::upper_bound(sp.begin(), sp.end(), x) - sp.begin();
    const double above = static_cast<double>(sp.end() - sp.begin() - upto);
    pl.v01.push_back((above + 0.5 * static_cast<double>(upto - below)) / m);
  }
  double sum = 0;
  for (double v : pl.v10) sum += v;
  pl.auc = sum / m;
  return pl;
}

// Positive flags: pos_label if given, else the greater of two labels.
template <class Y, class... Opts>
std::vector<std::uint8_t> delong_flags(const Y& y_true, const char* fn, const Opts&... opts) {
  const auto y = adapt_labels(y_true, "y_true");
  check_not_empty("y_true", y.size());
  if (y.distinct.size() != 2)
    throw_invalid_argument(std::string(fn) + ": y_true must hold exactly two classes, got " +
                           labels_text(y.distinct));
  std::vector<std::uint8_t> f(y.size());
  if constexpr (has_option_v<pos_label_kind, Opts...>) {
    const auto& pos = get_option<pos_label_kind>(0, opts...).value;
    for (std::size_t i = 0; i < y.size(); ++i)
      f[i] = static_cast<std::uint8_t>(same_label(y.values[i], pos));
  } else {
    for (std::size_t i = 0; i < y.size(); ++i)
      f[i] = static_cast<std::uint8_t>(y.values[i] == y.distinct[1]);
  }
  return f;
}

inline interval normal_interval(double center, double variance, double level, double lo,
                                double hi) {
  if (std::isnan(variance) || std::isnan(center))
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  const double z = normal_quantile(0.5 + level / 2);
  const double sd = std::sqrt(variance);
  return {(std::max)(lo, center - z * sd), (std::min)(hi, center + z * sd)};
}

} // namespace detail

/// Wilson score interval of a binomial proportion k / n at the given
/// two-sided confidence level. n == 0 gives [NaN, NaN].
[[nodiscard]] inline interval wilson_interval(double successes, double trials,
                                              double level = 0.95) {
  detail::check_level(level);
  detail::check_proportion(successes, trials);
  if (trials == 0)
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  const double z = detail::normal_quantile(0.5 + level / 2);
  const double p = successes / trials, z2 = z * z;
  const double den = 1 + z2 / trials;
  const double center = (p + z2 / (2 * trials)) / den;
  const double half = z / den * std::sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials));
  return {(std::max)(0.0, center - half), (std::min)(1.0, center + half)};
}

/// Clopper-Pearson ("exact") interval: beta quantiles, 0 / 1 at the ends.
/// n == 0 gives [NaN, NaN].
[[nodiscard]] inline interval clopper_pearson_interval(double successes, double trials,
                                                       double level = 0.95) {
  detail::check_level(level);
  detail::check_proportion(successes, trials);
  if (trials == 0)
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  const double alpha = 1 - level;
  const double lo =
      successes == 0 ? 0.0 : detail::beta_quantile(alpha / 2, successes, trials - successes + 1);
  const double hi = successes == trials
                        ? 1.0
                        : detail::beta_quantile(1 - alpha / 2, successes + 1, trials - successes);
  return {lo, hi};
}

/// Interval of a proportion by the chosen method.
[[nodiscard]] inline interval proportion_interval(double successes, double trials,
                                                  interval_method method = interval_method::wilson,
                                                  double level = 0.95) {
  return method == interval_method::wilson ? wilson_interval(successes, trials, level)
                                           : clopper_pearson_interval(successes, trials, level);
}

/// Accuracy (tp + tn) / total.
template <class T>
[[nodiscard]] interval accuracy_interval(const binary_counts<T>& c,
                                         interval_method method = interval_method::wilson,
                                         double level = 0.95) {
  return proportion_interval(static_cast<double>(c.tp + c.tn), static_cast<double>(c.total()),
                             method, level);
}
/// Precision tp / (tp + fp).
template <class T>
[[nodiscard]] interval precision_interval(const binary_counts<T>& c,
                                          interval_method method = interval_method::wilson,
                                          double level = 0.95) {
  return proportion_interval(static_cast<double>(c.tp), static_cast<double>(c.tp + c.fp), method,
                             level);
}
/// Recall (sensitivity) tp / (tp + fn).
template <class T>
[[nodiscard]] interval recall_interval(const binary_counts<T>& c,
                                       interval_method method = interval_method::wilson,
                                       double level = 0.95) {
  return proportion_interval(static_cast<double>(c.tp), static_cast<double>(c.tp + c.fn), method,
                             level);
}
/// Specificity tn / (tn + fp).
template <class T>
[[nodiscard]] interval specificity_interval(const binary_counts<T>& c,
                                            interval_method method = interval_method::wilson,
                                            double level = 0.95) {
  return proportion_interval(static_cast<double>(c.tn), static_cast<double>(c.tn + c.fp), method,
                             level);
}

/// Binary ROC AUC with DeLong's variance and confidence interval. The
/// positive class is pos_label if given, else the greater label. Options:
/// pos_label, confidence_level (default 0.95).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] delong_result delong_roc_auc(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("delong_roc_auc", Opts, detail::pos_label_kind,
                             detail::confidence_level_kind);
  const double level =
      detail::get_option<detail::confidence_level_kind>(confidence_level(0.95), opts...).value;
  detail::check_level(level);
  const auto flags = detail::delong_flags(y_true, "delong_roc_auc", opts...);
  auto s = detail::adapt_scores(y_score, "y_score");
  detail::check_same_length("y_true", flags.size(), "y_score", s.size());
  detail::check_finite("y_score", s.data(), s.size());
  const detail::placements pl = detail::delong_placements(s.data(), flags);
  delong_result r;
  r.auc = pl.auc;
  r.variance = detail::sample_cov(pl.v10, pl.v10) / static_cast<double>(pl.v10.size()) +
               detail::sample_cov(pl.v01, pl.v01) / static_cast<double>(pl.v01.size());
  r.std_error = std::sqrt(r.variance);
  const interval ci = detail::normal_interval(r.auc, r.variance, level, 0.0, 1.0);
  r.lower = ci.lower;
  r.upper = ci.upper;
  return r;
}

/// Paired DeLong test of H0: AUC_a == AUC_b for two score vectors of the
/// same samples. Options: pos_label, confidence_level (for the interval of
/// the difference, not clipped).
template <class Y, class SA, class SB, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] delong_test_result delong_test(const Y& y_true, const SA& score_a, const SB& score_b,
                                             const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("delong_test", Opts, detail::pos_label_kind,
                             detail::confidence_level_kind);
  const double level =
      detail::get_option<detail::confidence_level_kind>(confidence_level(0.95), opts...).value;
  detail::check_level(level);
  const auto flags = detail::delong_flags(y_true, "delong_test", opts...);
  auto a = detail::adapt_scores(score_a, "score_a");
  auto b = detail::adapt_scores(score_b, "score_b");
  detail::check_same_length("y_true", flags.size(), "score_a", a.size());
  detail::check_same_length("y_true", flags.size(), "score_b", b.size());
  detail::check_finite("score_a", a.data(), a.size());
  detail::check_finite("score_b", b.data(), b.size());
  const detail::placements pa = detail::delong_placements(a.data(), flags);
  const detail::placements pb = detail::delong_placements(b.data(), flags);
  const double m = static_cast<double>(pa.v10.size()), n = static_cast<double>(pa.v01.size());
  const double var10 = detail::sample_cov(pa.v10, pa.v10) + detail::sample_cov(pb.v10, pb.v10) -
                       2 * detail::sample_cov(pa.v10, pb.v10);
  const double var01 = detail::sample_cov(pa.v01, pa.v01) + detail::sample_cov(pb.v01, pb.v01) -
                       2 * detail::sample_cov(pa.v01, pb.v01);
  delong_test_result r;
  r.auc_a = pa.auc;
  r.auc_b = pb.auc;
  r.difference = pa.auc - pb.auc;
  r.variance = var10 / m + var01 / n;
  if (r.variance > 0) {
    r.z = r.difference / std::sqrt(r.variance);
    r.p_value = std::erfc(std::fabs(r.z) / std::sqrt(2.0));
  } else {
    // identical placements: no evidence of a difference
    r.z = r.difference == 0 ? 0.0 : std::numeric_limits<double>::quiet_NaN();
    r.p_value = r.difference == 0 ? 1.0 : std::numeric_limits<double>::quiet_NaN();
  }
  const interval ci =
      detail::normal_interval(r.difference, (std::max)(0.0, r.variance), level, -1.0, 1.0);
  r.lower = ci.lower;
  r.upper = ci.upper;
  return r;
}

// fn(first1, last1, first2, last2, options...)
TALLY_DETAIL_ITERATOR_FORM(delong_roc_auc)

/// delong_test(first_true, last_true, first_a, last_a, first_b, last_b,
/// options...)
template <class It1, class S1, class ItA, class SA, class ItB, class SB, class... Opts,
          std::enable_if_t<detail::is_iterator_v<It1> && detail::is_iterator_v<ItA> &&
                               detail::is_iterator_v<ItB>,
                           int> = 0>
[[nodiscard]] delong_test_result delong_test(It1 first_true, S1 last_true, ItA first_a, SA last_a,
                                             ItB first_b, SB last_b, const Opts&... opts) {
  return delong_test(detail::make_subrange(first_true, last_true),
                     detail::make_subrange(first_a, last_a), detail::make_subrange(first_b, last_b),
                     opts...);
}

TALLY_NAMESPACE_END

#endif // TALLY_INTERVALS_HPP
// ---- end tally/intervals.hpp ----
// ---- begin tally/accumulators.hpp ----
#ifndef TALLY_ACCUMULATORS_HPP
#define TALLY_ACCUMULATORS_HPP

// Streaming accumulators: count structures that outlive one call.
//
//   binary_accumulator<T, Label>         tp, fp, fn, tn for one positive label
//   matrix_accumulator<Label, T>         a K x K confusion matrix with its labels
//   multilabel_accumulator<T>            per-label counts of an indicator matrix
//   curve_accumulator<T, Label>          exact score table: ROC AUC, average precision
//   binned_curve_accumulator<T, Label>   fixed threshold grid, constant memory
//
// Every accumulator has update(y_true, y_pred[, weights]) from any range,
// merge(other) and +=, reset(), empty_like(), and reads metrics at any time
// from its current state. Counts are exact: an accumulator fed a data set in
// any number of batches, or merged from shards counted separately, holds the
// same counts as one count of the whole data set, so its metrics equal the
// one-shot functions' (bit for bit for unweighted counts; weighted sums may
// differ in the last bits because floating-point addition is not
// associative). parallel_update() counts one large range on several threads.
//
// T is std::uint64_t (plain counts) or double (weighted counts; update then
// also takes a range of per-sample weights, and without one every sample
// weighs 1).


#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {

struct accumulator_access; // defined in tally/serialize.hpp (byte form, MPI reduction)

template <class T>
inline constexpr bool is_count_type_v =
    std::is_same_v<T, std::uint64_t> || std::is_same_v<T, double>;

template <class R>
bool range_is_empty(const R& r) {
  return !(adl_begin(r) != adl_end(r));
}

template <class R>
std::size_t range_length(const R& r) {
  if constexpr (is_contiguous_v<const R>) {
    return static_cast<std::size_t>(std::size(r));
  } else {
    std::size_t n = 0;
    for (auto it = adl_begin(r); it != adl_end(r); ++it) ++n;
    return n;
  }
}

// Weights as a checked pointer of length n (viewed when contiguous double,
// copied into `copy` otherwise).
template <class W>
const double* weights_view(const W& weights, std::size_t n, std::vector<double>& copy) {
  using V = range_value_t<const W>;
  static_assert(std::is_arithmetic_v<V>, "tally: weights must be numbers");
  const double* w = nullptr;
  std::size_t nw = 0;
  if constexpr (is_contiguous_v<const W> && std::is_same_v<V, double>) {
    w = std::data(weights);
    nw = static_cast<std::size_t>(std::size(weights));
  } else {
    copy.clear();
    for (const auto& v : weights) copy.push_back(static_cast<double>(v));
    w = copy.data();
    nw = copy.size();
  }
  check_weights(w, nw, n);
  return w;
}

// A stored label converted from/to a comparison key.
template <class Label, class K>
Label label_from_key(const K& k) {
  if constexpr (std::is_same_v<K, std::string_view>) {
    static_assert(std::is_same_v<Label, std::string>,
                  "tally: string labels need an accumulator whose Label is std::string");
    return Label(k);
  } else {
    static_assert(!std::is_same_v<Label, std::string>,
                  "tally: an accumulator of std::string labels was given non-string labels");
    const Label l = static_cast<Label>(k);
    if (static_cast<K>(l) != k)
      throw_invalid_argument("label " + to_text(k) +
                             " cannot be represented in the accumulator's label type");
    return l;
  }
}

template <class K, class Label>
K key_from_label(const Label& l) {
  if constexpr (std::is_same_v<K, std::string_view>)
    return std::string_view(l);
  else
    return static_cast<K>(l);
}

// The default positive label: 1 for numbers; strings have none.
template <class Label>
Label default_pos_label() {
  if constexpr (std::is_same_v<Label, std::string>)
    return std::string();
  else
    return static_cast<Label>(1);
}

// ------------------------------------------------------- score run table --

/// Distinct scores in decreasing order with the positive and negative count
/// (or weight) at each: the exact sufficient statistic of every curve.
template <class T>
struct score_table {
  std::vector<double> score;
  std::vector<T> pos, neg;
  [[nodiscard]] std::size_t size() const noexcept { return score.size(); }
  void clear() noexcept {
    score.clear();
    pos.clear();
    neg.clear();
  }
  void push(double s, T p, T n) {
    score.push_back(s);
    pos.push_back(p);
    neg.push_back(n);
  }
};

// Sorted merge of two tables; equal scores add up.
template <class T>
score_table<T> merge_tables(const score_table<T>& a, const score_table<T>& b) {
  score_table<T> out;
  out.score.reserve(a.size() + b.size());
  out.pos.reserve(a.size() + b.size());
  out.neg.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a.score[i] > b.score[j]) {
      out.push(a.score[i], a.pos[i], a.neg[i]);
      ++i;
    } else if (b.score[j] > a.score[i]) {
      out.push(b.score[j], b.pos[j], b.neg[j]);
      ++j;
    } else {
      out.push(a.score[i], a.pos[i] + b.pos[j], a.neg[i] + b.neg[j]);
      ++i, ++j;
    }
  }
  for (; i < a.size(); ++i) out.push(a.score[i], a.pos[i], a.neg[i]);
  for (; j < b.size(); ++j) out.push(b.score[j], b.pos[j], b.neg[j]);
  return out;
}

// Samples not yet in a table: descending score keys of the positives and of
// the negatives (with their weights when weighted), unsorted.
template <class T>
struct pending_samples {
  std::vector<std::uint64_t> pos, neg;
  std::vector<double> pos_w, neg_w; // weighted accumulators only
  [[nodiscard]] std::size_t size() const noexcept { return pos.size() + neg.size(); }
  void clear() noexcept {
    pos.clear();
    neg.clear();
    pos_w.clear();
    neg_w.clear();
  }
  void truncate(std::size_t np, std::size_t nn) {
    pos.resize(np);
    neg.resize(nn);
    if constexpr (std::is_same_v<T, double>) {
      pos_w.resize(np);
      neg_w.resize(nn);
    }
  }
};

// The run table of pending samples (sorted here; the pending arrays are
// reordered).
template <class T>
score_table<T> runs_of(pending_samples<T>& p) {
  using K = std::uint64_t;
  const std::size_t np = p.pos.size(), nn = p.neg.size();
  if constexpr (std::is_same_v<T, double>) {
    std::vector<K> ks;
    std::vector<double> vs;
    radix_sort(p.pos.data(), p.pos_w.data(), np, ks, vs);
    radix_sort(p.neg.data(), p.neg_w.data(), nn, ks, vs);
  } else {
    std::vector<K> scratch;
    radix_sort(p.pos.data(), np, scratch);
    radix_sort(p.neg.data(), nn, scratch);
  }
  const K* pk = p.pos.data();
  const K* nk = p.neg.data();
  score_table<T> t;
  t.score.reserve(np + nn);
  t.pos.reserve(np + nn);
  t.neg.reserve(np + nn);
  std::size_t i = 0, j = 0;
  while (i < np || j < nn) {
    const K k = i == np ? nk[j] : j == nn ? pk[i] : (std::min)(pk[i], nk[j]);
    T a{}, b{};
    if constexpr (std::is_same_v<T, double>) {
      for (; i < np && pk[i] == k; ++i) a += p.pos_w[i];
      for (; j < nn && nk[j] == k; ++j) b += p.neg_w[j];
    } else {
      const std::size_t i0 = i, j0 = j;
      while (i < np && pk[i] == k) ++i;
      while (j < nn && nk[j] == k) ++j;
      a = i - i0;
      b = j - j0;
    }
    t.push(from_descending_key<double>(k), a, b);
  }
  return t;
}

// Whether a y_true element is the positive label.
template <class Label, class V>
bool is_positive(const V& v, const Label& pos) {
  const auto key = to_key(v);
  if constexpr (is_string_like_v<V>) {
    static_assert(std::is_same_v<Label, std::string>,
                  "tally: string labels need a std::string positive label");
    return key == std::string_view(pos);
  } else {
    static_assert(!std::is_same_v<Label, std::string>,
                  "tally: numeric labels need a numeric positive label");
    if constexpr (std::is_floating_point_v<V> || std::is_floating_point_v<Label>)
      return static_cast<double>(key) == static_cast<double>(pos);
    else if constexpr (std::is_enum_v<V>)
      return key == static_cast<V>(pos);
    else
      return static_cast<long double>(key) == static_cast<long double>(pos) &&
             key == static_cast<V>(pos);
  }
}

// Appends (y_true, y_score[, w]) to pending samples; on any error the
// pending samples are restored and the error rethrown.
template <class T, class Label, class R1, class R2>
void append_scored(pending_samples<T>& p, const Label& pos, const R1& y_true, const R2& y_score,
                   const double* w, std::size_t nw) {
  using V = range_value_t<const R2>;
  static_assert(std::is_arithmetic_v<V>, "tally: y_score must be a range of numbers");
  const std::size_t np = p.pos.size(), nn = p.neg.size();
  auto fail = [&](const std::string& message) {
    p.truncate(np, nn);
    throw_invalid_argument(message);
  };
  auto t = adl_begin(y_true);
  const auto te = adl_end(y_true);
  auto s = adl_begin(y_score);
  const auto se = adl_end(y_score);
  std::size_t i = 0;
  for (; t != te && s != se; ++t, ++s, ++i) {
    const double x = static_cast<double>(*s);
    if (TALLY_UNLIKELY(!std::isfinite(x)))
      fail("y_score contains a non-finite value (" + to_text(x) + " at index " + std::to_string(i) +
           ")");
    const bool positive = is_positive(*t, pos);
    if constexpr (std::is_same_v<T, double>) {
      const double wi = w ? (i < nw ? w[i] : 0.0) : 1.0;
      if (wi == 0) continue;
      (positive ? p.pos_w : p.neg_w).push_back(wi);
    }
    (positive ? p.pos : p.neg).push_back(descending_key(x));
  }
  if (t != te || s != se) {
    std::size_t more_t = 0, more_s = 0;
    for (; t != te; ++t) ++more_t;
    for (; s != se; ++s) ++more_s;
    fail("y_true has " + std::to_string(i + more_t) + " samples, y_score has " +
         std::to_string(i + more_s));
  }
  if (w && nw != i) {
    p.truncate(np, nn);
    check_same_length("sample_weight", nw, "y_true", i);
  }
}

// ------------------------------------------------- averaged set metrics --

enum class prf_part { precision, recall, fscore };

template <class T>
double prf_value(const binary_counts<T>& c, prf_part part, double b, zero_division z) {
  switch (part) {
  case prf_part::precision:
    return tally::precision(c, z);
  case prf_part::recall:
    return tally::recall(c, z);
  case prf_part::fscore:
  default:
    return tally::fbeta(c, b, z);
  }
}

// One value per label; counts_of(i) gives label i's one-vs-rest counts.
template <class CountsOf>
std::vector<double> per_label_values(std::size_t k, CountsOf&& counts_of, prf_part part, double b,
                                     zero_division z) {
  std::vector<double> v(k);
  for (std::size_t i = 0; i < k; ++i) v[i] = prf_value(counts_of(i), part, b, z);
  return v;
}

// scikit-learn's micro / macro / weighted averages of precision, recall, F.
template <class CountsOf>
double averaged_value(const char* who, std::size_t k, CountsOf&& counts_of, average avg,
                      prf_part part, double b, zero_division z) {
  if (avg == average::micro) {
    decltype(counts_of(std::size_t{0})) sum{};
    for (std::size_t i = 0; i < k; ++i) sum += counts_of(i);
    return prf_value(sum, part, b, z);
  }
  if (avg != average::macro && avg != average::weighted)
    throw_invalid_argument(std::string(who) +
                           ": average must be micro, macro or weighted (per-label values: "
                           "the *_per_label functions; one label's counts: one_vs_rest or "
                           "counts)" +
                           (avg == average::samples ? "; per-sample averages need every row, "
                                                      "which an accumulator does not keep"
                                                    : ""));
  const std::vector<double> v = per_label_values(k, counts_of, part, b, z);
  if (avg == average::macro) return nan_average(v);
  std::vector<double> support(k);
  for (std::size_t i = 0; i < k; ++i)
    support[i] = static_cast<double>(counts_of(i).actual_positive());
  return nan_average(v, &support);
}

template <class T>
void check_count_type() {
  static_assert(is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");
}

template <class T>
void require_weighted() {
  static_assert(std::is_same_v<T, double>,
                "tally: update with weights needs a weighted accumulator (count type double)");
}

// A weighted state keeps its total weight a finite double; weights are
// non-negative, so every count below it is finite too. `have` is the
// state's total, `add` what an update or a merge brings; checked before the
// state changes.
template <class T>
void check_weight_room(const char* where, T have, T add) {
  if constexpr (std::is_same_v<T, double>) {
    if (!(have + add <= (std::numeric_limits<double>::max)()))
      throw_invalid_argument(std::string(where) +
                             ": the total weight would pass the largest double (" + to_text(have) +
                             " accumulated, " + to_text(add) + " more); scale the weights down");
  } else {
    static_cast<void>(where), static_cast<void>(have), static_cast<void>(add);
  }
}

} // namespace detail

// ================================================================ binary ==

/// tp, fp, fn, tn for one positive label (default 1), accumulated over any
/// number of batches. Every label other than the positive one is negative.
template <class T = std::uint64_t, class Label = int>
class binary_accumulator {
  static_assert(detail::is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");

public:
  using count_type = T;
  using label_type = Label;

  binary_accumulator() : pos_(detail::default_pos_label<Label>()) {}
  explicit binary_accumulator(Label positive_label) : pos_(std::move(positive_label)) {}

  /// Adds the samples of a batch (any ranges of labels; empty is a no-op).
  template <class R1, class R2>
  binary_accumulator& update(const R1& y_true, const R2& y_pred) {
    if (detail::range_is_empty(y_true) && detail::range_is_empty(y_pred)) return *this;
    // count_binary's steps, with the kernel's totals added to the state
    // directly (no intermediate binary_counts round trip through memory)
    const auto data = detail::adapt_pair(y_true, y_pred);
    using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
    bool given = false;
    const auto option = tally::pos_label(pos_); // outlives the key (a view for strings)
    const K pos = detail::pos_label_for<K>(given, option);
    const auto r = detail::count_binary(data.y_true.data(), data.y_pred.data(), data.size(), pos);
    add_tally(r);
    return *this;
  }

  /// Adds a batch with per-sample weights (weighted accumulators only).
  template <class R1, class R2, class W>
  binary_accumulator& update(const R1& y_true, const R2& y_pred, const W& weights) {
    detail::require_weighted<T>();
    if (detail::range_is_empty(y_true) && detail::range_is_empty(y_pred) &&
        detail::range_is_empty(weights))
      return *this;
    const auto data = detail::adapt_pair(y_true, y_pred);
    using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
    std::vector<double> copy;
    const double* w = detail::weights_view(weights, data.size(), copy);
    bool given = false;
    const auto option = tally::pos_label(pos_);
    const K pos = detail::pos_label_for<K>(given, option);
    const auto r =
        detail::count_binary_weighted(data.y_true.data(), data.y_pred.data(), w, data.size(), pos);
    detail::check_weight_room<T>("binary_accumulator::update", counts_.total(),
                                 static_cast<T>(r.total));
    add_tally(r);
    return *this;
  }

  /// Adds another accumulator's counts; the positive labels must agree.
  binary_accumulator& merge(const binary_accumulator& other) {
    if (!(other.pos_ == pos_))
      detail::throw_invalid_argument("binary_accumulator::merge: positive labels differ (" +
                                     detail::to_text(pos_) + " and " + detail::to_text(other.pos_) +
                                     ")");
    detail::check_weight_room<T>("binary_accumulator::merge", counts_.total(),
                                 other.counts_.total());
    counts_ += other.counts_;
    return *this;
  }
  binary_accumulator& operator+=(const binary_accumulator& other) { return merge(other); }
  [[nodiscard]] friend binary_accumulator operator+(binary_accumulator a,
                                                    const binary_accumulator& b) {
    return a += b;
  }

  /// Forgets all samples; keeps the positive label.
  void reset() noexcept { counts_ = binary_counts<T>{}; }
  /// An accumulator with the same positive label and no samples.
  [[nodiscard]] binary_accumulator empty_like() const { return binary_accumulator(pos_); }

  [[nodiscard]] const binary_counts<T>& counts() const noexcept { return counts_; }
  [[nodiscard]] const Label& pos_label() const noexcept { return pos_; }
  /// Number (or total weight) of samples seen.
  [[nodiscard]] T total() const noexcept { return counts_.total(); }

  // Metrics of the current counts (tally/metrics.hpp).
  [[nodiscard]] double accuracy(zero_division z = zero_division::warn) const {
    return tally::accuracy(counts_, z);
  }
  [[nodiscard]] double precision(zero_division z = zero_division::warn) const {
    return tally::precision(counts_, z);
  }
  [[nodiscard]] double recall(zero_division z = zero_division::warn) const {
    return tally::recall(counts_, z);
  }
  [[nodiscard]] double specificity(zero_division z = zero_division::warn) const {
    return tally::specificity(counts_, z);
  }
  [[nodiscard]] double npv(zero_division z = zero_division::warn) const {
    return tally::npv(counts_, z);
  }
  [[nodiscard]] double f1(zero_division z = zero_division::warn) const {
    return tally::f1(counts_, z);
  }
  [[nodiscard]] double fbeta(double b, zero_division z = zero_division::warn) const {
    return tally::fbeta(counts_, b, z);
  }
  [[nodiscard]] double jaccard(zero_division z = zero_division::warn) const {
    return tally::jaccard(counts_, z);
  }
  [[nodiscard]] double balanced_accuracy(zero_division z = zero_division::warn) const {
    return tally::balanced_accuracy(counts_, z);
  }
  [[nodiscard]] double mcc() const noexcept { return tally::mcc(counts_); }
  [[nodiscard]] double cohen_kappa(kappa_weights w = kappa_weights::none) const {
    return tally::cohen_kappa(counts_, w);
  }

  [[nodiscard]] friend bool operator==(const binary_accumulator& a, const binary_accumulator& b) {
    return a.pos_ == b.pos_ && a.counts_ == b.counts_;
  }
  [[nodiscard]] friend bool operator!=(const binary_accumulator& a, const binary_accumulator& b) {
    return !(a == b);
  }

private:
  friend struct detail::accumulator_access;

  // Adds a kernel's totals, cell by cell as count_binary derives them.
  template <class R>
  void add_tally(const R& r) noexcept {
    using C = decltype(r.both);
    const C tp = r.both, fp = r.pred_pos - r.both, fn = r.true_pos - r.both;
    const C tn = r.total - tp - fp - fn;
    counts_.tp += static_cast<T>(tp);
    counts_.fp += static_cast<T>(fp);
    counts_.fn += static_cast<T>(fn);
    counts_.tn += static_cast<T>(tn);
  }

  Label pos_;
  binary_counts<T> counts_{};
};

// ============================================================ multiclass ==

/// A K x K confusion matrix (rows true, columns predicted) with its labels,
/// accumulated over batches.
///
/// Two modes, chosen at construction:
///  - growing (default constructor): the labels are the sorted union of every
///    label seen so far, exactly what the one-shot confusion_matrix infers
///    from the whole data; a new label adds a row and a column. Merging two
///    growing accumulators takes the union of their labels.
///  - fixed (constructed with a label list): the labels and their order are
///    declared up front; a sample whose true or predicted label is not
///    declared is an error (std::invalid_argument, and the batch is not
///    counted). Merging requires the same labels in the same order.
/// Merging a fixed accumulator with one whose labels differ is an error.
template <class Label = int, class T = std::uint64_t>
class matrix_accumulator {
  static_assert(detail::is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");
  using key_type = detail::key_t<Label>;

public:
  using count_type = T;
  using label_type = Label;

  /// Growing label set.
  matrix_accumulator() = default;
  /// Fixed label set, in the given order; repeated labels are an error.
  explicit matrix_accumulator(std::vector<Label> label_list)
      : labels_(std::move(label_list)), fixed_(true) {
    check_distinct();
    counts_ = matrix<T>(labels_.size());
  }
  matrix_accumulator(std::initializer_list<Label> label_list)
      : matrix_accumulator(std::vector<Label>(label_list)) {}

  template <class R1, class R2>
  matrix_accumulator& update(const R1& y_true, const R2& y_pred) {
    static_assert(!detail::is_multilabel_v<R1>,
                  "tally: multilabel input goes to multilabel_accumulator");
    if (detail::range_is_empty(y_true) && detail::range_is_empty(y_pred)) return *this;
    if (!fixed_) {
      add_counted(count_matrix(y_true, y_pred)); // the one-shot count, then a merge
      return *this;
    }
    const auto data = detail::adapt_pair(y_true, y_pred);
    count_fixed(data, nullptr);
    return *this;
  }

  template <class R1, class R2, class W>
  matrix_accumulator& update(const R1& y_true, const R2& y_pred, const W& weights) {
    detail::require_weighted<T>();
    if (detail::range_is_empty(y_true) && detail::range_is_empty(y_pred) &&
        detail::range_is_empty(weights))
      return *this;
    const auto data = detail::adapt_pair(y_true, y_pred);
    std::vector<double> copy;
    const double* w = detail::weights_view(weights, data.size(), copy);
    if (!fixed_) {
      // a batch whose weights are all zero adds nothing (count_matrix refuses it)
      if (std::all_of(w, w + data.size(), [](double x) { return x == 0; })) return *this;
      add_counted(count_matrix(y_true, y_pred, tally::sample_weight(w, data.size())));
      return *this;
    }
    count_fixed(data, w);
    return *this;
  }

  matrix_accumulator& merge(const matrix_accumulator& other) {
    if (fixed_ || other.fixed_) {
      if (fixed_ != other.fixed_ && !(fixed_ ? other.is_pristine() : is_pristine()))
        detail::throw_invalid_argument(
            "matrix_accumulator::merge: a fixed label set and a growing one (" +
            detail::labels_text(labels_) + " and " + detail::labels_text(other.labels_) + ")");
      if (!fixed_) {
        *this = other;
        return *this;
      }
      if (other.fixed_ && labels_ != other.labels_)
        detail::throw_invalid_argument("matrix_accumulator::merge: label sets differ (" +
                                       detail::labels_text(labels_) + " and " +
                                       detail::labels_text(other.labels_) + ")");
      if (other.fixed_) {
        check_room("matrix_accumulator::merge", other.counts_);
        counts_ += other.counts_;
      }
      return *this;
    }
    check_room("matrix_accumulator::merge", other.counts_);
    std::vector<std::size_t> where;
    grow(other.labels_, where);
    add_mapped(other.counts_, where);
    return *this;
  }
  matrix_accumulator& operator+=(const matrix_accumulator& other) { return merge(other); }
  [[nodiscard]] friend matrix_accumulator operator+(matrix_accumulator a,
                                                    const matrix_accumulator& b) {
    return a += b;
  }

  /// Forgets all samples. A fixed accumulator keeps its labels; a growing
  /// one forgets them too.
  void reset() {
    if (fixed_) {
      counts_.reset();
    } else {
      labels_.clear();
      counts_ = matrix<T>();
    }
  }
  [[nodiscard]] matrix_accumulator empty_like() const {
    matrix_accumulator a = fixed_ ? matrix_accumulator(labels_) : matrix_accumulator();
    return a;
  }

  [[nodiscard]] bool fixed_labels() const noexcept { return fixed_; }
  [[nodiscard]] const std::vector<Label>& labels() const noexcept { return labels_; }
  [[nodiscard]] std::size_t n_classes() const noexcept { return labels_.size(); }
  [[nodiscard]] const matrix<T>& counts() const noexcept { return counts_; }
  [[nodiscard]] T total() const noexcept { return counts_.total(); }

  /// Index of a label, or -1.
  [[nodiscard]] std::ptrdiff_t index_of(const Label& l) const noexcept {
    for (std::size_t i = 0; i < labels_.size(); ++i)
      if (labels_[i] == l) return static_cast<std::ptrdiff_t>(i);
    return -1;
  }
  /// One-vs-rest counts of a label (std::out_of_range when unknown).
  [[nodiscard]] binary_counts<T> one_vs_rest(const Label& l) const {
    const std::ptrdiff_t i = index_of(l);
    if (i < 0)
      detail::throw_out_of_range("matrix_accumulator: label " + detail::to_text(l) +
                                 " is not among " + detail::labels_text(labels_));
    return counts_.one_vs_rest(static_cast<std::size_t>(i));
  }

  [[nodiscard]] double accuracy(zero_division z = zero_division::warn) const {
    return tally::accuracy(counts_, z);
  }
  [[nodiscard]] double mcc() const { return tally::mcc(counts_); }
  [[nodiscard]] double balanced_accuracy(bool adjust = false) const {
    return tally::balanced_accuracy(counts_, adjust);
  }
  [[nodiscard]] double cohen_kappa(kappa_weights w = kappa_weights::none,
                                   double undefined = detail::nan_v) const {
    return tally::cohen_kappa(counts_, w, undefined);
  }

  /// Averaged precision / recall / F (micro, macro or weighted over the
  /// labels), as scikit-learn's precision_score(..., average=...) on the
  /// data seen.
  [[nodiscard]] double precision(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::precision, 1.0, z);
  }
  [[nodiscard]] double recall(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::recall, 1.0, z);
  }
  [[nodiscard]] double f1(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::fscore, 1.0, z);
  }
  [[nodiscard]] double fbeta(double b, average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::fscore, b, z);
  }
  /// Per-label precision / recall / F, in the order of labels().
  [[nodiscard]] std::vector<double>
  precision_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::precision, 1.0, z);
  }
  [[nodiscard]] std::vector<double> recall_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::recall, 1.0, z);
  }
  [[nodiscard]] std::vector<double> f1_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::fscore, 1.0, z);
  }

  [[nodiscard]] friend bool operator==(const matrix_accumulator& a, const matrix_accumulator& b) {
    return a.fixed_ == b.fixed_ && a.labels_ == b.labels_ && a.counts_ == b.counts_;
  }
  [[nodiscard]] friend bool operator!=(const matrix_accumulator& a, const matrix_accumulator& b) {
    return !(a == b);
  }

private:
  friend struct detail::accumulator_access;

  [[nodiscard]] bool is_pristine() const noexcept { return !fixed_ && labels_.empty(); }

  void check_distinct() const {
    for (std::size_t i = 0; i < labels_.size(); ++i)
      for (std::size_t j = i + 1; j < labels_.size(); ++j)
        if (labels_[i] == labels_[j])
          detail::throw_invalid_argument("matrix_accumulator: labels contain a repeated label (" +
                                         detail::to_text(labels_[i]) + ")");
  }

  double averaged(average avg, detail::prf_part part, double b, zero_division z) const {
    return detail::averaged_value(
        "matrix_accumulator", counts_.n_classes(),
        [this](std::size_t i) { return counts_.one_vs_rest(i); }, avg, part, b, z);
  }
  std::vector<double> per_label(detail::prf_part part, double b, zero_division z) const {
    return detail::per_label_values(
        counts_.n_classes(), [this](std::size_t i) { return counts_.one_vs_rest(i); }, part, b, z);
  }

  // Grows the label set by `more` (sorted union); where[i] = new index of more[i].
  void grow(const std::vector<Label>& more, std::vector<std::size_t>& where) {
    where.assign(more.size(), 0);
    bool subset = true;
    for (std::size_t i = 0; i < more.size(); ++i) {
      const auto it = std::lower_bound(labels_.begin(), labels_.end(), more[i]);
      if (it == labels_.end() || !(*it == more[i])) {
        subset = false;
        break;
      }
      where[i] = static_cast<std::size_t>(it - labels_.begin());
    }
    if (subset) return;
    std::vector<Label> all;
    all.reserve(labels_.size() + more.size());
    std::set_union(labels_.begin(), labels_.end(), more.begin(), more.end(),
                   std::back_inserter(all));
    matrix<T> bigger(all.size());
    std::vector<std::size_t> old(labels_.size());
    for (std::size_t i = 0; i < labels_.size(); ++i)
      old[i] = static_cast<std::size_t>(std::lower_bound(all.begin(), all.end(), labels_[i]) -
                                        all.begin());
    for (std::size_t i = 0; i < labels_.size(); ++i)
      for (std::size_t j = 0; j < labels_.size(); ++j) bigger(old[i], old[j]) = counts_(i, j);
    labels_ = std::move(all);
    counts_ = std::move(bigger);
    for (std::size_t i = 0; i < more.size(); ++i)
      where[i] = static_cast<std::size_t>(
          std::lower_bound(labels_.begin(), labels_.end(), more[i]) - labels_.begin());
  }

  template <class C>
  void add_mapped(const matrix<C>& m, const std::vector<std::size_t>& where) {
    const std::size_t k = m.n_classes();
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j) counts_(where[i], where[j]) += static_cast<T>(m(i, j));
  }

  template <class K>
  void count_fixed(const detail::label_pair<K>& data, const double* w) {
    const std::size_t n = data.size();
    std::vector<K> keys;
    keys.reserve(labels_.size());
    for (const Label& l : labels_) keys.push_back(detail::key_from_label<K>(l));
    const auto set = detail::label_set<K>::given(std::move(keys));
    matrix<T> m(set.size());
    detail::count_into(data.y_true.data(), data.y_pred.data(), w, n, set, m);
    check_all_counted(data, set, m, w);
    check_room("matrix_accumulator::update", m);
    counts_ += m;
  }

  // Weighted states: the total with `more` added stays a finite double (two
  // O(K^2) sums, skipped for integer counts).
  template <class C>
  void check_room(const char* where, const matrix<C>& more) const {
    if constexpr (std::is_same_v<T, double>)
      detail::check_weight_room<T>(where, counts_.total(), static_cast<T>(more.total()));
    else
      static_cast<void>(where), static_cast<void>(more);
  }

  // Growing mode: adds a labeled matrix counted by count_matrix.
  template <class L, class C>
  void add_counted(const labeled_matrix<L, C>& lm) {
    check_room("matrix_accumulator::update", lm.counts);
    if constexpr (std::is_same_v<L, Label> && std::is_same_v<C, T>) {
      if (lm.labels == labels_) { // the steady state: the same labels again
        counts_ += lm.counts;
        return;
      }
    }
    std::vector<Label> seen;
    seen.reserve(lm.labels.size());
    for (const L& l : lm.labels) seen.push_back(detail::label_from_key<Label>(detail::to_key(l)));
    std::vector<std::size_t> where;
    grow(seen, where);
    add_mapped(lm.counts, where);
  }

  // Fixed mode: every sample's labels must be declared.
  template <class K>
  void check_all_counted(const detail::label_pair<K>& data, const detail::label_set<K>& set,
                         const matrix<T>& m, const double* w) const {
    if (w == nullptr && static_cast<std::size_t>(m.total()) == data.size()) return;
    for (std::size_t i = 0; i < data.size(); ++i) {
      const bool t_ok = set.contains(data.y_true[i]);
      if (t_ok && set.contains(data.y_pred[i])) continue;
      const K bad = t_ok ? data.y_pred[i] : data.y_true[i];
      detail::throw_invalid_argument(
          std::string("matrix_accumulator::update: ") + (t_ok ? "y_pred" : "y_true") +
          " has label " + detail::to_text(bad) + " (index " + std::to_string(i) +
          ") outside the declared labels " + detail::labels_text(labels_));
    }
  }

  std::vector<Label> labels_;
  matrix<T> counts_;
  bool fixed_ = false;
};

// ============================================================ multilabel ==

/// Per-label counts of a multilabel problem (an n x L indicator matrix, as a
/// range of rows or tally::indicator(ptr, rows, cols)), accumulated over
/// batches: scikit-learn's multilabel_confusion_matrix plus the number of
/// exactly matching rows (subset accuracy). The number of labels is fixed by
/// the constructor or by the first non-empty update; a batch of another width
/// is an error.
template <class T = std::uint64_t>
class multilabel_accumulator {
  static_assert(detail::is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");

public:
  using count_type = T;

  multilabel_accumulator() = default;
  explicit multilabel_accumulator(std::size_t label_count) { configure(label_count); }

  template <class R1, class R2>
  multilabel_accumulator& update(const R1& y_true, const R2& y_pred) {
    return update_impl(y_true, y_pred, static_cast<const std::vector<double>*>(nullptr));
  }
  template <class R1, class R2, class W>
  multilabel_accumulator& update(const R1& y_true, const R2& y_pred, const W& weights) {
    detail::require_weighted<T>();
    return update_impl(y_true, y_pred, &weights);
  }

  multilabel_accumulator& merge(const multilabel_accumulator& other) {
    if (!other.configured_) return *this;
    if (!configured_) {
      *this = other;
      return *this;
    }
    if (other.n_labels() != n_labels())
      detail::throw_invalid_argument("multilabel_accumulator::merge: label counts differ (" +
                                     std::to_string(n_labels()) + " and " +
                                     std::to_string(other.n_labels()) + ")");
    detail::check_weight_room<T>("multilabel_accumulator::merge", total_, other.total_);
    for (std::size_t j = 0; j < tp_.size(); ++j) {
      tp_[j] += other.tp_[j];
      pred_[j] += other.pred_[j];
      truth_[j] += other.truth_[j];
    }
    total_ += other.total_;
    exact_ += other.exact_;
    return *this;
  }
  multilabel_accumulator& operator+=(const multilabel_accumulator& other) { return merge(other); }
  [[nodiscard]] friend multilabel_accumulator operator+(multilabel_accumulator a,
                                                        const multilabel_accumulator& b) {
    return a += b;
  }

  /// Forgets all samples; keeps the number of labels.
  void reset() noexcept {
    std::fill(tp_.begin(), tp_.end(), T{});
    std::fill(pred_.begin(), pred_.end(), T{});
    std::fill(truth_.begin(), truth_.end(), T{});
    total_ = T{};
    exact_ = T{};
  }
  [[nodiscard]] multilabel_accumulator empty_like() const {
    return configured_ ? multilabel_accumulator(n_labels()) : multilabel_accumulator();
  }

  [[nodiscard]] bool configured() const noexcept { return configured_; }
  [[nodiscard]] std::size_t n_labels() const noexcept { return tp_.size(); }
  /// Number (or weight) of samples (rows) seen.
  [[nodiscard]] T total() const noexcept { return total_; }
  /// Number (or weight) of rows predicted exactly.
  [[nodiscard]] T exact_matches() const noexcept { return exact_; }
  /// One-vs-rest counts of label (column) j.
  [[nodiscard]] binary_counts<T> counts(std::size_t j) const {
    if (j >= n_labels())
      detail::throw_out_of_range("multilabel_accumulator: label " + std::to_string(j) +
                                 " outside [0, " + std::to_string(n_labels()) + ")");
    binary_counts<T> c;
    c.tp = tp_[j];
    c.fp = pred_[j] - tp_[j];
    c.fn = truth_[j] - tp_[j];
    c.tn = total_ - c.tp - c.fp - c.fn;
    return c;
  }
  /// Counts summed over labels (micro).
  [[nodiscard]] binary_counts<T> micro_counts() const noexcept {
    binary_counts<T> s;
    for (std::size_t j = 0; j < n_labels(); ++j) {
      s.tp += tp_[j];
      s.fp += pred_[j] - tp_[j];
      s.fn += truth_[j] - tp_[j];
      s.tn += total_ - tp_[j] - (pred_[j] - tp_[j]) - (truth_[j] - tp_[j]);
    }
    return s;
  }

  /// accuracy_score on multilabel data: the share of rows predicted exactly.
  [[nodiscard]] double subset_accuracy(zero_division z = zero_division::warn) const {
    return detail::ratio(static_cast<double>(exact_), static_cast<double>(total_), z,
                         "subset accuracy");
  }
  /// hamming_loss: the share of wrong cells.
  [[nodiscard]] double hamming_loss(zero_division z = zero_division::warn) const {
    const binary_counts<T> m = micro_counts();
    return detail::ratio(static_cast<double>(m.fp) + static_cast<double>(m.fn),
                         static_cast<double>(total_) * static_cast<double>(n_labels()), z,
                         "hamming loss");
  }
  [[nodiscard]] double precision(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::precision, 1.0, z);
  }
  [[nodiscard]] double recall(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::recall, 1.0, z);
  }
  [[nodiscard]] double f1(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::fscore, 1.0, z);
  }
  [[nodiscard]] double fbeta(double b, average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::fscore, b, z);
  }
  [[nodiscard]] std::vector<double>
  precision_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::precision, 1.0, z);
  }
  [[nodiscard]] std::vector<double> recall_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::recall, 1.0, z);
  }
  [[nodiscard]] std::vector<double> f1_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::fscore, 1.0, z);
  }

  [[nodiscard]] friend bool operator==(const multilabel_accumulator& a,
                                       const multilabel_accumulator& b) {
    return a.configured_ == b.configured_ && a.tp_ == b.tp_ && a.pred_ == b.pred_ &&
           a.truth_ == b.truth_ && a.total_ == b.total_ && a.exact_ == b.exact_;
  }
  [[nodiscard]] friend bool operator!=(const multilabel_accumulator& a,
                                       const multilabel_accumulator& b) {
    return !(a == b);
  }

private:
  friend struct detail::accumulator_access;

  void configure(std::size_t n) {
    configured_ = true;
    tp_.assign(n, T{});
    pred_.assign(n, T{});
    truth_.assign(n, T{});
  }

  template <class R1, class R2, class W>
  multilabel_accumulator& update_impl(const R1& y_true, const R2& y_pred, const W* weights) {
    static_assert(detail::is_multilabel_v<R1> && detail::is_multilabel_v<R2>,
                  "tally: multilabel_accumulator takes indicator matrices (a range of rows or "
                  "tally::indicator(ptr, rows, cols)) for both y_true and y_pred");
    const auto a = detail::adapt_indicator("y_true", y_true);
    const auto b = detail::adapt_indicator("y_pred", y_pred);
    detail::check_same_length("y_true", a.rows, "y_pred", b.rows);
    if (a.cols != b.cols)
      detail::throw_invalid_argument("y_true has " + std::to_string(a.cols) +
                                     " columns, y_pred has " + std::to_string(b.cols));
    const double* w = nullptr;
    std::vector<double> copy;
    if (weights) w = detail::weights_view(*weights, a.rows, copy);
    if (a.rows == 0) return *this;
    if (!configured_) configure(a.cols);
    if (a.cols != n_labels())
      detail::throw_invalid_argument("multilabel_accumulator::update: the batch has " +
                                     std::to_string(a.cols) +
                                     " labels (columns), the "
                                     "accumulator " +
                                     std::to_string(n_labels()));
    if (w != nullptr)
      detail::check_weight_room<T>("multilabel_accumulator::update", total_,
                                   static_cast<T>(detail::pairwise_sum(w, a.rows)));
    const std::size_t L = a.cols;
    T* tp = tp_.data();
    T* pred = pred_.data();
    T* truth = truth_.data();
    T total = total_, exact = exact_;
    for (std::size_t r = 0; r < a.rows; ++r) {
      const std::uint8_t* ta = a.row(r);
      const std::uint8_t* pb = b.row(r);
      unsigned diff = 0;
      if constexpr (std::is_same_v<T, double>) {
        const double one = w ? w[r] : 1.0;
        for (std::size_t j = 0; j < L; ++j) {
          const unsigned t = ta[j], p = pb[j];
          tp[j] += static_cast<double>(t & p) * one;
          pred[j] += static_cast<double>(p) * one;
          truth[j] += static_cast<double>(t) * one;
          diff |= t ^ p;
        }
        total += one;
        if (diff == 0) exact += one;
      } else {
        for (std::size_t j = 0; j < L; ++j) {
          const unsigned t = ta[j], p = pb[j];
          tp[j] += t & p;
          pred[j] += p;
          truth[j] += t;
          diff |= t ^ p;
        }
        total += 1;
        exact += diff == 0 ? 1 : 0;
      }
    }
    total_ = total;
    exact_ = exact;
    return *this;
  }

  double averaged(average avg, detail::prf_part part, double b, zero_division z) const {
    return detail::averaged_value(
        "multilabel_accumulator", n_labels(), [this](std::size_t j) { return counts(j); }, avg,
        part, b, z);
  }
  std::vector<double> per_label(detail::prf_part part, double b, zero_division z) const {
    return detail::per_label_values(
        n_labels(), [this](std::size_t j) { return counts(j); }, part, b, z);
  }

  std::vector<T> tp_, pred_, truth_;
  T total_{};
  T exact_{};
  bool configured_ = false;
};

// ================================================================= curves ==

/// The exact state of every score curve of a binary problem: a table of
/// (distinct score, positive count, negative count), in decreasing score
/// order. Memory is bounded by the number of distinct scores, not samples;
/// tables merge by a sorted merge, so ROC AUC and average precision of a
/// merged state equal scikit-learn's roc_auc_score and
/// average_precision_score (and tally's one-shot functions) on all the data.
///
/// y_true labels equal to the positive label (default 1) are positive, all
/// others negative; scores must be finite. With weights, samples of weight 0
/// are left out (as scikit-learn does).
///
/// An update appends the batch's (score key, label) pairs to a buffer of
/// pending samples in O(b); when the buffer holds more samples than
/// max(65536, rows of the table), it is radix-sorted, run-length encoded and
/// merged into the table. Each sample is thus sorted once and each table row
/// merged an amortized O(1) times; the buffer adds at most
/// max(65536, table rows) samples (8 bytes each, 16 weighted) to the memory.
/// Queries fold the pending samples in on the fly; compact() does it once.
template <class T = std::uint64_t, class Label = int>
class curve_accumulator {
  static_assert(detail::is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");

public:
  using count_type = T;
  using label_type = Label;
  using table_type = detail::score_table<T>;

  curve_accumulator() : pos_(detail::default_pos_label<Label>()) {}
  explicit curve_accumulator(Label positive_label) : pos_(std::move(positive_label)) {}

  template <class R1, class R2>
  curve_accumulator& update(const R1& y_true, const R2& y_score) {
    return update_impl(y_true, y_score, static_cast<const std::vector<double>*>(nullptr));
  }
  template <class R1, class R2, class W>
  curve_accumulator& update(const R1& y_true, const R2& y_score, const W& weights) {
    detail::require_weighted<T>();
    return update_impl(y_true, y_score, &weights);
  }

  curve_accumulator& merge(const curve_accumulator& other) {
    if (!(other.pos_ == pos_))
      detail::throw_invalid_argument("curve_accumulator::merge: positive labels differ (" +
                                     detail::to_text(pos_) + " and " + detail::to_text(other.pos_) +
                                     ")");
    if (other.pending_.size() == 0 && other.table_.size() == 0) return *this;
    detail::check_weight_room<double>("curve_accumulator::merge", weight_, other.weight_);
    table_type merged = detail::merge_tables(table(), other.table());
    table_ = std::move(merged);
    pending_.clear();
    weight_ += other.weight_;
    return *this;
  }
  curve_accumulator& operator+=(const curve_accumulator& other) { return merge(other); }
  [[nodiscard]] friend curve_accumulator operator+(curve_accumulator a,
                                                   const curve_accumulator& b) {
    return a += b;
  }

  void reset() noexcept {
    table_.clear();
    pending_.clear();
    weight_ = 0;
  }
  [[nodiscard]] curve_accumulator empty_like() const { return curve_accumulator(pos_); }
  /// Merges the internal stack of tables into one (queries then cost nothing
  /// extra).
  void compact() {
    if (pending_.size() == 0) return;
    table_type runs = detail::runs_of(pending_);
    table_ = table_.size() == 0 ? std::move(runs) : detail::merge_tables(table_, runs);
    pending_.clear();
  }

  [[nodiscard]] const Label& pos_label() const noexcept { return pos_; }
  /// The merged table: distinct scores (decreasing) with their counts.
  [[nodiscard]] table_type table() const {
    if (pending_.size() == 0) return table_;
    detail::pending_samples<T> copy = pending_;
    table_type runs = detail::runs_of(copy);
    return table_.size() == 0 ? runs : detail::merge_tables(table_, runs);
  }
  /// Number of distinct scores.
  [[nodiscard]] std::size_t size() const {
    return pending_.size() == 0 ? table_.size() : table().size();
  }
  [[nodiscard]] T total_positive() const noexcept { return sum_of(&table_type::pos); }
  [[nodiscard]] T total_negative() const noexcept { return sum_of(&table_type::neg); }
  [[nodiscard]] T total() const noexcept { return total_positive() + total_negative(); }

  /// Counts when predicting positive at score >= threshold.
  [[nodiscard]] binary_counts<T> counts_at(double threshold) const {
    binary_counts<T> c;
    for (std::size_t i = 0; i < table_.size(); ++i) {
      if (table_.score[i] >= threshold) {
        c.tp += table_.pos[i];
        c.fp += table_.neg[i];
      } else {
        c.fn += table_.pos[i];
        c.tn += table_.neg[i];
      }
    }
    for (std::size_t i = 0; i < pending_.pos.size(); ++i) {
      const T one = pending_one(pending_.pos_w, i);
      (detail::from_descending_key<double>(pending_.pos[i]) >= threshold ? c.tp : c.fn) += one;
    }
    for (std::size_t i = 0; i < pending_.neg.size(); ++i) {
      const T one = pending_one(pending_.neg_w, i);
      (detail::from_descending_key<double>(pending_.neg[i]) >= threshold ? c.fp : c.tn) += one;
    }
    return c;
  }

  /// Binary ROC AUC; NaN when one class has no samples (scikit-learn 1.6+).
  [[nodiscard]] double roc_auc() const {
    const table_type t = table();
    return detail::roc_auc_of_walk<T>(total_positive(), total_negative(),
                                      [&](auto&& emit) { walk(t, emit); });
  }
  /// Average precision (step sum, no interpolation); 0 without positives.
  [[nodiscard]] double average_precision() const {
    const table_type t = table();
    return detail::average_precision_of_walk<T>(total_positive(),
                                                [&](auto&& emit) { walk(t, emit); });
  }

  /// Standardized partial ROC AUC over fpr in [0, max_fpr] (McClish), as
  /// roc_auc_score(..., tally::max_fpr(m)); max_fpr = 1 is roc_auc().
  [[nodiscard]] double roc_auc(double max_fpr_value) const {
    detail::check_max_fpr(max_fpr_value);
    if (!(total_positive() > T{0}) || !(total_negative() > T{0}))
      return std::numeric_limits<double>::quiet_NaN();
    if (max_fpr_value == 1.0) return roc_auc();
    return detail::mcclish_partial_auc(detail::roc_from_counts(cumulative(), true), max_fpr_value);
  }
  /// roc_curve(y_true, y_score[, drop_intermediate]) on the data seen (the
  /// same code computes both).
  [[nodiscard]] roc_curve_result roc_curve(bool drop = true) const {
    return detail::roc_from_counts(cumulative(), drop);
  }
  /// precision_recall_curve(y_true, y_score[, drop_intermediate]) on the
  /// data seen: increasing thresholds, ending with precision 1, recall 0.
  [[nodiscard]] precision_recall_curve_result precision_recall_curve(bool drop = false) const {
    return detail::pr_from_counts(cumulative(), drop);
  }
  /// confusion_matrix_at_thresholds(y_true, y_score) on the data seen.
  [[nodiscard]] thresholds_confusion_result confusion_matrix_at_thresholds() const {
    return detail::confusion_from_counts(cumulative());
  }

  [[nodiscard]] friend bool operator==(const curve_accumulator& a, const curve_accumulator& b) {
    if (!(a.pos_ == b.pos_)) return false;
    const table_type x = a.table(), y = b.table();
    return x.score == y.score && x.pos == y.pos && x.neg == y.neg;
  }
  [[nodiscard]] friend bool operator!=(const curve_accumulator& a, const curve_accumulator& b) {
    return !(a == b);
  }

private:
  friend struct detail::accumulator_access;

  // Cumulative counts at every distinct score (tally/ranking.hpp's form).
  [[nodiscard]] detail::threshold_counts cumulative() const {
    const table_type t = table();
    detail::threshold_counts c;
    c.thresholds = t.score;
    c.tps.reserve(t.size());
    c.fps.reserve(t.size());
    T tp{}, fp{};
    for (std::size_t i = 0; i < t.size(); ++i) {
      tp += t.pos[i];
      fp += t.neg[i];
      c.tps.push_back(static_cast<double>(tp));
      c.fps.push_back(static_cast<double>(fp));
    }
    return c;
  }

  template <class Emit>
  static void walk(const table_type& t, Emit& emit) {
    T tp{}, fp{};
    for (std::size_t i = 0; i < t.size(); ++i) {
      tp += t.pos[i];
      fp += t.neg[i];
      emit(tp, fp);
    }
  }

  static T pending_one(const std::vector<double>& w, std::size_t i) noexcept {
    if constexpr (std::is_same_v<T, double>)
      return w[i];
    else {
      (void)w;
      (void)i;
      return T{1};
    }
  }

  T sum_of(std::vector<T> table_type::*col) const noexcept {
    T s{};
    for (const T& v : table_.*col) s += v;
    const bool positives = col == &table_type::pos;
    const auto& keys = positives ? pending_.pos : pending_.neg;
    if constexpr (std::is_same_v<T, double>) {
      for (double w : positives ? pending_.pos_w : pending_.neg_w) s += w;
    } else {
      s += keys.size();
    }
    return s;
  }

  template <class R1, class R2, class W>
  curve_accumulator& update_impl(const R1& y_true, const R2& y_score, const W* weights) {
    static_assert(!detail::is_multilabel_v<R1>, "tally: curve_accumulator takes 1-D y_true");
    const double* w = nullptr;
    std::size_t nw = 0;
    std::vector<double> copy;
    if (weights) {
      using V = detail::range_value_t<const W>;
      static_assert(std::is_arithmetic_v<V>, "tally: weights must be numbers");
      if constexpr (detail::is_contiguous_v<const W> && std::is_same_v<V, double>) {
        w = std::data(*weights);
        nw = static_cast<std::size_t>(std::size(*weights));
      } else {
        for (const auto& v : *weights) copy.push_back(static_cast<double>(v));
        w = copy.data();
        nw = copy.size();
      }
      detail::check_weights(w, nw, nw);
    }
    const double added = w != nullptr ? detail::pairwise_sum(w, nw) : 0.0;
    detail::check_weight_room<double>("curve_accumulator::update", weight_, added);
    const std::size_t before = pending_.size();
    detail::append_scored(pending_, pos_, y_true, y_score, w, nw);
    weight_ += w != nullptr ? added : static_cast<double>(pending_.size() - before);
    if (pending_.size() > (std::max)(std::size_t{65536}, table_.size())) compact();
    return *this;
  }

  Label pos_;
  table_type table_;                   // merged runs, decreasing scores
  detail::pending_samples<T> pending_; // samples not yet in table_
  // Total weight added (samples for a plain state): what the next update or
  // merge is checked against without summing the table.
  double weight_ = 0;
};

/// A constant-memory curve state: positive and negative counts per bin of a
/// fixed, increasing threshold grid t_0 < ... < t_{T-1} (default: T uniform
/// thresholds i / (T - 1) over [0, 1]). A sample is predicted positive at t_j
/// when score >= t_j (tally's and scikit-learn's convention; Keras uses >).
///
/// Approximation: every metric read from the state is exactly the one-shot
/// value for the scores rounded down to the grid (all scores in
/// [t_j, t_{j+1}) treated as the tie t_j; scores below t_0 as one tie below
/// it). Counts at a grid threshold are exact. ROC AUC differs from the exact
/// value only through pairs of a positive and a negative in the same bin,
/// each of which counts 1/2 instead of 0 or 1, so
/// |roc_auc() - exact| <= roc_auc_error_bound() = sum_b pos_b neg_b / (2 P N).
/// Average precision has no such simple bound; it is exact when every score
/// lies on the grid and approaches the exact value as the bins narrow.
template <class T = std::uint64_t, class Label = int>
class binned_curve_accumulator {
  static_assert(detail::is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");

public:
  using count_type = T;
  using label_type = Label;

  /// n_thresholds uniform thresholds over [0, 1] (at least 2).
  explicit binned_curve_accumulator(std::size_t n_thresholds = 200,
                                    Label positive_label = detail::default_pos_label<Label>())
      : pos_(std::move(positive_label)) {
    if (n_thresholds < 2)
      detail::throw_invalid_argument("binned_curve_accumulator: n_thresholds must be >= 2, got " +
                                     std::to_string(n_thresholds));
    thresholds_.resize(n_thresholds);
    for (std::size_t i = 0; i < n_thresholds; ++i)
      thresholds_[i] = static_cast<double>(i) / static_cast<double>(n_thresholds - 1);
    uniform_ = true;
    pos_bins_.assign(n_thresholds + 1, T{});
    neg_bins_.assign(n_thresholds + 1, T{});
  }
  /// Explicit thresholds: finite, strictly increasing, at least one.
  explicit binned_curve_accumulator(std::vector<double> grid,
                                    Label positive_label = detail::default_pos_label<Label>())
      : pos_(std::move(positive_label)), thresholds_(std::move(grid)) {
    check_thresholds(thresholds_);
    pos_bins_.assign(thresholds_.size() + 1, T{});
    neg_bins_.assign(thresholds_.size() + 1, T{});
  }

  template <class R1, class R2>
  binned_curve_accumulator& update(const R1& y_true, const R2& y_score) {
    return update_impl(y_true, y_score, static_cast<const std::vector<double>*>(nullptr));
  }
  template <class R1, class R2, class W>
  binned_curve_accumulator& update(const R1& y_true, const R2& y_score, const W& weights) {
    detail::require_weighted<T>();
    return update_impl(y_true, y_score, &weights);
  }

  binned_curve_accumulator& merge(const binned_curve_accumulator& other) {
    if (!(other.pos_ == pos_))
      detail::throw_invalid_argument("binned_curve_accumulator::merge: positive labels differ (" +
                                     detail::to_text(pos_) + " and " + detail::to_text(other.pos_) +
                                     ")");
    if (other.thresholds_ != thresholds_)
      detail::throw_invalid_argument(
          "binned_curve_accumulator::merge: threshold grids differ (" +
          std::to_string(thresholds_.size()) + " and " + std::to_string(other.thresholds_.size()) +
          " thresholds" + (other.thresholds_.size() == thresholds_.size() ? ", other values" : "") +
          ")");
    if constexpr (std::is_same_v<T, double>)
      detail::check_weight_room<T>("binned_curve_accumulator::merge", total(), other.total());
    for (std::size_t b = 0; b < pos_bins_.size(); ++b) {
      pos_bins_[b] += other.pos_bins_[b];
      neg_bins_[b] += other.neg_bins_[b];
    }
    return *this;
  }
  binned_curve_accumulator& operator+=(const binned_curve_accumulator& other) {
    return merge(other);
  }
  [[nodiscard]] friend binned_curve_accumulator operator+(binned_curve_accumulator a,
                                                          const binned_curve_accumulator& b) {
    return a += b;
  }

  void reset() noexcept {
    std::fill(pos_bins_.begin(), pos_bins_.end(), T{});
    std::fill(neg_bins_.begin(), neg_bins_.end(), T{});
  }
  [[nodiscard]] binned_curve_accumulator empty_like() const {
    binned_curve_accumulator a = *this;
    a.reset();
    return a;
  }

  [[nodiscard]] const Label& pos_label() const noexcept { return pos_; }
  [[nodiscard]] const std::vector<double>& thresholds() const noexcept { return thresholds_; }
  /// Bin b holds the scores in [t_{b-1}, t_b) (bin 0: below t_0; last bin:
  /// at or above the last threshold).
  [[nodiscard]] const std::vector<T>& positive_bins() const noexcept { return pos_bins_; }
  [[nodiscard]] const std::vector<T>& negative_bins() const noexcept { return neg_bins_; }
  [[nodiscard]] T total_positive() const noexcept { return sum(pos_bins_); }
  [[nodiscard]] T total_negative() const noexcept { return sum(neg_bins_); }
  [[nodiscard]] T total() const noexcept { return total_positive() + total_negative(); }

  /// Exact counts when predicting positive at score >= thresholds()[j].
  [[nodiscard]] binary_counts<T> counts_at(std::size_t j) const {
    if (j >= thresholds_.size())
      detail::throw_out_of_range("binned_curve_accumulator::counts_at: index " + std::to_string(j) +
                                 " outside [0, " + std::to_string(thresholds_.size()) + ")");
    binary_counts<T> c;
    for (std::size_t b = 0; b < pos_bins_.size(); ++b) {
      if (b > j) {
        c.tp += pos_bins_[b];
        c.fp += neg_bins_[b];
      } else {
        c.fn += pos_bins_[b];
        c.tn += neg_bins_[b];
      }
    }
    return c;
  }

  [[nodiscard]] double roc_auc() const {
    return detail::roc_auc_of_walk<T>(total_positive(), total_negative(),
                                      [&](auto&& emit) { walk(emit); });
  }
  [[nodiscard]] double average_precision() const {
    return detail::average_precision_of_walk<T>(total_positive(), [&](auto&& emit) { walk(emit); });
  }
  /// Upper bound of |roc_auc() - exact ROC AUC|: the within-bin pairs.
  [[nodiscard]] double roc_auc_error_bound() const noexcept {
    const double p = static_cast<double>(total_positive());
    const double n = static_cast<double>(total_negative());
    if (!(p > 0) || !(n > 0)) return 0.0;
    double s = 0;
    for (std::size_t b = 0; b < pos_bins_.size(); ++b)
      s += static_cast<double>(pos_bins_[b]) * static_cast<double>(neg_bins_[b]);
    return s / (2.0 * p * n);
  }

  [[nodiscard]] friend bool operator==(const binned_curve_accumulator& a,
                                       const binned_curve_accumulator& b) {
    return a.pos_ == b.pos_ && a.thresholds_ == b.thresholds_ && a.pos_bins_ == b.pos_bins_ &&
           a.neg_bins_ == b.neg_bins_;
  }
  [[nodiscard]] friend bool operator!=(const binned_curve_accumulator& a,
                                       const binned_curve_accumulator& b) {
    return !(a == b);
  }

private:
  friend struct detail::accumulator_access;

  static void check_thresholds(const std::vector<double>& t) {
    if (t.empty()) detail::throw_invalid_argument("binned_curve_accumulator: thresholds is empty");
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (!std::isfinite(t[i]))
        detail::throw_invalid_argument("binned_curve_accumulator: threshold " +
                                       detail::to_text(t[i]) + " at index " + std::to_string(i) +
                                       " is not finite");
      if (i > 0 && !(t[i - 1] < t[i]))
        detail::throw_invalid_argument(
            "binned_curve_accumulator: thresholds must increase strictly, got " +
            detail::to_text(t[i - 1]) + " then " + detail::to_text(t[i]) + " at index " +
            std::to_string(i));
    }
  }

  static T sum(const std::vector<T>& v) noexcept {
    T s{};
    for (const T& x : v) s += x;
    return s;
  }

  // Number of thresholds <= s.
  [[nodiscard]] std::size_t bin_of(double s) const noexcept {
    const std::size_t nt = thresholds_.size();
    if (uniform_) {
      if (!(s >= 0.0)) return 0;
      if (s >= 1.0) return nt;
      std::size_t b = static_cast<std::size_t>(s * static_cast<double>(nt - 1)) + 1;
      if (b > nt) b = nt;
      while (b > 0 && thresholds_[b - 1] > s) --b;
      while (b < nt && thresholds_[b] <= s) ++b;
      return b;
    }
    return static_cast<std::size_t>(std::upper_bound(thresholds_.begin(), thresholds_.end(), s) -
                                    thresholds_.begin());
  }

  template <class Emit>
  void walk(Emit& emit) const {
    T tp{}, fp{};
    for (std::size_t b = pos_bins_.size(); b-- > 0;) {
      if (pos_bins_[b] == T{} && neg_bins_[b] == T{}) continue;
      tp += pos_bins_[b];
      fp += neg_bins_[b];
      emit(tp, fp);
    }
  }

  template <class R1, class R2, class W>
  binned_curve_accumulator& update_impl(const R1& y_true, const R2& y_score, const W* weights) {
    static_assert(!detail::is_multilabel_v<R1>, "tally: binned_curve_accumulator takes 1-D y_true");
    using V = detail::range_value_t<const R2>;
    static_assert(std::is_arithmetic_v<V>, "tally: y_score must be a range of numbers");
    const double* w = nullptr;
    std::vector<double> copy;
    std::size_t nw = 0;
    if (weights) {
      for (const auto& v : *weights) copy.push_back(static_cast<double>(v));
      w = copy.data();
      nw = copy.size();
      detail::check_weights(w, nw, nw);
    }
    // bins (with the positive flag in the low bit) first, counts after: a
    // bad batch leaves the state unchanged
    std::vector<std::size_t> bins;
    if constexpr (detail::is_contiguous_v<const R2>)
      bins.reserve(static_cast<std::size_t>(std::size(y_score)));
    auto t = detail::adl_begin(y_true);
    const auto te = detail::adl_end(y_true);
    auto s = detail::adl_begin(y_score);
    const auto se = detail::adl_end(y_score);
    for (; t != te && s != se; ++t, ++s) {
      const double x = static_cast<double>(*s);
      if (TALLY_UNLIKELY(!std::isfinite(x)))
        detail::throw_invalid_argument("y_score contains a non-finite value (" +
                                       detail::to_text(x) + " at index " +
                                       std::to_string(bins.size()) + ")");
      bins.push_back(2 * bin_of(x) + (detail::is_positive(*t, pos_) ? 1 : 0));
    }
    if (t != te || s != se)
      detail::throw_invalid_argument("binned_curve_accumulator::update: y_true and y_score "
                                     "have different lengths");
    if (w) {
      detail::check_same_length("sample_weight", nw, "y_true", bins.size());
      detail::check_weight_room<T>("binned_curve_accumulator::update", total(),
                                   static_cast<T>(detail::pairwise_sum(w, nw)));
    }
    for (std::size_t i = 0; i < bins.size(); ++i) {
      T one{1};
      if constexpr (std::is_same_v<T, double>) {
        if (w) one = w[i];
      }
      ((bins[i] & 1u) ? pos_bins_ : neg_bins_)[bins[i] >> 1] += one;
    }
    return *this;
  }

  Label pos_{};
  std::vector<double> thresholds_;
  std::vector<T> pos_bins_, neg_bins_;
  bool uniform_ = false;
};

// =============================================================== threads ==

namespace detail {

template <class R>
auto chunk_of(const R& r, std::size_t from, std::size_t to) {
  if constexpr (is_contiguous_v<const R>) {
    const auto* p = std::data(r);
    return make_subrange(p + from, p + to);
  } else {
    auto first = adl_begin(r);
    static_assert(
        std::is_base_of_v<std::random_access_iterator_tag,
                          typename std::iterator_traits<decltype(first)>::iterator_category>,
        "tally::parallel_update needs random-access ranges");
    using D = typename std::iterator_traits<decltype(first)>::difference_type;
    return make_subrange(first + static_cast<D>(from), first + static_cast<D>(to));
  }
}

template <class Acc, class Count>
void run_parallel(Acc& acc, std::size_t n, unsigned n_threads, Count&& count) {
  if (n_threads == 0) n_threads = (std::max)(1u, std::thread::hardware_concurrency());
  const std::size_t parts =
      (std::min)(static_cast<std::size_t>(n_threads), (std::max)(n, std::size_t{1}));
  if (parts <= 1) {
    count(acc, std::size_t{0}, n);
    return;
  }
  std::vector<Acc> local(parts, acc.empty_like());
  std::vector<std::exception_ptr> errors(parts);
  std::vector<std::thread> pool;
  pool.reserve(parts - 1);
  auto job = [&](std::size_t p) {
    const std::size_t from = n * p / parts, to = n * (p + 1) / parts;
#if TALLY_HAS_EXCEPTIONS
    try {
      count(local[p], from, to);
    } catch (...) {
      errors[p] = std::current_exception();
    }
#else
    count(local[p], from, to);
#endif
  };
  for (std::size_t p = 1; p < parts; ++p) pool.emplace_back(job, p);
  job(0);
  for (auto& t : pool) t.join();
#if TALLY_HAS_EXCEPTIONS
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
#endif
  Acc total = acc.empty_like();
  for (std::size_t p = 0; p < parts; ++p) total.merge(local[p]);
  acc.merge(total);
}

} // namespace detail

/// Counts y_true / y_pred (random-access ranges of equal length) into acc on
/// n_threads threads (0: one per hardware thread): each thread counts a
/// contiguous chunk into its own empty accumulator and the parts are merged
/// in order, so the result equals acc.update(y_true, y_pred).
template <class Acc, class R1, class R2>
void parallel_update(Acc& acc, const R1& y_true, const R2& y_pred, unsigned n_threads = 0) {
  const std::size_t n = detail::range_length(y_true);
  detail::check_same_length("y_true", n, "y_pred", detail::range_length(y_pred));
  detail::run_parallel(acc, n, n_threads, [&](Acc& a, std::size_t from, std::size_t to) {
    a.update(detail::chunk_of(y_true, from, to), detail::chunk_of(y_pred, from, to));
  });
}

/// parallel_update with per-sample weights (weighted accumulators).
template <class Acc, class R1, class R2, class W>
void parallel_update(Acc& acc, const R1& y_true, const R2& y_pred, const W& weights,
                     unsigned n_threads) {
  const std::size_t n = detail::range_length(y_true);
  detail::check_same_length("y_true", n, "y_pred", detail::range_length(y_pred));
  detail::check_same_length("sample_weight", detail::range_length(weights), "y_true", n);
  detail::run_parallel(acc, n, n_threads, [&](Acc& a, std::size_t from, std::size_t to) {
    a.update(detail::chunk_of(y_true, from, to), detail::chunk_of(y_pred, from, to),
             detail::chunk_of(weights, from, to));
  });
}

TALLY_NAMESPACE_END

#endif // TALLY_ACCUMULATORS_HPP
// ---- end tally/accumulators.hpp ----
// ---- begin tally/serialize.hpp ----
#ifndef TALLY_SERIALIZE_HPP
#define TALLY_SERIALIZE_HPP

// A compact, versioned, endian-independent byte form of every accumulator,
// for checkpoints and for sending partial counts between processes:
//
//   std::vector<std::uint8_t> bytes = tally::serialize(acc);
//   auto back = tally::deserialize<tally::curve_accumulator<>>(bytes);
//
// Layout (every integer little-endian, doubles as their IEEE-754 bits):
//
//   offset  size  field
//   0       4     magic "TLYA"
//   4       2     format version (1)
//   6       1     kind: 1 binary, 2 matrix, 3 multilabel, 4 curve, 5 binned curve
//   7       1     count type: 1 uint64, 2 double
//   8       1     label type: 0 none, 1 signed integer, 2 unsigned integer,
//                 3 floating point, 4 string
//   9       7     reserved, zero
//   16      8     payload length P
//   24      P     payload (below)
//   24+P    8     FNV-1a 64-bit hash of bytes [0, 24+P)
//
// Payloads (a label is an int64 / uint64 / double, or a uint64 length and
// that many bytes for strings; counts are uint64 or double):
//
//   binary       positive label, tp, fp, fn, tn
//   matrix       fixed flag (u8), K (u64), K labels, K*K counts row-major
//   multilabel   configured flag (u8), L (u64), total, exact matches,
//                L tp, L predicted, L true counts
//   curve        positive label, R (u64), R scores (decreasing), R positive
//                counts, R negative counts
//   binned       positive label, uniform flag (u8), T (u64), T thresholds,
//                T+1 positive bin counts, T+1 negative bin counts
//
// deserialize() checks everything before building the accumulator: the
// magic, version, kind, count and label types, every length against the
// bytes left, the hash, trailing bytes, and that the state is one an
// accumulator can reach (sorted distinct scores and labels, consistent
// counts, finite non-negative weights). Any failure throws
// std::invalid_argument naming what was wrong; a truncated or corrupted
// input never yields an accumulator. A single changed byte always changes
// the hash.


#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {

inline constexpr std::uint16_t serial_version = 1;
inline constexpr std::size_t serial_header = 24;
inline constexpr std::size_t serial_trailer = 8;

enum class serial_kind : std::uint8_t {
  binary = 1,
  matrix = 2,
  multilabel = 3,
  curve = 4,
  binned = 5
};

inline const char* serial_kind_name(std::uint8_t k) noexcept {
  switch (k) {
  case 1:
    return "binary_accumulator";
  case 2:
    return "matrix_accumulator";
  case 3:
    return "multilabel_accumulator";
  case 4:
    return "curve_accumulator";
  case 5:
    return "binned_curve_accumulator";
  default:
    return "unknown";
  }
}

inline std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n) noexcept {
  std::uint64_t h = 14695981039346656037ull;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

[[noreturn]] inline void serial_error(const std::string& what) {
  throw_invalid_argument("tally::deserialize: " + what);
}

template <class T>
constexpr std::uint8_t count_code() noexcept {
  return std::is_same_v<T, double> ? 2 : 1;
}

template <class L>
constexpr std::uint8_t label_code() noexcept {
  if constexpr (std::is_same_v<L, std::string>)
    return 4;
  else if constexpr (std::is_floating_point_v<L>)
    return 3;
  else if constexpr (std::is_enum_v<L>)
    return std::is_signed_v<std::underlying_type_t<L>> ? 1 : 2;
  else if constexpr (std::is_same_v<L, bool>)
    return 2;
  else {
    static_assert(std::is_integral_v<L>,
                  "tally: serializable labels are numbers, enums or std::string");
    return std::is_signed_v<L> ? 1 : 2;
  }
}

inline const char* label_code_name(std::uint8_t c) noexcept {
  switch (c) {
  case 0:
    return "none";
  case 1:
    return "signed integer";
  case 2:
    return "unsigned integer";
  case 3:
    return "floating point";
  case 4:
    return "string";
  default:
    return "unknown";
  }
}

template <class L, class = void>
struct integer_of {
  using type = L;
};
template <class L>
struct integer_of<L, std::enable_if_t<std::is_enum_v<L>>> {
  using type = std::underlying_type_t<L>;
};

class byte_writer {
public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    for (unsigned i = 0; i < 2; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u64(std::uint64_t v) {
    std::uint8_t b[8];
    for (unsigned i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * i));
    out_.insert(out_.end(), b, b + 8);
  }
  void f64(double v) {
    std::uint64_t u;
    std::memcpy(&u, &v, sizeof u);
    u64(u);
  }
  template <class T>
  void count(T v) {
    if constexpr (std::is_same_v<T, double>)
      f64(v);
    else
      u64(v);
  }
  template <class T>
  void counts(const std::vector<T>& v) {
    out_.reserve(out_.size() + 8 * v.size());
    for (const T& x : v) count(x);
  }
  template <class L>
  void label(const L& l) {
    if constexpr (std::is_same_v<L, std::string>) {
      u64(l.size());
      out_.insert(out_.end(), l.begin(), l.end());
    } else if constexpr (std::is_floating_point_v<L>) {
      f64(static_cast<double>(l));
    } else if constexpr (std::is_enum_v<L>) {
      u64(static_cast<std::uint64_t>(static_cast<std::underlying_type_t<L>>(l)));
    } else {
      u64(static_cast<std::uint64_t>(l));
    }
  }
  std::vector<std::uint8_t>& bytes() noexcept { return out_; }

private:
  std::vector<std::uint8_t> out_;
};

class byte_reader {
public:
  byte_reader(const std::uint8_t* p, std::size_t n) noexcept : p_(p), n_(n) {}
  [[nodiscard]] std::size_t left() const noexcept { return n_ - at_; }
  void need(std::size_t bytes, const char* what) const {
    if (bytes > left())
      serial_error(std::string("truncated input: ") + what + " needs " + std::to_string(bytes) +
                   " bytes, " + std::to_string(left()) + " left");
  }
  std::uint8_t u8(const char* what) {
    need(1, what);
    return p_[at_++];
  }
  std::uint16_t u16(const char* what) {
    need(2, what);
    const std::uint16_t v = static_cast<std::uint16_t>(p_[at_] | (p_[at_ + 1] << 8));
    at_ += 2;
    return v;
  }
  std::uint64_t u64(const char* what) {
    need(8, what);
    std::uint64_t v = 0;
    for (unsigned i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(p_[at_ + i]) << (8 * i);
    at_ += 8;
    return v;
  }
  double f64(const char* what) {
    const std::uint64_t u = u64(what);
    double v;
    std::memcpy(&v, &u, sizeof v);
    return v;
  }
  // A length prefix: the number of elements of `width` bytes that follow.
  std::size_t length(std::size_t width, const char* what) {
    const std::uint64_t n = u64(what);
    if (width > 0 && n > left() / width)
      serial_error(std::string("truncated input or corrupted length: ") + what + " = " +
                   std::to_string(n) + ", but only " + std::to_string(left()) + " bytes left");
    return static_cast<std::size_t>(n);
  }
  template <class T>
  T count(const char* what) {
    if constexpr (std::is_same_v<T, double>) {
      const double v = f64(what);
      if (!std::isfinite(v) || v < 0)
        serial_error(std::string("invalid weight in ") + what + ": " + to_text(v));
      return v;
    } else {
      return u64(what);
    }
  }
  template <class T>
  std::vector<T> counts(std::size_t n, const char* what) {
    need(n * 8, what);
    std::vector<T> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = count<T>(what);
    return v;
  }
  template <class L>
  L label(const char* what) {
    if constexpr (std::is_same_v<L, std::string>) {
      const std::size_t n = length(1, what);
      L s(reinterpret_cast<const char*>(p_ + at_), n);
      at_ += n;
      return s;
    } else if constexpr (std::is_floating_point_v<L>) {
      const double v = f64(what);
      const L l = static_cast<L>(v);
      if (!std::isfinite(v) || static_cast<double>(l) != v)
        serial_error(std::string("invalid ") + what + ": " + to_text(v));
      return l;
    } else {
      using I = typename integer_of<L>::type;
      const std::uint64_t u = u64(what);
      I v;
      if constexpr (std::is_signed_v<I>) {
        const auto s = static_cast<std::int64_t>(u);
        if (s < static_cast<std::int64_t>((std::numeric_limits<I>::min)()) ||
            s > static_cast<std::int64_t>((std::numeric_limits<I>::max)()))
          serial_error(std::string(what) + " " + std::to_string(s) +
                       " does not fit the label type");
        v = static_cast<I>(s);
      } else {
        if (u > static_cast<std::uint64_t>((std::numeric_limits<I>::max)()))
          serial_error(std::string(what) + " " + std::to_string(u) +
                       " does not fit the label type");
        v = static_cast<I>(u);
      }
      return static_cast<L>(v);
    }
  }

private:
  const std::uint8_t* p_;
  std::size_t n_;
  std::size_t at_ = 0;
};

template <class T>
bool add_overflows(T a, T b) noexcept {
  if constexpr (std::is_same_v<T, double>)
    return !std::isfinite(a + b);
  else
    return a > (std::numeric_limits<T>::max)() - b;
}

template <class T>
void check_sum(const std::vector<T>& v, const char* what) {
  T s{};
  for (const T& x : v) {
    if (add_overflows(s, x)) serial_error(std::string("counts overflow in ") + what);
    s += x;
  }
}

template <class Label>
void check_distinct(std::vector<Label> v, const char* what) {
  std::sort(v.begin(), v.end());
  for (std::size_t i = 1; i < v.size(); ++i)
    if (v[i - 1] == v[i]) serial_error(std::string(what) + " repeats label " + to_text(v[i]));
}

/// Reads and writes accumulator internals (friend of every accumulator).
struct accumulator_access {
  // ------------------------------------------------------------- write --
  template <class T, class L>
  static void write(byte_writer& w, const binary_accumulator<T, L>& a) {
    w.label(a.pos_);
    w.count(a.counts_.tp);
    w.count(a.counts_.fp);
    w.count(a.counts_.fn);
    w.count(a.counts_.tn);
  }
  template <class L, class T>
  static void write(byte_writer& w, const matrix_accumulator<L, T>& a) {
    w.u8(a.fixed_ ? 1 : 0);
    w.u64(a.labels_.size());
    for (const L& l : a.labels_) w.label(l);
    for (const T& c : a.counts_) w.count(c);
  }
  template <class T>
  static void write(byte_writer& w, const multilabel_accumulator<T>& a) {
    w.u8(a.configured_ ? 1 : 0);
    w.u64(a.tp_.size());
    w.count(a.total_);
    w.count(a.exact_);
    w.counts(a.tp_);
    w.counts(a.pred_);
    w.counts(a.truth_);
  }
  template <class T, class L>
  static void write(byte_writer& w, const curve_accumulator<T, L>& a) {
    w.label(a.pos_);
    const auto t = a.table();
    w.u64(t.size());
    w.bytes().reserve(w.bytes().size() + 24 * t.size() + 8);
    for (double s : t.score) w.f64(s);
    w.counts(t.pos);
    w.counts(t.neg);
  }
  template <class T, class L>
  static void write(byte_writer& w, const binned_curve_accumulator<T, L>& a) {
    w.label(a.pos_);
    w.u8(a.uniform_ ? 1 : 0);
    w.u64(a.thresholds_.size());
    for (double t : a.thresholds_) w.f64(t);
    w.counts(a.pos_bins_);
    w.counts(a.neg_bins_);
  }

  // -------------------------------------------------------------- read --
  template <class T, class L>
  static void read(byte_reader& r, binary_accumulator<T, L>& a) {
    a.pos_ = r.label<L>("positive label");
    r.need(32, "counts");
    a.counts_.tp = r.count<T>("tp");
    a.counts_.fp = r.count<T>("fp");
    a.counts_.fn = r.count<T>("fn");
    a.counts_.tn = r.count<T>("tn");
    check_sum(std::vector<T>{a.counts_.tp, a.counts_.fp, a.counts_.fn, a.counts_.tn},
              "binary counts");
  }
  template <class L, class T>
  static void read(byte_reader& r, matrix_accumulator<L, T>& a) {
    const std::uint8_t fixed = r.u8("fixed flag");
    if (fixed > 1) serial_error("invalid fixed flag " + std::to_string(fixed));
    const std::size_t k = r.length(8, "number of labels");
    std::vector<L> labels;
    labels.reserve(k);
    for (std::size_t i = 0; i < k; ++i) labels.push_back(r.label<L>("label"));
    if (k > 0 && k > r.left() / 8 / k)
      serial_error("truncated input: a " + std::to_string(k) + " x " + std::to_string(k) +
                   " matrix needs more than the " + std::to_string(r.left()) + " bytes left");
    if (fixed) {
      check_distinct(labels, "the label list");
    } else {
      for (std::size_t i = 1; i < k; ++i)
        if (!(labels[i - 1] < labels[i]))
          serial_error("the labels of a growing matrix must be sorted and distinct (" +
                       to_text(labels[i - 1]) + " then " + to_text(labels[i]) + ")");
    }
    matrix<T> m(k);
    const std::vector<T> cells = r.counts<T>(k * k, "matrix cell");
    check_sum(cells, "the matrix");
    std::copy(cells.begin(), cells.end(), m.data());
    a.labels_ = std::move(labels);
    a.fixed_ = fixed != 0;
    a.counts_ = std::move(m);
  }
  template <class T>
  static void read(byte_reader& r, multilabel_accumulator<T>& a) {
    const std::uint8_t configured = r.u8("configured flag");
    if (configured > 1) serial_error("invalid configured flag " + std::to_string(configured));
    const std::size_t n = r.length(24, "number of labels");
    if (!configured && n != 0) serial_error("an unconfigured multilabel state has labels");
    a.total_ = r.count<T>("total");
    a.exact_ = r.count<T>("exact matches");
    a.tp_ = r.counts<T>(n, "tp");
    a.pred_ = r.counts<T>(n, "predicted counts");
    a.truth_ = r.counts<T>(n, "true counts");
    a.configured_ = configured != 0;
    if (a.exact_ > a.total_) serial_error("more exact matches than samples");
    for (std::size_t j = 0; j < n; ++j) {
      bool ok = a.tp_[j] <= a.pred_[j] && a.tp_[j] <= a.truth_[j] && a.pred_[j] <= a.total_ &&
                a.truth_[j] <= a.total_;
      if constexpr (!std::is_same_v<T, double>)
        ok = ok && a.pred_[j] - a.tp_[j] <= a.total_ - a.truth_[j];
      if (!ok) serial_error("inconsistent counts for label " + std::to_string(j));
    }
  }
  template <class T, class L>
  static void read(byte_reader& r, curve_accumulator<T, L>& a) {
    a.pos_ = r.label<L>("positive label");
    const std::size_t n = r.length(24, "number of scores");
    typename curve_accumulator<T, L>::table_type t;
    t.score.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double s = r.f64("score");
      if (!std::isfinite(s)) serial_error("non-finite score " + to_text(s));
      if (s == 0 && std::signbit(s)) serial_error("score -0.0 (scores are stored as +0.0)");
      if (i > 0 && !(s < t.score[i - 1]))
        serial_error("scores must decrease strictly (" + to_text(t.score[i - 1]) + " then " +
                     to_text(s) + ")");
      t.score[i] = s;
    }
    t.pos = r.counts<T>(n, "positive count");
    t.neg = r.counts<T>(n, "negative count");
    check_sum(t.pos, "positive counts");
    check_sum(t.neg, "negative counts");
    for (std::size_t i = 0; i < n; ++i)
      if (!(t.pos[i] > T{0}) && !(t.neg[i] > T{0}))
        serial_error("score " + to_text(t.score[i]) + " has no samples");
    a.pending_.clear();
    a.table_ = std::move(t);
    a.weight_ = static_cast<double>(a.total());
  }
  template <class T, class L>
  static void read(byte_reader& r, binned_curve_accumulator<T, L>& a) {
    a.pos_ = r.label<L>("positive label");
    const std::uint8_t uniform = r.u8("uniform flag");
    if (uniform > 1) serial_error("invalid uniform flag " + std::to_string(uniform));
    const std::size_t n = r.length(24, "number of thresholds");
    if (n == 0 || (uniform && n < 2))
      serial_error("too few thresholds (" + std::to_string(n) + ")");
    std::vector<double> thr(n);
    for (std::size_t i = 0; i < n; ++i) thr[i] = r.f64("threshold");
    if (uniform) {
      const binned_curve_accumulator<T, L> ref(n, a.pos_);
      if (ref.thresholds_ != thr) serial_error("a uniform grid with non-uniform thresholds");
    } else {
      try_thresholds(thr);
    }
    a.thresholds_ = std::move(thr);
    a.uniform_ = uniform != 0;
    a.pos_bins_ = r.counts<T>(n + 1, "positive bin count");
    a.neg_bins_ = r.counts<T>(n + 1, "negative bin count");
    check_sum(a.pos_bins_, "positive bins");
    check_sum(a.neg_bins_, "negative bins");
  }

  // ------------------------------------------------- fixed-size counts --
  // visit(acc, f) calls f(T* counts, n) on a packed copy of every count of a
  // fixed-shape state and stores the (possibly changed) values back: what a
  // sum across processes needs.
  template <class T, class L, class F>
  static void visit_counts(binary_accumulator<T, L>& a, F&& f) {
    T v[4] = {a.counts_.tp, a.counts_.fp, a.counts_.fn, a.counts_.tn};
    f(v, std::size_t{4});
    a.counts_ = binary_counts<T>{v[0], v[1], v[2], v[3]};
  }
  template <class L, class T, class F>
  static void visit_counts(matrix_accumulator<L, T>& a, F&& f) {
    f(a.counts_.data(), a.counts_.size());
  }
  template <class T, class F>
  static void visit_counts(multilabel_accumulator<T>& a, F&& f) {
    const std::size_t n = a.tp_.size();
    std::vector<T> v;
    v.reserve(2 + 3 * n);
    v.push_back(a.total_);
    v.push_back(a.exact_);
    v.insert(v.end(), a.tp_.begin(), a.tp_.end());
    v.insert(v.end(), a.pred_.begin(), a.pred_.end());
    v.insert(v.end(), a.truth_.begin(), a.truth_.end());
    f(v.data(), v.size());
    a.total_ = v[0];
    a.exact_ = v[1];
    for (std::size_t j = 0; j < n; ++j) {
      a.tp_[j] = v[2 + j];
      a.pred_[j] = v[2 + n + j];
      a.truth_[j] = v[2 + 2 * n + j];
    }
  }
  template <class T, class L, class F>
  static void visit_counts(binned_curve_accumulator<T, L>& a, F&& f) {
    const std::size_t n = a.pos_bins_.size();
    std::vector<T> v(a.pos_bins_);
    v.insert(v.end(), a.neg_bins_.begin(), a.neg_bins_.end());
    f(v.data(), v.size());
    std::copy(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n), a.pos_bins_.begin());
    std::copy(v.begin() + static_cast<std::ptrdiff_t>(n), v.end(), a.neg_bins_.begin());
  }

  static void try_thresholds(const std::vector<double>& t) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (!std::isfinite(t[i])) serial_error("non-finite threshold " + to_text(t[i]));
      if (i > 0 && !(t[i - 1] < t[i]))
        serial_error("thresholds must increase strictly (" + to_text(t[i - 1]) + " then " +
                     to_text(t[i]) + ")");
    }
  }

  template <class A>
  static A blank(const A*) {
    return A();
  }
};

template <class A>
struct serial_traits;
template <class T, class L>
struct serial_traits<binary_accumulator<T, L>> {
  static constexpr serial_kind kind = serial_kind::binary;
  static constexpr std::uint8_t count = count_code<T>();
  static constexpr std::uint8_t label = label_code<L>();
};
template <class L, class T>
struct serial_traits<matrix_accumulator<L, T>> {
  static constexpr serial_kind kind = serial_kind::matrix;
  static constexpr std::uint8_t count = count_code<T>();
  static constexpr std::uint8_t label = label_code<L>();
};
template <class T>
struct serial_traits<multilabel_accumulator<T>> {
  static constexpr serial_kind kind = serial_kind::multilabel;
  static constexpr std::uint8_t count = count_code<T>();
  static constexpr std::uint8_t label = 0;
};
template <class T, class L>
struct serial_traits<curve_accumulator<T, L>> {
  static constexpr serial_kind kind = serial_kind::curve;
  static constexpr std::uint8_t count = count_code<T>();
  static constexpr std::uint8_t label = label_code<L>();
};
template <class T, class L>
struct serial_traits<binned_curve_accumulator<T, L>> {
  static constexpr serial_kind kind = serial_kind::binned;
  static constexpr std::uint8_t count = count_code<T>();
  static constexpr std::uint8_t label = label_code<L>();
};

template <class A, class = void>
struct is_serializable : std::false_type {};
template <class A>
struct is_serializable<A, std::void_t<decltype(serial_traits<A>::kind)>> : std::true_type {};

} // namespace detail

/// The byte form of an accumulator (see the layout at the top of this file).
template <class Acc>
[[nodiscard]] std::vector<std::uint8_t> serialize(const Acc& acc) {
  static_assert(detail::is_serializable<Acc>::value, "tally::serialize takes a tally accumulator");
  using tr = detail::serial_traits<Acc>;
  detail::byte_writer w;
  const char magic[4] = {'T', 'L', 'Y', 'A'};
  for (char c : magic) w.u8(static_cast<std::uint8_t>(c));
  w.u16(detail::serial_version);
  w.u8(static_cast<std::uint8_t>(tr::kind));
  w.u8(tr::count);
  w.u8(tr::label);
  for (int i = 0; i < 7; ++i) w.u8(0);
  w.u64(0); // payload length, patched below
  detail::accumulator_access::write(w, acc);
  auto& out = w.bytes();
  const std::uint64_t payload = out.size() - detail::serial_header;
  for (unsigned i = 0; i < 8; ++i) out[16 + i] = static_cast<std::uint8_t>(payload >> (8 * i));
  const std::uint64_t h = detail::fnv1a(out.data(), out.size());
  w.u64(h);
  return std::move(w.bytes());
}

/// Rebuilds an accumulator of type Acc from serialize()'s bytes; throws
/// std::invalid_argument for bytes that are truncated, corrupted, of another
/// accumulator type or format version, or describe an impossible state.
template <class Acc>
[[nodiscard]] Acc deserialize(const std::uint8_t* data, std::size_t size) {
  static_assert(detail::is_serializable<Acc>::value,
                "tally::deserialize makes a tally accumulator");
  using tr = detail::serial_traits<Acc>;
  if (data == nullptr && size != 0) detail::serial_error("null data");
  if (size < detail::serial_header + detail::serial_trailer)
    detail::serial_error("truncated input: " + std::to_string(size) + " bytes, at least " +
                         std::to_string(detail::serial_header + detail::serial_trailer) +
                         " needed");
  if (!(data[0] == 'T' && data[1] == 'L' && data[2] == 'Y' && data[3] == 'A'))
    detail::serial_error("not a tally accumulator (bad magic)");
  detail::byte_reader head(data + 4, detail::serial_header - 4);
  const std::uint16_t version = head.u16("version");
  if (version != detail::serial_version)
    detail::serial_error("format version " + std::to_string(version) +
                         " is not supported (this "
                         "build reads version " +
                         std::to_string(detail::serial_version) + ")");
  const std::uint8_t kind = head.u8("kind");
  const std::uint8_t count = head.u8("count type");
  const std::uint8_t label = head.u8("label type");
  for (int i = 0; i < 7; ++i)
    if (head.u8("reserved") != 0) detail::serial_error("reserved header bytes are not zero");
  const std::uint64_t payload = head.u64("payload length");
  if (payload != size - detail::serial_header - detail::serial_trailer)
    detail::serial_error("payload length " + std::to_string(payload) + " does not match the " +
                         std::to_string(size) + " bytes given (truncated or trailing data)");
  const std::size_t body = size - detail::serial_trailer;
  detail::byte_reader tail(data + body, detail::serial_trailer);
  if (tail.u64("hash") != detail::fnv1a(data, body))
    detail::serial_error("hash mismatch: the bytes are corrupted");
  if (kind != static_cast<std::uint8_t>(tr::kind))
    detail::serial_error(std::string("the bytes hold a ") + detail::serial_kind_name(kind) +
                         ", not a " +
                         detail::serial_kind_name(static_cast<std::uint8_t>(tr::kind)));
  if (count != tr::count)
    detail::serial_error(std::string("the bytes hold ") +
                         (count == 2 ? "weighted (double)" : "unweighted (uint64)") +
                         " counts, the accumulator type has " +
                         (tr::count == 2 ? "weighted (double)" : "unweighted (uint64)") +
                         " counts");
  if (label != tr::label)
    detail::serial_error(std::string("the bytes hold ") + detail::label_code_name(label) +
                         " labels, the accumulator type has " + detail::label_code_name(tr::label) +
                         " labels");
  detail::byte_reader r(data + detail::serial_header, static_cast<std::size_t>(payload));
  Acc acc = detail::accumulator_access::blank(static_cast<const Acc*>(nullptr));
  detail::accumulator_access::read(r, acc);
  if (r.left() != 0)
    detail::serial_error(std::to_string(r.left()) + " unread bytes at the end of the payload");
  return acc;
}

/// deserialize from a contiguous range of bytes (std::vector<std::uint8_t>,
/// std::string, std::vector<char>, std::span<const std::byte>, ...).
template <class Acc, class Bytes, std::enable_if_t<detail::is_contiguous_v<const Bytes>, int> = 0>
[[nodiscard]] Acc deserialize(const Bytes& bytes) {
  static_assert(sizeof(*std::data(bytes)) == 1, "tally::deserialize takes a range of bytes");
  return deserialize<Acc>(reinterpret_cast<const std::uint8_t*>(std::data(bytes)),
                          static_cast<std::size_t>(std::size(bytes)));
}

TALLY_NAMESPACE_END

#endif // TALLY_SERIALIZE_HPP
// ---- end tally/serialize.hpp ----
// ---- begin tally/parallel.hpp ----
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
// ---- end tally/parallel.hpp ----
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

namespace detail {
// The finding of a rule in a list, or nullptr.
inline const finding* find_rule(const std::vector<finding>& findings,
                                std::string_view rule) noexcept {
  for (const auto& f : findings)
    if (f.rule == rule) return &f;
  return nullptr;
}
} // namespace detail

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
  [[nodiscard]] bool has(std::string_view rule) const noexcept { return find(rule) != nullptr; }
  /// The finding of a rule, or nullptr.
  [[nodiscard]] const finding* find(std::string_view rule) const noexcept {
    return detail::find_rule(findings, rule);
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

  [[nodiscard]] bool has(std::string_view rule) const noexcept { return find(rule) != nullptr; }
  [[nodiscard]] const finding* find(std::string_view rule) const noexcept {
    return detail::find_rule(findings, rule);
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
// clang-format on

#endif // TALLY_HPP
// ---- end tally.hpp ----
