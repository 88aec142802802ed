"""Crisis Monte Carlo commands: crises, simulate, backtest, compare."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress
from rich.table import Table

from collsec.cli.options import (
    JsonFlag,
    ScenarioPaths,
    Sets,
    emit_json,
    err_console,
    load,
    out_console,
)
from collsec.errors import Problem, UsageError
from collsec.sim.backtest import DEFAULT_RUNS, load_cases
from collsec.sim.backtest import backtest as run_backtest
from collsec.sim.crises import catalogue
from collsec.sim.report import read_run, write_report
from collsec.sim.runner import RunSpec, run
from collsec.sim.whatif import what_if

__all__ = ["register"]

ReportOption = Annotated[
    Path | None,
    typer.Option("--report", help="Write a self-contained HTML report here.", show_default=False),
]


class Mix(StrEnum):
    """Where each episode's crisis comes from when no single crisis is named."""

    THREATS = "threats"


def register(app: typer.Typer) -> None:
    """Add the simulator's commands to the main app."""
    app.command()(crises)
    app.command()(simulate)
    app.command()(backtest)
    app.command()(compare)


def crises(scenario: ScenarioPaths = None, set_: Sets = None, json_: JsonFlag = False) -> None:
    """List the crisis catalogue, the default crisis first."""
    s = load(scenario, set_)
    rows: list[dict[str, Any]] = [
        {
            "id": cid,
            "kind": c.kind,
            "victim": c.victim,
            "adversary": c.adversary,
            "title": c.title,
            "default": c.default,
            "external_backing_claimed": c.external_backing_claimed,
        }
        for cid, c in catalogue(s)
    ]
    if json_:
        emit_json(rows)
        return
    table = Table("id", "kind", "victim", "adversary", "title")
    for r in rows:
        table.add_row(r["id"] + (" (default)" if r["default"] else ""), r["kind"], r["victim"],
                      r["adversary"] or "-", r["title"])  # fmt: skip
    out_console.print(table)


