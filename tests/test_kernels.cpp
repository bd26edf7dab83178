// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Every vector kernel against the scalar oracle: every kernel family this
// machine runs (forced one after another), lengths 0..300 at every start
// offset within a vector, random labels, labels at the limits of their type,
// and sizes larger than the internal chunks and counter flush periods.

#include <tally/detail/kernels.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace d = tally::detail;
using tally::kernel_isa;

namespace {

// A plain array (std::vector<bool> has no data()).
template <class T>
class buffer {
public:
  explicit buffer(std::size_t n) : n_(n), p_(new T[n + 1]()) {}
  [[nodiscard]] std::size_t size() const noexcept { return n_; }
  [[nodiscard]] T* data() noexcept { return p_.get(); }
  [[nodiscard]] const T* data() const noexcept { return p_.get(); }
  T& operator[](std::size_t i) noexcept { return p_[i]; }
  T* begin() noexcept { return p_.get(); }
  T* end() noexcept { return p_.get() + n_; }

private:
  std::size_t n_;
  std::unique_ptr<T[]> p_;
};

std::vector<kernel_isa> runnable_isas() {
  std::vector<kernel_isa> out;
  for (kernel_isa isa : {kernel_isa::scalar, kernel_isa::sse2, kernel_isa::avx2, kernel_isa::avx512,
                         kernel_isa::neon})
    if (tally::kernel_isa_supported(isa)) out.push_back(isa);
  return out;
}

// Restores the best kernel family when a test case ends.
struct isa_guard {
  ~isa_guard() { tally::reset_kernel_isa(); }
};

template <class T>
bool same_value(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
  } else {
    return a == b;
  }
}

template <class T>
void check_same(const d::binary_tally<T>& v, const d::binary_tally<T>& s) {
  CHECK(v.both == s.both);
  CHECK(v.true_pos == s.true_pos);
  CHECK(v.pred_pos == s.pred_pos);
  CHECK(v.total == s.total);
  REQUIRE(v.any_other == s.any_other);
  if (s.any_other) {
    CHECK(same_value(v.other_min, s.other_min));
    CHECK(same_value(v.other_max, s.other_max));
  }
}

template <class T>
T label_value(std::uint64_t v) {
  if constexpr (std::is_same_v<T, bool>)
    return (v & 1u) != 0;
  else
    return static_cast<T>(v);
}

// Three values of T used as "pos", "other" and "third" labels, including
// the limits of the type.
template <class T>
struct label_triple {
  T pos, other, third;
};

template <class T>
std::vector<label_triple<T>> triples() {
  using lim = std::numeric_limits<T>;
  if constexpr (std::is_same_v<T, bool>) {
    return {{true, false, false}, {false, true, true}};
  } else {
    std::vector<label_triple<T>> v = {{T(1), T(0), T(2)},
                                      {T(0), T(1), T(2)},
                                      {(lim::max)(), (lim::lowest)(), T(3)},
                                      {(lim::lowest)(), (lim::max)(), T(0)}};
    if constexpr (std::is_signed_v<T>) v.push_back({T(-1), T(1), T(0)});
    return v;
  }
}

} // namespace

