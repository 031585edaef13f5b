# SPDX-License-Identifier: MIT
# Shared preamble of the bench/run_*.sh scripts that compare a Google Benchmark binary of sdc
# with an R peer on the same exported data. Source it after `set -euo pipefail`:
#   . "$(dirname "$0")/common.sh"
#   bench_setup "${1:-}" build-bench-risk     # sets root, build, work (removed on exit)
#   bench_build bench_risk                    # builds the targets
#   bench_run_sdc bench_risk                  # exports the data, writes $work/sdc.json (medians of 5)
#   bench_run_peer risk_sdcmicro.R 3          # runs bench/peers/<script> "$work" <repetitions>
# and read both with bench/bench_medians.py.

# bench_setup BUILD_DIR DEFAULT_NAME: the build directory (given, or $root/DEFAULT_NAME) and a
# scratch folder. An existing build directory is reused as configured (its tests stay); a new
# one is set up for the benchmarks only.
bench_setup() {
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  build="${1:-$root/$2}"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSDC_BUILD_BENCH=ON \
      -DSDC_BUILD_TESTS=OFF -DSDC_BUILD_CLI=OFF >/dev/null
  fi
}

# bench_build TARGET...: builds the benchmark targets (2 jobs).
bench_build() {
  cmake --build "$build" -j2 --target "$@" >/dev/null
}

# bench_run_sdc BINARY: writes the benchmark's data to $work (--export), then times it: medians
# of 5 repetitions in $work/sdc.json.
bench_run_sdc() {
  "$build/bench/$1" --export "$work"
  "$build/bench/$1" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$work/sdc.json" --benchmark_out_format=json >/dev/null
}

# bench_run_peer SCRIPT REPETITIONS: the R peer on the exported data; its timings go to
# $work/peer.txt, its sanity lines (starting with #) to the terminal.
bench_run_peer() {
  Rscript "$root/bench/peers/$1" "$work" "$2" | tee "$work/peer.txt" | grep '^#' || true
}
