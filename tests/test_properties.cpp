// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors

// Properties that hold for every input: permutation invariance, weights equal
// repeated samples, merges that are associative and independent of how the
// data are split, metric ranges, symmetry identities, ROC AUC as the
// Mann-Whitney statistic, and identical results across kernel families and
// thread counts. Each property is checked on many seeded random problems.

#include <tally.hpp>
#include <tally/accumulators.hpp>
#include <tally/parallel.hpp>
#include <tally/ranking.hpp>
#include <tally/serialize.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

using rng_t = std::mt19937_64;

std::vector<int> random_labels(rng_t& g, std::size_t n, int k) {
  std::uniform_int_distribution<int> d(0, k - 1);
  std::vector<int> v(n);
  for (int& x : v) x = d(g);
  return v;
}

// Predictions that agree with the truth about `agree` of the time.
std::vector<int> noisy_copy(rng_t& g, const std::vector<int>& t, int k, double agree) {
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> d(0, k - 1);
  std::vector<int> p(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) p[i] = u(g) < agree ? t[i] : d(g);
  return p;
}

template <class T>
std::vector<T> permuted(const std::vector<T>& v, const std::vector<std::size_t>& order) {
  std::vector<T> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[order[i]];
  return out;
}

bool same_or_both_nan(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool close(double a, double b, double tol = 1e-12) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= tol * (1 + std::fabs(a) + std::fabs(b));
}

// The same problem with the roles of the two classes exchanged.
template <class T>
tally::binary_counts<T> swap_classes(const tally::binary_counts<T>& c) {
  return {c.tn, c.fn, c.fp, c.tp};
}
// The same problem with truth and prediction exchanged.
template <class T>
tally::binary_counts<T> swap_roles(const tally::binary_counts<T>& c) {
  return {c.tp, c.fn, c.fp, c.tn};
}

double mann_whitney(const std::vector<int>& y, const std::vector<double>& s,
                    const std::vector<double>& w) {
  double good = 0, pairs = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 1) continue;
    for (std::size_t j = 0; j < y.size(); ++j) {
      if (y[j] == 1) continue;
      const double pw = w[i] * w[j];
      pairs += pw;
      if (s[i] > s[j])
        good += pw;
      else if (s[i] == s[j])
        good += pw / 2;
    }
  }
  return good / pairs;
}

} // namespace

TEST_CASE("permutation invariance") {
  rng_t g(11);
  for (int round = 0; round < 30; ++round) {
    const std::size_t n = 1 + g() % 500;
    const int k = 2 + static_cast<int>(g() % 5);
    const auto yt = random_labels(g, n, k);
    const auto yp = noisy_copy(g, yt, k, 0.6);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), g);
    const auto pt = permuted(yt, order), pp = permuted(yp, order);

    CHECK(tally::confusion_matrix(yt, yp) == tally::confusion_matrix(pt, pp));
    CHECK(tally::count_binary(yt, yp, tally::pos_label(1)) ==
          tally::count_binary(pt, pp, tally::pos_label(1)));
    // Equal counts give bit-identical scores.
    CHECK(tally::f1_score(yt, yp, tally::average::macro) ==
          tally::f1_score(pt, pp, tally::average::macro));
    CHECK(tally::matthews_corrcoef(yt, yp) == tally::matthews_corrcoef(pt, pp));
    CHECK(same_or_both_nan(tally::cohen_kappa_score(yt, yp), tally::cohen_kappa_score(pt, pp)));
    CHECK(tally::accuracy_score(yt, yp) == tally::accuracy_score(pt, pp));

    // Scores: the exact (integer) ROC AUC does not depend on the order.
    std::vector<int> yb(n);
    std::vector<double> s(n);
    for (std::size_t i = 0; i < n; ++i) {
      yb[i] = yt[i] % 2;
      s[i] = static_cast<double>(g() % 20) / 4.0;
    }
    const auto pb = permuted(yb, order);
    const auto ps = permuted(s, order);
    CHECK(same_or_both_nan(tally::roc_auc_score(yb, s), tally::roc_auc_score(pb, ps)));
    CHECK(same_or_both_nan(tally::average_precision_score(yb, s),
                           tally::average_precision_score(pb, ps)));
  }
}

