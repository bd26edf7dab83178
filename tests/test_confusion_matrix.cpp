// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/confusion_matrix.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <deque>
#include <forward_list>
#include <iterator>
#include <list>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

enum class fruit : std::int16_t { apple = -3, pear = 1, plum = 7 };

// Reference: a map-based count over the sorted union of labels.
template <class L>
std::map<std::pair<L, L>, std::uint64_t> naive_count(const std::vector<L>& t,
                                                     const std::vector<L>& p) {
  std::map<std::pair<L, L>, std::uint64_t> m;
  for (std::size_t i = 0; i < t.size(); ++i) ++m[{t[i], p[i]}];
  return m;
}

template <class L>
void check_against_naive(const std::vector<L>& t, const std::vector<L>& p) {
  const auto lm = tally::count_matrix(t, p);
  const auto ref = naive_count(t, p);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < lm.labels.size(); ++i) {
    if (i > 0) CHECK(lm.labels[i - 1] < lm.labels[i]);
    for (std::size_t j = 0; j < lm.labels.size(); ++j) {
      const auto it = ref.find({L(lm.labels[i]), L(lm.labels[j])});
      const std::uint64_t expect = it == ref.end() ? 0 : it->second;
      CHECK(lm.counts(i, j) == expect);
      total += lm.counts(i, j);
    }
  }
  CHECK(total == t.size());
}

} // namespace

TEST_CASE("binary counts follow pos_label") {
  const std::vector<int> t{0, 1, 1, 0, 1, 1}, p{0, 1, 0, 1, 1, 1};
  const auto c = tally::count_binary(t, p);
  CHECK(c == tally::binary_counts<>{3, 1, 1, 1});
  const auto c0 = tally::count_binary(t, p, tally::pos_label(0));
  CHECK(c0 == tally::binary_counts<>{1, 1, 1, 3});
  const auto w = tally::count_binary(t, p, tally::sample_weight({1, 2, 3, 4, 5, 6}));
  CHECK(w.tp == 13.0);
  CHECK(w.fp == 4.0);
  CHECK(w.fn == 3.0);
  CHECK(w.tn == 1.0);
}

TEST_CASE("the matrix layout: rows true, columns predicted, sorted labels") {
  const std::vector<int> t{2, 0, 2, 2, 0, 1}, p{0, 0, 2, 2, 0, 2};
  const auto m = tally::confusion_matrix(t, p);
  REQUIRE(m.n_classes() == 3);
  const std::uint64_t expect[3][3] = {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) CHECK(m(std::size_t(i), std::size_t(j)) == expect[i][j]);
  CHECK(m.at(2, 0) == 1);
  CHECK_THROWS_AS((void)m.at(3, 0), std::out_of_range);
}

TEST_CASE("labels option: order kept, unlisted samples dropped, absent labels kept") {
  const std::vector<std::string> t{"cat", "ant", "cat", "cat", "ant", "bird"};
  const std::vector<std::string> p{"ant", "ant", "cat", "cat", "ant", "cat"};
  const auto lm = tally::count_matrix(t, p, tally::labels({"cat", "ant", "dog"}));
  REQUIRE(lm.labels == std::vector<std::string>{"cat", "ant", "dog"});
  CHECK(lm.counts(0, 0) == 2);
  CHECK(lm.counts(0, 1) == 1);
  CHECK(lm.counts(1, 1) == 2);
  CHECK(lm.counts.total() == 5); // the bird sample is dropped
  CHECK(lm.counts.true_count(2) == 0);
  CHECK_THROWS_WITH_AS((void)tally::count_matrix(t, p, tally::labels({"dog", "emu"})),
                       "labels ['dog', 'emu'] matches no label in y_true", std::invalid_argument);
  CHECK_THROWS_AS((void)tally::count_matrix(t, p, tally::labels(std::vector<std::string>{})),
                  std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::count_matrix(t, p, tally::labels({"cat", "cat"})),
                       "labels contains a repeated label ('cat')", std::invalid_argument);
}

TEST_CASE("integer labels outside a consecutive label list are dropped, not written") {
  const std::vector<int> t{0, 1, 2, 5, -4, 1}, p{0, 1, 1, 1, 0, 9};
  const auto lm = tally::count_matrix(t, p, tally::labels({0, 1, 2}));
  CHECK(lm.counts.total() == 3);
  CHECK(lm.counts(2, 1) == 1);
}