TEST_CASE_TEMPLATE("count_binary: every kernel family equals the scalar kernel", T, bool,
                   std::uint8_t, std::int8_t, char, std::int16_t, std::uint16_t, std::int32_t,
                   std::uint32_t, std::int64_t, std::uint64_t, long long, float, double) {
  isa_guard guard;
  std::mt19937_64 rng(42);
  constexpr std::size_t max_len = 300;
  const std::size_t offsets = 64 / sizeof(T) + 1;
  buffer<T> t(max_len + offsets + 8), p(max_len + offsets + 8);
  for (const auto& tr : triples<T>()) {
    // mode 0: binary labels; 1: all pos; 2: a third label at a random place;
    // 3: first non-pos label late in the array.
    for (int mode = 0; mode < 4; ++mode) {
      for (std::size_t i = 0; i < t.size(); ++i) {
        if (mode == 1 || (mode == 3 && i < t.size() * 3 / 4)) {
          t[i] = p[i] = tr.pos;
        } else {
          t[i] = (rng() & 1u) ? tr.pos : tr.other;
          p[i] = (rng() % 5u) ? t[i] : ((rng() & 1u) ? tr.pos : tr.other);
        }
      }
      if (mode == 2) {
        const std::size_t where = static_cast<std::size_t>(rng() % t.size());
        ((rng() & 1u) ? t : p)[where] = tr.third;
      }
      for (kernel_isa isa : runnable_isas()) {
        REQUIRE(tally::set_kernel_isa(isa));
        CAPTURE(tally::kernel_isa_name(isa));
        CAPTURE(mode);
        for (std::size_t off = 0; off < offsets; ++off) {
          const std::size_t off_p = (off * 7 + 3) % offsets;
          for (std::size_t n = 0; n <= max_len; ++n) {
            const auto s = d::scalar::count_binary(t.data() + off, p.data() + off_p, n, tr.pos);
            const auto v = d::count_binary(t.data() + off, p.data() + off_p, n, tr.pos);
            if (v.both != s.both || v.true_pos != s.true_pos || v.pred_pos != s.pred_pos ||
                v.any_other != s.any_other ||
                (s.any_other && !same_value(v.other_min, s.other_min)) ||
                (s.any_other && !same_value(v.other_max, s.other_max))) {
              CAPTURE(off);
              CAPTURE(n);
              check_same(v, s);
            }
          }
        }
        // Lengths past the byte-counter flush period (255 vectors).
        buffer<T> bt(70001), bp(70001);
        for (std::size_t i = 0; i < bt.size(); ++i) {
          bt[i] = (rng() % 3u) ? tr.pos : tr.other;
          bp[i] = (rng() % 4u) ? bt[i] : tr.other;
        }
        for (std::size_t n : {std::size_t{65 * 255 * 4}, std::size_t{70001}}) {
          CAPTURE(n);
          check_same(d::count_binary(bt.data(), bp.data(), n, tr.pos),
                     d::scalar::count_binary(bt.data(), bp.data(), n, tr.pos));
        }
        // A third label (one-vs-rest on multiclass data) early, then late.
        if constexpr (!std::is_same_v<T, bool>) {
          for (std::size_t where : {std::size_t{5}, std::size_t{69990}}) {
            CAPTURE(where);
            const T saved = bp[where];
            bp[where] = tr.third;
            check_same(d::count_binary(bt.data(), bp.data(), bt.size(), tr.pos),
                       d::scalar::count_binary(bt.data(), bp.data(), bt.size(), tr.pos));
            bp[where] = saved;
          }
        }
      }
    }
  }
}

TEST_CASE_TEMPLATE("count_binary: NaN and signed zeros match the scalar kernel", T, float, double) {
  isa_guard guard;
  const T nan = std::numeric_limits<T>::quiet_NaN();
  std::vector<T> t(200, T(1)), p(200, T(1));
  for (std::size_t i = 0; i < t.size(); i += 3) t[i] = T(0);
  for (std::size_t i = 0; i < p.size(); i += 5) p[i] = -T(0);
  for (kernel_isa isa : runnable_isas()) {
    REQUIRE(tally::set_kernel_isa(isa));
    CAPTURE(tally::kernel_isa_name(isa));
    check_same(d::count_binary(t.data(), p.data(), t.size(), T(1)),
               d::scalar::count_binary(t.data(), p.data(), t.size(), T(1)));
    // -0 as the first other label, +0 later
    check_same(d::count_binary(p.data(), t.data(), t.size(), T(1)),
               d::scalar::count_binary(p.data(), t.data(), t.size(), T(1)));
    std::vector<T> tn = t;
    tn[77] = nan;
    check_same(d::count_binary(tn.data(), p.data(), tn.size(), T(1)),
               d::scalar::count_binary(tn.data(), p.data(), tn.size(), T(1)));
    tn[0] = nan;
    check_same(d::count_binary(tn.data(), p.data(), tn.size(), T(1)),
               d::scalar::count_binary(tn.data(), p.data(), tn.size(), T(1)));
    // pos itself NaN: nothing equals it
    check_same(d::count_binary(tn.data(), p.data(), tn.size(), nan),
               d::scalar::count_binary(tn.data(), p.data(), tn.size(), nan));
  }
}

