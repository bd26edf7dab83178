// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The tally authors
#ifndef TALLY_HPP
#define TALLY_HPP

// tally: classification metrics for C++17, with scikit-learn's numbers.
// The umbrella header: everything except the optional headers that pull in
// extra dependencies (tally/mpi.hpp).

#include "tally/classification.hpp"
#include "tally/classification_report.hpp"
#include "tally/explain.hpp"
#include "tally/config.hpp"
#include "tally/confusion_matrix.hpp"
#include "tally/counts.hpp"
#include "tally/metrics.hpp"
#include "tally/options.hpp"
#include "tally/version.hpp"

#endif // TALLY_HPP
