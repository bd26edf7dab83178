// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_CURVE_AREA_HPP
#define TALLY_DETAIL_CURVE_AREA_HPP

// ROC AUC and average precision from a walk over the distinct thresholds of
// a binary problem, whatever holds the counts (sorted samples, an exact score
// table, a binned grid). Used by tally/ranking.hpp's one-shot functions and
// by tally/accumulators.hpp, so both give the same bits on the same counts.

#include "../config.hpp"

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
