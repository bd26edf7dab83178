// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_RANKING_HPP
#define TALLY_RANKING_HPP

// Score-based (ranking) metrics with scikit-learn 1.9 semantics:
//
//   roc_curve                      -> {fpr, tpr, thresholds}
//   roc_auc_score                  -> double (binary, max_fpr, multilabel,
//                                     multiclass ovr / ovo)
//   precision_recall_curve         -> {precision, recall, thresholds}
//   average_precision_score        -> double
//   det_curve                      -> {fpr, fnr, thresholds}
//   confusion_matrix_at_thresholds -> {tns, fps, fns, tps, thresholds}
//   auc(x, y)                      -> trapezoidal area
//
// and, beyond scikit-learn:
//
//   metric_at_thresholds(y_true, y_score, f)  any function of binary_counts
//                                             at every distinct threshold
//   best_threshold(y_true, y_score, f, goal)  the threshold maximizing or
//                                             minimizing it
//   cost_matrix(c_tn, c_fp, c_fn, c_tp)       mean cost, usable as f
//   roc_auc_score(..., multi_class::ovo, sample_weight(w))
//                                             weighted Hand & Till AUC
//
// A sample is predicted positive at threshold t when score >= t; equal scores
// share one threshold. Everything is O(n log n) in the sort and linear after
// it; the sort is a radix sort of score keys (detail/sort.hpp).
//
// Scores: any range of float, double or integers (float is kept as float,
// everything else becomes double), or for multiclass / multilabel an n x K
// row-major buffer (tally::row_major(data, K)) or a range of rows.

#include "config.hpp"
#include "counts.hpp"
#include "detail/curve_area.hpp"
#include "detail/error.hpp"
#include "detail/score_input.hpp"
#include "detail/sort.hpp"
#include "detail/traits.hpp"
#include "options.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {
struct drop_intermediate_kind {};
struct max_fpr_kind {};
struct multi_class_kind {};
} // namespace detail

/// Drop points that do not change the shape of the curve (roc_curve: default
/// true; precision_recall_curve, det_curve: default false).
struct drop_intermediate {
  using option_kind = detail::drop_intermediate_kind;
  bool value = true;
  constexpr explicit drop_intermediate(bool v = true) noexcept : value(v) {}
};

/// Standardized partial ROC AUC over fpr in [0, max_fpr] (McClish), binary
/// and multilabel only. max_fpr must be in (0, 1].
struct max_fpr {
  using option_kind = detail::max_fpr_kind;
  double value = 1.0;
  constexpr explicit max_fpr(double v) noexcept : value(v) {}
};

/// Multiclass ROC AUC scheme (scikit-learn's multi_class). `raise` (the
/// default) refuses multiclass input, as scikit-learn does.
enum class multi_class { raise, ovr, ovo };

/// Whether best_threshold looks for the largest or the smallest value.
enum class goal { maximize, minimize };

namespace detail {
template <>
struct option_kind_of<multi_class> {
  using type = multi_class_kind;
};
} // namespace detail

/// roc_curve's result: false and true positive rates at decreasing
/// thresholds; the first threshold is +inf (nothing predicted positive).
struct roc_curve_result {
  std::vector<double> fpr;
  std::vector<double> tpr;
  std::vector<double> thresholds;
};

/// precision_recall_curve's result: precision and recall at increasing
/// thresholds, ending with precision 1 and recall 0 (no threshold).
struct precision_recall_curve_result {
  std::vector<double> precision;
  std::vector<double> recall;
  std::vector<double> thresholds;
};

/// det_curve's result: false positive and false negative rates.
struct det_curve_result {
  std::vector<double> fpr;
  std::vector<double> fnr;
  std::vector<double> thresholds;
};

/// confusion_matrix_at_thresholds' result: the four cells at every distinct
/// score (decreasing thresholds; predicted positive when score >= threshold).
struct thresholds_confusion_result {
  std::vector<double> tns;
  std::vector<double> fps;
  std::vector<double> fns;
  std::vector<double> tps;
  std::vector<double> thresholds;
};

/// metric_at_thresholds' result (the order of scikit-learn's tuple).
struct metric_at_thresholds_result {
  std::vector<double> values;
  std::vector<double> thresholds;
};

/// best_threshold's result.
struct best_threshold_result {
  double threshold = 0;         ///< predicted positive when score >= threshold
  double value = 0;             ///< the metric there
  binary_counts<double> counts; ///< the confusion matrix there
};

/// Mean misclassification cost of a confusion matrix: (c_tn tn + c_fp fp +
/// c_fn fn + c_tp tp) / total. Pass to best_threshold with goal::minimize.
struct cost_matrix {
  double c_tn = 0, c_fp = 1, c_fn = 1, c_tp = 0;
  constexpr cost_matrix(double tn_cost, double fp_cost, double fn_cost, double tp_cost) noexcept
      : c_tn(tn_cost), c_fp(fp_cost), c_fn(fn_cost), c_tp(tp_cost) {}
  template <class T>
  [[nodiscard]] constexpr double operator()(const binary_counts<T>& c) const noexcept {
    const double total = static_cast<double>(c.tp + c.fp + c.fn + c.tn);
    const double cost = c_tn * static_cast<double>(c.tn) + c_fp * static_cast<double>(c.fp) +
                        c_fn * static_cast<double>(c.fn) + c_tp * static_cast<double>(c.tp);
    return total == 0 ? 0.0 : cost / total;
  }
};

namespace detail {

inline constexpr double score_nan = std::numeric_limits<double>::quiet_NaN();

// ------------------------------------------------------------------ core --

/// Calls emit(threshold, tps, fps) for every distinct score, in decreasing
/// order, where tps / fps are the (weighted) numbers of positives /
/// negatives with score >= threshold. Scores are s[i * stride]; y[i] != 0
/// marks positives; w (nullable) weights, zero-weight samples are skipped.
/// Unweighted totals are std::uint64_t, weighted ones double (running sums
/// in stable descending order, as scikit-learn's cumulative sum).
/// Key range check after sorting: NaN and infinite scores have keys outside
/// the keys of the finite doubles / floats.
template <class T>
[[nodiscard]] bool finite_key_range(float_key_t<T> lo, float_key_t<T> hi) noexcept {
  const T big = std::numeric_limits<T>::infinity();
  // descending keys: +inf has the smallest key of the non-NaN values
  return lo > descending_key(big) && hi < descending_key(-big);
}

/// Throws naming the first non-finite score.
template <class T>
[[noreturn]] void throw_non_finite(const T* s, std::size_t stride, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(s[i * stride]))
      throw_invalid_argument("y_score contains a non-finite value (" + to_text(s[i * stride]) +
                             " at index " + std::to_string(i) + ")");
  throw_invalid_argument("y_score contains a non-finite value");
}

/// Sorts the keys of the positives (pk) and negatives (nk) and walks them
/// as walk_thresholds does. Returns false, without walking, when a key is
/// not that of a finite score.
template <class T, class Emit>
bool walk_parts(float_key_t<T>* pk, std::size_t np, float_key_t<T>* nk, std::size_t nn,
                Emit&& emit) {
  using K = float_key_t<T>;
  std::unique_ptr<K[]> scratch(new K[(std::max)(np, nn) + 1]);
  radix_sort(pk, np, scratch.get());
  radix_sort(nk, nn, scratch.get());
  K lo = (std::numeric_limits<K>::max)(), hi = 0;
  if (np) lo = (std::min)(lo, pk[0]), hi = (std::max)(hi, pk[np - 1]);
  if (nn) lo = (std::min)(lo, nk[0]), hi = (std::max)(hi, nk[nn - 1]);
  if ((np || nn) && !finite_key_range<T>(lo, hi)) return false;
  merge_runs(pk, np, nk, nn, [&](K k, std::uint64_t tp, std::uint64_t fp) {
    emit(from_descending_key<T>(k), tp, fp);
  });
  return true;
}

