"""`/api/v1` routes of the crisis Monte Carlo: the catalogue, runs with live progress, back-test.

A run is `collsec simulate` started from the page: `POST /runs` checks the request (an unknown
crisis or victim, or an override the scenario refuses, is a 400 naming the field) and queues
it; `GET /runs/{id}/events` streams its progress as server-sent events until it ends; `GET
/runs/{id}` then holds the summary, distributions, outcome shares, burden share and the median
episode's timeline.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from collsec.errors import Problem
from collsec.scenario import Scenario
from collsec.service.context import ServiceContext, context_of, scenario_of
from collsec.service.problems import NotFound
from collsec.service.runs import MAX_RUNS, Job, JobState
from collsec.sim.backtest import backtest as run_backtest
from collsec.sim.crises import catalogue

__all__ = ["RunRequest", "router"]

router = APIRouter(tags=["simulation"])

World = Annotated[Scenario, Depends(scenario_of)]
Context = Annotated[ServiceContext, Depends(context_of)]
RunId = Annotated[str, Path(description="A run id, e.g. run-1.")]

#: Seconds between two looks at a run's progress while streaming it.
_POLL_S = 0.05


class RunRequest(BaseModel):
    """A crisis to run N times, with what-if overrides."""

    model_config = ConfigDict(extra="forbid")

    crisis: str | None = Field(None, description="Crisis id; the catalogue's default when none.")
    victim: str | None = Field(None, description="Run the crisis on another member (ISO3).")
    runs: int = Field(200, description=f"Episodes, 1 to {MAX_RUNS}.", examples=[200])
    seed: int = Field(0, description="Seed of the run's SeedSequence.")
    overrides: list[str] = Field(
        default_factory=list,
        description="What-if overrides in --set form, PATH=VALUE.",
        examples=[["assumptions.sim_hours_convene_to_decision.value.mode=24"]],
    )


@router.get("/crises", summary="The crisis catalogue")
def crises(scenario: World) -> list[dict[str, Any]]:
    """The scenario's crises, the default first, with kind, victim and adversary."""
    return [
        {
            "id": cid,
            "title": c.title,
            "kind": c.kind,
            "victim": c.victim,
            "adversary": c.adversary,
            "default": c.default,
        }
        for cid, c in catalogue(scenario)
    ]


def _job(ctx: ServiceContext, run_id: str) -> Job:
    job = ctx.runs.get(run_id)
    if job is None:
        known = ", ".join(j.id for j in ctx.runs.all()) or "none yet"
        raise NotFound([Problem(f"no run {run_id!r}", path="run_id", expected=known)])
    return job


@router.post("/runs", status_code=202, summary="Start a crisis run")
def start_run(ctx: Context, request: RunRequest) -> dict[str, Any]:
    """Queue a run; follow it at `/runs/{id}/events`, read it at `/runs/{id}`."""
    job = ctx.runs.start(
        request.crisis, request.victim, request.runs, request.seed, request.overrides
    )
    return job.describe()


@router.get("/runs", summary="The runs of this server")
def list_runs(ctx: Context) -> list[dict[str, Any]]:
    """Every run started on this server, oldest first, with its state."""
    return [j.describe() for j in ctx.runs.all()]


@router.get("/runs/{run_id}", summary="A run and, once done, its results")
def get_run(ctx: Context, run_id: RunId) -> dict[str, Any]:
    """Progress while it runs; summary, distributions and median episode once done."""
    job = _job(ctx, run_id)
    return job.results() if job.state is JobState.DONE else job.describe()


@router.get(
    "/runs/{run_id}/events",
    summary="A run's progress as server-sent events",
    response_class=StreamingResponse,
)
async def run_events(ctx: Context, run_id: RunId, request: Request) -> StreamingResponse:
    """`progress` events (`{done, total, state}`) on every change, then one `end` event."""
    job = _job(ctx, run_id)

    async def stream() -> AsyncIterator[str]:
        last: dict[str, Any] | None = None
        while not await request.is_disconnected():
            now = job.progress()
            ended = job.state in (JobState.DONE, JobState.FAILED)
            if now != last or ended:
                yield f"event: {'end' if ended else 'progress'}\ndata: {json.dumps(now)}\n\n"
                last = now
            if ended:
                return
            await asyncio.sleep(_POLL_S)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )


@router.get("/backtest", summary="Historical cases, observed against modelled")
def backtest(
    ctx: Context,
    runs: Annotated[int, Query(ge=1, le=20_000, description="Episodes per case.")] = 500,
    seed: Annotated[int, Query(ge=0, description="Seed for every case.")] = 0,
) -> dict[str, Any]:
    """Each case's observed measure against the model's chances, and Brier vs base rate."""
    key = ("backtest", runs, seed)
    if key not in ctx.cache:
        ctx.cache[key] = run_backtest(ctx.scenario, None, runs, seed)
    result: dict[str, Any] = ctx.cache[key]
    return result
