#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
#
# Runs one libFuzzer target for a bounded time, starting from its committed
# seed corpus (copied, so the committed one is never modified), and fails on
# any crash, leak, timeout, out-of-memory or mismatch.
#
#   tests/fuzz/run.sh TARGET SECONDS     e.g. tests/fuzz/run.sh kernels 60
#
# TARGET is the name after fuzz_ (kernels, labels, curves, deserialize).
# FUZZ_BUILD_DIR: the build tree with the fuzzers (default build/fuzz).
# A failing input is kept in $FUZZ_ARTIFACTS (default build/fuzz-artifacts).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 TARGET SECONDS" >&2
  exit 2
fi
target=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build/fuzz}
artifacts=${FUZZ_ARTIFACTS:-$root/build/fuzz-artifacts}

exe=$(find "$build" -type f -name "fuzz_$target" -perm -u+x | head -n 1)
if [ -z "$exe" ]; then
  echo "run.sh: fuzz_$target not found under $build (build the tally_fuzzers target)" >&2
  exit 2
fi
seeds=$here/corpus/$target
if [ ! -d "$seeds" ]; then
  echo "run.sh: no seed corpus at $seeds" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$artifacts"
log=$work/log

# halt_on_error: the first sanitizer finding stops the run (and fails it).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

status=0
"$exe" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 -print_final_stats=1 \
  -print_funcs=0 -artifact_prefix="$artifacts/$target-" "$work/corpus" "$seeds" >"$log" 2>&1 ||
  status=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
if [ "$status" -ne 0 ]; then
  echo "fuzz_$target FAILED (exit $status) after ${runs:-?} executions; last output:" >&2
  tail -n 60 "$log" >&2
  exit 1
fi
echo "fuzz_$target: ${runs:-?} executions in ${seconds} s, no crash or mismatch"