def simulate(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for episodes.parquet and summary.json.")
    ],
    crisis: Annotated[
        str | None, typer.Option("--crisis", help="Crisis id (default: the catalogue's default).")
    ] = None,
    victim: Annotated[
        str | None, typer.Option("--victim", help="Run the crisis on another member (ISO3).")
    ] = None,
    mix: Annotated[
        Mix | None,
        typer.Option("--mix", help="Draw each episode's crisis and victim from the risk register."),
    ] = None,
    contingency: Annotated[
        Path | None,
        typer.Option(
            "--contingency", help="Use these contingency plans (collsec contingency build)."
        ),
    ] = None,
    exercises: Annotated[
        int | None,
        typer.Option("--exercises", help="Count the exercise calendar proposed for YEAR as held."),
    ] = None,
    what_if_: Annotated[
        bool,
        typer.Option(
            "--what-if",
            help="Also run with and without contingency plans and a year of exercises "
            "(into OUT/what-if/) and show the effect in the report.",
        ),
    ] = False,
    runs: Annotated[int, typer.Option("--runs", help="Number of episodes.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the run's SeedSequence.")] = 0,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.")] = 1,
    report: ReportOption = None,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Run a crisis N times through the procedure and write Parquet rows and a summary."""
    if runs < 1:
        raise UsageError([Problem(f"--runs {runs}", file="--runs", expected="at least 1")])
    if seed < 0:
        raise UsageError(
            [Problem(f"--seed {seed}", file="--seed", expected="a non-negative integer")]
        )
    if workers < 1:
        raise UsageError([Problem(f"--workers {workers}", file="--workers", expected="at least 1")])
    spec = RunSpec(
        scenario_paths=tuple(str(p) for p in scenario or []),
        sets=tuple(set_ or []),
        crisis=crisis,
        victim=victim,
        runs=runs,
        seed=seed,
        mix=mix is Mix.THREATS,
        plans=None if contingency is None else str(contingency),
        exercise_year=exercises,
    )
    variants: dict[str, dict[str, Any]] | None = None
    total = runs * 5 if what_if_ else runs
    with Progress(console=err_console, transient=True, disable=json_) as progress:
        task = progress.add_task("episodes", total=total)
        summary = run(spec, out, workers, lambda n: progress.advance(task, n))
        if what_if_:
            variants = what_if(spec, out / "what-if", workers, lambda n: progress.advance(task, n))
    if report is not None:
        write_report(report, [read_run(out)], variants)
        err_console.print(f"report: {report}")
    if json_:
        emit_json(summary if variants is None else {**summary, "what_if": variants})
        return
    _print_summary(summary)
    if variants is not None:
        _print_what_if(variants)


def _print_summary(summary: dict[str, Any]) -> None:
    table = Table("measure", "value", "95% CI / p10-p90")
    for key, value in summary.items():
        if isinstance(value, dict) and "p" in value:
            ci = "-" if value["p"] is None else f"{value['ci_low']:.3f}-{value['ci_high']:.3f}"
            table.add_row(key, "-" if value["p"] is None else f"{value['p']:.3f}", ci)
        elif isinstance(value, dict):
            med = value["median"]
            rng = "-" if med is None else f"{value['p10']:.1f}-{value['p90']:.1f}"
            table.add_row(key, "-" if med is None else f"{med:.1f} h", rng)
        else:
            table.add_row(key, str(value), "")
    out_console.print(table)


def _print_what_if(variants: dict[str, dict[str, Any]]) -> None:
    table = Table("variant", "p_deploy", "p_stabilised", "h to decision", "h to first arrival")
    for name, s in variants.items():
        cells = [
            "-" if s[k]["p"] is None else f"{s[k]['p']:.3f}" for k in ("p_deploy", "p_stabilised")
        ]
        cells += [
            "-" if s[k]["median"] is None else f"{s[k]['median']:.1f}"
            for k in ("hours_to_decision", "hours_to_first_arrival")
        ]
        table.add_row(name, *cells)
    out_console.print(table)


def backtest(
    cases: Annotated[
        Path | None, typer.Option("--cases", help="A cases file replacing the shipped cases.")
    ] = None,
    runs: Annotated[int, typer.Option("--runs", help="Episodes per case.")] = DEFAULT_RUNS,
    seed: Annotated[int, typer.Option("--seed", help="Seed for every case.")] = 0,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Score the behaviour model on historical cases against the base rate (Brier score)."""
    s = load(scenario, set_)
    chosen = load_cases(cases, s.sources) if cases is not None else None
    result = run_backtest(s, chosen, runs, seed)
    if json_:
        emit_json(result)
        return
    table = Table("case", "observed", "P(observed)", "P(deployed)", "Brier")
    for c in result["cases"]:
        table.add_row(c["case"], c["observed"]["measure"], f"{c['p_observed']:.3f}",
                      f"{c['p_deployed']:.3f}", f"{c['brier']:.4f}")  # fmt: skip
    out_console.print(table)
    verdict = "beats" if result["beats_base_rate"] else "does not beat"
    out_console.print(
        f"mean Brier {result['mean_brier']:.4f}; base rate {result['base_rate']:.3f} gives "
        f"{result['base_rate_brier']:.4f}: the model {verdict} the base rate."
    )


def compare(
    run_a: Annotated[Path, typer.Argument(help="First run folder (collsec simulate --out).")],
    run_b: Annotated[Path, typer.Argument(help="Second run folder.")],
    report: ReportOption = None,
    json_: JsonFlag = False,
) -> None:
    """Compare two runs (a what-if): the summaries side by side, and an optional report."""
    a, b = read_run(run_a), read_run(run_b)
    keys = [k for k in a.summary if isinstance(a.summary[k], dict)]
    diff = {k: {"a": a.summary[k], "b": b.summary.get(k)} for k in keys}
    if report is not None:
        write_report(report, [a, b])
        err_console.print(f"report: {report}")
    if json_:
        emit_json({"a": str(run_a), "b": str(run_b), "compare": diff})
        return
    table = Table("measure", a.name, b.name)
    for k, v in diff.items():
        left, right = v["a"], v["b"] or {}
        fa = left.get("p", left.get("median"))
        fb = right.get("p", right.get("median"))
        table.add_row(k, "-" if fa is None else f"{fa:.3f}", "-" if fb is None else f"{fb:.3f}")
    out_console.print(table)