TEST_CASE_TEMPLATE("minmax: every kernel family equals the scalar kernel", T, bool, std::uint8_t,
                   std::int8_t, std::int16_t, std::uint16_t, std::int32_t, std::uint32_t,
                   std::int64_t, std::uint64_t) {
  isa_guard guard;
  std::mt19937_64 rng(7);
  const std::size_t offsets = 64 / sizeof(T) + 1;
  buffer<T> a(300 + offsets);
  for (int mode = 0; mode < 3; ++mode) {
    for (auto& x : a) {
      const std::uint64_t r = rng();
      x = mode == 0 ? label_value<T>(r) : label_value<T>(r % 17u);
    }
    if (mode == 2 && !std::is_same_v<T, bool>) {
      a[a.size() - 1] = (std::numeric_limits<T>::max)();
      a[a.size() / 2] = (std::numeric_limits<T>::lowest)();
    }
    for (kernel_isa isa : runnable_isas()) {
      REQUIRE(tally::set_kernel_isa(isa));
      CAPTURE(tally::kernel_isa_name(isa));
      for (std::size_t off = 0; off < offsets; ++off) {
        for (std::size_t n = 1; n + off <= a.size(); ++n) {
          T lo{}, hi{}, slo{}, shi{};
          d::minmax(a.data() + off, n, lo, hi);
          d::scalar::minmax(a.data() + off, n, slo, shi);
          if (lo != slo || hi != shi) {
            CAPTURE(off);
            CAPTURE(n);
            CHECK(lo == slo);
            CHECK(hi == shi);
          }
        }
      }
    }
  }
}

TEST_CASE_TEMPLATE("count_matrix: every kernel family equals the scalar kernel", T, std::int32_t,
                   std::uint32_t, std::int64_t, std::uint64_t, std::int16_t, std::uint8_t,
                   std::int8_t) {
  isa_guard guard;
  std::mt19937_64 rng(11);
  struct shape {
    std::int64_t lo;
    std::size_t k;
  };
  std::vector<shape> shapes = {{0, 1}, {0, 2}, {0, 3}, {1, 10}, {0, 16}, {5, 33}};
  if constexpr (std::is_signed_v<T>) shapes.push_back({-4, 9});
  // k reaching past the largest value of T (the vector range check must
  // still reject labels below lo).
  shapes.push_back({static_cast<std::int64_t>((std::numeric_limits<T>::max)()) - 20, 60});
  for (const shape& sh : shapes) {
    const T lo = static_cast<T>(sh.lo);
    const std::size_t k = sh.k;
    // how many of the k classes T can hold (modulo 2^64; 0 means all)
    const std::uint64_t span = static_cast<std::uint64_t>((std::numeric_limits<T>::max)()) -
                               static_cast<std::uint64_t>(lo) + 1;
    const std::size_t kk = (span == 0 || span >= k) ? k : static_cast<std::size_t>(span);
    const std::size_t offsets = 64 / sizeof(T) + 1;
    std::vector<T> t(300 + offsets), p(300 + offsets);
    for (int mode = 0; mode < 3; ++mode) {
      for (std::size_t i = 0; i < t.size(); ++i) {
        t[i] = static_cast<T>(lo + static_cast<T>(rng() % kk));
        p[i] = (rng() % 5u) ? t[i] : static_cast<T>(lo + static_cast<T>(rng() % kk));
      }
      if (mode >= 1) {
        // one label outside [lo, lo + k): below lo (wraps for unsigned) or above
        const std::size_t where = static_cast<std::size_t>(rng() % t.size());
        const T bad = mode == 1 ? static_cast<T>(static_cast<std::uint64_t>(lo) - 1u)
                                : static_cast<T>(static_cast<std::uint64_t>(lo) + kk);
        if (!(mode == 2 && kk < k)) ((rng() & 1u) ? t : p)[where] = bad;
      }
      for (kernel_isa isa : runnable_isas()) {
        REQUIRE(tally::set_kernel_isa(isa));
        CAPTURE(tally::kernel_isa_name(isa));
        CAPTURE(sh.lo);
        CAPTURE(k);
        CAPTURE(mode);
        for (std::size_t off = 0; off < offsets; off += 3) {
          for (std::size_t n = 0; n + off <= t.size(); ++n) {
            std::vector<std::uint64_t> cm(k * k), cs(k * k);
            const std::size_t rv =
                d::count_matrix(t.data() + off, p.data() + off, n, lo, k, cm.data());
            const std::size_t rs =
                d::scalar::count_matrix(t.data() + off, p.data() + off, n, lo, k, cs.data());
            if (rv != rs || cm != cs) {
              CAPTURE(off);
              CAPTURE(n);
              CHECK(rv == rs);
              CHECK(cm == cs);
            }
            std::vector<double> w(n), wm(k * k), ws(k * k);
            for (auto& x : w) x = static_cast<double>(rng() % 1000u) / 7.0;
            CHECK(d::count_matrix_weighted(t.data() + off, p.data() + off, w.data(), n, lo, k,
                                           wm.data()) ==
                  d::scalar::count_matrix_weighted(t.data() + off, p.data() + off, w.data(), n, lo,
                                                   k, ws.data()));
            CHECK(wm == ws);
          }
        }
      }
    }
  }
}

