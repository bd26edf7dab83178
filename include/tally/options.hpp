// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_OPTIONS_HPP
#define TALLY_OPTIONS_HPP

// Options are values of distinct types, passed after the data in any order:
//
//   tally::f1_score(y_true, y_pred, tally::average::macro,
//                   tally::zero_division::one, tally::sample_weight(w));
//
// A function accepts the options that its scikit-learn namesake takes; any
// other option is a compile-time error naming the function.

#include "config.hpp"
#include "detail/error.hpp"
#include "detail/traits.hpp"

#include <cstddef>
#include <initializer_list>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

/// How per-label values are combined (scikit-learn's `average`).
enum class average {
  binary,   ///< only the positive label (`pos_label`); binary targets only
  micro,    ///< counts summed over labels, then one ratio
  macro,    ///< unweighted mean of per-label values
  weighted, ///< mean weighted by each label's support (true count)
  samples,  ///< per-sample values averaged (multilabel only)
  none      ///< no averaging: one value per label
};

/// What a ratio with a zero denominator becomes (scikit-learn's `zero_division`).
enum class zero_division {
  warn, ///< 0, scikit-learn's default (which also warns)
  zero, ///< 0
  one,  ///< 1
  nan,  ///< NaN, and left out of averages
  raise ///< throw std::domain_error
};

/// Normalization of a confusion matrix (scikit-learn's `normalize`).
enum class normalize {
  none,      ///< counts
  over_true, ///< each row (true label) sums to 1   ('true')
  over_pred, ///< each column (predicted label) sums to 1 ('pred')
  over_all   ///< the whole matrix sums to 1         ('all')
};

/// Disagreement weights for Cohen's kappa (scikit-learn's `weights`).
enum class kappa_weights { none, linear, quadratic };

namespace detail {
inline const char* average_name(average a) noexcept {
  switch (a) {
  case average::binary:
    return "binary";
  case average::micro:
    return "micro";
  case average::macro:
    return "macro";
  case average::weighted:
    return "weighted";
  case average::samples:
    return "samples";
  case average::none:
    return "none";
  }
  return "?";
}

struct labels_kind {};
struct pos_label_kind {};
struct sample_weight_kind {};
struct beta_kind {};
struct adjusted_kind {};
struct replace_undefined_kind {};
struct digits_kind {};
struct samplewise_kind {};
struct normalized_kind {};
struct target_names_kind {};
struct per_label_kind {};
} // namespace detail

/// An explicit label list, in the order results should follow.
template <class L>
struct labels_option {
  using option_kind = detail::labels_kind;
  std::vector<L> values;
};

template <class L>
labels_option<detail::result_label_t<L>> labels(std::initializer_list<L> values) {
  labels_option<detail::result_label_t<L>> o;
  o.values.reserve(values.size());
  for (const auto& v : values) o.values.emplace_back(detail::to_key(v));
  return o;
}

template <class R, class = std::enable_if_t<detail::is_range_v<const R>>>
labels_option<detail::result_label_t<detail::range_value_t<const R>>> labels(const R& values) {
  labels_option<detail::result_label_t<detail::range_value_t<const R>>> o;
  for (const auto& v : values) o.values.emplace_back(detail::to_key(v));
  return o;
}

/// The label of the positive class for binary metrics (default: 1).
template <class L>
struct pos_label_option {
  using option_kind = detail::pos_label_kind;
  L value;
};

template <class L>
pos_label_option<detail::result_label_t<L>> pos_label(const L& value) {
  return {detail::result_label_t<L>(detail::to_key(value))};
}
inline pos_label_option<std::string> pos_label(const char* value) {
  return {std::string(value ? value : "")};
}

/// Per-sample weights. An lvalue contiguous range of double is viewed, not
/// copied (keep it alive for the call); anything else is copied.
class sample_weight_option {
public:
  using option_kind = detail::sample_weight_kind;

