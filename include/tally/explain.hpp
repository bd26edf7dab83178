// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_EXPLAIN_HPP
#define TALLY_EXPLAIN_HPP

// Why do accuracy and F1 disagree? An explanation of a confusion matrix, in
// numbers and in plain sentences:
//
//   explain(binary_counts[, rules])                  -> binary_explanation
//   explain(y_true, y_pred[, pos_label(x), sample_weight(w)])
//                                                    -> binary_explanation
//   explain(matrix[, class_names][, rules])          -> multiclass_explanation
//   explain(labeled_matrix[, rules])                 -> multiclass_explanation
//   explain_multiclass(y_true, y_pred[, labels(..), sample_weight(w)])
//                                                    -> multiclass_explanation
//
// A binary explanation holds prevalence and predicted-positive rate, every
// common metric with whether true negatives enter its formula, three chance
// baselines (always positive, always negative, random at the model's
// predicted-positive rate) and a list of findings: sentences produced by the
// rules below from the numbers alone. `to_string()` renders it as text;
// <tally/explain_io.hpp> adds operator<< for streams.
//
// Undefined ratios (0/0) are NaN here and printed as "undefined", and a
// finding says so; scikit-learn's scoring functions report them as 0 by
// default.
//
// Binary rules (each finding carries its rule id):
//
//   accuracy_below_f1 / accuracy_above_f1
//     |accuracy - F1| >= rules.gap and some prediction is wrong. With E =
//     FP + FN errors, accuracy = (TP + TN) / (TP + TN + E) and F1 = 2 TP /
//     (2 TP + E): both weigh correct predictions against the same errors,
//     so F1 > accuracy exactly when TP > TN. The sentence gives TP and TN
//     and the reasons TN is smaller (larger): TP > TN iff prevalence *
//     recall > (1 - prevalence) * specificity, so it names the lower
//     specificity (recall) and/or the smaller share of negatives (positives).
//   accuracy_above_balanced / accuracy_below_balanced
//     both classes present and |accuracy - balanced accuracy| >= rules.gap.
//     accuracy - balanced accuracy = (prevalence - 1/2) (recall -
//     specificity): the model is better on the larger (smaller) class.
//   recall_above_specificity / specificity_above_recall
//     both defined and differing by at least rules.asymmetry.
//   accuracy_not_above_baseline / accuracy_near_baseline,
//   f1_not_above_baseline / f1_near_baseline
//     the model's score minus the best chance baseline's is <= 0, or in
//     (0, rules.baseline_margin).
//   near_chance / worse_than_chance
//     both classes present in truth, |MCC| < rules.chance_band, or MCC <=
//     -rules.chance_band.
//   undefined_metrics
//     some ratio among precision, recall, specificity, NPV, F1 is 0/0.
//
// Multiclass rules (on the whole matrix; per_class holds one-vs-rest binary
// explanations with their own findings):
//
//   accuracy_above_macro_f1 / accuracy_below_macro_f1
//     |accuracy - macro F1| >= rules.gap; accuracy is micro-averaged F1,
//     which weighs classes by their size, macro F1 weighs them equally. The
//     sentence names the classes with the lowest and highest F1.
//   accuracy_above_balanced / accuracy_below_balanced
//     |accuracy - balanced accuracy| >= rules.gap; accuracy is the
//     support-weighted mean of per-class recall, balanced accuracy the plain
//     mean.
//   accuracy_not_above_baseline / accuracy_near_baseline
//     against always predicting the largest class.
//   near_chance / worse_than_chance
//     on the multiclass MCC, as for binary.
//   class_never_predicted
//     a class present in truth is never predicted.

#include "config.hpp"
#include "confusion_matrix.hpp"
#include "counts.hpp"
#include "detail/error.hpp"
#include "detail/traits.hpp"
#include "metrics.hpp"
#include "options.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// The thresholds the explanation rules use (see the list at the top of
/// this header).
struct explain_rules {
  double gap = 0.02;             ///< two scores disagree when this far apart
  double asymmetry = 0.15;       ///< recall and specificity differ by this much
  double baseline_margin = 0.05; ///< a score within this above a baseline is "near" it
  double chance_band = 0.10;     ///< |MCC| below this is "near chance"
};

