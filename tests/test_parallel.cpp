// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

#include <tally/parallel.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

namespace {

template <class T>
void make_labels(std::vector<T>& t, std::vector<T>& p, std::size_t n, std::uint64_t k,
                 std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  t.resize(n);
  p.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = static_cast<T>(rng() % k);
    p[i] = (rng() % 5u) ? t[i] : static_cast<T>(rng() % k);
  }
}

} // namespace

TEST_CASE("parallel_count_binary equals one thread and a naive count for any thread count") {
  std::vector<std::uint8_t> t, p;
  const std::size_t n = 5 * tally::parallel_min_per_thread + 123;
  make_labels(t, p, n, 2, 1);
  tally::binary_counts<> naive;
  for (std::size_t i = 0; i < n; ++i) {
    if (t[i] == 1 && p[i] == 1)
      ++naive.tp;
    else if (p[i] == 1)
      ++naive.fp;
    else if (t[i] == 1)
      ++naive.fn;
    else
      ++naive.tn;
  }
  for (unsigned threads : {1u, 2u, 3u, 4u, 7u, 0u}) {
    CAPTURE(threads);
    CHECK(tally::parallel_count_binary(t, p, 1, threads) == naive);
  }
  // small inputs run on the calling thread and still count
  std::vector<std::uint8_t> st(t.begin(), t.begin() + 10), sp(p.begin(), p.begin() + 10);
  CHECK(tally::parallel_count_binary(st, sp, 1, 4).total() == 10);
}

TEST_CASE("parallel_confusion_matrix equals one thread and a naive count") {
  for (std::size_t k : {std::size_t{2}, std::size_t{10}, std::size_t{300}}) {
    std::vector<std::int32_t> t, p;
    const std::size_t n = 3 * tally::parallel_min_per_thread + 77;
    make_labels(t, p, n, k, k);
    tally::matrix<> naive(k);
    for (std::size_t i = 0; i < n; ++i)
      ++naive(static_cast<std::size_t>(t[i]), static_cast<std::size_t>(p[i]));
    for (unsigned threads : {1u, 2u, 3u, 0u}) {
      CAPTURE(k);
      CAPTURE(threads);
      const auto m = tally::parallel_confusion_matrix(t, p, k, threads);
      REQUIRE(m.n_classes() == k);
      CHECK(std::vector<std::uint64_t>(m.begin(), m.end()) ==
            std::vector<std::uint64_t>(naive.begin(), naive.end()));
    }
  }
}

TEST_CASE("parallel_confusion_matrix rejects labels outside [0, n_classes) in any part") {
  std::vector<std::int64_t> t, p;
  const std::size_t n = 4 * tally::parallel_min_per_thread;
  make_labels(t, p, n, 4, 3);
  t[n - 5] = 4;
  CHECK_THROWS_AS((void)tally::parallel_confusion_matrix(t, p, 4, 3), std::out_of_range);
  t[n - 5] = 0;
  p[7] = -1;
  CHECK_THROWS_WITH_AS((void)tally::parallel_confusion_matrix(t, p, 4, 2),
                       doctest::Contains("y_pred[7] = -1"), std::out_of_range);
  std::vector<std::int64_t> shorter(t.begin(), t.end() - 1);
  CHECK_THROWS_AS((void)tally::parallel_confusion_matrix(shorter, p, 4, 2), std::invalid_argument);
  CHECK_THROWS_AS((void)tally::parallel_confusion_matrix(t, p, 0, 2), std::invalid_argument);
}

TEST_CASE("parallel_reduce adds the parts in order") {
  const std::size_t n = 3 * tally::parallel_min_per_thread + 5;
  const auto sum =
      tally::parallel_reduce<std::uint64_t>(n, 3, [](std::size_t b, std::size_t e) noexcept {
        std::uint64_t s = 0;
        for (std::size_t i = b; i < e; ++i) s += i;
        return s;
      });
  CHECK(sum == static_cast<std::uint64_t>(n) * (n - 1) / 2);
}
