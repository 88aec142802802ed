"""Tiny hand-made planning problems on the equator, where distances are easy to check."""

from __future__ import annotations

from collsec.planning.geo import EARTH_RADIUS_KM
from collsec.planning.model import (
    AircraftPool,
    AircraftType,
    Airfield,
    Contingent,
    PlanningProblem,
    PoliticalConstraints,
    Requirement,
)

KM_PER_DEGREE = EARTH_RADIUS_KM * 3.141592653589793 / 180


def field_at_km(fid: str, km: float, state: str = "X", mog: int = 4, rate: float = 2.0) -> Airfield:
    """An airfield on the equator `km` east of (0, 0)."""
    return Airfield(fid, state, 0.0, km / KM_PER_DEGREE, mog, rate)


def lifter(
    troops: int = 120,
    payload: float = 40.0,
    speed: float = 500.0,
    turn: float = 1.0,
    rng: float = 5000.0,
    tid: str = "lifter",
) -> AircraftType:
    return AircraftType(tid, payload, troops, speed, rng, turn)


def problem(
    units: list[Contingent],
    reqs: list[Requirement],
    pools: list[AircraftPool],
    fields: list[Airfield],
    types: list[AircraftType] | None = None,
    political: PoliticalConstraints | None = None,
    horizon: float = 24.0,
) -> PlanningProblem:
    return PlanningProblem(
        requirements=tuple(reqs),
        contingents=tuple(units),
        aircraft_types={t.id: t for t in (types or [lifter()])},
        pools=tuple(pools),
        airfields={f.id: f for f in fields},
        political=political or PoliticalConstraints(),
        horizon_h=horizon,
    )


def unit(
    uid: str,
    personnel: int,
    ready: float = 0.0,
    home: str = "A",
    state: str = "X",
    capability: str = "airborne",
    tonnage: float = 0.0,
    vehicles: int = 0,
) -> Contingent:
    return Contingent(uid, state, capability, personnel, vehicles, tonnage, ready, home)