TEST_CASE("integer weights equal repeated samples") {
  rng_t g(12);
  for (int round = 0; round < 30; ++round) {
    const std::size_t n = 1 + g() % 300;
    const int k = 2 + static_cast<int>(g() % 4);
    const auto yt = random_labels(g, n, k);
    const auto yp = noisy_copy(g, yt, k, 0.5);
    std::vector<double> w(n);
    std::vector<int> et, ep;
    std::vector<double> s(n), es;
    std::vector<int> yb(n), eb;
    for (std::size_t i = 0; i < n; ++i) {
      const int reps = 1 + static_cast<int>(g() % 3);
      w[i] = reps;
      yb[i] = yt[i] == 0 ? 1 : 0;
      s[i] = static_cast<double>(g() % 8);
      for (int r = 0; r < reps; ++r) {
        et.push_back(yt[i]);
        ep.push_back(yp[i]);
        eb.push_back(yb[i]);
        es.push_back(s[i]);
      }
    }
    const auto sw = tally::sample_weight(w);
    const auto wm = tally::confusion_matrix(yt, yp, sw);
    const auto em = tally::confusion_matrix(et, ep);
    REQUIRE(wm.n_classes() == em.n_classes());
    for (std::size_t i = 0; i < em.n_classes(); ++i)
      for (std::size_t j = 0; j < em.n_classes(); ++j)
        CHECK(wm(i, j) == static_cast<double>(em(i, j)));

    CHECK(close(tally::f1_score(yt, yp, tally::average::macro, sw),
                tally::f1_score(et, ep, tally::average::macro)));
    CHECK(close(tally::precision_score(yt, yp, tally::average::weighted, sw),
                tally::precision_score(et, ep, tally::average::weighted)));
    CHECK(close(tally::recall_score(yt, yp, tally::average::micro, sw),
                tally::recall_score(et, ep, tally::average::micro)));
    CHECK(close(tally::matthews_corrcoef(yt, yp, sw), tally::matthews_corrcoef(et, ep)));
    CHECK(close(tally::cohen_kappa_score(yt, yp, sw), tally::cohen_kappa_score(et, ep)));
    CHECK(close(tally::accuracy_score(yt, yp, sw), tally::accuracy_score(et, ep)));
    CHECK(
        close(tally::balanced_accuracy_score(yt, yp, sw), tally::balanced_accuracy_score(et, ep)));
    CHECK(close(tally::roc_auc_score(yb, s, sw), tally::roc_auc_score(eb, es)));
    CHECK(close(tally::average_precision_score(yb, s, sw), tally::average_precision_score(eb, es)));
  }
}

