// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_TESTS_CONFORMANCE_RUNNER_HPP
#define TALLY_TESTS_CONFORMANCE_RUNNER_HPP

// Shared pieces of tally_conformance: the case record, keyword-argument
// access, label decoding, and conversion of tally's results to JSON.
//
// A handler maps one scikit-learn function onto tally. It returns tally's
// result as JSON (non-finite numbers stored as doubles), lets tally's own
// exceptions escape, and throws
//   - unsupported      when the case uses something the runner or tally does
//                      not offer (an unknown function or keyword): the case
//                      fails, whatever it expects;
//   - unrepresentable  when a keyword value or an input mix cannot even be
//                      expressed through tally's typed API (e.g. an unknown
//                      enumeration string, string and integer labels mixed):
//                      tally rejects such input at compile time, so this
//                      counts as "tally reported an error".

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace conformance {

using json = nlohmann::json;

struct unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct unrepresentable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct test_case {
  std::string id;
  std::string fn;
  json kwargs = json::object();
  json y_true;
  json y_pred;        // null when absent
  json y_score;       // null when absent
  json sample_weight; // null when absent
};

// Keyword arguments; every key must be read by the handler, otherwise the
// case fails as unsupported.
class kwargs {
public:
  explicit kwargs(const json& j) : j_(j) {}
  [[nodiscard]] bool has(const std::string& k) const {
    used_.insert(k);
    return j_.contains(k);
  }
  // present and not null
  [[nodiscard]] bool given(const std::string& k) const { return has(k) && !j_.at(k).is_null(); }
  [[nodiscard]] const json& at(const std::string& k) const {
    used_.insert(k);
    return j_.at(k);
  }
  void check_all_used(const std::string& fn) const {
    for (auto it = j_.begin(); it != j_.end(); ++it)
      if (used_.count(it.key()) == 0)
        throw unsupported("keyword '" + it.key() + "' of " + fn + " is not mapped onto tally");
  }

private:
  const json& j_;
  mutable std::set<std::string> used_;
};

// ------------------------------------------------------------ numbers --

// A JSON number, or "nan" / "inf" / "-inf".
inline double number(const json& j, const char* what) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
  }
  throw unrepresentable(std::string(what) + " is not a number: " + j.dump());
}

inline std::vector<double> numbers(const json& j, const char* what) {
  if (!j.is_array()) throw unrepresentable(std::string(what) + " is not an array");
  std::vector<double> v;
  v.reserve(j.size());
  for (const auto& x : j) v.push_back(number(x, what));
  return v;
}

// ------------------------------------------------------------- labels --

enum class label_kind { integer, boolean, string, multilabel, unknown };

inline label_kind kind_of_value(const json& x) {
  if (x.is_boolean()) return label_kind::boolean;
  if (x.is_number_integer() || x.is_number_unsigned()) return label_kind::integer;
  if (x.is_string()) return label_kind::string;
  if (x.is_array()) return label_kind::multilabel;
  throw unrepresentable("label " + x.dump() + " is not an integer, boolean, string or row");
}

// The kind of a label array; unknown when empty.
inline label_kind kind_of_array(const json& a, const char* what) {
  if (!a.is_array()) throw unrepresentable(std::string(what) + " is not an array");
  label_kind k = label_kind::unknown;
  for (const auto& x : a) {
    const label_kind kx = kind_of_value(x);
    if (k == label_kind::unknown)
      k = kx;
    else if (k != kx)
      throw unrepresentable(std::string(what) + " mixes label types");
  }
  return k;
}

template <class L>
L label_from(const json& j, const char* what);

template <>
inline std::int64_t label_from<std::int64_t>(const json& j, const char* what) {
  if (j.is_number_integer() || j.is_number_unsigned()) return j.get<std::int64_t>();
  throw unrepresentable(std::string(what) + " " + j.dump() + " is not an integer label");
}
template <>
inline bool label_from<bool>(const json& j, const char* what) {
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number_integer() && (j.get<std::int64_t>() == 0 || j.get<std::int64_t>() == 1))
    return j.get<std::int64_t>() == 1;
  throw unrepresentable(std::string(what) + " " + j.dump() + " is not a boolean label");
}
template <>
inline std::string label_from<std::string>(const json& j, const char* what) {
  if (j.is_string()) return j.get<std::string>();
  throw unrepresentable(std::string(what) + " " + j.dump() + " is not a string label");
}

template <class L>
std::vector<L> labels_from(const json& a, const char* what) {
  if (!a.is_array()) throw unrepresentable(std::string(what) + " is not an array");
  std::vector<L> v;
  v.reserve(a.size());
  for (const auto& x : a) v.push_back(label_from<L>(x, what));
  return v;
}

