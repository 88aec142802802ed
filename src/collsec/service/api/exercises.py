"""`/api/v1` routes of the exercises room: the interoperability matrix and the exercise calendar.

Both are the CLI's `collsec exercises interop` and `collsec exercises plan` answers as JSON:
the matrix is a level in [0, 1] per pair of states and force type on a date; the calendar is
next year's exercises proposed by HiGHS against repeating this year's (issue 7, section 6).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from collsec.exercises import interop_matrix, plan_calendar
from collsec.scenario import Scenario
from collsec.service.context import ServiceContext, context_of, scenario_of

__all__ = ["router"]

router = APIRouter(tags=["exercises"])

World = Annotated[Scenario, Depends(scenario_of)]
Context = Annotated[ServiceContext, Depends(context_of)]


@router.get("/interop", summary="The interoperability matrix")
def interop(
    scenario: World,
    at: Annotated[date | None, Query(description="Date; defaults to the scenario's as_of.")] = None,
) -> dict[str, Any]:
    """Levels in [0, 1] per force type and pair of states, built by the exercises held."""
    return interop_matrix(scenario, at if at is not None else scenario.as_of).to_dict()


@router.get("/exercise-calendar", summary="Next year's exercise calendar")
def exercise_calendar(
    ctx: Context,
    year: Annotated[
        int | None,
        Query(ge=1992, le=2100, description="The year to plan; the year after as_of."),
    ] = None,
    budget: Annotated[
        float | None,
        Query(gt=0, description="Million USD; assumptions.exercise_budget_musd by default."),
    ] = None,
) -> dict[str, Any]:
    """The proposed calendar (HiGHS) and the repeat of the year before, with cost and gain."""
    chosen = year if year is not None else ctx.scenario.as_of.year + 1
    key = ("calendar", chosen, budget)
    if key not in ctx.cache:
        ctx.cache[key] = plan_calendar(ctx.scenario, chosen, budget, []).to_dict()
    answer: dict[str, Any] = ctx.cache[key]
    return answer
