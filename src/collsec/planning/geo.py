"""Distances and flight times between airfields.

Great-circle distance on a spherical Earth (haversine, mean radius 6,371.0088 km, the IUGG
value); the error against the ellipsoid is under 0.5 %, well inside the uncertainty of a
planned route. Routing corridors enter as the problem's `route_factor` assumption.
"""

from __future__ import annotations

import math

from collsec.planning.model import AircraftType, Airfield, PlanningProblem

__all__ = ["EARTH_RADIUS_KM", "flight_hours", "great_circle_km", "leg_km"]

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), the usual sphere for great-circle distances."""


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres between two points in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def leg_km(problem: PlanningProblem, origin: str, destination: str) -> float:
    """The flown distance of a leg: great circle stretched by the problem's route factor."""
    a: Airfield = problem.airfields[origin]
    b: Airfield = problem.airfields[destination]
    return great_circle_km(a.lat, a.lon, b.lat, b.lon) * problem.route_factor


def flight_hours(
    problem: PlanningProblem, aircraft: AircraftType, origin: str, destination: str
) -> float | None:
    """Block hours of one leg, or None when the leg is beyond the type's range."""
    km = leg_km(problem, origin, destination)
    if km > aircraft.range_km:
        return None
    return km / aircraft.cruise_kmh + problem.block_overhead_h
