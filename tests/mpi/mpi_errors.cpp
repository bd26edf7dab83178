// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
//
// Weighted states whose sum over the ranks passes the largest double: every
// rank holds a total weight of 1e308, so two or more ranks overflow. The
// in-place sums (binary, declared-label matrix) and the merged byte forms
// (exact curve) must throw std::invalid_argument on every rank that receives
// the result and leave each state as it was. Run on two or more processes.

#include <tally/accumulators.hpp>
#include <tally/mpi.hpp>

#include <mpi.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

int failures = 0;

void expect(bool ok, const char* what, int rank) {
  if (!ok) {
    std::fprintf(stderr, "rank %d: %s\n", rank, what);
    ++failures;
  }
}

template <class F>
bool throws_invalid(F&& f, const std::string& needle) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return std::string(e.what()).find(needle) != std::string::npos;
  }
  return false;
}

} // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size < 2) {
    std::fprintf(stderr, "mpi_errors needs two or more processes, got %d\n", size);
    MPI_Finalize();
    return 1;
  }
  const std::vector<int> y{1, 0, 1, 0};
  const std::vector<double> s{0.9, 0.2, 0.6, 0.4};
  const std::vector<double> w{1e308, 0.0, 0.0, 0.0};

  tally::binary_accumulator<double> b;
  b.update(y, y, w);
  expect(throws_invalid([&] { tally::mpi::all_reduce(b, MPI_COMM_WORLD); },
                        "summed weights pass the largest double"),
         "binary all_reduce did not throw", rank);
  expect(b.total() == 1e308, "binary state changed", rank);

  tally::matrix_accumulator<int, double> m({0, 1});
  m.update(y, y, w);
  expect(throws_invalid([&] { tally::mpi::all_reduce(m, MPI_COMM_WORLD); },
                        "summed weights pass the largest double"),
         "matrix all_reduce did not throw", rank);
  expect(m.total() == 1e308, "matrix state changed", rank);

  // reduce: only the root receives the sum, so only the root throws
  const bool root_threw = throws_invalid([&] { tally::mpi::reduce(b, 0, MPI_COMM_WORLD); },
                                         "summed weights pass the largest double");
  expect(root_threw == (rank == 0), "binary reduce threw on the wrong ranks", rank);
  expect(b.total() == 1e308, "binary state changed by reduce", rank);

  tally::curve_accumulator<double> c;
  c.update(y, s, w);
  expect(throws_invalid([&] { tally::mpi::all_reduce(c, MPI_COMM_WORLD); },
                        "the total weight would pass the largest double"),
         "curve all_reduce did not throw", rank);
  expect(c.total() == 1e308, "curve state changed", rank);

  int all_failures = 0;
  MPI_Allreduce(&failures, &all_failures, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0)
    std::printf("mpi_errors: %d ranks, %s\n", size, all_failures == 0 ? "ok" : "FAILED");
  MPI_Finalize();
  return all_failures == 0 ? 0 : 1;
}
