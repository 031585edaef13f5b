# SPDX-License-Identifier: MIT
"""Timings of a bench/run_*.sh comparison: the medians of sdc's Google Benchmark JSON and the
peer's lines "name elapsed cpu" (seconds; lines starting with # are sanity output)."""
import json


def load(sdc_json, peer_txt):
    """(sdc, peer): sdc maps a benchmark's run name to (wall, cpu) in milliseconds, peer a task
    name to (elapsed, cpu) in seconds."""
    sdc = {}
    for b in json.load(open(sdc_json))["benchmarks"]:
        if b.get("aggregate_name") == "median":
            sdc[b["run_name"]] = (b["real_time"], b["cpu_time"])  # milliseconds
    peer = {}
    for line in open(peer_txt):
        if line.startswith("#") or not line.strip():
            continue
        name, elapsed, cpu = line.split()
        peer[name] = (float(elapsed), float(cpu))
    return sdc, peer
