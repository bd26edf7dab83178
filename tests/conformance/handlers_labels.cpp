// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Handlers for the metrics of label predictions (y_true, y_pred):
// classification.hpp, confusion_matrix.hpp, classification_report.hpp.

#include "runner.hpp"

#include <tally/classification.hpp>
#include <tally/classification_report.hpp>
#include <tally/confusion_matrix.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace conformance {
namespace {

// ---------------------------------------------------- result conversion --

template <class T>
json result(const tally::matrix<T>& m) {
  json a = json::array();
  for (std::size_t i = 0; i < m.n_classes(); ++i) {
    json row = json::array();
    for (std::size_t j = 0; j < m.n_classes(); ++j) row.push_back(m(i, j));
    a.push_back(std::move(row));
  }
  return a;
}

template <class T>
json result(const std::vector<tally::binary_counts<T>>& v) {
  json a = json::array();
  for (const auto& c : v)
    a.push_back(json::array({json::array({c.tn, c.fp}), json::array({c.fn, c.tp})}));
  return a;
}

inline json result(double v) { return json(v); }
inline json result(const std::vector<double>& v) { return to_json(v); }

template <class T>
json result(const tally::prf_support<T>& r) {
  json support = json::array();
  for (const auto& s : r.support) support.push_back(s);
  return json::array({to_json(r.precision), to_json(r.recall), to_json(r.fscore), support});
}

inline json result(const tally::prf_averaged& r) {
  return json::array({r.precision, r.recall, r.fscore, nullptr});
}

inline json result(const tally::likelihood_ratios& r) {
  return json::array({r.positive, r.negative});
}

inline json result(const tally::classification_report_result& r) {
  json o = json::object();
  auto row = [](const tally::report_row& x) {
    return json{{"precision", x.precision},
                {"recall", x.recall},
                {"f1-score", x.f1},
                {"support", x.support}};
  };
  for (const auto& x : r.labels) o[x.name] = row(x);
  for (const auto& x : r.averages) {
    if (x.name == "accuracy")
      o["accuracy"] = r.accuracy;
    else
      o[x.name] = row(x);
  }
  return o;
}

// ------------------------------------------------------ keyword mapping --

// Calls f() or f(sample_weight(w)).
template <class F>
json with_weights(const test_case& c, F&& f) {
  if (c.sample_weight.is_null()) return f();
  const std::vector<double> w = numbers(c.sample_weight, "sample_weight");
  return f(tally::sample_weight(w));
}

// Calls f() or f(labels(...)).
template <class L, class F>
json with_labels(const kwargs& kw, F&& f) {
  if (!kw.given("labels")) return f();
  const std::vector<L> v = labels_from<L>(kw.at("labels"), "labels");
  return f(tally::labels(v));
}

// Calls f() or f(pos_label(x)). pos_label=None is ignored like any
// pos_label when the average is not binary; with average='binary' it names
// no label, which tally cannot express.
template <class L, class F>
json with_pos_label(const kwargs& kw, bool binary, F&& f) {
  if (!kw.given("pos_label")) {
    if (kw.has("pos_label") && binary)
      throw unrepresentable("pos_label=None with average='binary'");
    return f();
  }
  return f(tally::pos_label(label_from<L>(kw.at("pos_label"), "pos_label")));
}

tally::zero_division zero_division_of(const kwargs& kw) {
  if (!kw.has("zero_division")) return tally::zero_division::warn;
  const json& z = kw.at("zero_division");
  if (z.is_string()) {
    const auto s = z.get<std::string>();
    if (s == "warn") return tally::zero_division::warn;
    if (s == "nan") return tally::zero_division::nan;
  } else if (z.is_number() && !z.is_boolean()) {
    if (z.get<double>() == 0.0) return tally::zero_division::zero;
    if (z.get<double>() == 1.0) return tally::zero_division::one;
  }
  throw unrepresentable("zero_division=" + z.dump());
}

// nullopt stands for average=None (per-label results).
std::optional<tally::average> average_of(const kwargs& kw, std::optional<tally::average> fallback) {
  if (!kw.has("average")) return fallback;
  const json& a = kw.at("average");
  if (a.is_null()) return std::nullopt;
  if (a.is_string()) {
    const auto s = a.get<std::string>();
    if (s == "binary") return tally::average::binary;
    if (s == "micro") return tally::average::micro;
    if (s == "macro") return tally::average::macro;
    if (s == "weighted") return tally::average::weighted;
    if (s == "samples") return tally::average::samples;
  }
  throw unrepresentable("average=" + a.dump());
}

bool bool_kw(const kwargs& kw, const char* key, bool fallback) {
  if (!kw.has(key)) return fallback;
  const json& v = kw.at(key);
  if (!v.is_boolean()) throw unrepresentable(std::string(key) + "=" + v.dump());
  return v.get<bool>();
}

// --------------------------------------------------------------- handlers --

// precision/recall/f1/fbeta/jaccard: call(yt, yp, opts...) is the tally function.
template <bool WithBeta, class Call>
handler setwise(std::optional<tally::average> default_average, Call call) {
  return [=](const test_case& c, const kwargs& kw) -> json {
    const auto avg = average_of(kw, default_average);
    const auto zd = zero_division_of(kw);
    double b = 1.0;
    if constexpr (WithBeta) {
      if (!kw.has("beta")) throw unrepresentable("fbeta_score requires beta");
      b = number(kw.at("beta"), "beta");
    }
    return with_label_pair(c, kw, [&](const auto& yt, const auto& yp) {
      using L = label_of_t<decltype(yt)>;
      return with_weights(c, [&](const auto&... w) {
        return with_labels<L>(kw, [&](const auto&... l) {
          return with_pos_label<L>(kw, avg == tally::average::binary, [&](const auto&... p) {
            auto finish = [&](const auto& how) {
              if constexpr (WithBeta)
                return result(call(yt, yp, w..., l..., p..., zd, how, tally::beta(b)));
              else
                return result(call(yt, yp, w..., l..., p..., zd, how));
            };
            if (avg) return finish(*avg);
            return finish(tally::per_label);
          });
        });
      });
    });
  };
}

// precision_recall_fscore_support: average absent or None gives per-label arrays.
json prfs(const test_case& c, const kwargs& kw) {
  const auto avg = average_of(kw, std::nullopt);
  const auto zd = zero_division_of(kw);
  const double b = kw.has("beta") ? number(kw.at("beta"), "beta") : 1.0;
  return with_label_pair(c, kw, [&](const auto& yt, const auto& yp) {
    using L = label_of_t<decltype(yt)>;
    return with_weights(c, [&](const auto&... w) {
      return with_labels<L>(kw, [&](const auto&... l) {
        return with_pos_label<L>(kw, avg == tally::average::binary, [&](const auto&... p) {
          if (avg)
            return result(tally::precision_recall_fscore_support(yt, yp, w..., l..., p..., zd, *avg,
                                                                 tally::beta(b)));
          return result(
              tally::precision_recall_fscore_support(yt, yp, w..., l..., p..., zd, tally::beta(b)));
        });
      });
    });
  });
}

// accuracy_score / zero_one_loss / hamming_loss.
template <bool HasNormalize, class Call>
handler matching(Call call) {
  return [=](const test_case& c, const kwargs& kw) -> json {
    const bool norm = HasNormalize ? bool_kw(kw, "normalize", true) : true;
    return with_label_pair(c, kw, [&](const auto& yt, const auto& yp) {
      return with_weights(c, [&](const auto&... w) {
        if constexpr (HasNormalize)
          return result(call(yt, yp, w..., tally::normalized(norm)));
        else
          return result(call(yt, yp, w...));
      });
    });
  };
}

template <class C>
void refuse_multilabel(const char* fn) {
  if constexpr (is_rows_v<C>)
    throw unrepresentable(std::string("tally::") + fn + " does not take multilabel data");
}

json balanced_accuracy(const test_case& c, const kwargs& kw) {
  const bool adj = bool_kw(kw, "adjusted", false);
  return with_label_pair(c, kw, [&](const auto& yt, const auto& yp) -> json {
    refuse_multilabel<decltype(yt)>("balanced_accuracy_score");
    if constexpr (!is_rows_v<decltype(yt)>) {
      return with_weights(c, [&](const auto&... w) {
        return result(tally::balanced_accuracy_score(yt, yp, w..., tally::adjusted(adj)));
      });
    }
    return nullptr;
  });
}

json matthews(const test_case& c, const kwargs& kw) {
  return with_label_pair(c, kw, [&](const auto& yt, const auto& yp) -> json {
    refuse_multilabel<decltype(yt)>("matthews_corrcoef");
    if constexpr (!is_rows_v<decltype(yt)>) {
      return with_weights(
          c, [&](const auto&... w) { return result(tally::matthews_corrcoef(yt, yp, w...)); });
    }
    return nullptr;
  });
}

json confusion(const test_case& c, const kwargs& kw) {
  std::optional<tally::normalize> how;
  if (kw.given("normalize")) {
    const json& v = kw.at("normalize");
    const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    if (s == "true")
      how = tally::normalize::over_true;
    else if (s == "pred")
      how = tally::normalize::over_pred;
    else if (s == "all")
      how = tally::normalize::over_all;
    else
      throw unrepresentable("normalize=" + v.dump());
  }
  return with_label_pair(c, kw, [&](const auto& yt, const auto& yp) -> json {
    refuse_multilabel<decltype(yt)>("confusion_matrix");
    if constexpr (!is_rows_v<decltype(yt)>) {
      using L = label_of_t<decltype(yt)>;
      return with_weights(c, [&](const auto&... w) {
        return with_labels<L>(kw, [&](const auto&... l) {
          if (how) return result(tally::confusion_matrix(yt, yp, w..., l..., *how));
          return result(tally::confusion_matrix(yt, yp, w..., l...));
        });
      });
    }
    return nullptr;
  });
}

json multilabel_confusion(const test_case& c, const kwargs& kw) {
  const bool by_sample = bool_kw(kw, "samplewise", false);
  return with_label_pair(c, kw, [&](const auto& yt, const auto& yp) {
    using L = label_of_t<decltype(yt)>;
    return with_weights(c, [&](const auto&... w) {
      return with_labels<L>(kw, [&](const auto&... l) {
        return result(
            tally::multilabel_confusion_matrix(yt, yp, w..., l..., tally::samplewise(by_sample)));
      });
    });
  });
}

json kappa(const test_case& c, const kwargs& kw) {
  tally::kappa_weights kwt = tally::kappa_weights::none;
  if (kw.given("weights")) {
    const json& v = kw.at("weights");
    const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    if (s == "linear")
      kwt = tally::kappa_weights::linear;
    else if (s == "quadratic")
      kwt = tally::kappa_weights::quadratic;
    else
      throw unrepresentable("weights=" + v.dump());
  }
  std::optional<double> repl;
  if (kw.has("replace_undefined_by"))
    repl = number(kw.at("replace_undefined_by"), "replace_undefined_by");
  return with_label_pair(c, kw, [&](const auto& yt, const auto& yp) -> json {
    refuse_multilabel<decltype(yt)>("cohen_kappa_score");
    if constexpr (!is_rows_v<decltype(yt)>) {
      using L = label_of_t<decltype(yt)>;
      return with_weights(c, [&](const auto&... w) {
        return with_labels<L>(kw, [&](const auto&... l) {
          if (repl)
            return result(tally::cohen_kappa_score(yt, yp, w..., l..., kwt,
                                                   tally::replace_undefined_by(*repl)));
          return result(tally::cohen_kappa_score(yt, yp, w..., l..., kwt));
        });
      });
    }
    return nullptr;
  });
}

json likelihood(const test_case& c, const kwargs& kw) {
  std::optional<tally::replace_undefined_by> repl;
  if (kw.has("replace_undefined_by")) {
    const json& v = kw.at("replace_undefined_by");
    if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it)
        if (it.key() != "LR+" && it.key() != "LR-")
          throw unrepresentable("replace_undefined_by key " + it.key());
      if (!v.contains("LR+") || !v.contains("LR-"))
        throw unrepresentable("replace_undefined_by needs both LR+ and LR-");
      repl = tally::replace_undefined_by(number(v["LR+"], "LR+"), number(v["LR-"], "LR-"));
    } else {
      repl = tally::replace_undefined_by(number(v, "replace_undefined_by"));
    }
  }
  return with_label_pair(c, kw, [&](const auto& yt, const auto& yp) -> json {
    refuse_multilabel<decltype(yt)>("class_likelihood_ratios");
    if constexpr (!is_rows_v<decltype(yt)>) {
      using L = label_of_t<decltype(yt)>;
      return with_weights(c, [&](const auto&... w) {
        return with_labels<L>(kw, [&](const auto&... l) {
          if (repl) return result(tally::class_likelihood_ratios(yt, yp, w..., l..., *repl));
          return result(tally::class_likelihood_ratios(yt, yp, w..., l...));
        });
      });
    }
    return nullptr;
  });
}

