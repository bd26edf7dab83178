// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_MPI_HPP
#define TALLY_MPI_HPP

// Reduction of accumulators across the processes of an MPI communicator.
// Optional: not included by <tally.hpp>; include it where <mpi.h> is
// available and link MPI (CMake: find_package(MPI COMPONENTS CXX) and
// MPI::MPI_CXX).
//
//   tally::curve_accumulator<> auc;
//   auc.update(my_labels, my_scores);          // this rank's shard
//   tally::mpi::all_reduce(auc, MPI_COMM_WORLD);
//   double global = auc.roc_auc();             // the same on every rank
//
//   all_reduce(acc, comm)        every rank ends with the sum of all ranks
//   reduce(acc, root, comm)      the root ends with the sum; the others keep
//                                their own state
//
// Both are collective: every rank of the communicator must call them with
// the same accumulator type. Fixed-shape states (binary counts, a matrix with
// declared labels, multilabel counts, binned curves) are summed in place with
// MPI_Allreduce / MPI_Reduce after the ranks check, also collectively, that
// their shapes agree (same positive label, labels, number of labels or
// threshold grid). Exact curves and growing matrices go through their byte
// form (tally/serialize.hpp): gathered on the root, merged in rank order,
// and for all_reduce broadcast back. Merging states that do not match (for
// example different declared labels) throws std::invalid_argument on every
// rank, never on one rank only, so no rank is left waiting. Unweighted counts
// are exact; weighted (double) sums are left to MPI's summation order, and a
// sum past the largest double throws on every rank that receives it, the
// state left as it was.

#include "accumulators.hpp"
#include "config.hpp"
#include "detail/error.hpp"
#include "serialize.hpp"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