TEST_CASE("counts merge associatively and independently of the batch split") {
  rng_t g(13);
  for (int round = 0; round < 20; ++round) {
    const std::size_t n = 3 + g() % 3000;
    const auto yt = random_labels(g, n, 4);
    const auto yp = noisy_copy(g, yt, 4, 0.7);
    // Three batches cut at random points; every label occurs in each batch's
    // count structure because the label set is given.
    std::size_t c1 = g() % n, c2 = g() % n;
    if (c1 > c2) std::swap(c1, c2);
    auto part = [&](std::size_t a, std::size_t b) {
      const std::vector<int> t(yt.begin() + static_cast<std::ptrdiff_t>(a),
                               yt.begin() + static_cast<std::ptrdiff_t>(b));
      const std::vector<int> p(yp.begin() + static_cast<std::ptrdiff_t>(a),
                               yp.begin() + static_cast<std::ptrdiff_t>(b));
      return std::make_pair(t, p);
    };
    const auto [t1, p1] = part(0, c1);
    const auto [t2, p2] = part(c1, c2);
    const auto [t3, p3] = part(c2, n);

    // binary_counts +=
    auto bc = [](const std::vector<int>& t, const std::vector<int>& p) {
      tally::binary_counts<> c;
      for (std::size_t i = 0; i < t.size(); ++i) {
        const bool a = t[i] == 2, b = p[i] == 2;
        (a ? (b ? c.tp : c.fn) : (b ? c.fp : c.tn)) += 1;
      }
      return c;
    };
    const auto whole_b = tally::count_binary(yt, yp, tally::pos_label(2));
    CHECK(whole_b == bc(yt, yp));
    CHECK((bc(t1, p1) + bc(t2, p2)) + bc(t3, p3) == whole_b);
    CHECK(bc(t1, p1) + (bc(t2, p2) + bc(t3, p3)) == whole_b);

    // matrix += (with the label set fixed, so every part has the same shape)
    const auto labels = tally::labels({0, 1, 2, 3});
    const auto whole_m = tally::confusion_matrix(yt, yp);
    auto cm = [&](const std::vector<int>& t, const std::vector<int>& p) {
      if (t.empty()) return tally::matrix<std::uint64_t>(4);
      return tally::confusion_matrix(t, p, labels);
    };
    auto left = cm(t1, p1);
    left += cm(t2, p2);
    left += cm(t3, p3);
    auto right = cm(t2, p2);
    right += cm(t3, p3);
    auto right_total = cm(t1, p1);
    right_total += right;
    CHECK(left == whole_m);
    CHECK(right_total == whole_m);

    // Accumulators: batches, merged in either grouping, equal one update,
    // down to the byte form.
    tally::matrix_accumulator<> one, a1, a2, a3;
    one.update(yt, yp);
    a1.update(t1, p1);
    a2.update(t2, p2);
    a3.update(t3, p3);
    auto l = a1;
    l += a2;
    l += a3;
    auto r = a2;
    r += a3;
    auto rr = a1;
    rr += r;
    CHECK(l.counts() == one.counts());
    CHECK(rr.counts() == one.counts());
    CHECK(l.labels() == one.labels());

    tally::binary_accumulator<> b_one(2), b1(2), b2(2), b3(2);
    b_one.update(yt, yp);
    b1.update(t1, p1);
    b2.update(t2, p2);
    b3.update(t3, p3);
    auto bl = b1;
    bl += b2;
    bl += b3;
    CHECK(bl == b_one);
    CHECK(bl.counts() == whole_b);

    std::vector<int> yb(n);
    std::vector<double> s(n);
    for (std::size_t i = 0; i < n; ++i) {
      yb[i] = yt[i] >= 2 ? 1 : 0;
      s[i] = static_cast<double>(g() % 50) / 10.0;
    }
    tally::curve_accumulator<> cu_one, cu1, cu2, cu3;
    cu_one.update(yb, s);
    auto sub = [&](std::size_t a, std::size_t b) {
      return std::make_pair(std::vector<int>(yb.begin() + static_cast<std::ptrdiff_t>(a),
                                             yb.begin() + static_cast<std::ptrdiff_t>(b)),
                            std::vector<double>(s.begin() + static_cast<std::ptrdiff_t>(a),
                                                s.begin() + static_cast<std::ptrdiff_t>(b)));
    };
    const auto [y1, s1] = sub(0, c1);
    const auto [y2, s2] = sub(c1, c2);
    const auto [y3, s3] = sub(c2, n);
    cu1.update(y1, s1);
    cu2.update(y2, s2);
    cu3.update(y3, s3);
    auto cl = cu3;
    cl += cu1;
    cl += cu2;
    CHECK(cl == cu_one);
    CHECK(tally::serialize(cl) == tally::serialize(cu_one));
    CHECK(same_or_both_nan(cl.roc_auc(), tally::roc_auc_score(yb, s)));
  }
}

