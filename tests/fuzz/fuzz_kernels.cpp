// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Differential fuzzing of the counting kernels: every kernel family this
// machine runs (forced with tally::set_kernel_isa) against the scalar kernel
// and against a naive count in a std::map, on random lengths, start offsets
// (every alignment modulo 64 bytes), label widths, label values (including
// values outside the counted range, NaN, infinities and -0.0 for floating
// labels) and weights.

#include "common.hpp"

#include <tally/detail/kernels.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

namespace d = tally::detail;
using tally::kernel_isa;
using tally_fuzz::runnable_isas;

__extension__ typedef __int128 wide_int;

// Small deterministic generator: long arrays from short fuzz inputs.
struct rng {
  std::uint64_t s;
  std::uint64_t next() noexcept {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::size_t below(std::size_t n) noexcept {
    return n == 0 ? 0 : static_cast<std::size_t>(next() % n);
  }
};

// An array of n values of T starting `offset` elements into a buffer, so the
// kernels see every start alignment.
template <class T>
struct placed {
  std::unique_ptr<T[]> buf;
  T* ptr = nullptr;
  placed(std::size_t offset, std::size_t n) : buf(new T[offset + n + 1]()) {
    ptr = buf.get() + offset;
  }
};

template <class T>
T pick_value(FuzzedDataProvider& in) {
  if constexpr (std::is_floating_point_v<T>) {
    switch (in.ConsumeIntegralInRange<int>(0, 7)) {
    case 0:
      return std::numeric_limits<T>::quiet_NaN();
    case 1:
      return std::numeric_limits<T>::infinity();
    case 2:
      return -std::numeric_limits<T>::infinity();
    case 3:
      return T(-0.0);
    default:
      return static_cast<T>(in.ConsumeIntegralInRange<int>(-4, 12));
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    return in.ConsumeBool();
  } else {
    if (in.ConsumeBool()) return in.ConsumeIntegral<T>();
    return static_cast<T>(in.ConsumeIntegralInRange<int>(0, 12));
  }
}

// Fills a and b (length n) from an alphabet: values chosen by the input,
// positions by the generator; `rare` values appear with small probability.
template <class T>
void fill_labels(FuzzedDataProvider& in, rng& g, T* a, T* b, std::size_t n,
                 std::vector<T>& alphabet) {
  const std::size_t na = in.ConsumeIntegralInRange<std::size_t>(1, 8);
  alphabet.clear();
  for (std::size_t i = 0; i < na; ++i) alphabet.push_back(pick_value<T>(in));
  const T rare = pick_value<T>(in);
  const unsigned rare_per_4096 = in.ConsumeIntegralInRange<unsigned>(0, 64);
  // Agreement between a and b, so diagonals are large (the sub-histograms'
  // hot cells) or small.
  const unsigned agree_per_256 = in.ConsumeIntegral<std::uint8_t>();
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = alphabet[g.below(na)];
    b[i] = (g.next() & 255) < agree_per_256 ? a[i] : alphabet[g.below(na)];
    if ((g.next() & 4095) < rare_per_4096) a[i] = rare;
    if ((g.next() & 4095) < rare_per_4096) b[i] = rare;
  }
}

template <class T>
bool has_nan(const T* a, std::size_t n) {
  if constexpr (std::is_floating_point_v<T>) {
    for (std::size_t i = 0; i < n; ++i)
      if (std::isnan(a[i])) return true;
  } else {
    static_cast<void>(a);
    static_cast<void>(n);
  }
  return false;
}

// ---- binary counts --------------------------------------------------------

template <class T>
void check_binary(const T* t, const T* p, const double* w, std::size_t n, T pos) {
  // Naive: a map from (true is pos, pred is pos) to the count and weight.
  std::map<std::pair<bool, bool>, std::uint64_t> cells;
  std::map<std::pair<bool, bool>, double> wcells;
  bool any_other = false;
  for (std::size_t i = 0; i < n; ++i) {
    const std::pair<bool, bool> key{t[i] == pos, p[i] == pos};
    ++cells[key];
    wcells[key] += w[i];
    any_other = any_other || !key.first || !key.second;
  }
  const std::uint64_t both = cells[{true, true}];
  const std::uint64_t true_pos = both + cells[{true, false}];
  const std::uint64_t pred_pos = both + cells[{false, true}];
  const bool nan = has_nan(t, n) || has_nan(p, n);

  const auto ref = d::scalar::count_binary(t, p, n, pos);
  TALLY_FUZZ_CHECK(ref.both == both && ref.true_pos == true_pos && ref.pred_pos == pred_pos);
  TALLY_FUZZ_CHECK(ref.total == n && ref.any_other == any_other);
  if (any_other && !nan) {
    // The smallest and largest label other than pos, from a sorted copy.
    std::vector<T> others;
    for (std::size_t i = 0; i < n; ++i) {
      if (!(t[i] == pos)) others.push_back(t[i]);
      if (!(p[i] == pos)) others.push_back(p[i]);
    }
    std::sort(others.begin(), others.end());
    TALLY_FUZZ_CHECK(ref.other_min == others.front() && ref.other_max == others.back());
  }

  for (kernel_isa isa : runnable_isas()) {
    TALLY_FUZZ_CHECK(tally::set_kernel_isa(isa));
    const auto r = d::count_binary(t, p, n, pos);
    TALLY_FUZZ_CHECK(r.both == ref.both && r.true_pos == ref.true_pos &&
                     r.pred_pos == ref.pred_pos && r.total == ref.total);
    TALLY_FUZZ_CHECK(r.any_other == ref.any_other);
    if (ref.any_other && !nan)
      TALLY_FUZZ_CHECK(r.other_min == ref.other_min && r.other_max == ref.other_max);

    // Weighted (sums in sample order): equal to the scalar kernel bit for
    // bit, and to the naive sums, which are exact for these dyadic weights.
    const auto rw = d::count_binary_weighted(t, p, w, n, pos);
    const auto sw = d::scalar::count_binary_weighted(t, p, w, n, pos);
    TALLY_FUZZ_CHECK(rw.both == sw.both && rw.true_pos == sw.true_pos &&
                     rw.pred_pos == sw.pred_pos && rw.total == sw.total);
    TALLY_FUZZ_CHECK(rw.both == wcells[{true, true}]);
    TALLY_FUZZ_CHECK(rw.true_pos == wcells[{true, true}] + wcells[{true, false}]);
    TALLY_FUZZ_CHECK(rw.pred_pos == wcells[{true, true}] + wcells[{false, true}]);
  }
}

// ---- smallest and largest -------------------------------------------------

template <class T>
void check_minmax(const T* a, std::size_t n) {
  if (n == 0) return;
  const auto mm = std::minmax_element(a, a + n);
  for (kernel_isa isa : runnable_isas()) {
    TALLY_FUZZ_CHECK(tally::set_kernel_isa(isa));
    T lo{}, hi{};
    d::minmax(a, n, lo, hi);
    TALLY_FUZZ_CHECK(lo == *mm.first && hi == *mm.second);
  }
}

// ---- dense matrices -------------------------------------------------------

template <class T>
void check_matrix(const T* t, const T* p, const double* w, std::size_t n, T lo, std::size_t k) {
  // Naive: the first sample with a label outside [lo, lo + k), and a map of
  // the pairs before it.
  auto inside = [&](T v) {
    const wide_int off = static_cast<wide_int>(v) - static_cast<wide_int>(lo);
    return off >= 0 && off < static_cast<wide_int>(k);
  };
  std::size_t stop = n;
  std::map<std::pair<std::size_t, std::size_t>, std::uint64_t> cells;
  std::map<std::pair<std::size_t, std::size_t>, double> wcells;
  for (std::size_t i = 0; i < n; ++i) {
    if (!inside(t[i]) || !inside(p[i])) {
      stop = i;
      break;
    }
    const std::pair<std::size_t, std::size_t> key{
        static_cast<std::size_t>(static_cast<wide_int>(t[i]) - static_cast<wide_int>(lo)),
        static_cast<std::size_t>(static_cast<wide_int>(p[i]) - static_cast<wide_int>(lo))};
    ++cells[key];
    wcells[key] += w[i];
  }
  std::vector<std::uint64_t> expect(k * k, 0);
  std::vector<double> wexpect(k * k, 0.0);
  for (const auto& c : cells) expect[c.first.first * k + c.first.second] = c.second;
  for (const auto& c : wcells) wexpect[c.first.first * k + c.first.second] = c.second;

  std::vector<std::uint64_t> sref(k * k, 0);
  TALLY_FUZZ_CHECK(d::scalar::count_matrix(t, p, n, lo, k, sref.data()) == stop);
  TALLY_FUZZ_CHECK(sref == expect);

  for (kernel_isa isa : runnable_isas()) {
    TALLY_FUZZ_CHECK(tally::set_kernel_isa(isa));
    std::vector<std::uint64_t> cm(k * k, 0);
    TALLY_FUZZ_CHECK(d::count_matrix(t, p, n, lo, k, cm.data()) == stop);
    TALLY_FUZZ_CHECK(cm == expect);
    std::vector<double> wm(k * k, 0.0);
    TALLY_FUZZ_CHECK(d::count_matrix_weighted(t, p, w, n, lo, k, wm.data()) == stop);
    TALLY_FUZZ_CHECK(wm == wexpect);
  }
}

void check_indices(FuzzedDataProvider& in, rng& g, std::size_t n, std::size_t offset,
                   const double* w) {
  const std::size_t k = in.ConsumeIntegralInRange<std::size_t>(1, 200);
  const unsigned drop_per_256 = in.ConsumeIntegral<std::uint8_t>();
  placed<std::int32_t> t(offset, n), p(offset, n);
  for (std::size_t i = 0; i < n; ++i) {
    t.ptr[i] = static_cast<std::int32_t>(g.below(k));
    p.ptr[i] = (g.next() & 3) == 0 ? static_cast<std::int32_t>(g.below(k)) : t.ptr[i];
    if ((g.next() & 255) < drop_per_256) ((g.next() & 1) != 0 ? t.ptr[i] : p.ptr[i]) = -1;
  }
  std::map<std::pair<std::size_t, std::size_t>, std::uint64_t> cells;
  std::map<std::pair<std::size_t, std::size_t>, double> wcells;
  for (std::size_t i = 0; i < n; ++i) {
    if (t.ptr[i] < 0 || p.ptr[i] < 0) continue;
    const std::pair<std::size_t, std::size_t> key{static_cast<std::size_t>(t.ptr[i]),
                                                  static_cast<std::size_t>(p.ptr[i])};
    ++cells[key];
    wcells[key] += w[i];
  }
  std::vector<std::uint64_t> expect(k * k, 0);
  std::vector<double> wexpect(k * k, 0.0);
  for (const auto& c : cells) expect[c.first.first * k + c.first.second] = c.second;
  for (const auto& c : wcells) wexpect[c.first.first * k + c.first.second] = c.second;
  for (kernel_isa isa : runnable_isas()) {
    TALLY_FUZZ_CHECK(tally::set_kernel_isa(isa));
    std::vector<std::uint64_t> cm(k * k, 0);
    d::count_indices(t.ptr, p.ptr, n, k, cm.data());
    TALLY_FUZZ_CHECK(cm == expect);
    std::vector<double> wm(k * k, 0.0);
    d::count_indices_weighted(t.ptr, p.ptr, w, n, k, wm.data());
    TALLY_FUZZ_CHECK(wm == wexpect);
  }
}

// ---- multilabel indicator matrices ---------------------------------------

void check_multilabel(FuzzedDataProvider& in, rng& g, std::size_t offset) {
  const std::size_t labels = in.ConsumeIntegralInRange<std::size_t>(1, 130);
  const std::size_t rows = in.ConsumeIntegralInRange<std::size_t>(0, 600);
  const unsigned bad_per_65536 = in.ConsumeIntegralInRange<unsigned>(0, 8);
  const unsigned ones_per_256 = in.ConsumeIntegral<std::uint8_t>();
  const std::size_t total = rows * labels;
  placed<std::uint8_t> t(offset, total), p(offset, total);
  std::size_t first_bad = total;
  for (std::size_t i = 0; i < total; ++i) {
    t.ptr[i] = static_cast<std::uint8_t>((g.next() & 255) < ones_per_256);
    p.ptr[i] = (g.next() & 7) == 0 ? static_cast<std::uint8_t>(1 - t.ptr[i]) : t.ptr[i];
    if ((g.next() & 65535) < bad_per_65536) {
      ((g.next() & 1) != 0 ? t.ptr[i] : p.ptr[i]) = static_cast<std::uint8_t>(2 + g.below(254));
      if (first_bad == total) first_bad = i;
    }
  }
  std::map<std::size_t, std::uint64_t> tp, tc, pc;
  for (std::size_t i = 0; i < first_bad; ++i) {
    const std::size_t j = i % labels;
    tp[j] += static_cast<std::uint64_t>(t.ptr[i] == 1 && p.ptr[i] == 1);
    tc[j] += t.ptr[i];
    pc[j] += p.ptr[i];
  }
  for (kernel_isa isa : runnable_isas()) {
    TALLY_FUZZ_CHECK(tally::set_kernel_isa(isa));
    std::vector<std::uint64_t> a(labels, 0), b(labels, 0), c(labels, 0);
    const std::size_t r =
        d::count_multilabel(t.ptr, p.ptr, rows, labels, a.data(), b.data(), c.data());
    TALLY_FUZZ_CHECK(r == first_bad);
    if (r != total) continue; // counts are unspecified after a bad value
    for (std::size_t j = 0; j < labels; ++j)
      TALLY_FUZZ_CHECK(a[j] == tp[j] && b[j] == tc[j] && c[j] == pc[j]);
  }
}

template <class T>
void run_typed(FuzzedDataProvider& in, rng& g) {
  const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(
      0, in.ConsumeBool() ? 80 : (in.ConsumeIntegralInRange<int>(0, 7) == 0 ? 70000 : 6000));
  const std::size_t offset = in.ConsumeIntegralInRange<std::size_t>(0, 63);
  placed<T> t(offset, n), p(offset, n);
  std::vector<T> alphabet;
  fill_labels(in, g, t.ptr, p.ptr, n, alphabet);
  std::vector<double> w(n);
  for (double& x : w) x = static_cast<double>(g.below(64)) / 4.0;

  const T pos = in.ConsumeBool() ? alphabet[0] : pick_value<T>(in);
  check_binary(t.ptr, p.ptr, w.data(), n, pos);
  if constexpr (std::is_integral_v<T>) {
    check_minmax(t.ptr, n);
    if constexpr (!std::is_same_v<T, bool>) {
      // lo: the smallest alphabet value, shifted a little; k: small or not.
      T lo = *std::min_element(alphabet.begin(), alphabet.end());
      const int shift = in.ConsumeIntegralInRange<int>(-2, 2);
      const auto step = static_cast<T>(shift < 0 ? -shift : shift);
      if (shift < 0 && lo > (std::numeric_limits<T>::min)() + 2) lo = static_cast<T>(lo - step);
      if (shift > 0 && lo < (std::numeric_limits<T>::max)() - 2) lo = static_cast<T>(lo + step);
      const std::size_t k = in.ConsumeIntegralInRange<std::size_t>(1, in.ConsumeBool() ? 16 : 300);
      check_matrix(t.ptr, p.ptr, w.data(), n, lo, k);
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  rng g{in.ConsumeIntegral<std::uint64_t>() | 1};
  switch (in.ConsumeIntegralInRange<int>(0, 13)) {
  case 0:
    run_typed<std::uint8_t>(in, g);
    break;
  case 1:
    run_typed<std::int8_t>(in, g);
    break;
  case 2:
    run_typed<std::uint16_t>(in, g);
    break;
  case 3:
    run_typed<std::int16_t>(in, g);
    break;
  case 4:
    run_typed<std::uint32_t>(in, g);
    break;
  case 5:
    run_typed<std::int32_t>(in, g);
    break;
  case 6:
    run_typed<std::uint64_t>(in, g);
    break;
  case 7:
    run_typed<std::int64_t>(in, g);
    break;
  case 8:
    run_typed<float>(in, g);
    break;
  case 9:
    run_typed<double>(in, g);
    break;
  case 10:
    run_typed<bool>(in, g);
    break;
  case 11:
    run_typed<char>(in, g);
    break;
  case 12: {
    const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, 6000);
    std::vector<double> w(n);
    for (double& x : w) x = static_cast<double>(g.below(64)) / 4.0;
    check_indices(in, g, n, in.ConsumeIntegralInRange<std::size_t>(0, 15), w.data());
    break;
  }
  default:
    check_multilabel(in, g, in.ConsumeIntegralInRange<std::size_t>(0, 63));
    break;
  }
  tally::reset_kernel_isa();
  return 0;
}