/// The unweighted walk with positives given by a predicate is_pos(i).
///
/// Small inputs: the keys of the positives are written to the front and
/// those of the negatives to the back of one buffer, each part is radix
/// sorted, and the parts are merged.
///
/// Large inputs: (1) one pass finds the key range (and rejects non-finite
/// scores); (2) one pass counts, per class, the keys of each top digit (11
/// bits just below the bits all keys share); (3) one pass scatters the keys
/// into their class and digit bucket. Equal digits of the two classes then
/// cover the same key interval, so each pair of buckets is sorted and merged
/// while it is in cache, digit after digit, with running totals carried
/// from bucket to bucket.
template <class T, class Pos, class Emit>
void walk_unweighted_by(const T* s, std::size_t stride, Pos&& is_pos, std::size_t n, Emit&& emit) {
  using K = float_key_t<T>;
  constexpr std::size_t bucketed_from = std::size_t{1} << 16;
  if (n < bucketed_from) {
    std::unique_ptr<K[]> keys(new K[n + 1]); // no zero-fill: every slot is written
    std::size_t front = 0, back = n;
    for (std::size_t i = 0; i < n; ++i) {
      const K k = descending_key(s[i * stride]);
      const bool pos = is_pos(i);
      back -= static_cast<std::size_t>(!pos);
      keys[pos ? front : back] = k;
      front += static_cast<std::size_t>(pos);
    }
    if (!walk_parts<T>(keys.get(), front, keys.get() + front, n - front, emit))
      throw_non_finite(s, stride, n);
    return;
  }
  // (1) key range
  K lo = (std::numeric_limits<K>::max)(), hi = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const K k = descending_key(s[i * stride]);
    lo = (std::min)(lo, k);
    hi = (std::max)(hi, k);
  }
  if (!finite_key_range<T>(lo, hi)) throw_non_finite(s, stride, n);
  K diff = static_cast<K>(lo ^ hi);
  unsigned top = 0;
  while (diff != 0) diff = static_cast<K>(diff >> 1), ++top;
  const unsigned bits = (std::min)(radix::digit_bits, top);
  const unsigned shift = top - bits;
  const std::size_t nb = std::size_t{1} << bits;
  const K mask = static_cast<K>(nb - 1);
  // (2) counts per digit
  std::vector<std::size_t> at(nb + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const K k = descending_key(s[i * stride]);
    ++at[static_cast<std::size_t>((k >> shift) & mask) + 1];
  }
  std::size_t largest = 0;
  for (std::size_t d = 0; d < nb; ++d) {
    largest = (std::max)(largest, at[d + 1]);
    at[d + 1] += at[d];
  }
  // (3) scatter (key << 1 | is positive): within a bucket every key has the
  // same bits from `shift` up, so dropping the top bit keeps their order
  using W = std::uint64_t;
  large_buffer<W> keys(n + 1);
  {
    std::vector<std::size_t> next(at.begin(), at.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {
      const K k = descending_key(s[i * stride]);
      const std::size_t d = static_cast<std::size_t>((k >> shift) & mask);
      keys.get()[next[d]++] = (static_cast<W>(k) << 1) | static_cast<W>(is_pos(i) ? 1u : 0u);
    }
  }
  // buckets in order: sort in cache, then one pass over groups of equal keys
  std::unique_ptr<W[]> scratch(new W[largest + 1]);
  const unsigned above = shift + bits; // bits from here up are common to all keys
  const K common = above >= sizeof(K) * 8 ? K{0} : static_cast<K>((lo >> above) << above);
  std::uint64_t tp = 0, fp = 0;
  for (std::size_t d = 0; d < nb; ++d) {
    const std::size_t b0 = at[d], m = at[d + 1] - b0;
    if (m == 0) continue;
    W* c = keys.get() + b0;
    radix_sort(c, m, scratch.get());
    // the bit lost by the shift: the top bit of the bucket's common prefix
    const K prefix = static_cast<K>(common | (static_cast<K>(d) << shift));
    const W lost = sizeof(K) == 8 ? static_cast<W>(prefix) & (W{1} << 63) : W{0};
    std::size_t i = 0;
    while (i < m) {
      const W g = c[i] >> 1;
      std::uint64_t np = 0, nn = 0;
      do {
        const W bit = c[i] & 1u;
        np += bit;
        nn += 1u - bit;
        ++i;
      } while (i < m && (c[i] >> 1) == g);
      tp += np;
      fp += nn;
      emit(from_descending_key<T>(static_cast<K>(g | lost)), tp, fp);
    }
  }
}

/// The distinct values of raw labels, as long as there are at most two.
template <class K>
struct two_labels {
  K first{}, second{};
  bool has_second = false;
  bool third = false; ///< a third distinct value exists
};

template <class K>
two_labels<K> scan_two_labels(const K* v, std::size_t n) noexcept {
  two_labels<K> r;
  if (n == 0) return r;
  r.first = v[0];
  for (std::size_t i = 0; i < n; ++i) {
    const K x = v[i];
    if (TALLY_LIKELY(x == r.first || (r.has_second && x == r.second))) continue;
    if (r.has_second) {
      r.third = true;
      break;
    }
    r.second = x;
    r.has_second = true;
  }
  return r;
}

// Whether labels of type Y can take the single-pass binary path.
template <class Y>
constexpr bool raw_binary_labels() {
  if constexpr (is_2d_v<Y>) {
    return false;
  } else if constexpr (!is_contiguous_v<const Y>) {
    return false;
  } else {
    using V = range_value_t<const Y>;
    return std::is_integral_v<V> && !std::is_same_v<V, bool> && std::is_same_v<V, label_key_t<Y>>;
  }
}
template <class Y>
inline constexpr bool raw_binary_labels_v = raw_binary_labels<Y>();

template <class T, class Emit>
void walk_unweighted(const T* s, std::size_t stride, const std::uint8_t* y, std::size_t n,
                     Emit&& emit) {
  walk_unweighted_by(
      s, stride, [y](std::size_t i) { return y[i] != 0; }, n, emit);
}

template <class T, class Emit>
void walk_weighted(const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                   std::size_t n, Emit&& emit) {
  using K = float_key_t<T>;
  std::size_t np = 0, nn = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (w[i] != 0) (y[i] ? np : nn) += 1;
  if (np + nn == 0 && n > 0)
    throw_invalid_argument("sample_weight: every sample has weight zero, no threshold remains");
  std::vector<K> keys(np + nn);
  std::vector<double> ws(np + nn);
  // Filled from the last sample to the first: the stable sort then keeps
  // tied scores in decreasing sample order, the order of scikit-learn's
  // reversed ascending stable sort, so every running sum adds the same
  // weights in the same order and rounds the same way.
  std::size_t ip = 0, in = np;
  for (std::size_t i = n; i-- > 0;) {
    if (w[i] == 0) continue;
    const std::size_t at = y[i] ? ip++ : in++;
    keys[at] = descending_key(s[i * stride]);
    ws[at] = w[i];
  }
  std::vector<K> ks;
  std::vector<double> vs;
  radix_sort(keys.data(), ws.data(), np, ks, vs);
  radix_sort(keys.data() + np, ws.data() + np, nn, ks, vs);
  merge_runs_weighted(keys.data(), ws.data(), np, keys.data() + np, ws.data() + np, nn,
                      [&](K k, double tp, double fp) { emit(from_descending_key<T>(k), tp, fp); });
}

