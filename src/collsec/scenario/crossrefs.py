"""Checks that span sections: every id a record names must exist elsewhere in the tree.

Pydantic validates each record alone; these checks catch a contingent whose home airfield is
missing, a chair from an unknown state, a protocol amending an unknown instrument, and so on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from collsec.errors import Problem
from collsec.scenario.facts import Fact
from collsec.scenario.models import OfficeHolder, Scenario
from collsec.scenario.relations import coverage_problems

__all__ = ["check_references"]

_STATE_ID = re.compile(r"^[A-Z]{3}$")


def check_references(s: Scenario) -> list[Problem]:
    """Every cross-section problem in a validated scenario, each with its field path."""
    return [
        *_state_ids(s),
        *_forces(s),
        *_airfields_and_aircraft(s),
        *_instruments(s),
        *_offices(s.chairs, "chairs", s),
        *_offices(s.secretaries_general, "secretaries_general", s),
        *_arrears(s),
        *coverage_problems(s),
        *_fact_ranges(s, ()),
    ]


def _missing(path: str, what: str, value: str, known: Any) -> Problem:
    names = ", ".join(sorted(known)[:12])
    return Problem(f"unknown {what} {value!r}", path=path, expected=f"one of {names}")


def _state_ids(s: Scenario) -> Iterator[Problem]:
    for sid, state in s.states.items():
        if not _STATE_ID.match(sid):
            yield Problem(
                f"state id {sid!r}", path=f"states.{sid}", expected="ISO 3166 alpha-3, e.g. KAZ"
            )
        for i, border in enumerate(state.borders):
            if border.neighbour == sid:
                yield Problem(
                    "a state cannot border itself",
                    path=f"states.{sid}.borders.{i}.neighbour",
                    expected="another state's alpha-3 code",
                )


def _forces(s: Scenario) -> Iterator[Problem]:
    for fid, force in s.forces.items():
        for i, member in enumerate(force.members):
            if member not in s.states:
                yield _missing(f"forces.{fid}.members.{i}", "state", member, s.states)
        if force.instrument is not None and force.instrument not in s.instruments:
            yield _missing(
                f"forces.{fid}.instrument", "instrument", force.instrument, s.instruments
            )
        for i, c in enumerate(force.contingents):
            here = f"forces.{fid}.contingents.{i}"
            if c.state not in s.states:
                yield _missing(f"{here}.state", "state", c.state, s.states)
            if c.home_airfield not in s.airfields:
                yield _missing(f"{here}.home_airfield", "airfield", c.home_airfield, s.airfields)


def _airfields_and_aircraft(s: Scenario) -> Iterator[Problem]:
    for aid, airfield in s.airfields.items():
        if airfield.state not in s.states:
            yield _missing(f"airfields.{aid}.state", "state", airfield.state, s.states)
    for tid, aircraft in s.aircraft.items():
        for owner in aircraft.fleet:
            if owner not in s.states:
                yield _missing(f"aircraft.{tid}.fleet.{owner}", "state", owner, s.states)


def _instruments(s: Scenario) -> Iterator[Problem]:
    for iid, inst in s.instruments.items():
        for field in ("amends", "replaces"):
            target = getattr(inst, field)
            if target is not None and target not in s.instruments:
                yield _missing(f"instruments.{iid}.{field}", "instrument", target, s.instruments)


def _offices(holders: list[OfficeHolder], section: str, s: Scenario) -> Iterator[Problem]:
    previous: OfficeHolder | None = None
    for i, holder in enumerate(holders):
        if holder.state not in s.states:
            yield _missing(f"{section}.{i}.state", "state", holder.state, s.states)
        if holder.end is not None and holder.end < holder.start:
            yield Problem(
                "term ends before it starts", path=f"{section}.{i}.end", expected=">= start"
            )
        if previous is not None and holder.start < previous.start:
            yield Problem(
                "holders out of order",
                path=f"{section}.{i}.start",
                expected=f"on or after {previous.start} (holders oldest first)",
            )
        previous = holder


def _arrears(s: Scenario) -> Iterator[Problem]:
    for sid in s.rules.arrears:
        if sid not in s.states:
            yield _missing(f"rules.arrears.{sid}", "state", sid, s.states)


def _fact_ranges(node: Any, path: tuple[str | int, ...]) -> Iterator[Problem]:
    """A fact's value lies within its own low..high."""
    if isinstance(node, Fact):
        value, low, high = node.value, node.low, node.high
        if (low is not None and value < low) or (high is not None and value > high):
            yield Problem(
                f"value {value} outside its own range",
                path=".".join(map(str, path)),
                expected=f"low {low} <= value <= high {high}",
            )
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _fact_ranges(getattr(node, name), (*path, name))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _fact_ranges(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _fact_ranges(value, (*path, i))
