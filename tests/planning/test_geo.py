import math

import pytest

from collsec.planning.geo import flight_hours, great_circle_km

from .world import field_at_km, lifter, problem


def test_one_degree_of_the_equator_is_111_2_km():
    assert great_circle_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)


def test_london_to_paris_is_about_344_km():
    assert great_circle_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.6, abs=1.0)


def test_flight_hours_add_overhead_and_route_factor():
    p = problem([], [], [], [field_at_km("A", 0), field_at_km("D", 1000)])
    base = flight_hours(p, lifter(speed=500), "A", "D")
    assert base == pytest.approx(2.0, abs=1e-6)
    stretched = type(p)(**{**p.__dict__, "route_factor": 1.1, "block_overhead_h": 0.5})
    assert flight_hours(stretched, lifter(speed=500), "A", "D") == pytest.approx(2.7, abs=1e-6)


def test_a_leg_beyond_range_cannot_be_flown():
    p = problem([], [], [], [field_at_km("A", 0), field_at_km("D", 1000)])
    assert flight_hours(p, lifter(rng=999.0), "A", "D") is None
    assert math.isfinite(flight_hours(p, lifter(rng=1001.0), "A", "D") or math.inf)
