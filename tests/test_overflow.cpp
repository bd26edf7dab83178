// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Overflow and scale: counts past 2^32 in one call, the 32-bit histogram
// flush at its exact boundary, MCC and kappa from counts near 2^63, and
// weights whose sum passes 2^53.
//
// Counts past 2^32 without 4 GiB of real labels: on Linux the labels are a
// private anonymous mapping that is never written, so every page is the
// kernel's shared zero page (all labels 0) and costs no memory.

#include <tally/classification.hpp>
#include <tally/confusion_matrix.hpp>
#include <tally/counts.hpp>
#include <tally/detail/kernels.hpp>
#include <tally/metrics.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace {

// A contiguous read-only range of n zero labels of type T.
template <class T>
struct zero_labels {
  const T* ptr = nullptr;
  std::size_t n = 0;
  [[nodiscard]] const T* data() const noexcept { return ptr; }
  [[nodiscard]] std::size_t size() const noexcept { return n; }
  [[nodiscard]] const T* begin() const noexcept { return ptr; }
  [[nodiscard]] const T* end() const noexcept { return ptr + n; }
};

#if defined(__linux__)
// n zero labels backed by the zero page (nullptr when the mapping fails).
template <class T>
class zero_mapping {
public:
  explicit zero_mapping(std::size_t n) : bytes_(n * sizeof(T)) {
    void* p = mmap(nullptr, bytes_, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED) labels_ = {static_cast<const T*>(p), n};
  }
  zero_mapping(const zero_mapping&) = delete;
  zero_mapping& operator=(const zero_mapping&) = delete;
  ~zero_mapping() {
    if (labels_.ptr != nullptr) munmap(const_cast<T*>(labels_.ptr), bytes_);
  }
  [[nodiscard]] const zero_labels<T>& labels() const noexcept { return labels_; }

private:
  std::size_t bytes_;
  zero_labels<T> labels_;
};
#endif

constexpr std::uint64_t two32 = std::uint64_t{1} << 32;

// counter::add, with or without the prefetch hints for the next chunk. Not
// inlined: with the test's constant sizes in view, GCC's loop analysis warns
// about the paths of the modes this counter is not in.
#if defined(__GNUC__)
#define TALLY_TEST_NOINLINE __attribute__((noinline))
#else
#define TALLY_TEST_NOINLINE
#endif
template <class C>
TALLY_TEST_NOINLINE auto add_indices(C& c, const std::uint32_t* idx, std::size_t m, int)
    -> decltype(c.template add<4>(idx, m, nullptr, nullptr)) {
  return c.template add<4>(idx, m, nullptr, nullptr);
}
template <class C>
TALLY_TEST_NOINLINE auto add_indices(C& c, const std::uint32_t* idx, std::size_t m, long)
    -> decltype(c.add(idx, m)) {
  return c.add(idx, m);
}

} // namespace

#if defined(__linux__)
TEST_CASE("binary counts past 2^32 in one call") {
  // 2^32 + 77 one-byte labels. No label equals the positive label, so the
  // kernel in use (the best this CPU runs) counts every block in its narrow
  // lanes, which must be flushed into 64-bit totals long before 2^32 (a run
  // of labels equal to pos would be skipped without counting). Every sample
  // is a true negative. (The other kernel families' flushes are checked
  // against the scalar kernel by the differential fuzzer.)
  const std::size_t n = static_cast<std::size_t>(two32 + 77);
  zero_mapping<std::uint8_t> zeros(n);
  REQUIRE(zeros.labels().data() != nullptr);
  CAPTURE(tally::kernel_isa_name(tally::active_kernel_isa()));
  const auto c =
      tally::count_binary(zeros.labels(), zeros.labels(), tally::pos_label(std::uint8_t{1}));
  CHECK(c.tn == two32 + 77);
  CHECK(c.tp == 0);
  CHECK(c.fp == 0);
  CHECK(c.fn == 0);
}
#endif

