"""`/api/v1` routes of the deployment planner: the shipped example plan, or an uploaded one.

The planner is `collsec plan` (the same problem builder and solvers); the answer is the plan
as the CLI's JSON prints it, plus the airfields it uses with their coordinates so the page
can draw each sortie from its home airfield to its destination.
"""

from __future__ import annotations

import dataclasses
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query

from collsec.errors import CollsecError, Problem, UsageError
from collsec.planning import (
    MilpOptions,
    PlanningProblem,
    RequirementsFile,
    load_requirements,
    problem_from_scenario,
    solve_greedy,
    solve_milp,
)
from collsec.service.context import ServiceContext, context_of

__all__ = ["EXAMPLE", "Solver", "router"]

router = APIRouter(tags=["planning"])

Context = Annotated[ServiceContext, Depends(context_of)]

#: The shipped example: Kazakhstan, January 2022 (docs/planning.md).
EXAMPLE = Path(__file__).resolve().parents[2] / "planning" / "examples" / "kaz-2022.yaml"
#: The largest requirements file the page may upload, in bytes.
MAX_UPLOAD = 256 * 1024


class Solver(StrEnum):
    """Which planner answers: the greedy baseline (fast) or the exact HiGHS optimiser."""

    GREEDY = "greedy"
    MILP = "milp"


SolverQuery = Annotated[Solver, Query(description="greedy (default) or milp (HiGHS).")]


def _answer(problem: PlanningProblem, spec: RequirementsFile, solver: Solver) -> dict[str, Any]:
    result = (
        solve_greedy(problem) if solver is Solver.GREEDY else solve_milp(problem, MilpOptions())
    )
    used = {s.origin for s in result.sorties} | {s.destination for s in result.sorties}
    used |= {r.destination for r in problem.requirements}
    return {
        "description": spec.description,
        "airfields": {
            a: {"state": f.state, "lat": f.lat, "lon": f.lon}
            for a, f in sorted(problem.airfields.items())
            if a in used
        },
        **result.to_dict(),
    }


@router.get("/plan", summary="The shipped example plan")
def example_plan(ctx: Context, solver: SolverQuery = Solver.GREEDY) -> dict[str, Any]:
    """The plan for the shipped requirements (Kazakhstan, January 2022) in this scenario."""
    key = ("plan", solver.value)
    if key not in ctx.cache:
        spec = load_requirements(EXAMPLE)
        problem = problem_from_scenario(ctx.scenario, spec, source=EXAMPLE.name)
        ctx.cache[key] = _answer(problem, spec, solver)
    answer: dict[str, Any] = ctx.cache[key]
    return answer


@router.post("/plan", summary="Plan an uploaded requirements file")
def uploaded_plan(
    ctx: Context,
    requirements: Annotated[
        str,
        Body(
            media_type="application/yaml",
            description="A requirements YAML file (format: docs/planning.md).",
        ),
    ],
    solver: SolverQuery = Solver.GREEDY,
    name: Annotated[str, Query(description="The file's name, used in error messages.")] = (
        "requirements.yaml"
    ),
) -> dict[str, Any]:
    """The plan for an uploaded requirements file; a bad file is a 400 naming the field."""
    shown = Path(name).name or "requirements.yaml"
    if len(requirements.encode()) > MAX_UPLOAD:
        raise UsageError(
            [Problem("file too large", file=shown, expected=f"at most {MAX_UPLOAD} bytes")]
        )
    with tempfile.TemporaryDirectory(prefix="collsec-plan-") as folder:
        path = Path(folder) / shown
        path.write_text(requirements, encoding="utf-8")
        try:
            spec = load_requirements(path)
        except CollsecError as exc:
            raise type(exc)(
                [dataclasses.replace(p, file=shown) if p.file else p for p in exc.problems]
            ) from None
    problem = problem_from_scenario(ctx.scenario, spec, source=shown)
    return _answer(problem, spec, solver)