TEST_CASE("count_matrix: large inputs across chunks, sub-histograms and direct counting") {
  isa_guard guard;
  std::mt19937_64 rng(3);
  for (std::size_t k : {std::size_t{2}, std::size_t{10}, std::size_t{32}, std::size_t{40},
                        std::size_t{700}, std::size_t{2100}}) {
    const std::size_t n = 50000;
    std::vector<std::int32_t> t(n), p(n);
    for (std::size_t i = 0; i < n; ++i) {
      t[i] = static_cast<std::int32_t>(rng() % k);
      p[i] = (rng() % 5u) ? t[i] : static_cast<std::int32_t>(rng() % k);
    }
    std::vector<std::int64_t> t64(t.begin(), t.end()), p64(p.begin(), p.end());
    std::vector<std::uint64_t> cs(k * k);
    REQUIRE(d::scalar::count_matrix(t.data(), p.data(), n, 0, k, cs.data()) == n);
    for (kernel_isa isa : runnable_isas()) {
      REQUIRE(tally::set_kernel_isa(isa));
      CAPTURE(tally::kernel_isa_name(isa));
      CAPTURE(k);
      std::vector<std::uint64_t> cm(k * k), c64(k * k), ci(k * k);
      CHECK(d::count_matrix(t.data(), p.data(), n, 0, k, cm.data()) == n);
      CHECK(cm == cs);
      CHECK(d::count_matrix(t64.data(), p64.data(), n, std::int64_t{0}, k, c64.data()) == n);
      CHECK(c64 == cs);
      d::count_indices(t.data(), p.data(), n, k, ci.data());
      CHECK(ci == cs);
      // an out-of-range label late in the input: counts up to it are kept
      std::vector<std::int32_t> tb = t;
      tb[n - 100] = static_cast<std::int32_t>(k);
      std::vector<std::uint64_t> cb(k * k), cbs(k * k);
      CHECK(d::count_matrix(tb.data(), p.data(), n, 0, k, cb.data()) == n - 100);
      CHECK(d::scalar::count_matrix(tb.data(), p.data(), n, 0, k, cbs.data()) == n - 100);
      CHECK(cb == cbs);
    }
  }
}

