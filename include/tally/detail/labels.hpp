// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_DETAIL_LABELS_HPP
#define TALLY_DETAIL_LABELS_HPP

// Label sets and label-to-index mapping.
//
// A label set is the sorted union of the labels seen (scikit-learn's
// unique_labels) or a list given by the user, in the user's order. Integer
// labels within a small range are found with a presence table, never by
// sorting the data; other labels go through a hash set and only the distinct
// values are sorted.

#include "../config.hpp"
#include "error.hpp"
#include "kernels.hpp"
#include "traits.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

TALLY_NAMESPACE_BEGIN
namespace detail {

template <class K>
struct key_hash {
  std::size_t operator()(const K& k) const noexcept {
    if constexpr (std::is_enum_v<K>)
      return std::hash<std::underlying_type_t<K>>{}(static_cast<std::underlying_type_t<K>>(k));
    else
      return std::hash<K>{}(k);
  }
};

// Whether integer-like keys can be indexed through a table of `range` slots.
inline bool small_range(std::uint64_t range, std::size_t n) noexcept {
  return range <= (std::uint64_t{1} << 16) || (range <= (std::uint64_t{1} << 24) && range <= 4 * n);
}

template <class K>
inline constexpr bool is_table_key_v = std::is_integral_v<K> || std::is_enum_v<K>;

template <class K>
auto key_as_int(K k) noexcept {
  if constexpr (std::is_enum_v<K>)
    return static_cast<std::underlying_type_t<K>>(k);
  else
    return k;
}

// Distance from lo to v for integer-like keys (v >= lo).
template <class K>
std::uint64_t key_offset(K v, K lo) noexcept {
  return static_cast<std::uint64_t>(key_as_int(v)) - static_cast<std::uint64_t>(key_as_int(lo));
}

/// An ordered list of distinct labels with a fast index lookup.
template <class K>
class label_set {
public:
  label_set() = default;

  /// The sorted distinct labels of the given arrays.
  static label_set infer(const K* a, std::size_t na, const K* b, std::size_t nb) {
    label_set s;
    if (na + nb == 0) return s;
    if constexpr (is_table_key_v<K>) {
      K lo{}, hi{}, lo2{}, hi2{};
      const bool has_a = na > 0, has_b = nb > 0;
      if (has_a) minmax(a, na, lo, hi);
      if (has_b) {
        minmax(b, nb, lo2, hi2);
        if (!has_a || lo2 < lo) lo = lo2;
        if (!has_a || hi < hi2) hi = hi2;
      }
      const std::uint64_t range = key_offset(hi, lo) + 1;
      if (range != 0 && small_range(range, na + nb)) {
        std::vector<std::uint8_t> seen(static_cast<std::size_t>(range), 0);
        for (std::size_t i = 0; i < na; ++i) seen[key_offset(a[i], lo)] = 1;
        for (std::size_t i = 0; i < nb; ++i) seen[key_offset(b[i], lo)] = 1;
        for (std::size_t r = 0; r < seen.size(); ++r)
          if (seen[r])
            s.values_.push_back(static_cast<K>(static_cast<std::uint64_t>(key_as_int(lo)) + r));
        s.build_index();
        return s;
      }
    }
    std::unordered_set<K, key_hash<K>> seen;
    for (std::size_t i = 0; i < na; ++i) seen.insert(a[i]);
    for (std::size_t i = 0; i < nb; ++i) seen.insert(b[i]);
    s.values_.assign(seen.begin(), seen.end());
    std::sort(s.values_.begin(), s.values_.end());
    s.build_index();
    return s;
  }

  /// A user's list, kept in the given order. Repeated labels are an error.
  static label_set given(std::vector<K> values, const char* what = "labels") {
    label_set s;
    s.values_ = std::move(values);
    s.build_index();
    if (s.duplicate_)
      throw_invalid_argument(std::string(what) + " contains a repeated label (" +
                             to_text(s.duplicate_value_) + ")");
    return s;
  }

  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }
  [[nodiscard]] bool empty() const noexcept { return values_.empty(); }
  [[nodiscard]] const K& operator[](std::size_t i) const noexcept { return values_[i]; }
  [[nodiscard]] const std::vector<K>& values() const noexcept { return values_; }

