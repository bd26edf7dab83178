// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_TRAITS_HPP
#define TALLY_DETAIL_TRAITS_HPP

// Type traits for ranges, iterators and labels.

#include "../config.hpp"

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
