"""Peak memory of `collsec simulate` at N and 10N episodes: it should not grow with N.

Each run is the real command (`.venv/bin/collsec simulate`) in its own process; its peak
resident set comes from `os.wait4`, whose `ru_maxrss` is the largest of the process and of
every worker it waited for. The script prints the peak at each size, the growth from N to
10N, and the growth per million episodes; for comparison it prints what the episodes' rows
would take in memory as Parquet-decoded Arrow columns (what holding the run would cost) and
the three float columns the summary once held (24 MB a million).

Target (issue 3, section 8): memory flat for 1,000,000 episodes.

    .venv/bin/python benchmarks/sim_memory.py [--runs 100000] [--factor 10] [--workers 1]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

COLLSEC = Path(sys.executable).with_name("collsec")


def peak_rss_mb(runs: int, workers: int, seed: int, out: Path) -> tuple[float, float]:
    """Run `collsec simulate` once; return its peak RSS in MB and its wall time in s."""
    command = [str(COLLSEC), "simulate", "--runs", str(runs), "--seed", str(seed),
               "--workers", str(workers), "--out", str(out), "--json"]  # fmt: skip
    t = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"collsec simulate failed: {stderr[-2000:]}")
    return usage.ru_maxrss / 1024, seconds  # Linux reports kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100_000, help="N (the smaller run)")
    parser.add_argument("--factor", type=int, default=10, help="the larger run is N x factor")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sizes = (args.runs, args.runs * args.factor)
    result: dict[str, object] = {"workers": args.workers, "load_average": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        peaks = {}
        for n in sizes:
            out = Path(tmp) / f"run-{n}"
            peak, seconds = peak_rss_mb(n, args.workers, args.seed, out)
            rows = pq.ParquetFile(out / "episodes.parquet").metadata
            decoded = (
                sum(rows.row_group(i).total_byte_size for i in range(rows.num_row_groups)) / 2**20
            )
            peaks[n] = peak
            result[str(n)] = {"peak_rss_mb": round(peak, 1), "seconds": round(seconds, 1),
                              "rows_uncompressed_mb": round(decoded, 1),
                              "summary_columns_once_held_mb": round(24 * n / 1e6, 1)}  # fmt: skip
    small, large = sizes
    growth = peaks[large] - peaks[small]
    result["growth_mb"] = round(growth, 1)
    result["growth_mb_per_million"] = round(growth / ((large - small) / 1e6), 2)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for n in sizes:
        r = result[str(n)]
        assert isinstance(r, dict)
        print(f"{n:>10,} episodes: peak RSS {r['peak_rss_mb']:7.1f} MB  ({r['seconds']} s; the "
              f"rows would take {r['rows_uncompressed_mb']} MB held)")  # fmt: skip
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"growth from {small:,} to {large:,}: {growth:+.1f} MB "
          f"({result['growth_mb_per_million']:+.2f} MB per million episodes); workers "
          f"{args.workers}; load average {load}")  # fmt: skip


if __name__ == "__main__":
    main()