  /// The position of a label, or -1 when it is not in the set.
  [[nodiscard]] std::int32_t index_of(const K& k) const noexcept {
    if constexpr (is_table_key_v<K>) {
      if (use_table_) {
        if (k < lo_) return -1;
        const std::uint64_t off = key_offset(k, lo_);
        return off < table_.size() ? table_[static_cast<std::size_t>(off)] : -1;
      }
    }
    const auto it = map_.find(k);
    return it == map_.end() ? -1 : it->second;
  }
  [[nodiscard]] bool contains(const K& k) const noexcept { return index_of(k) >= 0; }

  /// True when the labels are lo, lo+1, ..., lo+size()-1 in that order, so
  /// a label's index is its distance from lo.
  [[nodiscard]] bool is_consecutive() const noexcept { return consecutive_; }
  [[nodiscard]] K first() const noexcept { return values_.empty() ? K{} : values_[0]; }

  /// Maps each label to its index (-1 when absent).
  void map(const K* in, std::size_t n, std::int32_t* out) const noexcept {
    if constexpr (is_table_key_v<K>) {
      if (use_table_) {
        const auto sz = static_cast<std::uint64_t>(table_.size());
        for (std::size_t i = 0; i < n; ++i) {
          const std::uint64_t off = key_offset(in[i], lo_);
          out[i] = (in[i] < lo_ || off >= sz) ? -1 : table_[static_cast<std::size_t>(off)];
        }
        return;
      }
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = index_of(in[i]);
  }

private:
  void build_index() {
    const std::size_t k = values_.size();
    if (k > static_cast<std::size_t>(INT32_MAX))
      throw_invalid_argument("too many distinct labels (" + std::to_string(k) + ")");
    consecutive_ = false;
    if constexpr (is_table_key_v<K>) {
      if (k > 0) {
        K lo = values_[0], hi = values_[0];
        for (const K& v : values_) {
          if (v < lo) lo = v;
          if (hi < v) hi = v;
        }
        const std::uint64_t range = key_offset(hi, lo) + 1;
        if (range != 0 && small_range(range, k)) {
          use_table_ = true;
          lo_ = lo;
          table_.assign(static_cast<std::size_t>(range), -1);
          for (std::size_t i = 0; i < k; ++i) {
            auto& slot = table_[key_offset(K(values_[i]), lo)];
            if (slot >= 0 && !duplicate_) duplicate_ = true, duplicate_value_ = K(values_[i]);
            slot = static_cast<std::int32_t>(i);
          }
          consecutive_ = range == k && values_[0] == lo;
          if (consecutive_)
            for (std::size_t i = 0; i < k; ++i)
              if (key_offset(K(values_[i]), lo) != i) consecutive_ = false;
          return;
        }
      }
    }
    map_.reserve(k);
    for (std::size_t i = 0; i < k; ++i) {
      const bool inserted = map_.emplace(values_[i], static_cast<std::int32_t>(i)).second;
      if (!inserted && !duplicate_) duplicate_ = true, duplicate_value_ = values_[i];
    }
  }

  std::vector<K> values_;
  std::unordered_map<K, std::int32_t, key_hash<K>> map_;
  std::vector<std::int32_t> table_;
  K lo_{};
  bool use_table_ = false;
  bool consecutive_ = false;
  bool duplicate_ = false;
  K duplicate_value_{};
};

// The user's labels option converted to keys of the data's type.
template <class K, class L>
std::vector<K> convert_labels(const std::vector<L>& values) {
  std::vector<K> out;
  out.reserve(values.size());
  for (const auto& v : values) {
    if constexpr (std::is_same_v<K, std::string_view>) {
      static_assert(is_string_like_v<L>, "tally: labels must be strings when the data are strings");
      out.emplace_back(v);
    } else {
      static_assert(!is_string_like_v<L>,
                    "tally: labels must not be strings when the data are not");
      out.push_back(static_cast<K>(v));
    }
  }
  return out;
}

} // namespace detail
TALLY_NAMESPACE_END

#endif // TALLY_DETAIL_LABELS_HPP
