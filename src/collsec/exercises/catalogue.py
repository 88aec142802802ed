"""The exercise catalogue as the models use it: checked, and each edition's participation.

An edition becomes a `Participation`: the day it counts from, the states that took part, its
size and, for each force type it trains, the weight with which it raises interoperability.
Unknown participants are the states that could have taken part (the series' collective force,
members active that day), at a discount; unknown sizes fall back to the series' typical size,
then to an assumed default (docs/exercises.md, "Interoperability").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from collsec.errors import Problem, ScenarioError
from collsec.exercises.parameters import InteropParameters
from collsec.scenario.exercises import Edition, ExerciseKind, ExerciseSeries, ForceType
from collsec.scenario.models import Scenario, Status

__all__ = [
    "Participation",
    "check_exercises",
    "edition_participation",
    "eligible_states",
    "force_type_weights",
    "participations",
    "series_size",
    "validated",
]


@dataclass(frozen=True)
class Participation:
    """One edition (held or hypothetical) as the interoperability model counts it.

    Attributes:
        key: The edition id, or a calendar line's id.
        day: The day its gain counts from.
        states: The states that took part, sorted.
        weights: For each force type it trains, the weight of its gain (kind, status, size
            and, for an unknown roster, the discount already applied).
    """

    key: str
    day: dt.date
    states: tuple[str, ...]
    weights: tuple[tuple[ForceType, float], ...]


def check_exercises(scenario: Scenario) -> list[Problem]:
    """Every cross-reference problem in the `exercises` section, with its field path."""
    section = scenario.exercises
    problems: list[Problem] = []
    states = scenario.states

    def state_ids(values: Iterable[str], path: str) -> None:
        for i, sid in enumerate(values):
            if sid not in states:
                problems.append(_unknown(f"{path}.{i}", "state", sid, states))

    for sid, series in sorted(section.catalogue.items()):
        if series.collective_force is not None and series.collective_force not in scenario.forces:
            problems.append(
                _unknown(
                    f"exercises.catalogue.{sid}.collective_force",
                    "force",
                    series.collective_force,
                    scenario.forces,
                )
            )
    for eid, edition in sorted(section.editions.items()):
        path = f"exercises.editions.{eid}"
        for i, series_id in enumerate(edition.series):
            if series_id not in section.catalogue:
                problems.append(
                    _unknown(f"{path}.series.{i}", "series", series_id, section.catalogue)
                )
        state_ids(edition.hosts, f"{path}.hosts")
        state_ids(edition.participants or [], f"{path}.participants")
        state_ids(edition.absent, f"{path}.absent")
        if edition.umbrella is not None and edition.umbrella not in section.editions:
            problems.append(
                _unknown(f"{path}.umbrella", "edition", edition.umbrella, section.editions)
            )
        overlap = set(edition.absent) & set(edition.participants or [])
        if overlap:
            problems.append(
                Problem(
                    f"{', '.join(sorted(overlap))} both took part and stayed away",
                    path=f"{path}.absent",
                    expected="states not listed among the participants",
                )
            )
    return problems


def validated(scenario: Scenario) -> Scenario:
    """The scenario, once its `exercises` section's references are checked."""
    problems = check_exercises(scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario


def _unknown(path: str, what: str, value: str, known: Iterable[str]) -> Problem:
    names = ", ".join(sorted(known)[:12])
    return Problem(f"unknown {what} {value!r}", path=path, expected=f"one of {names}")


def eligible_states(
    scenario: Scenario, series: Iterable[ExerciseSeries], day: dt.date
) -> list[str]:
    """States that can send forces to these series on `day`: active members of their forces.

    A frozen, suspended or former member takes part in nothing. A series without a single
    collective force is open to every active member.
    """
    pool: set[str] = set()
    for s in series:
        force = scenario.forces.get(s.collective_force or "")
        if force is not None and force.members:
            pool.update(force.members)
        else:
            pool.update(scenario.states)
    return sorted(
        sid
        for sid in pool
        if sid in scenario.states and scenario.states[sid].status_on(day) is Status.ACTIVE
    )


def series_size(series: Iterable[ExerciseSeries], params: InteropParameters) -> float:
    """Assumed personnel of an edition of these series: typical sizes' midpoints, or default."""
    sizes = [(s.typical_size.low + s.typical_size.high) / 2 for s in series if s.typical_size]
    return max(sizes) if sizes else params.default_size


def force_type_weights(
    series: Iterable[ExerciseSeries], size: float, params: InteropParameters, factor: float
) -> tuple[tuple[ForceType, float], ...]:
    """Weight per force type: the strongest kind training it, scaled by size and `factor`."""
    kind_by_type: dict[ForceType, float] = {}
    for s in series:
        weight = params.kind_weight.get(s.kind, 0.0)
        for ft in s.force_types:
            kind_by_type[ft] = max(kind_by_type.get(ft, 0.0), weight)
    scale = (size / params.size_reference) ** params.size_elasticity * factor
    return tuple((ft, w * scale) for ft, w in sorted(kind_by_type.items()) if w * scale > 0)


def edition_participation(
    scenario: Scenario, key: str, edition: Edition, params: InteropParameters
) -> Participation | None:
    """How an edition counts, or None when it trains nobody (cancelled, umbrella, no roster)."""
    series = [scenario.exercises.catalogue[s] for s in edition.series]
    factor = params.status_weight.get(edition.status, 0.0)
    if factor <= 0 or all(s.kind is ExerciseKind.UMBRELLA for s in series):
        return None
    day = edition.day(params.undated_month)
    if edition.participants is not None:
        states = sorted(set(edition.participants))
    else:
        states = [s for s in eligible_states(scenario, series, day) if s not in edition.absent]
        factor *= params.unknown_participants_weight
    if len(states) < 2:
        return None
    size = (
        float(edition.personnel) if edition.personnel is not None else series_size(series, params)
    )
    weights = force_type_weights(series, size, params, factor)
    if not weights:
        return None
    return Participation(key, day, tuple(states), weights)


def participations(scenario: Scenario, params: InteropParameters) -> Iterator[Participation]:
    """Every recorded edition that raises interoperability, in date order."""
    validated(scenario)
    found = []
    for key, edition in scenario.exercises.editions.items():
        p = edition_participation(scenario, key, edition, params)
        if p is not None:
            found.append(p)
    yield from sorted(found, key=lambda p: (p.day, p.key))
