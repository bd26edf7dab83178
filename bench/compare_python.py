#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
"""Times NumPy and scikit-learn on the data and sizes of tally's benchmarks.

Usage: compare_python.py [--sizes 1e3,1e5,1e7] [--max-call-seconds 40]

Data as in bench/bench_common.hpp (same distributions; NumPy's generator, so
not the same bits): binary y_true ~ Bernoulli(0.5), y_pred = y_true with
probability 0.8; multiclass uniform in [0, K), y_pred = y_true w.p. 0.8.
Each call: one warm-up, then repeats for about a second; the median is
reported as labels per second. A peer is skipped at a size when its linear
extrapolation from the previous size exceeds --max-call-seconds. Runs with
whatever NumPy / scikit-learn are importable; missing ones are skipped.
"""
import argparse
import statistics
import time


def timed(fn, budget=1.0, max_reps=41):
    fn()
    samples = []
    start = time.perf_counter()
    while len(samples) < max_reps and (time.perf_counter() - start < budget or len(samples) < 3):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
        if samples[-1] > 1.0 and len(samples) >= 3:
            break
    return statistics.median(samples)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1e3,1e5,1e7")
    ap.add_argument("--max-call-seconds", type=float, default=40.0)
    args = ap.parse_args()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    try:
        import numpy as np
    except ImportError:
        print("numpy is not installed; nothing to compare")
        return 0
    try:
        import sklearn
        from sklearn import metrics
    except ImportError:
        sklearn = None
        metrics = None

    rng = np.random.default_rng(12345)

    def binary(n, dtype):
        t = rng.integers(0, 2, n).astype(dtype)
        keep = rng.random(n) < 0.8
        p = np.where(keep, t, rng.integers(0, 2, n).astype(dtype)).astype(dtype)
        return t, p

    def multiclass(n, k, dtype):
        t = rng.integers(0, k, n).astype(dtype)
        keep = rng.random(n) < 0.8
        p = np.where(keep, t, rng.integers(0, k, n).astype(dtype)).astype(dtype)
        return t, p

    peers = []  # (task, name, make_data, call)
    for dt, tag in ((np.uint8, "u8"), (np.int32, "i32")):
        peers.append((f"binary {tag}", "numpy:bool_masks", lambda n, dt=dt: binary(n, dt),
                      lambda t, p: (np.count_nonzero((t == 1) & (p == 1)),
                                    np.count_nonzero(t == 1), np.count_nonzero(p == 1))))
        peers.append((f"binary {tag}", "numpy:bincount(2t+p)", lambda n, dt=dt: binary(n, dt),
                      lambda t, p: np.bincount(2 * t.astype(np.intp) + p, minlength=4)))
        if metrics is not None:
            peers.append((f"binary {tag}", "sklearn:f1_score", lambda n, dt=dt: binary(n, dt),
                          lambda t, p: metrics.f1_score(t, p)))
            peers.append((f"binary {tag}", "sklearn:confusion_matrix",
                          lambda n, dt=dt: binary(n, dt),
                          lambda t, p: metrics.confusion_matrix(t, p)))
    for k in (10, 1000):
        peers.append((f"K={k} i32", "numpy:bincount(tK+p)",
                      lambda n, k=k: multiclass(n, k, np.int32),
                      lambda t, p, k=k: np.bincount(t.astype(np.intp) * k + p, minlength=k * k)))
        if metrics is not None:
            peers.append((f"K={k} i32", "sklearn:confusion_matrix",
                          lambda n, k=k: multiclass(n, k, np.int32),
                          lambda t, p: metrics.confusion_matrix(t, p)))

    print(f"numpy {np.__version__}" + (f", scikit-learn {sklearn.__version__}" if sklearn else
                                        ", scikit-learn not installed"))
    head = "| task | implementation | " + " | ".join(f"n={n:.0e}".replace("e+0", "e")
                                                      for n in sizes) + " |"
    print(head)
    print("|---" * (len(sizes) + 2) + "|")
    for task, name, make, call in peers:
        cells = []
        last = None
        for n in sizes:
            if last is not None and last[1] * n / last[0] > args.max_call_seconds:
                cells.append("skipped")
                continue
            t, p = make(n)
            s = timed(lambda: call(t, p))
            last = (n, s)
            r = n / s
            cells.append(f"{r / 1e9:.3g}G/s" if r >= 1e9 else f"{r / 1e6:.3g}M/s")
        print(f"| {task} | {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
