// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

#include <tally/label_ranking.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

namespace {

using rows_i = std::vector<std::vector<int>>;
using rows_d = std::vector<std::vector<double>>;

// Mean of per-row values, weighted when w is given.
double row_mean(const std::vector<double>& v, const std::vector<double>* w) {
  double out = 0, total = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double wi = w ? (*w)[i] : 1.0;
    out += v[i] * wi;
    total += wi;
  }
  return out / total;
}

// The definitions, one label pair at a time (quadratic in the labels).
double lrap_brute(const rows_i& y, const rows_d& s, const std::vector<double>* w) {
  std::vector<double> v(y.size(), 1.0);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const std::size_t L = y[i].size();
    std::size_t rel = 0;
    for (int t : y[i]) rel += t != 0;
    if (rel == 0 || rel == L) continue;
    double sum = 0;
    for (std::size_t r = 0; r < L; ++r) {
      if (!y[i][r]) continue;
      std::size_t rank = 0, above_true = 0;
      for (std::size_t j = 0; j < L; ++j) {
        if (s[i][j] >= s[i][r]) {
          ++rank;
          above_true += y[i][j] != 0;
        }
      }
      sum += static_cast<double>(above_true) / static_cast<double>(rank);
    }
    v[i] = sum / static_cast<double>(rel);
  }
  return row_mean(v, w);
}

double loss_brute(const rows_i& y, const rows_d& s, const std::vector<double>* w) {
  std::vector<double> v(y.size(), 0.0);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const std::size_t L = y[i].size();
    std::size_t pos = 0, wrong = 0;
    for (int t : y[i]) pos += t != 0;
    if (pos == 0 || pos == L) continue;
    for (std::size_t a = 0; a < L; ++a)
      for (std::size_t b = 0; b < L; ++b)
        if (y[i][a] && !y[i][b] && s[i][b] >= s[i][a]) ++wrong;
    v[i] = static_cast<double>(wrong) / static_cast<double>(pos * (L - pos));
  }
  return row_mean(v, w);
}

double coverage_brute(const rows_i& y, const rows_d& s, const std::vector<double>* w) {
  std::vector<double> v(y.size(), 0.0);
  for (std::size_t i = 0; i < y.size(); ++i) {
    // the smallest prefix of the ranking (ties taken whole) holding every true label
    std::size_t need = 0;
    for (std::size_t r = 0; r < y[i].size(); ++r) {
      if (!y[i][r]) continue;
      std::size_t c = 0;
      for (double x : s[i]) c += x >= s[i][r];
      need = c > need ? c : need;
    }
    v[i] = static_cast<double>(need);
  }
  return row_mean(v, w);
}

struct sample {
  rows_i y;
  rows_d s;
  std::vector<double> w;
};

sample random_sample(std::mt19937& rng, std::size_t n, std::size_t L, int levels) {
  std::uniform_int_distribution<int> bit(0, 1), lvl(0, levels - 1), wt(0, 6);
  sample d;
  d.y.assign(n, std::vector<int>(L));
  d.s.assign(n, std::vector<double>(L));
  d.w.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < L; ++j) {
      d.y[i][j] = bit(rng);
      d.s[i][j] = static_cast<double>(lvl(rng)) / static_cast<double>(levels);
    }
    d.w[i] = 0.25 * wt(rng);
  }
  d.w[0] += 1; // never all zero
  return d;
}

} // namespace

TEST_CASE("label ranking metrics match their pairwise definitions") {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    const std::size_t n = 1 + static_cast<std::size_t>(round % 9);
    const std::size_t L = 2 + static_cast<std::size_t>(round % 7);
    const int levels = round % 3 == 0 ? 3 : 1000; // many ties, or few
    const sample d = random_sample(rng, n, L, levels);
    CAPTURE(round);
    CHECK(tally::label_ranking_average_precision_score(d.y, d.s) ==
          doctest::Approx(lrap_brute(d.y, d.s, nullptr)).epsilon(1e-12));
    CHECK(tally::label_ranking_average_precision_score(d.y, d.s, tally::sample_weight(d.w)) ==
          doctest::Approx(lrap_brute(d.y, d.s, &d.w)).epsilon(1e-12));
    CHECK(tally::label_ranking_loss(d.y, d.s) ==
          doctest::Approx(loss_brute(d.y, d.s, nullptr)).epsilon(1e-12));
    CHECK(tally::label_ranking_loss(d.y, d.s, tally::sample_weight(d.w)) ==
          doctest::Approx(loss_brute(d.y, d.s, &d.w)).epsilon(1e-12));
    CHECK(tally::coverage_error(d.y, d.s) ==
          doctest::Approx(coverage_brute(d.y, d.s, nullptr)).epsilon(1e-12));
    CHECK(tally::coverage_error(d.y, d.s, tally::sample_weight(d.w)) ==
          doctest::Approx(coverage_brute(d.y, d.s, &d.w)).epsilon(1e-12));
  }
}

