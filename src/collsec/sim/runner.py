"""Many episodes: a process pool, Parquet streamed per worker, and a summary with intervals.

Episode `i` of a run draws its own block of a counter-based stream keyed by
`SeedSequence(seed)` (`collsec.sim.draws`), so the rows do not depend on the number of workers
or on batching. With `--mix threats` the episode's crisis and victim are drawn from the
alliance's risk register (`collsec.exercises.threats.draw_threat`) with a generator seeded by
`SeedSequence(seed, spawn_key=(i, 0))`, apart from the episode's own stream. The preparation
(interoperability, contingency plans) is computed once, in the driving process, and handed to
the workers as data. Each worker writes its contiguous block of episodes to its own Parquet
file in batches (never holding the run in memory); the parts are then merged in order into
`episodes.parquet`. The summary is computed by streaming the merged file, its quantiles
exact and found in bounded memory (`collsec.sim.quantiles`), so memory stays flat however
many episodes run; it depends only on the scenario, the overrides, the options that change
the episodes, the number of runs and the seed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from collsec.errors import Problem, UsageError
from collsec.exercises.threats import RiskRegister, draw_threat, risk_register
from collsec.scenario.loader import load_scenario
from collsec.scenario.models import Scenario
from collsec.sim.crises import spec_for_crisis
from collsec.sim.draws import batch_draws
from collsec.sim.episode import EpisodeModel
from collsec.sim.preparation import Preparation, prepare
from collsec.sim.quantiles import StreamedQuantiles
from collsec.sim.records import EpisodeRecord, schema_for, to_table

__all__ = ["BATCH", "Episodes", "RunSpec", "preparation_for", "run", "summarise"]

#: Rows a worker holds before writing them out.
BATCH = 5000
EPISODES_FILE = "episodes.parquet"
SUMMARY_FILE = "summary.json"


@dataclass(frozen=True)
class RunSpec:
    """What a run needs to rebuild its scenario in any process.

    Attributes:
        scenario_paths: `--scenario` files or folders.
        sets: `--set` overrides.
        crisis: Crisis id (None for the catalogue's default).
        victim: Another victim for the crisis, or None.
        runs: Number of episodes.
        seed: Seed of the run's `SeedSequence`.
        mix: Draw each episode's crisis and victim from the risk register (`--mix threats`).
        plans: A contingency-plan artefact the episodes use, or None.
        exercise_year: Count the exercise calendar proposed for this year as held, or None.
    """

    scenario_paths: tuple[str, ...]
    sets: tuple[str, ...]
    crisis: str | None
    victim: str | None
    runs: int
    seed: int
    mix: bool = False
    plans: str | None = None
    exercise_year: int | None = None


class Episodes:
    """Draws episode `i` of a run: one crisis, or the risk register's mix of crises."""

    def __init__(self, scenario: Scenario, spec: RunSpec, preparation: Preparation) -> None:
        self.scenario = scenario
        self.preparation = preparation
        self.register: RiskRegister | None = None
        self._models: dict[tuple[str, str], EpisodeModel] = {}
        if spec.mix:
            if spec.crisis is not None or spec.victim is not None:
                raise UsageError(
                    [
                        Problem(
                            "--mix threats draws the crisis and the victim",
                            file="--mix",
                            expected="no --crisis or --victim with --mix threats",
                        )
                    ]
                )
            self.register = risk_register(scenario)
            self.single: EpisodeModel | None = None
        else:
            crisis = spec_for_crisis(scenario, spec.crisis, spec.victim)
            self.single = EpisodeModel(scenario, crisis, preparation)

    def model(self, crisis: str, victim: str) -> EpisodeModel:
        """The model of one catalogue crisis on one victim, built once per process."""
        found = self._models.get((crisis, victim))
        if found is None:
            spec = spec_for_crisis(self.scenario, crisis, victim)
            found = EpisodeModel(self.scenario, spec, self.preparation)
            self._models[(crisis, victim)] = found
        return found

    def run_batch(self, seed: int, start: int, stop: int) -> list[EpisodeRecord]:
        """Episodes `[start, stop)` of the run with seed `seed`, in order."""
        if self.single is not None:
            return self.single.run_batch(seed, start, stop)
        assert self.register is not None
        out = []
        for i, u in enumerate(batch_draws(seed, start, stop), start):
            child = np.random.SeedSequence(seed, spawn_key=(i, 0))
            drawn = draw_threat(self.register, np.random.Generator(np.random.PCG64(child)))
            out.append(self.model(drawn.crisis, drawn.victim).draw(seed, i, u))
        return out


def preparation_for(scenario: Scenario, spec: RunSpec) -> Preparation:
    """The run's preparation, on the day its crises start (noon UTC on the scenario's date)."""
    plans = None if spec.plans is None else Path(spec.plans)
    return prepare(scenario, scenario.as_of, plans, spec.exercise_year)


#: The episodes of the run this process works on, kept across its blocks so that the scenario
#: is loaded and each plan made once per process (`_episodes`).
_CURRENT: dict[RunSpec, tuple[Scenario, Preparation, Episodes]] = {}


def _episodes(spec: RunSpec, preparation: Preparation) -> tuple[Scenario, Episodes]:
    """This process's scenario and episode source for `spec`, built on first use."""
    found = _CURRENT.get(spec)
    if found is None or found[1] != preparation:
        scenario = load_scenario(spec.scenario_paths, spec.sets)
        found = (scenario, preparation, Episodes(scenario, spec, preparation))
        _CURRENT.clear()
        _CURRENT[spec] = found
    return found[0], found[2]


def _write_block(spec: RunSpec, preparation: Preparation, start: int, stop: int, path: str) -> int:
    """Run episodes [start, stop) and stream them to `path`; returns the rows written."""
    scenario, model = _episodes(spec, preparation)
    states = sorted(scenario.states)
    schema = schema_for(states)
    with pq.ParquetWriter(path, schema) as writer:
        for a in range(start, max(stop, start + 1), BATCH):
            batch = model.run_batch(spec.seed, a, min(a + BATCH, stop))
            writer.write_table(to_table(batch, states))
    return stop - start


def run(
    spec: RunSpec,
    out: Path,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Run `spec.runs` episodes on `workers` processes into `out/`; return the summary.

    Writes `out/episodes.parquet` (one row per episode, in episode order) and
    `out/summary.json`. `progress` is called with the number of episodes finished.
    """
    scenario = load_scenario(spec.scenario_paths, spec.sets)
    preparation = preparation_for(scenario, spec)
    # Fail fast, in this process, on a bad crisis; one worker then reuses it.
    _CURRENT.clear()
    _CURRENT[spec] = (scenario, preparation, Episodes(scenario, spec, preparation))
    out.mkdir(parents=True, exist_ok=True)
    blocks = _blocks(spec.runs, max(1, workers))
    parts = [str(out / f".part-{k:03d}.parquet") for k in range(len(blocks))]
    if workers <= 1:
        for (a, b), part in zip(blocks, parts, strict=True):
            _write_block(spec, preparation, a, b, part)
            if progress:
                progress(b - a)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [
                pool.submit(_write_block, spec, preparation, a, b, part)
                for (a, b), part in zip(blocks, parts, strict=True)
            ]
            for f in futures:
                n = f.result()
                if progress:
                    progress(n)
    target = out / EPISODES_FILE
    _merge(parts, target)
    summary = summarise(target, spec.runs, spec.seed)
    summary.update(
        mix="threats" if spec.mix else None,
        contingency_plans=preparation.plans.version if preparation.plans else None,
        exercise_year=spec.exercise_year,
    )
    (out / SUMMARY_FILE).write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    return summary


def _blocks(runs: int, workers: int) -> list[tuple[int, int]]:
    """Contiguous blocks of about equal size, several per worker so progress moves."""
    count = min(max(1, runs), workers * 4) if runs else 1
    edges = [runs * k // count for k in range(count + 1)]
    return [(edges[k], edges[k + 1]) for k in range(count)]


def _merge(parts: Sequence[str], target: Path) -> None:
    """Concatenate the parts into `target`, a row group at a time, deleting each part.

    Arrow's allocator (mimalloc) keeps freed pages for reuse; they are handed back after each
    row group, so the process's resident memory stays that of one row group, not of the run.
    """
    schema = pq.read_schema(parts[0])
    with pq.ParquetWriter(str(target), schema) as writer:
        for part in parts:
            pf = pq.ParquetFile(part)
            for i in range(pf.num_row_groups):
                writer.write_table(pf.read_row_group(i))
                pa.default_memory_pool().release_unused()
            Path(part).unlink()


#: Summary key and the time column it describes.
_TIMES = (
    ("hours_to_decision", "t_decision_h"),
    ("hours_to_first_arrival", "t_first_arrival_h"),
    ("hours_to_full_deployment", "t_full_deployment_h"),
)
#: Rows read at a time when the summary streams the file.
_CHUNK = 65536


def summarise(path: Path, runs: int, seed: int) -> dict[str, Any]:
    """The run's summary, streamed from its Parquet file in bounded memory.

    Probabilities carry a 95% Wilson interval; times are `{median, p10, p90}` in hours from
    the crisis start over the episodes where the step happened (null when none did), exactly
    `np.quantile`'s, found by selection over passes on one column at a time
    (`StreamedQuantiles`), so no column is ever held whole.
    """
    pf = pq.ParquetFile(str(path))
    counts = {"requested": 0, "decision": 0, "deployed": 0, "stabilised": 0, "n": 0}
    columns = ["requested", "decision", "deployed", "outcome"]
    for batch in pf.iter_batches(columns=columns, batch_size=_CHUNK):
        counts["n"] += batch.num_rows
        for name in columns[:3]:
            counts[name] += pc.sum(batch.column(name)).as_py() or 0
        stabilised = pc.equal(batch.column("outcome"), "stabilised")
        counts["stabilised"] += pc.sum(stabilised).as_py() or 0
    pa.default_memory_pool().release_unused()
    n = counts["n"]
    summary: dict[str, Any] = {
        "runs": runs,
        "seed": seed,
        "p_request": _proportion(counts["requested"], n),
        "p_decision": _proportion(counts["decision"], n),
        "p_deploy": _proportion(counts["deployed"], n),
        "p_stabilised": _proportion(counts["stabilised"], n),
        "p_stabilised_given_deploy": _proportion(counts["stabilised"], counts["deployed"]),
    }
    for key, column in _TIMES:
        summary[key] = _quantiles(StreamedQuantiles(_column_reader(pf, column)))
    return summary


def _column_reader(
    pf: pq.ParquetFile, column: str
) -> Callable[[], Iterator[npt.NDArray[np.float64]]]:
    """A fresh pass over one column's non-null values, a chunk at a time."""

    def read() -> Iterator[npt.NDArray[np.float64]]:
        for batch in pf.iter_batches(columns=[column], batch_size=_CHUNK):
            values = batch.column(0).drop_null()
            yield np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float64)
        pa.default_memory_pool().release_unused()

    return read


def _proportion(k: int, n: int) -> dict[str, float | None]:
    """Share k/n with its 95% Wilson score interval (rounded to 6 places)."""
    if n == 0:
        return {"p": None, "ci_low": None, "ci_high": None}
    z = 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return {"p": round(p, 6), "ci_low": round(max(0.0, centre - half), 6),
            "ci_high": round(min(1.0, centre + half), 6)}  # fmt: skip


def _quantiles(column: StreamedQuantiles) -> dict[str, float | None]:
    found = column.quantiles((0.1, 0.5, 0.9))
    if found is None:
        return {"median": None, "p10": None, "p90": None}
    p10, med, p90 = found
    return {"median": round(med, 3), "p10": round(p10, 3), "p90": round(p90, 3)}
