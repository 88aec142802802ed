"""`collsec plan`: which contingents, on which aircraft, landing when.

Thin edge over `collsec.planning`: read the requirements file (or pose a crisis's question as
the simulator does), build the problem from the scenario, call a solver, print JSON or
tables, and optionally write the HTML report.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from collsec.charter import members_on
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
from collsec.planning import (
    MilpOptions,
    Plan,
    SolveStatus,
    load_requirements,
    problem_from_scenario,
    solve_greedy,
    solve_milp,
    write_report,
)
from collsec.planning.scenario_inputs import RequirementsFile
from collsec.scenario import Scenario, Status
from collsec.sim.crises import spec_for_crisis
from collsec.sim.deployment import Deployer

__all__ = ["Solver", "plan", "register"]


class Solver(StrEnum):
    """Which planner answers."""

    GREEDY = "greedy"
    MILP = "milp"


def register(app: typer.Typer) -> None:
    """Add `plan` to the main app."""
    app.command()(plan)


def plan(
    requirements: Annotated[
        Path | None,
        typer.Option(
            "--requirements",
            help="Requirements YAML file (format: docs/planning.md).",
            show_default=False,
        ),
    ] = None,
    crisis: Annotated[
        str | None,
        typer.Option(
            "--crisis",
            help="Plan a crisis from `collsec crises` instead: every active member but the "
            "victim offers its contingents of the crisis's force.",
            show_default=False,
        ),
    ] = None,
    victim: Annotated[
        str | None,
        typer.Option("--victim", help="With --crisis: another victim (ISO3).", show_default=False),
    ] = None,
    solver: Annotated[
        Solver, typer.Option("--solver", help="greedy or milp (HiGHS).")
    ] = Solver.MILP,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            help="Seconds for the MILP. Without it the solve is deterministic (no wall clock).",
            show_default=False,
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Write an HTML report (sortie Gantt chart, arrival curve).",
            show_default=False,
        ),
    ] = None,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Plan a deployment: force generation and airlift, optimal with HiGHS, and explained.

    Exits 1 when the request cannot be met (the plan says which requirement and which
    constraint binds), 2 on bad input.
    """
    if time_limit is not None and time_limit <= 0:
        raise UsageError(
            [Problem(f"{time_limit}", file="--time-limit", expected="a positive number of seconds")]
        )
    if (requirements is None) == (crisis is None):
        raise UsageError(
            [Problem("give exactly one question", expected="--requirements FILE or --crisis ID")]
        )
    world = load(scenario, set_)
    if requirements is not None:
        spec, source = load_requirements(requirements), str(requirements)
    else:
        spec, source = _crisis_requirements(world, crisis, victim), f"--crisis {crisis}"
    problem = problem_from_scenario(world, spec, source=source)
    err_console.print(
        f"planning {len(problem.requirements)} requirements, "
        f"{len(problem.contingents)} contingents, "
        f"{sum(p.count for p in problem.pools)} aircraft with {solver.value}"
    )
    if solver is Solver.GREEDY:
        result = solve_greedy(problem)
    else:
        result = solve_milp(problem, MilpOptions(time_limit_s=time_limit))
    if report is not None:
        write_report(problem, result, report, title=spec.description or source)
        err_console.print(f"report written to {report}")
    if json_:
        emit_json(result.to_dict())
    else:
        _print(result)
    if result.status is SolveStatus.INFEASIBLE:
        raise typer.Exit(1)


def _crisis_requirements(
    world: Scenario, crisis: str | None, victim: str | None
) -> RequirementsFile:
    """The question the simulator asks the planner when every active member sends."""
    spec = spec_for_crisis(world, crisis, victim)
    senders = tuple(
        sorted(
            m.id
            for m in members_on(world, spec.start.date())
            if m.status is Status.ACTIVE and m.id != spec.victim
        )
    )
    question = Deployer(world, spec, leader=None).requirements_for(senders)
    if isinstance(question, str):
        raise UsageError([Problem(question, file="--crisis", expected="a crisis forces can reach")])
    return question


def _print(result: Plan) -> None:
    lateness = result.lateness_hours
    head = Table(title=f"Plan ({result.solver}): {result.status.value}", show_header=False)
    for key, value in (
        (
            "objective / bound / gap",
            f"{_n(result.objective)} / {_n(result.bound)} / {_n(result.gap)}",
        ),
        ("bound from", result.bound_origin or "-"),
        ("solve seconds", f"{result.solve_seconds:.2f}"),
        ("lateness (hours)", _n(lateness)),
        ("sorties", str(len(result.sorties))),
        ("flying hours", f"{result.flying_hours:.1f}"),
        (
            "first landing / closure (h)",
            f"{_n(result.first_landing_h())} / {_n(result.closure_h())}",
        ),
        ("aircraft used", ", ".join(f"{a}: {n}" for a, n in result.aircraft_used().items())),
        ("burden share", ", ".join(f"{s} {v:.0%}" for s, v in result.burden_share.items())),
    ):
        head.add_row(key, value)
    out_console.print(head)
    reqs = Table(title="Requirements")
    for col in (
        "id",
        "capability",
        "destination",
        "due h",
        "met h",
        "late h",
        "personnel",
        "contingents",
    ):
        reqs.add_column(col)
    for r in result.requirements:
        reqs.add_row(
            r.id,
            r.capability,
            r.destination,
            f"{r.due_h:g}",
            _n(r.met_h),
            _n(r.lateness_h),
            str(r.personnel_delivered),
            ", ".join(r.contingents),
        )
    out_console.print(reqs)
    for why in result.explanations:
        out_console.print(f"[bold red]cannot:[/] {why}")
    sorties = Table(title="Sorties")
    for col in ("type", "tail", "from", "to", "dep h", "arr h", "personnel", "tonnes"):
        sorties.add_column(col)
    for s in result.sorties:
        sorties.add_row(
            s.aircraft_type,
            s.tail,
            s.origin,
            s.destination,
            f"{s.departure_h:.2f}",
            f"{s.arrival_h:.2f}",
            str(s.personnel),
            f"{s.tonnage_t:.1f}",
        )
    out_console.print(sorties)


def _n(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
