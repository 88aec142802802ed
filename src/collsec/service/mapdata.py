"""What the Map page draws, as plain data: states by status, frontiers, airfields and bases.

Every figure keeps its sources (URL and date retrieved) so the page can show where it came from.
Which state is a member on a date is asked of `charter.members_on`, never decided here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from collsec.charter import members_on
from collsec.scenario import Scenario
from collsec.scenario.relations import TieKind

__all__ = ["map_data"]

_STATE_FIELDS = {
    "name",
    "capital",
    "population",
    "population_year",
    "gdp_usd",
    "gdp_year",
    "active_personnel",
    "military_expenditure",
    "borders",
    "membership",
}


def _bases(scenario: Scenario, at: date) -> dict[str, list[dict[str, Any]]]:
    """Russian bases in force on `at`, by host state (from the scenario's `relations`)."""
    hosted: dict[str, list[dict[str, Any]]] = {}
    for tie in scenario.relations:
        if tie.kind is not TieKind.BASE or "RUS" not in (tie.a, tie.b):
            continue
        if tie.start > at or (tie.end is not None and tie.end < at):
            continue
        host = tie.b if tie.a == "RUS" else tie.a
        hosted.setdefault(host, []).append(
            {
                "title": tie.title,
                "since": tie.start.isoformat(),
                "source": [s.model_dump(mode="json") for s in tie.source],
            }
        )
    return hosted


def map_data(scenario: Scenario, at: date) -> dict[str, Any]:
    """The Map page's data on `at`.

    Returns:
        `states`: every state with a status on `at` (members, suspended and former), with
        `member` and its sourced facts; `neighbours`: the non-members that border a member;
        `airfields`; `bases`: Russian bases by host state.
    """
    members = {m.id for m in members_on(scenario, at)}
    bases = _bases(scenario, at)
    states: list[dict[str, Any]] = []
    neighbours: dict[str, dict[str, Any]] = {}
    for state_id, state in sorted(scenario.states.items()):
        status = state.status_on(at)
        if status is None:
            continue
        data = state.model_dump(mode="json", include=_STATE_FIELDS)
        data.update(id=state_id, status=status.value, member=state_id in members)
        data["bases"] = bases.get(state_id, [])
        for border in data["borders"]:
            border["member"] = border["neighbour"] in members
            if state_id in members and not border["member"]:
                entry = neighbours.setdefault(
                    border["neighbour"],
                    {
                        "id": border["neighbour"],
                        "name": border["neighbour_name"],
                        "borders_with": [],
                    },
                )
                entry["borders_with"].append(state_id)
        states.append(data)
    airfields = [
        {
            "id": airfield_id,
            **a.model_dump(mode="json", exclude={"max_on_ground", "landings_per_hour"}),
        }
        for airfield_id, a in sorted(scenario.airfields.items())
    ]
    return {
        "as_of": at.isoformat(),
        "states": states,
        "neighbours": sorted(neighbours.values(), key=lambda n: n["id"]),
        "airfields": airfields,
    }