TEST_CASE("label ranking metrics: the documented examples") {
  // scikit-learn's documentation examples
  const rows_i y{{1, 0, 0}, {0, 0, 1}};
  const rows_d s{{0.75, 0.5, 1}, {1, 0.2, 0.1}};
  CHECK(tally::label_ranking_average_precision_score(y, s) == doctest::Approx(5.0 / 12.0));
  CHECK(tally::label_ranking_loss(y, s) == doctest::Approx(0.75));
  const rows_i yc{{1, 0, 0}, {0, 1, 1}};
  const rows_d sc{{1, 0, 0}, {0, 1, 1}};
  CHECK(tally::coverage_error(yc, sc) == doctest::Approx(1.5));
}

TEST_CASE("label ranking metrics: invariances") {
  std::mt19937 rng(11);
  for (int round = 0; round < 50; ++round) {
    const sample d = random_sample(rng, 6, 5, round % 2 ? 4 : 1000);
    // a strictly increasing map of the scores changes no ranking
    rows_d mapped = d.s;
    for (auto& r : mapped)
      for (double& v : r) v = std::exp(3 * v) - 7;
    // the labels (columns) in another order, the same in y_true and y_score
    rows_i yp = d.y;
    rows_d sp = d.s;
    for (std::size_t i = 0; i < d.y.size(); ++i)
      for (std::size_t j = 0; j < 5; ++j) {
        yp[i][j] = d.y[i][(j + 2) % 5];
        sp[i][j] = d.s[i][(j + 2) % 5];
      }
    // integer weights are repeated samples
    rows_i yr;
    rows_d sr;
    std::vector<double> wi(d.w.size());
    for (std::size_t i = 0; i < d.y.size(); ++i) {
      wi[i] = static_cast<double>(i % 3);
      for (std::size_t k = 0; k < i % 3; ++k) {
        yr.push_back(d.y[i]);
        sr.push_back(d.s[i]);
      }
    }
    const auto lrap = tally::label_ranking_average_precision_score(d.y, d.s);
    const auto loss = tally::label_ranking_loss(d.y, d.s);
    const auto cov = tally::coverage_error(d.y, d.s);
    CHECK(tally::label_ranking_average_precision_score(d.y, mapped) == doctest::Approx(lrap));
    CHECK(tally::label_ranking_loss(d.y, mapped) == doctest::Approx(loss));
    CHECK(tally::coverage_error(d.y, mapped) == doctest::Approx(cov));
    CHECK(tally::label_ranking_average_precision_score(yp, sp) == doctest::Approx(lrap));
    CHECK(tally::label_ranking_loss(yp, sp) == doctest::Approx(loss));
    CHECK(tally::coverage_error(yp, sp) == doctest::Approx(cov));
    CHECK(tally::label_ranking_average_precision_score(d.y, d.s, tally::sample_weight(wi)) ==
          doctest::Approx(tally::label_ranking_average_precision_score(yr, sr)));
    CHECK(tally::label_ranking_loss(d.y, d.s, tally::sample_weight(wi)) ==
          doctest::Approx(tally::label_ranking_loss(yr, sr)));
    CHECK(tally::coverage_error(d.y, d.s, tally::sample_weight(wi)) ==
          doctest::Approx(tally::coverage_error(yr, sr)));
  }
}

TEST_CASE("label ranking metrics: edge cases") {
  // rows with no true label or only true labels
  const rows_i y{{0, 0, 0}, {1, 1, 1}};
  const rows_d s{{0.1, 0.5, 0.2}, {0.3, 0.3, 0.9}};
  CHECK(tally::label_ranking_average_precision_score(y, s) == 1.0);
  CHECK(tally::label_ranking_loss(y, s) == 0.0);
  CHECK(tally::coverage_error(y, s) == doctest::Approx(1.5)); // 0 and 3
  // all scores tied: every pair is wrong, every label covers
  const rows_i y1{{1, 0, 0, 1}};
  const rows_d s1{{0.5, 0.5, 0.5, 0.5}};
  CHECK(tally::label_ranking_loss(y1, s1) == 1.0);
  CHECK(tally::coverage_error(y1, s1) == 4.0);
  CHECK(tally::label_ranking_average_precision_score(y1, s1) == 0.5);
  // one column: LRAP accepts it (every sample scores 1)
  const rows_i yc{{1}, {0}};
  const rows_d sc{{0.2}, {0.7}};
  CHECK(tally::label_ranking_average_precision_score(yc, sc) == 1.0);
  // all-zero weights: LRAP divides by their sum (NaN), the others refuse
  const std::vector<double> zero{0, 0};
  CHECK(std::isnan(tally::label_ranking_average_precision_score(y, s, tally::sample_weight(zero))));
  CHECK_THROWS_AS(static_cast<void>(tally::coverage_error(y, s, tally::sample_weight(zero))),
                  std::invalid_argument);
  // float scores and flat row-major views
  const std::vector<float> flat{0.75F, 0.5F, 1.0F, 1.0F, 0.2F, 0.1F};
  const std::vector<int> yflat{1, 0, 0, 0, 0, 1};
  CHECK(tally::label_ranking_loss(tally::indicator(yflat.data(), 2, 3),
                                  tally::row_major(flat.data(), 2, 3)) == doctest::Approx(0.75));
}