/// Calls emit(threshold, tps, fps) for every distinct score, in decreasing
/// order, where tps / fps are the (weighted) numbers of positives /
/// negatives with score >= threshold. Scores are s[i * stride]; y[i] != 0
/// marks positives; w (nullable) weights, zero-weight samples are skipped.
/// Unweighted totals are std::uint64_t, weighted ones double (running sums
/// in stable descending order, as scikit-learn's cumulative sum); emit must
/// accept both.
template <class T, class Emit>
void walk_thresholds(const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                     std::size_t n, Emit&& emit) {
  if (w == nullptr)
    walk_unweighted(s, stride, y, n, emit);
  else
    walk_weighted(s, stride, y, w, n, emit);
}

/// Counts at every distinct threshold (scikit-learn's float64 arrays).
struct threshold_counts {
  std::vector<double> thresholds, tps, fps;
};

template <class T>
threshold_counts count_thresholds(const T* s, std::size_t stride, const std::uint8_t* y,
                                  const double* w, std::size_t n) {
  threshold_counts c;
  walk_thresholds(s, stride, y, w, n, [&](T t, auto tp, auto fp) {
    c.thresholds.push_back(static_cast<double>(t));
    c.tps.push_back(static_cast<double>(tp));
    c.fps.push_back(static_cast<double>(fp));
  });
  return c;
}

/// Total weight of the positives (y[i] != 0) and of the negatives: what the
/// weighted area counters scale by.
struct class_weights {
  double pos = 0, neg = 0;
};
inline class_weights class_weights_of(const std::uint8_t* y, const double* w, std::size_t n) {
  class_weights t;
  for (std::size_t i = 0; i < n; ++i) (y[i] ? t.pos : t.neg) += w[i];
  return t;
}

/// Exact binary ROC AUC (Mann-Whitney U with ties counted one half), NaN
/// when either class has no (weight of) samples.
template <class T, class Pos>
double binary_roc_auc_by(const T* s, std::size_t stride, Pos&& is_pos, std::size_t n) {
  auc_counter c;
  walk_unweighted_by(s, stride, is_pos, n, c);
  return c.value();
}

template <class T>
double binary_roc_auc(const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                      std::size_t n) {
  if (w == nullptr)
    return binary_roc_auc_by(
        s, stride, [y](std::size_t i) { return y[i] != 0; }, n);
  const class_weights t = class_weights_of(y, w, n);
  weighted_auc_counter c(t.pos, t.neg);
  walk_weighted(s, stride, y, w, n, c);
  return c.value();
}

/// Binary average precision: sum over thresholds of (recall step) x
/// precision, no interpolation; 0 when there are no positives.
template <class T, class Pos>
double binary_average_precision_by(const T* s, std::size_t stride, Pos&& is_pos, std::size_t n) {
  ap_counter c;
  walk_unweighted_by(s, stride, is_pos, n, c);
  return c.value();
}

template <class T>
double binary_average_precision(const T* s, std::size_t stride, const std::uint8_t* y,
                                const double* w, std::size_t n) {
  if (w == nullptr)
    return binary_average_precision_by(
        s, stride, [y](std::size_t i) { return y[i] != 0; }, n);
  weighted_ap_counter c(class_weights_of(y, w, n).pos);
  walk_weighted(s, stride, y, w, n, c);
  return c.value();
}

/// numpy.trapezoid(y, x): sum of dx * (y0 + y1) / 2, pairwise-summed.
inline double trapezoid(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() < 2) return 0.0;
  std::vector<double> terms(x.size() - 1);
  for (std::size_t i = 0; i + 1 < x.size(); ++i)
    terms[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
  return pairwise_sum(terms.data(), terms.size());
}

// roc_curve on counts (drop_intermediate as scikit-learn).
inline roc_curve_result roc_from_counts(threshold_counts c, bool drop) {
  std::vector<double>& fps = c.fps;
  std::vector<double>& tps = c.tps;
  std::vector<double>& thr = c.thresholds;
  if (drop && fps.size() > 2) {
    std::size_t m = 1;
    for (std::size_t i = 1; i + 1 < fps.size(); ++i) {
      const double d2f = (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]);
      const double d2t = (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]);
      if (d2f != 0 || d2t != 0) {
        fps[m] = fps[i], tps[m] = tps[i], thr[m] = thr[i];
        ++m;
      }
    }
    const std::size_t last = fps.size() - 1;
    fps[m] = fps[last], tps[m] = tps[last], thr[m] = thr[last];
    ++m;
    fps.resize(m), tps.resize(m), thr.resize(m);
  }
  roc_curve_result r;
  const std::size_t m = fps.size() + 1;
  r.fpr.resize(m);
  r.tpr.resize(m);
  r.thresholds.resize(m);
  r.thresholds[0] = std::numeric_limits<double>::infinity();
  const double nneg = fps.empty() ? 0.0 : fps.back();
  const double npos = tps.empty() ? 0.0 : tps.back();
  r.fpr[0] = nneg > 0 ? 0.0 : score_nan;
  r.tpr[0] = npos > 0 ? 0.0 : score_nan;
  for (std::size_t i = 0; i + 1 < m; ++i) {
    r.fpr[i + 1] = nneg > 0 ? fps[i] / nneg : score_nan;
    r.tpr[i + 1] = npos > 0 ? tps[i] / npos : score_nan;
    r.thresholds[i + 1] = thr[i];
  }
  return r;
}

// Keep the first and last point of each run of equal tps.
inline void drop_equal_tps(threshold_counts& c) {
  auto& tps = c.tps;
  if (tps.size() <= 2) return;
  std::size_t m = 1;
  for (std::size_t i = 1; i + 1 < tps.size(); ++i) {
    if (tps[i] - tps[i - 1] != 0 || tps[i + 1] - tps[i] != 0) {
      c.fps[m] = c.fps[i], tps[m] = tps[i], c.thresholds[m] = c.thresholds[i];
      ++m;
    }
  }
  const std::size_t last = tps.size() - 1;
  c.fps[m] = c.fps[last], tps[m] = tps[last], c.thresholds[m] = c.thresholds[last];
  ++m;
  c.fps.resize(m), tps.resize(m), c.thresholds.resize(m);
}

// Precision-recall curve from counts: increasing thresholds, ending with
// precision 1, recall 0; recall is 1 everywhere without positives.
inline precision_recall_curve_result pr_from_counts(threshold_counts c, bool drop) {
  if (drop) drop_equal_tps(c);
  const std::size_t m = c.tps.size();
  const double npos = m == 0 ? 0.0 : c.tps.back();
  precision_recall_curve_result r;
  r.precision.resize(m + 1);
  r.recall.resize(m + 1);
  r.thresholds.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    const std::size_t j = m - 1 - i;
    const double ps = c.tps[j] + c.fps[j];
    r.precision[i] = ps != 0 ? c.tps[j] / ps : 0.0;
    r.recall[i] = npos == 0 ? 1.0 : c.tps[j] / npos;
    r.thresholds[i] = c.thresholds[j];
  }
  r.precision[m] = 1.0;
  r.recall[m] = 0.0;
  return r;
}

// The four confusion-matrix cells at every threshold, from counts.
inline thresholds_confusion_result confusion_from_counts(threshold_counts c) {
  thresholds_confusion_result r;
  const double npos = c.tps.empty() ? 0.0 : c.tps.back();
  const double nneg = c.fps.empty() ? 0.0 : c.fps.back();
  r.tns.resize(c.fps.size());
  r.fns.resize(c.tps.size());
  for (std::size_t i = 0; i < c.fps.size(); ++i) {
    r.tns[i] = nneg - c.fps[i];
    r.fns[i] = npos - c.tps[i];
  }
  r.fps = std::move(c.fps);
  r.tps = std::move(c.tps);
  r.thresholds = std::move(c.thresholds);
  return r;
}

