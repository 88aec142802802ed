"""Sweep throughput: one process, one and two local workers and a two-worker Dask cluster.

The same design (a grid of `--points` values of one scenario parameter whose points cost the
same, `--runs-per-point` episodes at each point, batches of `--batch` episodes) runs on four
executors, in paired rounds (each round runs all four, in a rotated order, into fresh
folders). It prints the median over rounds of the wall time and of the CPU seconds of each
executor (the driving process and its workers together, and the driver's own), the
speed-up of two local workers over one process (the peer every ratio is measured against)
and over a pool of one worker, and Dask's overhead against the two-worker process pool, in
wall time and in CPU time, with the cluster's start-up excluded and reported apart. Per-task
overhead is measured with empty tasks on each executor. Every run's rows are checked to be
identical.

"One process" is the whole sweep in the driving process: its tasks run on one thread, which
holds the GIL while it works, so simulation, encoding and writing share one core, exactly the
work the pools divide. A pool of one worker is not that baseline: its driver writes on the
second core while the worker simulates. Each point's model is built cold in every run (the
pools start fresh; the process's caches are cleared first).

The Dask cluster is started for its own run and closed after it, so that its scheduler and
nannies, which live in the driving process and wake on timers, take nothing from the other
executors' runs (while one stayed up, the single process spent 12 % more CPU on the same
sweep). Its start-up, and a small sweep that warms its workers as forking warms a local
pool's, are timed apart.

CPU time is what this script trusts on a shared machine: wall-clock ratios depend on what
else runs (Linux gives each login session one share of the CPUs). Two processes busy at once
also spend more CPU each than one alone, since they share caches and memory bandwidth; the
contention probe at the end measures that on this machine (the same cold point in a pool's
worker, alone and with the other worker busy), so that it is not mistaken for the pools' work.

Targets (issue 8): two workers reach at least 1.8x one; Dask's overhead stays under 5 % for
points of 10,000 episodes.

    .venv/bin/python benchmarks/sweep.py [--points 8] [--runs-per-point 10000] [--rounds 5]
    .venv/bin/python benchmarks/sweep.py --quick    # one round of 4 points of 2,000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from distributed import Client

from collsec.experiments.design import Design, DesignKind, make_design
from collsec.experiments.executor import Backend, local_dask_cluster, open_executor
from collsec.experiments.params import parse_params
from collsec.experiments.sweep import (
    SweepSpec,
    Task,
    _model,
    _tasks,
    run_sweep,
    run_task,
    tasks_per_point,
)

#: A parameter that moves when forces leave, not whether or how they come: the points cost
#: the same, so the ratios measure the executors. With `states.ARM.status=[active,withdrawn]`
#: one point costs about twice the other, and two workers can do no better than the slower.
EQUAL_COST = "assumptions.sim_days_withdrawal.value.mode"
#: The scenario's range for that mode (days, `assumptions_sim.yaml`).
MODE_RANGE = (3.0, 10.0)
NAMES = ("process", "local-1", "local-2", "dask-2")
CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def equal_cost_param(points: int) -> str:
    """`points` evenly spaced values of `EQUAL_COST` inside its range."""
    low, high = MODE_RANGE
    values = [round(low + (high - low) * (k + 0.5) / points, 3) for k in range(points)]
    return f"{EQUAL_COST}=[{','.join(str(v) for v in values)}]"


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


def own_and_children_cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its children that have ended (a pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def cpu_since(before: tuple[float, float]) -> tuple[float, float]:
    """The driver's and the ended children's CPU seconds since `before`."""
    own, children = own_and_children_cpu()
    return own - before[0], children - before[1]


def process_cpu(pid: int) -> float:
    """CPU seconds (user and system) of a running process, from `/proc/PID/stat`."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK


@dataclass
class Samples:
    """Each round's wall and CPU seconds for every executor."""

    wall: dict[str, list[float]] = field(default_factory=lambda: {n: [] for n in NAMES})
    cpu: dict[str, list[float]] = field(default_factory=lambda: {n: [] for n in NAMES})
    driver_cpu: dict[str, list[float]] = field(default_factory=lambda: {n: [] for n in NAMES})
    startup: list[float] = field(default_factory=list)
    load: list[float] = field(default_factory=list)

    def median(self, kind: str, name: str) -> float:
        return statistics.median(getattr(self, kind)[name])

    def paired(self, kind: str, a: str, b: str) -> float:
        """Median over rounds of `a / b` (each round's pair measured back to back)."""
        xs = getattr(self, kind)
        return statistics.median(x / y for x, y in zip(xs[a], xs[b], strict=True))


