// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_EXPLAIN_IO_HPP
#define TALLY_EXPLAIN_IO_HPP

// Stream output for explanations (opt-in: the rest of tally never includes
// <ostream>):
//
//   std::cout << tally::explain(counts);

#include "config.hpp"
#include "explain.hpp"

#include <ostream>

TALLY_NAMESPACE_BEGIN

/// Writes binary_explanation::to_string().
inline std::ostream& operator<<(std::ostream& os, const binary_explanation& e) {
  return os << e.to_string();
}

/// Writes multiclass_explanation::to_string().
inline std::ostream& operator<<(std::ostream& os, const multiclass_explanation& e) {
  return os << e.to_string();
}

/// Writes "rule: text".
inline std::ostream& operator<<(std::ostream& os, const finding& f) {
  return os << f.rule << ": " << f.text;
}

TALLY_NAMESPACE_END

#endif // TALLY_EXPLAIN_IO_HPP
