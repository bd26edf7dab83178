// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_ERROR_HPP
#define TALLY_DETAIL_ERROR_HPP

// Error reporting: every throw in tally goes through TALLY_THROW, with a
// message that names the argument and the values seen.

#include "../config.hpp"

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