@contextmanager
def dask_cluster(samples: Samples, warm: Callable[[Executor], None]) -> Iterator[Client]:
    """A fresh two-worker cluster, started and warmed outside the timed run."""
    t = time.perf_counter()
    with local_dask_cluster(2) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        warm(client.get_executor())
        samples.startup.append(time.perf_counter() - t)
        yield client


def contention(spec: SweepSpec, design: Design, rounds: int = 3) -> tuple[float, float]:
    """CPU seconds of one cold point in a pool's worker: alone, and with the other busy."""
    points = range(min(2, len(design.points)))
    tasks = list(_tasks(spec, design, points, [1] * len(points), 2))
    alone: list[float] = []
    both: list[float] = []
    with open_executor(Backend.LOCAL, 2) as pool:
        list(pool.map(_point_cpu, tasks))
        for _ in range(rounds):
            alone += [pool.submit(_point_cpu, t).result() for t in tasks]
            both += [f.result() for f in [pool.submit(_point_cpu, t) for t in tasks]]
    return statistics.median(alone), statistics.median(both)


def _point_cpu(task: Task) -> float:
    _model.cache_clear()
    t = time.process_time()
    run_task(task)
    return time.process_time() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=8, help="values of the equal-cost grid")
    parser.add_argument("--runs-per-point", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--param", help="another grid parameter (replaces --points)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--quick", action="store_true", help="one round, 4 points of 2,000")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.points, args.runs_per_point = 1, 4, 2000

    param = args.param or equal_cost_param(args.points)
    design = make_design(DesignKind.GRID, parse_params([param]), 0, 0)
    spec = SweepSpec((), (), None, None, args.runs_per_point, 1, args.batch)
    episodes = len(design.points) * args.runs_per_point
    batches = -(-args.runs_per_point // args.batch)
    tasks = sum(tasks_per_point(len(design.points), batches, 2))  # on two workers
    warm_spec = SweepSpec((), (), None, None, 200, 1, 100)
    samples = Samples()
    overhead: dict[str, float] = {}

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)

        def warm(executor: Executor, workers: int = 2) -> None:
            # What every process computes once (imports, the loader's and planner's tables).
            run_sweep(warm_spec, design, root / f"warm-{time.monotonic_ns()}", executor,
                      workers=workers)  # fmt: skip

        def local(workers: int) -> Callable[[Path], tuple[float, float]]:
            def go(out: Path) -> tuple[float, float]:
                _model.cache_clear()  # forked workers would inherit this process's models
                c = own_and_children_cpu()
                with open_executor(Backend.LOCAL, workers) as pool:
                    run_sweep(spec, design, out, pool, workers=workers)
                return cpu_since(c)

            return go

        def single(out: Path) -> tuple[float, float]:
            _model.cache_clear()
            c = own_and_children_cpu()
            with ThreadPoolExecutor(1) as pool:
                run_sweep(spec, design, out, pool)
            return cpu_since(c)

        def on_dask(out: Path) -> tuple[float, float]:
            with dask_cluster(samples, warm) as client:
                if not overhead:
                    overhead["dask-2"] = per_task_ms(client.get_executor())
                pids = list(client.run(os.getpid).values())
                client.run(_model.cache_clear)  # as cold as a fresh pool: each point loads again
                workers = [process_cpu(p) for p in pids]
                c = own_and_children_cpu()
                t = time.perf_counter()
                run_sweep(spec, design, out, client.get_executor(), workers=2)
                wall = time.perf_counter() - t
                own, _ = cpu_since(c)
                spent = sum(process_cpu(p) - w for p, w in zip(pids, workers, strict=True))
            samples.wall["dask-2"].append(wall)
            return own, spent

        runs: dict[str, Callable[[Path], tuple[float, float]]] = {
            "process": single,
            "local-1": local(1),
            "local-2": local(2),
            "dask-2": on_dask,
        }
        with ThreadPoolExecutor(1) as pool:
            warm(pool, 1)
        for r in range(args.rounds):
            samples.load.append(os.getloadavg()[0])
            outs = {}
            for name in NAMES[r % len(NAMES) :] + NAMES[: r % len(NAMES)]:
                outs[name] = root / f"{name}-{r}"
                t = time.perf_counter()
                driver, workers = runs[name](outs[name])
                samples.cpu[name].append(driver + workers)
                samples.driver_cpu[name].append(driver)
                if name != "dask-2":  # timed inside, without the cluster's start-up
                    samples.wall[name].append(time.perf_counter() - t)
            tables = [pq.read_table(outs[n]) for n in NAMES]
            assert all(t.equals(tables[0]) for t in tables), "executors disagree"
        samples.load.append(os.getloadavg()[0])
        with (
            ThreadPoolExecutor(1) as t1,
            ProcessPoolExecutor(1) as p1,
            ProcessPoolExecutor(2) as p2,
        ):
            overhead |= {"process": per_task_ms(t1), "local-1": per_task_ms(p1),
                         "local-2": per_task_ms(p2)}  # fmt: skip
    alone, both = contention(spec, design)
    report(args, samples, overhead, (alone, both), episodes, (tasks, batches), len(design.points))


def report(
    args: argparse.Namespace,
    s: Samples,
    overhead: dict[str, float],
    contended: tuple[float, float],
    episodes: int,
    tasks: tuple[int, int],
    points: int,
) -> None:
    """Print the medians and paired ratios, as text or as one JSON document."""
    cpu = {n: s.median("cpu", n) for n in NAMES}
    result: dict[str, Any] = {
        "design": {"points": points, "runs_per_point": args.runs_per_point,
                   "batch": args.batch, "batches": points * tasks[1],
                   "tasks_on_2_workers": tasks[0], "episodes": episodes},
        "rounds": args.rounds,
        "seconds": s.wall,
        "cpu_seconds": s.cpu,
        "driver_cpu_seconds": s.driver_cpu,
        "episodes_per_s": {n: round(episodes / s.median("wall", n), 1) for n in NAMES},
        "cpu_us_per_episode": {n: round(cpu[n] / episodes * 1e6, 2) for n in NAMES},
        "extra_cpu_vs_process": {n: round(s.paired("cpu", n, "process") - 1, 4) for n in NAMES},
        "speedup_2_workers_vs_1": round(s.paired("wall", "process", "local-2"), 3),
        "speedup_2_workers_vs_pool_of_1": round(s.paired("wall", "local-1", "local-2"), 3),
        "cpu_bound_speedup_2_workers": round(s.paired("cpu", "process", "local-2") * 2, 3),
        "dask_overhead_vs_local_2": round(s.paired("wall", "dask-2", "local-2") - 1, 4),
        "dask_extra_cpu_vs_local_2": round(s.paired("cpu", "dask-2", "local-2") - 1, 4),
        "dask_cluster_startup_s": round(statistics.median(s.startup), 3),
        "per_task_overhead_ms": {k: round(v, 3) for k, v in overhead.items()},
        "contention_cpu_s_per_point": {"alone": round(contended[0], 3),
                                       "other_worker_busy": round(contended[1], 3)},
        "load_average_1min": {"min": min(s.load), "max": max(s.load)},
    }  # fmt: skip
    if args.json:
        print(json.dumps(result, indent=2))
        return
    wall = {n: s.median("wall", n) for n in NAMES}
    print(f"{points} points x {args.runs_per_point} episodes, batches of {args.batch} "
          f"({points * tasks[1]} batches, {tasks[0]} tasks on 2 workers); medians of "
          f"{args.rounds} paired rounds")  # fmt: skip
    for n in NAMES:
        print(f"  {n:8s} wall {wall[n]:6.2f} s {result['episodes_per_s'][n]:9.1f} ep/s | "
              f"CPU {cpu[n]:6.2f} s {result['cpu_us_per_episode'][n]:6.1f} us/ep "
              f"{100 * result['extra_cpu_vs_process'][n]:+5.1f} % vs process, driver "
              f"{s.median('driver_cpu', n):5.2f} s | "
              f"empty task {overhead[n]:.3f} ms")  # fmt: skip
    pool = result["speedup_2_workers_vs_pool_of_1"]
    print(f"  2 workers / 1 process: {result['speedup_2_workers_vs_1']:.2f}x wall (target >= "
          f"1.8x), {result['cpu_bound_speedup_2_workers']:.2f}x from CPU time (2 idle cores, "
          f"balanced); / pool of 1 worker: {pool:.2f}x")  # fmt: skip
    print(f"  Dask vs 2 local workers: {100 * result['dask_overhead_vs_local_2']:+.1f} % wall "
          f"(target < 5 %), {100 * result['dask_extra_cpu_vs_local_2']:+.1f} % CPU; cluster "
          f"start-up and warm-up {result['dask_cluster_startup_s']:.2f} s, excluded")  # fmt: skip
    a, b = contended
    print(f"  contention: a cold point costs a worker {a:.3f} CPU s alone, {b:.3f} s with the "
          f"other worker busy ({100 * (b / a - 1):+.1f} %)")  # fmt: skip
    print(f"  load average (1 min) at the rounds' starts and the end: {min(s.load):.2f}-"
          f"{max(s.load):.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