// Standardized partial AUC (McClish) from a full ROC curve.
inline double mcclish_partial_auc(const roc_curve_result& roc, double mf) {
  const auto& fpr = roc.fpr;
  const auto& tpr = roc.tpr;
  std::size_t stop =
      static_cast<std::size_t>(std::upper_bound(fpr.begin(), fpr.end(), mf) - fpr.begin());
  if (stop == 0 || stop >= fpr.size()) return score_nan;
  const double x0 = fpr[stop - 1], x1 = fpr[stop], y0 = tpr[stop - 1], y1 = tpr[stop];
  const double slope = (y1 - y0) / (x1 - x0);
  double yi = slope * (mf - x0) + y0;
  std::vector<double> x(fpr.begin(), fpr.begin() + static_cast<std::ptrdiff_t>(stop));
  std::vector<double> yv(tpr.begin(), tpr.begin() + static_cast<std::ptrdiff_t>(stop));
  x.push_back(mf);
  yv.push_back(yi);
  const double partial = trapezoid(x, yv);
  const double min_area = 0.5 * mf * mf;
  const double max_area = mf;
  return 0.5 * (1 + (partial - min_area) / (max_area - min_area));
}

/// Binary ROC AUC, standardized partial AUC when mf < 1. One class among
/// the flags gives NaN (as scikit-learn, whatever the weights).
template <class T>
double binary_roc_auc_max_fpr(const T* s, std::size_t stride, const std::uint8_t* y,
                              const double* w, std::size_t n, double mf) {
  bool any_pos = false, any_neg = false;
  for (std::size_t i = 0; i < n && !(any_pos && any_neg); ++i) (y[i] ? any_pos : any_neg) = true;
  if (!(any_pos && any_neg)) return score_nan;
  if (mf == 1.0) return binary_roc_auc(s, stride, y, w, n);
  const roc_curve_result roc = roc_from_counts(count_thresholds(s, stride, y, w, n), true);
  if (std::isnan(roc.fpr.back()))
    throw_invalid_argument("roc_auc_score: max_fpr needs negative samples of non-zero weight");
  if (std::isnan(roc.tpr.back())) return score_nan;
  return mcclish_partial_auc(roc, mf);
}

inline void check_max_fpr(double mf) {
  if (!(mf > 0.0 && mf <= 1.0))
    throw_invalid_argument("max_fpr must be in (0, 1], got " + to_text(mf));
}

// --------------------------------------------------------- binary inputs --

/// A binary problem ready for the core: scores, 0/1 flags, weights, and the
/// sorted distinct labels of y_true they came from.
template <class T, class K>
struct binary_problem {
  score_array<T> scores;
  std::vector<std::uint8_t> y;
  const double* w = nullptr;
  std::vector<K> classes;
  [[nodiscard]] std::size_t size() const noexcept { return y.size(); }
};

// Flags y == pos for a label array.
template <class K, class P>
std::vector<std::uint8_t> flags_of(const label_array<K>& labels, const P& pos) {
  std::vector<std::uint8_t> y(labels.size());
  for (std::size_t i = 0; i < y.size(); ++i)
    y[i] = static_cast<std::uint8_t>(same_label(labels.values[i], pos));
  return y;
}

// Scores for a binary problem: 1-D, or n x 1.
template <class T>
void require_1d(const score_array<T>& s, const char* fn) {
  if (s.is_2d() && s.cols() != 1)
    throw_invalid_argument(std::string(fn) + ": y_score must be 1-D for a binary y_true, got " +
                           std::to_string(s.rows()) + " x " + std::to_string(s.cols()));
}

/// Adapts (y_true, y_score, opts) of a curve function: pos_label as
/// scikit-learn's curves (explicit, or 1 for {0,1}/{-1,1} targets).
template <class Y, class S, class... Opts>
binary_problem<score_of_t<S>, label_key_t<Y>> curve_problem(const Y& y_true, const S& y_score,
                                                            const char* fn, const Opts&... opts) {
  static_assert(!is_2d_v<Y>, "tally: curve functions take 1-D y_true");
  binary_problem<score_of_t<S>, label_key_t<Y>> p;
  auto labels = adapt_labels(y_true, "y_true");
  p.scores = adapt_scores(y_score, "y_score");
  require_1d(p.scores, fn);
  check_same_length("y_true", labels.size(), "y_score", p.scores.rows());
  check_not_empty("y_true", labels.size());
  check_finite("y_score", p.scores.data(), p.scores.size());
  p.w = checked_weights(labels.size(), opts...);
  if constexpr (has_option_v<pos_label_kind, Opts...>) {
    // with an explicit pos_label, y_true may have more than two classes
    p.y = flags_of(labels, get_option<pos_label_kind>(0, opts...).value);
  } else {
    if (labels.distinct.size() > 2)
      throw_invalid_argument(std::string(fn) + ": y_true has " +
                             std::to_string(labels.distinct.size()) + " classes " +
                             labels_text(labels.distinct) + "; a binary target is required");
    p.y = flags_of(labels, default_curve_pos_label(labels.distinct, fn));
  }
  p.classes = std::move(labels.distinct);
  return p;
}

template <class T, class K>
threshold_counts counts_of(const binary_problem<T, K>& p) {
  return count_thresholds(p.scores.data(), 1, p.y.data(), p.w, p.size());
}

// ------------------------------------------------ multilabel / multiclass --

/// Indicator matrix (multilabel y_true) as n x K flags.
struct indicator {
  std::vector<std::uint8_t> y;
  std::size_t n = 0, k = 0;
};

template <class E>
void push_indicator(indicator& out, const E& v) {
  static_assert(std::is_arithmetic_v<E>, "tally: a multilabel y_true holds 0/1 numbers or bools");
  if (!(v == static_cast<E>(0) || v == static_cast<E>(1)))
    throw_invalid_argument("y_true (multilabel indicator) must hold only 0 and 1, got " +
                           to_text(v) + " at flat index " + std::to_string(out.y.size()));
  out.y.push_back(static_cast<std::uint8_t>(v == static_cast<E>(1)));
}

template <class Y>
indicator adapt_indicator(const Y& y_true) {
  indicator out;
  if constexpr (is_matrix_view_v<Y>) {
    out.n = y_true.rows;
    out.k = y_true.cols;
    out.y.reserve(out.n * out.k);
    for (std::size_t i = 0; i < out.n * out.k; ++i) push_indicator(out, y_true.data[i]);
  } else {
    for (const auto& row : y_true) {
      std::size_t len = 0;
      for (const auto& v : row) push_indicator(out, v), ++len;
      if (out.n == 0) out.k = len;
      if (len != out.k)
        throw_invalid_argument("y_true: row " + std::to_string(out.n) + " has " +
                               std::to_string(len) + " values, row 0 has " + std::to_string(out.k));
      ++out.n;
    }
  }
  return out;
}

// numpy.average(values, weights): pairwise sums of value * weight and of the
// weights; unweighted: the pairwise mean.
inline double np_average(const std::vector<double>& v, const std::vector<double>* wt) {
  if (v.empty()) return score_nan;
  if (wt == nullptr) return pairwise_sum(v.data(), v.size()) / static_cast<double>(v.size());
  std::vector<double> prod(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) prod[i] = v[i] * (*wt)[i];
  const double scale = pairwise_sum(wt->data(), wt->size());
  if (scale == 0) throw_invalid_argument("weights sum to zero, the weighted average is undefined");
  return pairwise_sum(prod.data(), prod.size()) / scale;
}

