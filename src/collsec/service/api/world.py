"""`/api/v1` routes that show the world: summary, members, bodies, offices, law, history, map.

Each answer is plain JSON built from the scenario the service was started with; dates default
to the scenario's `as_of`, so the same request always gets the same answer.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from collsec.charter import chair_on, members_on, secretary_general_on
from collsec.errors import Problem, UsageError
from collsec.scenario import Scenario
from collsec.service.context import scenario_of
from collsec.service.mapdata import map_data

__all__ = ["router"]

router = APIRouter(tags=["world"])

World = Annotated[Scenario, Depends(scenario_of)]
At = Annotated[
    date | None,
    Query(
        description="Date (YYYY-MM-DD); defaults to the scenario's as_of.", examples=["2026-02-03"]
    ),
]


def _day(scenario: Scenario, at: date | None) -> date:
    return at if at is not None else scenario.as_of


@router.get("/scenario", summary="The scenario in brief")
def summary(scenario: World) -> dict[str, Any]:
    """Name, date, members, office holders and how much of everything the scenario holds."""
    day = scenario.as_of
    return {
        "name": scenario.name,
        "description": scenario.description,
        "as_of": day.isoformat(),
        "members": [m.to_dict() for m in members_on(scenario, day)],
        "chair": chair_on(scenario, day).to_dict(),
        "secretary_general": secretary_general_on(scenario, day).to_dict(),
        "bodies": sorted(scenario.bodies),
        "instruments": len(scenario.instruments),
        "forces": sorted(scenario.forces),
        "airfields": len(scenario.airfields),
        "history_events": len(scenario.history),
        "sources": len(scenario.sources),
        "assumptions": len(scenario.assumptions),
    }


@router.get("/members", summary="Member states on a date")
def members(
    scenario: World,
    at: At = None,
    all_: Annotated[
        bool, Query(alias="all", description="Add suspended and former members.")
    ] = False,
) -> list[dict[str, str]]:
    """The members on a date (active or self-declared frozen; all statuses with `all=true`)."""
    return [m.to_dict() for m in members_on(scenario, _day(scenario, at), include_all=all_)]


@router.get("/bodies", summary="The bodies and how they decide")
def bodies(scenario: World) -> dict[str, Any]:
    """Each body's composition, competence, decision rule, chair rule and basis."""
    return {bid: b.model_dump(mode="json") for bid, b in scenario.bodies.items()}


@router.get("/chair", summary="Who chairs the Council on a date")
def chair(scenario: World, at: At = None) -> dict[str, object]:
    """The chair: recorded in the scenario, or computed by the rotation rule (with basis)."""
    return chair_on(scenario, _day(scenario, at)).to_dict()


@router.get("/secretary-general", summary="Who is Secretary General on a date")
def secretary_general(scenario: World, at: At = None) -> dict[str, object]:
    """The Secretary General: recorded, or computed by the rotation rule (with basis)."""
    return secretary_general_on(scenario, _day(scenario, at)).to_dict()


@router.get("/instruments", summary="Treaties, protocols and agreements")
def instruments(scenario: World) -> dict[str, Any]:
    """Every instrument with its dates and its articles (summarised, with sources)."""
    return {iid: i.model_dump(mode="json") for iid, i in scenario.instruments.items()}


@router.get("/timeline", summary="The alliance's history")
def timeline(
    scenario: World,
    since: Annotated[date | None, Query(alias="from", description="First date.")] = None,
    until: Annotated[date | None, Query(alias="to", description="Last date.")] = None,
) -> list[dict[str, Any]]:
    """Dated events, oldest first, each with its sources."""
    if since is not None and until is not None and since > until:
        raise UsageError([Problem("`from` is after `to`", path="from", expected="from <= to")])
    events = sorted(scenario.history, key=lambda e: e.date)
    return [
        e.model_dump(mode="json")
        for e in events
        if (since is None or e.date >= since) and (until is None or e.date <= until)
    ]


@router.get("/map", summary="What the map draws")
def world_map(scenario: World, at: At = None) -> dict[str, Any]:
    """States by status with sourced facts, frontiers with non-members, airfields and bases."""
    return map_data(scenario, _day(scenario, at))
