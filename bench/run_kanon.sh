#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# k-anonymity by local suppression: sdc (Google Benchmark) versus sdcMicro kAnon on the same
# synthetic data (20,000 records, 6 keys, k = 2).
# Usage: bash bench/run_kanon.sh [BUILD_DIR]   (default build-bench-risk)
# Prints the sanity figures of both and a markdown table (the figures of docs/benchmarks.md).
# sdcMicro's kAnon takes minutes (about 150 s of CPU): it runs once.
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
cmake --build "$build" -j2 --target bench_local_suppression >/dev/null

"$build/bench/bench_local_suppression" --export "$work"
"$build/bench/bench_local_suppression" --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true --benchmark_out="$work/sdc.json" \
  --benchmark_out_format=json >/dev/null
Rscript "$root/bench/peers/kanon_sdcmicro.R" "$work" 1 | tee "$work/sdcmicro.txt" | grep '^#' || true

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
print("| task | sdcMicro `kAnon` wall | sdcMicro CPU | sdc wall | sdc CPU | ratio wall | ratio CPU |")
print("|---|---|---|---|---|---|---|")
wall, cpu = sdc["BM_local_suppression_20k"]
t_wall, t_cpu = peer["kanon_20k"]
print(f"| 20k records, 6 keys, k = 2 | {t_wall:.1f} s | {t_cpu:.1f} s | {wall:.1f} ms | {cpu:.1f} ms "
      f"| {t_wall * 1000 / wall:.0f}x | {t_cpu * 1000 / cpu:.0f}x |")
wall, cpu = sdc["BM_local_suppression_20k_k5"]
print(f"| same data, k = 5 | not run | | {wall:.1f} ms | {cpu:.1f} ms | | |")
PY