TEST_CASE("count_indices: dropped samples (-1) at every position") {
  isa_guard guard;
  std::mt19937_64 rng(5);
  for (std::size_t k : {std::size_t{1}, std::size_t{3}, std::size_t{17}, std::size_t{300}}) {
    std::vector<std::int32_t> t(400), p(400);
    for (std::size_t i = 0; i < t.size(); ++i) {
      t[i] = (rng() % 7u) ? static_cast<std::int32_t>(rng() % k) : -1;
      p[i] = (rng() % 7u) ? static_cast<std::int32_t>(rng() % k) : -1;
    }
    for (kernel_isa isa : runnable_isas()) {
      REQUIRE(tally::set_kernel_isa(isa));
      CAPTURE(tally::kernel_isa_name(isa));
      for (std::size_t off = 0; off < 17; ++off) {
        for (std::size_t n = 0; n + off <= t.size(); n += 7) {
          std::vector<std::uint64_t> cm(k * k), cs(k * k);
          d::count_indices(t.data() + off, p.data() + off, n, k, cm.data());
          d::scalar::count_indices(t.data() + off, p.data() + off, n, k, cs.data());
          CHECK(cm == cs);
          std::vector<double> w(n), wm(k * k), ws(k * k);
          for (auto& x : w) x = static_cast<double>(rng() % 100u) * 0.37;
          d::count_indices_weighted(t.data() + off, p.data() + off, w.data(), n, k, wm.data());
          d::scalar::count_indices_weighted(t.data() + off, p.data() + off, w.data(), n, k,
                                            ws.data());
          CHECK(wm == ws);
        }
      }
    }
  }
}

TEST_CASE("count_multilabel: every kernel family equals the scalar kernel") {
  isa_guard guard;
  std::mt19937_64 rng(9);
  for (std::size_t labels :
       {std::size_t{1}, std::size_t{3}, std::size_t{5}, std::size_t{16}, std::size_t{63},
        std::size_t{64}, std::size_t{65}, std::size_t{100}, std::size_t{1000}}) {
    for (std::size_t rows :
         {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{129}, std::size_t{20000}}) {
      if (rows * labels > 2500000) continue;
      std::vector<std::uint8_t> t(rows * labels + 1), p(rows * labels + 1);
      for (std::size_t i = 0; i < t.size(); ++i) {
        t[i] = static_cast<std::uint8_t>(rng() % 3u == 0);
        p[i] = (rng() % 4u) ? t[i] : static_cast<std::uint8_t>(rng() & 1u);
      }
      for (int bad = 0; bad < 2; ++bad) {
        std::vector<std::uint8_t> tb = t;
        if (bad == 1 && rows > 0) tb[static_cast<std::size_t>(rng() % (rows * labels))] = 2;
        std::vector<std::uint64_t> s(3 * labels);
        const std::size_t rs = d::scalar::count_multilabel(
            tb.data(), p.data(), rows, labels, s.data(), s.data() + labels, s.data() + 2 * labels);
        for (kernel_isa isa : runnable_isas()) {
          REQUIRE(tally::set_kernel_isa(isa));
          CAPTURE(tally::kernel_isa_name(isa));
          CAPTURE(labels);
          CAPTURE(rows);
          for (std::size_t off : {std::size_t{0}, std::size_t{1}}) {
            if (off == 1 && rows == 0) continue;
            const std::size_t r = rows - off;
            std::vector<std::uint64_t> v(3 * labels), so(3 * labels);
            const std::size_t rv =
                d::count_multilabel(tb.data() + off, p.data() + off, r, labels, v.data(),
                                    v.data() + labels, v.data() + 2 * labels);
            const std::size_t rso =
                d::scalar::count_multilabel(tb.data() + off, p.data() + off, r, labels, so.data(),
                                            so.data() + labels, so.data() + 2 * labels);
            CHECK(rv == rso);
            if (rso == r * labels) CHECK(v == so);
          }
        }
        if (bad == 0) CHECK(rs == rows * labels);
      }
    }
  }
}

