"""Benchmark: the planner's MILP against the research's time-indexed model and greedy.

Usage: .venv/bin/python benchmarks/planner.py [--sizes S,M,L] [--seeds 1,2] [--time-limit 60]
       [--threads 2] [--no-peer]   (add XL to the sizes for the 1,000-unit, 14-day instance;
       the peer is not run at XL, where its model has millions of columns)

Per instance it prints greedy (the baseline), ours (`solve_milp`) and the peer (the
research's lexicographic time-indexed model, `peer_timeindexed.py`), both MILPs with the same
time limit and threads: seconds to the *proven* lateness optimum ("-" when not proven within
the limit; ours counted from the start of the solve, the peer's HiGHS time only, its model
build printed apart), the lateness objective, bound and final gap, where our bound comes from, the
weighted lateness of each plan measured on its sorties against greedy's, and the ratio of
the peer's proof time to ours. Then, per size, the medians over the seeds.

The peer's objective is 100 per weighted hour late (slots of 1 h, plus 2000 when never met);
it is printed divided by 100. Our objective is weighted hours late on the sorties when the
bound is combinatorial, at bucket ends when it is HiGHS's (see docs/planning.md).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from peer_timeindexed import PeerResult, solve_peer
from planner_instances import instance

from collsec.planning import MilpOptions, Plan, PlanningProblem, solve_greedy, solve_milp


def weighted_lateness(problem: PlanningProblem, plan: Plan) -> float:
    """Weighted hours late measured on the plan's sorties (inf when never met)."""
    weight = {r.id: r.weight for r in problem.requirements}
    return sum(
        math.inf if r.lateness_h is None else weight[r.id] * r.lateness_h for r in plan.requirements
    )


def ours_proof_seconds(plan: Plan) -> float | None:
    """Seconds to the proven lateness optimum, None when stage 1 was not proven."""
    if not plan.stages or not plan.stages[0].status.startswith("Optimal"):
        return None
    return plan.stages[0].seconds


def peer_proof_seconds(peer: PeerResult) -> float | None:
    """Seconds to the peer's proven lateness optimum, None when not proven."""
    return peer.lateness_seconds if peer.lateness_status == "Optimal" else None


def main() -> None:
    """Run the instances and print one row per instance and solver, then medians."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="S,M,L")
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-peer", action="store_true")
    args = ap.parse_args()
    print(
        f"{'inst':<6}{'solver':<8}{'proof s':>9}{'total s':>9}{'lat.obj':>10}{'bound':>10}"
        f"{'gap':>8}  {'w.late h':>9}{'vs greedy':>10}{'sorties':>9}  notes"
    )
    summary: dict[str, list[tuple[float | None, float | None, float | None]]] = {}
    for size in args.sizes.split(","):
        for seed in (int(s) for s in args.seeds.split(",")):
            p = instance(size, seed)
            name = f"{size}{seed}"
            g = solve_greedy(p)
            g_late = weighted_lateness(p, g)
            print(
                f"{name:<6}{'greedy':<8}{'':>9}{g.solve_seconds:>9.2f}{'':>10}{'':>10}{'':>8}  "
                f"{_n(g_late, 2):>9}{'':>10}{len(g.sorties):>9}",
                flush=True,
            )
            t0 = time.perf_counter()
            m = solve_milp(p, MilpOptions(time_limit_s=args.time_limit, threads=args.threads))
            total = time.perf_counter() - t0
            ours = ours_proof_seconds(m)
            m_late = weighted_lateness(p, m)
            print(
                f"{name:<6}{'ours':<8}{_n(ours, 2):>9}{total:>9.2f}{_n(m.objective, 2):>10}"
                f"{_n(m.bound, 2):>10}{_n(m.gap, 3):>8}  {_n(m_late, 2):>9}"
                f"{_n(m_late - g_late, 2):>10}{len(m.sorties):>9}  {m.status.value}; bound "
                f"{m.bound_origin}; schedule {m.schedule_from}; {m.bucket_h} h buckets",
                flush=True,
            )
            peer_s: float | None = None
            if not args.no_peer and size != "XL":
                t0 = time.perf_counter()
                peer = solve_peer(p, args.time_limit, threads=args.threads)
                total = time.perf_counter() - t0
                peer_s = peer_proof_seconds(peer)
                ratio = peer_s / ours if peer_s is not None and ours else None
                print(
                    f"{name:<6}{'peer':<8}{_n(peer_s, 2):>9}{total:>9.2f}"
                    f"{_n(_hours(peer.lateness_objective), 2):>10}"
                    f"{_n(_hours(peer.lateness_bound), 2):>10}{_n(peer.lateness_gap, 3):>8}  "
                    f"{'':>9}{'':>10}{'':>9}  {peer.lateness_status}; ratio "
                    f"{_n(ratio, 1)}x; build {peer.build_seconds:.2f} s not counted "
                    f"({peer.columns} cols, {peer.nonzeros} nnz)",
                    flush=True,
                )
            summary.setdefault(size, []).append(
                (ours, peer_s, m_late - g_late if math.isfinite(m_late) else None)
            )
    print(
        "\nper size over seeds: median ours proof s / median peer proof s / median and least "
        "ratio / median lateness vs greedy"
    )
    for size, rows in summary.items():
        ours_all = [r[0] for r in rows]
        peer_all = [r[1] for r in rows]
        ratios = [b / a for a, b in zip(ours_all, peer_all, strict=True) if a and b is not None]
        deltas = [r[2] for r in rows if r[2] is not None]
        print(
            f"{size:<4}{_median(ours_all)}  {_median(peer_all)}  "
            f"{_n(statistics.median(ratios) if ratios else None, 1)}x "
            f"(least {_n(min(ratios) if ratios else None, 1)}x)  "
            f"{_n(statistics.median(deltas) if deltas else None, 2)}"
            f"  (proven: ours {sum(v is not None for v in ours_all)}/{len(rows)}, "
            f"peer {sum(v is not None for v in peer_all)}/{len(rows)})"
        )


def _hours(peer_objective: float | None) -> float | None:
    return None if peer_objective is None else peer_objective / 100.0


def _median(values: list[float | None]) -> str:
    if any(v is None for v in values) or not values:
        return "not all proven"
    return f"{statistics.median(v for v in values if v is not None):.2f} s"


def _n(v: float | None, digits: int = 1) -> str:
    return "-" if v is None or (isinstance(v, float) and math.isinf(v)) else f"{v:.{digits}f}"


if __name__ == "__main__":
    main()
