// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Accumulator deserialization from arbitrary bytes. Two modes:
//   raw     the input bytes as they are, for every accumulator type;
//   framed  a valid header (magic, version, the type's codes) and a correct
//           hash around fuzzed payload bytes, so the payload checks are
//           reached.
// Any input must either throw std::invalid_argument or give an accumulator
// whose queries work and whose serialize() gives back exactly the input.

#include "common.hpp"

#include <tally/serialize.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

template <class Acc>
void exercise(const Acc& acc);

template <class T, class L>
void exercise(const tally::binary_accumulator<T, L>& a) {
  const auto c = a.counts();
  TALLY_FUZZ_CHECK(c.total() == a.total());
}
template <class L, class T>
void exercise(const tally::matrix_accumulator<L, T>& a) {
  TALLY_FUZZ_CHECK(a.counts().n_classes() == a.n_classes());
  const double acc = a.accuracy(tally::zero_division::nan);
  TALLY_FUZZ_CHECK(std::isnan(acc) || (acc >= 0 && acc <= 1));
  for (const L& l : a.labels()) static_cast<void>(a.one_vs_rest(l));
}
template <class T>
void exercise(const tally::multilabel_accumulator<T>& a) {
  for (std::size_t j = 0; j < a.n_labels(); ++j) static_cast<void>(a.counts(j));
}
template <class T, class L>
void exercise(const tally::curve_accumulator<T, L>& a) {
  const double auc = a.roc_auc();
  TALLY_FUZZ_CHECK(std::isnan(auc) || (auc >= 0 && auc <= 1));
  static_cast<void>(a.roc_curve());
  static_cast<void>(a.precision_recall_curve());
}
template <class T, class L>
void exercise(const tally::binned_curve_accumulator<T, L>& a) {
  static_cast<void>(a.thresholds());
  static_cast<void>(a.empty_like());
}

template <class Acc>
void attempt(const std::uint8_t* data, std::size_t size) {
  Acc acc;
  try {
    acc = tally::deserialize<Acc>(data, size);
  } catch (const std::invalid_argument&) {
    return;
  }
  exercise(acc);
  const std::vector<std::uint8_t> again = tally::serialize(acc);
  TALLY_FUZZ_CHECK(again.size() == size);
  TALLY_FUZZ_CHECK(std::equal(again.begin(), again.end(), data));
}

template <class Acc>
void framed(FuzzedDataProvider& in) {
  // The header serialize() writes for this type, taken from an empty one.
  std::vector<std::uint8_t> bytes = tally::serialize(Acc{});
  bytes.resize(24);
  // Sometimes one header byte is changed on purpose.
  if (in.ConsumeIntegralInRange<int>(0, 7) == 0)
    bytes[in.ConsumeIntegralInRange<std::size_t>(4, 15)] = in.ConsumeIntegral<std::uint8_t>();
  const std::vector<std::uint8_t> payload = in.ConsumeRemainingBytes<std::uint8_t>();
  const auto p = static_cast<std::uint64_t>(payload.size());
  for (unsigned i = 0; i < 8; ++i) bytes[16 + i] = static_cast<std::uint8_t>(p >> (8 * i));
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  const std::uint64_t h = tally::detail::fnv1a(bytes.data(), bytes.size());
  for (unsigned i = 0; i < 8; ++i) bytes.push_back(static_cast<std::uint8_t>(h >> (8 * i)));
  attempt<Acc>(bytes.data(), bytes.size());
}

using bin_u = tally::binary_accumulator<std::uint64_t, int>;
using bin_d = tally::binary_accumulator<double, std::string>;
using mat_u = tally::matrix_accumulator<int, std::uint64_t>;
using mat_d = tally::matrix_accumulator<std::string, double>;
using ml_u = tally::multilabel_accumulator<std::uint64_t>;
using ml_d = tally::multilabel_accumulator<double>;
using cur_u = tally::curve_accumulator<std::uint64_t, int>;
using cur_d = tally::curve_accumulator<double, double>;
using bnd_u = tally::binned_curve_accumulator<std::uint64_t, int>;
using bnd_d = tally::binned_curve_accumulator<double, long>;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  if (mode < 128) {
    const std::uint8_t* p = data + 1;
    const std::size_t n = size - 1;
    attempt<bin_u>(p, n);
    attempt<bin_d>(p, n);
    attempt<mat_u>(p, n);
    attempt<mat_d>(p, n);
    attempt<ml_u>(p, n);
    attempt<ml_d>(p, n);
    attempt<cur_u>(p, n);
    attempt<cur_d>(p, n);
    attempt<bnd_u>(p, n);
    attempt<bnd_d>(p, n);
    return 0;
  }
  FuzzedDataProvider in(data + 1, size - 1);
  switch (mode % 10) {
  case 0:
    framed<bin_u>(in);
    break;
  case 1:
    framed<bin_d>(in);
    break;
  case 2:
    framed<mat_u>(in);
    break;
  case 3:
    framed<mat_d>(in);
    break;
  case 4:
    framed<ml_u>(in);
    break;
  case 5:
    framed<ml_d>(in);
    break;
  case 6:
    framed<cur_u>(in);
    break;
  case 7:
    framed<cur_d>(in);
    break;
  case 8:
    framed<bnd_u>(in);
    break;
  default:
    framed<bnd_d>(in);
    break;
  }
  return 0;
}
