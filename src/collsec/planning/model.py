"""The planner's inputs: what is required, who can go, what can fly, where it can land.

Everything here is plain, frozen data. The planner never reads files or the clock; a
`PlanningProblem` is built by `collsec.planning.scenario_inputs` from a scenario and a
requirements file, or by hand in tests and benchmarks. Times are hours after the order
(C-hour 0); distances are kilometres.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AircraftPool",
    "AircraftType",
    "Airfield",
    "Contingent",
    "PlanningProblem",
    "PoliticalConstraints",
    "Requirement",
]


@dataclass(frozen=True)
class Airfield:
    """An airfield and the handling capacity that limits an air bridge.

    `landings_per_hour` spaces arrivals at least 1/rate hours apart; `max_on_ground` (MOG) caps
    the aircraft parked there at once, each loading or unloading for its type's turnaround.
    """

    id: str
    state: str
    lat: float
    lon: float
    max_on_ground: int
    landings_per_hour: float


@dataclass(frozen=True)
class AircraftType:
    """A transport type as the planner uses it.

    A load is mixed linearly: a sortie is full when personnel/troops + tonnes/payload_t = 1,
    the usual first-order rule for aircraft that carry troops and cargo together.
    `payload_t` is the planning payload (already scaled by the scenario's payload factor);
    `range_km` is the range at that payload, so a longer leg is refused.
    """

    id: str
    payload_t: float
    troops: int
    cruise_kmh: float
    range_km: float
    turnaround_h: float


@dataclass(frozen=True)
class AircraftPool:
    """Airframes of one type that one state makes available, and from when."""

    aircraft_type: str
    state: str
    count: int
    ready_h: float = 0.0


@dataclass(frozen=True)
class Contingent:
    """A unit a state may offer: its size, its readiness delay and where it boards."""

    id: str
    state: str
    capability: str
    personnel: int
    vehicles: int
    tonnage_t: float
    readiness_h: float
    home_airfield: str


@dataclass(frozen=True)
class Requirement:
    """A capability the operation needs at an airfield by a time (the RDD of a TPFDD line).

    It is met when the personnel and tonnage of the contingents assigned to it that have
    landed at `destination` reach `personnel` and `tonnage_t`; the contingents chosen must
    also bring at least `vehicles`. Lateness is hours after `due_h`, weighted by `weight`.
    """

    id: str
    capability: str
    personnel: int
    destination: str
    due_h: float
    vehicles: int = 0
    tonnage_t: float = 0.0
    weight: float = 1.0


@dataclass(frozen=True)
class PoliticalConstraints:
    """Who will take part and in what proportion.

    Shares are of the personnel of the contingents chosen. A refusing state sends neither
    troops nor aircraft. With `pooled_lift` any participating state's aircraft may carry any
    contingent (as Russian Il-76s carried the Armenian, Belarusian and Tajik contingents in
    January 2022); without it each state flies its own.
    """

    refused: frozenset[str] = frozenset()
    min_share: dict[str, float] = field(default_factory=dict)
    max_share: dict[str, float] = field(default_factory=dict)
    host_state: str | None = None
    exclude_host: bool = True
    pooled_lift: bool = True

    def takes_part(self, state: str) -> bool:
        """Whether `state` sends anything: not refused and not an excluded host."""
        if state in self.refused:
            return False
        return not (self.exclude_host and state == self.host_state)


@dataclass(frozen=True)
class PlanningProblem:
    """One deployment question: everything a solver needs, nothing it must look up.

    `block_overhead_h` is added to every leg's cruise time (taxi, climb, descent) and
    `route_factor` stretches great-circle distance to the flown route; both come from the
    scenario's assumptions. Sorties must land by `horizon_h`.
    """

    requirements: tuple[Requirement, ...]
    contingents: tuple[Contingent, ...]
    aircraft_types: dict[str, AircraftType]
    pools: tuple[AircraftPool, ...]
    airfields: dict[str, Airfield]
    political: PoliticalConstraints = field(default_factory=PoliticalConstraints)
    horizon_h: float = 96.0
    block_overhead_h: float = 0.0
    route_factor: float = 1.0
