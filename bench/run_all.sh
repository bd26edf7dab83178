#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
#
# Runs every benchmark program of one build and writes one JSON file per
# program: run_all.sh BUILD_DIR OUT_PREFIX [extra benchmark flags]
# Medians of 5 repetitions. TALLY_BENCH_1E8=1 adds n = 1e8.
set -eu
build="$1"
out="$2"
shift 2
for b in binary matrix multilabel public; do
  "$build/bench/bench_$b" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="${out}_$b.json" --benchmark_out_format=json "$@" > /dev/null
done
