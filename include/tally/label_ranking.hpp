// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_LABEL_RANKING_HPP
#define TALLY_LABEL_RANKING_HPP

// Multilabel ranking metrics with scikit-learn 1.9 semantics: how well each
// sample's scores rank its true labels above the others.
//
//   label_ranking_average_precision_score(y_true, y_score, opts...)
//   label_ranking_loss(y_true, y_score, opts...)
//   coverage_error(y_true, y_score, opts...)
//
// options: sample_weight. y_true is an n x L indicator matrix (a range of
// rows of 0/1 values, or tally::indicator(ptr, rows, cols)); y_score the
// n x L scores (a range of rows, or tally::row_major(data, L)). Ties among
// scores count against the ranking: a label tied with a true label ranks
// ahead of it. Each row is sorted once, O(L log L); nothing is quadratic in
// the number of labels.

#include "config.hpp"
#include "detail/error.hpp"
#include "detail/multilabel.hpp"
#include "detail/score_input.hpp"
#include "detail/sort.hpp"
#include "detail/traits.hpp"
#include "losses.hpp"
#include "options.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

TALLY_NAMESPACE_BEGIN

namespace detail {

// y_true and y_score of a label ranking metric, checked: same n x L shape,
// at least one sample, finite scores, and for coverage_error and
// label_ranking_loss at least two labels (one column is a binary target).
template <class T>
struct ranking_input {
  indicator_matrix y;
  score_array<T> s;
};

template <class Y, class S>
ranking_input<score_of_t<S>> ranking_input_of(const Y& y_true, const S& y_score, const char* fn,
                                              bool one_column_ok) {
  static_assert(is_2d_v<S>, "tally: y_score of a label ranking metric is an n x L matrix "
                            "(a range of rows or tally::row_major)");
  indicator_matrix y = adapt_indicator("y_true", y_true);
  check_not_empty("y_true", y.rows);
  if (y.cols == 0) throw_invalid_argument(std::string(fn) + ": y_true has no labels (columns)");
  ranking_input<score_of_t<S>> in{std::move(y), adapt_scores(y_score, "y_score")};
  if (in.y.rows != in.s.rows() || in.y.cols != in.s.cols())
    throw_invalid_argument(std::string(fn) + ": y_true is " + std::to_string(in.y.rows) + " x " +
                           std::to_string(in.y.cols) + ", y_score is " +
                           std::to_string(in.s.rows()) + " x " + std::to_string(in.s.cols()) +
                           " (they must have the same shape)");
  if (in.y.cols == 1 && !one_column_ok)
    throw_invalid_argument(std::string(fn) +
                           ": y_true has one column, a binary target; a multilabel indicator "
                           "matrix has two or more");
  check_finite("y_score", in.s.data(), in.s.size());
  return in;
}

// Walks row i's labels in decreasing score, one group of equal scores at a
// time: emit(true labels in the group, all labels in the group).
template <class T, class Emit>
void walk_row_groups(const ranking_input<T>& in, std::size_t i, std::vector<std::uint32_t>& order,
                     Emit&& emit) {
  const std::size_t L = in.y.cols;
  const T* s = in.s.data() + i * L;
  const std::uint8_t* y = in.y.cells.data() + i * L;
  order.resize(L);
  std::iota(order.begin(), order.end(), std::uint32_t{0});
  std::sort(order.begin(), order.end(), [s](std::uint32_t a, std::uint32_t b) {
    return s[b] < s[a]; // decreasing; ties in any order (they form one group)
  });
  for (std::size_t g = 0; g < L;) {
    std::size_t e = g;
    std::size_t trues = 0;
    for (; e < L && s[order[e]] == s[order[g]]; ++e) trues += y[order[e]] != 0;
    emit(trues, e - g);
    g = e;
  }
}

inline std::size_t true_count(const indicator_matrix& y, std::size_t i) noexcept {
  std::size_t c = 0;
  for (std::size_t j = 0; j < y.cols; ++j) c += y.cells[i * y.cols + j] != 0;
  return c;
}

} // namespace detail