TEST_CASE("metric ranges over random counts") {
  rng_t g(14);
  using tally::zero_division;
  for (int round = 0; round < 2000; ++round) {
    auto cell = [&]() -> std::uint64_t {
      switch (g() % 4) {
      case 0:
        return 0;
      case 1:
        return g() % 3;
      case 2:
        return g() % 1000;
      default:
        return g() % (std::uint64_t{1} << 40);
      }
    };
    const tally::binary_counts<> c{cell(), cell(), cell(), cell()};
    const auto z = zero_division::nan;
    auto unit = [](double v) { return std::isnan(v) || (v >= 0 && v <= 1); };
    auto signed_unit = [](double v) { return std::isnan(v) || (v >= -1 && v <= 1); };
    CHECK(unit(tally::precision(c, z)));
    CHECK(unit(tally::recall(c, z)));
    CHECK(unit(tally::specificity(c, z)));
    CHECK(unit(tally::npv(c, z)));
    CHECK(unit(tally::fpr(c, z)));
    CHECK(unit(tally::fnr(c, z)));
    CHECK(unit(tally::fdr(c, z)));
    CHECK(unit(tally::false_omission_rate(c, z)));
    CHECK(unit(tally::prevalence(c, z)));
    CHECK(unit(tally::f1(c, z)));
    CHECK(unit(tally::fbeta(c, 0.5, z)));
    CHECK(unit(tally::fbeta(c, 3.0, z)));
    CHECK(unit(tally::jaccard(c, z)));
    CHECK(unit(tally::accuracy(c, z)));
    CHECK(unit(tally::balanced_accuracy(c, z)));
    CHECK(unit(tally::fowlkes_mallows(c, z)));
    CHECK(unit(tally::zero_one_loss(c, z)));
    CHECK(signed_unit(tally::informedness(c, z)));
    CHECK(signed_unit(tally::markedness(c, z)));
    CHECK(signed_unit(tally::mcc(c)));
    CHECK(signed_unit(tally::cohen_kappa(c)));
    const double plr = tally::positive_likelihood_ratio(c, z);
    const double nlr = tally::negative_likelihood_ratio(c, z);
    CHECK((std::isnan(plr) || plr >= 0));
    CHECK((std::isnan(nlr) || nlr >= 0));
    // The default policy (warn) gives numbers, never NaN, for these ratios.
    CHECK(!std::isnan(tally::precision(c)));
    CHECK(!std::isnan(tally::f1(c)));
  }
  // Multiclass matrices.
  for (int round = 0; round < 300; ++round) {
    const std::size_t k = 1 + g() % 6;
    tally::matrix<> m(k);
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j) m(i, j) = g() % 4 == 0 ? 0 : g() % 100;
    auto signed_unit = [](double v) {
      return std::isnan(v) || (v >= -1 - 1e-12 && v <= 1 + 1e-12);
    };
    CHECK(signed_unit(tally::mcc(m)));
    CHECK(signed_unit(tally::cohen_kappa(m)));
    CHECK(signed_unit(tally::cohen_kappa(m, tally::kappa_weights::linear)));
    CHECK(signed_unit(tally::cohen_kappa(m, tally::kappa_weights::quadratic)));
    const double ba = tally::balanced_accuracy(m);
    CHECK((std::isnan(ba) || (ba >= 0 && ba <= 1)));
    const double acc = tally::accuracy(m, tally::zero_division::nan);
    CHECK((std::isnan(acc) || (acc >= 0 && acc <= 1)));
  }
}