  sample_weight_option() = default;
  sample_weight_option(const double* data, std::size_t size) : data_(data), size_(size) {}
  explicit sample_weight_option(std::vector<double>&& owned)
      : owned_(std::move(owned)), data_(owned_.data()), size_(owned_.size()) {}
  sample_weight_option(const sample_weight_option& o) { *this = o; }
  sample_weight_option(sample_weight_option&& o) noexcept { *this = std::move(o); }
  sample_weight_option& operator=(const sample_weight_option& o) {
    if (this == &o) return *this;
    owned_ = o.owned_;
    size_ = o.size_;
    data_ = o.owns() ? owned_.data() : o.data_;
    return *this;
  }
  sample_weight_option& operator=(sample_weight_option&& o) noexcept {
    if (this == &o) return *this;
    const bool owning = o.owns();
    owned_ = std::move(o.owned_);
    size_ = o.size_;
    data_ = owning ? owned_.data() : o.data_;
    return *this;
  }
  ~sample_weight_option() = default;

  [[nodiscard]] const double* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const double* begin() const noexcept { return data_; }
  [[nodiscard]] const double* end() const noexcept { return data_ + size_; }
  [[nodiscard]] double operator[](std::size_t i) const noexcept { return data_[i]; }

private:
  [[nodiscard]] bool owns() const noexcept { return !owned_.empty() && data_ == owned_.data(); }
  std::vector<double> owned_;
  const double* data_ = nullptr;
  std::size_t size_ = 0;
};

inline sample_weight_option sample_weight(const double* data, std::size_t size) {
  return {data, size};
}
inline sample_weight_option sample_weight(std::vector<double>&& owned) {
  return sample_weight_option(std::move(owned));
}
template <class R, class = std::enable_if_t<detail::is_range_v<const R>>>
sample_weight_option sample_weight(const R& weights) {
  using value = detail::range_value_t<const R>;
  static_assert(std::is_arithmetic_v<value>, "tally::sample_weight requires arithmetic weights");
  if constexpr (detail::is_contiguous_v<const R> && std::is_same_v<value, double>) {
    return {std::data(weights), static_cast<std::size_t>(std::size(weights))};
  } else {
    std::vector<double> copy;
    for (const auto& w : weights) copy.push_back(static_cast<double>(w));
    return sample_weight_option(std::move(copy));
  }
}
inline sample_weight_option sample_weight(std::initializer_list<double> weights) {
  return sample_weight_option(std::vector<double>(weights));
}

/// F-beta's beta (>= 0; 0 gives precision, +inf gives recall).
struct beta {
  using option_kind = detail::beta_kind;
  double value = 1.0;
  constexpr explicit beta(double v) noexcept : value(v) {}
};

/// Balanced accuracy adjusted for chance (scikit-learn's `adjusted=True`).
struct adjusted {
  using option_kind = detail::adjusted_kind;
  bool value = true;
  constexpr explicit adjusted(bool v = true) noexcept : value(v) {}
};

/// The value returned when kappa or a likelihood ratio is undefined
/// (scikit-learn's `replace_undefined_by`; default NaN).
struct replace_undefined_by {
  using option_kind = detail::replace_undefined_kind;
  double value;          ///< kappa, and LR+ in class_likelihood_ratios
  double negative_value; ///< LR- in class_likelihood_ratios
  bool separate = false; ///< given as a (LR+, LR-) pair
  constexpr explicit replace_undefined_by(double v) noexcept : value(v), negative_value(v) {}
  /// Separate values for LR+ and LR- (class_likelihood_ratios).
  constexpr replace_undefined_by(double lr_plus, double lr_minus) noexcept
      : value(lr_plus), negative_value(lr_minus), separate(true) {}
};

/// Decimal digits in the text classification report (default 2).
struct digits {
  using option_kind = detail::digits_kind;
  int value = 2;
  constexpr explicit digits(int v) noexcept : value(v) {}
};

/// Per-sample 2 x 2 matrices in multilabel_confusion_matrix.
struct samplewise {
  using option_kind = detail::samplewise_kind;
  bool value = true;
  constexpr explicit samplewise(bool v = true) noexcept : value(v) {}
};

