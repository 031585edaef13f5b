#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Microdata risk: sdc (Google Benchmark) versus sdcMicro on the same synthetic data.
# Usage: bash bench/run_risk.sh [BUILD_DIR]   (default build-bench-risk)
# Prints a markdown table of median times and ratios (the figures of docs/benchmarks.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-bench-risk}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# An existing build directory is reused as configured (its tests stay); a new one is set up
# for the benchmarks only.
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSDC_BUILD_BENCH=ON \
    -DSDC_BUILD_TESTS=OFF -DSDC_BUILD_CLI=OFF >/dev/null
fi
cmake --build "$build" -j2 --target bench_risk bench_risk_memory >/dev/null

"$build/bench/bench_risk" --export "$work"
"$build/bench/bench_risk" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$work/sdc.json" --benchmark_out_format=json >/dev/null
Rscript "$root/bench/peers/risk_sdcmicro.R" "$work" 3 | tee "$work/sdcmicro.txt" | grep '^#' || true

python3 - "$work/sdc.json" "$work/sdcmicro.txt" <<'PY'
import json, sys
sdc = {}
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("aggregate_name") == "median":
        sdc[b["run_name"]] = (b["real_time"], b["cpu_time"])  # milliseconds
peer = {}
for line in open(sys.argv[2]):
    if line.startswith("#") or not line.strip():
        continue
    name, elapsed, cpu = line.split()
    peer[name] = (float(elapsed), float(cpu))
rows = [
    ("fk/Fk, 1M records, 6 keys", "BM_key_frequencies_1M", "freqcalc_1m", "`freqCalc`"),
    ("fk/Fk + individual + global risk, 1M", "BM_measure_risk_1M", "measure_risk_1m", "`measure_risk`"),
    ("same + household risk, 1M (~3 per household)", "BM_household_risk_1M", "household_risk_1m",
     "`measure_risk(hid=)`"),
    ("fk/Fk, NA wildcard alpha 1, 100k, 1% NA per key", "BM_wildcard_100k/100", "wildcard_100k_alpha1",
     "`freqCalc(alpha=1)`"),
    ("fk/Fk, NA wildcard alpha 0.5, 100k, 1% NA per key", "BM_wildcard_100k/50", "wildcard_100k_alpha05",
     "`freqCalc(alpha=0.5)`"),
]
print("| task | sdcMicro wall | sdcMicro CPU | sdc wall | sdc CPU | ratio wall | ratio CPU |")
print("|---|---|---|---|---|---|---|")
for label, ours, theirs, fn in rows:
    wall, cpu = sdc[ours]
    t_wall, t_cpu = peer[theirs]
    print(f"| {label} | {fn} {t_wall:.2f} s | {t_cpu:.2f} s | {wall:.1f} ms | {cpu:.1f} ms "
          f"| {t_wall * 1000 / wall:.0f}x | {t_cpu * 1000 / cpu:.0f}x |")
PY
echo
# Peak memory of the same tasks against the size of the key columns.
"$build/bench/bench_risk_memory"
