"""Sweep throughput: one process, two local processes and a two-worker Dask cluster.

The same design (a grid over one scenario parameter, `--runs-per-point` episodes at each
point, batches of `--batch` episodes a task) runs on three executors, in paired rounds (each
round runs all three, in turn, into fresh folders); the script prints the median over rounds
of episodes per second, the speed-up of two local workers over one process (the peer every
ratio is measured against), and Dask's overhead against the two-worker process pool with
the cluster's start-up excluded and reported apart. Per-task overhead is measured with empty
tasks on each executor. Every run's rows are checked to be identical.

Targets (issue 8): two workers reach at least 1.8x one; Dask's overhead stays under 5 % for
points of 10,000 episodes. Both need two otherwise idle cores: on a shared machine the
ratios say more about the neighbours than about collsec.

    .venv/bin/python benchmarks/sweep.py [--runs-per-point 10000] [--rounds 5] [--batch 1000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from distributed import Client, LocalCluster

from collsec.experiments.design import DesignKind, make_design
from collsec.experiments.params import parse_params
from collsec.experiments.sweep import SweepSpec, _model, run_sweep


def noop(_: int) -> int:
    return 0


def per_task_ms(executor: Executor, tasks: int = 400) -> float:
    """Wall time per empty task, after one warm-up round."""
    list(executor.map(noop, range(20)))
    t = time.perf_counter()
    futures = [executor.submit(noop, i) for i in range(tasks)]
    for f in futures:
        f.result()
    return (time.perf_counter() - t) / tasks * 1000


def timed(run: Callable[[Path], None], root: Path, name: str) -> tuple[float, Path]:
    out = root / name
    t = time.perf_counter()
    run(out)
    return time.perf_counter() - t, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs-per-point", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--param", default="states.ARM.status=[active,withdrawn]")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args()

    design = make_design(DesignKind.GRID, parse_params([args.param]), 0, 0)
    spec = SweepSpec((), (), None, None, args.runs_per_point, 1, args.batch)
    episodes = len(design.points) * args.runs_per_point
    tasks = len(design.points) * -(-args.runs_per_point // args.batch)

    t = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None, host="127.0.0.1")  # fmt: skip
    client = Client(cluster)
    dask = client.get_executor()
    startup = time.perf_counter() - t

    def local(workers: int) -> Callable[[Path], None]:
        def go(out: Path) -> None:
            with ProcessPoolExecutor(workers) as pool:
                run_sweep(spec, design, out, pool)

        return go

    def on_dask(out: Path) -> None:
        client.run(_model.cache_clear)  # as cold as a fresh pool: each point loads again
        run_sweep(spec, design, out, dask)

    runs: dict[str, Callable[[Path], None]] = {
        "local-1": local(1),
        "local-2": local(2),
        "dask-2": on_dask,
    }
    times: dict[str, list[float]] = {k: [] for k in runs}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for r in range(args.rounds):
            outs = {}
            for name, run in runs.items():
                seconds, outs[name] = timed(run, root, f"{name}-{r}")
                times[name].append(seconds)
            tables = [pq.read_table(outs[n]) for n in runs]
            assert all(t.equals(tables[0]) for t in tables), "executors disagree"
        with ProcessPoolExecutor(1) as p1, ProcessPoolExecutor(2) as p2:
            overhead = {"local-1": per_task_ms(p1), "local-2": per_task_ms(p2),
                        "dask-2": per_task_ms(dask)}  # fmt: skip
    client.close()
    cluster.close()

    median = {k: statistics.median(v) for k, v in times.items()}
    pair_speedup = [a / b for a, b in zip(times["local-1"], times["local-2"], strict=True)]
    pair_dask = [d / b - 1 for d, b in zip(times["dask-2"], times["local-2"], strict=True)]
    result: dict[str, Any] = {
        "design": {"points": len(design.points), "runs_per_point": args.runs_per_point,
                   "batch": args.batch, "tasks": tasks, "episodes": episodes},
        "rounds": args.rounds,
        "seconds": times,
        "episodes_per_s": {k: round(episodes / v, 1) for k, v in median.items()},
        "speedup_2_workers_vs_1": round(statistics.median(pair_speedup), 3),
        "dask_overhead_vs_local_2": round(statistics.median(pair_dask), 4),
        "dask_cluster_startup_s": round(startup, 3),
        "per_task_overhead_ms": {k: round(v, 3) for k, v in overhead.items()},
    }  # fmt: skip
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{len(design.points)} points x {args.runs_per_point} episodes, batches of "
          f"{args.batch} ({tasks} tasks); median of {args.rounds} paired rounds")  # fmt: skip
    for name in runs:
        print(f"  {name:8s} {median[name]:7.2f} s  {result['episodes_per_s'][name]:9.1f} ep/s  "
              f"empty task {overhead[name]:.3f} ms")  # fmt: skip
    print(f"  2 workers / 1 process: {result['speedup_2_workers_vs_1']:.2f}x (target >= 1.8x)")
    print(f"  Dask vs 2 local workers: {100 * result['dask_overhead_vs_local_2']:+.1f} % "
          f"(target < 5 %); cluster start-up {startup:.2f} s, excluded")  # fmt: skip


if __name__ == "__main__":
    main()
