// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_ACCUMULATORS_HPP
#define TALLY_ACCUMULATORS_HPP

// Streaming accumulators: count structures that outlive one call.
//
//   binary_accumulator<T, Label>         tp, fp, fn, tn for one positive label
//   matrix_accumulator<Label, T>         a K x K confusion matrix with its labels
//   multilabel_accumulator<T>            per-label counts of an indicator matrix
//   curve_accumulator<T, Label>          exact score table: ROC AUC, average precision
//   binned_curve_accumulator<T, Label>   fixed threshold grid, constant memory
//
// Every accumulator has update(y_true, y_pred[, weights]) from any range,
// merge(other) and +=, reset(), empty_like(), and reads metrics at any time
// from its current state. Counts are exact: an accumulator fed a data set in
// any number of batches, or merged from shards counted separately, holds the
// same counts as one count of the whole data set, so its metrics equal the
// one-shot functions' (bit for bit for unweighted counts; weighted sums may
// differ in the last bits because floating-point addition is not
// associative). parallel_update() counts one large range on several threads.
//
// T is std::uint64_t (plain counts) or double (weighted counts; update then
// also takes a range of per-sample weights, and without one every sample
// weighs 1).

#include "config.hpp"
#include "confusion_matrix.hpp"
#include "counts.hpp"
#include "detail/curve_area.hpp"
#include "detail/error.hpp"
#include "detail/input.hpp"
#include "detail/labels.hpp"
#include "detail/multilabel.hpp"
#include "detail/sort.hpp"
#include "detail/traits.hpp"
#include "metrics.hpp"
#include "options.hpp"
#include "ranking.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {

struct accumulator_access; // defined in tally/serialize.hpp (byte form, MPI reduction)

template <class T>
inline constexpr bool is_count_type_v =
    std::is_same_v<T, std::uint64_t> || std::is_same_v<T, double>;

template <class R>
bool range_is_empty(const R& r) {
  return !(adl_begin(r) != adl_end(r));
}

template <class R>
std::size_t range_length(const R& r) {
  if constexpr (is_contiguous_v<const R>) {
    return static_cast<std::size_t>(std::size(r));
  } else {
    std::size_t n = 0;
    for (auto it = adl_begin(r); it != adl_end(r); ++it) ++n;
    return n;
  }
}

// Weights as a checked pointer of length n (viewed when contiguous double,
// copied into `copy` otherwise).
template <class W>
const double* weights_view(const W& weights, std::size_t n, std::vector<double>& copy) {
  using V = range_value_t<const W>;
  static_assert(std::is_arithmetic_v<V>, "tally: weights must be numbers");
  const double* w = nullptr;
  std::size_t nw = 0;
  if constexpr (is_contiguous_v<const W> && std::is_same_v<V, double>) {
    w = std::data(weights);
    nw = static_cast<std::size_t>(std::size(weights));
  } else {
    copy.clear();
    for (const auto& v : weights) copy.push_back(static_cast<double>(v));
    w = copy.data();
    nw = copy.size();
  }
  check_weights(w, nw, n);
  return w;
}

// A stored label converted from/to a comparison key.
template <class Label, class K>
Label label_from_key(const K& k) {
  if constexpr (std::is_same_v<K, std::string_view>) {
    static_assert(std::is_same_v<Label, std::string>,
                  "tally: string labels need an accumulator whose Label is std::string");
    return Label(k);
  } else {
    static_assert(!std::is_same_v<Label, std::string>,
                  "tally: an accumulator of std::string labels was given non-string labels");
    const Label l = static_cast<Label>(k);
    if (static_cast<K>(l) != k)
      throw_invalid_argument("label " + to_text(k) +
                             " cannot be represented in the accumulator's label type");
    return l;
  }
}

template <class K, class Label>
K key_from_label(const Label& l) {
  if constexpr (std::is_same_v<K, std::string_view>)
    return std::string_view(l);
  else
    return static_cast<K>(l);
}

// The default positive label: 1 for numbers; strings have none.
template <class Label>
Label default_pos_label() {
  if constexpr (std::is_same_v<Label, std::string>)
    return std::string();
  else
    return static_cast<Label>(1);
}

// ------------------------------------------------------- score run table --

/// Distinct scores in decreasing order with the positive and negative count
/// (or weight) at each: the exact sufficient statistic of every curve.
template <class T>
struct score_table {
  std::vector<double> score;
  std::vector<T> pos, neg;
  [[nodiscard]] std::size_t size() const noexcept { return score.size(); }
  void clear() noexcept {
    score.clear();
    pos.clear();
    neg.clear();
  }
  void push(double s, T p, T n) {
    score.push_back(s);
    pos.push_back(p);
    neg.push_back(n);
  }
};

// Sorted merge of two tables; equal scores add up.
template <class T>
score_table<T> merge_tables(const score_table<T>& a, const score_table<T>& b) {
  score_table<T> out;
  out.score.reserve(a.size() + b.size());
  out.pos.reserve(a.size() + b.size());
  out.neg.reserve(a.size() + b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a.score[i] > b.score[j]) {
      out.push(a.score[i], a.pos[i], a.neg[i]);
      ++i;
    } else if (b.score[j] > a.score[i]) {
      out.push(b.score[j], b.pos[j], b.neg[j]);
      ++j;
    } else {
      out.push(a.score[i], a.pos[i] + b.pos[j], a.neg[i] + b.neg[j]);
      ++i, ++j;
    }
  }
  for (; i < a.size(); ++i) out.push(a.score[i], a.pos[i], a.neg[i]);
  for (; j < b.size(); ++j) out.push(b.score[j], b.pos[j], b.neg[j]);
  return out;
}

// Samples not yet in a table: descending score keys of the positives and of
// the negatives (with their weights when weighted), unsorted.
template <class T>
struct pending_samples {
  std::vector<std::uint64_t> pos, neg;
  std::vector<double> pos_w, neg_w; // weighted accumulators only
  [[nodiscard]] std::size_t size() const noexcept { return pos.size() + neg.size(); }
  void clear() noexcept {
    pos.clear();
    neg.clear();
    pos_w.clear();
    neg_w.clear();
  }
  void truncate(std::size_t np, std::size_t nn) {
    pos.resize(np);
    neg.resize(nn);
    if constexpr (std::is_same_v<T, double>) {
      pos_w.resize(np);
      neg_w.resize(nn);
    }
  }
};

// The run table of pending samples (sorted here; the pending arrays are
// reordered).
template <class T>
score_table<T> runs_of(pending_samples<T>& p) {
  using K = std::uint64_t;
  const std::size_t np = p.pos.size(), nn = p.neg.size();
  if constexpr (std::is_same_v<T, double>) {
    std::vector<K> ks;
    std::vector<double> vs;
    radix_sort(p.pos.data(), p.pos_w.data(), np, ks, vs);
    radix_sort(p.neg.data(), p.neg_w.data(), nn, ks, vs);
  } else {
    std::vector<K> scratch;
    radix_sort(p.pos.data(), np, scratch);
    radix_sort(p.neg.data(), nn, scratch);
  }
  const K* pk = p.pos.data();
  const K* nk = p.neg.data();
  score_table<T> t;
  t.score.reserve(np + nn);
  t.pos.reserve(np + nn);
  t.neg.reserve(np + nn);
  std::size_t i = 0, j = 0;
  while (i < np || j < nn) {
    const K k = i == np ? nk[j] : j == nn ? pk[i] : (std::min)(pk[i], nk[j]);
    T a{}, b{};
    if constexpr (std::is_same_v<T, double>) {
      for (; i < np && pk[i] == k; ++i) a += p.pos_w[i];
      for (; j < nn && nk[j] == k; ++j) b += p.neg_w[j];
    } else {
      const std::size_t i0 = i, j0 = j;
      while (i < np && pk[i] == k) ++i;
      while (j < nn && nk[j] == k) ++j;
      a = i - i0;
      b = j - j0;
    }
    t.push(from_descending_key<double>(k), a, b);
  }
  return t;
}

// Whether a y_true element is the positive label.
template <class Label, class V>
bool is_positive(const V& v, const Label& pos) {
  const auto key = to_key(v);
  if constexpr (is_string_like_v<V>) {
    static_assert(std::is_same_v<Label, std::string>,
                  "tally: string labels need a std::string positive label");
    return key == std::string_view(pos);
  } else {
    static_assert(!std::is_same_v<Label, std::string>,
                  "tally: numeric labels need a numeric positive label");
    if constexpr (std::is_floating_point_v<V> || std::is_floating_point_v<Label>)
      return static_cast<double>(key) == static_cast<double>(pos);
    else if constexpr (std::is_enum_v<V>)
      return key == static_cast<V>(pos);
    else
      return static_cast<long double>(key) == static_cast<long double>(pos) &&
             key == static_cast<V>(pos);
  }
}

