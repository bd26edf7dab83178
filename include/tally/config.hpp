// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
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

#include "version.hpp"

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