using rows = std::vector<std::vector<std::int64_t>>;

inline rows rows_from(const json& a, const char* what) {
  rows r;
  r.reserve(a.size());
  for (const auto& row : a) {
    if (!row.is_array()) throw unrepresentable(std::string(what) + " mixes rows and labels");
    std::vector<std::int64_t> v;
    v.reserve(row.size());
    for (const auto& x : row) {
      if (!(x.is_number_integer() || x.is_number_unsigned()))
        throw unrepresentable(std::string(what) + " has a non-integer indicator cell");
      v.push_back(x.get<std::int64_t>());
    }
    r.push_back(std::move(v));
  }
  return r;
}

// The element type the label arrays of a case decode to: its kind, taken
// from y_true, else y_pred, else the `labels` / `pos_label` keywords; int64
// when nothing says otherwise.
inline label_kind case_label_kind(const test_case& c, const kwargs& kw, bool with_pred) {
  label_kind k = kind_of_array(c.y_true, "y_true");
  if (with_pred) {
    const label_kind kp = kind_of_array(c.y_pred, "y_pred");
    if (k == label_kind::unknown) k = kp;
    if (kp != label_kind::unknown && kp != k)
      throw unrepresentable("y_true and y_pred hold different kinds of labels");
  }
  if (k == label_kind::unknown && kw.given("labels") && kw.at("labels").is_array())
    k = kind_of_array(kw.at("labels"), "labels");
  if (k == label_kind::unknown && kw.given("pos_label")) k = kind_of_value(kw.at("pos_label"));
  if (k == label_kind::unknown) k = label_kind::integer;
  return k;
}

// Calls f(y_true, y_pred) with both decoded to one container type:
// std::vector<std::int64_t>, std::vector<bool>, std::vector<std::string> or
// rows (an indicator matrix as a range of rows).
template <class F>
json with_label_pair(const test_case& c, const kwargs& kw, F&& f) {
  if (c.y_pred.is_null()) throw unsupported("case has no y_pred");
  switch (case_label_kind(c, kw, true)) {
  case label_kind::integer:
    return f(labels_from<std::int64_t>(c.y_true, "y_true"),
             labels_from<std::int64_t>(c.y_pred, "y_pred"));
  case label_kind::boolean:
    return f(labels_from<bool>(c.y_true, "y_true"), labels_from<bool>(c.y_pred, "y_pred"));
  case label_kind::string:
    return f(labels_from<std::string>(c.y_true, "y_true"),
             labels_from<std::string>(c.y_pred, "y_pred"));
  case label_kind::multilabel:
    return f(rows_from(c.y_true, "y_true"), rows_from(c.y_pred, "y_pred"));
  default:
    throw unrepresentable("unknown label kind");
  }
}

// Calls f(y_true) for score-based functions (1-D labels or rows).
template <class F>
json with_labels_only(const test_case& c, const kwargs& kw, F&& f) {
  switch (case_label_kind(c, kw, false)) {
  case label_kind::integer:
    return f(labels_from<std::int64_t>(c.y_true, "y_true"));
  case label_kind::boolean:
    return f(labels_from<bool>(c.y_true, "y_true"));
  case label_kind::string:
    return f(labels_from<std::string>(c.y_true, "y_true"));
  case label_kind::multilabel:
    return f(rows_from(c.y_true, "y_true"));
  default:
    throw unrepresentable("unknown label kind");
  }
}

// The label type of a decoded container (column indices for rows).
template <class C>
struct label_of {
  using type = typename C::value_type;
};
template <>
struct label_of<rows> {
  using type = std::int64_t;
};
template <class C>
using label_of_t = typename label_of<std::decay_t<C>>::type;

template <class C>
inline constexpr bool is_rows_v = std::is_same_v<std::decay_t<C>, rows>;

// ------------------------------------------------------------- results --

inline json to_json(double v) { return json(v); }
inline json to_json(std::uint64_t v) { return json(v); }
inline json to_json(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(x);
  return a;
}
inline json to_json(const std::vector<std::uint64_t>& v) {
  json a = json::array();
  for (auto x : v) a.push_back(x);
  return a;
}

using handler = std::function<json(const test_case&, const kwargs&)>;

// Handler tables, one per group of functions (see handlers_*.cpp).
void register_label_metrics(std::map<std::string, handler>& table);
void register_score_metrics(std::map<std::string, handler>& table);

} // namespace conformance

#endif // TALLY_TESTS_CONFORMANCE_RUNNER_HPP
