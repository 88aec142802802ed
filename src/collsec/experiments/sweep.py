"""Running a design: batches of episodes on an executor, one Parquet partition per point.

Layout of a sweep folder (a hive-partitioned Parquet dataset):

    DIR/_sweep.json              the command's inputs and the drawn design (points, values)
    DIR/point=K/episodes.parquet one row per episode of point K, in episode order

Each row is the simulator's `EpisodeRecord` (`collsec.sim.records`) plus one column per
parameter, named by its scenario path and holding the point's value. Every point runs the
same episodes `0..N-1` under the same seed (common random numbers), so point K's rows are
exactly what `collsec simulate --runs N --seed S --set ...` gives for that point's values, and
differences between points come from the parameters, not from the draws.

Work goes out as tasks of `batch` episodes (50 by default: per-task overhead of a process
pool or Dask is then under 0.1 ms an episode); the driver writes a point's file once all its
batches are back, through a temporary name and an atomic rename. A point is finished exactly
when its file exists, so a rerun of the same command skips finished points and runs the
rest; an interrupted point is run again from its start. Workers need no shared file system:
they return Arrow tables and only the driver writes.
"""

from __future__ import annotations

import json
import os
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
from collsec.sim.records import schema_for, to_columns

__all__ = [
    "MANIFEST",
    "POINT_FILE",
    "SweepProgress",
    "SweepResult",
    "SweepSpec",
    "point_dir",
    "run_batch",
    "run_sweep",
]

MANIFEST = "_sweep.json"
POINT_FILE = "episodes.parquet"
#: Manifest format; bump when the layout changes.
FORMAT = 1


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
        batch: Episodes per task.
    """

    scenario_paths: tuple[str, ...]
    sets: tuple[str, ...]
    crisis: str | None
    victim: str | None
    runs_per_point: int
    seed: int
    batch: int = 1000


@dataclass(frozen=True)
class BatchTask:
    """Episodes `[start, stop)` of one point: all a worker needs, and cheap to send."""

    scenario_paths: tuple[str, ...]
    sets: tuple[str, ...]
    crisis: str | None
    victim: str | None
    seed: int
    start: int
    stop: int
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
    """The episode model of one point, kept per worker process across its batches."""
    scenario = load_scenario(paths, sets)
    return tuple(sorted(scenario.states)), EpisodeModel(
        scenario, spec_for_crisis(scenario, crisis, victim)
    )


def run_batch(task: BatchTask) -> pa.Table:
    """Run one batch of episodes and return its rows (parameter columns appended)."""
    states, model = _model(task.scenario_paths, task.sets, task.crisis, task.victim)
    records = [model.run(task.seed, i) for i in range(task.start, task.stop)]
    schema = schema_for(states)
    table = pa.Table.from_pydict(to_columns(records, states), schema=schema)
    n = task.stop - task.start
    for path, type_name, value in task.columns:
        table = table.append_column(
            pa.field(path, _ARROW[type_name]), pa.array([value] * n, type=_ARROW[type_name])
        )
    return table


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
    """The hive partition folder of point `k`."""
    return out / f"point={k}"


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


def _tasks(spec: SweepSpec, design: Design, pending: Sequence[int]) -> Iterator[BatchTask]:
    kinds = [_column_type(p) for p in design.params]
    for k in pending:
        columns = tuple(
            (p.path, t, _cell(t, v))
            for p, t, v in zip(design.params, kinds, design.points[k], strict=True)
        )
        sets = (*spec.sets, *design.sets(k))
        for start in range(0, spec.runs_per_point, spec.batch):
            stop = min(spec.runs_per_point, start + spec.batch)
            yield BatchTask(spec.scenario_paths, sets, spec.crisis, spec.victim, spec.seed,
                            start, stop, k, columns)  # fmt: skip


def _write_point(out: Path, k: int, batches: dict[int, pa.Table]) -> None:
    folder = point_dir(out, k)
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.concat_tables([batches[s] for s in sorted(batches)])
    tmp = folder / f".{POINT_FILE}.tmp"
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, folder / POINT_FILE)


def run_sweep(
    spec: SweepSpec,
    design: Design,
    out: Path,
    executor: Executor,
    progress: SweepProgress | None = None,
    in_flight: int = 64,
) -> SweepResult:
    """Run every unfinished point of `design` on `executor`, writing into `out`.

    Args:
        spec: What the points share.
        design: The drawn design.
        out: The sweep folder; created, or resumed when it holds the same sweep.
        executor: Any `concurrent.futures.Executor` (see `open_executor`).
        progress: Told of finished episodes and points.
        in_flight: Tasks submitted ahead; bounds the rows the driver holds.

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
    total = len(design.points)
    pending = [k for k in range(total) if not (point_dir(out, k) / POINT_FILE).exists()]
    if progress:
        progress.start(total, total * spec.runs_per_point, total - len(pending))
    per_point = -(-spec.runs_per_point // spec.batch)
    tasks = _tasks(spec, design, pending)
    running: dict[Future[pa.Table], BatchTask] = {}
    held: dict[int, dict[int, pa.Table]] = {}
    episodes = 0

    def submit() -> None:
        for task in tasks:
            running[executor.submit(run_batch, task)] = task
            if len(running) >= in_flight:
                return

    submit()
    while running:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        finished_points = 0
        for future in done:
            task = running.pop(future)
            held.setdefault(task.point, {})[task.start] = future.result()
            episodes += task.stop - task.start
            if len(held[task.point]) == per_point:
                _write_point(out, task.point, held.pop(task.point))
                finished_points += 1
            if progress:
                progress.advance(task.stop - task.start, 0)
        if progress and finished_points:
            progress.advance(0, finished_points)
        submit()
    return SweepResult(points=len(pending), skipped=total - len(pending), episodes=episodes)
