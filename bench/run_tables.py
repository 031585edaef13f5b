#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Table building and checking: sdc (C++ core) versus pandas, on the same data, in one run.

Usage: /usr/bin/python3 bench/run_tables.py [--build build-bench] [--sizes 1000000 10000000]

Generates a 20 x 10 table's microdata with a fixed seed (skewed categories, log-normal values),
writes the arrays as raw binaries, runs bench/bench_tables.cpp on them, times pandas'
crosstab (count with margins) and pivot_table (sum with margins) on the same arrays, and prints
a Markdown table for docs/benchmarks.md.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd


def best_of(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build-bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = os.path.join(root, args.build)
    subprocess.run(["cmake", "-S", root, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DSDC_BUILD_BENCH=ON", "-DSDC_BUILD_TESTS=OFF", "-DSDC_BUILD_CLI=OFF",
                    "-DPython_EXECUTABLE=/usr/bin/python3"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build, "--target", "bench_tables", "-j2"], check=True,
                   stdout=subprocess.DEVNULL)
    rng = np.random.default_rng(20261202)
    lines = ["| records | task | sdc (ms) | pandas (ms) | pandas / sdc |", "|---|---|---|---|---|"]
    for n in args.sizes:
        # Skewed categories so that some cells are small and fail the rules.
        rows = np.minimum(rng.geometric(0.25, n) - 1, 19).astype(np.int32)
        cols = rng.integers(0, 10, n, dtype=np.int32)
        value = rng.lognormal(8.0, 1.0, n)
        with tempfile.TemporaryDirectory() as directory:
            rows.tofile(os.path.join(directory, "rows.i32"))
            cols.tofile(os.path.join(directory, "cols.i32"))
            value.tofile(os.path.join(directory, "value.f64"))
            out = subprocess.run([os.path.join(build, "bench", "bench_tables"), "--data-dir", directory,
                                  "--benchmark_format=json", "--benchmark_min_time=0.5"],
                                 check=True, capture_output=True, text=True)
        results = {b["name"]: b["real_time"] for b in json.loads(out.stdout)["benchmarks"]}
        frame = pd.DataFrame({"row": rows, "col": cols, "value": value})
        crosstab = best_of(lambda: pd.crosstab(frame.row, frame.col, margins=True), args.repeats) * 1e3
        pivot = best_of(lambda: pd.pivot_table(frame, values="value", index="row", columns="col",
                                               aggfunc="sum", margins=True), args.repeats) * 1e3
        pivot_mean = best_of(lambda: pd.pivot_table(frame, values="value", index="row", columns="col",
                                                    aggfunc="mean", margins=True), args.repeats) * 1e3
        for task, ours, theirs in [
            ("count table + checks (pandas: crosstab, margins)", results["table_checked/count_table_checked/real_time"], crosstab),
            ("count table + checks + suppression (pandas: crosstab)",
             results["table_checked/count_table_checked_suppressed/real_time"], crosstab),
            ("sum table + dominance checks + suppression (pandas: pivot_table sum)",
             results["table_checked/sum_table_checked_suppressed/real_time"], pivot),
            ("mean table + checks (pandas: pivot_table mean)", results["table_checked/mean_table_checked/real_time"], pivot_mean),
        ]:
            lines.append(f"| {n:,} | {task} | {ours:.1f} | {theirs:.1f} | {theirs / ours:.0f}x |")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