// Appends (y_true, y_score[, w]) to pending samples; on any error the
// pending samples are restored and the error rethrown.
template <class T, class Label, class R1, class R2>
void append_scored(pending_samples<T>& p, const Label& pos, const R1& y_true, const R2& y_score,
                   const double* w, std::size_t nw) {
  using V = range_value_t<const R2>;
  static_assert(std::is_arithmetic_v<V>, "tally: y_score must be a range of numbers");
  const std::size_t np = p.pos.size(), nn = p.neg.size();
  auto fail = [&](const std::string& message) {
    p.truncate(np, nn);
    throw_invalid_argument(message);
  };
  auto t = adl_begin(y_true);
  const auto te = adl_end(y_true);
  auto s = adl_begin(y_score);
  const auto se = adl_end(y_score);
  std::size_t i = 0;
  for (; t != te && s != se; ++t, ++s, ++i) {
    const double x = static_cast<double>(*s);
    if (TALLY_UNLIKELY(!std::isfinite(x)))
      fail("y_score contains a non-finite value (" + to_text(x) + " at index " + std::to_string(i) +
           ")");
    const bool positive = is_positive(*t, pos);
    if constexpr (std::is_same_v<T, double>) {
      const double wi = w ? (i < nw ? w[i] : 0.0) : 1.0;
      if (wi == 0) continue;
      (positive ? p.pos_w : p.neg_w).push_back(wi);
    }
    (positive ? p.pos : p.neg).push_back(descending_key(x));
  }
  if (t != te || s != se) {
    std::size_t more_t = 0, more_s = 0;
    for (; t != te; ++t) ++more_t;
    for (; s != se; ++s) ++more_s;
    fail("y_true has " + std::to_string(i + more_t) + " samples, y_score has " +
         std::to_string(i + more_s));
  }
  if (w && nw != i) {
    p.truncate(np, nn);
    check_same_length("sample_weight", nw, "y_true", i);
  }
}

// ------------------------------------------------- averaged set metrics --

enum class prf_part { precision, recall, fscore };

template <class T>
double prf_value(const binary_counts<T>& c, prf_part part, double b, zero_division z) {
  switch (part) {
  case prf_part::precision:
    return tally::precision(c, z);
  case prf_part::recall:
    return tally::recall(c, z);
  case prf_part::fscore:
  default:
    return tally::fbeta(c, b, z);
  }
}

// One value per label; counts_of(i) gives label i's one-vs-rest counts.
template <class CountsOf>
std::vector<double> per_label_values(std::size_t k, CountsOf&& counts_of, prf_part part, double b,
                                     zero_division z) {
  std::vector<double> v(k);
  for (std::size_t i = 0; i < k; ++i) v[i] = prf_value(counts_of(i), part, b, z);
  return v;
}

// scikit-learn's micro / macro / weighted averages of precision, recall, F.
template <class CountsOf>
double averaged_value(const char* who, std::size_t k, CountsOf&& counts_of, average avg,
                      prf_part part, double b, zero_division z) {
  if (avg == average::micro) {
    decltype(counts_of(std::size_t{0})) sum{};
    for (std::size_t i = 0; i < k; ++i) sum += counts_of(i);
    return prf_value(sum, part, b, z);
  }
  if (avg != average::macro && avg != average::weighted)
    throw_invalid_argument(std::string(who) +
                           ": average must be micro, macro or weighted (per-label values: "
                           "the *_per_label functions; one label's counts: one_vs_rest or "
                           "counts)" +
                           (avg == average::samples ? "; per-sample averages need every row, "
                                                      "which an accumulator does not keep"
                                                    : ""));
  const std::vector<double> v = per_label_values(k, counts_of, part, b, z);
  if (avg == average::macro) return nan_average(v);
  std::vector<double> support(k);
  for (std::size_t i = 0; i < k; ++i)
    support[i] = static_cast<double>(counts_of(i).actual_positive());
  return nan_average(v, &support);
}

template <class T>
void check_count_type() {
  static_assert(is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");
}

template <class T>
void require_weighted() {
  static_assert(std::is_same_v<T, double>,
                "tally: update with weights needs a weighted accumulator (count type double)");
}

// A weighted state keeps its total weight a finite double; weights are
// non-negative, so every count below it is finite too. `have` is the
// state's total, `add` what an update or a merge brings; checked before the
// state changes.
template <class T>
void check_weight_room(const char* where, T have, T add) {
  if constexpr (std::is_same_v<T, double>) {
    if (!(have + add <= (std::numeric_limits<double>::max)()))
      throw_invalid_argument(std::string(where) +
                             ": the total weight would pass the largest double (" + to_text(have) +
                             " accumulated, " + to_text(add) + " more); scale the weights down");
  } else {
    static_cast<void>(where), static_cast<void>(have), static_cast<void>(add);
  }
}

} // namespace detail

// ================================================================ binary ==

