// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
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
