"""Running a design: batches of episodes on an executor, one Parquet partition per point.

Layout of a sweep folder (a hive-partitioned Parquet dataset):

    DIR/_sweep.json                          the command's inputs and the drawn design
    DIR/point=K/part-0000000000.parquet      episodes [0, batch) of point K
    DIR/point=K/part-0000001000.parquet      episodes [batch, 2 batch) of point K, ...
    DIR/.pending/point=K/                    a point still running (never read as data)

Each row is the simulator's `EpisodeRecord` (`collsec.sim.records`) plus one column per
parameter, named by its scenario path and holding the point's value. Every point runs the
same episodes `0..N-1` under the same seed (common random numbers), so point K's rows are
exactly what `collsec simulate --runs N --seed S --set ...` gives for that point's values, and
differences between points come from the parameters, not from the draws.

Each point's episodes are cut into batches of `batch` episodes, one file each. A task runs a
contiguous run of one point's batches: building a point's model in a process (load and check
the scenario, fill the plan and charter caches) costs as much as several thousand episodes,
so only the points that do not divide evenly among the workers are split, into as few
tasks as keep every worker busy (`tasks_per_point`), and each process builds few models. A
worker runs each batch with the batched random streams (`EpisodeModel.run_batch`), builds
its rows column by column and encodes them as Parquet in memory; it returns the encoded
batches. The driver's work per batch is O(1) in the episodes: write the bytes to the point's
pending folder. When a point's last batch is in, the driver renames the pending folder to
`point=K` (one atomic rename), so a point is finished exactly when its folder exists and
readers never see half a point. A rerun of the same command removes what an interrupted run
left pending, skips finished points and runs the rest from their start. Workers need no
shared file system: only the driver writes.
"""

from __future__ import annotations

import gc
import io
import json
import math
import os
import shutil
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from collsec.errors import Problem, UsageError
from collsec.experiments.design import Design
from collsec.experiments.params import Param, ParamKind, Scalar
from collsec.scenario.loader import load_scenario
from collsec.sim.crises import spec_for_crisis
from collsec.sim.episode import EpisodeModel
from collsec.sim.records import to_table

__all__ = [
    "MANIFEST",
    "PENDING",
    "SweepProgress",
    "SweepResult",
    "SweepSpec",
    "is_finished",
    "part_name",
    "point_dir",
    "run_sweep",
    "run_task",
    "tasks_per_point",
]

MANIFEST = "_sweep.json"
#: Where unfinished points collect their batches (a dot folder: dataset readers skip it).
PENDING = ".pending"
#: Manifest format; bump when the layout changes (2: one file per batch, pending folder).
FORMAT = 2
#: Parquet compression of every batch file.
COMPRESSION = "zstd"
#: The most batches one task runs: bounds the encoded rows a worker holds and returns.
MAX_BATCHES_PER_TASK = 100


@dataclass(frozen=True)
class SweepSpec:
    """What every point of a sweep shares.

    Attributes:
        scenario_paths: `--scenario` files or folders.
        sets: `--set` overrides applied before each point's own.
        crisis: Crisis id (None for the catalogue's default).
        victim: Another victim for the crisis, or None.
        runs_per_point: Episodes per point.
        seed: Seed of every point's episodes (common random numbers).
        batch: Episodes per batch: per Parquet file, and the least a task runs.
    """

    scenario_paths: tuple[str, ...]
    sets: tuple[str, ...]
    crisis: str | None
    victim: str | None
    runs_per_point: int
    seed: int
    batch: int = 1000


@dataclass(frozen=True)
class Task:
    """Episodes `[start, stop)` of one point, in batches: all a worker needs, cheap to send."""

    scenario_paths: tuple[str, ...]
    sets: tuple[str, ...]
    crisis: str | None
    victim: str | None
    seed: int
    start: int
    stop: int
    batch: int
    point: int
    columns: tuple[tuple[str, str, Scalar], ...]
    """`(path, arrow type name, value)` of each parameter column."""


@dataclass(frozen=True)
class SweepResult:
    """What a call of `run_sweep` did."""

    points: int
    skipped: int
    episodes: int


class SweepProgress(Protocol):
    """Receives progress as tasks finish (in the driving process only)."""

    def start(self, points: int, episodes: int, done_points: int) -> None:
        """The sweep's size, and how many points a previous run already finished."""

    def advance(self, episodes: int, points: int) -> None:
        """`episodes` more episodes and `points` more points are finished."""


