#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
#
# Runs the conformance suite against case sets generated with other seeds:
# for each seed, tests/conformance/generate.py writes a fresh set into a
# temporary folder and tally_conformance checks it. Prints the failing cases
# of every seed and a closing line; exits non-zero if any seed had a failure.
# Needs /usr/bin/python3 with Debian's python3-sklearn and python3-numpy.
#
#   tests/conformance/sweep.sh FIRST_SEED LAST_SEED [BUILD_DIR]
#
# BUILD_DIR holds tests/conformance/tally_conformance (default build/dev).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 FIRST_SEED LAST_SEED [BUILD_DIR]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${3:-$root/build/dev}
runner=$build/tests/conformance/tally_conformance
if [ ! -x "$runner" ]; then
  echo "sweep.sh: $runner not found (build the tally_conformance target)" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bad=0
for seed in $(seq "$1" "$2"); do
  /usr/bin/python3 "$here/generate.py" --seed "$seed" --out "$work/$seed" > /dev/null
  if ! out=$("$runner" "$work/$seed" 2>&1); then
    bad=$((bad + 1))
    echo "seed $seed:"
    echo "$out" | grep -E '^FAIL|passed' | sed 's/^/  /'
  fi
  rm -rf "${work:?}/$seed"
done
echo "sweep: seeds $1-$2, $bad with failures"
[ "$bad" -eq 0 ]