/// tp, fp, fn, tn for one positive label (default 1), accumulated over any
/// number of batches. Every label other than the positive one is negative.
template <class T = std::uint64_t, class Label = int>
class binary_accumulator {
  static_assert(detail::is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");

public:
  using count_type = T;
  using label_type = Label;

  binary_accumulator() : pos_(detail::default_pos_label<Label>()) {}
  explicit binary_accumulator(Label positive_label) : pos_(std::move(positive_label)) {}

  /// Adds the samples of a batch (any ranges of labels; empty is a no-op).
  template <class R1, class R2>
  binary_accumulator& update(const R1& y_true, const R2& y_pred) {
    if (detail::range_is_empty(y_true) && detail::range_is_empty(y_pred)) return *this;
    // count_binary's steps, with the kernel's totals added to the state
    // directly (no intermediate binary_counts round trip through memory)
    const auto data = detail::adapt_pair(y_true, y_pred);
    using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
    bool given = false;
    const auto option = tally::pos_label(pos_); // outlives the key (a view for strings)
    const K pos = detail::pos_label_for<K>(given, option);
    const auto r = detail::count_binary(data.y_true.data(), data.y_pred.data(), data.size(), pos);
    add_tally(r);
    return *this;
  }

  /// Adds a batch with per-sample weights (weighted accumulators only).
  template <class R1, class R2, class W>
  binary_accumulator& update(const R1& y_true, const R2& y_pred, const W& weights) {
    detail::require_weighted<T>();
    if (detail::range_is_empty(y_true) && detail::range_is_empty(y_pred) &&
        detail::range_is_empty(weights))
      return *this;
    const auto data = detail::adapt_pair(y_true, y_pred);
    using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
    std::vector<double> copy;
    const double* w = detail::weights_view(weights, data.size(), copy);
    bool given = false;
    const auto option = tally::pos_label(pos_);
    const K pos = detail::pos_label_for<K>(given, option);
    const auto r =
        detail::count_binary_weighted(data.y_true.data(), data.y_pred.data(), w, data.size(), pos);
    detail::check_weight_room<T>("binary_accumulator::update", counts_.total(),
                                 static_cast<T>(r.total));
    add_tally(r);
    return *this;
  }

  /// Adds another accumulator's counts; the positive labels must agree.
  binary_accumulator& merge(const binary_accumulator& other) {
    if (!(other.pos_ == pos_))
      detail::throw_invalid_argument("binary_accumulator::merge: positive labels differ (" +
                                     detail::to_text(pos_) + " and " + detail::to_text(other.pos_) +
                                     ")");
    detail::check_weight_room<T>("binary_accumulator::merge", counts_.total(),
                                 other.counts_.total());
    counts_ += other.counts_;
    return *this;
  }
  binary_accumulator& operator+=(const binary_accumulator& other) { return merge(other); }
  [[nodiscard]] friend binary_accumulator operator+(binary_accumulator a,
                                                    const binary_accumulator& b) {
    return a += b;
  }

  /// Forgets all samples; keeps the positive label.
  void reset() noexcept { counts_ = binary_counts<T>{}; }
  /// An accumulator with the same positive label and no samples.
  [[nodiscard]] binary_accumulator empty_like() const { return binary_accumulator(pos_); }

  [[nodiscard]] const binary_counts<T>& counts() const noexcept { return counts_; }
  [[nodiscard]] const Label& pos_label() const noexcept { return pos_; }
  /// Number (or total weight) of samples seen.
  [[nodiscard]] T total() const noexcept { return counts_.total(); }

  // Metrics of the current counts (tally/metrics.hpp).
  [[nodiscard]] double accuracy(zero_division z = zero_division::warn) const {
    return tally::accuracy(counts_, z);
  }
  [[nodiscard]] double precision(zero_division z = zero_division::warn) const {
    return tally::precision(counts_, z);
  }
  [[nodiscard]] double recall(zero_division z = zero_division::warn) const {
    return tally::recall(counts_, z);
  }
  [[nodiscard]] double specificity(zero_division z = zero_division::warn) const {
    return tally::specificity(counts_, z);
  }
  [[nodiscard]] double npv(zero_division z = zero_division::warn) const {
    return tally::npv(counts_, z);
  }
  [[nodiscard]] double f1(zero_division z = zero_division::warn) const {
    return tally::f1(counts_, z);
  }
  [[nodiscard]] double fbeta(double b, zero_division z = zero_division::warn) const {
    return tally::fbeta(counts_, b, z);
  }
  [[nodiscard]] double jaccard(zero_division z = zero_division::warn) const {
    return tally::jaccard(counts_, z);
  }
  [[nodiscard]] double balanced_accuracy(zero_division z = zero_division::warn) const {
    return tally::balanced_accuracy(counts_, z);
  }
  [[nodiscard]] double mcc() const noexcept { return tally::mcc(counts_); }
  [[nodiscard]] double cohen_kappa(kappa_weights w = kappa_weights::none) const {
    return tally::cohen_kappa(counts_, w);
  }

  [[nodiscard]] friend bool operator==(const binary_accumulator& a, const binary_accumulator& b) {
    return a.pos_ == b.pos_ && a.counts_ == b.counts_;
  }
  [[nodiscard]] friend bool operator!=(const binary_accumulator& a, const binary_accumulator& b) {
    return !(a == b);
  }

private:
  friend struct detail::accumulator_access;

  // Adds a kernel's totals, cell by cell as count_binary derives them.
  template <class R>
  void add_tally(const R& r) noexcept {
    using C = decltype(r.both);
    const C tp = r.both, fp = r.pred_pos - r.both, fn = r.true_pos - r.both;
    const C tn = r.total - tp - fp - fn;
    counts_.tp += static_cast<T>(tp);
    counts_.fp += static_cast<T>(fp);
    counts_.fn += static_cast<T>(fn);
    counts_.tn += static_cast<T>(tn);
  }

  Label pos_;
  binary_counts<T> counts_{};
};

// ============================================================ multiclass ==

/// A K x K confusion matrix (rows true, columns predicted) with its labels,
/// accumulated over batches.
///
/// Two modes, chosen at construction:
///  - growing (default constructor): the labels are the sorted union of every
///    label seen so far, exactly what the one-shot confusion_matrix infers
///    from the whole data; a new label adds a row and a column. Merging two
///    growing accumulators takes the union of their labels.
///  - fixed (constructed with a label list): the labels and their order are
///    declared up front; a sample whose true or predicted label is not
///    declared is an error (std::invalid_argument, and the batch is not
///    counted). Merging requires the same labels in the same order.
/// Merging a fixed accumulator with one whose labels differ is an error.
template <class Label = int, class T = std::uint64_t>
class matrix_accumulator {
  static_assert(detail::is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");
  using key_type = detail::key_t<Label>;

public:
  using count_type = T;
  using label_type = Label;

  /// Growing label set.
  matrix_accumulator() = default;
  /// Fixed label set, in the given order; repeated labels are an error.
  explicit matrix_accumulator(std::vector<Label> label_list)
      : labels_(std::move(label_list)), fixed_(true) {
    check_distinct();
    counts_ = matrix<T>(labels_.size());
  }
  matrix_accumulator(std::initializer_list<Label> label_list)
      : matrix_accumulator(std::vector<Label>(label_list)) {}

  template <class R1, class R2>
  matrix_accumulator& update(const R1& y_true, const R2& y_pred) {
    static_assert(!detail::is_multilabel_v<R1>,
                  "tally: multilabel input goes to multilabel_accumulator");
    if (detail::range_is_empty(y_true) && detail::range_is_empty(y_pred)) return *this;
    if (!fixed_) {
      add_counted(count_matrix(y_true, y_pred)); // the one-shot count, then a merge
      return *this;
    }
    const auto data = detail::adapt_pair(y_true, y_pred);
    count_fixed(data, nullptr);
    return *this;
  }

  template <class R1, class R2, class W>
  matrix_accumulator& update(const R1& y_true, const R2& y_pred, const W& weights) {
    detail::require_weighted<T>();
    if (detail::range_is_empty(y_true) && detail::range_is_empty(y_pred) &&
        detail::range_is_empty(weights))
      return *this;
    const auto data = detail::adapt_pair(y_true, y_pred);
    std::vector<double> copy;
    const double* w = detail::weights_view(weights, data.size(), copy);
    if (!fixed_) {
      // a batch whose weights are all zero adds nothing (count_matrix refuses it)
      if (std::all_of(w, w + data.size(), [](double x) { return x == 0; })) return *this;
      add_counted(count_matrix(y_true, y_pred, tally::sample_weight(w, data.size())));
      return *this;
    }
    count_fixed(data, w);
    return *this;
  }

  matrix_accumulator& merge(const matrix_accumulator& other) {
    if (fixed_ || other.fixed_) {
      if (fixed_ != other.fixed_ && !(fixed_ ? other.is_pristine() : is_pristine()))
        detail::throw_invalid_argument(
            "matrix_accumulator::merge: a fixed label set and a growing one (" +
            detail::labels_text(labels_) + " and " + detail::labels_text(other.labels_) + ")");
      if (!fixed_) {
        *this = other;
        return *this;
      }
      if (other.fixed_ && labels_ != other.labels_)
        detail::throw_invalid_argument("matrix_accumulator::merge: label sets differ (" +
                                       detail::labels_text(labels_) + " and " +
                                       detail::labels_text(other.labels_) + ")");
      if (other.fixed_) {
        check_room("matrix_accumulator::merge", other.counts_);
        counts_ += other.counts_;
      }
      return *this;
    }
    check_room("matrix_accumulator::merge", other.counts_);
    std::vector<std::size_t> where;
    grow(other.labels_, where);
    add_mapped(other.counts_, where);
    return *this;
  }
  matrix_accumulator& operator+=(const matrix_accumulator& other) { return merge(other); }
  [[nodiscard]] friend matrix_accumulator operator+(matrix_accumulator a,
                                                    const matrix_accumulator& b) {
    return a += b;
  }

  /// Forgets all samples. A fixed accumulator keeps its labels; a growing
  /// one forgets them too.
  void reset() {
    if (fixed_) {
      counts_.reset();
    } else {
      labels_.clear();
      counts_ = matrix<T>();
    }
  }
  [[nodiscard]] matrix_accumulator empty_like() const {
    matrix_accumulator a = fixed_ ? matrix_accumulator(labels_) : matrix_accumulator();
    return a;
  }

  [[nodiscard]] bool fixed_labels() const noexcept { return fixed_; }
  [[nodiscard]] const std::vector<Label>& labels() const noexcept { return labels_; }
  [[nodiscard]] std::size_t n_classes() const noexcept { return labels_.size(); }
  [[nodiscard]] const matrix<T>& counts() const noexcept { return counts_; }
  [[nodiscard]] T total() const noexcept { return counts_.total(); }

  /// Index of a label, or -1.
  [[nodiscard]] std::ptrdiff_t index_of(const Label& l) const noexcept {
    for (std::size_t i = 0; i < labels_.size(); ++i)
      if (labels_[i] == l) return static_cast<std::ptrdiff_t>(i);
    return -1;
  }
  /// One-vs-rest counts of a label (std::out_of_range when unknown).
  [[nodiscard]] binary_counts<T> one_vs_rest(const Label& l) const {
    const std::ptrdiff_t i = index_of(l);
    if (i < 0)
      detail::throw_out_of_range("matrix_accumulator: label " + detail::to_text(l) +
                                 " is not among " + detail::labels_text(labels_));
    return counts_.one_vs_rest(static_cast<std::size_t>(i));
  }

  [[nodiscard]] double accuracy(zero_division z = zero_division::warn) const {
    return tally::accuracy(counts_, z);
  }
  [[nodiscard]] double mcc() const { return tally::mcc(counts_); }
  [[nodiscard]] double balanced_accuracy(bool adjust = false) const {
    return tally::balanced_accuracy(counts_, adjust);
  }
  [[nodiscard]] double cohen_kappa(kappa_weights w = kappa_weights::none,
                                   double undefined = detail::nan_v) const {
    return tally::cohen_kappa(counts_, w, undefined);
  }

  /// Averaged precision / recall / F (micro, macro or weighted over the
  /// labels), as scikit-learn's precision_score(..., average=...) on the
  /// data seen.
  [[nodiscard]] double precision(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::precision, 1.0, z);
  }
  [[nodiscard]] double recall(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::recall, 1.0, z);
  }
  [[nodiscard]] double f1(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::fscore, 1.0, z);
  }
  [[nodiscard]] double fbeta(double b, average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::fscore, b, z);
  }
  /// Per-label precision / recall / F, in the order of labels().
  [[nodiscard]] std::vector<double>
  precision_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::precision, 1.0, z);
  }
  [[nodiscard]] std::vector<double> recall_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::recall, 1.0, z);
  }
  [[nodiscard]] std::vector<double> f1_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::fscore, 1.0, z);
  }

  [[nodiscard]] friend bool operator==(const matrix_accumulator& a, const matrix_accumulator& b) {
    return a.fixed_ == b.fixed_ && a.labels_ == b.labels_ && a.counts_ == b.counts_;
  }
  [[nodiscard]] friend bool operator!=(const matrix_accumulator& a, const matrix_accumulator& b) {
    return !(a == b);
  }