/// A per-column binary metric over an n x k indicator Y and scores S,
/// averaged as scikit-learn's _average_binary_score: micro ravels every
/// cell; macro is the plain mean (a NaN column makes it NaN); weighted
/// weights by column support, scores of zero-support columns count as 0 and
/// a zero total support gives 0; samples averages per row (weighted by
/// sample_weight); none fills per_label.
template <class T, class Metric>
double average_binary(const std::uint8_t* Y, const T* S, std::size_t n, std::size_t k,
                      const double* w, average avg, Metric&& metric, std::vector<double>* per_label,
                      const char* fn) {
  switch (avg) {
  case average::micro: {
    std::vector<double> ww;
    if (w) {
      ww.resize(n * k);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < k; ++j) ww[i * k + j] = w[i];
    }
    return metric(S, std::size_t{1}, Y, w ? ww.data() : nullptr, n * k);
  }
  case average::samples: {
    std::vector<double> sc(n);
    for (std::size_t i = 0; i < n; ++i)
      sc[i] = metric(S + i * k, std::size_t{1}, Y + i * k, static_cast<const double*>(nullptr), k);
    if (w) {
      // a row of weight zero counts as 0, so its NaN (one class) is ignored
      for (std::size_t i = 0; i < n; ++i)
        if (w[i] == 0) sc[i] = 0;
      std::vector<double> wv(w, w + n);
      return np_average(sc, &wv);
    }
    return np_average(sc, nullptr);
  }
  case average::macro:
  case average::weighted:
  case average::none: {
    // Weighted: the column supports first; a total support within 1e-8 of
    // zero gives 0 before any column is scored (so all-zero weights are not
    // an error here).
    std::vector<double> support;
    if (avg == average::weighted) {
      support.assign(k, 0.0);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < k; ++c)
          if (Y[i * k + c]) support[c] += w ? w[i] : 1.0;
      double total = 0;
      for (double s : support) total += s;
      if (std::fabs(total) <= 1e-8) return 0.0;
    }
    std::vector<std::uint8_t> col(n);
    std::vector<double> sc(k);
    for (std::size_t c = 0; c < k; ++c) {
      for (std::size_t i = 0; i < n; ++i) col[i] = Y[i * k + c];
      sc[c] = metric(S + c, k, col.data(), w, n);
    }
    if (avg == average::none) {
      if (per_label) *per_label = sc;
      return score_nan;
    }
    if (avg == average::macro) return np_average(sc, nullptr);
    for (std::size_t c = 0; c < k; ++c)
      if (support[c] == 0) sc[c] = 0;
    return np_average(sc, &support);
  }
  case average::binary:
  default:
    break;
  }
  throw_invalid_argument(std::string(fn) +
                         ": average must be micro, macro, weighted, samples "
                         "or none, got " +
                         average_name(avg));
}

/// One-vs-one (Hand & Till) average of a binary metric. enc[i] is the class
/// index of sample i (column of S). For each pair (a, b) of classes present
/// in y_true, the samples of a or b are kept and the pair score is the mean
/// of metric(a vs b, column a) and metric(b vs a, column b). macro: plain
/// mean over pairs; weighted: pairs weighted by their prevalence (their
/// share of the samples, or of the total sample weight when weighted). With
/// sample weights each binary metric is the weighted one on the kept
/// samples.
template <class T, class Metric>
double average_ovo(const std::vector<std::size_t>& enc, const T* S, std::size_t n, std::size_t k,
                   const double* w, bool weighted_average, Metric&& metric, const char* fn) {
  std::vector<std::uint8_t> present(k, 0);
  for (std::size_t e : enc) present[e] = 1;
  std::vector<std::size_t> cls;
  for (std::size_t c = 0; c < k; ++c)
    if (present[c]) cls.push_back(c);
  // No pair to weight: the prevalence-weighted mean divides by a zero total
  // (the plain mean of no pairs is NaN, as in scikit-learn).
  if (weighted_average && cls.size() < 2)
    throw_invalid_argument(std::string(fn) + ": y_true holds " + std::to_string(cls.size()) +
                           " of the " + std::to_string(k) +
                           " classes, so there is no class pair and average::weighted is "
                           "undefined");
  double wtotal = 0;
  if (w)
    for (std::size_t i = 0; i < n; ++i) wtotal += w[i];
  std::vector<double> pair_scores, prevalence;
  std::vector<T> sa, sb;
  std::vector<std::uint8_t> ya, yb;
  std::vector<double> ws;
  for (std::size_t ia = 0; ia < cls.size(); ++ia) {
    for (std::size_t ib = ia + 1; ib < cls.size(); ++ib) {
      const std::size_t a = cls[ia], b = cls[ib];
      sa.clear(), sb.clear(), ya.clear(), yb.clear(), ws.clear();
      double wsum = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (enc[i] != a && enc[i] != b) continue;
        sa.push_back(S[i * k + a]);
        sb.push_back(S[i * k + b]);
        ya.push_back(static_cast<std::uint8_t>(enc[i] == a));
        yb.push_back(static_cast<std::uint8_t>(enc[i] == b));
        if (w) ws.push_back(w[i]), wsum += w[i];
      }
      const double* wp = w ? ws.data() : nullptr;
      const double sa_score = metric(sa.data(), std::size_t{1}, ya.data(), wp, sa.size());
      const double sb_score = metric(sb.data(), std::size_t{1}, yb.data(), wp, sb.size());
      pair_scores.push_back((sa_score + sb_score) / 2);
      if (weighted_average)
        prevalence.push_back(w ? (wtotal > 0 ? wsum / wtotal : 0.0)
                               : static_cast<double>(sa.size()) / static_cast<double>(n));
    }
  }
  return np_average(pair_scores, weighted_average ? &prevalence : nullptr);
}

template <class T>
void check_rows_sum_to_one(const score_array<T>& s, const char* fn) {
  for (std::size_t i = 0; i < s.rows(); ++i) {
    const T sum = pairwise_sum(s.data() + i * s.cols(), s.cols());
    const double d = static_cast<double>(sum);
    if (!(std::fabs(1.0 - d) <= 1e-8 + 1e-5 * std::fabs(d)))
      throw_invalid_argument(std::string(fn) +
                             ": y_score rows must be probabilities summing to 1 for "
                             "multiclass input; row " +
                             std::to_string(i) + " sums to " + to_text(d));
  }
}

template <class T>
void check_shape(const score_array<T>& s, std::size_t n, std::size_t k, const char* fn) {
  if (!s.is_2d() || s.rows() != n || s.cols() != k)
    throw_invalid_argument(std::string(fn) + ": y_score must be " + std::to_string(n) + " x " +
                           std::to_string(k) + " (samples x classes), got " +
                           (s.is_2d() ? std::to_string(s.rows()) + " x " + std::to_string(s.cols())
                                      : "1-D of " + std::to_string(s.rows())));
}

// Class index of each sample of a multiclass y_true within `classes`.
template <class K>
std::vector<std::size_t> encode(const label_array<K>& labels, const std::vector<K>& classes,
                                const char* fn) {
  std::vector<std::size_t> enc(labels.size());
  for (std::size_t i = 0; i < enc.size(); ++i) {
    auto it = std::lower_bound(classes.begin(), classes.end(), labels.values[i]);
    if (it == classes.end() || !(*it == labels.values[i]))
      throw_invalid_argument(std::string(fn) + ": y_true contains a label not in labels (" +
                             to_text(labels.values[i]) + " at index " + std::to_string(i) + ")");
    enc[i] = static_cast<std::size_t>(it - classes.begin());
  }
  return enc;
}

inline std::vector<std::uint8_t> one_hot(const std::vector<std::size_t>& enc, std::size_t k) {
  std::vector<std::uint8_t> y(enc.size() * k, 0);
  for (std::size_t i = 0; i < enc.size(); ++i) y[i * k + enc[i]] = 1;
  return y;
}