TEST_CASE("normalize") {
  const std::vector<int> t{0, 0, 1}, p{0, 1, 1};
  const auto w = tally::confusion_matrix(t, p, tally::sample_weight({0.5, 2.0, 1.0}));
  CHECK(w(0, 0) == 0.5);
  CHECK(w(0, 1) == 2.0);
  CHECK(w(1, 0) == 0.0);
  CHECK(w(1, 1) == 1.0);
  const auto rows = tally::confusion_matrix(t, p, tally::normalize::over_true);
  CHECK(rows(0, 0) == 0.5);
  CHECK(rows(1, 1) == 1.0);
  const auto cols = tally::confusion_matrix(t, p, tally::normalize::over_pred);
  CHECK(cols(0, 1) == 0.5);
  CHECK(cols(0, 0) == 1.0);
  const auto all = tally::confusion_matrix(t, p, tally::normalize::over_all);
  CHECK(all(0, 1) == doctest::Approx(1.0 / 3));
  // a zero row stays zero
  const auto zero_row =
      tally::confusion_matrix(t, p, tally::labels({0, 1, 2}), tally::normalize::over_true);
  CHECK(zero_row(2, 2) == 0.0);
}

TEST_CASE_TEMPLATE("label types: every integer width, bool, float", L, bool, char, signed char,
                   unsigned char, std::int16_t, std::uint16_t, std::int32_t, std::uint32_t,
                   std::int64_t, std::uint64_t, float, double) {
  std::mt19937 rng(42);
  for (std::size_t n : {1u, 2u, 7u, 64u, 65u, 1000u, 5000u}) {
    std::vector<L> t(n), p(n);
    for (std::size_t i = 0; i < n; ++i) {
      if constexpr (std::is_same_v<L, bool>) {
        t[i] = rng() % 2;
        p[i] = rng() % 2;
      } else {
        t[i] = static_cast<L>(rng() % 5);
        p[i] = static_cast<L>(rng() % 5);
      }
    }
    check_against_naive(t, p);
  }
}

TEST_CASE("negative, sparse and extreme integer labels") {
  const std::vector<std::int64_t> t{INT64_MIN, -5, 1000000000000, 7, -5, INT64_MAX};
  const std::vector<std::int64_t> p{-5, -5, 7, 7, INT64_MIN, INT64_MAX};
  check_against_naive(t, p);
  const std::vector<std::int8_t> a{-128, 127, 0, -128}, b{127, 127, -128, 0};
  check_against_naive(a, b);
}

TEST_CASE("enum labels") {
  const std::vector<fruit> t{fruit::plum, fruit::apple, fruit::pear, fruit::apple};
  const std::vector<fruit> p{fruit::plum, fruit::pear, fruit::pear, fruit::apple};
  const auto lm = tally::count_matrix(t, p);
  REQUIRE(lm.labels == std::vector<fruit>{fruit::apple, fruit::pear, fruit::plum});
  CHECK(lm.counts(0, 1) == 1);
  CHECK(lm.counts.trace() == 3);
  const auto c = tally::count_binary(t, p, tally::pos_label(fruit::plum));
  CHECK(c == tally::binary_counts<>{1, 0, 0, 3});
}

TEST_CASE("string-like labels compare as strings") {
  const char a1[] = "yes", a2[] = "yes", b1[] = "no";
  const std::vector<const char*> t{a1, b1, a2};
  const std::vector<std::string_view> p{"yes", "yes", "no"};
  const std::vector<std::string> s{"yes", "no", "yes"};
  const auto c = tally::count_binary(t, s, tally::pos_label("yes"));
  CHECK(c == tally::binary_counts<>{2, 0, 0, 1});
  const auto lm = tally::count_matrix(s, p);
  CHECK(lm.labels == std::vector<std::string>{"no", "yes"});
  CHECK(lm.counts(1, 0) == 1);
}

