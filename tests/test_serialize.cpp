// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#include <tally/serialize.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using bytes = std::vector<std::uint8_t>;

template <class V>
std::vector<V> slice(const std::vector<V>& v, std::size_t from, std::size_t to) {
  return std::vector<V>(v.begin() + static_cast<std::ptrdiff_t>(from),
                        v.begin() + static_cast<std::ptrdiff_t>(to));
}

// The documented checksum, written out independently.
std::uint64_t fnv(const bytes& b, std::size_t n) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}
void put64(bytes& b, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
// Recomputes the trailing hash after a deliberate edit of the payload, so
// that the semantic checks behind the hash are reached.
void rehash(bytes& b) {
  const std::size_t body = b.size() - 8;
  const std::uint64_t h = fnv(b, body);
  for (int i = 0; i < 8; ++i)
    b[body + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(h >> (8 * i));
}

struct data_set {
  std::vector<int> t, p, y01;
  std::vector<double> s, w;
  std::vector<std::vector<int>> rows_t, rows_p;
};

data_set make_data(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> lab(0, 4);
  std::uniform_int_distribution<int> q(0, 12);
  data_set d;
  for (std::size_t i = 0; i < n; ++i) {
    d.t.push_back(lab(rng));
    d.p.push_back(lab(rng) == 0 ? d.t.back() : lab(rng));
    d.y01.push_back(d.t.back() == 1 ? 1 : 0);
    d.s.push_back(q(rng) / 12.0 + (d.y01.back() ? 0.25 : 0.0) + lab(rng) * 1e-3);
    d.w.push_back(q(rng) * 0.125); // dyadic: sums are exact in any order
    d.rows_t.push_back({lab(rng) % 2, lab(rng) % 2, lab(rng) % 2});
    d.rows_p.push_back({lab(rng) % 2, d.rows_t.back()[1], lab(rng) % 2});
  }
  return d;
}

// Every accumulator kind, fed the samples [from, to).
struct all_accumulators {
  tally::binary_accumulator<> binary;
  tally::binary_accumulator<double> binary_w;
  tally::matrix_accumulator<int> matrix;
  tally::matrix_accumulator<int, double> matrix_w{0, 1, 2, 3, 4};
  tally::multilabel_accumulator<> multilabel;
  tally::curve_accumulator<> curve;
  tally::curve_accumulator<double> curve_w;
  tally::binned_curve_accumulator<> binned{64};

  void update(const data_set& d, std::size_t from, std::size_t to) {
    const auto t = slice(d.t, from, to), p = slice(d.p, from, to), y = slice(d.y01, from, to);
    const auto s = slice(d.s, from, to), w = slice(d.w, from, to);
    binary.update(t, p);
    binary_w.update(t, p, w);
    matrix.update(t, p);
    matrix_w.update(t, p, w);
    multilabel.update(slice(d.rows_t, from, to), slice(d.rows_p, from, to));
    curve.update(y, s);
    curve_w.update(y, s, w);
    binned.update(y, s);
  }
  void merge(const all_accumulators& o) {
    binary += o.binary;
    binary_w += o.binary_w;
    matrix += o.matrix;
    matrix_w += o.matrix_w;
    multilabel += o.multilabel;
    curve += o.curve;
    curve_w += o.curve_w;
    binned += o.binned;
  }
  // A trip through bytes, as between processes.
  [[nodiscard]] all_accumulators round_trip() const {
    all_accumulators r;
    r.binary = tally::deserialize<decltype(binary)>(tally::serialize(binary));
    r.binary_w = tally::deserialize<decltype(binary_w)>(tally::serialize(binary_w));
    r.matrix = tally::deserialize<decltype(matrix)>(tally::serialize(matrix));
    r.matrix_w = tally::deserialize<decltype(matrix_w)>(tally::serialize(matrix_w));
    r.multilabel = tally::deserialize<decltype(multilabel)>(tally::serialize(multilabel));
    r.curve = tally::deserialize<decltype(curve)>(tally::serialize(curve));
    r.curve_w = tally::deserialize<decltype(curve_w)>(tally::serialize(curve_w));
    r.binned = tally::deserialize<decltype(binned)>(tally::serialize(binned));
    return r;
  }
  [[nodiscard]] std::vector<bytes> all_bytes() const {
    return {tally::serialize(binary),   tally::serialize(binary_w),   tally::serialize(matrix),
            tally::serialize(matrix_w), tally::serialize(multilabel), tally::serialize(curve),
            tally::serialize(curve_w),  tally::serialize(binned)};
  }
  [[nodiscard]] std::vector<double> metrics() const {
    return {binary.f1(),
            binary.mcc(),
            binary_w.precision(),
            matrix.f1(tally::average::macro),
            matrix.cohen_kappa(),
            matrix_w.recall(tally::average::weighted),
            multilabel.f1(tally::average::micro),
            multilabel.hamming_loss(),
            curve.roc_auc(),
            curve.average_precision(),
            curve_w.roc_auc(),
            curve_w.average_precision(),
            binned.roc_auc(),
            binned.average_precision()};
  }
};

void check_same(const all_accumulators& a, const all_accumulators& b) {
  CHECK(a.binary == b.binary);
  CHECK(a.binary_w == b.binary_w);
  CHECK(a.matrix == b.matrix);
  CHECK(a.matrix_w == b.matrix_w);
  CHECK(a.multilabel == b.multilabel);
  CHECK(a.curve == b.curve);
  CHECK(a.curve_w == b.curve_w);
  CHECK(a.binned == b.binned);
  CHECK(a.all_bytes() == b.all_bytes()); // the byte form is canonical
  const auto ma = a.metrics(), mb = b.metrics();
  for (std::size_t i = 0; i < ma.size(); ++i) // bit for bit (NaN for empty states)
    CHECK((ma[i] == mb[i] || (std::isnan(ma[i]) && std::isnan(mb[i]))));
}

} // namespace

TEST_CASE("property: results do not depend on how the data were split") {
  const std::size_t n = 600;
  const data_set d = make_data(n, 2026);
  all_accumulators reference;
  reference.update(d, 0, n);
  for (unsigned trial = 0; trial < 12; ++trial) {
    CAPTURE(trial);
    std::mt19937 rng(trial);
    // random shard boundaries; each shard in random batches (empty ones too)
    std::uniform_int_distribution<std::size_t> n_shards(1, 7);
    std::vector<std::size_t> bounds{0, n};
    for (std::size_t k = n_shards(rng); k > 1; --k)
      bounds.push_back(std::uniform_int_distribution<std::size_t>(0, n)(rng));
    std::sort(bounds.begin(), bounds.end());
    std::vector<all_accumulators> shards(bounds.size() - 1);
    for (std::size_t k = 0; k + 1 < bounds.size(); ++k) {
      std::size_t at = bounds[k];
      while (at < bounds[k + 1]) {
        const std::size_t len = std::uniform_int_distribution<std::size_t>(0, 90)(rng);
        const std::size_t end = (std::min)(bounds[k + 1], at + len);
        shards[k].update(d, at, end);
        at = end;
      }
    }
    // merged in a random order, some shards through their byte form
    std::shuffle(shards.begin(), shards.end(), rng);
    all_accumulators total;
    for (const auto& sh : shards) total.merge(trial % 2 ? sh.round_trip() : sh);
    check_same(total, reference);
  }
  // threads
  for (unsigned threads : {2u, 3u, 5u}) {
    all_accumulators par;
    tally::parallel_update(par.binary, d.t, d.p, threads);
    tally::parallel_update(par.binary_w, d.t, d.p, d.w, threads);
    tally::parallel_update(par.matrix, d.t, d.p, threads);
    tally::parallel_update(par.matrix_w, d.t, d.p, d.w, threads);
    tally::parallel_update(par.multilabel, d.rows_t, d.rows_p, threads);
    tally::parallel_update(par.curve, d.y01, d.s, threads);
    tally::parallel_update(par.curve_w, d.y01, d.s, d.w, threads);
    tally::parallel_update(par.binned, d.y01, d.s, threads);
    check_same(par, reference);
  }
}

TEST_CASE("serialize: round trip of every accumulator") {
  const data_set d = make_data(200, 1);
  all_accumulators a;
  a.update(d, 0, 200);
  check_same(a.round_trip(), a);
  all_accumulators empty;
  check_same(empty.round_trip(), empty);

  tally::matrix_accumulator<std::string> strings{"b", "a", "c"};
  strings.update(std::vector<std::string>{"a", "b", "c"}, std::vector<std::string>{"a", "a", "c"});
  CHECK(tally::deserialize<decltype(strings)>(tally::serialize(strings)) == strings);
  tally::curve_accumulator<std::uint64_t, std::string> cs("yes");
  cs.update(std::vector<std::string>{"yes", "no"}, std::vector<double>{0.7, 0.2});
  CHECK(tally::deserialize<decltype(cs)>(tally::serialize(cs)) == cs);
  tally::binned_curve_accumulator<double, long> grid(std::vector<double>{-2, 0.5, 7}, -1L);
  grid.update(std::vector<long>{-1, 0, -1}, std::vector<double>{0.6, -3, 9},
              std::vector<double>{0.5, 1, 2});
  CHECK(tally::deserialize<decltype(grid)>(tally::serialize(grid)) == grid);
  tally::multilabel_accumulator<> unconfigured;
  CHECK(tally::deserialize<decltype(unconfigured)>(tally::serialize(unconfigured)) == unconfigured);
  // a deserialized accumulator keeps working
  auto back = tally::deserialize<tally::curve_accumulator<>>(tally::serialize(a.curve));
  back.update(std::vector<int>{1}, std::vector<double>{0.99});
  CHECK(back.total() == a.curve.total() + 1);
  // from other byte containers
  const bytes b = tally::serialize(a.binary);
  const std::string as_string(b.begin(), b.end());
  CHECK(tally::deserialize<decltype(a.binary)>(as_string) == a.binary);
}

TEST_CASE("serialize: the layout is the documented one (little-endian)") {
  tally::binary_accumulator<> acc;
  acc.update(std::vector<int>{1, 1, 0, 0, 1}, std::vector<int>{1, 0, 1, 0, 1});
  bytes expected{'T',          'L', 'Y', 'A', 1, 0, /*kind*/ 1, /*uint64*/ 1,
                 /*signed*/ 1, 0,   0,   0,   0, 0, 0,          0};
  put64(expected, 5 * 8); // payload: label and four counts
  put64(expected, 1);     // positive label
  put64(expected, 2);     // tp
  put64(expected, 1);     // fp
  put64(expected, 1);     // fn
  put64(expected, 1);     // tn
  put64(expected, fnv(expected, expected.size()));
  CHECK(tally::serialize(acc) == expected);
}

TEST_CASE("serialize: truncated or corrupted bytes always throw") {
  const data_set d = make_data(60, 3);
  all_accumulators a;
  a.update(d, 0, 60);
  const auto all = a.all_bytes();
  auto decode = [&](std::size_t which, const bytes& b) {
    switch (which) {
    case 0:
      (void)tally::deserialize<decltype(a.binary)>(b);
      break;
    case 1:
      (void)tally::deserialize<decltype(a.binary_w)>(b);
      break;
    case 2:
      (void)tally::deserialize<decltype(a.matrix)>(b);
      break;
    case 3:
      (void)tally::deserialize<decltype(a.matrix_w)>(b);
      break;
    case 4:
      (void)tally::deserialize<decltype(a.multilabel)>(b);
      break;
    case 5:
      (void)tally::deserialize<decltype(a.curve)>(b);
      break;
    case 6:
      (void)tally::deserialize<decltype(a.curve_w)>(b);
      break;
    default:
      (void)tally::deserialize<decltype(a.binned)>(b);
      break;
    }
  };
  std::mt19937 rng(99);
  for (std::size_t k = 0; k < all.size(); ++k) {
    CAPTURE(k);
    const bytes& good = all[k];
    CHECK_NOTHROW(decode(k, good));
    std::size_t failures = 0, cases = 0;
    for (std::size_t len = 0; len < good.size(); ++len, ++cases) {
      try {
        decode(k, bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(len)));
      } catch (const std::invalid_argument&) {
        ++failures;
      }
    }
    bytes longer = good;
    longer.push_back(0);
    ++cases;
    try {
      decode(k, longer);
    } catch (const std::invalid_argument&) {
      ++failures;
    }
    for (std::size_t i = 0; i < good.size(); ++i) {
      bytes bad = good;
      bad[i] = static_cast<std::uint8_t>(bad[i] ^ (1u << (i % 8)));
      ++cases;
      try {
        decode(k, bad);
      } catch (const std::invalid_argument&) {
        ++failures;
      }
    }
    for (int trial = 0; trial < 200; ++trial) { // random multi-byte damage
      bytes bad = good;
      const int hits = std::uniform_int_distribution<int>(1, 6)(rng);
      for (int h = 0; h < hits; ++h)
        bad[std::uniform_int_distribution<std::size_t>(0, bad.size() - 1)(rng)] =
            static_cast<std::uint8_t>(rng());
      if (bad == good) continue;
      ++cases;
      try {
        decode(k, bad);
      } catch (const std::invalid_argument&) {
        ++failures;
      }
    }
    CHECK(failures == cases);
  }
}