TEST_CASE("the 32-bit histogram is flushed at its exact boundary") {
  namespace hist = tally::detail::hist;
  // A 33 x 33 matrix (1089 cells) and a long input use the single 32-bit
  // histogram; all samples fall into one cell, so that cell reaches the
  // flush threshold first. The threshold is a multiple of the chunk size:
  // after exactly flush_after / chunk full chunks the counter must flush.
  constexpr std::size_t medium = 33 * 33;
  static_assert(medium > hist::small_cells && medium <= hist::medium_cells, "medium mode");
  static_assert(hist::flush_after % hist::chunk == 0, "the boundary is reached exactly");
  static_assert(hist::flush_after < two32, "flushed before a 32-bit counter wraps");

  // The cell count is read at run time, as in the library, so the compiler
  // does not analyze the other modes' loops for this one constant.
  volatile std::size_t runtime_cells = medium;
  const std::size_t cells = runtime_cells;
  std::vector<std::uint32_t> idx(hist::chunk, 5); // cell 5
  std::vector<std::uint64_t> cm(cells, 0);
  const std::uint64_t chunks_to_boundary = hist::flush_after / hist::chunk;
  const std::uint64_t extra = two32 / hist::chunk - chunks_to_boundary + 3; // past 2^32 in all
  {
    hist::counter c(cm.data(), cells, cells);
    for (std::uint64_t i = 0; i + 1 < chunks_to_boundary; ++i)
      add_indices(c, idx.data(), idx.size(), 0);
    CHECK(cm[5] == 0); // one chunk before the boundary: nothing flushed yet
    add_indices(c, idx.data(), idx.size(), 0);
    CHECK(cm[5] == hist::flush_after); // at the boundary: flushed
    for (std::uint64_t i = 0; i < extra; ++i) add_indices(c, idx.data(), idx.size(), 0);
    add_indices(c, idx.data(), 7, 0); // a partial chunk
  }                                   // the destructor flushes the rest
  const std::uint64_t total = (chunks_to_boundary + extra) * hist::chunk + 7;
  CHECK(total > two32);
  CHECK(cm[5] == total);
  std::uint64_t others = 0;
  for (std::size_t i = 0; i < cells; ++i)
    if (i != 5) others += cm[i];
  CHECK(others == 0);
}

TEST_CASE("binary_counts merged past 2^32 and up to 2^64 - 1") {
  tally::binary_counts<> part{two32 - 1, 3, 5, two32 + 11};
  tally::binary_counts<> sum;
  for (int i = 0; i < 4; ++i) sum += part;
  CHECK(sum.tp == 4 * (two32 - 1));
  CHECK(sum.tn == 4 * (two32 + 11));
  CHECK(sum.total() == 4 * part.total());
  // A matrix merged the same way.
  tally::matrix<> m(2);
  m(0, 0) = two32 + 1;
  m(1, 1) = two32 - 1;
  tally::matrix<> acc(2);
  for (int i = 0; i < 1000; ++i) acc += m;
  CHECK(acc(0, 0) == 1000 * (two32 + 1));
  CHECK(acc.total() == 2000 * two32);
  CHECK(tally::accuracy(acc) == 1.0);
}

TEST_CASE("MCC and kappa from counts near 2^63") {
  const std::uint64_t a = std::uint64_t{1} << 62, b = std::uint64_t{1} << 61;
  // tp = tn = 2^62, fp = fn = 2^61: total 3 * 2^62 (past 2^63); the exact
  // MCC is (tp tn - fp fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)) = 1/3 and
  // kappa = (2/3 - 1/2) / (1 - 1/2) = 1/3.
  const tally::binary_counts<> c{a, b, b, a};
  CHECK(c.total() == 3 * a);
  CHECK(tally::mcc(c) == doctest::Approx(1.0 / 3).epsilon(1e-12));
  CHECK(tally::cohen_kappa(c) == doctest::Approx(1.0 / 3).epsilon(1e-12));
  CHECK(tally::accuracy(c) == doctest::Approx(2.0 / 3).epsilon(1e-15));
  CHECK(tally::f1(c) == doctest::Approx(2.0 / 3).epsilon(1e-15));

  // Perfect and inverted predictions at the same scale.
  const tally::binary_counts<> perfect{a + b, 0, 0, a + b};
  CHECK(tally::mcc(perfect) == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(tally::cohen_kappa(perfect) == doctest::Approx(1.0).epsilon(1e-15));
  const tally::binary_counts<> inverted{0, a + b, a + b, 0};
  CHECK(tally::mcc(inverted) == doctest::Approx(-1.0).epsilon(1e-15));
  CHECK(tally::cohen_kappa(inverted) == doctest::Approx(-1.0).epsilon(1e-15));

  // Scale invariance: the same proportions at 1 and at 2^58 per unit.
  const tally::binary_counts<> small{7, 2, 3, 11};
  const std::uint64_t s = std::uint64_t{1} << 58;
  const tally::binary_counts<> big{7 * s, 2 * s, 3 * s, 11 * s};
  CHECK(tally::mcc(big) == doctest::Approx(tally::mcc(small)).epsilon(1e-12));
  CHECK(tally::cohen_kappa(big) == doctest::Approx(tally::cohen_kappa(small)).epsilon(1e-12));

  // Multiclass matrices with cells near 2^61 (total past 2^63).
  tally::matrix<> m(3), ms(3);
  const std::uint64_t cell[3][3] = {{5, 1, 0}, {2, 6, 1}, {0, 1, 4}};
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      ms(i, j) = cell[i][j];
      m(i, j) = cell[i][j] * s;
    }
  CHECK(m.total() == 20 * s);
  CHECK(tally::mcc(m) == doctest::Approx(tally::mcc(ms)).epsilon(1e-12));
  CHECK(tally::cohen_kappa(m) == doctest::Approx(tally::cohen_kappa(ms)).epsilon(1e-12));
  CHECK(tally::cohen_kappa(m, tally::kappa_weights::quadratic) ==
        doctest::Approx(tally::cohen_kappa(ms, tally::kappa_weights::quadratic)).epsilon(1e-12));
}