/// One metric in an explanation.
struct explained_metric {
  std::string name;    ///< e.g. "accuracy"
  double value = 0;    ///< NaN when undefined (0/0)
  bool uses_tn = true; ///< whether true negatives enter its formula
  std::string formula; ///< in terms of TP, FP, FN, TN
};

/// A predictor that needs no model, scored on the same data (expected counts).
struct chance_baseline {
  std::string name;
  double predicted_positive_rate = 0;
  binary_counts<double> counts; ///< expected cells
  double accuracy = 0;
  double f1 = 0; ///< NaN when undefined
  double balanced_accuracy = 0;
};

/// A sentence produced by one of the explanation rules.
struct finding {
  std::string rule; ///< stable identifier, e.g. "accuracy_below_f1"
  std::string text; ///< one or two plain sentences
};

namespace detail {
// The finding of a rule in a list, or nullptr.
inline const finding* find_rule(const std::vector<finding>& findings,
                                std::string_view rule) noexcept {
  for (const auto& f : findings)
    if (f.rule == rule) return &f;
  return nullptr;
}
} // namespace detail

/// The explanation of binary counts.
struct binary_explanation {
  binary_counts<double> counts;
  double total = 0;
  double prevalence = 0;              ///< (TP + FN) / N
  double predicted_positive_rate = 0; ///< (TP + FP) / N
  double accuracy = 0, precision = 0, recall = 0, f1 = 0, specificity = 0, npv = 0,
         balanced_accuracy = 0, mcc = 0, kappa = 0, informedness = 0, markedness = 0;
  std::vector<explained_metric> metrics;  ///< the values above, with uses_tn and formula
  std::vector<chance_baseline> baselines; ///< always positive, always negative, random
  std::vector<finding> findings;

  /// Whether a rule produced a finding.
  [[nodiscard]] bool has(std::string_view rule) const noexcept { return find(rule) != nullptr; }
  /// The finding of a rule, or nullptr.
  [[nodiscard]] const finding* find(std::string_view rule) const noexcept {
    return detail::find_rule(findings, rule);
  }
  [[nodiscard]] std::string to_string() const;
};

/// The explanation of a multiclass confusion matrix.
struct multiclass_explanation {
  std::vector<std::string> class_names;
  std::vector<binary_explanation> per_class; ///< one-vs-rest, in class order
  double total = 0;
  double accuracy = 0, balanced_accuracy = 0, macro_f1 = 0, weighted_f1 = 0, mcc = 0, kappa = 0;
  std::size_t majority_class = 0; ///< index of the largest class in truth
  double majority_accuracy = 0;   ///< accuracy of always predicting it
  std::vector<finding> findings;

  [[nodiscard]] bool has(std::string_view rule) const noexcept { return find(rule) != nullptr; }
  [[nodiscard]] const finding* find(std::string_view rule) const noexcept {
    return detail::find_rule(findings, rule);
  }
  [[nodiscard]] std::string to_string() const;
};

namespace detail {

inline double ex_nan() noexcept { return std::numeric_limits<double>::quiet_NaN(); }

// "0.785" (digits decimals) or "undefined".
inline std::string ex_fixed(double v, int digits = 3) {
  if (std::isnan(v)) return "undefined";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// A share as a percentage: "41%" with decimals = 0, "40.6%" with 1. With 0
// decimals, one is still shown when the value is below 10% and not whole, or
// would otherwise read 100% without being it.
inline std::string ex_percent(double share, int decimals = 0) {
  if (std::isnan(share)) return "undefined";
  const double p = share * 100;
  if (decimals == 0 && ((p < 10 && std::fabs(p - std::round(p)) > 1e-9) || (p > 99.5 && p < 100)))
    decimals = 1;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, p);
  return buf;
}

// A count: an integer when it is one, else 6 significant digits.
inline std::string ex_count(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 9.0e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

inline std::string ex_pad(const std::string& s, std::size_t width, bool left = false) {
  if (s.size() >= width) return s;
  const std::string fill(width - s.size(), ' ');
  return left ? fill + s : s + fill;
}

// Word-wraps text to width columns, the first line prefixed by first, the
// others by rest.
inline std::string ex_wrap(const std::string& text, std::size_t width, const std::string& first,
                           const std::string& rest) {
  std::string out, line = first;
  std::size_t start = 0;
  bool line_empty = true;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!line_empty && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = rest;
      line_empty = true;
    }
    if (!line_empty) line += ' ';
    line += word;
    line_empty = false;
  }
  out += line + "\n";
  return out;
}

