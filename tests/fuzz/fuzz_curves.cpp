// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Score curves on scores with many ties, NaN and infinities, with and
// without weights. A non-finite score must throw std::invalid_argument
// (never crash or return a number); finite scores must give monotone curves
// whose ROC AUC equals the Mann-Whitney statistic (ties count one half),
// and the streaming curve_accumulator, fed in random batches, must agree.
// Weights scaled by any power of two give the same ROC AUC and AP. The same
// labels and scores, cut into rows, feed the multilabel ranking metrics,
// which must throw on non-finite scores and stay within their ranges.

#include "common.hpp"

#include <tally/accumulators.hpp>
#include <tally/label_ranking.hpp>
#include <tally/ranking.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace {

bool close(double a, double b, double tol = 1e-9) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= tol * (1.0 + std::fabs(a) + std::fabs(b));
}

double pick_score(FuzzedDataProvider& in, bool allow_non_finite) {
  const int kind = in.ConsumeIntegralInRange<int>(0, 31);
  if (allow_non_finite && kind == 0) return std::numeric_limits<double>::quiet_NaN();
  if (allow_non_finite && kind == 1) return std::numeric_limits<double>::infinity();
  if (allow_non_finite && kind == 2) return -std::numeric_limits<double>::infinity();
  if (kind == 3) return -0.0;
  if (kind == 4) return (std::numeric_limits<double>::max)();
  if (kind == 5) return std::numeric_limits<double>::denorm_min();
  if (kind < 20) return static_cast<double>(in.ConsumeIntegralInRange<int>(0, 4)) / 4.0; // ties
  return in.ConsumeFloatingPointInRange<double>(-1e6, 1e6);
}

// Weighted Mann-Whitney: the weight of positive-negative pairs ordered
// correctly plus half the weight of tied pairs, over all pairs' weight.
double mann_whitney(const std::vector<int>& y, const std::vector<double>& s,
                    const std::vector<double>& w) {
  double good = 0, pairs = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 1) continue;
    for (std::size_t j = 0; j < y.size(); ++j) {
      if (y[j] == 1) continue;
      const double pw = w[i] * w[j];
      pairs += pw;
      if (s[i] > s[j])
        good += pw;
      else if (s[i] == s[j])
        good += pw / 2;
    }
  }
  return pairs > 0 ? good / pairs : std::numeric_limits<double>::quiet_NaN();
}

