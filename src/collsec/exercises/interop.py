"""Interoperability: a level in [0, 1] for each pair of states and each force type.

The model (docs/exercises.md, "Interoperability"):

- On `interop_history_start` every pair of members active then starts at
  `interop_initial_level`.
- Between events a level decays exponentially, halving every `interop_half_life_years`.
- An exercise of weight `w` for a force type closes a share `1 - exp(-rate * w)` of the gap
  between each participating pair's level and 1.

Both steps are increasing functions of the level, so adding an exercise never lowers any
later level, and letting time pass never raises one. The result is a plain `InteropMatrix`
that the simulator (force multiplier) and the planner (integration delay) take as data.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from collsec.exercises.catalogue import Participation, participations
from collsec.exercises.parameters import InteropParameters
from collsec.scenario.exercises import ForceType
from collsec.scenario.models import Scenario, Status

__all__ = ["InteropMatrix", "interop_matrix", "mean_level"]

_DAYS_PER_YEAR = 365.25
_MEMBER = (Status.ACTIVE, Status.FROZEN_SELF_DECLARED)


@dataclass(frozen=True)
class InteropMatrix:
    """Levels on one day, for every pair of member states and every force type.

    Attributes:
        at: The day the levels hold.
        states: State ids, sorted; the row and column order of every matrix.
        levels: For each force type (by value), a symmetric matrix with 1 on the diagonal.
        multiplier_low: The force multiplier at level 0 (`interop_multiplier_range`).
        multiplier_high: The force multiplier at level 1.
        integration_delay_h: The integration delay at level 0 (`interop_integration_delay_h`).
    """

    at: dt.date
    states: tuple[str, ...]
    levels: Mapping[str, tuple[tuple[float, ...], ...]]
    multiplier_low: float
    multiplier_high: float
    integration_delay_h: float

    def level(self, a: str, b: str, force_type: ForceType | str) -> float:
        """The level between two states for a force type (1 for a state with itself).

        A state outside the matrix (a non-member) has level 0 with everyone else.
        """
        if a == b:
            return 1.0
        if a not in self.states or b not in self.states:
            return 0.0
        rows = self.levels[str(force_type)]
        return rows[self.states.index(a)][self.states.index(b)]

    def cohesion(self, states: Iterable[str], force_type: ForceType | str) -> float:
        """Mean level over the pairs of a mixed force; 1 for a force of one state."""
        members = sorted(set(states))
        pairs = [
            self.level(a, b, force_type) for i, a in enumerate(members) for b in members[i + 1 :]
        ]
        return sum(pairs) / len(pairs) if pairs else 1.0

    def multiplier(self, states: Iterable[str], force_type: ForceType | str) -> float:
        """The mixed force's effectiveness factor: linear in its cohesion between the bounds."""
        c = self.cohesion(states, force_type)
        return self.multiplier_low + (self.multiplier_high - self.multiplier_low) * c

    def integration_delay(
        self, state: str, others: Iterable[str], force_type: ForceType | str
    ) -> float:
        """Hours a contingent needs before it is employed alongside `others`.

        The delay falls linearly from `integration_delay_h` at level 0 to none at level 1,
        using the contingent's mean level with the others (none when it is alone).
        """
        rest = sorted(set(others) - {state})
        if not rest:
            return 0.0
        mean = sum(self.level(state, o, force_type) for o in rest) / len(rest)
        return self.integration_delay_h * (1.0 - mean)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: `{"levels": {force_type: {a: {b: level}}}, ...}`."""
        return {
            "at": self.at.isoformat(),
            "states": list(self.states),
            "force_types": sorted(self.levels),
            "multiplier_range": [self.multiplier_low, self.multiplier_high],
            "integration_delay_h": self.integration_delay_h,
            "levels": {
                ft: {
                    a: {b: round(rows[i][j], 6) for j, b in enumerate(self.states) if j != i}
                    for i, a in enumerate(self.states)
                }
                for ft, rows in sorted(self.levels.items())
            },
        }


def mean_level(matrix: InteropMatrix, states: Sequence[str] | None = None) -> float:
    """Mean level over every pair of `states` (default all) and every force type."""
    members = sorted(states) if states is not None else list(matrix.states)
    values = [matrix.cohesion(members, ft) for ft in sorted(matrix.levels)]
    return sum(values) / len(values) if values else 0.0


def interop_matrix(
    scenario: Scenario,
    at: dt.date,
    extra: Sequence[Participation] = (),
    params: InteropParameters | None = None,
) -> InteropMatrix:
    """The levels on `at` from the recorded editions up to that day, plus `extra` ones.

    Args:
        scenario: Gives the editions, the members and the model's assumptions.
        at: The day to evaluate; editions after it do not count.
        extra: Hypothetical exercises (a proposed calendar) counted like recorded ones.
        params: The model's assumptions, when already read.
    """
    p = params or InteropParameters.from_scenario(scenario)
    states = tuple(
        sorted(
            sid
            for sid, s in scenario.states.items()
            if s.status_on(at) in _MEMBER or s.status_on(p.history_start) is Status.ACTIVE
        )
    )
    index = {sid: i for i, sid in enumerate(states)}
    types = [ft for ft in ForceType]
    n = len(states)
    start_members = np.array(
        [scenario.states[s].status_on(p.history_start) is Status.ACTIVE for s in states], dtype=bool
    )
    levels = np.zeros((len(types), n, n))
    levels[:, start_members[:, None] & start_members[None, :]] = p.initial_level
    events = [e for e in [*participations(scenario, p), *extra] if p.history_start <= e.day <= at]
    events.sort(key=lambda e: (e.day, e.key))
    clock = p.history_start
    for event in events:
        levels *= _decay(clock, event.day, p.half_life_years)
        clock = event.day
        rows = [index[s] for s in event.states if s in index]
        if len(rows) < 2:
            continue
        block = np.ix_(rows, rows)
        for ft, weight in event.weights:
            k = types.index(ft)
            share = 1.0 - math.exp(-p.gain_rate * weight)
            sub = levels[k][block]
            levels[k][block] = sub + (1.0 - sub) * share
    levels *= _decay(clock, at, p.half_life_years)
    for k in range(len(types)):
        np.fill_diagonal(levels[k], 1.0)
    np.clip(levels, 0.0, 1.0, out=levels)
    return InteropMatrix(
        at=at,
        states=states,
        levels={
            ft.value: tuple(tuple(float(x) for x in row) for row in levels[k])
            for k, ft in enumerate(types)
        },
        multiplier_low=p.multiplier_low,
        multiplier_high=p.multiplier_high,
        integration_delay_h=p.integration_delay_h,
    )


def _decay(start: dt.date, end: dt.date, half_life_years: float) -> float:
    years = max(0, (end - start).days) / _DAYS_PER_YEAR
    return float(0.5 ** (years / half_life_years))