@lru_cache(maxsize=16)
def _model(
    paths: tuple[str, ...], sets: tuple[str, ...], crisis: str | None, victim: str | None
) -> tuple[tuple[str, ...], EpisodeModel]:
    """The episode model of one point, kept per worker process across its batches.

    What exists once it is built (the model, its caches, the worker's own machinery) lives as
    long as the worker, so it is frozen out of the cyclic collector's reach: otherwise every
    full collection while rows are encoded walks it again. Forked local workers inherit a
    frozen heap; Dask's workers are not forked from the driver and were ~15 % slower a task.
    """
    scenario = load_scenario(paths, sets)
    built = (
        tuple(sorted(scenario.states)),
        EpisodeModel(scenario, spec_for_crisis(scenario, crisis, victim)),
    )
    gc.freeze()
    return built


def run_task(task: Task) -> list[tuple[int, bytes]]:
    """Run a task's batches; return each one's first episode and its rows as Parquet.

    Rows carry the parameter columns. Each batch is encoded as soon as it is run, so the
    worker holds one batch of rows at a time and the compressed bytes of the others.
    """
    states, model = _model(task.scenario_paths, task.sets, task.crisis, task.victim)
    out = []
    for start in range(task.start, task.stop, task.batch):
        stop = min(task.stop, start + task.batch)
        table = to_table(model.run_batch(task.seed, start, stop), states)
        for path, type_name, value in task.columns:
            arrow = _ARROW[type_name]
            table = table.append_column(
                pa.field(path, arrow), pa.array([value] * (stop - start), type=arrow)
            )
        sink = io.BytesIO()
        pq.write_table(table, sink, compression=COMPRESSION)
        out.append((start, sink.getvalue()))
    return out


_ARROW: dict[str, pa.DataType] = {
    "float64": pa.float64(),
    "int64": pa.int64(),
    "bool": pa.bool_(),
    "string": pa.string(),
}


def _column_type(param: Param) -> str:
    """The Arrow type of a parameter's column: numbers stay numbers, names are strings."""
    if param.kind is ParamKind.RANGE:
        return "float64"
    if param.kind is ParamKind.INT_RANGE:
        return "int64"
    values = param.values
    if all(isinstance(v, bool) for v in values):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int64"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "float64"
    return "string"


def _cell(type_name: str, value: Scalar) -> Scalar:
    if type_name == "float64":
        return float(value)
    if type_name == "string":
        return value if isinstance(value, str) else json.dumps(value)
    return value


def point_dir(out: Path, k: int) -> Path:
    """The hive partition folder of point `k` (it exists once the point is finished)."""
    return out / f"point={k}"


def is_finished(out: Path, k: int) -> bool:
    """Whether point `k` of the sweep in `out` has all its rows."""
    return point_dir(out, k).is_dir()


def part_name(start: int) -> str:
    """The file of the batch whose first episode is `start`; names sort in episode order."""
    return f"part-{start:010d}.parquet"


def _manifest(spec: SweepSpec, design: Design) -> dict[str, Any]:
    """The sweep's identity: everything that changes its rows (the batch size does not)."""
    inputs = {k: v for k, v in asdict(spec).items() if k != "batch"}
    return {"format": FORMAT, "spec": inputs, "design": design.to_json()}


