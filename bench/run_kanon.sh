#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# k-anonymity by local suppression: sdc (Google Benchmark) versus sdcMicro kAnon on the same
# synthetic data (20,000 records, 6 keys, k = 2).
# Usage: bash bench/run_kanon.sh [BUILD_DIR]   (default build-bench-risk)
# Prints the sanity figures of both and a markdown table (the figures of docs/benchmarks.md).
# sdcMicro's kAnon takes minutes (about 150 s of CPU): it runs once.
set -euo pipefail
. "$(dirname "$0")/common.sh"
bench_setup "${1:-}" build-bench-risk
bench_build bench_local_suppression
bench_run_sdc bench_local_suppression
bench_run_peer kanon_sdcmicro.R 1

python3 - "$root/bench" "$work/sdc.json" "$work/peer.txt" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from bench_medians import load
sdc, peer = load(sys.argv[2], sys.argv[3])
print("| task | sdcMicro `kAnon` wall | sdcMicro CPU | sdc wall | sdc CPU | ratio wall | ratio CPU |")
print("|---|---|---|---|---|---|---|")
wall, cpu = sdc["BM_local_suppression_20k"]
t_wall, t_cpu = peer["kanon_20k"]
print(f"| 20k records, 6 keys, k = 2 | {t_wall:.1f} s | {t_cpu:.1f} s | {wall:.1f} ms | {cpu:.1f} ms "
      f"| {t_wall * 1000 / wall:.0f}x | {t_cpu * 1000 / cpu:.0f}x |")
wall, cpu = sdc["BM_local_suppression_20k_k5"]
print(f"| same data, k = 5 | not run | | {wall:.1f} ms | {cpu:.1f} ms | | |")
PY
