#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
"""Builds the bench/README.md results table from Google Benchmark JSON files.

Usage: make_table.py "TITLE=GLOB" ["TITLE=GLOB" ...]
  e.g. make_table.py "-O3 -march=native=results/native_*.json" \
                     "-O2, no -march=results/o2_*.json"
  (the title is everything before the last '=').

Each row pairs a benchmark with its naive loop and its streaming-read
reference from the same binary and the same run, and prints labels/s, the
ratio to the naive loop (x naive) and the fraction of the read reference
(x read). Medians of the repetitions; rates use CPU time, except the
two-thread rows, which use wall time.
"""
import glob
import json
import sys

ROWS = [
    # (label, benchmark, naive, read)
    ("binary u8 `f1_score`", "BM_f1_score<std::uint8_t>", "BM_f1_naive<std::uint8_t>",
     "BM_f1_read<std::uint8_t>"),
    ("binary i32 `f1_score`", "BM_f1_score<std::int32_t>", "BM_f1_naive<std::int32_t>",
     "BM_f1_read<std::int32_t>"),
    ("K=10 i32 `confusion_matrix`", "BM_confusion_matrix<std::int32_t, 10>",
     "BM_confusion_matrix_naive<std::int32_t, 10>", "BM_confusion_matrix_read<std::int32_t, 10>"),
    ("K=1000 i32 `confusion_matrix`", "BM_confusion_matrix<std::int32_t, 1000>",
     "BM_confusion_matrix_naive<std::int32_t, 1000>",
     "BM_confusion_matrix_read<std::int32_t, 10>"),
    ("binary u8, 2 threads (`parallel_count_binary`)", "BM_count_binary_2threads<std::uint8_t>",
     "BM_f1_naive<std::uint8_t>", "BM_read_2threads<std::uint8_t>"),
    ("kernel: binary u8", "BM_binary_kernel<std::uint8_t>",
     "BM_binary_naive_branch<std::uint8_t>", "BM_binary_read<std::uint8_t>"),
    ("kernel: binary i8", "BM_binary_kernel<std::int8_t>", "BM_binary_naive_branch<std::int8_t>",
     "BM_binary_read<std::int8_t>"),
    ("kernel: binary i16", "BM_binary_kernel<std::int16_t>",
     "BM_binary_naive_branch<std::int16_t>", "BM_binary_read<std::int16_t>"),
    ("kernel: binary i32", "BM_binary_kernel<std::int32_t>",
     "BM_binary_naive_branch<std::int32_t>", "BM_binary_read<std::int32_t>"),
    ("kernel: binary i64", "BM_binary_kernel<std::int64_t>",
     "BM_binary_naive_branch<std::int64_t>", "BM_binary_read<std::int64_t>"),
    ("kernel: binary f32", "BM_binary_kernel<float>", "BM_binary_naive_branch<float>",
     "BM_binary_read<float>"),
    ("kernel: binary f64", "BM_binary_kernel<double>", "BM_binary_naive_branch<double>",
     "BM_binary_read<double>"),
    ("kernel: binary u8, SSE2 forced", "BM_binary_forced<std::uint8_t, kernel_isa::sse2>",
     "BM_binary_naive_branch<std::uint8_t>", "BM_binary_read<std::uint8_t>"),
    ("kernel: binary u8, AVX2 forced", "BM_binary_forced<std::uint8_t, kernel_isa::avx2>",
     "BM_binary_naive_branch<std::uint8_t>", "BM_binary_read<std::uint8_t>"),
    ("kernel: binary u8, AVX-512 forced", "BM_binary_forced<std::uint8_t, kernel_isa::avx512>",
     "BM_binary_naive_branch<std::uint8_t>", "BM_binary_read<std::uint8_t>"),
    ("kernel: matrix K=2 i32", "BM_matrix_kernel<std::int32_t, 2>",
     "BM_matrix_naive<std::int32_t, 2>", "BM_matrix_read<std::int32_t, 2>"),
    ("kernel: matrix K=10 i32", "BM_matrix_kernel<std::int32_t, 10>",
     "BM_matrix_naive<std::int32_t, 10>", "BM_matrix_read<std::int32_t, 10>"),
    ("kernel: matrix K=100 i32", "BM_matrix_kernel<std::int32_t, 100>",
     "BM_matrix_naive<std::int32_t, 100>", "BM_matrix_read<std::int32_t, 100>"),
    ("kernel: matrix K=1000 i32", "BM_matrix_kernel<std::int32_t, 1000>",
     "BM_matrix_naive<std::int32_t, 1000>", "BM_matrix_read<std::int32_t, 1000>"),
    ("kernel: matrix K=10 i64", "BM_matrix_kernel<std::int64_t, 10>",
     "BM_matrix_naive<std::int64_t, 10>", "BM_matrix_read<std::int64_t, 10>"),
    ("kernel: matrix K=10 u8", "BM_matrix_kernel<std::uint8_t, 10>",
     "BM_matrix_naive<std::uint8_t, 10>", "BM_matrix_read<std::uint8_t, 10>"),
    ("kernel: label min/max i32", "BM_minmax_kernel<std::int32_t>",
     "BM_minmax_naive<std::int32_t>", None),
    ("kernel: multilabel L=5 u8", "BM_multilabel_kernel<5>", "BM_multilabel_naive<5>",
     "BM_multilabel_read"),
    ("kernel: multilabel L=100 u8", "BM_multilabel_kernel<100>", "BM_multilabel_naive<100>",
     "BM_multilabel_read"),
]


def load(path):
    with open(path) as f:
        data = json.load(f)
    out = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name", "median") != "median":
            continue
        name = b["run_name"] if "run_name" in b else b["name"]
        name = name.replace("/real_time", "")
        base, _, size = name.rpartition("/")
        out[(base, int(size))] = b.get("items_per_second")
    return out, data.get("context", {})


def rate(v):
    if v is None:
        return "-"
    for unit, div in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if v >= div:
            return f"{v / div:.3g}{unit}"
    return f"{v:.3g}"


def table(results, title):
    sizes = sorted({s for (_, s) in results})
    print(f"\n### {title}\n")
    head = "| task | " + " | ".join(f"n={s:.0e}".replace("e+0", "e") for s in sizes) + " |"
    print(head)
    print("|---" * (len(sizes) + 1) + "|")
    for label, bench, naive, read in ROWS:
        if not any((bench, s) in results for s in sizes):
            continue
        cells = []
        for s in sizes:
            v = results.get((bench, s))
            if v is None:
                cells.append("-")
                continue
            nv = results.get((naive, s)) if naive else None
            rv = results.get((read, s)) if read else None
            parts = [rate(v)]
            if nv:
                parts.append(f"{v / nv:.1f}x naive")
            if rv:
                parts.append(f"{v / rv:.2f} read")
            cells.append(" / ".join(parts))
        print(f"| {label} | " + " | ".join(cells) + " |")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 1
    for arg in sys.argv[1:]:
        title, _, pattern = arg.rpartition("=")
        res, ctx = {}, {}
        for path in sorted(glob.glob(pattern)):
            try:
                r, c = load(path)
            except (OSError, ValueError) as e:
                print(f"skipping {path}: {e}", file=sys.stderr)
                continue
            res.update(r)
            ctx.update(c)
        table(res, f"{title} (kernel family: {ctx.get('tally_kernel_isa', '?')}, "
                   f"{ctx.get('tally_build', '?')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
