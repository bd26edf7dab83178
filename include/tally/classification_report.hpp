// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_CLASSIFICATION_REPORT_HPP
#define TALLY_CLASSIFICATION_REPORT_HPP

// classification_report: precision, recall, F1 and support per label and
// averaged, as a structure and as scikit-learn's text table.

#include "classification.hpp"
#include "config.hpp"
#include "detail/error.hpp"
#include "detail/labels.hpp"
#include "detail/traits.hpp"
#include "options.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// One line of a classification report.
struct report_row {
  std::string name; ///< label name, or "accuracy", "micro avg", "macro avg", ...
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double support = 0;
};

/// The structured classification report.
struct classification_report_result {
  std::vector<report_row> labels;   ///< one row per label, in label order
  std::vector<report_row> averages; ///< micro (or accuracy), macro, weighted[, samples]
  bool has_accuracy = false;        ///< the micro row is accuracy (all labels covered)
  double accuracy = 0;              ///< valid when has_accuracy
  int digits = 2;                   ///< decimals of the text form
  bool weighted_support = false;    ///< support holds weights, not counts

  /// The text table, in scikit-learn's layout.
  [[nodiscard]] std::string to_string() const;
};

namespace detail {

// Shortest decimal text that reads back as the same double.
inline std::string shortest_text(double v) {
  char buf[40];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// How a label is named in the report (Python's str() of the value).
template <class K>
std::string label_name(const K& v) {
  if constexpr (std::is_same_v<K, bool>) {
    return v ? "True" : "False";
  } else if constexpr (std::is_same_v<K, std::string_view>) {
    return std::string(v);
  } else if constexpr (std::is_floating_point_v<K>) {
    std::string s = shortest_text(static_cast<double>(v));
    if (s.find_first_of(".eE") == std::string::npos && std::isfinite(static_cast<double>(v)))
      s += ".0";
    return s;
  } else {
    return to_text(v);
  }
}

inline std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

inline std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

inline std::string support_text(double v, bool weighted) {
  if (!weighted) return std::to_string(static_cast<unsigned long long>(v));
  std::string s = shortest_text(v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

} // namespace detail

inline std::string classification_report_result::to_string() const {
  std::size_t width = 12; // "weighted avg"
  for (const auto& r : labels) width = (std::max)(width, r.name.size());
  width = (std::max)(width, static_cast<std::size_t>(digits < 0 ? 0 : digits));
  const char* headers[] = {"precision", "recall", "f1-score", "support"};
  std::string out = detail::pad_left("", width) + " ";
  for (const char* h : headers) out += " " + detail::pad_left(h, 9);
  out += "\n\n";
  auto line = [&](const report_row& r) {
    out += detail::pad_left(r.name, width) + " ";
    out += " " + detail::pad_left(detail::fixed(r.precision, digits), 9);
    out += " " + detail::pad_left(detail::fixed(r.recall, digits), 9);
    out += " " + detail::pad_left(detail::fixed(r.f1, digits), 9);
    out += " " + detail::pad_left(detail::support_text(r.support, weighted_support), 9) + "\n";
  };
  for (const auto& r : labels) line(r);
  out += "\n";
  for (const auto& r : averages) {
    if (r.name == "accuracy") {
      out += detail::pad_left(r.name, width) + " ";
      out += " " + detail::pad_left("", 9) + " " + detail::pad_left("", 9);
      out += " " + detail::pad_left(detail::fixed(r.f1, digits), 9);
      out += " " + detail::pad_left(detail::support_text(r.support, weighted_support), 9) + "\n";
    } else {
      line(r);
    }
  }
  return out;
}

/// Per-label and averaged precision, recall, F1 and support. Options:
/// labels, target_names, sample_weight, digits, zero_division.
template <class R1, class R2, class... Opts,
          std::enable_if_t<detail::label_range_v<R1> && detail::label_range_v<R2>, int> = 0>
[[nodiscard]] classification_report_result classification_report(const R1& y_true, const R2& y_pred,
                                                                 const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("classification_report", Opts, detail::labels_kind,
                             detail::target_names_kind, detail::sample_weight_kind,
                             detail::digits_kind, detail::zero_division_kind);
  classification_report_result rep;
  rep.digits = detail::get_option<detail::digits_kind>(digits(2), opts...).value;
  rep.weighted_support = detail::has_option_v<detail::sample_weight_kind, Opts...>;
  constexpr bool multilabel = detail::is_multilabel_v<R1>;
  // the label names and whether every present label is listed
  std::vector<std::string> names;
  bool covers_all = true;
  if constexpr (multilabel) {
    const auto a = detail::adapt_indicator("y_true", y_true);
    for (std::size_t c : detail::multilabel_columns(a.cols, opts...))
      names.push_back(std::to_string(c));
    covers_all = false;
  } else {
    const auto data = detail::adapt_pair(y_true, y_pred);
    using K = std::remove_cv_t<std::remove_pointer_t<decltype(data.y_true.data())>>;
    const auto present = detail::label_set<K>::infer(data.y_true.data(), data.size(),
                                                     data.y_pred.data(), data.size());
    std::vector<K> listed = present.values();
    if constexpr (detail::has_option_v<detail::labels_kind, Opts...>) {
      listed = detail::labels_option_values<K>(opts...);
      const auto given = detail::label_set<K>::given(listed);
      for (const K& v : present.values()) covers_all = covers_all && given.contains(v);
    }
    for (const K& v : listed) names.push_back(detail::label_name(v));
  }
  if constexpr (detail::has_option_v<detail::target_names_kind, Opts...>) {
    const auto& tn = detail::get_option<detail::target_names_kind>(0, opts...).values;
    if (tn.size() != names.size() && !detail::has_option_v<detail::labels_kind, Opts...>)
      detail::throw_invalid_argument("target_names has " + std::to_string(tn.size()) +
                                     " names for " + std::to_string(names.size()) + " labels");
    for (std::size_t i = 0; i < names.size() && i < tn.size(); ++i) names[i] = tn[i];
    if (tn.size() < names.size()) names.resize(tn.size());
  }
  const auto setwise_opts = [&](auto&& f) {
    return detail::apply_without<detail::target_names_kind>(
        [&](const auto&... o) { return detail::apply_without<detail::digits_kind>(f, o...); },
        opts...);
  };
  const auto per = setwise_opts(
      [&](const auto&... o) { return precision_recall_fscore_support(y_true, y_pred, o...); });
  double total_support = 0;
  for (double s : per.support) total_support += s;
  for (std::size_t i = 0; i < names.size(); ++i)
    rep.labels.push_back(
        {names[i], per.precision[i], per.recall[i], per.fscore[i], per.support[i]});
  std::vector<average> avgs{average::micro, average::macro, average::weighted};
  if (multilabel) avgs.push_back(average::samples);
  for (average a : avgs) {
    const auto r = setwise_opts(
        [&](const auto&... o) { return precision_recall_fscore_support(y_true, y_pred, a, o...); });
    const bool acc = a == average::micro && !multilabel && covers_all;
    std::string name = acc ? "accuracy" : std::string(detail::average_name(a)) + " avg";
    rep.averages.push_back({name, r.precision, r.recall, r.fscore, total_support});
    if (acc) rep.has_accuracy = true, rep.accuracy = r.precision;
  }
  return rep;
}

TALLY_NAMESPACE_END

#endif // TALLY_CLASSIFICATION_REPORT_HPP