private:
  friend struct detail::accumulator_access;

  [[nodiscard]] bool is_pristine() const noexcept { return !fixed_ && labels_.empty(); }

  void check_distinct() const {
    for (std::size_t i = 0; i < labels_.size(); ++i)
      for (std::size_t j = i + 1; j < labels_.size(); ++j)
        if (labels_[i] == labels_[j])
          detail::throw_invalid_argument("matrix_accumulator: labels contain a repeated label (" +
                                         detail::to_text(labels_[i]) + ")");
  }

  double averaged(average avg, detail::prf_part part, double b, zero_division z) const {
    return detail::averaged_value(
        "matrix_accumulator", counts_.n_classes(),
        [this](std::size_t i) { return counts_.one_vs_rest(i); }, avg, part, b, z);
  }
  std::vector<double> per_label(detail::prf_part part, double b, zero_division z) const {
    return detail::per_label_values(
        counts_.n_classes(), [this](std::size_t i) { return counts_.one_vs_rest(i); }, part, b, z);
  }

  // Grows the label set by `more` (sorted union); where[i] = new index of more[i].
  void grow(const std::vector<Label>& more, std::vector<std::size_t>& where) {
    where.assign(more.size(), 0);
    bool subset = true;
    for (std::size_t i = 0; i < more.size(); ++i) {
      const auto it = std::lower_bound(labels_.begin(), labels_.end(), more[i]);
      if (it == labels_.end() || !(*it == more[i])) {
        subset = false;
        break;
      }
      where[i] = static_cast<std::size_t>(it - labels_.begin());
    }
    if (subset) return;
    std::vector<Label> all;
    all.reserve(labels_.size() + more.size());
    std::set_union(labels_.begin(), labels_.end(), more.begin(), more.end(),
                   std::back_inserter(all));
    matrix<T> bigger(all.size());
    std::vector<std::size_t> old(labels_.size());
    for (std::size_t i = 0; i < labels_.size(); ++i)
      old[i] = static_cast<std::size_t>(std::lower_bound(all.begin(), all.end(), labels_[i]) -
                                        all.begin());
    for (std::size_t i = 0; i < labels_.size(); ++i)
      for (std::size_t j = 0; j < labels_.size(); ++j) bigger(old[i], old[j]) = counts_(i, j);
    labels_ = std::move(all);
    counts_ = std::move(bigger);
    for (std::size_t i = 0; i < more.size(); ++i)
      where[i] = static_cast<std::size_t>(
          std::lower_bound(labels_.begin(), labels_.end(), more[i]) - labels_.begin());
  }

  template <class C>
  void add_mapped(const matrix<C>& m, const std::vector<std::size_t>& where) {
    const std::size_t k = m.n_classes();
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j) counts_(where[i], where[j]) += static_cast<T>(m(i, j));
  }

  template <class K>
  void count_fixed(const detail::label_pair<K>& data, const double* w) {
    const std::size_t n = data.size();
    std::vector<K> keys;
    keys.reserve(labels_.size());
    for (const Label& l : labels_) keys.push_back(detail::key_from_label<K>(l));
    const auto set = detail::label_set<K>::given(std::move(keys));
    matrix<T> m(set.size());
    detail::count_into(data.y_true.data(), data.y_pred.data(), w, n, set, m);
    check_all_counted(data, set, m, w);
    check_room("matrix_accumulator::update", m);
    counts_ += m;
  }

  // Weighted states: the total with `more` added stays a finite double (two
  // O(K^2) sums, skipped for integer counts).
  template <class C>
  void check_room(const char* where, const matrix<C>& more) const {
    if constexpr (std::is_same_v<T, double>)
      detail::check_weight_room<T>(where, counts_.total(), static_cast<T>(more.total()));
    else
      static_cast<void>(where), static_cast<void>(more);
  }

  // Growing mode: adds a labeled matrix counted by count_matrix.
  template <class L, class C>
  void add_counted(const labeled_matrix<L, C>& lm) {
    check_room("matrix_accumulator::update", lm.counts);
    if constexpr (std::is_same_v<L, Label> && std::is_same_v<C, T>) {
      if (lm.labels == labels_) { // the steady state: the same labels again
        counts_ += lm.counts;
        return;
      }
    }
    std::vector<Label> seen;
    seen.reserve(lm.labels.size());
    for (const L& l : lm.labels) seen.push_back(detail::label_from_key<Label>(detail::to_key(l)));
    std::vector<std::size_t> where;
    grow(seen, where);
    add_mapped(lm.counts, where);
  }

  // Fixed mode: every sample's labels must be declared.
  template <class K>
  void check_all_counted(const detail::label_pair<K>& data, const detail::label_set<K>& set,
                         const matrix<T>& m, const double* w) const {
    if (w == nullptr && static_cast<std::size_t>(m.total()) == data.size()) return;
    for (std::size_t i = 0; i < data.size(); ++i) {
      const bool t_ok = set.contains(data.y_true[i]);
      if (t_ok && set.contains(data.y_pred[i])) continue;
      const K bad = t_ok ? data.y_pred[i] : data.y_true[i];
      detail::throw_invalid_argument(
          std::string("matrix_accumulator::update: ") + (t_ok ? "y_pred" : "y_true") +
          " has label " + detail::to_text(bad) + " (index " + std::to_string(i) +
          ") outside the declared labels " + detail::labels_text(labels_));
    }
  }

  std::vector<Label> labels_;
  matrix<T> counts_;
  bool fixed_ = false;
};

// ============================================================ multilabel ==