inline std::string ex_join(const std::vector<std::string>& parts) {
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) s += (i + 1 == parts.size()) ? " and " : ", ";
    s += parts[i];
  }
  return s;
}

inline bool ex_defined(double v) noexcept { return !std::isnan(v); }

inline chance_baseline ex_baseline(std::string name, double n, double prev, double rate) {
  chance_baseline b;
  b.name = std::move(name);
  b.predicted_positive_rate = rate;
  b.counts.tp = n * prev * rate;
  b.counts.fp = n * (1 - prev) * rate;
  b.counts.fn = n * prev * (1 - rate);
  b.counts.tn = n * (1 - prev) * (1 - rate);
  b.accuracy = accuracy(b.counts, zero_division::nan);
  b.f1 = f1(b.counts, zero_division::nan);
  b.balanced_accuracy = balanced_accuracy(b.counts, zero_division::nan);
  return b;
}

// Rules comparing a score with the best chance baseline for it.
inline void ex_baseline_rule(std::vector<finding>& out, const char* metric, const char* lower,
                             const char* id, double value, double best,
                             const std::string& best_name, const explain_rules& rules) {
  if (!ex_defined(value) || !ex_defined(best)) return;
  const double diff = value - best;
  if (diff <= 0) {
    out.push_back({std::string(id) + "_not_above_baseline",
                   std::string(metric) + " (" + ex_fixed(value) + ") is no better than " +
                       best_name + " (" + ex_fixed(best) + "), which needs no model at all."});
  } else if (diff < rules.baseline_margin) {
    out.push_back({std::string(id) + "_near_baseline",
                   std::string(metric) + " (" + ex_fixed(value) + ") is only " + ex_fixed(diff) +
                       " above " + best_name + " (" + ex_fixed(best) + "): on this data an " +
                       lower + " of about " + ex_fixed(best, 2) +
                       " needs no model at all, so judge the model against that, not "
                       "against 0."});
  }
}

inline void ex_chance_rule(std::vector<finding>& out, double mcc_value, double acc,
                           const std::string& other, const explain_rules& rules) {
  if (!ex_defined(mcc_value)) return;
  if (mcc_value <= -rules.chance_band) {
    out.push_back(
        {"worse_than_chance", "MCC is " + ex_fixed(mcc_value) +
                                  ", below 0: the predictions run against the truth, worse than "
                                  "guessing."});
  } else if (std::fabs(mcc_value) < rules.chance_band) {
    out.push_back({"near_chance", "MCC is " + ex_fixed(mcc_value) +
                                      ": the predictions are barely related to the truth, "
                                      "whatever accuracy (" +
                                      ex_fixed(acc) + ")" + other +
                                      (other.empty() ? " says." : " say.")});
  }
}

} // namespace detail