json report(const test_case& c, const kwargs& kw) {
  if (!bool_kw(kw, "output_dict", false))
    throw unsupported("classification_report is compared only with output_dict=true");
  const auto zd = zero_division_of(kw);
  int dg = 2;
  if (kw.has("digits")) {
    if (!kw.at("digits").is_number_integer())
      throw unrepresentable("digits=" + kw.at("digits").dump());
    dg = kw.at("digits").get<int>();
  }
  std::optional<std::vector<std::string>> names;
  if (kw.given("target_names"))
    names = labels_from<std::string>(kw.at("target_names"), "target_names");
  return with_label_pair(c, kw, [&](const auto& yt, const auto& yp) {
    using L = label_of_t<decltype(yt)>;
    return with_weights(c, [&](const auto&... w) {
      return with_labels<L>(kw, [&](const auto&... l) {
        if (names)
          return result(tally::classification_report(yt, yp, w..., l..., zd, tally::digits(dg),
                                                     tally::target_names(*names)));
        return result(tally::classification_report(yt, yp, w..., l..., zd, tally::digits(dg)));
      });
    });
  });
}

#define TALLY_CONFORMANCE_CALL(fn) [](const auto&... a) { return tally::fn(a...); }

} // namespace

void register_label_metrics(std::map<std::string, handler>& t) {
  const std::optional<tally::average> binary = tally::average::binary;
  t["precision_score"] = setwise<false>(binary, TALLY_CONFORMANCE_CALL(precision_score));
  t["recall_score"] = setwise<false>(binary, TALLY_CONFORMANCE_CALL(recall_score));
  t["f1_score"] = setwise<false>(binary, TALLY_CONFORMANCE_CALL(f1_score));
  t["fbeta_score"] = setwise<true>(binary, TALLY_CONFORMANCE_CALL(fbeta_score));
  t["jaccard_score"] = setwise<false>(binary, TALLY_CONFORMANCE_CALL(jaccard_score));
  t["precision_recall_fscore_support"] = prfs;
  t["accuracy_score"] = matching<true>(TALLY_CONFORMANCE_CALL(accuracy_score));
  t["zero_one_loss"] = matching<true>(TALLY_CONFORMANCE_CALL(zero_one_loss));
  t["hamming_loss"] = matching<false>(TALLY_CONFORMANCE_CALL(hamming_loss));
  t["balanced_accuracy_score"] = balanced_accuracy;
  t["matthews_corrcoef"] = matthews;
  t["confusion_matrix"] = confusion;
  t["multilabel_confusion_matrix"] = multilabel_confusion;
  t["cohen_kappa_score"] = kappa;
  t["class_likelihood_ratios"] = likelihood;
  t["classification_report"] = report;
}

} // namespace conformance
