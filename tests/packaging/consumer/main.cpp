// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
//
// The smallest real user of tally: computes one binary F1 score and checks it.
// Every packaging test builds this file against tally obtained one way
// (installed package, FetchContent, add_subdirectory, pkg-config, single
// header, vcpkg-style tree) with the strictest warnings as errors.
#include <tally.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

int main() {
  const std::vector<int> y_true{1, 1, 1, 0, 0, 1, 0, 1, 0, 0};
  const std::vector<int> y_pred{1, 0, 1, 0, 1, 1, 0, 0, 0, 1};
  // Positive label 1: tp = 3 (positions 0, 2, 5), fp = 2 (4, 9), fn = 2 (1, 7),
  // so F1 = 2 tp / (2 tp + fp + fn) = 6 / 10.
  const double f1 = tally::f1_score(y_true, y_pred);
  const double expected = 0.6;

  std::printf("tally %s: f1_score = %.17g (expected %.17g)\n", TALLY_VERSION_STRING, f1, expected);
  if (!(std::fabs(f1 - expected) <= 1e-12)) {
    std::fputs("FAIL: wrong F1\n", stderr);
    return 1;
  }
#ifdef TALLY_CONSUMER_EXPECTED_VERSION
  // Proves the headers came from the tree under test, not from another copy.
  if (std::strcmp(TALLY_VERSION_STRING, TALLY_CONSUMER_EXPECTED_VERSION) != 0) {
    std::fprintf(stderr, "FAIL: headers report version %s, expected %s\n", TALLY_VERSION_STRING,
                 TALLY_CONSUMER_EXPECTED_VERSION);
    return 1;
  }
#endif
  return 0;
}