/// Explains binary counts (weighted counts are fine). `rules` sets the
/// thresholds of the findings.
template <class T>
[[nodiscard]] binary_explanation explain(const binary_counts<T>& counts,
                                         const explain_rules& rules = {}) {
  using detail::ex_count;
  using detail::ex_defined;
  using detail::ex_fixed;
  using detail::ex_percent;
  binary_explanation e;
  binary_counts<double>& c = e.counts;
  c.tp = static_cast<double>(counts.tp);
  c.fp = static_cast<double>(counts.fp);
  c.fn = static_cast<double>(counts.fn);
  c.tn = static_cast<double>(counts.tn);
  if (!(c.tp >= 0 && c.fp >= 0 && c.fn >= 0 && c.tn >= 0))
    detail::throw_invalid_argument("explain: counts must be >= 0, got tp=" + detail::to_text(c.tp) +
                                   " fp=" + detail::to_text(c.fp) + " fn=" + detail::to_text(c.fn) +
                                   " tn=" + detail::to_text(c.tn));
  e.total = c.total();
  if (!(e.total > 0)) detail::throw_invalid_argument("explain: counts are all zero (no samples)");
  const auto z = zero_division::nan;
  const double n = e.total;
  e.prevalence = (c.tp + c.fn) / n;
  e.predicted_positive_rate = (c.tp + c.fp) / n;
  e.accuracy = accuracy(c, z);
  e.precision = precision(c, z);
  e.recall = recall(c, z);
  e.f1 = f1(c, z);
  e.specificity = specificity(c, z);
  e.npv = npv(c, z);
  e.balanced_accuracy = balanced_accuracy(c, z);
  e.mcc = mcc(c);
  e.kappa = cohen_kappa(c, kappa_weights::none);
  e.informedness = ex_defined(e.recall) && ex_defined(e.specificity) ? e.recall + e.specificity - 1
                                                                     : detail::ex_nan();
  e.markedness =
      ex_defined(e.precision) && ex_defined(e.npv) ? e.precision + e.npv - 1 : detail::ex_nan();

  e.metrics = {
      {"accuracy", e.accuracy, true, "(TP + TN) / N"},
      {"precision", e.precision, false, "TP / (TP + FP)"},
      {"recall", e.recall, false, "TP / (TP + FN)"},
      {"F1", e.f1, false, "2 TP / (2 TP + FP + FN)"},
      {"specificity", e.specificity, true, "TN / (TN + FP)"},
      {"NPV", e.npv, true, "TN / (TN + FN)"},
      {"balanced accuracy", e.balanced_accuracy, true, "(recall + specificity) / 2"},
      {"MCC", e.mcc, true, "(TP TN - FP FN) / sqrt(margins)"},
      {"Cohen's kappa", e.kappa, true, "(accuracy - chance) / (1 - chance)"},
      {"informedness", e.informedness, true, "recall + specificity - 1"},
      {"markedness", e.markedness, true, "precision + NPV - 1"},
  };

  const double p = e.prevalence, q = e.predicted_positive_rate;
  e.baselines.push_back(detail::ex_baseline("always positive", n, p, 1.0));
  e.baselines.push_back(detail::ex_baseline("always negative", n, p, 0.0));
  e.baselines.push_back(detail::ex_baseline("random at the model's rate", n, p, q));

  auto& out = e.findings;
  const double errors = c.fp + c.fn;
  const bool both_true = c.tp + c.fn > 0 && c.fp + c.tn > 0;

  // accuracy versus F1: F1 > accuracy exactly when TP > TN.
  if (ex_defined(e.f1) && errors > 0 && std::fabs(e.accuracy - e.f1) >= rules.gap) {
    const std::string head = "Accuracy (" + ex_fixed(e.accuracy) + ") is ";
    const std::string both_use = "Both weigh the correct predictions against the same " +
                                 ex_count(errors) + " errors (" + ex_count(c.fp) + " FP + " +
                                 ex_count(c.fn) +
                                 " FN), but F1 = 2 TP / (2 TP + FP + FN) counts each true "
                                 "positive twice and never counts a true negative, while "
                                 "accuracy = (TP + TN) / N counts every correct prediction once.";
    std::vector<std::string> why;
    if (c.tp > c.tn) {
      if (ex_defined(e.specificity) && e.specificity < e.recall)
        why.push_back("the model finds only " + ex_percent(e.specificity) +
                      " of negatives (specificity " + ex_fixed(e.specificity) + ") against " +
                      ex_percent(e.recall) + " of positives (recall " + ex_fixed(e.recall) + ")");
      if (p >= 1)
        why.push_back("there are no negative samples");
      else if (p > 0.5)
        why.push_back("negatives are only " + ex_percent(1 - p) + " of the samples");
      std::string s = head + "below F1 (" + ex_fixed(e.f1) +
                      ") because there are fewer true negatives (" + ex_count(c.tn) +
                      ") than true positives (" + ex_count(c.tp) + "). " + both_use;
      if (!why.empty()) s += " True negatives are few because " + detail::ex_join(why) + ".";
      out.push_back({"accuracy_below_f1", s});
    } else if (c.tn > c.tp) {
      if (ex_defined(e.recall) && e.recall < e.specificity)
        why.push_back("the model finds only " + ex_percent(e.recall) + " of positives (recall " +
                      ex_fixed(e.recall) + ") against " + ex_percent(e.specificity) +
                      " of negatives (specificity " + ex_fixed(e.specificity) + ")");
      if (p <= 0)
        why.push_back("there are no positive samples");
      else if (p < 0.5)
        why.push_back("positives are only " + ex_percent(p) + " of the samples");
      std::string s = head + "above F1 (" + ex_fixed(e.f1) + ") because true negatives (" +
                      ex_count(c.tn) + ") outnumber true positives (" + ex_count(c.tp) + "). " +
                      both_use;
      if (!why.empty()) s += " True positives are few because " + detail::ex_join(why) + ".";
      out.push_back({"accuracy_above_f1", s});
    }
  }

  // accuracy versus balanced accuracy: the difference is (p - 1/2)(recall - specificity).
  if (both_true && std::fabs(e.accuracy - e.balanced_accuracy) >= rules.gap) {
    const bool pos_larger = p > 0.5;
    const std::string larger = pos_larger ? "positives" : "negatives";
    const std::string smaller = pos_larger ? "negatives" : "positives";
    const double r_large = pos_larger ? e.recall : e.specificity;
    const double r_small = pos_larger ? e.specificity : e.recall;
    const bool above = e.accuracy > e.balanced_accuracy;
    out.push_back({above ? "accuracy_above_balanced" : "accuracy_below_balanced",
                   "Accuracy (" + ex_fixed(e.accuracy) + ") is " + (above ? "above" : "below") +
                       " balanced accuracy (" + ex_fixed(e.balanced_accuracy) +
                       ") because the model does better on the " + (above ? "larger" : "smaller") +
                       " class: " + larger + " are " + ex_percent(pos_larger ? p : 1 - p) +
                       " of the samples and " + ex_percent(r_large) +
                       " of them are found, against " + ex_percent(r_small) + " of the " + smaller +
                       ". Accuracy weighs each class by its size; balanced accuracy weighs both "
                       "equally."});
  }

  // recall versus specificity.
  if (ex_defined(e.recall) && ex_defined(e.specificity) &&
      std::fabs(e.recall - e.specificity) >= rules.asymmetry) {
    const bool rec_hi = e.recall > e.specificity;
    std::string s =
        rec_hi ? "The model finds " + ex_percent(e.recall) + " of positives (recall " +
                     ex_fixed(e.recall) + ") but only " + ex_percent(e.specificity) +
                     " of negatives (specificity " + ex_fixed(e.specificity) +
                     "): " + ex_count(c.fp) + " of " + ex_count(c.fp + c.tn) +
                     " negatives are predicted positive. Precision, recall and F1 see the "
                     "negatives only through those false positives."
               : "The model finds " + ex_percent(e.specificity) + " of negatives (specificity " +
                     ex_fixed(e.specificity) + ") but only " + ex_percent(e.recall) +
                     " of positives (recall " + ex_fixed(e.recall) + "): " + ex_count(c.fn) +
                     " of " + ex_count(c.tp + c.fn) + " positives are missed.";
    out.push_back({rec_hi ? "recall_above_specificity" : "specificity_above_recall", s});
  }

  // the scores against the best chance baseline for each.
  {
    std::size_t best_acc = 0, best_f1 = 0;
    for (std::size_t i = 1; i < e.baselines.size(); ++i) {
      if (e.baselines[i].accuracy > e.baselines[best_acc].accuracy) best_acc = i;
      const double bf = e.baselines[i].f1, cur = e.baselines[best_f1].f1;
      if (ex_defined(bf) && (!ex_defined(cur) || bf > cur)) best_f1 = i;
    }
    const char* phrase[] = {"always predicting positive", "always predicting negative",
                            "guessing positive at random at the same rate"};
    detail::ex_baseline_rule(out, "Accuracy", "accuracy", "accuracy", e.accuracy,
                             e.baselines[best_acc].accuracy, phrase[best_acc], rules);
    detail::ex_baseline_rule(out, "F1", "F1", "f1", e.f1, e.baselines[best_f1].f1, phrase[best_f1],
                             rules);
  }

  // chance level.
  if (both_true)
    detail::ex_chance_rule(out, e.mcc, e.accuracy,
                           ex_defined(e.f1) ? " and F1 (" + ex_fixed(e.f1) + ")" : "", rules);

  // undefined ratios.
  {
    std::vector<std::string> why;
    if (c.tp + c.fp == 0) why.push_back("precision (no sample is predicted positive)");
    if (c.tp + c.fn == 0) why.push_back("recall (no sample is positive)");
    if (c.tn + c.fp == 0) why.push_back("specificity (no sample is negative)");
    if (c.tn + c.fn == 0) why.push_back("NPV (no sample is predicted negative)");
    if (c.tp + c.fp + c.fn == 0) why.push_back("F1 (no positive in truth or prediction)");
    if (!why.empty())
      out.push_back({"undefined_metrics",
                     "Undefined (0/0): " + detail::ex_join(why) +
                         ". They are shown as undefined here; scikit-learn's functions report "
                         "them as 0 by default (zero_division)."});
  }
  return e;
}

