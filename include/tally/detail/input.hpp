// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_INPUT_HPP
#define TALLY_DETAIL_INPUT_HPP

// Input adaptation: any range of labels becomes a pointer and a length of
// comparison keys (detail::key_t). Contiguous arithmetic input is viewed in
// place; anything else (lists, input iterators, std::vector<bool>, strings)
// is copied once into a buffer of keys. Everything after this point works on
// pointers, so the counting code is instantiated once per key type rather
// than once per iterator type.

#include "../config.hpp"
#include "../options.hpp"
#include "error.hpp"
#include "traits.hpp"

#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN
namespace detail {

template <class K>
class key_span {
public:
  key_span() = default;
  key_span(const K* data, std::size_t size) : data_(data), size_(size) {}
  key_span(std::unique_ptr<K[]> owned, std::size_t size)
      : owned_(std::move(owned)), data_(owned_.get()), size_(size) {}

  [[nodiscard]] const K* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const K& operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] const K* begin() const noexcept { return data_; }
  [[nodiscard]] const K* end() const noexcept { return data_ + size_; }

private:
  std::unique_ptr<K[]> owned_; // moving a unique_ptr keeps data_ valid
  const K* data_ = nullptr;
  std::size_t size_ = 0;
};

// Copies [first, last) into keys of type K.
template <class K, class It, class S>
key_span<K> copy_keys(It first, S last) {
  using category = typename std::iterator_traits<It>::iterator_category;
  if constexpr (std::is_base_of_v<std::forward_iterator_tag, category>) {
    const auto n = static_cast<std::size_t>(std::distance(first, last));
    std::unique_ptr<K[]> keys(new K[n]);
    for (std::size_t i = 0; first != last; ++first, ++i) keys[i] = K(to_key(*first));
    return key_span<K>(std::move(keys), n);
  } else {
    // single pass: gather, then copy into place (bool needs real storage)
    using slot = std::conditional_t<std::is_same_v<K, bool>, unsigned char, K>;
    std::vector<slot> gathered;
    for (; first != last; ++first) gathered.push_back(static_cast<slot>(K(to_key(*first))));
    std::unique_ptr<K[]> keys(new K[gathered.size()]);
    for (std::size_t i = 0; i < gathered.size(); ++i) keys[i] = static_cast<K>(gathered[i]);
    return key_span<K>(std::move(keys), gathered.size());
  }
}

// The keys of a range, viewed when possible.
template <class K, class R>
key_span<K> make_keys(const R& range) {
  using value = range_value_t<const R>;
  if constexpr (is_contiguous_v<const R> && std::is_same_v<value, K>) {
    return key_span<K>(std::data(range), static_cast<std::size_t>(std::size(range)));
  } else {
    return copy_keys<K>(adl_begin(range), adl_end(range));
  }
}

// The key type two label ranges are compared as.
template <class A, class B, class = void>
struct common_key {
  static_assert(std::is_same_v<A, B>,
                "tally: y_true and y_pred must hold labels of the same kind (both strings, both "
                "numbers, or the same enum)");
  using type = A;
};
template <class A, class B>
struct common_key<
    A, B,
    std::enable_if_t<std::is_arithmetic_v<A> && std::is_arithmetic_v<B> && !std::is_same_v<A, B>>> {
  using type =
      std::conditional_t<std::is_same_v<A, bool>, B,
                         std::conditional_t<std::is_same_v<B, bool>, A, std::common_type_t<A, B>>>;
};
template <class R1, class R2>
using common_key_t =
    typename common_key<key_t<range_value_t<const R1>>, key_t<range_value_t<const R2>>>::type;

// Labels given as floating-point numbers must be whole numbers: fractional
// values are scores, not labels.
template <class K>
void check_label_values(const char* name, const K* data, std::size_t n) {
  if constexpr (std::is_floating_point_v<K>) {
    for (std::size_t i = 0; i < n; ++i) {
      const K v = data[i];
      if (!std::isfinite(v))
        throw_invalid_argument(std::string(name) + " contains a non-finite label (" + to_text(v) +
                               " at index " + std::to_string(i) + ")");
      if (v != std::floor(v))
        throw_invalid_argument(std::string(name) + " contains a continuous value (" + to_text(v) +
                               " at index " + std::to_string(i) +
                               "): labels must be whole numbers");
    }
  } else {
    (void)name;
    (void)data;
    (void)n;
  }
}

// Weights must be finite and non-negative, one per sample, with a finite
// sum (so that no weighted count overflows); a one-shot metric (require_some)
// also needs one that is not zero. One branch-free pass finds whether
// anything is wrong; only then is the culprit looked for.
inline void check_weights(const double* w, std::size_t nw, std::size_t n,
                          bool require_some = false) {
  check_same_length("sample_weight", nw, "y_true", n);
  constexpr double top = (std::numeric_limits<double>::max)();
  bool any = false, bad = false;
  double largest = 0;
  for (std::size_t i = 0; i < nw; ++i) {
    any |= w[i] != 0;
    bad |= !(w[i] >= 0 && w[i] <= top);
    largest = w[i] > largest ? w[i] : largest;
  }
  if (bad) {
    for (std::size_t i = 0; i < nw; ++i) {
      if (!std::isfinite(w[i]))
        throw_invalid_argument("sample_weight contains a non-finite value (" + to_text(w[i]) +
                               " at index " + std::to_string(i) + ")");
      if (w[i] < 0)
        throw_invalid_argument("sample_weight contains a negative value (" + to_text(w[i]) +
                               " at index " + std::to_string(i) + ")");
    }
  }
  // n times the largest weight bounds the sum; add up only when it could
  // overflow.
  if (largest > top / static_cast<double>(nw > 0 ? nw : 1)) {
    double total = 0;
    for (std::size_t i = 0; i < nw; ++i) total += w[i];
    if (!std::isfinite(total))
      throw_invalid_argument("sample_weight sums past the largest double (" + std::to_string(nw) +
                             " weights, the largest " + to_text(largest) +
                             "): weighted counts would overflow; scale the weights down");
  }
  if (require_some && !any && nw > 0)
    throw_invalid_argument("sample_weight is zero for all " + std::to_string(nw) +
                           " samples: nothing to measure");
}

// The checked sample weights of an option pack (null when absent).
template <class... Opts>
const double* option_weights(std::size_t n, bool require_some, const Opts&... opts) {
  const sample_weight_option& w = get_weights(opts...);
  if (w.data() == nullptr && w.size() == 0) return nullptr;
  check_weights(w.data(), w.size(), n, require_some);
  return w.data();
}

// A pair of label arrays, adapted and checked for equal, non-zero length.
template <class K>
struct label_pair {
  key_span<K> y_true;
  key_span<K> y_pred;
  [[nodiscard]] std::size_t size() const noexcept { return y_true.size(); }
};

template <class R1, class R2>
label_pair<common_key_t<R1, R2>> adapt_pair(const R1& y_true, const R2& y_pred) {
  using K = common_key_t<R1, R2>;
  label_pair<K> p{make_keys<K>(y_true), make_keys<K>(y_pred)};
  check_same_length("y_true", p.y_true.size(), "y_pred", p.y_pred.size());
  check_not_empty("y_true", p.y_true.size());
  check_label_values("y_true", p.y_true.data(), p.y_true.size());
  check_label_values("y_pred", p.y_pred.data(), p.y_pred.size());
  return p;
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_INPUT_HPP
