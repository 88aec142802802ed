"""Sweep throughput: one process, one and two local workers and a two-worker Dask cluster.

The same design (a grid over four values of one scenario parameter, `--runs-per-point`
episodes at each point, batches of `--batch` episodes) runs on four executors, in paired
rounds (each round runs all four, in turn and in a rotated order, into fresh folders); it prints
the median over rounds of episodes per second, the speed-up of two local workers over one
process (the peer every ratio is measured against) and over a pool of one worker, and Dask's
overhead against the two-worker process pool with the cluster's start-up excluded and
reported apart. Per-task overhead is measured with empty tasks on each executor. Every run's
rows are checked to be identical.

"One process" is the whole sweep in the driving process: its tasks run on one thread, which
holds the GIL while it works, so simulation, encoding and writing share one core, exactly the
work the pools divide. A pool of one worker is not that baseline: its driver writes on the
second core while the worker simulates. Each point's model is built cold in every run (the
pools start fresh; the process's and Dask's caches are cleared first).

Targets (issue 8): two workers reach at least 1.8x one; Dask's overhead stays under 5 % for
points of 10,000 episodes. Both need two otherwise idle cores: on a shared machine the
ratios say more about the neighbours than about collsec. Linux's autogroup scheduling, on by
default, gives each login session one share of the CPUs however many processes it runs, so
with other sessions busy two workers get no more CPU than one process. The CPU seconds the
script prints (this process and the pools' workers) show the work apart from the waiting.

    .venv/bin/python benchmarks/sweep.py [--runs-per-point 10000] [--rounds 5] [--batch 1000]
    .venv/bin/python benchmarks/sweep.py --quick    # one round of 2,000-episode points
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from distributed import Client

from collsec.experiments.design import DesignKind, make_design
from collsec.experiments.executor import Backend, local_dask_cluster, open_executor
from collsec.experiments.params import parse_params
from collsec.experiments.sweep import SweepSpec, _model, run_sweep

#: A parameter that moves when forces leave, not whether or how they come: the points cost
#: the same, so the ratios measure the executors. With `states.ARM.status=[active,withdrawn]`
#: one point costs about twice the other, and two workers can do no better than the slower.
EQUAL_COST = "assumptions.sim_days_withdrawal.value.mode=[4.0,5.0,7.0,9.0]"


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


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the pools' workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run: Callable[[Path], None], root: Path, name: str) -> tuple[float, float, Path]:
    """Wall and CPU seconds of one run (CPU misses Dask's workers, which outlive it)."""
    out = root / name
    t, c = time.perf_counter(), cpu_seconds()
    run(out)
    return time.perf_counter() - t, cpu_seconds() - c, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs-per-point", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--param", default=EQUAL_COST)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--quick", action="store_true", help="one round, 2,000 a point")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.runs_per_point = 1, 2000

    design = make_design(DesignKind.GRID, parse_params([args.param]), 0, 0)
    spec = SweepSpec((), (), None, None, args.runs_per_point, 1, args.batch)
    episodes = len(design.points) * args.runs_per_point
    tasks = len(design.points) * -(-args.runs_per_point // args.batch)

    t = time.perf_counter()
    cluster = local_dask_cluster(2)
    client = Client(cluster)
    dask = client.get_executor()
    startup = time.perf_counter() - t

    def local(workers: int) -> Callable[[Path], None]:
        def go(out: Path) -> None:
            _model.cache_clear()  # forked workers would inherit this process's models
            with open_executor(Backend.LOCAL, workers) as pool:
                run_sweep(spec, design, out, pool, workers=workers)

        return go

    def single(out: Path) -> None:
        _model.cache_clear()
        with ThreadPoolExecutor(1) as pool:
            run_sweep(spec, design, out, pool)

    def on_dask(out: Path) -> None:
        client.run(_model.cache_clear)  # as cold as a fresh pool: each point loads again
        run_sweep(spec, design, out, dask, workers=2)

    runs: dict[str, Callable[[Path], None]] = {
        "process": single,
        "local-1": local(1),
        "local-2": local(2),
        "dask-2": on_dask,
    }
    times: dict[str, list[float]] = {k: [] for k in runs}
    cpu_times: dict[str, list[float]] = {k: [] for k in runs}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # Warm what every process computes once (imports, the loader's and planner's tables)
        # in this process, which the pools fork from, and in the Dask workers: not timed.
        warm = SweepSpec((), (), None, None, 200, 1, 100)
        with ThreadPoolExecutor(1) as pool:
            run_sweep(warm, design, root / "warm-process", pool)
        run_sweep(warm, design, root / "warm-dask", dask, workers=2)
        for r in range(args.rounds):
            outs = {}
            names = list(runs)
            for name in names[r % len(names) :] + names[: r % len(names)]:
                seconds, cpu, outs[name] = timed(runs[name], root, f"{name}-{r}")
                times[name].append(seconds)
                cpu_times[name].append(cpu)
            tables = [pq.read_table(outs[n]) for n in runs]
            assert all(t.equals(tables[0]) for t in tables), "executors disagree"
        with (
            ThreadPoolExecutor(1) as t1,
            ProcessPoolExecutor(1) as p1,
            ProcessPoolExecutor(2) as p2,
        ):
            overhead = {"process": per_task_ms(t1), "local-1": per_task_ms(p1),
                        "local-2": per_task_ms(p2), "dask-2": per_task_ms(dask)}  # fmt: skip
    client.close()
    cluster.close()

    median = {k: statistics.median(v) for k, v in times.items()}
    pair_speedup = [a / b for a, b in zip(times["process"], times["local-2"], strict=True)]
    pair_pool = [a / b for a, b in zip(times["local-1"], times["local-2"], strict=True)]
    pair_dask = [d / b - 1 for d, b in zip(times["dask-2"], times["local-2"], strict=True)]
    result: dict[str, Any] = {
        "design": {"points": len(design.points), "runs_per_point": args.runs_per_point,
                   "batch": args.batch, "tasks": tasks, "episodes": episodes},
        "rounds": args.rounds,
        "seconds": times,
        "cpu_seconds": {k: round(statistics.median(v), 3) for k, v in cpu_times.items()},
        "episodes_per_s": {k: round(episodes / v, 1) for k, v in median.items()},
        "speedup_2_workers_vs_1": round(statistics.median(pair_speedup), 3),
        "speedup_2_workers_vs_pool_of_1": round(statistics.median(pair_pool), 3),
        "load_average": os.getloadavg(),
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
    cpu = result["cpu_seconds"]
    print(f"  CPU seconds (median): 1 process {cpu['process']:.2f}, pool of 1 "
          f"{cpu['local-1']:.2f}, 2 workers {cpu['local-2']:.2f} (driver and workers together); "
          f"on 2 idle cores 2 workers would take at least {cpu['local-2'] / 2:.2f} s")  # fmt: skip
    print(f"  2 workers / 1 process: {result['speedup_2_workers_vs_1']:.2f}x (target >= 1.8x); "
          f"/ pool of 1 worker: {result['speedup_2_workers_vs_pool_of_1']:.2f}x")  # fmt: skip
    print(f"  Dask vs 2 local workers: {100 * result['dask_overhead_vs_local_2']:+.1f} % "
          f"(target < 5 %); cluster start-up {startup:.2f} s, excluded")  # fmt: skip
    print("  load average (1, 5, 15 min) at the end: " + ", ".join(
        f"{v:.2f}" for v in result["load_average"]))  # fmt: skip


if __name__ == "__main__":
    main()