/// Per-label counts of a multilabel problem (an n x L indicator matrix, as a
/// range of rows or tally::indicator(ptr, rows, cols)), accumulated over
/// batches: scikit-learn's multilabel_confusion_matrix plus the number of
/// exactly matching rows (subset accuracy). The number of labels is fixed by
/// the constructor or by the first non-empty update; a batch of another width
/// is an error.
template <class T = std::uint64_t>
class multilabel_accumulator {
  static_assert(detail::is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");

public:
  using count_type = T;

  multilabel_accumulator() = default;
  explicit multilabel_accumulator(std::size_t label_count) { configure(label_count); }

  template <class R1, class R2>
  multilabel_accumulator& update(const R1& y_true, const R2& y_pred) {
    return update_impl(y_true, y_pred, static_cast<const std::vector<double>*>(nullptr));
  }
  template <class R1, class R2, class W>
  multilabel_accumulator& update(const R1& y_true, const R2& y_pred, const W& weights) {
    detail::require_weighted<T>();
    return update_impl(y_true, y_pred, &weights);
  }

  multilabel_accumulator& merge(const multilabel_accumulator& other) {
    if (!other.configured_) return *this;
    if (!configured_) {
      *this = other;
      return *this;
    }
    if (other.n_labels() != n_labels())
      detail::throw_invalid_argument("multilabel_accumulator::merge: label counts differ (" +
                                     std::to_string(n_labels()) + " and " +
                                     std::to_string(other.n_labels()) + ")");
    detail::check_weight_room<T>("multilabel_accumulator::merge", total_, other.total_);
    for (std::size_t j = 0; j < tp_.size(); ++j) {
      tp_[j] += other.tp_[j];
      pred_[j] += other.pred_[j];
      truth_[j] += other.truth_[j];
    }
    total_ += other.total_;
    exact_ += other.exact_;
    return *this;
  }
  multilabel_accumulator& operator+=(const multilabel_accumulator& other) { return merge(other); }
  [[nodiscard]] friend multilabel_accumulator operator+(multilabel_accumulator a,
                                                        const multilabel_accumulator& b) {
    return a += b;
  }

  /// Forgets all samples; keeps the number of labels.
  void reset() noexcept {
    std::fill(tp_.begin(), tp_.end(), T{});
    std::fill(pred_.begin(), pred_.end(), T{});
    std::fill(truth_.begin(), truth_.end(), T{});
    total_ = T{};
    exact_ = T{};
  }
  [[nodiscard]] multilabel_accumulator empty_like() const {
    return configured_ ? multilabel_accumulator(n_labels()) : multilabel_accumulator();
  }

  [[nodiscard]] bool configured() const noexcept { return configured_; }
  [[nodiscard]] std::size_t n_labels() const noexcept { return tp_.size(); }
  /// Number (or weight) of samples (rows) seen.
  [[nodiscard]] T total() const noexcept { return total_; }
  /// Number (or weight) of rows predicted exactly.
  [[nodiscard]] T exact_matches() const noexcept { return exact_; }
  /// One-vs-rest counts of label (column) j.
  [[nodiscard]] binary_counts<T> counts(std::size_t j) const {
    if (j >= n_labels())
      detail::throw_out_of_range("multilabel_accumulator: label " + std::to_string(j) +
                                 " outside [0, " + std::to_string(n_labels()) + ")");
    binary_counts<T> c;
    c.tp = tp_[j];
    c.fp = pred_[j] - tp_[j];
    c.fn = truth_[j] - tp_[j];
    c.tn = total_ - c.tp - c.fp - c.fn;
    return c;
  }
  /// Counts summed over labels (micro).
  [[nodiscard]] binary_counts<T> micro_counts() const noexcept {
    binary_counts<T> s;
    for (std::size_t j = 0; j < n_labels(); ++j) {
      s.tp += tp_[j];
      s.fp += pred_[j] - tp_[j];
      s.fn += truth_[j] - tp_[j];
      s.tn += total_ - tp_[j] - (pred_[j] - tp_[j]) - (truth_[j] - tp_[j]);
    }
    return s;
  }

  /// accuracy_score on multilabel data: the share of rows predicted exactly.
  [[nodiscard]] double subset_accuracy(zero_division z = zero_division::warn) const {
    return detail::ratio(static_cast<double>(exact_), static_cast<double>(total_), z,
                         "subset accuracy");
  }
  /// hamming_loss: the share of wrong cells.
  [[nodiscard]] double hamming_loss(zero_division z = zero_division::warn) const {
    const binary_counts<T> m = micro_counts();
    return detail::ratio(static_cast<double>(m.fp) + static_cast<double>(m.fn),
                         static_cast<double>(total_) * static_cast<double>(n_labels()), z,
                         "hamming loss");
  }
  [[nodiscard]] double precision(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::precision, 1.0, z);
  }
  [[nodiscard]] double recall(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::recall, 1.0, z);
  }
  [[nodiscard]] double f1(average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::fscore, 1.0, z);
  }
  [[nodiscard]] double fbeta(double b, average avg, zero_division z = zero_division::warn) const {
    return averaged(avg, detail::prf_part::fscore, b, z);
  }
  [[nodiscard]] std::vector<double>
  precision_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::precision, 1.0, z);
  }
  [[nodiscard]] std::vector<double> recall_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::recall, 1.0, z);
  }
  [[nodiscard]] std::vector<double> f1_per_label(zero_division z = zero_division::warn) const {
    return per_label(detail::prf_part::fscore, 1.0, z);
  }

  [[nodiscard]] friend bool operator==(const multilabel_accumulator& a,
                                       const multilabel_accumulator& b) {
    return a.configured_ == b.configured_ && a.tp_ == b.tp_ && a.pred_ == b.pred_ &&
           a.truth_ == b.truth_ && a.total_ == b.total_ && a.exact_ == b.exact_;
  }
  [[nodiscard]] friend bool operator!=(const multilabel_accumulator& a,
                                       const multilabel_accumulator& b) {
    return !(a == b);
  }

private:
  friend struct detail::accumulator_access;

  void configure(std::size_t n) {
    configured_ = true;
    tp_.assign(n, T{});
    pred_.assign(n, T{});
    truth_.assign(n, T{});
  }

  template <class R1, class R2, class W>
  multilabel_accumulator& update_impl(const R1& y_true, const R2& y_pred, const W* weights) {
    static_assert(detail::is_multilabel_v<R1> && detail::is_multilabel_v<R2>,
                  "tally: multilabel_accumulator takes indicator matrices (a range of rows or "
                  "tally::indicator(ptr, rows, cols)) for both y_true and y_pred");
    const auto a = detail::adapt_indicator("y_true", y_true);
    const auto b = detail::adapt_indicator("y_pred", y_pred);
    detail::check_same_length("y_true", a.rows, "y_pred", b.rows);
    if (a.cols != b.cols)
      detail::throw_invalid_argument("y_true has " + std::to_string(a.cols) +
                                     " columns, y_pred has " + std::to_string(b.cols));
    const double* w = nullptr;
    std::vector<double> copy;
    if (weights) w = detail::weights_view(*weights, a.rows, copy);
    if (a.rows == 0) return *this;
    if (!configured_) configure(a.cols);
    if (a.cols != n_labels())
      detail::throw_invalid_argument("multilabel_accumulator::update: the batch has " +
                                     std::to_string(a.cols) +
                                     " labels (columns), the "
                                     "accumulator " +
                                     std::to_string(n_labels()));
    if (w != nullptr)
      detail::check_weight_room<T>("multilabel_accumulator::update", total_,
                                   static_cast<T>(detail::pairwise_sum(w, a.rows)));
    const std::size_t L = a.cols;
    T* tp = tp_.data();
    T* pred = pred_.data();
    T* truth = truth_.data();
    T total = total_, exact = exact_;
    for (std::size_t r = 0; r < a.rows; ++r) {
      const std::uint8_t* ta = a.row(r);
      const std::uint8_t* pb = b.row(r);
      unsigned diff = 0;
      if constexpr (std::is_same_v<T, double>) {
        const double one = w ? w[r] : 1.0;
        for (std::size_t j = 0; j < L; ++j) {
          const unsigned t = ta[j], p = pb[j];
          tp[j] += static_cast<double>(t & p) * one;
          pred[j] += static_cast<double>(p) * one;
          truth[j] += static_cast<double>(t) * one;
          diff |= t ^ p;
        }
        total += one;
        if (diff == 0) exact += one;
      } else {
        for (std::size_t j = 0; j < L; ++j) {
          const unsigned t = ta[j], p = pb[j];
          tp[j] += t & p;
          pred[j] += p;
          truth[j] += t;
          diff |= t ^ p;
        }
        total += 1;
        exact += diff == 0 ? 1 : 0;
      }
    }
    total_ = total;
    exact_ = exact;
    return *this;
  }

  double averaged(average avg, detail::prf_part part, double b, zero_division z) const {
    return detail::averaged_value(
        "multilabel_accumulator", n_labels(), [this](std::size_t j) { return counts(j); }, avg,
        part, b, z);
  }
  std::vector<double> per_label(detail::prf_part part, double b, zero_division z) const {
    return detail::per_label_values(
        n_labels(), [this](std::size_t j) { return counts(j); }, part, b, z);
  }

  std::vector<T> tp_, pred_, truth_;
  T total_{};
  T exact_{};
  bool configured_ = false;
};

// ================================================================= curves ==

