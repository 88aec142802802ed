"""Who may fill which requirement and on what: the rules both solvers share.

A contingent may fill a requirement of its own capability when its state takes part
(neither refused nor an excluded host). It may fly on a type that some participating state
offers (its own state's only, without pooled lift), whose range covers the leg, and which
has seats for its personnel and payload for its cargo.
"""

from __future__ import annotations

from dataclasses import dataclass

from collsec.planning.geo import flight_hours
from collsec.planning.model import AircraftPool, Contingent, PlanningProblem, Requirement

__all__ = [
    "Option",
    "can_carry",
    "lift_groups",
    "options",
    "participating_pools",
    "tail_names",
]


@dataclass(frozen=True)
class Option:
    """A contingent, a requirement it may fill, and a type that may fly it there."""

    contingent: Contingent
    requirement: Requirement
    aircraft_type: str
    flight_h: float


def participating_pools(problem: PlanningProblem) -> list[AircraftPool]:
    """The aircraft pools of states that take part, with at least one airframe."""
    return [p for p in problem.pools if p.count > 0 and problem.political.takes_part(p.state)]


def lift_groups(problem: PlanningProblem, contingent: Contingent) -> str:
    """Whose aircraft may carry `contingent`: '*' for everyone's (pooled), else its state."""
    return "*" if problem.political.pooled_lift else contingent.state


def can_carry(problem: PlanningProblem, aircraft_type: str, contingent: Contingent) -> bool:
    """Whether the type has room of each kind the contingent needs."""
    a = problem.aircraft_types[aircraft_type]
    if contingent.personnel > 0 and a.troops <= 0:
        return False
    return not (contingent.tonnage_t > 0 and a.payload_t <= 0)


def options(problem: PlanningProblem) -> list[Option]:
    """Every (contingent, requirement, type) the rules allow, in a fixed order."""
    pools = participating_pools(problem)
    result: list[Option] = []
    for req in problem.requirements:
        for unit in problem.contingents:
            if unit.capability != req.capability or not problem.political.takes_part(unit.state):
                continue
            group = lift_groups(problem, unit)
            types = sorted({p.aircraft_type for p in pools if group == "*" or p.state == group})
            for a in types:
                if not can_carry(problem, a, unit):
                    continue
                hours = flight_hours(
                    problem, problem.aircraft_types[a], unit.home_airfield, req.destination
                )
                if hours is not None:
                    result.append(Option(unit, req, a, hours))
    return result


def tail_names(problem: PlanningProblem) -> list[tuple[AircraftPool, list[str]]]:
    """Each participating pool with its airframes' names, `type/state/n`.

    Names are unique per type and state even when a state offers a type in several pools.
    """
    seen: dict[tuple[str, str], int] = {}
    out = []
    for pool in participating_pools(problem):
        key = (pool.aircraft_type, pool.state)
        first = seen.get(key, 0)
        seen[key] = first + pool.count
        names = [f"{pool.aircraft_type}/{pool.state}/{first + i + 1}" for i in range(pool.count)]
        out.append((pool, names))
    return out