TEST_CASE("symmetry identities") {
  rng_t g(15);
  const auto z = tally::zero_division::nan;
  for (int round = 0; round < 2000; ++round) {
    const tally::binary_counts<> c{g() % 50, g() % 50, g() % 50, g() % 50};
    const auto sc = swap_classes(c);
    const auto sr = swap_roles(c);
    // Exchanging the classes: precision <-> NPV, recall <-> specificity,
    // FPR <-> FNR; MCC, kappa and accuracy are unchanged.
    CHECK(same_or_both_nan(tally::precision(c, z), tally::npv(sc, z)));
    CHECK(same_or_both_nan(tally::npv(c, z), tally::precision(sc, z)));
    CHECK(same_or_both_nan(tally::recall(c, z), tally::specificity(sc, z)));
    CHECK(same_or_both_nan(tally::specificity(c, z), tally::recall(sc, z)));
    CHECK(same_or_both_nan(tally::fpr(c, z), tally::fnr(sc, z)));
    CHECK(close(tally::mcc(c), tally::mcc(sc)));
    CHECK(close(tally::cohen_kappa(c), tally::cohen_kappa(sc)));
    CHECK(same_or_both_nan(tally::accuracy(c, z), tally::accuracy(sc, z)));
    CHECK(close(tally::balanced_accuracy(c, z), tally::balanced_accuracy(sc, z)));
    // Exchanging truth and prediction: precision <-> recall; MCC, kappa, F1
    // and Jaccard are unchanged.
    CHECK(same_or_both_nan(tally::precision(c, z), tally::recall(sr, z)));
    CHECK(close(tally::mcc(c), tally::mcc(sr)));
    CHECK(close(tally::cohen_kappa(c), tally::cohen_kappa(sr)));
    CHECK(same_or_both_nan(tally::f1(c, z), tally::f1(sr, z)));
    CHECK(same_or_both_nan(tally::jaccard(c, z), tally::jaccard(sr, z)));
    // informedness = recall + specificity - 1, markedness = precision + NPV - 1
    if (c.tp + c.fn > 0 && c.fp + c.tn > 0)
      CHECK(close(tally::informedness(c, z), tally::recall(c, z) + tally::specificity(c, z) - 1));
    if (c.tp + c.fp > 0 && c.fn + c.tn > 0)
      CHECK(close(tally::markedness(c, z), tally::precision(c, z) + tally::npv(c, z) - 1));
  }

  // The same identities through the label functions.
  for (int round = 0; round < 40; ++round) {
    const std::size_t n = 2 + g() % 200;
    const auto yt = random_labels(g, n, 2);
    const auto yp = noisy_copy(g, yt, 2, 0.7);
    std::vector<int> nt(n), np(n);
    for (std::size_t i = 0; i < n; ++i) nt[i] = 1 - yt[i], np[i] = 1 - yp[i];
    const auto c = tally::count_binary(yt, yp, tally::pos_label(1));
    CHECK(tally::count_binary(nt, np, tally::pos_label(1)) == swap_classes(c));
    CHECK(tally::count_binary(yp, yt, tally::pos_label(1)) == swap_roles(c));
    CHECK(close(tally::matthews_corrcoef(yt, yp), tally::matthews_corrcoef(yp, yt)));
    CHECK(close(tally::matthews_corrcoef(yt, yp), tally::matthews_corrcoef(nt, np)));
    CHECK(close(tally::cohen_kappa_score(yt, yp), tally::cohen_kappa_score(yp, yt)));
    CHECK(close(tally::precision_score(yt, yp, tally::zero_division::zero),
                tally::recall_score(yp, yt, tally::zero_division::zero)));

    const auto mt = random_labels(g, n, 5);
    const auto mp = noisy_copy(g, mt, 5, 0.4);
    CHECK(close(tally::matthews_corrcoef(mt, mp), tally::matthews_corrcoef(mp, mt)));
    for (auto wk : {tally::kappa_weights::none, tally::kappa_weights::linear,
                    tally::kappa_weights::quadratic})
      CHECK(close(tally::cohen_kappa_score(mt, mp, wk), tally::cohen_kappa_score(mp, mt, wk)));
  }
}

TEST_CASE("ROC AUC is the Mann-Whitney statistic with ties counted one half") {
  rng_t g(16);
  for (int round = 0; round < 60; ++round) {
    const std::size_t n = 2 + g() % 250;
    std::vector<int> y(n);
    std::vector<double> s(n), w(n), ones(n, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = static_cast<int>(g() % 2);
      // few distinct values: many ties, within and across classes
      s[i] = round % 2 == 0 ? static_cast<double>(g() % 6) : static_cast<double>(g() % 1000) / 7.0;
      w[i] = 0.25 * static_cast<double>(1 + g() % 8);
    }
    y[0] = 0;
    y[1] = 1;
    CHECK(close(tally::roc_auc_score(y, s), mann_whitney(y, s, ones), 1e-12));
    CHECK(close(tally::roc_auc_score(y, s, tally::sample_weight(w)), mann_whitney(y, s, w), 1e-12));
    const auto roc = tally::roc_curve(y, s);
    CHECK(close(tally::auc(roc.fpr, roc.tpr), mann_whitney(y, s, ones), 1e-12));
  }
}