template <class F>
bool throws_invalid(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument&) {
    return true;
  }
  return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const bool allow_non_finite = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  const bool weighted = in.ConsumeBool();
  const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(1, 200);
  const int neg_label = in.ConsumeBool() ? 0 : -1;
  std::vector<int> y(n);
  std::vector<double> s(n), w(n, 1.0);
  bool finite = true;
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = in.ConsumeBool() ? 1 : neg_label;
    s[i] = pick_score(in, allow_non_finite);
    finite = finite && std::isfinite(s[i]);
    if (weighted) w[i] = static_cast<double>(in.ConsumeIntegralInRange<int>(0, 8)) / 2.0;
  }

  {
    // n labels and scores as rows of L columns (the last partial row dropped)
    const std::size_t L = in.ConsumeIntegralInRange<std::size_t>(1, 8);
    const std::size_t rows = n / L;
    if (rows > 0) {
      std::vector<std::vector<int>> Y(rows, std::vector<int>(L));
      std::vector<std::vector<double>> S(rows, std::vector<double>(L));
      std::vector<double> rw(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(rows));
      bool rows_finite = true, any_weight = false;
      for (std::size_t r = 0; r < rows; ++r) {
        any_weight = any_weight || rw[r] != 0;
        for (std::size_t j = 0; j < L; ++j) {
          Y[r][j] = y[r * L + j] == 1 ? 1 : 0;
          S[r][j] = s[r * L + j];
          rows_finite = rows_finite && std::isfinite(S[r][j]);
        }
      }
      const auto wt = tally::sample_weight(rw);
      if (!rows_finite) {
        TALLY_FUZZ_CHECK(throws_invalid(
            [&] { static_cast<void>(tally::label_ranking_average_precision_score(Y, S)); }));
        TALLY_FUZZ_CHECK(throws_invalid([&] { static_cast<void>(tally::coverage_error(Y, S)); }));
        TALLY_FUZZ_CHECK(
            throws_invalid([&] { static_cast<void>(tally::label_ranking_loss(Y, S)); }));
      } else {
        const double lrap = weighted ? tally::label_ranking_average_precision_score(Y, S, wt)
                                     : tally::label_ranking_average_precision_score(Y, S);
        if (weighted && !any_weight)
          TALLY_FUZZ_CHECK(std::isnan(lrap));
        else
          TALLY_FUZZ_CHECK(lrap > 0 && lrap <= 1 + 1e-12);
        if (L == 1) {
          TALLY_FUZZ_CHECK((weighted && !any_weight) || close(lrap, 1.0));
          TALLY_FUZZ_CHECK(throws_invalid([&] { static_cast<void>(tally::coverage_error(Y, S)); }));
        } else if (!weighted || any_weight) {
          const double cov =
              weighted ? tally::coverage_error(Y, S, wt) : tally::coverage_error(Y, S);
          const double loss =
              weighted ? tally::label_ranking_loss(Y, S, wt) : tally::label_ranking_loss(Y, S);
          TALLY_FUZZ_CHECK(cov >= 0 && cov <= static_cast<double>(L) + 1e-9);
          TALLY_FUZZ_CHECK(loss >= 0 && loss <= 1 + 1e-12);
        }
      }
    }
  }

  if (!finite) {
    TALLY_FUZZ_CHECK(throws_invalid([&] { static_cast<void>(tally::roc_curve(y, s)); }));
    TALLY_FUZZ_CHECK(throws_invalid([&] { static_cast<void>(tally::roc_auc_score(y, s)); }));
    TALLY_FUZZ_CHECK(
        throws_invalid([&] { static_cast<void>(tally::precision_recall_curve(y, s)); }));
    TALLY_FUZZ_CHECK(
        throws_invalid([&] { static_cast<void>(tally::average_precision_score(y, s)); }));
    TALLY_FUZZ_CHECK(throws_invalid([&] { static_cast<void>(tally::det_curve(y, s)); }));
    tally::curve_accumulator<> acc;
    TALLY_FUZZ_CHECK(throws_invalid([&] { acc.update(y, s); }));
    return 0;
  }

  bool has_pos = false, has_neg = false;
  double wpos = 0, wneg = 0;
  for (std::size_t i = 0; i < n; ++i) {
    (y[i] == 1 ? has_pos : has_neg) = true;
    (y[i] == 1 ? wpos : wneg) += w[i];
  }

  const auto sw = tally::sample_weight(w);
  if (wpos + wneg == 0) {
    // Every sample has weight zero: no threshold exists (a documented error).
    TALLY_FUZZ_CHECK(throws_invalid([&] { static_cast<void>(tally::roc_curve(y, s, sw)); }));
    return 0;
  }
  const double auc = weighted ? tally::roc_auc_score(y, s, sw) : tally::roc_auc_score(y, s);
  const double mw = mann_whitney(y, s, w);
  if (has_pos && has_neg && wpos > 0 && wneg > 0) {
    TALLY_FUZZ_CHECK(close(auc, mw));
    TALLY_FUZZ_CHECK(auc >= 0 && auc <= 1);
  } else {
    TALLY_FUZZ_CHECK(std::isnan(auc));
  }

  const auto roc = weighted ? tally::roc_curve(y, s, sw) : tally::roc_curve(y, s);
  TALLY_FUZZ_CHECK(roc.fpr.size() == roc.tpr.size() && roc.tpr.size() == roc.thresholds.size());
  TALLY_FUZZ_CHECK(!roc.thresholds.empty() && std::isinf(roc.thresholds[0]));
  for (std::size_t i = 1; i < roc.fpr.size(); ++i) {
    TALLY_FUZZ_CHECK(roc.thresholds[i] < roc.thresholds[i - 1]);
    if (!std::isnan(roc.fpr[i])) TALLY_FUZZ_CHECK(roc.fpr[i] >= roc.fpr[i - 1]);
    if (!std::isnan(roc.tpr[i])) TALLY_FUZZ_CHECK(roc.tpr[i] >= roc.tpr[i - 1]);
  }
  if (wpos > 0 && wneg > 0) {
    TALLY_FUZZ_CHECK(close(roc.fpr.back(), 1.0) && close(roc.tpr.back(), 1.0));
    TALLY_FUZZ_CHECK(close(tally::auc(roc.fpr, roc.tpr), mw));
  }

  const auto pr =
      weighted ? tally::precision_recall_curve(y, s, sw) : tally::precision_recall_curve(y, s);
  TALLY_FUZZ_CHECK(pr.precision.size() == pr.recall.size() &&
                   pr.thresholds.size() + 1 == pr.precision.size());
  TALLY_FUZZ_CHECK(pr.precision.back() == 1.0 && pr.recall.back() == 0.0);
  for (std::size_t i = 0; i < pr.precision.size(); ++i) {
    TALLY_FUZZ_CHECK(pr.precision[i] >= 0 && pr.precision[i] <= 1);
    if (!std::isnan(pr.recall[i])) TALLY_FUZZ_CHECK(pr.recall[i] >= 0 && pr.recall[i] <= 1);
    if (i > 0 && !std::isnan(pr.recall[i])) TALLY_FUZZ_CHECK(pr.recall[i] <= pr.recall[i - 1]);
  }
  const double ap =
      weighted ? tally::average_precision_score(y, s, sw) : tally::average_precision_score(y, s);
  if (wpos > 0) TALLY_FUZZ_CHECK(ap >= 0 && ap <= 1);

  // Scaling every weight by a power of two (exact, down to subnormal or up
  // near the largest double) changes neither ROC AUC nor AP.
  if (weighted) {
    const double unit = std::ldexp(1.0, in.ConsumeIntegralInRange<int>(-1070, 1000));
    std::vector<double> ws(w);
    for (double& x : ws) x *= unit;
    const auto sws = tally::sample_weight(ws);
    TALLY_FUZZ_CHECK(close(tally::roc_auc_score(y, s, sws), auc));
    TALLY_FUZZ_CHECK(close(tally::average_precision_score(y, s, sws), ap));
  }

  if (has_pos && has_neg) {
    const auto det = weighted ? tally::det_curve(y, s, sw) : tally::det_curve(y, s);
    TALLY_FUZZ_CHECK(det.fpr.size() == det.fnr.size());
    for (std::size_t i = 0; i < det.fpr.size(); ++i) {
      if (!std::isnan(det.fpr[i])) TALLY_FUZZ_CHECK(det.fpr[i] >= 0 && det.fpr[i] <= 1);
      if (!std::isnan(det.fnr[i])) TALLY_FUZZ_CHECK(det.fnr[i] >= 0 && det.fnr[i] <= 1);
    }
  }

  // The same data streamed in batches, then merged from two halves.
  tally::curve_accumulator<double, int> a, b;
  std::size_t at = 0;
  bool first = true;
  while (at < n) {
    const std::size_t len = in.ConsumeIntegralInRange<std::size_t>(1, n - at);
    const std::vector<int> yb(y.begin() + static_cast<std::ptrdiff_t>(at),
                              y.begin() + static_cast<std::ptrdiff_t>(at + len));
    const std::vector<double> sb(s.begin() + static_cast<std::ptrdiff_t>(at),
                                 s.begin() + static_cast<std::ptrdiff_t>(at + len));
    const std::vector<double> wb(w.begin() + static_cast<std::ptrdiff_t>(at),
                                 w.begin() + static_cast<std::ptrdiff_t>(at + len));
    (first ? a : b).update(yb, sb, wb);
    first = !first;
    at += len;
  }
  a += b;
  const double streamed = a.roc_auc();
  if (wpos > 0 && wneg > 0)
    TALLY_FUZZ_CHECK(close(streamed, mw));
  else
    TALLY_FUZZ_CHECK(std::isnan(streamed));
  return 0;
}