/// Label ranking average precision: for each true label of a sample, the
/// share of true labels among the labels scored at least as high, averaged
/// over the sample's true labels, then over samples (weighted by
/// sample_weight). A sample with no true label or only true labels scores 1.
/// With sample weights that are all zero the result is NaN, as scikit-learn
/// divides by their sum. One column is accepted (every sample then scores 1).
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double label_ranking_average_precision_score(const Y& y_true, const S& y_score,
                                                           const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("label_ranking_average_precision_score", Opts,
                             detail::sample_weight_kind);
  const auto in =
      detail::ranking_input_of(y_true, y_score, "label_ranking_average_precision_score", true);
  const std::size_t n = in.y.rows, L = in.y.cols;
  const double* w = detail::checked_weights(n, opts...);
  std::vector<std::uint32_t> order;
  double out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t rel = detail::true_count(in.y, i);
    double aux = 1.0;
    if (rel != 0 && rel != L) {
      // Every true label of a group has the same rank (labels scored at
      // least as high: all groups so far) and the same count of true labels
      // ranked at least as high.
      double sum = 0;
      std::size_t seen = 0, seen_true = 0;
      detail::walk_row_groups(in, i, order, [&](std::size_t trues, std::size_t all) {
        seen += all;
        seen_true += trues;
        if (trues != 0)
          sum += static_cast<double>(trues) *
                 (static_cast<double>(seen_true) / static_cast<double>(seen));
      });
      aux = sum / static_cast<double>(rel);
    }
    out += w != nullptr ? aux * w[i] : aux;
  }
  if (w == nullptr) return out / static_cast<double>(n);
  const double total = detail::pairwise_sum(w, n);
  return total == 0 ? std::numeric_limits<double>::quiet_NaN() : out / total;
}

/// Label ranking loss: for each sample, the share of (true, false) label
/// pairs that the scores order wrongly (the false label scored at least as
/// high as the true one), averaged over samples (weighted by sample_weight).
/// A sample with no true label or no false label has loss 0. y_true needs
/// two or more columns.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double label_ranking_loss(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("label_ranking_loss", Opts, detail::sample_weight_kind);
  const auto in = detail::ranking_input_of(y_true, y_score, "label_ranking_loss", false);
  const std::size_t n = in.y.rows, L = in.y.cols;
  const double* w = detail::checked_weights(n, opts...);
  std::vector<std::uint32_t> order;
  std::vector<double> loss(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t pos = detail::true_count(in.y, i);
    if (pos == 0 || pos == L) continue;
    std::uint64_t wrong = 0, false_seen = 0;
    detail::walk_row_groups(in, i, order, [&](std::size_t trues, std::size_t all) {
      const std::size_t falses = all - trues;
      false_seen += falses;
      wrong += static_cast<std::uint64_t>(trues) * false_seen; // ties count as wrong
    });
    loss[i] =
        static_cast<double>(wrong) / (static_cast<double>(L - pos) * static_cast<double>(pos));
  }
  return detail::average_losses(loss, w, true);
}

/// Coverage error: for each sample, how many labels are scored at least as
/// high as its lowest-scored true label (how far down the ranking one must
/// go to cover every true label), 0 for a sample with no true label;
/// averaged over samples (weighted by sample_weight). The best value is the
/// mean number of true labels per sample. y_true needs two or more columns.
template <class Y, class S, class... Opts, TALLY_DETAIL_NOT_ITERATOR(Y)>
[[nodiscard]] double coverage_error(const Y& y_true, const S& y_score, const Opts&... opts) {
  TALLY_DETAIL_CHECK_OPTIONS("coverage_error", Opts, detail::sample_weight_kind);
  const auto in = detail::ranking_input_of(y_true, y_score, "coverage_error", false);
  const std::size_t n = in.y.rows, L = in.y.cols;
  const double* w = detail::checked_weights(n, opts...);
  using T = detail::score_of_t<S>;
  std::vector<double> cover(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const T* s = in.s.data() + i * L;
    const std::uint8_t* y = in.y.cells.data() + i * L;
    bool any = false;
    T lowest{};
    for (std::size_t j = 0; j < L; ++j)
      if (y[j] != 0 && (!any || s[j] < lowest)) lowest = s[j], any = true;
    if (!any) continue;
    std::size_t c = 0;
    for (std::size_t j = 0; j < L; ++j) c += s[j] >= lowest;
    cover[i] = static_cast<double>(c);
  }
  return detail::average_losses(cover, w, true);
}

TALLY_NAMESPACE_END

#endif // TALLY_LABEL_RANKING_HPP