/// Return a fraction (true, the default) or a (weighted) count (false), as
/// scikit-learn's `normalize` on accuracy_score and zero_one_loss.
struct normalized {
  using option_kind = detail::normalized_kind;
  bool value = true;
  constexpr explicit normalized(bool v = true) noexcept : value(v) {}
};

/// Display names for the labels in classification_report.
struct target_names {
  using option_kind = detail::target_names_kind;
  std::vector<std::string> values;
  target_names(std::initializer_list<std::string> v) : values(v) {}
  explicit target_names(std::vector<std::string> v) : values(std::move(v)) {}
};

namespace detail {
struct average_kind {};
struct zero_division_kind {};
struct normalize_kind {};
struct kappa_weights_kind {};

template <class T, class = void>
struct option_kind_of {
  using type = void;
};
template <class T>
struct option_kind_of<T, std::void_t<typename T::option_kind>> {
  using type = typename T::option_kind;
};
template <>
struct option_kind_of<average> {
  using type = average_kind;
};
template <>
struct option_kind_of<zero_division> {
  using type = zero_division_kind;
};
template <>
struct option_kind_of<normalize> {
  using type = normalize_kind;
};
template <>
struct option_kind_of<kappa_weights> {
  using type = kappa_weights_kind;
};
template <class T>
using option_kind_t = typename option_kind_of<remove_cvref_t<T>>::type;

template <class Kind, class... Args>
inline constexpr bool has_option_v = (std::is_same_v<option_kind_t<Args>, Kind> || ...);

template <class Kind, class... Args>
inline constexpr std::size_t
    count_option_v = (std::size_t{0} + ... + (std::is_same_v<option_kind_t<Args>, Kind> ? 1u : 0u));

template <class Kind, class... Allowed>
inline constexpr bool kind_allowed_v = (std::is_same_v<Kind, Allowed> || ...);

// true when every option in Args is one of Allowed and none repeats.
template <class AllowedList, class... Args>
struct options_ok;
template <class... Allowed, class... Args>
struct options_ok<void(Allowed...), Args...> {
  static constexpr bool value = ((kind_allowed_v<option_kind_t<Args>, Allowed...> &&
                                  count_option_v<option_kind_t<Args>, Args...> == 1) &&
                                 ...);
};

// The option of a kind, or the fallback when absent.
template <class Kind, class Fallback>
constexpr decltype(auto) get_option(Fallback&& fallback) {
  return std::forward<Fallback>(fallback);
}
template <class Kind, class Fallback, class First, class... Rest>
constexpr decltype(auto) get_option(Fallback&& fallback, const First& first, const Rest&... rest) {
  if constexpr (std::is_same_v<option_kind_t<First>, Kind>)
    return (first);
  else
    return get_option<Kind>(std::forward<Fallback>(fallback), rest...);
}

// The sample-weight view of the options; size 0 and null data when absent.
template <class... Args>
const sample_weight_option& get_weights(const Args&... args) {
  static const sample_weight_option none{};
  return get_option<sample_weight_kind>(none, args...);
}

// Calls f with every option except those of one kind.
template <class Kind, class O>
auto option_unless(const O& o) {
  if constexpr (std::is_same_v<option_kind_t<O>, Kind>)
    return std::tuple<>();
  else
    return std::tuple<const O&>(o);
}
template <class Kind, class F, class... Opts>
decltype(auto) apply_without(F&& f, const Opts&... opts) {
  return std::apply(std::forward<F>(f), std::tuple_cat(option_unless<Kind>(opts)...));
}

} // namespace detail

/// Ask a metric for one value per label instead of an average (the result
/// is a std::vector<double> in label order); scikit-learn's average=None.
struct per_label_t {
  using option_kind = detail::per_label_kind;
};
inline constexpr per_label_t per_label{};

// Compile-time check that a function is given only options it accepts.
#define TALLY_DETAIL_CHECK_OPTIONS(fn, Opts, ...)                                                  \
  static_assert(::tally::detail::options_ok<void(__VA_ARGS__), Opts...>::value,                    \
                "tally::" fn ": an option is not accepted by this function or is given twice")

TALLY_NAMESPACE_END

#endif // TALLY_OPTIONS_HPP