/// The exact state of every score curve of a binary problem: a table of
/// (distinct score, positive count, negative count), in decreasing score
/// order. Memory is bounded by the number of distinct scores, not samples;
/// tables merge by a sorted merge, so ROC AUC and average precision of a
/// merged state equal scikit-learn's roc_auc_score and
/// average_precision_score (and tally's one-shot functions) on all the data.
///
/// y_true labels equal to the positive label (default 1) are positive, all
/// others negative; scores must be finite. With weights, samples of weight 0
/// are left out (as scikit-learn does).
///
/// An update appends the batch's (score key, label) pairs to a buffer of
/// pending samples in O(b); when the buffer holds more samples than
/// max(65536, rows of the table), it is radix-sorted, run-length encoded and
/// merged into the table. Each sample is thus sorted once and each table row
/// merged an amortized O(1) times; the buffer adds at most
/// max(65536, table rows) samples (8 bytes each, 16 weighted) to the memory.
/// Queries fold the pending samples in on the fly; compact() does it once.
template <class T = std::uint64_t, class Label = int>
class curve_accumulator {
  static_assert(detail::is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");

public:
  using count_type = T;
  using label_type = Label;
  using table_type = detail::score_table<T>;

  curve_accumulator() : pos_(detail::default_pos_label<Label>()) {}
  explicit curve_accumulator(Label positive_label) : pos_(std::move(positive_label)) {}

  template <class R1, class R2>
  curve_accumulator& update(const R1& y_true, const R2& y_score) {
    return update_impl(y_true, y_score, static_cast<const std::vector<double>*>(nullptr));
  }
  template <class R1, class R2, class W>
  curve_accumulator& update(const R1& y_true, const R2& y_score, const W& weights) {
    detail::require_weighted<T>();
    return update_impl(y_true, y_score, &weights);
  }

  curve_accumulator& merge(const curve_accumulator& other) {
    if (!(other.pos_ == pos_))
      detail::throw_invalid_argument("curve_accumulator::merge: positive labels differ (" +
                                     detail::to_text(pos_) + " and " + detail::to_text(other.pos_) +
                                     ")");
    if (other.pending_.size() == 0 && other.table_.size() == 0) return *this;
    detail::check_weight_room<double>("curve_accumulator::merge", weight_, other.weight_);
    table_type merged = detail::merge_tables(table(), other.table());
    table_ = std::move(merged);
    pending_.clear();
    weight_ += other.weight_;
    return *this;
  }
  curve_accumulator& operator+=(const curve_accumulator& other) { return merge(other); }
  [[nodiscard]] friend curve_accumulator operator+(curve_accumulator a,
                                                   const curve_accumulator& b) {
    return a += b;
  }

  void reset() noexcept {
    table_.clear();
    pending_.clear();
    weight_ = 0;
  }
  [[nodiscard]] curve_accumulator empty_like() const { return curve_accumulator(pos_); }
  /// Merges the internal stack of tables into one (queries then cost nothing
  /// extra).
  void compact() {
    if (pending_.size() == 0) return;
    table_type runs = detail::runs_of(pending_);
    table_ = table_.size() == 0 ? std::move(runs) : detail::merge_tables(table_, runs);
    pending_.clear();
  }

  [[nodiscard]] const Label& pos_label() const noexcept { return pos_; }
  /// The merged table: distinct scores (decreasing) with their counts.
  [[nodiscard]] table_type table() const {
    if (pending_.size() == 0) return table_;
    detail::pending_samples<T> copy = pending_;
    table_type runs = detail::runs_of(copy);
    return table_.size() == 0 ? runs : detail::merge_tables(table_, runs);
  }
  /// Number of distinct scores.
  [[nodiscard]] std::size_t size() const {
    return pending_.size() == 0 ? table_.size() : table().size();
  }
  [[nodiscard]] T total_positive() const noexcept { return sum_of(&table_type::pos); }
  [[nodiscard]] T total_negative() const noexcept { return sum_of(&table_type::neg); }
  [[nodiscard]] T total() const noexcept { return total_positive() + total_negative(); }

  /// Counts when predicting positive at score >= threshold.
  [[nodiscard]] binary_counts<T> counts_at(double threshold) const {
    binary_counts<T> c;
    for (std::size_t i = 0; i < table_.size(); ++i) {
      if (table_.score[i] >= threshold) {
        c.tp += table_.pos[i];
        c.fp += table_.neg[i];
      } else {
        c.fn += table_.pos[i];
        c.tn += table_.neg[i];
      }
    }
    for (std::size_t i = 0; i < pending_.pos.size(); ++i) {
      const T one = pending_one(pending_.pos_w, i);
      (detail::from_descending_key<double>(pending_.pos[i]) >= threshold ? c.tp : c.fn) += one;
    }
    for (std::size_t i = 0; i < pending_.neg.size(); ++i) {
      const T one = pending_one(pending_.neg_w, i);
      (detail::from_descending_key<double>(pending_.neg[i]) >= threshold ? c.fp : c.tn) += one;
    }
    return c;
  }

  /// Binary ROC AUC; NaN when one class has no samples (scikit-learn 1.6+).
  [[nodiscard]] double roc_auc() const {
    const table_type t = table();
    return detail::roc_auc_of_walk<T>(total_positive(), total_negative(),
                                      [&](auto&& emit) { walk(t, emit); });
  }
  /// Average precision (step sum, no interpolation); 0 without positives.
  [[nodiscard]] double average_precision() const {
    const table_type t = table();
    return detail::average_precision_of_walk<T>(total_positive(),
                                                [&](auto&& emit) { walk(t, emit); });
  }

  /// Standardized partial ROC AUC over fpr in [0, max_fpr] (McClish), as
  /// roc_auc_score(..., tally::max_fpr(m)); max_fpr = 1 is roc_auc().
  [[nodiscard]] double roc_auc(double max_fpr_value) const {
    detail::check_max_fpr(max_fpr_value);
    if (!(total_positive() > T{0}) || !(total_negative() > T{0}))
      return std::numeric_limits<double>::quiet_NaN();
    if (max_fpr_value == 1.0) return roc_auc();
    return detail::mcclish_partial_auc(detail::roc_from_counts(cumulative(), true), max_fpr_value);
  }
  /// roc_curve(y_true, y_score[, drop_intermediate]) on the data seen (the
  /// same code computes both).
  [[nodiscard]] roc_curve_result roc_curve(bool drop = true) const {
    return detail::roc_from_counts(cumulative(), drop);
  }
  /// precision_recall_curve(y_true, y_score[, drop_intermediate]) on the
  /// data seen: increasing thresholds, ending with precision 1, recall 0.
  [[nodiscard]] precision_recall_curve_result precision_recall_curve(bool drop = false) const {
    return detail::pr_from_counts(cumulative(), drop);
  }
  /// confusion_matrix_at_thresholds(y_true, y_score) on the data seen.
  [[nodiscard]] thresholds_confusion_result confusion_matrix_at_thresholds() const {
    return detail::confusion_from_counts(cumulative());
  }

  [[nodiscard]] friend bool operator==(const curve_accumulator& a, const curve_accumulator& b) {
    if (!(a.pos_ == b.pos_)) return false;
    const table_type x = a.table(), y = b.table();
    return x.score == y.score && x.pos == y.pos && x.neg == y.neg;
  }
  [[nodiscard]] friend bool operator!=(const curve_accumulator& a, const curve_accumulator& b) {
    return !(a == b);
  }

private:
  friend struct detail::accumulator_access;

  // Cumulative counts at every distinct score (tally/ranking.hpp's form).
  [[nodiscard]] detail::threshold_counts cumulative() const {
    const table_type t = table();
    detail::threshold_counts c;
    c.thresholds = t.score;
    c.tps.reserve(t.size());
    c.fps.reserve(t.size());
    T tp{}, fp{};
    for (std::size_t i = 0; i < t.size(); ++i) {
      tp += t.pos[i];
      fp += t.neg[i];
      c.tps.push_back(static_cast<double>(tp));
      c.fps.push_back(static_cast<double>(fp));
    }
    return c;
  }

  template <class Emit>
  static void walk(const table_type& t, Emit& emit) {
    T tp{}, fp{};
    for (std::size_t i = 0; i < t.size(); ++i) {
      tp += t.pos[i];
      fp += t.neg[i];
      emit(tp, fp);
    }
  }

  static T pending_one(const std::vector<double>& w, std::size_t i) noexcept {
    if constexpr (std::is_same_v<T, double>)
      return w[i];
    else {
      (void)w;
      (void)i;
      return T{1};
    }
  }

  T sum_of(std::vector<T> table_type::*col) const noexcept {
    T s{};
    for (const T& v : table_.*col) s += v;
    const bool positives = col == &table_type::pos;
    const auto& keys = positives ? pending_.pos : pending_.neg;
    if constexpr (std::is_same_v<T, double>) {
      for (double w : positives ? pending_.pos_w : pending_.neg_w) s += w;
    } else {
      s += keys.size();
    }
    return s;
  }

  template <class R1, class R2, class W>
  curve_accumulator& update_impl(const R1& y_true, const R2& y_score, const W* weights) {
    static_assert(!detail::is_multilabel_v<R1>, "tally: curve_accumulator takes 1-D y_true");
    const double* w = nullptr;
    std::size_t nw = 0;
    std::vector<double> copy;
    if (weights) {
      using V = detail::range_value_t<const W>;
      static_assert(std::is_arithmetic_v<V>, "tally: weights must be numbers");
      if constexpr (detail::is_contiguous_v<const W> && std::is_same_v<V, double>) {
        w = std::data(*weights);
        nw = static_cast<std::size_t>(std::size(*weights));
      } else {
        for (const auto& v : *weights) copy.push_back(static_cast<double>(v));
        w = copy.data();
        nw = copy.size();
      }
      detail::check_weights(w, nw, nw);
    }
    const double added = w != nullptr ? detail::pairwise_sum(w, nw) : 0.0;
    detail::check_weight_room<double>("curve_accumulator::update", weight_, added);
    const std::size_t before = pending_.size();
    detail::append_scored(pending_, pos_, y_true, y_score, w, nw);
    weight_ += w != nullptr ? added : static_cast<double>(pending_.size() - before);
    if (pending_.size() > (std::max)(std::size_t{65536}, table_.size())) compact();
    return *this;
  }

  Label pos_;
  table_type table_;                   // merged runs, decreasing scores
  detail::pending_samples<T> pending_; // samples not yet in table_
  // Total weight added (samples for a plain state): what the next update or
  // merge is checked against without summing the table.
  double weight_ = 0;
};

/// A constant-memory curve state: positive and negative counts per bin of a
/// fixed, increasing threshold grid t_0 < ... < t_{T-1} (default: T uniform
/// thresholds i / (T - 1) over [0, 1]). A sample is predicted positive at t_j
/// when score >= t_j (tally's and scikit-learn's convention; Keras uses >).
///
/// Approximation: every metric read from the state is exactly the one-shot
/// value for the scores rounded down to the grid (all scores in
/// [t_j, t_{j+1}) treated as the tie t_j; scores below t_0 as one tie below
/// it). Counts at a grid threshold are exact. ROC AUC differs from the exact
/// value only through pairs of a positive and a negative in the same bin,
/// each of which counts 1/2 instead of 0 or 1, so
/// |roc_auc() - exact| <= roc_auc_error_bound() = sum_b pos_b neg_b / (2 P N).
/// Average precision has no such simple bound; it is exact when every score
/// lies on the grid and approaches the exact value as the bins narrow.
template <class T = std::uint64_t, class Label = int>
class binned_curve_accumulator {
  static_assert(detail::is_count_type_v<T>,
                "tally: accumulator counts are std::uint64_t (plain) or double (weighted)");

public:
  using count_type = T;
  using label_type = Label;