def _claim(out: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest, or check that the folder holds this same sweep."""
    path = out / MANIFEST
    if path.exists():
        try:
            old = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise UsageError(
                [Problem(f"cannot read {MANIFEST}: {exc}", file=str(path), expected="JSON")]
            ) from None
        new = json.loads(json.dumps(manifest))
        if old != new:
            theirs = old.get("spec", {}) if isinstance(old, dict) else {}
            differs = sorted(k for k, v in new["spec"].items() if theirs.get(k) != v)
            raise UsageError(
                [
                    Problem(
                        f"the folder holds another sweep ({', '.join(differs or ['design'])} "
                        "differ)",
                        file=str(out),
                        expected="the same command to resume it, or a new --out",
                    )
                ]
            )
        return
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)


def tasks_per_point(points: int, batches: int, workers: int) -> list[int]:
    """How many tasks each of `points` points of `batches` batches is split into, in order.

    Every process that runs part of a point builds the point's model and warms its caches,
    so a point is split only where that keeps `workers` equally busy. The points that divide
    evenly among the workers (all but the last `points % workers`) stay whole; each of the
    last `r` points is cut into `workers / gcd(r, workers)` tasks, so that the tail divides
    evenly too (one point on two workers: two tasks; five points: four whole, the fifth in
    two). Each part pays the point's load and warm-up: a point of 10,000 episodes cut in two
    took 1.02 CPU s against 0.74 s whole; cutting all five points of a design on two workers
    would pay that five times, cutting only the fifth pays it once. Never more tasks
    than a point's batches, never more than `MAX_BATCHES_PER_TASK` batches in one task.
    Points of unequal cost are evened out by the order of the tasks (`_tasks`), not by
    cutting them finer.
    """
    workers = max(1, workers)
    tail = points % workers
    least = -(-batches // MAX_BATCHES_PER_TASK)
    cut = workers // math.gcd(tail, workers) if tail else 1
    return [max(min(cut if k >= points - tail else 1, batches), least) for k in range(points)]


def _tasks(
    spec: SweepSpec, design: Design, pending: Sequence[int], parts: Sequence[int], workers: int
) -> Iterator[Task]:
    """The tasks, a group of `workers` points at a time, interleaved within the group.

    `parts[i]` is how many tasks `pending[i]` is cut into. When points are cut, the first
    tasks of a group are the first part of each of its points, so each worker starts on its
    own point and tends to take that point's next part.
    """
    kinds = [_column_type(p) for p in design.params]
    batches = -(-spec.runs_per_point // spec.batch)
    step = max(1, workers)
    for g in range(0, len(pending), step):
        group = list(zip(pending[g : g + step], parts[g : g + step], strict=True))
        for part in range(max(n for _, n in group)):
            for k, split in group:
                if part >= split:
                    continue
                columns = tuple(
                    (p.path, t, _cell(t, v))
                    for p, t, v in zip(design.params, kinds, design.points[k], strict=True)
                )
                start = batches * part // split * spec.batch
                stop = min(spec.runs_per_point, batches * (part + 1) // split * spec.batch)
                yield Task(spec.scenario_paths, (*spec.sets, *design.sets(k)), spec.crisis,
                           spec.victim, spec.seed, start, stop, spec.batch, k,
                           columns)  # fmt: skip


def run_sweep(
    spec: SweepSpec,
    design: Design,
    out: Path,
    executor: Executor,
    progress: SweepProgress | None = None,
    in_flight: int = 64,
    workers: int = 1,
) -> SweepResult:
    """Run every unfinished point of `design` on `executor`, writing into `out`.

    Args:
        spec: What the points share.
        design: The drawn design.
        out: The sweep folder; created, or resumed when it holds the same sweep.
        executor: Any `concurrent.futures.Executor` (see `open_executor`).
        progress: Told of finished episodes and points.
        in_flight: Tasks submitted ahead; bounds the results waiting for the driver.
        workers: How many tasks the executor runs at once; decides how points are split
            into tasks (`tasks_per_point`), never the rows.

    Raises:
        UsageError: bad sizes, or `out` holding a different sweep.
    """
    for name, value in (("--runs-per-point", spec.runs_per_point), ("--batch", spec.batch)):
        if value < 1:
            raise UsageError([Problem(f"{name} {value}", file=name, expected="at least 1")])
    if spec.seed < 0:
        raise UsageError(
            [Problem(f"--seed {spec.seed}", file="--seed", expected="a non-negative integer")]
        )
    # Fail here, before any task, on an unknown crisis or victim.
    spec_for_crisis(load_scenario(spec.scenario_paths, spec.sets), spec.crisis, spec.victim)
    _claim(out, _manifest(spec, design))
    staging = out / PENDING
    shutil.rmtree(staging, ignore_errors=True)  # what an interrupted run left
    total = len(design.points)
    pending = [k for k in range(total) if not is_finished(out, k)]
    if progress:
        progress.start(total, total * spec.runs_per_point, total - len(pending))
    parts = tasks_per_point(len(pending), -(-spec.runs_per_point // spec.batch), workers)
    tasks = _tasks(spec, design, pending, parts, workers)
    expected = dict(zip(pending, parts, strict=True))
    running: dict[Future[list[tuple[int, bytes]]], Task] = {}
    arrived: dict[int, int] = {}
    episodes = 0

    def submit() -> None:
        for task in tasks:
            running[executor.submit(run_task, task)] = task
            if len(running) >= in_flight:
                return

    submit()
    while running:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        finished_points = 0
        for future in done:
            task = running.pop(future)
            folder = staging / point_dir(out, task.point).name
            folder.mkdir(parents=True, exist_ok=True)
            for start, data in future.result():
                (folder / part_name(start)).write_bytes(data)
            episodes += task.stop - task.start
            arrived[task.point] = arrived.get(task.point, 0) + 1
            if arrived[task.point] == expected[task.point]:
                os.replace(folder, point_dir(out, task.point))
                del arrived[task.point]
                finished_points += 1
            if progress:
                progress.advance(task.stop - task.start, 0)
        if progress and finished_points:
            progress.advance(0, finished_points)
        submit()
    return SweepResult(points=len(pending), skipped=total - len(pending), episodes=episodes)