template <class Y, class S, class... Opts>
double roc_auc_impl(const Y& y_true, const S& y_score, average avg, std::vector<double>* per_label,
                    bool weighted_ovo, const Opts&... opts) {
  constexpr const char* fn = "roc_auc_score";
  using T = score_of_t<S>;
  double mf = 1.0;
  if constexpr (has_option_v<max_fpr_kind, Opts...>) {
    mf = get_option<max_fpr_kind>(0, opts...).value;
    check_max_fpr(mf);
  }
  auto metric = [mf](const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                     std::size_t n) { return binary_roc_auc_max_fpr(s, stride, y, w, n, mf); };
  auto scores = adapt_scores(y_score, "y_score");
  if (avg == average::binary)
    throw_invalid_argument("roc_auc_score: average::binary is not accepted (use micro, macro, "
                           "weighted, samples or none)");
  if constexpr (raw_binary_labels_v<Y>) {
    // single pass over labels and scores when the problem is binary
    const std::size_t n = static_cast<std::size_t>(std::size(y_true));
    if (mf == 1.0 && !scores.is_2d() && n == scores.rows() && n > 0 &&
        checked_weights(n, opts...) == nullptr) {
      const auto* v = std::data(y_true);
      const auto lab = scan_two_labels(v, n);
      if (!lab.third) {
        double r = score_nan;
        if (lab.has_second) {
          const auto pos = (std::max)(lab.first, lab.second);
          r = binary_roc_auc_by(
              scores.data(), 1, [v, pos](std::size_t i) { return v[i] == pos; }, n);
        } else {
          check_finite("y_score", scores.data(), scores.size());
        }
        if (per_label) per_label->assign(1, r);
        return r;
      }
    }
  }
  check_finite("y_score", scores.data(), scores.size());
  if constexpr (is_2d_v<Y>) {
    const indicator ind = adapt_indicator(y_true);
    check_not_empty("y_true", ind.n);
    check_shape(scores, ind.n, ind.k, fn);
    const double* w = checked_weights(ind.n, opts...);
    return average_binary(ind.y.data(), scores.data(), ind.n, ind.k, w, avg, metric, per_label, fn);
  } else {
    using K = label_key_t<Y>;
    const auto labels = adapt_labels(y_true, "y_true");
    check_same_length("y_true", labels.size(), "y_score", scores.rows());
    check_not_empty("y_true", labels.size());
    const double* w = checked_weights(labels.size(), opts...);
    const std::size_t n = labels.size();
    const bool multiclass =
        weighted_ovo || labels.distinct.size() > 2 || (scores.is_2d() && scores.cols() > 2);
    if (!multiclass) {
      require_1d(scores, fn);
      if (w == nullptr && mf == 1.0 && labels.distinct.size() == 2) {
        const K pos = labels.distinct.back();
        const auto& v = labels.values;
        const double r = binary_roc_auc_by(
            scores.data(), 1, [&v, &pos](std::size_t i) { return v[i] == pos; }, n);
        if (per_label) per_label->assign(1, r);
        return r;
      }
      std::vector<std::uint8_t> y(n, 0);
      if (labels.distinct.size() == 2) y = flags_of(labels, labels.distinct.back());
      const double v = metric(scores.data(), std::size_t{1}, y.data(), w, n);
      if (per_label) per_label->assign(1, v);
      return v;
    }
    if constexpr (has_option_v<max_fpr_kind, Opts...>)
      if (mf != 1.0)
        throw_invalid_argument("roc_auc_score: max_fpr (" + to_text(mf) +
                               ") is not available for multiclass y_true");
    const multi_class mc =
        weighted_ovo ? multi_class::ovo : get_option<multi_class_kind>(multi_class::raise, opts...);
    if (mc == multi_class::raise)
      throw_invalid_argument("roc_auc_score: y_true has " + std::to_string(labels.distinct.size()) +
                             " classes; pass tally::multi_class::ovr or tally::multi_class::ovo");
    if (!scores.is_2d())
      throw_invalid_argument("roc_auc_score: y_score must be n x K (samples x classes) for "
                             "multiclass y_true, got 1-D");
    check_rows_sum_to_one(scores, fn);
    const bool avg_ok = mc == multi_class::ovr
                            ? (avg == average::micro || avg == average::macro ||
                               avg == average::weighted || avg == average::none)
                            : (avg == average::macro || avg == average::weighted);
    if (!avg_ok)
      throw_invalid_argument(std::string("roc_auc_score: average::") + average_name(avg) +
                             " is not available for multi_class::" +
                             (mc == multi_class::ovr ? "ovr (use micro, macro, weighted or none)"
                                                     : "ovo (use macro or weighted)"));
    std::vector<K> classes;
    if constexpr (has_option_v<labels_kind, Opts...>) {
      classes = labels_as_keys<K>(get_option<labels_kind>(0, opts...).values, fn);
      if (classes.size() != scores.cols())
        throw_invalid_argument("roc_auc_score: labels has " + std::to_string(classes.size()) +
                               " entries, y_score has " + std::to_string(scores.cols()) +
                               " columns");
    } else {
      classes = labels.distinct;
      if (classes.size() != scores.cols())
        throw_invalid_argument("roc_auc_score: y_true has " + std::to_string(classes.size()) +
                               " classes, y_score has " + std::to_string(scores.cols()) +
                               " columns (pass tally::labels(...) to name all classes)");
    }
    const std::vector<std::size_t> enc = encode(labels, classes, fn);
    const std::size_t k = classes.size();
    if (mc == multi_class::ovr) {
      const std::vector<std::uint8_t> y = one_hot(enc, k);
      return average_binary(y.data(), scores.data(), n, k, w, avg, metric, per_label, fn);
    }
    if (w != nullptr && !weighted_ovo)
      throw_invalid_argument("roc_auc_score: sample_weight is not supported with "
                             "multi_class::ovo (as in scikit-learn); roc_auc_ovo_score computes "
                             "the weighted one-vs-one AUC");
    return average_ovo(enc, scores.data(), n, k, w, avg == average::weighted, metric,
                       weighted_ovo ? "roc_auc_ovo_score" : fn);
  }
}

