// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_TESTS_FUZZ_COMMON_HPP
#define TALLY_TESTS_FUZZ_COMMON_HPP

// Shared pieces of the fuzz targets: a failure report that aborts (libFuzzer
// then saves the input as a crash file) and the list of kernel families this
// machine can run.

#include <tally/detail/cpu.hpp>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace tally_fuzz {

[[noreturn]] inline void fail(const char* what, const char* file, int line) {
  std::fprintf(stderr, "tally fuzz mismatch: %s (%s:%d)\n", what, file, line);
  std::abort();
}

#define TALLY_FUZZ_CHECK(...)                                                                      \
  do {                                                                                             \
    if (!(__VA_ARGS__)) ::tally_fuzz::fail(#__VA_ARGS__, __FILE__, __LINE__);                      \
  } while (0)

// Every kernel family this build contains and this CPU runs, scalar first.
inline const std::vector<tally::kernel_isa>& runnable_isas() {
  static const std::vector<tally::kernel_isa> isas = [] {
    std::vector<tally::kernel_isa> v;
    const tally::kernel_isa all[] = {tally::kernel_isa::scalar, tally::kernel_isa::sse2,
                                     tally::kernel_isa::avx2, tally::kernel_isa::avx512,
                                     tally::kernel_isa::neon};
    for (tally::kernel_isa isa : all)
      if (tally::kernel_isa_supported(isa)) v.push_back(isa);
    return v;
  }();
  return isas;
}

} // namespace tally_fuzz

#endif // TALLY_TESTS_FUZZ_COMMON_HPP
