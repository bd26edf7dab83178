// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Handlers for the score-based metrics (y_true, y_score): ranking.hpp,
// losses.hpp, calibration.hpp, label_ranking.hpp.

#include "runner.hpp"

#include <tally/calibration.hpp>
#include <tally/label_ranking.hpp>
#include <tally/losses.hpp>
#include <tally/ranking.hpp>

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace conformance {
namespace {

using score_rows = std::vector<std::vector<double>>;

// ---------------------------------------------------- result conversion --

json result(double v) { return json(v); }
json result(const std::vector<double>& v) { return to_json(v); }
json result(const tally::roc_curve_result& r) {
  return json::array({to_json(r.fpr), to_json(r.tpr), to_json(r.thresholds)});
}
json result(const tally::precision_recall_curve_result& r) {
  return json::array({to_json(r.precision), to_json(r.recall), to_json(r.thresholds)});
}
json result(const tally::det_curve_result& r) {
  return json::array({to_json(r.fpr), to_json(r.fnr), to_json(r.thresholds)});
}
json result(const tally::thresholds_confusion_result& r) {
  return json::array(
      {to_json(r.tns), to_json(r.fps), to_json(r.fns), to_json(r.tps), to_json(r.thresholds)});
}
json result(const tally::calibration_curve_result& r) {
  return json::array({to_json(r.prob_true), to_json(r.prob_pred)});
}

// ------------------------------------------------------ keyword mapping --

// Calls f(y_score) with a std::vector<double> (1-D) or rows of doubles.
template <class F>
json with_scores(const test_case& c, F&& f) {
  if (c.y_score.is_null()) throw unsupported("case has no y_score");
  if (!c.y_score.is_array()) throw unrepresentable("y_score is not an array");
  const bool two_d = !c.y_score.empty() && c.y_score.front().is_array();
  if (!two_d) return f(numbers(c.y_score, "y_score"));
  score_rows r;
  r.reserve(c.y_score.size());
  for (const auto& row : c.y_score) {
    if (!row.is_array()) throw unrepresentable("y_score mixes rows and numbers");
    r.push_back(numbers(row, "y_score"));
  }
  return f(r);
}

template <class F>
json with_weights(const test_case& c, F&& f) {
  if (c.sample_weight.is_null()) return f();
  const std::vector<double> w = numbers(c.sample_weight, "sample_weight");
  return f(tally::sample_weight(w));
}

template <class L, class F>
json with_labels(const kwargs& kw, F&& f) {
  if (!kw.given("labels")) return f();
  const std::vector<L> v = labels_from<L>(kw.at("labels"), "labels");
  return f(tally::labels(v));
}

// pos_label=None (or absent) leaves the default.
template <class L, class F>
json with_pos_label(const kwargs& kw, F&& f) {
  if (!kw.given("pos_label")) return f();
  return f(tally::pos_label(label_from<L>(kw.at("pos_label"), "pos_label")));
}

bool bool_kw(const kwargs& kw, const char* key, bool fallback) {
  if (!kw.has(key)) return fallback;
  const json& v = kw.at(key);
  if (!v.is_boolean()) throw unrepresentable(std::string(key) + "=" + v.dump());
  return v.get<bool>();
}

long long int_kw(const kwargs& kw, const char* key, long long fallback) {
  if (!kw.has(key)) return fallback;
  const json& v = kw.at(key);
  if (!v.is_number_integer()) throw unrepresentable(std::string(key) + "=" + v.dump());
  return v.get<long long>();
}

// nullopt: average=None.
std::optional<tally::average> average_of(const kwargs& kw) {
  if (!kw.has("average")) return tally::average::macro;
  const json& a = kw.at("average");
  if (a.is_null()) return std::nullopt;
  if (a.is_string()) {
    const auto s = a.get<std::string>();
    if (s == "micro") return tally::average::micro;
    if (s == "macro") return tally::average::macro;
    if (s == "weighted") return tally::average::weighted;
    if (s == "samples") return tally::average::samples;
    if (s == "binary") return tally::average::binary;
  }
  throw unrepresentable("average=" + a.dump());
}

template <class Y>
void require_1d_labels(const char* fn) {
  if constexpr (is_rows_v<Y>)
    throw unrepresentable(std::string("tally::") + fn + " takes 1-D y_true");
}

// --------------------------------------------------------------- handlers --

// roc_curve, precision_recall_curve, det_curve, confusion_matrix_at_thresholds.
template <bool HasDrop, class Call>
handler curve(const char* fn, Call call) {
  return [=](const test_case& c, const kwargs& kw) -> json {
    std::optional<bool> drop;
    if constexpr (HasDrop)
      if (kw.has("drop_intermediate")) drop = bool_kw(kw, "drop_intermediate", false);
    return with_labels_only(c, kw, [&](const auto& yt) -> json {
      require_1d_labels<decltype(yt)>(fn);
      if constexpr (!is_rows_v<decltype(yt)>) {
        using L = label_of_t<decltype(yt)>;
        return with_scores(c, [&](const auto& ys) {
          return with_weights(c, [&](const auto&... w) {
            return with_pos_label<L>(kw, [&](const auto&... p) {
              if constexpr (HasDrop) {
                if (drop) return result(call(yt, ys, w..., p..., tally::drop_intermediate(*drop)));
              }
              return result(call(yt, ys, w..., p...));
            });
          });
        });
      }
      return nullptr;
    });
  };
}

json roc_auc(const test_case& c, const kwargs& kw) {
  const auto avg = average_of(kw);
  std::optional<double> mf;
  if (kw.given("max_fpr")) mf = number(kw.at("max_fpr"), "max_fpr");
  tally::multi_class mc = tally::multi_class::raise;
  if (kw.has("multi_class")) {
    const json& v = kw.at("multi_class");
    const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    if (s == "ovr")
      mc = tally::multi_class::ovr;
    else if (s == "ovo")
      mc = tally::multi_class::ovo;
    else if (s != "raise")
      throw unrepresentable("multi_class=" + v.dump());
  }
  return with_labels_only(c, kw, [&](const auto& yt) {
    using L = label_of_t<decltype(yt)>;
    return with_scores(c, [&](const auto& ys) {
      return with_weights(c, [&](const auto&... w) {
        return with_labels<L>(kw, [&](const auto&... l) {
          auto call = [&](const auto&... m) {
            if (avg) return result(tally::roc_auc_score(yt, ys, w..., l..., m..., mc, *avg));
            return result(tally::roc_auc_score_per_label(yt, ys, w..., l..., m..., mc));
          };
          if (mf) return call(tally::max_fpr(*mf));
          return call();
        });
      });
    });
  });
}

json average_precision(const test_case& c, const kwargs& kw) {
  const auto avg = average_of(kw);
  return with_labels_only(c, kw, [&](const auto& yt) {
    using L = label_of_t<decltype(yt)>;
    return with_scores(c, [&](const auto& ys) {
      return with_weights(c, [&](const auto&... w) {
        return with_pos_label<L>(kw, [&](const auto&... p) {
          if (avg) return result(tally::average_precision_score(yt, ys, w..., p..., *avg));
          return result(tally::average_precision_score_per_label(yt, ys, w..., p...));
        });
      });
    });
  });
}

json log_loss(const test_case& c, const kwargs& kw) {
  const bool norm = bool_kw(kw, "normalize", true);
  return with_labels_only(c, kw, [&](const auto& yt) -> json {
    require_1d_labels<decltype(yt)>("log_loss");
    if constexpr (!is_rows_v<decltype(yt)>) {
      using L = label_of_t<decltype(yt)>;
      return with_scores(c, [&](const auto& ys) {
        return with_weights(c, [&](const auto&... w) {
          return with_labels<L>(kw, [&](const auto&... l) {
            return result(tally::log_loss(yt, ys, w..., l..., tally::normalized(norm)));
          });
        });
      });
    }
    return nullptr;
  });
}

json brier(const test_case& c, const kwargs& kw) {
  std::optional<bool> half;
  if (kw.has("scale_by_half")) {
    const json& v = kw.at("scale_by_half");
    if (v.is_boolean())
      half = v.get<bool>();
    else if (!(v.is_string() && v.get<std::string>() == "auto"))
      throw unrepresentable("scale_by_half=" + v.dump());
  }
  return with_labels_only(c, kw, [&](const auto& yt) -> json {
    require_1d_labels<decltype(yt)>("brier_score_loss");
    if constexpr (!is_rows_v<decltype(yt)>) {
      using L = label_of_t<decltype(yt)>;
      return with_scores(c, [&](const auto& ys) {
        return with_weights(c, [&](const auto&... w) {
          return with_labels<L>(kw, [&](const auto&... l) {
            return with_pos_label<L>(kw, [&](const auto&... p) {
              if (half)
                return result(
                    tally::brier_score_loss(yt, ys, w..., l..., p..., tally::scale_by_half(*half)));
              return result(tally::brier_score_loss(yt, ys, w..., l..., p...));
            });
          });
        });
      });
    }
    return nullptr;
  });
}

json hinge(const test_case& c, const kwargs& kw) {
  return with_labels_only(c, kw, [&](const auto& yt) -> json {
    require_1d_labels<decltype(yt)>("hinge_loss");
    if constexpr (!is_rows_v<decltype(yt)>) {
      using L = label_of_t<decltype(yt)>;
      return with_scores(c, [&](const auto& ys) {
        return with_weights(c, [&](const auto&... w) {
          return with_labels<L>(
              kw, [&](const auto&... l) { return result(tally::hinge_loss(yt, ys, w..., l...)); });
        });
      });
    }
    return nullptr;
  });
}

json top_k(const test_case& c, const kwargs& kw) {
  const long long k = int_kw(kw, "k", 2);
  const bool norm = bool_kw(kw, "normalize", true);
  return with_labels_only(c, kw, [&](const auto& yt) -> json {
    require_1d_labels<decltype(yt)>("top_k_accuracy_score");
    if constexpr (!is_rows_v<decltype(yt)>) {
      using L = label_of_t<decltype(yt)>;
      return with_scores(c, [&](const auto& ys) {
        return with_weights(c, [&](const auto&... w) {
          return with_labels<L>(kw, [&](const auto&... l) {
            return result(tally::top_k_accuracy_score(yt, ys, w..., l..., tally::top_k(k),
                                                      tally::normalized(norm)));
          });
        });
      });
    }
    return nullptr;
  });
}

json calibration(const test_case& c, const kwargs& kw) {
  if (!c.sample_weight.is_null()) throw unsupported("calibration_curve takes no sample_weight");
  const long long bins = int_kw(kw, "n_bins", 5);
  tally::strategy st = tally::strategy::uniform;
  if (kw.has("strategy")) {
    const json& v = kw.at("strategy");
    const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    if (s == "quantile")
      st = tally::strategy::quantile;
    else if (s != "uniform")
      throw unrepresentable("strategy=" + v.dump());
  }
  return with_labels_only(c, kw, [&](const auto& yt) -> json {
    require_1d_labels<decltype(yt)>("calibration_curve");
    if constexpr (!is_rows_v<decltype(yt)>) {
      using L = label_of_t<decltype(yt)>;
      return with_scores(c, [&](const auto& ys) {
        return with_pos_label<L>(kw, [&](const auto&... p) {
          return result(tally::calibration_curve(yt, ys, p..., tally::n_bins(bins), st));
        });
      });
    }
    return nullptr;
  });
}

// coverage_error, label_ranking_loss, label_ranking_average_precision_score:
// an n x L indicator y_true and n x L scores; no keywords besides the weights.
template <class Call>
handler label_ranking(const char* fn, Call call) {
  return [=](const test_case& c, const kwargs& kw) -> json {
    return with_labels_only(c, kw, [&](const auto& yt) -> json {
      if constexpr (!is_rows_v<decltype(yt)>) {
        throw unrepresentable(std::string("tally::") + fn + " takes an n x L indicator y_true");
      } else {
        return with_scores(c, [&](const auto& ys) -> json {
          if constexpr (!std::is_same_v<std::decay_t<decltype(ys)>, score_rows>) {
            throw unrepresentable(std::string("tally::") + fn + " takes n x L scores");
          } else {
            return with_weights(c, [&](const auto&... w) { return result(call(yt, ys, w...)); });
          }
        });
      }
    });
  };
}

#define TALLY_CONFORMANCE_CALL(fn) [](const auto&... a) { return tally::fn(a...); }

} // namespace

void register_score_metrics(std::map<std::string, handler>& t) {
  t["roc_curve"] = curve<true>("roc_curve", TALLY_CONFORMANCE_CALL(roc_curve));
  t["precision_recall_curve"] =
      curve<true>("precision_recall_curve", TALLY_CONFORMANCE_CALL(precision_recall_curve));
  t["det_curve"] = curve<true>("det_curve", TALLY_CONFORMANCE_CALL(det_curve));
  t["confusion_matrix_at_thresholds"] = curve<false>(
      "confusion_matrix_at_thresholds", TALLY_CONFORMANCE_CALL(confusion_matrix_at_thresholds));
  t["roc_auc_score"] = roc_auc;
  t["average_precision_score"] = average_precision;
  t["log_loss"] = log_loss;
  t["brier_score_loss"] = brier;
  t["hinge_loss"] = hinge;
  t["top_k_accuracy_score"] = top_k;
  t["calibration_curve"] = calibration;
  t["coverage_error"] = label_ranking("coverage_error", TALLY_CONFORMANCE_CALL(coverage_error));
  t["label_ranking_loss"] =
      label_ranking("label_ranking_loss", TALLY_CONFORMANCE_CALL(label_ranking_loss));
  t["label_ranking_average_precision_score"] =
      label_ranking("label_ranking_average_precision_score",
                    TALLY_CONFORMANCE_CALL(label_ranking_average_precision_score));
}

} // namespace conformance
