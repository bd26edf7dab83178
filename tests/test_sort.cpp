// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/detail/sort.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

namespace d = tally::detail;

TEST_CASE_TEMPLATE("ordered_bits preserves the order and equality of scores", T, float, double) {
  const T inf = std::numeric_limits<T>::infinity();
  const T den = std::numeric_limits<T>::denorm_min();
  std::vector<T> v = {-inf,
                      -(std::numeric_limits<T>::max)(),
                      T(-1.5),
                      T(-1),
                      -den,
                      T(-0.0),
                      T(0.0),
                      den,
                      (std::numeric_limits<T>::min)(),
                      T(0.25),
                      T(1),
                      T(1e30),
                      (std::numeric_limits<T>::max)(),
                      inf};
  std::mt19937 rng(7);
  std::normal_distribution<double> nd(0.0, 100.0);
  for (int i = 0; i < 500; ++i) v.push_back(static_cast<T>(nd(rng)));
  for (T a : v) {
    CHECK(d::from_ordered_bits<T>(d::ordered_bits(a)) == a);
    CHECK(d::from_descending_key<T>(d::descending_key(a)) == a);
    for (T b : v) {
      CHECK((a < b) == (d::ordered_bits(a) < d::ordered_bits(b)));
      CHECK((a == b) == (d::ordered_bits(a) == d::ordered_bits(b))); // -0 == +0
      CHECK((a > b) == (d::descending_key(a) < d::descending_key(b)));
    }
  }
}

template <class K>
std::vector<K> make_keys(std::size_t n, int kind, std::mt19937_64& rng) {
  std::vector<K> v(n);
  for (auto& k : v) {
    const auto r = rng();
    switch (kind) {
    case 0:
      k = static_cast<K>(r);
      break; // full width
    case 1:
      k = static_cast<K>(r % 7);
      break; // heavy ties
    case 2:
      k = static_cast<K>(42);
      break; // all equal
    case 3:
      k = static_cast<K>((r % 1000) << 20);
      break; // clustered high bits
    default:
      k = static_cast<K>(r >> (r % 60));
      break; // skewed magnitudes
    }
  }
  return v;
}

TEST_CASE_TEMPLATE("radix_sort sorts like std::sort", K, std::uint32_t, std::uint64_t) {
  std::mt19937_64 rng(11);
  const std::size_t sizes[] = {0,  1,  2,   3,   4,   5,   15,   16,    17,    63,
                               64, 65, 100, 511, 512, 513, 5000, 70000, 300000};
  for (std::size_t n : sizes) {
    for (int kind = 0; kind < 5; ++kind) {
      std::vector<K> a = make_keys<K>(n, kind, rng);
      std::vector<K> b = a;
      std::vector<K> scratch;
      d::radix_sort(a.data(), a.size(), scratch);
      std::sort(b.begin(), b.end());
      CHECK_MESSAGE(a == b, "n=" << n << " kind=" << kind);
    }
  }
}

TEST_CASE("radix_sort of scores' keys sorts scores descending") {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> s(200000);
  for (auto& x : s) x = std::round(u(rng) * 1e4) / 1e4; // many ties
  std::vector<std::uint64_t> k(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) k[i] = d::descending_key(s[i]);
  std::vector<std::uint64_t> scratch;
  d::radix_sort(k.data(), k.size(), scratch);
  std::vector<double> back(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) back[i] = d::from_descending_key<double>(k[i]);
  std::sort(s.begin(), s.end(), [](double a, double b) { return a > b; });
  CHECK(back == s);
}

TEST_CASE("radix_sort with a payload is stable") {
  std::mt19937_64 rng(5);
  for (std::size_t n : {std::size_t{10}, std::size_t{600}, std::size_t{50000}}) {
    std::vector<std::uint64_t> k(n);
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) {
      k[i] = rng() % 97;
      v[i] = static_cast<double>(i);
    }
    std::vector<std::pair<std::uint64_t, double>> ref(n);
    for (std::size_t i = 0; i < n; ++i) ref[i] = {k[i], v[i]};
    std::stable_sort(ref.begin(), ref.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::uint64_t> ks;
    std::vector<double> vs;
    d::radix_sort(k.data(), v.data(), n, ks, vs);
    bool same = true;
    for (std::size_t i = 0; i < n; ++i)
      same = same && k[i] == ref[i].first && v[i] == ref[i].second;
    CHECK(same);
  }
}

TEST_CASE("merge_runs reports cumulative counts at every distinct key") {
  const std::vector<std::uint32_t> pos = {1, 1, 3, 7};
  const std::vector<std::uint32_t> neg = {0, 1, 3, 3, 9};
  std::vector<std::uint32_t> keys;
  std::vector<std::uint64_t> tps, fps;
  d::merge_runs(pos.data(), pos.size(), neg.data(), neg.size(),
                [&](std::uint32_t k, std::uint64_t tp, std::uint64_t fp) {
                  keys.push_back(k);
                  tps.push_back(tp);
                  fps.push_back(fp);
                });
  CHECK(keys == std::vector<std::uint32_t>{0, 1, 3, 7, 9});
  CHECK(tps == std::vector<std::uint64_t>{0, 2, 3, 4, 4});
  CHECK(fps == std::vector<std::uint64_t>{1, 2, 4, 4, 5});

  const std::vector<double> pw = {0.5, 0.25, 2, 1};
  const std::vector<double> nw = {1, 1, 0.5, 0.5, 3};
  std::vector<double> wt, wf;
  d::merge_runs_weighted(pos.data(), pw.data(), pos.size(), neg.data(), nw.data(), neg.size(),
                         [&](std::uint32_t, double tp, double fp) {
                           wt.push_back(tp);
                           wf.push_back(fp);
                         });
  CHECK(wt == std::vector<double>{0, 0.75, 2.75, 3.75, 3.75});
  CHECK(wf == std::vector<double>{1, 2, 3, 3, 6});
}

TEST_CASE("pairwise_sum follows NumPy's summation order") {
  // NumPy 1.24: np.sum(np.arange(1, 20) / 7) == 27.142857142857146, while a
  // left-to-right sum gives 27.142857142857142 (reference notes, B.0).
  std::vector<double> x;
  for (int i = 1; i < 20; ++i) x.push_back(i / 7.0);
  CHECK(d::pairwise_sum(x.data(), x.size()) == 27.142857142857146);
  double seq = 0;
  for (double v : x) seq += v;
  CHECK(seq == 27.142857142857142);
  // Large arrays: recursion at a multiple of 8, exact for integers.
  std::vector<double> y(1001);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = static_cast<double>(i);
  CHECK(d::pairwise_sum(y.data(), y.size()) == 500500.0);
  CHECK(d::pairwise_sum(y.data(), 0) == 0.0);
}