/// Explains labels: one-vs-rest counts of `pos_label` (default 1), with
/// optional `sample_weight`. For other rule thresholds, call
/// explain(count_binary(...), rules).
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2>, int> = 0>
[[nodiscard]] binary_explanation explain(const R1& y_true, const R2& y_pred, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("explain", Opts, detail::pos_label_kind, detail::sample_weight_kind);
  return explain(count_binary(y_true, y_pred, opts...));
}

/// Explains a K x K confusion matrix (rows true, columns predicted).
/// `class_names` label the rows (default "0", "1", ...).
template <class T>
[[nodiscard]] multiclass_explanation explain(const matrix<T>& m,
                                             std::vector<std::string> class_names = {},
                                             const explain_rules& rules = {}) {
  using detail::ex_fixed;
  using detail::ex_percent;
  const std::size_t k = m.n_classes();
  if (k == 0) detail::throw_invalid_argument("explain: the matrix has no classes");
  if (class_names.empty())
    for (std::size_t i = 0; i < k; ++i) class_names.push_back(std::to_string(i));
  if (class_names.size() != k)
    detail::throw_invalid_argument("explain: class_names has " +
                                   std::to_string(class_names.size()) + " names for " +
                                   std::to_string(k) + " classes");
  multiclass_explanation e;
  e.class_names = std::move(class_names);
  e.total = static_cast<double>(m.total());
  if (!(e.total > 0)) detail::throw_invalid_argument("explain: the matrix is all zero");
  e.accuracy = accuracy(m);
  e.balanced_accuracy = balanced_accuracy(m);
  e.mcc = mcc(m);
  e.kappa = cohen_kappa(m);
  double f1_sum = 0, f1_weighted = 0, support_sum = 0;
  std::size_t f1_kept = 0;
  for (std::size_t i = 0; i < k; ++i) {
    e.per_class.push_back(explain(m.one_vs_rest(i), rules));
    const auto& b = e.per_class.back();
    const double support = b.counts.tp + b.counts.fn;
    if (m.true_count(i) > m.true_count(e.majority_class)) e.majority_class = i;
    // an undefined F1 (a class neither present nor predicted) counts as 0,
    // scikit-learn's default
    const double f = detail::ex_defined(b.f1) ? b.f1 : 0.0;
    f1_sum += f;
    ++f1_kept;
    f1_weighted += f * support;
    support_sum += support;
  }
  e.macro_f1 = f1_sum / static_cast<double>(f1_kept);
  e.weighted_f1 = support_sum > 0 ? f1_weighted / support_sum : detail::ex_nan();
  e.majority_accuracy = static_cast<double>(m.true_count(e.majority_class)) / e.total;

  auto& out = e.findings;
  const auto share = [&](std::size_t i) { return static_cast<double>(m.true_count(i)) / e.total; };
  const auto quoted = [&](std::size_t i) { return "'" + e.class_names[i] + "'"; };

  // accuracy (= micro F1) versus macro F1.
  if (std::fabs(e.accuracy - e.macro_f1) >= rules.gap && k > 1) {
    std::size_t lo = k, hi = k;
    for (std::size_t i = 0; i < k; ++i) {
      if (m.true_count(i) == 0) continue;
      const double f = detail::ex_defined(e.per_class[i].f1) ? e.per_class[i].f1 : 0.0;
      const auto fval = [&](std::size_t j) {
        return detail::ex_defined(e.per_class[j].f1) ? e.per_class[j].f1 : 0.0;
      };
      if (lo == k || f < fval(lo)) lo = i;
      if (hi == k || f > fval(hi)) hi = i;
    }
    const bool above = e.accuracy > e.macro_f1;
    std::string s = "Accuracy (" + ex_fixed(e.accuracy) + ") is " + (above ? "above" : "below") +
                    " macro F1 (" + ex_fixed(e.macro_f1) +
                    "). Accuracy equals micro-averaged F1, which weighs each class by its "
                    "size; macro F1 gives every class the same weight.";
    if (lo < k && hi < k && lo != hi)
      s += " The weakest class, " + quoted(lo) + " (" + ex_percent(share(lo)) +
           " of the samples), has F1 " + ex_fixed(e.per_class[lo].f1) + "; the strongest, " +
           quoted(hi) + " (" + ex_percent(share(hi)) + "), has F1 " + ex_fixed(e.per_class[hi].f1) +
           ".";
    out.push_back({above ? "accuracy_above_macro_f1" : "accuracy_below_macro_f1", s});
  }

  // accuracy versus balanced accuracy (support-weighted versus plain mean recall).
  if (detail::ex_defined(e.balanced_accuracy) &&
      std::fabs(e.accuracy - e.balanced_accuracy) >= rules.gap) {
    const bool above = e.accuracy > e.balanced_accuracy;
    out.push_back({above ? "accuracy_above_balanced" : "accuracy_below_balanced",
                   "Accuracy (" + ex_fixed(e.accuracy) + ") is " + (above ? "above" : "below") +
                       " balanced accuracy (" + ex_fixed(e.balanced_accuracy) +
                       ") because the model finds a larger share of the " +
                       (above ? "larger" : "smaller") +
                       " classes: accuracy is the mean recall weighted by class size, "
                       "balanced accuracy the plain mean over the classes."});
  }

  detail::ex_baseline_rule(out, "Accuracy", "accuracy", "accuracy", e.accuracy, e.majority_accuracy,
                           "always predicting the largest class, " + quoted(e.majority_class),
                           rules);
  detail::ex_chance_rule(out, e.mcc, e.accuracy, "", rules);

  {
    std::vector<std::string> never;
    for (std::size_t i = 0; i < k; ++i)
      if (m.true_count(i) > T{} && m.pred_count(i) == T{})
        never.push_back(quoted(i) + " (" + detail::ex_count(static_cast<double>(m.true_count(i))) +
                        " samples)");
    if (!never.empty())
      out.push_back({"class_never_predicted",
                     "Never predicted: " + detail::ex_join(never) +
                         ". Their recall and F1 are 0, which pulls macro F1 and balanced "
                         "accuracy down but hardly moves accuracy."});
  }
  return e;
}