TEST_CASE("serialize: wrong type, version and impossible states are refused") {
  tally::curve_accumulator<> c;
  c.update(std::vector<int>{1, 0, 1, 0}, std::vector<double>{0.9, 0.4, 0.4, 0.1});
  const bytes good = tally::serialize(c);
  CHECK_THROWS_WITH_AS((void)tally::deserialize<tally::binary_accumulator<>>(good),
                       doctest::Contains("curve_accumulator"), std::invalid_argument);
  CHECK_THROWS_WITH_AS((void)tally::deserialize<tally::curve_accumulator<double>>(good),
                       doctest::Contains("counts"), std::invalid_argument);
  using string_curve = tally::curve_accumulator<std::uint64_t, std::string>;
  CHECK_THROWS_WITH_AS((void)tally::deserialize<string_curve>(good), doctest::Contains("labels"),
                       std::invalid_argument);
  bytes v2 = good;
  v2[4] = 2;
  rehash(v2);
  CHECK_THROWS_WITH_AS((void)tally::deserialize<tally::curve_accumulator<>>(v2),
                       doctest::Contains("version"), std::invalid_argument);
  bytes magic = good;
  magic[0] = 'X';
  CHECK_THROWS_AS((void)tally::deserialize<tally::curve_accumulator<>>(magic),
                  std::invalid_argument);
  CHECK_THROWS_AS((void)tally::deserialize<tally::curve_accumulator<>>(bytes{}),
                  std::invalid_argument);

  // payload: label (8) | R (8) | scores | pos | neg ; scores start at byte 24 + 16
  bytes unsorted = good;
  std::swap_ranges(unsorted.begin() + 40, unsorted.begin() + 48, unsorted.begin() + 48);
  rehash(unsorted);
  CHECK_THROWS_WITH_AS((void)tally::deserialize<tally::curve_accumulator<>>(unsorted),
                       doctest::Contains("decrease"), std::invalid_argument);
  bytes huge = good;
  huge[32 + 7] = 0x40; // R = 2^62 + 3
  rehash(huge);
  CHECK_THROWS_WITH_AS((void)tally::deserialize<tally::curve_accumulator<>>(huge),
                       doctest::Contains("length"), std::invalid_argument);

  // a multilabel state with tp > predicted
  tally::multilabel_accumulator<> m;
  m.update(std::vector<std::vector<int>>{{1, 0}}, std::vector<std::vector<int>>{{1, 1}});
  bytes ml = tally::serialize(m);
  // payload: flag (1) | L (8) | total (8) | exact (8) | tp[2] | pred[2] ...: pred[0] at 24 + 41
  ml[24 + 41] = 5;
  rehash(ml);
  CHECK_THROWS_WITH_AS((void)tally::deserialize<tally::multilabel_accumulator<>>(ml),
                       doctest::Contains("inconsistent"), std::invalid_argument);

  // a fixed matrix with a repeated label
  tally::matrix_accumulator<int> fm{3, 4};
  bytes fb = tally::serialize(fm);
  fb[24 + 9 + 8] = 3; // second label 4 -> 3
  rehash(fb);
  CHECK_THROWS_WITH_AS((void)tally::deserialize<tally::matrix_accumulator<int>>(fb),
                       doctest::Contains("repeats"), std::invalid_argument);
  // a label that does not fit the requested type
  tally::binary_accumulator<std::uint64_t, long long> wide(1LL << 40);
  const bytes wb = tally::serialize(wide);
  using narrow = tally::binary_accumulator<std::uint64_t, int>;
  CHECK_THROWS_WITH_AS((void)tally::deserialize<narrow>(wb), doctest::Contains("fit"),
                       std::invalid_argument);
}
