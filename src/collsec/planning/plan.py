"""The planner's answer: which units, which sorties, when they land, and why not if they can't.

Every figure in a `Plan` (arrival curve, lateness, burden share) is computed here from its
sorties, so the greedy baseline and the optimiser are measured by one rule.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from collsec.planning.geo import flight_hours
from collsec.planning.model import AircraftType, PlanningProblem

__all__ = [
    "Explanation",
    "Load",
    "Plan",
    "RequirementOutcome",
    "SolveStatus",
    "Sortie",
    "StageResult",
    "build_plan",
    "infeasible_plan",
    "load_fraction",
]

EPS = 1e-6


class SolveStatus(StrEnum):
    """How far a plan is proven: the CLI's `status` field."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    TIME_LIMIT_FEASIBLE = "time_limit_feasible"


def load_fraction(aircraft: AircraftType, personnel: float, tonnage_t: float) -> float:
    """Share of one aircraft a load fills under the linear troops/payload mixing rule."""
    people = 0.0 if personnel <= 0 else personnel / aircraft.troops if aircraft.troops else 1e9
    cargo = 0.0 if tonnage_t <= 0 else tonnage_t / aircraft.payload_t
    return people + cargo


@dataclass(frozen=True)
class Load:
    """Part of one contingent on one sortie."""

    contingent: str
    requirement: str
    personnel: int
    tonnage_t: float


@dataclass(frozen=True)
class Sortie:
    """One aircraft flying one loaded leg (times in hours after the order)."""

    aircraft_type: str
    state: str
    tail: str
    origin: str
    destination: str
    departure_h: float
    arrival_h: float
    loads: tuple[Load, ...]

    @property
    def personnel(self) -> int:
        """Personnel on board."""
        return sum(load.personnel for load in self.loads)

    @property
    def tonnage_t(self) -> float:
        """Cargo on board in tonnes."""
        return sum(load.tonnage_t for load in self.loads)

    def to_dict(self) -> dict[str, Any]:
        """The sortie as the CLI's JSON prints it."""
        return {
            "aircraft_type": self.aircraft_type,
            "state": self.state,
            "tail": self.tail,
            "from": self.origin,
            "to": self.destination,
            "departure": round(self.departure_h, 3),
            "arrival": round(self.arrival_h, 3),
            "load": {
                "personnel": self.personnel,
                "tonnage_t": round(self.tonnage_t, 3),
                "contingents": [
                    {
                        "contingent": load.contingent,
                        "requirement": load.requirement,
                        "personnel": load.personnel,
                        "tonnage_t": round(load.tonnage_t, 3),
                    }
                    for load in self.loads
                ],
            },
        }


@dataclass(frozen=True)
class RequirementOutcome:
    """When a requirement was met and how late: None when it is never met in the plan.

    A requirement is met when the contingents assigned to it that have closed (every person
    and tonne landed, as a TPFDD line closes) bring its personnel and tonnage;
    `personnel_delivered` counts closed contingents only.
    """

    id: str
    capability: str
    destination: str
    due_h: float
    met_h: float | None
    lateness_h: float | None
    personnel_delivered: int
    tonnage_delivered_t: float
    contingents: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The outcome as the CLI's JSON prints it."""
        return {
            "id": self.id,
            "capability": self.capability,
            "destination": self.destination,
            "due_h": self.due_h,
            "met_h": None if self.met_h is None else round(self.met_h, 3),
            "lateness_hours": None if self.lateness_h is None else round(self.lateness_h, 3),
            "personnel_delivered": self.personnel_delivered,
            "tonnage_delivered_t": round(self.tonnage_delivered_t, 3),
            "contingents": list(self.contingents),
        }


@dataclass(frozen=True)
class Explanation:
    """Why a request cannot be met: the requirement at fault and the constraint that binds."""

    requirement: str | None
    constraint: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """The explanation as JSON."""
        return {
            "requirement": self.requirement,
            "constraint": self.constraint,
            "detail": self.detail,
        }

    def __str__(self) -> str:
        who = f"requirement {self.requirement!r}" if self.requirement else "the request"
        return f"{who}: {self.constraint}: {self.detail}"