/// Explains a confusion matrix with its labels (from count_matrix).
template <class Label, class T>
[[nodiscard]] multiclass_explanation explain(const labeled_matrix<Label, T>& lm,
                                             const explain_rules& rules = {}) {
  std::vector<std::string> names;
  for (const auto& l : lm.labels) {
    if constexpr (std::is_convertible_v<const Label&, std::string>)
      names.push_back(std::string(l));
    else
      names.push_back(detail::to_text(l));
  }
  return explain(lm.counts, std::move(names), rules);
}

/// Explains multiclass labels: the confusion matrix over the sorted labels
/// (or `labels(...)`), with optional `sample_weight`.
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::is_range_v<const R1> && detail::is_range_v<const R2>, int> = 0>
[[nodiscard]] multiclass_explanation explain_multiclass(const R1& y_true, const R2& y_pred,
                                                        const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("explain_multiclass", Opts, detail::labels_kind,
                             detail::sample_weight_kind);
  return explain(count_matrix(y_true, y_pred, opts...));
}

// ------------------------------------------------------------- printing --

inline std::string binary_explanation::to_string() const {
  using detail::ex_count;
  using detail::ex_fixed;
  using detail::ex_pad;
  using detail::ex_percent;
  const binary_counts<double>& c = counts;
  std::string s;
  s += "Confusion matrix (" + ex_count(total) + " samples)\n";
  const std::size_t w = (std::max)(std::size_t{6}, ex_count(total).size());
  auto cell = [&](const char* name, double v) {
    return std::string(name) + " " + ex_pad(ex_count(v), w, true);
  };
  const std::string gap = "    ";
  const std::size_t cw = w + 3; // width of "TP " + count
  s += "                " + ex_pad("predicted +", cw, true) + gap +
       ex_pad("predicted -", cw, true) + "\n";
  s += "    actual +    " + cell("TP", c.tp) + gap + cell("FN", c.fn) + gap +
       ex_pad(ex_count(c.tp + c.fn), w, true) + " positives (prevalence " +
       ex_percent(prevalence, 1) + ")\n";
  s += "    actual -    " + cell("FP", c.fp) + gap + cell("TN", c.tn) + gap +
       ex_pad(ex_count(c.fp + c.tn), w, true) + " negatives\n";
  s += "                " + ex_pad(ex_count(c.tp + c.fp), cw, true) + gap +
       ex_pad(ex_count(c.fn + c.tn), cw, true) + gap + ex_pad("", w) +
       " predicted positive: " + ex_percent(predicted_positive_rate, 1) + "\n\n";

  s += "  " + ex_pad("metric", 18) + ex_pad("value", 11, true) + "  uses TN  formula\n";
  for (const auto& m : metrics)
    s += "  " + ex_pad(m.name, 18) + ex_pad(ex_fixed(m.value, 4), 11, true) + "  " +
         ex_pad(m.uses_tn ? "yes" : "no", 7) + "  " + m.formula + "\n";
  s += "\n  " + ex_pad("chance baseline (expected)", 27) + ex_pad("predicts +", 13, true) +
       ex_pad("accuracy", 11, true) + ex_pad("F1", 11, true) + "\n";
  auto row = [&](const std::string& name, double rate, double acc, double f) {
    s += "  " + ex_pad(name, 27) + ex_pad(ex_percent(rate, 1), 13, true) +
         ex_pad(ex_fixed(acc, 4), 11, true) + ex_pad(ex_fixed(f, 4), 11, true) + "\n";
  };
  for (const auto& b : baselines) row(b.name, b.predicted_positive_rate, b.accuracy, b.f1);
  row("this model", predicted_positive_rate, accuracy, f1);

  s += "\nFindings\n";
  if (findings.empty()) s += "  (none: the metrics agree within the rule thresholds)\n";
  for (const auto& f : findings) s += detail::ex_wrap(f.text, 78, "  - ", "    ");
  return s;
}

