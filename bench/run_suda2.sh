#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SUDA2 and l-diversity: sdc (Google Benchmark) versus sdcMicro on the same synthetic data.
# Usage: bash bench/run_suda2.sh [BUILD_DIR]   (default build-bench-suda2)
#        TASKS=ldiv bash bench/run_suda2.sh ...   l-diversity only (TASKS=suda2: SUDA2 only)
# Prints the sanity figures of both (sums of scores must agree) and a markdown table of median
# times and ratios (the figures of docs/benchmarks.md). Takes a few minutes: sdcMicro's SUDA2
# on 100k x 12 alone runs over a minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-bench-suda2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tasks="${TASKS:-suda2,ldiv}"

# An existing build directory is reused as configured (its tests stay); a new one is set up
# for the benchmarks only.
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSDC_BUILD_BENCH=ON \
    -DSDC_BUILD_TESTS=OFF -DSDC_BUILD_CLI=OFF >/dev/null
fi
cmake --build "$build" -j2 --target bench_suda2 bench_l_diversity >/dev/null

echo '{"benchmarks": []}' >"$work/sdc_suda2.json"
echo '{"benchmarks": []}' >"$work/sdc_ldiv.json"
if [[ "$tasks" == *suda2* ]]; then
  "$build/bench/bench_suda2" --export "$work"
  "$build/bench/bench_suda2" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_out="$work/sdc_suda2.json" --benchmark_out_format=json >/dev/null
fi
if [[ "$tasks" == *ldiv* ]]; then
  "$build/bench/bench_l_diversity" --export "$work"
  "$build/bench/bench_l_diversity" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$work/sdc_ldiv.json" --benchmark_out_format=json >/dev/null
fi
Rscript "$root/bench/peers/suda2_sdcmicro.R" "$work" 3 "$tasks" | tee "$work/sdcmicro.txt" | grep '^#' || true

python3 - "$work/sdc_suda2.json" "$work/sdc_ldiv.json" "$work/sdcmicro.txt" <<'PY'
import json, sys
sdc = {}
for path in sys.argv[1:3]:
    for b in json.load(open(path))["benchmarks"]:
        if b.get("aggregate_name") == "median":
            sdc[b["run_name"]] = (b["real_time"], b["cpu_time"])  # milliseconds
peer = {}
for line in open(sys.argv[3]):
    if line.startswith("#") or not line.strip():
        continue
    name, elapsed, cpu = line.split()
    peer[name] = (float(elapsed), float(cpu))
rows = [
    ("SUDA2, 1M records, 6 keys", "suda2_bench/1000000/6/iterations:1/real_time", "suda2_1m_6", "`suda2`"),
    ("SUDA2, 1M records, 8 keys", "suda2_bench/1000000/8/iterations:1/real_time", "suda2_1m_8", "`suda2`"),
    ("SUDA2, 100k records, 12 keys", "suda2_bench/100000/12/iterations:1/real_time", "suda2_100k_12", "`suda2`"),
    ("l-diversity, 1M records, 6 keys, 1 sensitive: the result, per-record values as views",
     "l_diversity_1m/real_time", "ldiversity_1m", "`ldiversity`"),
    ("same + every record's distinct, entropy and recursive l read through the views",
     "l_diversity_1m_read_per_record/real_time", "ldiversity_1m", "`ldiversity`"),
    ("same + the 3 per-record vectors of the variable materialised (`to_vector()`)",
     "l_diversity_1m_materialise/3/real_time", "ldiversity_1m", "`ldiversity`"),
    ("same + all 6 per-record vectors (with the minima over variables) materialised",
     "l_diversity_1m_materialise/6/real_time", "ldiversity_1m", "`ldiversity`"),
]
print("| task | sdcMicro wall | sdcMicro CPU | sdc wall | sdc CPU | ratio wall | ratio CPU |")
print("|---|---|---|---|---|---|---|")
for label, ours, theirs, fn in rows:
    if ours not in sdc or theirs not in peer:
        continue
    wall, cpu = sdc[ours]
    t_wall, t_cpu = peer[theirs]
    print(f"| {label} | {fn} {t_wall:.2f} s | {t_cpu:.2f} s | {wall / 1000:.3f} s | {cpu / 1000:.3f} s "
          f"| {t_wall * 1000 / wall:.0f}x | {t_cpu * 1000 / cpu:.0f}x |")
for name, label in [("group_by_keys_1m/real_time", "grouping kernel alone, same keys"),
                    ("t_closeness_1m/real_time", "t-closeness (ordered EMD), same data")]:
    if name in sdc:
        wall, cpu = sdc[name]
        print(f"| {label} | none | | {wall / 1000:.3f} s | {cpu / 1000:.3f} s | | |")
PY