@dataclass(frozen=True)
class StageResult:
    """One stage of the lexicographic solve, as HiGHS reported it."""

    name: str
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """The stage as JSON."""
        return {
            "name": self.name,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class Plan:
    """A deployment plan and how well it is proven.

    `objective`, `bound` and `gap` are those of the lateness stage and are None for the greedy
    baseline. `bound_origin` says what they measure: `highs` (weighted hours late in the
    optimiser's time buckets, HiGHS's dual bound) or `combinatorial (...)` (weighted hours late
    on the sorties, against the counting bound of `planning.bounds`, which holds for every
    plan). `lateness_hours` is measured on the sorties themselves.
    """

    solver: str
    status: SolveStatus
    sorties: tuple[Sortie, ...]
    assignments: dict[str, str]
    requirements: tuple[RequirementOutcome, ...]
    personnel_by_state: dict[str, int]
    sorties_by_state: dict[str, int]
    flying_hours: float
    solve_seconds: float
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    explanations: tuple[Explanation, ...] = ()
    stages: tuple[StageResult, ...] = ()
    bucket_h: float | None = None
    schedule_from: str = ""
    bound_origin: str = ""

    @property
    def lateness_hours(self) -> float | None:
        """Total hours late over all requirements; None when one is never met."""
        if any(r.lateness_h is None for r in self.requirements):
            return None
        return sum(r.lateness_h or 0.0 for r in self.requirements)

    @property
    def burden_share(self) -> dict[str, float]:
        """Each state's share of the personnel deployed."""
        total = sum(self.personnel_by_state.values())
        if not total:
            return {}
        return {s: n / total for s, n in sorted(self.personnel_by_state.items())}

    def arrival_curve(self) -> list[tuple[float, int]]:
        """Personnel on the ground over time: (hour, cumulative personnel) at each landing."""
        curve: list[tuple[float, int]] = []
        total = 0
        for sortie in sorted(self.sorties, key=lambda s: (s.arrival_h, s.tail)):
            if sortie.personnel:
                total += sortie.personnel
                curve.append((sortie.arrival_h, total))
        return curve

    def aircraft_used(self) -> dict[str, int]:
        """Distinct airframes flown, by type."""
        tails: dict[str, set[str]] = {}
        for sortie in self.sorties:
            tails.setdefault(sortie.aircraft_type, set()).add(sortie.tail)
        return {a: len(t) for a, t in sorted(tails.items())}

    def first_landing_h(self) -> float | None:
        """Hours from the order to the first landing."""
        return min((s.arrival_h for s in self.sorties), default=None)

    def closure_h(self) -> float | None:
        """Hours from the order until the last chosen contingent has landed."""
        return max((s.arrival_h for s in self.sorties), default=None)

    def to_dict(self) -> dict[str, Any]:
        """The plan as the CLI's JSON prints it."""
        lateness = self.lateness_hours
        return {
            "solver": self.solver,
            "status": self.status.value,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "bound_origin": self.bound_origin or None,
            "solve_seconds": round(self.solve_seconds, 3),
            "bucket_hours": self.bucket_h,
            "schedule_from": self.schedule_from or self.solver,
            "lateness_hours": None if lateness is None else round(lateness, 3),
            "flying_hours": round(self.flying_hours, 3),
            "sortie_count": len(self.sorties),
            "first_landing_h": _round(self.first_landing_h()),
            "closure_h": _round(self.closure_h()),
            "aircraft_used": self.aircraft_used(),
            "units_chosen": dict(sorted(self.assignments.items())),
            "burden_share": {s: round(v, 4) for s, v in self.burden_share.items()},
            "personnel_by_state": dict(sorted(self.personnel_by_state.items())),
            "sorties_by_state": dict(sorted(self.sorties_by_state.items())),
            "requirements": [r.to_dict() for r in self.requirements],
            "arrival_curve": [[round(t, 3), n] for t, n in self.arrival_curve()],
            "explanations": [e.to_dict() for e in self.explanations],
            "stages": [s.to_dict() for s in self.stages],
            "sorties": [s.to_dict() for s in self.sorties],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


@dataclass
class _Tally:
    personnel: float = 0.0
    tonnage: float = 0.0
    met: float | None = None
    units: set[str] = field(default_factory=set)


def build_plan(
    problem: PlanningProblem,
    *,
    solver: str,
    status: SolveStatus,
    sorties: list[Sortie],
    assignments: dict[str, str],
    solve_seconds: float,
    objective: float | None = None,
    bound: float | None = None,
    gap: float | None = None,
    explanations: tuple[Explanation, ...] = (),
    stages: tuple[StageResult, ...] = (),
    bucket_h: float | None = None,
    schedule_from: str = "",
    bound_origin: str = "",
) -> Plan:
    """Measure a set of sorties: when each requirement is met, burden, flying hours."""
    ordered = sorted(sorties, key=lambda s: (s.arrival_h, s.departure_h, s.tail))
    by_id = {c.id: c for c in problem.contingents}
    tallies = {r.id: _Tally() for r in problem.requirements}
    for uid, rid in assignments.items():
        tallies[rid].units.add(uid)
    needs = {r.id: r for r in problem.requirements}
    landed: dict[str, list[float]] = {}
    for sortie in ordered:
        for load in sortie.loads:
            got = landed.setdefault(load.contingent, [0.0, 0.0])
            got[0] += load.personnel
            got[1] += load.tonnage_t
            unit = by_id[load.contingent]
            if got[0] < unit.personnel or got[1] < unit.tonnage_t - 1e-6 * (1 + unit.tonnage_t):
                continue
            got[0] = math.inf  # closed: count it once
            tally = tallies[load.requirement]
            tally.personnel += unit.personnel
            tally.tonnage += unit.tonnage_t
            need = needs[load.requirement]
            if (
                tally.met is None
                and tally.personnel >= need.personnel - EPS
                and tally.tonnage >= need.tonnage_t - EPS
            ):
                tally.met = sortie.arrival_h
    outcomes = []
    for req in problem.requirements:
        tally = tallies[req.id]
        met = tally.met if req.personnel or req.tonnage_t else 0.0
        outcomes.append(
            RequirementOutcome(
                id=req.id,
                capability=req.capability,
                destination=req.destination,
                due_h=req.due_h,
                met_h=met,
                lateness_h=None if met is None else max(0.0, met - req.due_h),
                personnel_delivered=round(tally.personnel),
                tonnage_delivered_t=tally.tonnage,
                contingents=tuple(sorted(tally.units)),
            )
        )
    personnel: dict[str, int] = {}
    for uid in assignments:
        state = by_id[uid].state
        personnel[state] = personnel.get(state, 0) + by_id[uid].personnel
    flown: dict[str, int] = {}
    hours = 0.0
    for sortie in ordered:
        flown[sortie.state] = flown.get(sortie.state, 0) + 1
        leg = flight_hours(
            problem, problem.aircraft_types[sortie.aircraft_type], sortie.origin, sortie.destination
        )
        hours += 2 * (leg if leg is not None else sortie.arrival_h - sortie.departure_h)
    return Plan(
        solver=solver,
        status=status,
        sorties=tuple(ordered),
        assignments=dict(assignments),
        requirements=tuple(outcomes),
        personnel_by_state=personnel,
        sorties_by_state=flown,
        flying_hours=hours,
        solve_seconds=solve_seconds,
        objective=objective,
        bound=bound,
        gap=gap,
        explanations=explanations,
        stages=stages,
        bucket_h=bucket_h,
        schedule_from=schedule_from,
        bound_origin=bound_origin,
    )


def infeasible_plan(
    problem: PlanningProblem,
    solver: str,
    why: Sequence[Explanation],
    started: float,
    stages: tuple[StageResult, ...] = (),
) -> Plan:
    """A plan with no sorties that says why the request cannot be met."""
    return build_plan(
        problem,
        solver=solver,
        status=SolveStatus.INFEASIBLE,
        sorties=[],
        assignments={},
        solve_seconds=time.perf_counter() - started,
        explanations=tuple(why),
        stages=stages,
    )