inline std::string multiclass_explanation::to_string() const {
  using detail::ex_count;
  using detail::ex_fixed;
  using detail::ex_pad;
  using detail::ex_percent;
  std::string s;
  s += ex_count(total) + " samples, " + std::to_string(class_names.size()) + " classes\n\n";
  std::size_t w = 5;
  for (const auto& n : class_names) w = (std::max)(w, n.size());
  s += "  " + ex_pad("class", w) + "   support    share   recall  precision   specif.       F1\n";
  for (std::size_t i = 0; i < per_class.size(); ++i) {
    const auto& b = per_class[i];
    s += "  " + ex_pad(class_names[i], w) + ex_pad(ex_count(b.counts.tp + b.counts.fn), 10, true) +
         ex_pad(ex_percent(b.prevalence, 1), 9, true) + ex_pad(ex_fixed(b.recall, 4), 9, true) +
         ex_pad(ex_fixed(b.precision, 4), 11, true) + ex_pad(ex_fixed(b.specificity, 4), 10, true) +
         ex_pad(ex_fixed(b.f1, 4), 9, true) + "\n";
  }
  s += "\n";
  auto line = [&](const char* name, double v) {
    s += "  " + ex_pad(name, 34) + ex_pad(ex_fixed(v, 4), 8, true) + "\n";
  };
  line("accuracy (= micro F1)", accuracy);
  line("macro F1", macro_f1);
  line("weighted F1", weighted_f1);
  line("balanced accuracy", balanced_accuracy);
  line("MCC", mcc);
  line("Cohen's kappa", kappa);
  line(("always '" + class_names[majority_class] + "': accuracy").c_str(), majority_accuracy);
  s += "\nFindings\n";
  if (findings.empty()) s += "  (none: the metrics agree within the rule thresholds)\n";
  for (const auto& f : findings) s += detail::ex_wrap(f.text, 78, "  - ", "    ");
  return s;
}

TALLY_NAMESPACE_END

#endif // TALLY_EXPLAIN_HPP
