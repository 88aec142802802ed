"""Experiments at scale: `collsec sweep` over a design, `collsec analyze` of a finished sweep."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress, TaskID
from rich.table import Table

from collsec.cli.options import JsonFlag, ScenarioPaths, Sets, emit_json, err_console, out_console
from collsec.errors import Problem, UsageError
from collsec.experiments.analysis import Target, read_sweep
from collsec.experiments.analysis import analyze as run_analysis
from collsec.experiments.design import DesignKind, make_design
from collsec.experiments.executor import Backend, open_executor
from collsec.experiments.params import check_params, parse_params
from collsec.experiments.sweep import SweepSpec, run_sweep

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add `sweep` and `analyze` to the main app."""
    app.command()(sweep)
    app.command()(analyze)


class _Bars:
    """Two rich progress bars on stderr: design points and episodes."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.points: TaskID | None = None
        self.episodes: TaskID | None = None

    def start(self, points: int, episodes: int, done_points: int) -> None:
        """Create the bars, counting points a previous run finished as done."""
        self.points = self.progress.add_task("points", total=points, completed=done_points)
        self.episodes = self.progress.add_task(
            "episodes", total=episodes, completed=episodes * done_points // max(1, points)
        )

    def advance(self, episodes: int, points: int) -> None:
        """Move both bars."""
        if self.points is not None and self.episodes is not None:
            self.progress.advance(self.episodes, episodes)
            self.progress.advance(self.points, points)


def sweep(
    out: Annotated[Path, typer.Option("--out", help="Sweep folder (a Parquet dataset).")],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            help="PATH=[a,b,...] (repeatable): any scenario path --set accepts; a list is a "
            "set of levels, [low,high] of numbers a range for lhs and sobol.",
            show_default=False,
        ),
    ] = None,
    design: Annotated[DesignKind, typer.Option("--design", help="Design of experiments.")] = (
        DesignKind.GRID
    ),
    points: Annotated[
        int,
        typer.Option("--points", help="lhs: samples; sobol: base size N (N(2D+2) points)."),
    ] = 16,
    runs_per_point: Annotated[
        int, typer.Option("--runs-per-point", help="Episodes at each design point.")
    ] = 1000,
    seed: Annotated[
        int, typer.Option("--seed", help="Seeds the design and every point's episodes.")
    ] = 0,
    crisis: Annotated[
        str | None, typer.Option("--crisis", help="Crisis id (default: the catalogue's default).")
    ] = None,
    victim: Annotated[
        str | None, typer.Option("--victim", help="Run the crisis on another member (ISO3).")
    ] = None,
    backend: Annotated[Backend, typer.Option("--backend", help="Where tasks run.")] = (
        Backend.LOCAL
    ),
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            help="Local processes, workers of a new Dask cluster, or how many "
            "an --address cluster has.",
        ),
    ] = max(1, os.cpu_count() or 1),
    address: Annotated[
        str | None,
        typer.Option("--address", help="An existing Dask scheduler, e.g. tcp://host:8786."),
    ] = None,
    batch: Annotated[
        int, typer.Option("--batch", help="Episodes per Parquet file (the least a task runs).")
    ] = 1000,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Run a crisis over a design of scenario parameters; rerun the same command to resume."""
    params = parse_params(param or [])
    paths = tuple(str(p) for p in scenario or [])
    sets = tuple(set_ or [])
    if runs_per_point < 1:
        raise UsageError(
            [Problem(f"--runs-per-point {runs_per_point}", file="--runs-per-point",
                     expected="at least 1")]
        )  # fmt: skip
    check_params(params, paths, sets)
    drawn = make_design(design, params, points, seed)
    spec = SweepSpec(paths, sets, crisis, victim, runs_per_point, seed, batch)
    try:
        with (
            Progress(console=err_console, transient=True, disable=json_) as progress,
            open_executor(backend, workers, address) as executor,
        ):
            result = run_sweep(spec, drawn, out, executor, _Bars(progress), workers=workers)
    except KeyboardInterrupt:
        err_console.print(
            f"interrupted; finished points are kept in {out}: rerun to resume", soft_wrap=True
        )
        raise typer.Exit(130) from None
    summary = {
        "out": str(out),
        "design": design.value,
        "points": len(drawn.points),
        "ran": result.points,
        "skipped": result.skipped,
        "episodes": result.episodes,
        "runs_per_point": runs_per_point,
        "seed": seed,
    }
    if json_:
        emit_json(summary)
        return
    out_console.print(
        f"{design.value}: {len(drawn.points)} points x {runs_per_point} episodes in {out} "
        f"({result.points} run now, {result.skipped} already done)"
    )


def analyze(
    folder: Annotated[Path, typer.Argument(help="A sweep folder (collsec sweep --out).")],
    target: Annotated[
        Target, typer.Option("--target", help="Outcome share the Sobol' indices explain.")
    ] = Target.P_DEPLOY,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="Write a self-contained HTML report here.", show_default=False
        ),
    ] = None,
    min_coverage: Annotated[
        float, typer.Option("--min-coverage", help="PRIM: the chosen box keeps this coverage.")
    ] = 0.5,
    json_: JsonFlag = False,
) -> None:
    """Sobol' indices (sobol designs); PRIM boxes and CART leaves for no deployment and failure."""
    if not 0.0 < min_coverage <= 1.0:
        raise UsageError(
            [Problem(f"--min-coverage {min_coverage}", file="--min-coverage",
                     expected="a share in (0, 1]")]
        )  # fmt: skip
    result = run_analysis(read_sweep(folder), target, min_coverage)
    if report is not None:
        from collsec.experiments.report import write_report  # plotly: only when asked for

        write_report(report, result)
        err_console.print(f"report: {report}")
    if json_:
        emit_json(result)
        return
    _print(result)


def _print(result: dict[str, Any]) -> None:
    sobol = result["sobol"]
    if sobol is None:
        out_console.print("Sobol' indices: need a sobol design.")
    elif sobol["note"]:
        out_console.print(f"Sobol' indices: {sobol['note']}")
    else:
        table = Table(
            "parameter", "S1", "±", "ST", "±", title=f"Sobol' indices of {result['target']}"
        )
        for name, ix in sobol["indices"].items():
            table.add_row(name, *(_fmt(ix[k]) for k in ("S1", "S1_conf", "ST", "ST_conf")))
        out_console.print(table)
    for event, found in result["discovery"].items():
        label = event.replace("_", " ")
        box = found["box"]
        if not found["occurred"]:
            out_console.print(f"{label}: never happened")
        elif box is None:
            out_console.print(f"{label}: no box reaches the minimum coverage")
        else:
            out_console.print(
                f"{label} (PRIM): coverage {box['coverage']:.3f}, density {box['density']:.3f}, "
                f"mass {box['mass']:.3f} when {json.dumps(box['limits']) or 'anywhere'}"
            )
        for leaf in found["cart"]:
            if leaf["event"]:
                out_console.print(
                    f"{label} (CART leaf): coverage {leaf['coverage']:.3f}, density "
                    f"{leaf['density']:.3f}, mass {leaf['mass']:.3f} when "
                    f"{' and '.join(leaf['rule']) or 'anywhere'}"
                )


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
