// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Label mapping through the public functions: strings, sparse 64-bit
// integers, dense small integers and whole-number doubles, checked against a
// naive count in a std::map. Wrong input (different lengths, empty input,
// non-integral or non-finite floating labels) must throw
// std::invalid_argument and nothing else.

#include "common.hpp"

#include <tally/classification.hpp>
#include <tally/confusion_matrix.hpp>
#include <tally/metrics.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

bool close(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= 1e-9 * (1.0 + std::fabs(a) + std::fabs(b));
}

template <class L>
L make_label(FuzzedDataProvider& in, int kind);

template <>
std::string make_label<std::string>(FuzzedDataProvider& in, int) {
  return in.ConsumeRandomLengthString(6);
}
template <>
std::int64_t make_label<std::int64_t>(FuzzedDataProvider& in, int kind) {
  if (kind == 0) return in.ConsumeIntegralInRange<std::int64_t>(0, 9); // dense
  return in.ConsumeIntegral<std::int64_t>();                           // sparse
}
template <>
double make_label<double>(FuzzedDataProvider& in, int) {
  switch (in.ConsumeIntegralInRange<int>(0, 15)) {
  case 0:
    return 0.5;
  case 1:
    return std::nan("");
  case 2:
    return -0.0;
  case 3:
    return 1e300;
  default:
    return static_cast<double>(in.ConsumeIntegralInRange<int>(-3, 6));
  }
}

template <class L>
bool valid_label(const L& v) {
  if constexpr (std::is_same_v<L, double>)
    return std::isfinite(v) && v == std::floor(v);
  else {
    static_cast<void>(v);
    return true;
  }
}

// The order tally (and scikit-learn) sort labels in; -0.0 and 0.0 are one
// label.
template <class L>
L canonical(const L& v) {
  if constexpr (std::is_same_v<L, double>)
    return v + 0.0;
  else
    return v;
}

