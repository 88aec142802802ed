"""Crisis runs started from the dashboard: queued, run in a child process, followed live.

A run is the CLI's `collsec simulate` (the same `collsec.sim.runner.run`, the same Parquet file
and summary), started by `POST /api/v1/runs`. One background thread takes the runs in turn
(they queue rather than compete for the machine's cores) and executes each in a child
process: the server's own process stays free to answer, progress comes back through a shared
counter, and stopping the server stops the run at once instead of waiting for it to finish.
Episode `i` draws from `SeedSequence(seed, spawn_key=(i,))`, so a run gives the same answer
whenever and however it is started. What-if overrides are `--set`
strings, checked by loading the scenario with them before the run is queued, so a bad override
is a 400 naming its path and never a failed run.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import multiprocessing
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from collsec.errors import CollsecError, Problem, UsageError
from collsec.scenario import load_scenario
from collsec.service.results import run_results
from collsec.sim.crises import spec_for_crisis
from collsec.sim.runner import EPISODES_FILE, SUMMARY_FILE, RunSpec, run

__all__ = ["MAX_RUNS", "Job", "JobState", "RunQueue", "check_overrides"]

#: The most episodes one run from the page may ask for (the CLI has no limit).
MAX_RUNS = 100_000
#: Seconds between two looks at a child's progress counter.
_POLL_S = 0.05
#: Where a failed child leaves its one-line error.
_ERROR_FILE = "error.txt"
#: Children are forked from a fork server that has already imported the runner: no fork of the
#: threaded server itself, and no second of imports per run.
_MP = multiprocessing.get_context("forkserver")
#: pyarrow imports pandas, when installed, on the first table it builds (two seconds).
_MP.set_forkserver_preload(
    ["collsec.sim.runner", "collsec.service.runs"]
    + (["pandas"] if importlib.util.find_spec("pandas") else [])
)


class JobState(StrEnum):
    """Where a run stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class Job:
    """One run: what was asked, how far it got, and where its rows are.

    Attributes:
        id: The run's id (`run-1`, `run-2`, ... in the order runs were started).
        spec: What the runner rebuilds in its process: scenario, overrides, crisis, N, seed.
        overrides: The what-if `PATH=VALUE` overrides the page added to the server's own.
        folder: Where the runner writes `episodes.parquet` and `summary.json`.
        done: Episodes finished so far.
        state: Queued, running, done or failed.
        error: Why the run failed (failed runs only).
        summary: The runner's summary (done runs only).
    """

    id: str
    spec: RunSpec
    overrides: tuple[str, ...]
    folder: Path
    done: int = 0
    state: JobState = JobState.QUEUED
    error: str | None = None
    summary: dict[str, Any] | None = None
    _results: dict[str, Any] | None = field(default=None, repr=False)

    def progress(self) -> dict[str, Any]:
        """The run's progress as the event stream sends it."""
        return {
            "id": self.id,
            "state": self.state.value,
            "done": self.done,
            "total": self.spec.runs,
            "error": self.error,
        }

    def describe(self) -> dict[str, Any]:
        """What was asked and how far the run got (the list of runs shows this)."""
        return {
            **self.progress(),
            "crisis": self.spec.crisis,
            "victim": self.spec.victim,
            "runs": self.spec.runs,
            "seed": self.spec.seed,
            "overrides": list(self.overrides),
        }

    def results(self) -> dict[str, Any]:
        """Distributions, outcome probabilities, burden share and the median episode.

        Raises:
            UsageError: the run has not finished (or failed).
        """
        if self.state is not JobState.DONE or self.summary is None:
            raise UsageError(
                [Problem(f"run {self.id} is {self.state.value}", path="id", expected="a done run")]
            )
        if self._results is None:
            self._results = {
                **self.describe(),
                "summary": self.summary,
                **run_results(self.folder / EPISODES_FILE),
            }
        return self._results


def check_overrides(overrides: list[str]) -> tuple[str, ...]:
    """Overrides in `--set` form, each `PATH=VALUE` with a non-empty path.

    Raises:
        UsageError: an override without `=` or without a path, naming it.
    """
    for i, text in enumerate(overrides):
        key, eq, _ = text.partition("=")
        if not eq or not key.strip():
            raise UsageError(
                [
                    Problem(
                        f"cannot read override {text!r}",
                        path=f"overrides.{i}",
                        expected="PATH=VALUE, as --set takes it",
                    )
                ]
            )
    return tuple(overrides)