template <class Y, class S, class... Opts>
double average_precision_impl(const Y& y_true, const S& y_score, average avg,
                              std::vector<double>* per_label, const Opts&... opts) {
  constexpr const char* fn = "average_precision_score";
  using T = score_of_t<S>;
  auto metric = [](const T* s, std::size_t stride, const std::uint8_t* y, const double* w,
                   std::size_t n) { return binary_average_precision(s, stride, y, w, n); };
  auto scores = adapt_scores(y_score, "y_score");
  if (avg == average::binary)
    throw_invalid_argument("average_precision_score: average::binary is not accepted (use "
                           "micro, macro, weighted, samples or none)");
  if constexpr (raw_binary_labels_v<Y> && !has_option_v<pos_label_kind, Opts...>) {
    // single pass over labels and scores when the problem is binary and 1
    // (the default pos_label) is one of its labels
    using K = label_key_t<Y>;
    const std::size_t n = static_cast<std::size_t>(std::size(y_true));
    if (!scores.is_2d() && n == scores.rows() && n > 0 && checked_weights(n, opts...) == nullptr) {
      const auto* v = std::data(y_true);
      const auto lab = scan_two_labels(v, n);
      const K one = static_cast<K>(1);
      if (!lab.third && (lab.first == one || (lab.has_second && lab.second == one))) {
        const double r = binary_average_precision_by(
            scores.data(), 1, [=](std::size_t i) { return v[i] == one; }, n);
        if (per_label) per_label->assign(1, r);
        return r;
      }
    }
  }
  check_finite("y_score", scores.data(), scores.size());
  [[maybe_unused]] auto pos_is_one = [&]() {
    if constexpr (has_option_v<pos_label_kind, Opts...>) {
      const auto& pos = get_option<pos_label_kind>(0, opts...).value;
      using P = remove_cvref_t<decltype(pos)>;
      if constexpr (std::is_arithmetic_v<P>)
        return pos == static_cast<P>(1);
      else
        return false;
    } else {
      return true;
    }
  };
  if constexpr (is_2d_v<Y>) {
    if (!pos_is_one())
      throw_invalid_argument("average_precision_score: pos_label is fixed to 1 for a "
                             "multilabel y_true");
    const indicator ind = adapt_indicator(y_true);
    check_not_empty("y_true", ind.n);
    check_shape(scores, ind.n, ind.k, fn);
    const double* w = checked_weights(ind.n, opts...);
    return average_binary(ind.y.data(), scores.data(), ind.n, ind.k, w, avg, metric, per_label, fn);
  } else {
    using K = label_key_t<Y>;
    const auto labels = adapt_labels(y_true, "y_true");
    check_same_length("y_true", labels.size(), "y_score", scores.rows());
    check_not_empty("y_true", labels.size());
    const double* w = checked_weights(labels.size(), opts...);
    const std::size_t n = labels.size();
    if (labels.distinct.size() > 2) {
      if (!pos_is_one())
        throw_invalid_argument("average_precision_score: pos_label is fixed to 1 for a "
                               "multiclass y_true");
      const std::size_t k = labels.distinct.size();
      check_shape(scores, n, k, fn);
      const std::vector<std::size_t> enc = encode(labels, labels.distinct, fn);
      const std::vector<std::uint8_t> y = one_hot(enc, k);
      return average_binary(y.data(), scores.data(), n, k, w, avg, metric, per_label, fn);
    }
    require_1d(scores, fn);
    std::vector<std::uint8_t> y;
    if constexpr (has_option_v<pos_label_kind, Opts...>) {
      const auto& pos = get_option<pos_label_kind>(0, opts...).value;
      if (labels.distinct.size() == 2 && !same_label(labels.distinct[0], pos) &&
          !same_label(labels.distinct[1], pos))
        throw_invalid_argument("average_precision_score: pos_label=" + to_text(pos) +
                               " is not a label of y_true " + labels_text(labels.distinct));
      y = flags_of(labels, pos);
    } else if constexpr (std::is_arithmetic_v<K>) {
      if (labels.distinct.size() == 2 && !(labels.distinct[0] == static_cast<K>(1)) &&
          !(labels.distinct[1] == static_cast<K>(1)))
        throw_invalid_argument("average_precision_score: pos_label=1 (the default) is not a "
                               "label of y_true " +
                               labels_text(labels.distinct) + "; pass tally::pos_label(...)");
      if (w == nullptr) {
        const K pos = static_cast<K>(1);
        const auto& v = labels.values;
        const double r = binary_average_precision_by(
            scores.data(), 1, [&](std::size_t i) { return v[i] == pos; }, n);
        if (per_label) per_label->assign(1, r);
        return r;
      }
      y = flags_of(labels, static_cast<K>(1));
    } else {
      throw_invalid_argument("average_precision_score: y_true holds strings; pass "
                             "tally::pos_label(...)");
    }
    const double v = metric(scores.data(), std::size_t{1}, y.data(), w, n);
    if (per_label) per_label->assign(1, v);
    return v;
  }
}

} // namespace detail

// ------------------------------------------------------------ public API --

/// Area under a curve by the trapezoidal rule; x must be monotonic
/// (increasing, or decreasing: the sign is then flipped); at least 2 points.
template <class X, class Yv, TALLY_DETAIL_NOT_ITERATOR(X)>
[[nodiscard]] double auc(const X& x, const Yv& y) {
  std::vector<double> xs, ys;
  for (const auto& v : x) xs.push_back(static_cast<double>(v));
  for (const auto& v : y) ys.push_back(static_cast<double>(v));
  detail::check_same_length("x", xs.size(), "y", ys.size());
  if (xs.size() < 2)
    detail::throw_invalid_argument("auc: at least 2 points are needed, x has " +
                                   std::to_string(xs.size()));
  double direction = 1;
  bool any_neg = false, all_nonpos = true;
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
    const double dx = xs[i + 1] - xs[i];
    if (dx < 0) any_neg = true;
    if (!(dx <= 0)) all_nonpos = false;
  }
  if (any_neg) {
    if (!all_nonpos) detail::throw_invalid_argument("auc: x is neither increasing nor decreasing");
    direction = -1;
  }
  return direction * detail::trapezoid(xs, ys);
}

/// Confusion-matrix cells at every distinct score (decreasing thresholds).
/// Options: pos_label (default 1 for {0,1} / {-1,1} targets; required
/// otherwise, and then y_true may have more than two classes), sample_weight.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] thresholds_confusion_result
confusion_matrix_at_thresholds(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("confusion_matrix_at_thresholds", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind);
  auto p = detail::curve_problem(y_true, y_score, "confusion_matrix_at_thresholds", opts...);
  return detail::confusion_from_counts(detail::counts_of(p));
}

/// Receiver operating characteristic. Options: pos_label, sample_weight,
/// drop_intermediate (default true). With no negatives (positives) fpr
/// (tpr) is all NaN.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] roc_curve_result roc_curve(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("roc_curve", Opts, detail::pos_label_kind, detail::sample_weight_kind,
                             detail::drop_intermediate_kind);
  auto p = detail::curve_problem(y_true, y_score, "roc_curve", opts...);
  const bool drop =
      detail::get_option<detail::drop_intermediate_kind>(drop_intermediate(true), opts...).value;
  return detail::roc_from_counts(detail::counts_of(p), drop);
}

/// Precision-recall pairs at increasing thresholds. Options: pos_label,
/// sample_weight, drop_intermediate (default false). With no positives,
/// recall is 1 everywhere.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] precision_recall_curve_result
precision_recall_curve(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("precision_recall_curve", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind, detail::drop_intermediate_kind);
  auto p = detail::curve_problem(y_true, y_score, "precision_recall_curve", opts...);
  return detail::pr_from_counts(
      detail::counts_of(p),
      detail::get_option<detail::drop_intermediate_kind>(drop_intermediate(false), opts...).value);
}

/// Detection error tradeoff: fpr decreasing, fnr increasing, thresholds
/// increasing. Options: pos_label, sample_weight, drop_intermediate
/// (default false). Both classes must be present in y_true.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] det_curve_result det_curve(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("det_curve", Opts, detail::pos_label_kind, detail::sample_weight_kind,
                             detail::drop_intermediate_kind);
  auto p = detail::curve_problem(y_true, y_score, "det_curve", opts...);
  detail::threshold_counts c = detail::counts_of(p);
  c.tps.insert(c.tps.begin(), 0.0);
  c.fps.insert(c.fps.begin(), 0.0);
  c.thresholds.insert(c.thresholds.begin(), std::numeric_limits<double>::infinity());
  if (detail::get_option<detail::drop_intermediate_kind>(drop_intermediate(false), opts...).value)
    detail::drop_equal_tps(c);
  if (p.classes.size() != 2)
    detail::throw_invalid_argument("det_curve: y_true must contain exactly two classes, got " +
                                   detail::labels_text(p.classes));
  const double npos = c.tps.back(), nneg = c.fps.back();
  const std::size_t first =
      static_cast<std::size_t>(std::upper_bound(c.fps.begin(), c.fps.end(), c.fps[0]) -
                               c.fps.begin()) -
      1;
  const std::size_t last =
      static_cast<std::size_t>(std::lower_bound(c.tps.begin(), c.tps.end(), npos) - c.tps.begin()) +
      1;
  det_curve_result r;
  for (std::size_t i = last; i-- > first;) {
    r.fpr.push_back(c.fps[i] / nneg);
    r.fnr.push_back((npos - c.tps[i]) / npos);
    r.thresholds.push_back(c.thresholds[i]);
  }
  return r;
}