TEST_CASE("iterator categories give the same counts") {
  const std::vector<int> t{1, 0, 2, 1, 1, 0, 2, 2}, p{1, 0, 1, 1, 0, 0, 2, 1};
  const auto ref = tally::confusion_matrix(t, p);
  const std::list<int> lt(t.begin(), t.end()), lp(p.begin(), p.end());
  const std::deque<int> dt(t.begin(), t.end()), dp(p.begin(), p.end());
  const std::forward_list<int> ft(t.begin(), t.end()), fp(p.begin(), p.end());
  CHECK(tally::confusion_matrix(lt, lp) == ref);
  CHECK(tally::confusion_matrix(dt, dp) == ref);
  CHECK(tally::confusion_matrix(ft, fp) == ref);
  CHECK(tally::confusion_matrix(t.data(), t.data() + t.size(), p.data(), p.data() + p.size()) ==
        ref);
  CHECK(tally::confusion_matrix(lt.begin(), lt.end(), dp.begin(), dp.end()) == ref);
  std::istringstream st("1 0 2 1 1 0 2 2"), sp("1 0 1 1 0 0 2 1");
  CHECK(tally::confusion_matrix(std::istream_iterator<int>(st), std::istream_iterator<int>(),
                                std::istream_iterator<int>(sp),
                                std::istream_iterator<int>()) == ref);
  int at[8], ap[8];
  std::copy(t.begin(), t.end(), at);
  std::copy(p.begin(), p.end(), ap);
  CHECK(tally::confusion_matrix(at, ap) == ref);
  const std::array<int, 8> rt{1, 0, 2, 1, 1, 0, 2, 2}, rp{1, 0, 1, 1, 0, 0, 2, 1};
  CHECK(tally::confusion_matrix(rt, rp) == ref);
  const std::vector<bool> bt{true, false, true}, bp{true, true, true};
  CHECK(tally::count_binary(bt, bp, tally::pos_label(true)) == tally::binary_counts<>{2, 1, 0, 0});
}

TEST_CASE("weights equal to repeated samples") {
  std::mt19937 rng(7);
  std::vector<int> t, p, rt, rp;
  std::vector<double> w;
  for (int i = 0; i < 300; ++i) {
    const int a = int(rng() % 4), b = int(rng() % 4), k = int(rng() % 4);
    t.push_back(a);
    p.push_back(b);
    w.push_back(k);
    for (int j = 0; j < k; ++j) rt.push_back(a), rp.push_back(b);
  }
  const auto weighted =
      tally::confusion_matrix(t, p, tally::sample_weight(w), tally::labels({0, 1, 2, 3}));
  const auto repeated = tally::confusion_matrix(rt, rp, tally::labels({0, 1, 2, 3}));
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) CHECK(weighted(i, j) == double(repeated(i, j)));
}

TEST_CASE("permutation invariance") {
  std::mt19937 rng(3);
  std::vector<int> t(500), p(500);
  for (auto& v : t) v = int(rng() % 6) - 2;
  for (auto& v : p) v = int(rng() % 6) - 2;
  const auto ref = tally::confusion_matrix(t, p);
  std::vector<std::size_t> idx(t.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::shuffle(idx.begin(), idx.end(), rng);
  std::vector<int> st, sp;
  for (auto i : idx) st.push_back(t[i]), sp.push_back(p[i]);
  CHECK(tally::confusion_matrix(st, sp) == ref);
}

TEST_CASE("merging matrices") {
  tally::matrix<> a(2), b(2), c(3);
  a(0, 1) = 2;
  b(0, 1) = 3;
  a += b;
  CHECK(a(0, 1) == 5);
  CHECK_THROWS_WITH_AS(a += c, "matrix +=: shapes differ, 2 x 2 and 3 x 3", std::invalid_argument);
  tally::binary_counts<> x{1, 2, 3, 4}, y{1, 1, 1, 1};
  x += y;
  CHECK(x == tally::binary_counts<>{2, 3, 4, 5});
}

TEST_CASE("bad input") {
  const std::vector<int> three{0, 1, 1}, two{0, 1};
  CHECK_THROWS_WITH_AS((void)tally::confusion_matrix(three, two),
                       "y_true has 3 elements, y_pred has 2", std::invalid_argument);
  const std::vector<int> empty;
  CHECK_THROWS_AS((void)tally::confusion_matrix(empty, empty), std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::count_binary(three, three, tally::sample_weight({1.0, 2.0})),
                       "sample_weight has 2 elements, y_true has 3", std::invalid_argument);
  CHECK_THROWS_AS((void)tally::count_binary(three, three, tally::sample_weight({1.0, -2.0, 1.0})),
                  std::invalid_argument);
  CHECK_THROWS_AS(
      (void)tally::count_binary(three, three, tally::sample_weight({1.0, std::nan(""), 1.0})),
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      (void)tally::confusion_matrix(three, three, tally::sample_weight({0.0, 0.0, 0.0})),
      "sample_weight is zero for all 3 samples: nothing to measure", std::invalid_argument);
  const std::vector<double> frac{0.5, 1.0};
  CHECK_THROWS_WITH_AS((void)tally::confusion_matrix(frac, frac),
                       "y_true contains a continuous value (0.5 at index 0): labels must be "
                       "whole numbers",
                       std::invalid_argument);
}
