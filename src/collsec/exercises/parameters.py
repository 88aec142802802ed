"""The exercise models' assumptions, read once from the scenario and typed.

Every weight, rate, cost and limit lives in the scenario's `assumptions` section with its
reasoning (assumptions_exercises.yaml); this module only reads and checks them, so a bad
override names the assumption and what was expected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from collsec.scenario.assumptions import AssumptionReader
from collsec.scenario.exercises import EditionStatus, ExerciseKind, ForceType
from collsec.scenario.models import Scenario

__all__ = ["CalendarParameters", "InteropParameters", "SeriesCost", "calendar_parameters"]


@dataclass(frozen=True)
class InteropParameters:
    """What the interoperability model needs (docs/exercises.md, "Interoperability")."""

    kind_weight: Mapping[ExerciseKind, float]
    status_weight: Mapping[EditionStatus, float]
    size_reference: float
    size_elasticity: float
    default_size: float
    unknown_participants_weight: float
    undated_month: int
    gain_rate: float
    half_life_years: float
    initial_level: float
    history_start: dt.date
    multiplier_low: float
    multiplier_high: float
    integration_delay_h: float
    force_type_of_force: Mapping[str, ForceType]

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> InteropParameters:
        """Read and check the `exercise_*` and `interop_*` assumptions."""
        r = AssumptionReader(scenario, "the exercise models", "docs/exercises.md")
        kinds = r.numbers("exercise_kind_weight", [k.value for k in ExerciseKind], lo=0.0)
        statuses = r.numbers("exercise_status_weight", [s.value for s in EditionStatus], lo=0.0)
        mult = r.numbers("interop_multiplier_range", ["low", "high"], lo=0.0)
        start = r.raw("interop_history_start")
        if not isinstance(start, dt.date):
            r.bad("interop_history_start", start, "a date YYYY-MM-DD")
            start = dt.date(2018, 1, 1)
        forces = r.raw("exercise_force_type_of_force")
        force_types: dict[str, ForceType] = {}
        if isinstance(forces, dict):
            for fid, ft in forces.items():
                if ft not in {f.value for f in ForceType}:
                    r.bad(f"exercise_force_type_of_force.value.{fid}", ft, _one_of(ForceType))
                else:
                    force_types[str(fid)] = ForceType(ft)
        else:
            r.bad("exercise_force_type_of_force", forces, "a mapping force id -> force type")
        params = cls(
            kind_weight={ExerciseKind(k): v for k, v in kinds.items()},
            status_weight={EditionStatus(k): v for k, v in statuses.items()},
            size_reference=r.number("exercise_size_reference", lo=1.0),
            size_elasticity=r.number("exercise_size_elasticity", lo=0.0),
            default_size=r.number("exercise_default_size", lo=1.0),
            unknown_participants_weight=r.number(
                "exercise_unknown_participants_weight", lo=0.0, hi=1.0
            ),
            undated_month=int(r.number("exercise_undated_month", lo=1.0, hi=12.0)),
            gain_rate=r.number("interop_gain_rate", lo=0.0),
            half_life_years=r.number("interop_half_life_years", lo=1e-6),
            initial_level=r.number("interop_initial_level", lo=0.0, hi=1.0),
            history_start=start,
            multiplier_low=mult.get("low", 1.0),
            multiplier_high=mult.get("high", 1.0),
            integration_delay_h=r.number("interop_integration_delay_h", lo=0.0),
            force_type_of_force=force_types,
        )
        r.done()
        return params


@dataclass(frozen=True)
class SeriesCost:
    """What holding one series costs: the host's fixed cost and each participant's."""

    fixed: float
    per_participant: float


@dataclass(frozen=True)
class CalendarParameters:
    """What the calendar planner needs (docs/exercises.md, "Exercise planner")."""

    budget: float
    cost: Mapping[str, SeriesCost]
    max_per_state: Mapping[str, int]
    max_hosted_per_state: int
    host_rotation_years: int
    min_participants: int


def calendar_parameters(scenario: Scenario) -> CalendarParameters:
    """Read and check the calendar planner's assumptions."""
    r = AssumptionReader(scenario, "the exercise models", "docs/exercises.md")
    costs: dict[str, SeriesCost] = {}
    raw_costs = r.raw("exercise_cost_musd")
    if isinstance(raw_costs, dict):
        for sid, entry in raw_costs.items():
            path = f"exercise_cost_musd.value.{sid}"
            if not isinstance(entry, dict):
                r.bad(path, entry, "{fixed: NUMBER, per_participant: NUMBER}")
                continue
            costs[str(sid)] = SeriesCost(
                r.check(f"{path}.fixed", entry.get("fixed"), lo=0.0),
                r.check(f"{path}.per_participant", entry.get("per_participant"), lo=0.0),
            )
    else:
        r.bad("exercise_cost_musd", raw_costs, "a mapping series id -> costs")
    per_state = r.raw("exercise_max_per_state")
    limits: dict[str, int] = {}
    if isinstance(per_state, dict):
        for sid, n in per_state.items():
            limits[str(sid)] = int(r.check(f"exercise_max_per_state.value.{sid}", n, lo=0.0))
    else:
        r.bad("exercise_max_per_state", per_state, "a mapping state id -> count")
    params = CalendarParameters(
        budget=r.number("exercise_budget_musd", lo=0.0),
        cost=costs,
        max_per_state=limits,
        max_hosted_per_state=int(r.number("exercise_max_hosted_per_state", lo=0.0)),
        host_rotation_years=int(r.number("exercise_host_rotation_years", lo=0.0)),
        min_participants=int(r.number("exercise_min_participants", lo=1.0)),
    )
    r.done()
    return params


def _one_of(enum: type[ForceType]) -> str:
    return "one of " + ", ".join(e.value for e in enum)
