"""`collsec interop`, `collsec exercises plan`, `collsec threats`, `collsec contingency`.

Thin edge over `collsec.exercises`: load the scenario, call the model, print JSON or tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from collsec.cli.options import (
    AtDate,
    JsonFlag,
    ScenarioPaths,
    Sets,
    emit_json,
    err_console,
    load,
    out_console,
    parse_date,
)
from collsec.errors import Problem, UsageError
from collsec.exercises import (
    build_contingency_plans,
    interop_matrix,
    load_contingency_plans,
    plan_calendar,
    risk_register,
)
from collsec.scenario.exercises import ForceType

__all__ = ["contingency_build", "contingency_show", "interop", "plan", "register", "threats"]

DEFAULT_ARTEFACT = Path("contingency-plans.json")

exercises_app = typer.Typer(
    help="Joint exercises: plan next year's calendar.", no_args_is_help=True
)
contingency_app = typer.Typer(
    help="Contingency plans prepared ahead for the likely crises.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add `interop`, `threats`, `exercises plan` and `contingency build|show` to the app."""
    app.command()(interop)
    app.command()(threats)
    app.add_typer(exercises_app, name="exercises")
    app.add_typer(contingency_app, name="contingency")


def interop(
    at: AtDate = None,
    force_type: Annotated[
        ForceType | None,
        typer.Option(
            "--force-type", help="Show one force type (default: all).", show_default=False
        ),
    ] = None,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Print the interoperability matrix: a level in [0, 1] per pair of states and force type."""
    world = load(scenario, set_)
    day = parse_date(at, world.as_of)
    matrix = interop_matrix(world, day)
    if json_:
        emit_json(matrix.to_dict())
        return
    data = matrix.to_dict()["levels"]
    for ft in [force_type.value] if force_type else sorted(data):
        table = Table(title=f"Interoperability, {ft}, on {day.isoformat()}")
        table.add_column("")
        for s in matrix.states:
            table.add_column(s, justify="right")
        for a in matrix.states:
            table.add_row(
                a, *("1.00" if a == b else f"{data[ft][a][b]:.2f}" for b in matrix.states)
            )
        out_console.print(table)


@exercises_app.command("plan")
def plan(
    year: Annotated[int, typer.Option("--year", help="The year to plan.", min=1992, max=2100)],
    budget: Annotated[
        float | None,
        typer.Option(
            "--budget",
            help="Budget in million USD (default: assumptions.exercise_budget_musd).",
            show_default=False,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude", help="A state that takes part in nothing (repeatable).", show_default=False
        ),
    ] = None,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Propose next year's exercise calendar (HiGHS) against repeating last year's."""
    world = load(scenario, set_)
    result = plan_calendar(world, year, budget, exclude or [])
    if json_:
        emit_json(result.to_dict())
        return
    for label, cal in (("proposed", result.proposed), (f"{year - 1} repeated", result.baseline)):
        table = Table(title=f"{year}: {label} (cost {cal.cost:.1f}, gain {cal.gain:+.4f})")
        for col in ("series", "host", "participants", "cost"):
            table.add_column(col)
        for line in cal.lines:
            table.add_row(line.series, line.host, " ".join(line.participants), f"{line.cost:.1f}")
        out_console.print(table)
        for v in cal.violations:
            out_console.print(f"  breaks: {v}")
    out_console.print(
        f"solver: {result.status}; budget {result.budget:.1f}; mean level on 1 Jan "
        f"{result.start_level:.3f}; advantage over repeating {year - 1}: {result.advantage:+.4f}"
    )
    for sid, why in sorted(result.excluded.items()):
        out_console.print(f"  takes part in nothing: {sid} ({why})")


def threats(
    at: AtDate = None,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Print the alliance risk register: members' assessments combined, disagreement shown."""
    world = load(scenario, set_)
    register_ = risk_register(world, parse_date(at, world.as_of))
    if json_:
        emit_json(register_.to_dict())
        return
    table = Table(title=f"Risk register on {register_.at.isoformat()}")
    for col in ("crisis type", "victim", "likelihood", "impact", "risk", "spread"):
        table.add_column(col)
    for sid in register_.assessors:
        table.add_column(sid, justify="right")
    for row in register_.rows:
        cells = []
        for sid in register_.assessors:
            v = row.views.get(sid)
            cells.append(
                "-" if v is None else f"{v.likelihood:.2f}/{v.impact:.1f}{'' if v.weight else '*'}"
            )
        table.add_row(
            row.kind,
            row.victim,
            f"{row.likelihood:.2f}",
            f"{row.impact:.1f}",
            f"{row.risk:.2f}",
            f"{row.spread:.2f}",
            *cells,
        )
    out_console.print(table)
    out_console.print("member cells: likelihood/impact; * shown but not counted (frozen member)")


@contingency_app.command("build")
def contingency_build(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the artefact (JSON).")
    ] = DEFAULT_ARTEFACT,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            help="Least alliance likelihood planned for "
            "(default: assumptions.contingency_likelihood_threshold).",
            show_default=False,
        ),
    ] = None,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Plan ahead for every likely (crisis type, victim) and write a versioned artefact."""
    if threshold is not None and not 0 <= threshold <= 1:
        raise UsageError(
            [Problem(f"threshold {threshold}", file="--threshold", expected="in [0, 1]")]
        )
    world = load(scenario, set_)
    book = build_contingency_plans(world, threshold)
    book.write(output)
    if json_:
        emit_json({"path": str(output), "version": book.version, "plans": len(book.plans)})
        return
    err_console.print(f"wrote {output} (version {book.version}, {len(book.plans)} plans)")


@contingency_app.command("show")
def contingency_show(
    path: Annotated[
        Path, typer.Argument(help="The artefact written by `contingency build`.")
    ] = DEFAULT_ARTEFACT,
    json_: JsonFlag = False,
) -> None:
    """Show a contingency-plan artefact after checking its version."""
    book = load_contingency_plans(path)
    if json_:
        emit_json(book.to_dict())
        return
    table = Table(title=f"Contingency plans {book.version} ({book.scenario}, {book.as_of})")
    for col in ("crisis type", "victim", "force", "airfield", "status", "troops", "last landing h"):
        table.add_column(col)
    for p in book.plans:
        last = f"{p.arrivals[-1][0]:.1f}" if p.arrivals else "-"
        table.add_row(
            p.kind,
            p.victim,
            p.force,
            p.destination or "-",
            p.status,
            str(sum(n for _, n, _ in p.arrivals)),
            last,
        )
    out_console.print(table)
    for p in book.plans:
        if p.reason:
            out_console.print(f"  {p.kind} in {p.victim}: {p.reason}")
    out_console.print(f"decision step with a plan: {book.decision_h:.0f} h")
