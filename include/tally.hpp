// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_HPP
#define TALLY_HPP

// tally: classification metrics for C++17, with scikit-learn's numbers.
//
// The umbrella header: everything except the opt-in headers, which pull in
// I/O or an external dependency:
//   <tally/explain_io.hpp>  operator<< for explanations (<ostream>)
//   <tally/mpi.hpp>         reductions over MPI communicators (<mpi.h>)

// clang-format off
#include "tally/version.hpp"
#include "tally/config.hpp"
#include "tally/options.hpp"
#include "tally/counts.hpp"
#include "tally/metrics.hpp"
#include "tally/confusion_matrix.hpp"
#include "tally/classification.hpp"
#include "tally/classification_report.hpp"
#include "tally/ranking.hpp"
#include "tally/losses.hpp"
#include "tally/label_ranking.hpp"
#include "tally/calibration.hpp"
#include "tally/intervals.hpp"
#include "tally/accumulators.hpp"
#include "tally/serialize.hpp"
#include "tally/parallel.hpp"
#include "tally/explain.hpp"
// clang-format on

#endif // TALLY_HPP