TEST_CASE("MCC stays in [-1, 1] for large, very unequal counts") {
  // tp = tn = 0: the exact MCC is -1 whatever fp and fn are.
  const tally::binary_counts<> c{0, 371712029613, 1, 0};
  CHECK(tally::mcc(c) >= -1.0);
  CHECK(tally::mcc(c) == doctest::Approx(-1.0).epsilon(1e-12));
  const tally::binary_counts<> d{0, 1, std::uint64_t{1} << 50, 0};
  CHECK(tally::mcc(d) >= -1.0);
  CHECK(tally::mcc(d) == doctest::Approx(-1.0).epsilon(1e-12));
}

TEST_CASE("weights summing past 2^53 are added in sample order, as documented") {
  // Weighted cells are sums of doubles in sample order. Past 2^53 a weight
  // of 1 no longer changes the sum: the result is the sample-order double
  // sum, not the exact one, and every metric stays finite and in range.
  const double big = 9007199254740992.0; // 2^53
  const std::vector<int> yt{1, 1, 1, 0, 0, 1};
  const std::vector<int> yp{1, 1, 1, 0, 1, 0};
  const std::vector<double> w{big, 1.0, 1.0, big, 3.0, 2.0};
  const auto m = tally::confusion_matrix(yt, yp, tally::sample_weight(w));
  double expect_tp = 0;
  for (double x : {big, 1.0, 1.0}) expect_tp += x; // the order tally adds them in
  CHECK(m(1, 1) == expect_tp);
  CHECK(m(1, 1) == big); // 2^53 + 1 rounds back to 2^53 at each step
  CHECK(m(0, 0) == big);
  CHECK(m(0, 1) == 3.0);
  CHECK(m(1, 0) == 2.0);
  const double f1 = tally::f1_score(yt, yp, tally::sample_weight(w));
  CHECK(std::isfinite(f1));
  CHECK(f1 > 0.999999);
  CHECK(f1 <= 1.0);
  const double mcc = tally::matthews_corrcoef(yt, yp, tally::sample_weight(w));
  CHECK(std::isfinite(mcc));
  CHECK(mcc >= -1.0);
  CHECK(mcc <= 1.0);

  // Weights that are each finite but sum past the largest double are
  // refused: every weighted cell would otherwise risk +inf.
  const double huge = (std::numeric_limits<double>::max)();
  const std::vector<double> w2{huge, huge, 1.0, 1.0, 1.0, 1.0};
  CHECK_THROWS_AS(static_cast<void>(tally::confusion_matrix(yt, yp, tally::sample_weight(w2))),
                  std::invalid_argument);
  // Half the largest double twice still fits.
  const std::vector<double> w3{huge / 4, huge / 4, 1.0, huge / 4, 1.0, huge / 4};
  const auto m3 = tally::confusion_matrix(yt, yp, tally::sample_weight(w3));
  CHECK(m3(1, 1) == huge / 2 + 1.0);
  CHECK(std::isfinite(tally::f1_score(yt, yp, tally::sample_weight(w3))));
}
