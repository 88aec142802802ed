"""Benchmark: the planner's MILP against the research's time-indexed model and greedy.

Usage: .venv/bin/python benchmarks/planner.py [--sizes S,M,L] [--seeds 1,2] [--time-limit 60]
(add XL to the sizes to run the 1,000-unit, 14-day, 40-type instance once).

For each instance it prints, per solver: seconds to the proven lateness optimum (or the
limit), the lateness stage's objective, bound and gap, the plan's lateness in hours measured
on its sorties, and the ratio of the peer's lateness-stage time to ours. The two MILPs model
the same instance differently (see docs/planning.md), so their objectives are in their own
units; lateness in hours on the sorties is comparable for ours and greedy.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from peer_timeindexed import solve_peer
from planner_instances import instance

from collsec.planning import MilpOptions, solve_greedy, solve_milp


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="S,M,L")
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--no-peer", action="store_true")
    args = ap.parse_args()
    print(
        f"{'inst':<6}{'solver':<8}{'status':<22}{'lat.obj':>10}{'bound':>10}{'gap':>8}"
        f"{'stage1 s':>10}{'total s':>9}{'late h':>9}{'sorties':>9}  ratio"
    )
    for size in args.sizes.split(","):
        for seed in (int(s) for s in args.seeds.split(",")):
            p = instance(size, seed)
            name = f"{size}{seed}"
            g = solve_greedy(p)
            print(
                f"{name:<6}{'greedy':<8}{g.status.value:<22}{'':>10}{'':>10}{'':>8}{'':>10}"
                f"{g.solve_seconds:>9.2f}{_h(g.lateness_hours):>9}{len(g.sorties):>9}",
                flush=True,
            )
            t0 = time.perf_counter()
            m = solve_milp(p, MilpOptions(time_limit_s=args.time_limit, threads=2))
            total = time.perf_counter() - t0
            s1 = m.stages[0].seconds if m.stages else total
            print(
                f"{name:<6}{'milp':<8}{m.status.value + '/' + m.schedule_from:<22}"
                f"{_n(m.objective):>10}{_n(m.bound):>10}{_n(m.gap, 3):>8}{s1:>10.2f}"
                f"{total:>9.2f}{_h(m.lateness_hours):>9}{len(m.sorties):>9}  bucket {m.bucket_h} h",
                flush=True,
            )
            if args.no_peer or size == "XL":
                continue
            t0 = time.perf_counter()
            peer = solve_peer(p, args.time_limit)
            total = time.perf_counter() - t0
            ratio = peer.lateness_seconds / s1 if s1 > 0 else float("nan")
            print(
                f"{name:<6}{'peer':<8}{peer.lateness_status:<22}{_n(peer.lateness_objective):>10}"
                f"{_n(peer.lateness_bound):>10}{'':>8}{peer.lateness_seconds:>10.2f}{total:>9.2f}"
                f"{'':>9}{'':>9}  {ratio:.2f}x  ({peer.columns} cols, {peer.nonzeros} nnz)",
                flush=True,
            )


def _n(v: float | None, digits: int = 1) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def _h(v: float | None) -> str:
    return "never" if v is None else f"{v:.1f}"


if __name__ == "__main__":
    main()