class RunQueue:
    """The runs of one server, executed one at a time on a background thread."""

    def __init__(
        self, scenario_paths: tuple[str, ...], sets: tuple[str, ...], workers: int = 1
    ) -> None:
        """Prepare an empty queue.

        Args:
            scenario_paths: The server's `--scenario` paths (the runner reloads them).
            sets: The server's own `--set` overrides, applied before a run's overrides.
            workers: Worker processes per run (1 runs in the background thread itself).
        """
        self._paths = scenario_paths
        self._sets = sets
        self._workers = workers
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="collsec-run")
        self._children: dict[str, multiprocessing.process.BaseProcess] = {}
        self._closing = threading.Event()
        self._root: Path | None = None  # made by the first run, deleted by close()

    def start(
        self, crisis: str | None, victim: str | None, runs: int, seed: int, overrides: list[str]
    ) -> Job:
        """Check a run's request and queue it.

        Raises:
            ScenarioError: an override names no field of the scenario or has a bad value.
            UsageError: an unknown crisis or victim, a malformed override, N or seed.
        """
        if not 1 <= runs <= MAX_RUNS:
            raise UsageError([Problem(f"runs {runs}", path="runs", expected=f"1 to {MAX_RUNS}")])
        if seed < 0:
            raise UsageError([Problem(f"seed {seed}", path="seed", expected="0 or more")])
        extra = check_overrides(overrides)
        sets = (*self._sets, *extra)
        try:
            scenario = load_scenario(list(self._paths), list(sets))
        except CollsecError:
            raise
        except (AttributeError, TypeError, ValueError) as exc:
            # The loader fails this way on an override that replaces a whole section by a
            # scalar; the request is still the client's mistake, so it is a 400 naming it.
            raise UsageError(
                [
                    Problem(
                        f"override rejected by the scenario loader ({exc})",
                        path=",".join(o.partition("=")[0] for o in extra) or "overrides",
                        expected="a PATH=VALUE the scenario schema accepts",
                    )
                ]
            ) from None
        try:
            spec_for_crisis(scenario, crisis, victim)
        except UsageError as exc:  # the simulator names CLI options; here they are JSON fields
            raise UsageError(
                [
                    dataclasses.replace(p, file=None, path=p.file[2:])
                    if p.file in ("--crisis", "--victim")
                    else p
                    for p in exc.problems
                ]
            ) from None
        spec = RunSpec(self._paths, sets, crisis, victim.upper() if victim else None, runs, seed)
        with self._lock:
            if self._root is None:
                self._root = Path(tempfile.mkdtemp(prefix="collsec-runs-"))
            job_id = f"run-{len(self._jobs) + 1}"
            job = Job(job_id, spec, extra, self._root / job_id)
            self._jobs[job_id] = job
        self._pool.submit(self._execute, job)
        return job

    def _execute(self, job: Job) -> None:
        done = _MP.Value("q", 0)
        child = _MP.Process(
            target=_run_child, args=(job.spec, job.folder, self._workers, done), daemon=False
        )
        with self._lock:  # close() either sees this child or has already said to stop
            if self._closing.is_set():
                return
            child.start()
            self._children[job.id] = child
            job.state = JobState.RUNNING
        while child.is_alive():
            job.done = int(done.value)
            child.join(_POLL_S)
        with self._lock:
            self._children.pop(job.id, None)
        job.done = int(done.value)
        summary = job.folder / SUMMARY_FILE
        if child.exitcode == 0 and summary.is_file():
            job.summary = json.loads(summary.read_text(encoding="utf-8"))
            job.state = JobState.DONE
            return
        error = job.folder / _ERROR_FILE
        job.error = (
            error.read_text(encoding="utf-8").strip()
            if error.is_file()
            else f"the run stopped (exit code {child.exitcode})"
        )
        job.state = JobState.FAILED

    def get(self, job_id: str) -> Job | None:
        """The run with this id, if any."""
        return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        """Every run of this server, oldest first."""
        with self._lock:
            return list(self._jobs.values())

    def close(self) -> None:
        """Stop the running run, drop the queued ones and delete every run's files."""
        with self._lock:
            self._closing.set()
            for child in self._children.values():
                child.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)


def _run_child(spec: RunSpec, folder: Path, workers: int, done: Any) -> None:
    """Run in a child process: the runner, counting episodes into `done` (a shared integer).

    A CollsecError (a crisis the scenario cannot start on that date, say) is written to
    `error.txt` for the parent and the child exits 1.
    """

    def advance(n: int) -> None:
        with done.get_lock():
            done.value += n

    try:
        run(spec, folder, workers, advance)
    except CollsecError as exc:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / _ERROR_FILE).write_text(f"{exc}\n", encoding="utf-8")
        raise SystemExit(1) from None
