// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
//
// Shards across MPI ranks, one global report.
//
// Every rank generates the same synthetic evaluation set (a three-class
// classifier with a score for class 1), counts only its own shard (uneven
// contiguous pieces) into accumulators, and reduces them over
// MPI_COMM_WORLD. Each rank then checks its reduced state against the state
// counted from the whole data set in one process; the program fails if any
// rank disagrees.
//
//   mpirun -np 4 ./mpi_reduce

#include <tally/accumulators.hpp>
#include <tally/mpi.hpp>
#include <tally/serialize.hpp>

#include <mpi.h>

#include <cstddef>
#include <cstdio>
#include <exception>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct data {
  std::vector<int> y_true, y_pred, is_one;
  std::vector<double> score, weight;
  std::vector<std::vector<int>> tags_true, tags_pred;
};

data make_data(std::size_t n) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> cls(0, 2);
  std::bernoulli_distribution right(0.7), tag(0.3);
  std::normal_distribution<double> noise(0.0, 0.15);
  std::uniform_int_distribution<int> w(1, 8);
  data d;
  for (std::size_t i = 0; i < n; ++i) {
    const int t = cls(rng);
    d.y_true.push_back(t);
    d.y_pred.push_back(right(rng) ? t : cls(rng));
    d.is_one.push_back(t == 1 ? 1 : 0);
    const double s = (t == 1 ? 0.65 : 0.4) + noise(rng);
    d.score.push_back(static_cast<double>(static_cast<int>(s * 1000)) / 1000); // ties
    d.weight.push_back(w(rng) * 0.25);
    d.tags_true.push_back({tag(rng) ? 1 : 0, tag(rng) ? 1 : 0});
    d.tags_pred.push_back({d.tags_true.back()[0], tag(rng) ? 1 : 0});
  }
  return d;
}

template <class V>
std::vector<V> part(const std::vector<V>& v, std::size_t from, std::size_t to) {
  return std::vector<V>(v.begin() + static_cast<std::ptrdiff_t>(from),
                        v.begin() + static_cast<std::ptrdiff_t>(to));
}

struct accumulators {
  tally::binary_accumulator<> binary;
  tally::matrix_accumulator<int> growing;
  tally::matrix_accumulator<int> fixed{0, 1, 2};
  tally::matrix_accumulator<int, double> weighted{0, 1, 2};
  tally::multilabel_accumulator<> tags;
  tally::curve_accumulator<> curve;
  tally::binned_curve_accumulator<> binned{101};

  void update(const data& d, std::size_t from, std::size_t to) {
    if (from == to) return;
    const auto t = part(d.y_true, from, to), p = part(d.y_pred, from, to);
    binary.update(t, p);
    growing.update(t, p);
    fixed.update(t, p);
    weighted.update(t, p, part(d.weight, from, to));
    tags.update(part(d.tags_true, from, to), part(d.tags_pred, from, to));
    curve.update(part(d.is_one, from, to), part(d.score, from, to));
    binned.update(part(d.is_one, from, to), part(d.score, from, to));
  }
  void all_reduce() {
    tally::mpi::all_reduce(binary);
    tally::mpi::all_reduce(growing);
    tally::mpi::all_reduce(fixed);
    tally::mpi::all_reduce(weighted);
    tally::mpi::all_reduce(tags);
    tally::mpi::all_reduce(curve);
    tally::mpi::all_reduce(binned);
  }
  // Byte forms: equal bytes mean equal states.
  [[nodiscard]] std::vector<std::vector<std::uint8_t>> bytes() const {
    return {tally::serialize(binary),   tally::serialize(growing), tally::serialize(fixed),
            tally::serialize(weighted), tally::serialize(tags),    tally::serialize(curve),
            tally::serialize(binned)};
  }
};

int run(int rank, int size) {
  const std::size_t n = 20000;
  const data d = make_data(n);

  accumulators whole; // the single-process result
  whole.update(d, 0, n);

  // uneven shards: rank r gets a piece proportional to r + 1; the last
  // rank's piece may be empty on large communicators
  const auto bound = [&](int r) {
    const std::size_t tri = static_cast<std::size_t>(size) * static_cast<std::size_t>(size + 1) / 2;
    const std::size_t upto = static_cast<std::size_t>(r) * static_cast<std::size_t>(r + 1) / 2;
    return n * upto / tri;
  };
  accumulators mine;
  mine.update(d, bound(rank), bound(rank + 1));
  mine.all_reduce();
  int failures = mine.bytes() == whole.bytes() ? 0 : 1;

  // reduce() to a root: the root gets the total, the others keep theirs
  accumulators again;
  again.update(d, bound(rank), bound(rank + 1));
  const auto own = again.curve;
  tally::mpi::reduce(again.curve, size - 1);
  if (rank == size - 1 ? !(again.curve == whole.curve) : !(again.curve == own)) ++failures;

  // mismatched states are refused on every rank
  tally::binary_accumulator<> odd(rank % 2);
  bool refused = false;
  try {
    tally::mpi::all_reduce(odd);
  } catch (const std::invalid_argument&) {
    refused = true;
  }
  if (size > 1 && !refused) ++failures;

  int all_failures = 0;
  MPI_Allreduce(&failures, &all_failures, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (failures) std::printf("rank %d: reduced state differs from the single-process state\n", rank);
  if (rank == 0) {
    std::printf("%d ranks, %zu samples in uneven shards\n", size, n);
    std::printf("accuracy            %.6f\n", mine.fixed.accuracy());
    std::printf("macro F1            %.6f\n", mine.fixed.f1(tally::average::macro));
    std::printf("MCC                 %.6f\n", mine.growing.mcc());
    std::printf("weighted macro F1   %.6f\n", mine.weighted.f1(tally::average::macro));
    std::printf("tag micro F1        %.6f   hamming loss %.6f\n",
                mine.tags.f1(tally::average::micro), mine.tags.hamming_loss());
    std::printf("ROC AUC (class 1)   %.6f   exact, %zu distinct scores\n", mine.curve.roc_auc(),
                mine.curve.size());
    std::printf("ROC AUC (binned)    %.6f   error bound %.2g\n", mine.binned.roc_auc(),
                mine.binned.roc_auc_error_bound());
    std::printf("average precision   %.6f\n", mine.curve.average_precision());
    std::printf("every rank equals the single-process result: %s\n",
                all_failures == 0 ? "yes" : "NO");
  }
  return all_failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int status = 1;
  try {
    status = run(rank, size);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rank %d: %s\n", rank, e.what());
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  MPI_Finalize();
  return status;
}
