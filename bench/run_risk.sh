#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Microdata risk: sdc (Google Benchmark) versus sdcMicro on the same synthetic data.
# Usage: bash bench/run_risk.sh [BUILD_DIR]   (default build-bench-risk)
# Prints a markdown table of median times and ratios (the figures of docs/benchmarks.md).
set -euo pipefail
. "$(dirname "$0")/common.sh"
bench_setup "${1:-}" build-bench-risk
bench_build bench_risk bench_risk_memory
bench_run_sdc bench_risk
bench_run_peer risk_sdcmicro.R 3

python3 - "$root/bench" "$work/sdc.json" "$work/peer.txt" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from bench_medians import load
sdc, peer = load(sys.argv[2], sys.argv[3])
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