TEST_CASE("check_matrix_size: 65,536 classes fit the default bound, more do not") {
  CHECK_NOTHROW(d::check_matrix_size(65536, 8, "confusion_matrix"));
  CHECK_THROWS_AS(d::check_matrix_size(65537, 8, "confusion_matrix"), std::invalid_argument);
  CHECK_THROWS_AS(d::check_matrix_size(std::size_t{1} << 40, 8, "confusion_matrix"),
                  std::invalid_argument);
  CHECK_THROWS_WITH_AS(d::check_matrix_size(100000, 8, "confusion_matrix"),
                       doctest::Contains("100000 classes"), std::invalid_argument);
}

TEST_CASE("kernel selection: forcing, refusing and the environment variable") {
  isa_guard guard;
  CHECK(tally::set_kernel_isa(kernel_isa::scalar));
  CHECK(tally::active_kernel_isa() == kernel_isa::scalar);
  for (kernel_isa isa :
       {kernel_isa::sse2, kernel_isa::avx2, kernel_isa::avx512, kernel_isa::neon}) {
    const bool ok = tally::set_kernel_isa(isa);
    CHECK(ok == tally::kernel_isa_supported(isa));
    if (ok) CHECK(tally::active_kernel_isa() == isa);
  }
#if defined(__x86_64__)
  CHECK_FALSE(tally::set_kernel_isa(kernel_isa::neon));
#endif
#if defined(__aarch64__)
  CHECK_FALSE(tally::set_kernel_isa(kernel_isa::avx2));
#endif
  tally::reset_kernel_isa();
  CHECK(tally::active_kernel_isa() == d::best_isa());
#if !defined(TALLY_DISABLE_SIMD)
  CHECK(tally::active_kernel_isa() != kernel_isa::scalar);
#else
  CHECK(tally::active_kernel_isa() == kernel_isa::scalar);
#endif
  bool named = false;
  ::setenv("TALLY_FORCE_ISA", "scalar", 1);
  CHECK(d::isa_from_environment(kernel_isa::neon, named) == kernel_isa::scalar);
  CHECK(named);
  ::setenv("TALLY_FORCE_ISA", "no-such-isa", 1);
  CHECK(d::isa_from_environment(kernel_isa::sse2, named) == kernel_isa::sse2);
  CHECK_FALSE(named);
  ::unsetenv("TALLY_FORCE_ISA");
}

TEST_CASE("kernel selection: the binary count's family") {
  isa_guard guard;
  // A forced family is the one that runs, AVX-512 included.
  for (kernel_isa isa : {kernel_isa::scalar, kernel_isa::sse2, kernel_isa::avx2, kernel_isa::avx512,
                         kernel_isa::neon}) {
    if (!tally::set_kernel_isa(isa)) continue;
    CAPTURE(tally::kernel_isa_name(isa));
    CHECK(d::binary_isa() == isa);
  }
  // Chosen automatically: AVX2 in place of AVX-512 only where 512-bit
  // instructions run as two halves.
  tally::reset_kernel_isa();
  const kernel_isa best = d::best_isa();
  if (best == kernel_isa::avx512 && d::cpu_halves_512())
    CHECK(d::binary_isa() == kernel_isa::avx2);
  else
    CHECK(d::binary_isa() == best);
#if defined(__x86_64__) && !defined(TALLY_DISABLE_SIMD) && !defined(TALLY_DISABLE_DISPATCH)
  // cpu_halves_512 agrees with the vendor and family the kernel reports.
  std::FILE* f = std::fopen("/proc/cpuinfo", "r");
  if (f != nullptr) {
    char line[512];
    bool amd = false;
    int family = -1;
    while (std::fgets(line, sizeof line, f) != nullptr && family < 0) {
      if (std::strncmp(line, "vendor_id", 9) == 0)
        amd = std::strstr(line, "AuthenticAMD") != nullptr;
      if (std::strncmp(line, "cpu family", 10) == 0) family = std::atoi(std::strchr(line, ':') + 1);
    }
    std::fclose(f);
    if (family >= 0) CHECK(d::cpu_halves_512() == (amd && family == 25));
  }
#endif
}