TEST_CASE("identical results across kernel families and thread counts") {
  rng_t g(17);
  const std::size_t n = 300000 + g() % 1000; // enough for several threads
  const auto yt = random_labels(g, n, 7);
  const auto yp = noisy_copy(g, yt, 7, 0.6);
  std::vector<std::int8_t> t8(n), p8(n);
  std::vector<std::uint16_t> t16(n), p16(n);
  std::vector<std::int64_t> t64(n), p64(n);
  std::vector<float> tf(n), pf(n);
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) {
    t8[i] = static_cast<std::int8_t>(yt[i] - 3);
    p8[i] = static_cast<std::int8_t>(yp[i] - 3);
    t16[i] = static_cast<std::uint16_t>(yt[i] * 1000);
    p16[i] = static_cast<std::uint16_t>(yp[i] * 1000);
    t64[i] = std::int64_t{yt[i]} << 40;
    p64[i] = std::int64_t{yp[i]} << 40;
    tf[i] = static_cast<float>(yt[i]);
    pf[i] = static_cast<float>(yp[i]);
    w[i] = 0.5 * static_cast<double>(g() % 5);
  }

  REQUIRE(tally::set_kernel_isa(tally::kernel_isa::scalar));
  const auto m32 = tally::confusion_matrix(yt, yp);
  const auto m8 = tally::confusion_matrix(t8, p8);
  const auto m16 = tally::confusion_matrix(t16, p16);
  const auto m64 = tally::confusion_matrix(t64, p64);
  const auto mf = tally::confusion_matrix(tf, pf);
  const auto mw = tally::confusion_matrix(yt, yp, tally::sample_weight(w));
  const auto b32 = tally::count_binary(yt, yp, tally::pos_label(3));
  const auto bf = tally::count_binary(tf, pf, tally::pos_label(3.0f));
  const double f1 = tally::f1_score(t8, p8, tally::average::macro);
  const double f1w = tally::f1_score(yt, yp, tally::average::weighted, tally::sample_weight(w));

  const tally::kernel_isa all[] = {tally::kernel_isa::scalar, tally::kernel_isa::sse2,
                                   tally::kernel_isa::avx2, tally::kernel_isa::avx512,
                                   tally::kernel_isa::neon};
  int families = 0;
  for (tally::kernel_isa isa : all) {
    if (!tally::kernel_isa_supported(isa)) continue;
    ++families;
    CAPTURE(tally::kernel_isa_name(isa));
    REQUIRE(tally::set_kernel_isa(isa));
    CHECK(tally::active_kernel_isa() == isa);
    CHECK(tally::confusion_matrix(yt, yp) == m32);
    CHECK(tally::confusion_matrix(t8, p8) == m8);
    CHECK(tally::confusion_matrix(t16, p16) == m16);
    CHECK(tally::confusion_matrix(t64, p64) == m64);
    CHECK(tally::confusion_matrix(tf, pf) == mf);
    CHECK(tally::confusion_matrix(yt, yp, tally::sample_weight(w)) == mw);
    CHECK(tally::count_binary(yt, yp, tally::pos_label(3)) == b32);
    CHECK(tally::count_binary(tf, pf, tally::pos_label(3.0f)) == bf);
    CHECK(tally::f1_score(t8, p8, tally::average::macro) == f1);
    CHECK(tally::f1_score(yt, yp, tally::average::weighted, tally::sample_weight(w)) == f1w);

    for (unsigned threads : {1u, 2u, 3u, 4u, 7u}) {
      CAPTURE(threads);
      CHECK(tally::parallel_confusion_matrix(yt, yp, 7, threads) == m32);
      CHECK(tally::parallel_count_binary(yt, yp, 3, threads) == b32);
      CHECK(tally::parallel_count_binary(tf, pf, 3.0f, threads) == bf);
    }
  }
  CHECK(families >= 1);
  tally::reset_kernel_isa();
}