template <class L>
void run(FuzzedDataProvider& in, int kind) {
  std::vector<L> alphabet(in.ConsumeIntegralInRange<std::size_t>(1, 12));
  for (L& a : alphabet) a = make_label<L>(in, kind);
  std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, 300);
  std::size_t n_pred = n;
  if (in.ConsumeIntegralInRange<int>(0, 15) == 0)
    n_pred = in.ConsumeIntegralInRange<std::size_t>(0, 300);
  std::vector<L> yt, yp;
  for (std::size_t i = 0; i < n; ++i)
    yt.push_back(alphabet[in.ConsumeIntegralInRange<std::size_t>(0, alphabet.size() - 1)]);
  for (std::size_t i = 0; i < n_pred; ++i)
    yp.push_back(alphabet[in.ConsumeIntegralInRange<std::size_t>(0, alphabet.size() - 1)]);

  bool ok = n == n_pred && n > 0;
  for (const L& v : yt) ok = ok && valid_label(v);
  for (const L& v : yp) ok = ok && valid_label(v);
  if (!ok) {
    // Every function rejects this input with std::invalid_argument.
    bool threw = false;
    try {
      static_cast<void>(tally::count_matrix(yt, yp));
    } catch (const std::invalid_argument&) {
      threw = true;
    }
    TALLY_FUZZ_CHECK(threw);
    threw = false;
    try {
      static_cast<void>(tally::f1_score(yt, yp, tally::average::macro));
    } catch (const std::invalid_argument&) {
      threw = true;
    }
    TALLY_FUZZ_CHECK(threw);
    threw = false;
    try {
      static_cast<void>(tally::accuracy_score(yt, yp));
    } catch (const std::invalid_argument&) {
      threw = true;
    }
    TALLY_FUZZ_CHECK(threw);
    return;
  }

  // Naive count: a map from (true, predicted) to the number of samples.
  std::map<std::pair<L, L>, std::uint64_t> pairs;
  std::set<L> seen;
  for (std::size_t i = 0; i < n; ++i) {
    ++pairs[{canonical(yt[i]), canonical(yp[i])}];
    seen.insert(canonical(yt[i]));
    seen.insert(canonical(yp[i]));
  }
  const std::vector<L> labels(seen.begin(), seen.end());
  const std::size_t k = labels.size();

  const auto lm = tally::count_matrix(yt, yp);
  TALLY_FUZZ_CHECK(lm.labels.size() == k && lm.counts.n_classes() == k);
  for (std::size_t i = 0; i < k; ++i) TALLY_FUZZ_CHECK(lm.labels[i] == labels[i]);
  std::uint64_t diag = 0;
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      const auto it = pairs.find({labels[i], labels[j]});
      TALLY_FUZZ_CHECK(lm.counts(i, j) == (it == pairs.end() ? 0 : it->second));
    }
    diag += lm.counts(i, i);
  }

  const auto cm = tally::confusion_matrix(yt, yp);
  TALLY_FUZZ_CHECK(cm == lm.counts);

  // A chosen label list: some seen labels, maybe some unseen ones, in the
  // order given; samples with other labels are dropped.
  std::vector<L> chosen;
  std::set<L> chosen_set;
  const std::size_t n_chosen = in.ConsumeIntegralInRange<std::size_t>(1, alphabet.size());
  for (std::size_t i = 0; i < n_chosen; ++i) {
    const L v = canonical(alphabet[in.ConsumeIntegralInRange<std::size_t>(0, alphabet.size() - 1)]);
    if (valid_label(v) && chosen_set.insert(v).second) chosen.push_back(v);
  }
  if (!chosen.empty()) {
    bool any_true = false;
    for (const L& v : yt) any_true = any_true || chosen_set.count(canonical(v)) != 0;
    try {
      const auto sub = tally::confusion_matrix(yt, yp, tally::labels(chosen));
      TALLY_FUZZ_CHECK(sub.n_classes() == chosen.size());
      for (std::size_t i = 0; i < chosen.size(); ++i)
        for (std::size_t j = 0; j < chosen.size(); ++j) {
          const auto it = pairs.find({chosen[i], chosen[j]});
          TALLY_FUZZ_CHECK(sub(i, j) == (it == pairs.end() ? 0 : it->second));
        }
    } catch (const std::invalid_argument&) {
      // scikit-learn's rule: at least one chosen label must be in y_true.
      TALLY_FUZZ_CHECK(!any_true);
    }
  }

  // Scores against the naive counts.
  const double acc = tally::accuracy_score(yt, yp);
  TALLY_FUZZ_CHECK(close(acc, static_cast<double>(diag) / static_cast<double>(n)));

  double f1_sum = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const double tp = static_cast<double>(lm.counts(i, i));
    const double fp = static_cast<double>(lm.counts.pred_count(i)) - tp;
    const double fn = static_cast<double>(lm.counts.true_count(i)) - tp;
    f1_sum += 2 * tp / (2 * tp + fp + fn); // never 0/0: every label was seen
  }
  const double f1 = tally::f1_score(yt, yp, tally::average::macro);
  TALLY_FUZZ_CHECK(close(f1, f1_sum / static_cast<double>(k)));
  TALLY_FUZZ_CHECK(f1 >= 0 && f1 <= 1);

  const double mcc = tally::matthews_corrcoef(yt, yp);
  TALLY_FUZZ_CHECK(mcc >= -1 - 1e-12 && mcc <= 1 + 1e-12);
  TALLY_FUZZ_CHECK(close(mcc, tally::matthews_corrcoef(yp, yt)));
  const double kappa = tally::cohen_kappa_score(yt, yp);
  TALLY_FUZZ_CHECK(std::isnan(kappa) || (kappa >= -1 - 1e-12 && kappa <= 1 + 1e-12));
  TALLY_FUZZ_CHECK(close(kappa, tally::cohen_kappa_score(yp, yt)));

  // One-vs-rest counts of one label.
  const L pos = labels[in.ConsumeIntegralInRange<std::size_t>(0, k - 1)];
  const auto b = tally::count_binary(yt, yp, tally::pos_label(pos));
  tally::binary_counts<> expect;
  for (const auto& pr : pairs) {
    const bool t = pr.first.first == pos, p = pr.first.second == pos;
    (t ? (p ? expect.tp : expect.fn) : (p ? expect.fp : expect.tn)) += pr.second;
  }
  TALLY_FUZZ_CHECK(b == expect);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
  case 0:
    run<std::string>(in, 0);
    break;
  case 1:
    run<std::int64_t>(in, 0);
    break;
  case 2:
    run<std::int64_t>(in, 1);
    break;
  default:
    run<double>(in, 0);
    break;
  }
  return 0;
}