TALLY_NAMESPACE_BEGIN
namespace mpi {
namespace detail {

inline void check(int rc, const char* call) {
  if (rc != MPI_SUCCESS)
    TALLY_THROW(std::runtime_error(std::string("tally::mpi: ") + call + " failed (error " +
                                   std::to_string(rc) + ")"));
}

template <class T>
MPI_Datatype datatype() noexcept {
  if constexpr (std::is_same_v<T, double>)
    return MPI_DOUBLE;
  else
    return MPI_UINT64_T;
}

// The smallest and largest value of v over the communicator.
inline void min_max(std::uint64_t v, std::uint64_t& lo, std::uint64_t& hi, MPI_Comm comm) {
  std::uint64_t x[2] = {v, ~v};
  check(MPI_Allreduce(MPI_IN_PLACE, x, 2, MPI_UINT64_T, MPI_MIN, comm), "MPI_Allreduce");
  lo = x[0];
  hi = ~x[1];
}

// Throws on every rank unless every rank passed the same fingerprint.
inline void agree(std::uint64_t fingerprint, MPI_Comm comm, const char* what) {
  std::uint64_t lo = 0, hi = 0;
  min_max(fingerprint, lo, hi, comm);
  if (lo != hi)
    tally::detail::throw_invalid_argument(std::string("tally::mpi: the ranks' ") + what +
                                          " differ; their accumulators cannot be merged");
}

template <class Acc>
std::uint64_t shape_fingerprint(const Acc& acc) {
  const std::vector<std::uint8_t> b = serialize(acc.empty_like());
  return tally::detail::fnv1a(b.data(), b.size());
}

// Sums n counts over the ranks (in place; to the root only when !all).
// Weighted sums that pass the largest double leave the state as it was and
// throw on every rank that receives the sum.
template <class T>
void sum(T* data, std::size_t n, bool all, int root, MPI_Comm comm) {
  int rank = 0;
  check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  const bool receives = all || rank == root;
  std::vector<T> before;
  if constexpr (std::is_same_v<T, double>) {
    if (receives) before.assign(data, data + n);
  }
  constexpr std::size_t chunk = std::size_t{1} << 28;
  for (std::size_t at = 0; at < n; at += chunk) {
    const int len = static_cast<int>((std::min)(chunk, n - at));
    if (all)
      check(MPI_Allreduce(MPI_IN_PLACE, data + at, len, datatype<T>(), MPI_SUM, comm),
            "MPI_Allreduce");
    else if (rank == root)
      check(MPI_Reduce(MPI_IN_PLACE, data + at, len, datatype<T>(), MPI_SUM, root, comm),
            "MPI_Reduce");
    else
      check(MPI_Reduce(data + at, nullptr, len, datatype<T>(), MPI_SUM, root, comm), "MPI_Reduce");
  }
  if constexpr (std::is_same_v<T, double>) {
    if (!receives) return;
    for (std::size_t i = 0; i < n; ++i) {
      if (data[i] <= (std::numeric_limits<double>::max)()) continue;
      std::copy(before.begin(), before.end(), data);
      tally::detail::throw_invalid_argument(
          "tally::mpi: the summed weights pass the largest double (count " + std::to_string(i) +
          " of " + std::to_string(n) + "); the state is unchanged; scale the weights down");
    }
  }
}

template <class Acc>
void sum_counts(Acc& acc, bool all, int root, MPI_Comm comm) {
  if (!all) {
    // non-root ranks keep their own counts: reduce a copy
    int rank = 0;
    check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
    if (rank != root) {
      Acc copy = acc;
      tally::detail::accumulator_access::visit_counts(
          copy, [&](auto* data, std::size_t n) { sum(data, n, false, root, comm); });
      return;
    }
  }
  tally::detail::accumulator_access::visit_counts(
      acc, [&](auto* data, std::size_t n) { sum(data, n, all, root, comm); });
}

// Broadcasts bytes from the root (size first).
inline void broadcast(std::vector<std::uint8_t>& bytes, int root, MPI_Comm comm) {
  std::uint64_t size = bytes.size();
  check(MPI_Bcast(&size, 1, MPI_UINT64_T, root, comm), "MPI_Bcast");
  bytes.resize(static_cast<std::size_t>(size));
  constexpr std::size_t chunk = std::size_t{1} << 30;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    const int len = static_cast<int>((std::min)(chunk, bytes.size() - at));
    check(MPI_Bcast(bytes.data() + at, len, MPI_BYTE, root, comm), "MPI_Bcast");
  }
}

// Gathers every rank's byte form on the root, merges in rank order there and
// (all) broadcasts the result. Errors reach every rank.
template <class Acc>
void gather_merge(Acc& acc, bool all, int root, MPI_Comm comm) {
  int rank = 0, size = 0;
  check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  check(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  std::vector<std::uint8_t> mine = serialize(acc);
  std::uint64_t total = mine.size();
  check(MPI_Allreduce(MPI_IN_PLACE, &total, 1, MPI_UINT64_T, MPI_SUM, comm), "MPI_Allreduce");
  if (total > static_cast<std::uint64_t>(INT_MAX))
    tally::detail::throw_invalid_argument(
        "tally::mpi: the gathered states take " + std::to_string(total) +
        " bytes, more than one MPI message holds (" + std::to_string(INT_MAX) + ")");
  const int my_size = static_cast<int>(mine.size());
  std::vector<int> sizes(rank == root ? static_cast<std::size_t>(size) : 0);
  check(MPI_Gather(&my_size, 1, MPI_INT, sizes.data(), 1, MPI_INT, root, comm), "MPI_Gather");
  std::vector<int> offsets(sizes.size());
  std::vector<std::uint8_t> everything;
  if (rank == root) {
    int at = 0;
    for (std::size_t r = 0; r < sizes.size(); ++r) {
      offsets[r] = at;
      at += sizes[r];
    }
    everything.resize(static_cast<std::size_t>(at));
  }
  check(MPI_Gatherv(mine.data(), my_size, MPI_BYTE, everything.data(), sizes.data(), offsets.data(),
                    MPI_BYTE, root, comm),
        "MPI_Gatherv");
  // the root merges; every rank learns whether that worked
  std::vector<std::uint8_t> result;
  std::vector<std::uint8_t> message;
  if (rank == root) {
#if TALLY_HAS_EXCEPTIONS
    try {
#endif
      Acc merged = acc.empty_like();
      for (std::size_t r = 0; r < sizes.size(); ++r)
        merged.merge(
            deserialize<Acc>(everything.data() + offsets[r], static_cast<std::size_t>(sizes[r])));
      result = serialize(merged);
#if TALLY_HAS_EXCEPTIONS
    } catch (const std::exception& e) {
      const std::string what = e.what();
      message.assign(what.begin(), what.end());
      if (message.empty()) message.push_back('?');
    }
#endif
  }
  broadcast(message, root, comm);
  if (!message.empty())
    tally::detail::throw_invalid_argument(std::string(message.begin(), message.end()));
  if (all) broadcast(result, root, comm);
  if (all || rank == root) acc = deserialize<Acc>(result);
}

template <class T, class L>
void reduce_impl(binary_accumulator<T, L>& acc, bool all, int root, MPI_Comm comm) {
  agree(shape_fingerprint(acc), comm, "positive labels");
  sum_counts(acc, all, root, comm);
}

template <class T, class L>
void reduce_impl(binned_curve_accumulator<T, L>& acc, bool all, int root, MPI_Comm comm) {
  agree(shape_fingerprint(acc), comm, "positive labels or threshold grids");
  sum_counts(acc, all, root, comm);
}

template <class T>
void reduce_impl(multilabel_accumulator<T>& acc, bool all, int root, MPI_Comm comm) {
  // unconfigured ranks (no data yet) take the others' number of labels
  const std::uint64_t mine = acc.configured() ? acc.n_labels() + 1 : 0;
  std::uint64_t lo = 0, hi = 0;
  min_max(acc.configured() ? mine : ~std::uint64_t{0}, lo, hi, comm);
  std::uint64_t most = 0, ignored = 0;
  min_max(mine, ignored, most, comm);
  if (most == 0) return; // nobody has data
  if (lo != most)
    tally::detail::throw_invalid_argument(
        "tally::mpi: the ranks' multilabel accumulators have different numbers of labels");
  if (!acc.configured()) acc.merge(multilabel_accumulator<T>(static_cast<std::size_t>(most - 1)));
  sum_counts(acc, all, root, comm);
}

template <class L, class T>
void reduce_impl(matrix_accumulator<L, T>& acc, bool all, int root, MPI_Comm comm) {
  std::uint64_t lo = 0, hi = 0;
  min_max(acc.fixed_labels() ? 1 : 0, lo, hi, comm);
  if (lo == 1) { // every rank declared its labels: sum the cells
    agree(shape_fingerprint(acc), comm, "declared labels");
    sum_counts(acc, all, root, comm);
  } else {
    gather_merge(acc, all, root, comm);
  }
}

template <class T, class L>
void reduce_impl(curve_accumulator<T, L>& acc, bool all, int root, MPI_Comm comm) {
  agree(shape_fingerprint(acc), comm, "positive labels");
  gather_merge(acc, all, root, comm);
}

} // namespace detail

/// Every rank's accumulator becomes the merge of all ranks' accumulators.
template <class Acc>
void all_reduce(Acc& acc, MPI_Comm comm = MPI_COMM_WORLD) {
  detail::reduce_impl(acc, true, 0, comm);
}

/// The root's accumulator becomes the merge of all ranks' accumulators; the
/// other ranks' accumulators are left as they were.
template <class Acc>
void reduce(Acc& acc, int root = 0, MPI_Comm comm = MPI_COMM_WORLD) {
  detail::reduce_impl(acc, false, root, comm);
}

} // namespace mpi
TALLY_NAMESPACE_END

#endif // TALLY_MPI_HPP