/// Area under the ROC curve. Binary y_true (1-D scores; the greater label is
/// positive; one class gives NaN), multilabel y_true (n x K indicator) or
/// multiclass y_true (n x K probabilities, multi_class::ovr or ovo).
/// Options: average (default macro; average::none: use
/// roc_auc_score_per_label), sample_weight, max_fpr, multi_class, labels.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double roc_auc_score(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("roc_auc_score", Opts, detail::average_kind,
                             detail::sample_weight_kind, detail::max_fpr_kind,
                             detail::multi_class_kind, detail::labels_kind);
  const average avg = detail::get_option<detail::average_kind>(average::macro, opts...);
  if (avg == average::none)
    detail::throw_invalid_argument("roc_auc_score: average::none gives one value per label; "
                                   "call roc_auc_score_per_label");
  return detail::roc_auc_impl(y_true, y_score, avg, nullptr, false, opts...);
}

/// roc_auc_score with average=None: one AUC per label (per class for ovr).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] std::vector<double> roc_auc_score_per_label(const Y& y_true, const S& y_score,
                                                          const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("roc_auc_score_per_label", Opts, detail::sample_weight_kind,
                             detail::max_fpr_kind, detail::multi_class_kind, detail::labels_kind);
  std::vector<double> out;
  (void)detail::roc_auc_impl(y_true, y_score, average::none, &out, false, opts...);
  return out;
}

/// Multiclass one-vs-one ROC AUC (Hand & Till 2001) that also accepts
/// sample weights, which scikit-learn refuses. Definition with weights w:
/// for each pair (a, b) of classes present in y_true, keep the samples whose
/// true class is a or b; A(a|b) is the weighted binary ROC AUC of "class a"
/// against "class b" scored by column a (each positive-negative pair of
/// samples counts with the product of their weights, ties one half), A(b|a)
/// likewise with column b; the pair's score is (A(a|b) + A(b|a)) / 2.
/// average::macro (default) takes the plain mean over pairs,
/// average::weighted weights each pair by its prevalence: the total weight
/// of its samples over the total weight of all samples. Without weights this
/// is exactly roc_auc_score(..., multi_class::ovo). Rows must sum to 1.
/// Options: average (macro, weighted), sample_weight, labels.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double roc_auc_ovo_score(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("roc_auc_ovo_score", Opts, detail::average_kind,
                             detail::sample_weight_kind, detail::labels_kind);
  static_assert(!detail::is_2d_v<Y>, "tally::roc_auc_ovo_score takes 1-D multiclass labels");
  const average avg = detail::get_option<detail::average_kind>(average::macro, opts...);
  return detail::roc_auc_impl(y_true, y_score, avg, nullptr, true, opts...);
}

/// Average precision: sum over thresholds of (increase in recall) x
/// precision, without interpolation. Binary y_true (pos_label, default 1),
/// multilabel (n x K indicator) or multiclass (n x K scores, one-vs-rest).
/// Options: average (default macro), pos_label, sample_weight.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double average_precision_score(const Y& y_true, const S& y_score,
                                             const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("average_precision_score", Opts, detail::average_kind,
                             detail::pos_label_kind, detail::sample_weight_kind);
  const average avg = detail::get_option<detail::average_kind>(average::macro, opts...);
  if (avg == average::none)
    detail::throw_invalid_argument("average_precision_score: average::none gives one value per "
                                   "label; call average_precision_score_per_label");
  return detail::average_precision_impl(y_true, y_score, avg, nullptr, opts...);
}

/// average_precision_score with average=None: one value per label.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] std::vector<double>
average_precision_score_per_label(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("average_precision_score_per_label", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind);
  std::vector<double> out;
  (void)detail::average_precision_impl(y_true, y_score, average::none, &out, opts...);
  return out;
}

/// Any function of a binary confusion matrix at every distinct threshold
/// (decreasing), in O(n log n) total: metric(binary_counts<double>) is called
/// once per threshold with {tp, fp, fn, tn} for "positive when score >=
/// threshold". Options: pos_label (as the curves), sample_weight.
template <class Y, class S, class Metric, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] metric_at_thresholds_result
metric_at_thresholds(const Y& y_true, const S& y_score, Metric&& metric, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("metric_at_thresholds", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind);
  auto p = detail::curve_problem(y_true, y_score, "metric_at_thresholds", opts...);
  detail::threshold_counts c = detail::counts_of(p);
  const double npos = c.tps.back(), nneg = c.fps.back();
  metric_at_thresholds_result r;
  r.values.reserve(c.tps.size());
  for (std::size_t i = 0; i < c.tps.size(); ++i) {
    binary_counts<double> bc;
    bc.tp = c.tps[i];
    bc.fp = c.fps[i];
    bc.fn = npos - c.tps[i];
    bc.tn = nneg - c.fps[i];
    r.values.push_back(static_cast<double>(metric(bc)));
  }
  r.thresholds = std::move(c.thresholds);
  return r;
}

/// The threshold that maximizes (goal::maximize) or minimizes
/// (goal::minimize) metric(binary_counts<double>). Candidates: +inf (nothing
/// predicted positive) and every distinct score; NaN values are skipped; on
/// ties the highest threshold wins. Options: pos_label, sample_weight.
template <class Y, class S, class Metric, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] best_threshold_result best_threshold(const Y& y_true, const S& y_score,
                                                   Metric&& metric, goal g, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("best_threshold", Opts, detail::pos_label_kind,
                             detail::sample_weight_kind);
  auto p = detail::curve_problem(y_true, y_score, "best_threshold", opts...);
  detail::threshold_counts c = detail::counts_of(p);
  const double npos = c.tps.back(), nneg = c.fps.back();
  best_threshold_result best;
  best.threshold = std::numeric_limits<double>::quiet_NaN();
  bool found = false;
  auto consider = [&](double thr, double tp, double fp) {
    binary_counts<double> bc;
    bc.tp = tp;
    bc.fp = fp;
    bc.fn = npos - tp;
    bc.tn = nneg - fp;
    const double v = static_cast<double>(metric(bc));
    if (std::isnan(v)) return;
    if (!found || (g == goal::maximize ? v > best.value : v < best.value)) {
      found = true;
      best.threshold = thr;
      best.value = v;
      best.counts = bc;
    }
  };
  consider(std::numeric_limits<double>::infinity(), 0.0, 0.0);
  for (std::size_t i = 0; i < c.tps.size(); ++i) consider(c.thresholds[i], c.tps[i], c.fps[i]);
  if (!found) best.value = std::numeric_limits<double>::quiet_NaN();
  return best;
}

// fn(first1, last1, first2, last2, options...)
TALLY_DETAIL_ITERATOR_FORM(confusion_matrix_at_thresholds)
TALLY_DETAIL_ITERATOR_FORM(roc_curve)
TALLY_DETAIL_ITERATOR_FORM(precision_recall_curve)
TALLY_DETAIL_ITERATOR_FORM(det_curve)
TALLY_DETAIL_ITERATOR_FORM(roc_auc_score)
TALLY_DETAIL_ITERATOR_FORM(roc_auc_score_per_label)
TALLY_DETAIL_ITERATOR_FORM(roc_auc_ovo_score)
TALLY_DETAIL_ITERATOR_FORM(average_precision_score)
TALLY_DETAIL_ITERATOR_FORM(average_precision_score_per_label)
TALLY_DETAIL_ITERATOR_FORM(metric_at_thresholds)
TALLY_DETAIL_ITERATOR_FORM(best_threshold)
TALLY_DETAIL_ITERATOR_FORM(auc)

TALLY_NAMESPACE_END

#endif // TALLY_RANKING_HPP
