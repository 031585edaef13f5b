# SPDX-License-Identifier: MIT
"""Benchmark: sdc.crosstab (build, check every cell, primary suppression) against
pandas.crosstab alone, on a 20 x 10 table of 1M and 10M records, with text columns (the time
includes sdc's factorisation; text as pandas.read_csv gives it, one object per distinct value,
and text with one object per record) and with categorical columns.

Run (after building with -DSDC_BUILD_PYTHON=ON):

    PYTHONPATH=build/python /usr/bin/python3 bench/python/bench_crosstab.py [--sizes 1000000 10000000]

Prints a markdown table (best of --repeat runs each); docs/benchmarks.md records the figures.
"""
import argparse
import gc
import os
import platform
import time

import numpy as np
import pandas as pd

import sdc


def make_data(n, seed=1):
    rng = np.random.default_rng(seed)
    regions = np.array([f"region_{i:02d}" for i in range(20)], dtype=object)
    sectors = np.array([f"sector_{i}" for i in range(10)], dtype=object)
    # skewed frequencies so that some cells fail the threshold on small samples
    region = regions[np.minimum(rng.geometric(0.15, n) - 1, 19)]
    sector = sectors[rng.integers(0, 10, n)]
    return pd.DataFrame({"region": region, "sector": sector, "wage": rng.gamma(2.0, 1500.0, n)})


def best_of(repeat, function):
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rows = []
    for n in args.sizes:
        text = make_data(n)
        # The same text, one string object per record (as built row by row, unlike read_csv,
        # which shares one object per distinct value): sdc's factorisation fast path cannot help.
        per_row = text.assign(region=np.array(text["region"].to_numpy().astype("U"), dtype=object),
                              sector=np.array(text["sector"].to_numpy().astype("U"), dtype=object))
        categorical = text.astype({"region": "category", "sector": "category"})
        for kind, df in (("text", text), ("text, one object per row", per_row), ("categorical", categorical)):
            cases = [
                ("count", lambda: pd.crosstab(df["region"], df["sector"], margins=True),
                 lambda: sdc.crosstab(df, "region", "sector", suppress=True)),
                ("sum", lambda: pd.crosstab(df["region"], df["sector"], values=df["wage"], aggfunc="sum",
                                            margins=True),
                 lambda: sdc.crosstab(df, "region", "sector", values="wage", aggfunc="sum", suppress=True)),
            ]
            for stat, pandas_call, sdc_call in cases:
                t_pandas, expected = best_of(args.repeat, pandas_call)
                t_sdc, result = best_of(args.repeat, sdc_call)
                # same numbers (pandas calls its margin "All", sdc "Total")
                ours = result.table.rename(index={"Total": "All"}, columns={"Total": "All"})
                np.testing.assert_allclose(ours.to_numpy(dtype=float), expected.to_numpy(dtype=float), rtol=1e-9)
                rows.append((f"{n:,}", kind, stat, t_pandas, t_sdc, t_pandas / t_sdc))
        del text, per_row, categorical
        gc.collect()

    print(f"sdc {sdc.__version__}, pandas {pd.__version__}, numpy {np.__version__}, Python "
          f"{platform.python_version()}, {os.cpu_count()} CPUs; best of {args.repeat}")
    print()
    print("| records | columns | statistic | pandas.crosstab (s) | sdc.crosstab + checks + suppression (s) | speed-up |")
    print("|---:|---|---|---:|---:|---:|")
    for n, kind, stat, t_pandas, t_sdc, ratio in rows:
        print(f"| {n} | {kind} | {stat} | {t_pandas:.3f} | {t_sdc:.3f} | {ratio:.1f}x |")


if __name__ == "__main__":
    main()