  /// n_thresholds uniform thresholds over [0, 1] (at least 2).
  explicit binned_curve_accumulator(std::size_t n_thresholds = 200,
                                    Label positive_label = detail::default_pos_label<Label>())
      : pos_(std::move(positive_label)) {
    if (n_thresholds < 2)
      detail::throw_invalid_argument("binned_curve_accumulator: n_thresholds must be >= 2, got " +
                                     std::to_string(n_thresholds));
    thresholds_.resize(n_thresholds);
    for (std::size_t i = 0; i < n_thresholds; ++i)
      thresholds_[i] = static_cast<double>(i) / static_cast<double>(n_thresholds - 1);
    uniform_ = true;
    pos_bins_.assign(n_thresholds + 1, T{});
    neg_bins_.assign(n_thresholds + 1, T{});
  }
  /// Explicit thresholds: finite, strictly increasing, at least one.
  explicit binned_curve_accumulator(std::vector<double> grid,
                                    Label positive_label = detail::default_pos_label<Label>())
      : pos_(std::move(positive_label)), thresholds_(std::move(grid)) {
    check_thresholds(thresholds_);
    pos_bins_.assign(thresholds_.size() + 1, T{});
    neg_bins_.assign(thresholds_.size() + 1, T{});
  }

  template <class R1, class R2>
  binned_curve_accumulator& update(const R1& y_true, const R2& y_score) {
    return update_impl(y_true, y_score, static_cast<const std::vector<double>*>(nullptr));
  }
  template <class R1, class R2, class W>
  binned_curve_accumulator& update(const R1& y_true, const R2& y_score, const W& weights) {
    detail::require_weighted<T>();
    return update_impl(y_true, y_score, &weights);
  }

  binned_curve_accumulator& merge(const binned_curve_accumulator& other) {
    if (!(other.pos_ == pos_))
      detail::throw_invalid_argument("binned_curve_accumulator::merge: positive labels differ (" +
                                     detail::to_text(pos_) + " and " + detail::to_text(other.pos_) +
                                     ")");
    if (other.thresholds_ != thresholds_)
      detail::throw_invalid_argument(
          "binned_curve_accumulator::merge: threshold grids differ (" +
          std::to_string(thresholds_.size()) + " and " + std::to_string(other.thresholds_.size()) +
          " thresholds" + (other.thresholds_.size() == thresholds_.size() ? ", other values" : "") +
          ")");
    if constexpr (std::is_same_v<T, double>)
      detail::check_weight_room<T>("binned_curve_accumulator::merge", total(), other.total());
    for (std::size_t b = 0; b < pos_bins_.size(); ++b) {
      pos_bins_[b] += other.pos_bins_[b];
      neg_bins_[b] += other.neg_bins_[b];
    }
    return *this;
  }
  binned_curve_accumulator& operator+=(const binned_curve_accumulator& other) {
    return merge(other);
  }
  [[nodiscard]] friend binned_curve_accumulator operator+(binned_curve_accumulator a,
                                                          const binned_curve_accumulator& b) {
    return a += b;
  }

  void reset() noexcept {
    std::fill(pos_bins_.begin(), pos_bins_.end(), T{});
    std::fill(neg_bins_.begin(), neg_bins_.end(), T{});
  }
  [[nodiscard]] binned_curve_accumulator empty_like() const {
    binned_curve_accumulator a = *this;
    a.reset();
    return a;
  }

  [[nodiscard]] const Label& pos_label() const noexcept { return pos_; }
  [[nodiscard]] const std::vector<double>& thresholds() const noexcept { return thresholds_; }
  /// Bin b holds the scores in [t_{b-1}, t_b) (bin 0: below t_0; last bin:
  /// at or above the last threshold).
  [[nodiscard]] const std::vector<T>& positive_bins() const noexcept { return pos_bins_; }
  [[nodiscard]] const std::vector<T>& negative_bins() const noexcept { return neg_bins_; }
  [[nodiscard]] T total_positive() const noexcept { return sum(pos_bins_); }
  [[nodiscard]] T total_negative() const noexcept { return sum(neg_bins_); }
  [[nodiscard]] T total() const noexcept { return total_positive() + total_negative(); }

  /// Exact counts when predicting positive at score >= thresholds()[j].
  [[nodiscard]] binary_counts<T> counts_at(std::size_t j) const {
    if (j >= thresholds_.size())
      detail::throw_out_of_range("binned_curve_accumulator::counts_at: index " + std::to_string(j) +
                                 " outside [0, " + std::to_string(thresholds_.size()) + ")");
    binary_counts<T> c;
    for (std::size_t b = 0; b < pos_bins_.size(); ++b) {
      if (b > j) {
        c.tp += pos_bins_[b];
        c.fp += neg_bins_[b];
      } else {
        c.fn += pos_bins_[b];
        c.tn += neg_bins_[b];
      }
    }
    return c;
  }

  [[nodiscard]] double roc_auc() const {
    return detail::roc_auc_of_walk<T>(total_positive(), total_negative(),
                                      [&](auto&& emit) { walk(emit); });
  }
  [[nodiscard]] double average_precision() const {
    return detail::average_precision_of_walk<T>(total_positive(), [&](auto&& emit) { walk(emit); });
  }
  /// Upper bound of |roc_auc() - exact ROC AUC|: the within-bin pairs.
  [[nodiscard]] double roc_auc_error_bound() const noexcept {
    const double p = static_cast<double>(total_positive());
    const double n = static_cast<double>(total_negative());
    if (!(p > 0) || !(n > 0)) return 0.0;
    double s = 0;
    for (std::size_t b = 0; b < pos_bins_.size(); ++b)
      s += static_cast<double>(pos_bins_[b]) * static_cast<double>(neg_bins_[b]);
    return s / (2.0 * p * n);
  }

  [[nodiscard]] friend bool operator==(const binned_curve_accumulator& a,
                                       const binned_curve_accumulator& b) {
    return a.pos_ == b.pos_ && a.thresholds_ == b.thresholds_ && a.pos_bins_ == b.pos_bins_ &&
           a.neg_bins_ == b.neg_bins_;
  }
  [[nodiscard]] friend bool operator!=(const binned_curve_accumulator& a,
                                       const binned_curve_accumulator& b) {
    return !(a == b);
  }

private:
  friend struct detail::accumulator_access;

  static void check_thresholds(const std::vector<double>& t) {
    if (t.empty()) detail::throw_invalid_argument("binned_curve_accumulator: thresholds is empty");
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (!std::isfinite(t[i]))
        detail::throw_invalid_argument("binned_curve_accumulator: threshold " +
                                       detail::to_text(t[i]) + " at index " + std::to_string(i) +
                                       " is not finite");
      if (i > 0 && !(t[i - 1] < t[i]))
        detail::throw_invalid_argument(
            "binned_curve_accumulator: thresholds must increase strictly, got " +
            detail::to_text(t[i - 1]) + " then " + detail::to_text(t[i]) + " at index " +
            std::to_string(i));
    }
  }

  static T sum(const std::vector<T>& v) noexcept {
    T s{};
    for (const T& x : v) s += x;
    return s;
  }

  // Number of thresholds <= s.
  [[nodiscard]] std::size_t bin_of(double s) const noexcept {
    const std::size_t nt = thresholds_.size();
    if (uniform_) {
      if (!(s >= 0.0)) return 0;
      if (s >= 1.0) return nt;
      std::size_t b = static_cast<std::size_t>(s * static_cast<double>(nt - 1)) + 1;
      if (b > nt) b = nt;
      while (b > 0 && thresholds_[b - 1] > s) --b;
      while (b < nt && thresholds_[b] <= s) ++b;
      return b;
    }
    return static_cast<std::size_t>(std::upper_bound(thresholds_.begin(), thresholds_.end(), s) -
                                    thresholds_.begin());
  }

  template <class Emit>
  void walk(Emit& emit) const {
    T tp{}, fp{};
    for (std::size_t b = pos_bins_.size(); b-- > 0;) {
      if (pos_bins_[b] == T{} && neg_bins_[b] == T{}) continue;
      tp += pos_bins_[b];
      fp += neg_bins_[b];
      emit(tp, fp);
    }
  }

  template <class R1, class R2, class W>
  binned_curve_accumulator& update_impl(const R1& y_true, const R2& y_score, const W* weights) {
    static_assert(!detail::is_multilabel_v<R1>, "tally: binned_curve_accumulator takes 1-D y_true");
    using V = detail::range_value_t<const R2>;
    static_assert(std::is_arithmetic_v<V>, "tally: y_score must be a range of numbers");
    const double* w = nullptr;
    std::vector<double> copy;
    std::size_t nw = 0;
    if (weights) {
      for (const auto& v : *weights) copy.push_back(static_cast<double>(v));
      w = copy.data();
      nw = copy.size();
      detail::check_weights(w, nw, nw);
    }
    // bins (with the positive flag in the low bit) first, counts after: a
    // bad batch leaves the state unchanged
    std::vector<std::size_t> bins;
    if constexpr (detail::is_contiguous_v<const R2>)
      bins.reserve(static_cast<std::size_t>(std::size(y_score)));
    auto t = detail::adl_begin(y_true);
    const auto te = detail::adl_end(y_true);
    auto s = detail::adl_begin(y_score);
    const auto se = detail::adl_end(y_score);
    for (; t != te && s != se; ++t, ++s) {
      const double x = static_cast<double>(*s);
      if (TALLY_UNLIKELY(!std::isfinite(x)))
        detail::throw_invalid_argument("y_score contains a non-finite value (" +
                                       detail::to_text(x) + " at index " +
                                       std::to_string(bins.size()) + ")");
      bins.push_back(2 * bin_of(x) + (detail::is_positive(*t, pos_) ? 1 : 0));
    }
    if (t != te || s != se)
      detail::throw_invalid_argument("binned_curve_accumulator::update: y_true and y_score "
                                     "have different lengths");
    if (w) {
      detail::check_same_length("sample_weight", nw, "y_true", bins.size());
      detail::check_weight_room<T>("binned_curve_accumulator::update", total(),
                                   static_cast<T>(detail::pairwise_sum(w, nw)));
    }
    for (std::size_t i = 0; i < bins.size(); ++i) {
      T one{1};
      if constexpr (std::is_same_v<T, double>) {
        if (w) one = w[i];
      }
      ((bins[i] & 1u) ? pos_bins_ : neg_bins_)[bins[i] >> 1] += one;
    }
    return *this;
  }

  Label pos_{};
  std::vector<double> thresholds_;
  std::vector<T> pos_bins_, neg_bins_;
  bool uniform_ = false;
};

// =============================================================== threads ==

namespace detail {

template <class R>
auto chunk_of(const R& r, std::size_t from, std::size_t to) {
  if constexpr (is_contiguous_v<const R>) {
    const auto* p = std::data(r);
    return make_subrange(p + from, p + to);
  } else {
    auto first = adl_begin(r);
    static_assert(
        std::is_base_of_v<std::random_access_iterator_tag,
                          typename std::iterator_traits<decltype(first)>::iterator_category>,
        "tally::parallel_update needs random-access ranges");
    using D = typename std::iterator_traits<decltype(first)>::difference_type;
    return make_subrange(first + static_cast<D>(from), first + static_cast<D>(to));
  }
}

template <class Acc, class Count>
void run_parallel(Acc& acc, std::size_t n, unsigned n_threads, Count&& count) {
  if (n_threads == 0) n_threads = (std::max)(1u, std::thread::hardware_concurrency());
  const std::size_t parts =
      (std::min)(static_cast<std::size_t>(n_threads), (std::max)(n, std::size_t{1}));
  if (parts <= 1) {
    count(acc, std::size_t{0}, n);
    return;
  }
  std::vector<Acc> local(parts, acc.empty_like());
  std::vector<std::exception_ptr> errors(parts);
  std::vector<std::thread> pool;
  pool.reserve(parts - 1);
  auto job = [&](std::size_t p) {
    const std::size_t from = n * p / parts, to = n * (p + 1) / parts;
#if TALLY_HAS_EXCEPTIONS
    try {
      count(local[p], from, to);
    } catch (...) {
      errors[p] = std::current_exception();
    }
#else
    count(local[p], from, to);
#endif
  };
  for (std::size_t p = 1; p < parts; ++p) pool.emplace_back(job, p);
  job(0);
  for (auto& t : pool) t.join();
#if TALLY_HAS_EXCEPTIONS
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
#endif
  Acc total = acc.empty_like();
  for (std::size_t p = 0; p < parts; ++p) total.merge(local[p]);
  acc.merge(total);
}

} // namespace detail

/// Counts y_true / y_pred (random-access ranges of equal length) into acc on
/// n_threads threads (0: one per hardware thread): each thread counts a
/// contiguous chunk into its own empty accumulator and the parts are merged
/// in order, so the result equals acc.update(y_true, y_pred).
template <class Acc, class R1, class R2>
void parallel_update(Acc& acc, const R1& y_true, const R2& y_pred, unsigned n_threads = 0) {
  const std::size_t n = detail::range_length(y_true);
  detail::check_same_length("y_true", n, "y_pred", detail::range_length(y_pred));
  detail::run_parallel(acc, n, n_threads, [&](Acc& a, std::size_t from, std::size_t to) {
    a.update(detail::chunk_of(y_true, from, to), detail::chunk_of(y_pred, from, to));
  });
}

/// parallel_update with per-sample weights (weighted accumulators).
template <class Acc, class R1, class R2, class W>
void parallel_update(Acc& acc, const R1& y_true, const R2& y_pred, const W& weights,
                     unsigned n_threads) {
  const std::size_t n = detail::range_length(y_true);
  detail::check_same_length("y_true", n, "y_pred", detail::range_length(y_pred));
  detail::check_same_length("sample_weight", detail::range_length(weights), "y_true", n);
  detail::run_parallel(acc, n, n_threads, [&](Acc& a, std::size_t from, std::size_t to) {
    a.update(detail::chunk_of(y_true, from, to), detail::chunk_of(y_pred, from, to),
             detail::chunk_of(weights, from, to));
  });
}

TALLY_NAMESPACE_END

#endif // TALLY_ACCUMULATORS_HPP
