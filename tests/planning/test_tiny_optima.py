"""Hand-checked instances: A at 0 km, D at 1,000 km, 500 km/h (2 h legs), 1 h turnaround."""

import dataclasses

import pytest

from collsec.planning import MilpOptions, SolveStatus, audit, solve_greedy, solve_milp
from collsec.planning.model import AircraftPool, Requirement

from .world import field_at_km, problem, unit

FAST = MilpOptions(bucket_h=1.0)


def one_leg(units, reqs, aircraft=1, mog=4, rate=2.0, horizon=24.0):
    fields = [
        field_at_km("A", 0),
        field_at_km("B", 250),
        field_at_km("D", 1000, mog=mog, rate=rate),
    ]
    return problem(units, reqs, [AircraftPool("lifter", "X", aircraft)], fields, horizon=horizon)


def test_one_load_lands_after_loading_and_one_leg():
    # load 0-1 h, fly 1-3 h: lands at 3 h, one hour after a 2 h due time
    p = one_leg([unit("u", 100)], [Requirement("r", "airborne", 100, "D", 2.0)])
    for plan in (solve_greedy(p), solve_milp(p, FAST)):
        assert plan.requirements[0].lateness_h == pytest.approx(1.0)
        assert len(plan.sorties) == 1
        assert plan.sorties[0].arrival_h == pytest.approx(3.0)
        assert audit(p, plan) == []
    optimum = solve_milp(p, FAST)
    assert optimum.status is SolveStatus.OPTIMAL
    # greedy's plan lands at 3 h, which the counting bound proves no plan can beat
    assert optimum.objective == pytest.approx(1.0)
    assert optimum.bound == pytest.approx(1.0)
    assert optimum.gap == 0.0
    assert optimum.bound_origin.startswith("combinatorial")


def test_one_aircraft_flies_a_second_sortie_after_its_round_trip():
    # 200 troops, 120 seats: lands at 3, unloads to 4, back at 6, loads to 7, lands at 9
    p = one_leg([unit("u", 200)], [Requirement("r", "airborne", 200, "D", 0.0)])
    for plan in (solve_greedy(p), solve_milp(p, FAST)):
        assert plan.requirements[0].met_h == pytest.approx(9.0)
        assert sorted(s.personnel for s in plan.sorties) in ([80, 120], [81, 119], [100, 100])
        assert sum(s.personnel for s in plan.sorties) == 200
        assert audit(p, plan) == []


def test_two_aircraft_land_half_an_hour_apart_at_two_landings_an_hour():
    p = one_leg([unit("u", 200)], [Requirement("r", "airborne", 200, "D", 0.0)], aircraft=2)
    for plan in (solve_greedy(p), solve_milp(p, FAST)):
        assert sorted(s.arrival_h for s in plan.sorties) == pytest.approx([3.0, 3.5])
        assert plan.requirements[0].met_h == pytest.approx(3.5)


def test_the_unit_that_lands_first_is_chosen_when_time_is_short():
    # far: ready 0, 2 h leg -> lands 3; near: ready 4, 0.5 h leg -> lands 5.5
    units = [unit("far", 100, ready=0.0, home="A"), unit("near", 100, ready=4.0, home="B")]
    p = one_leg(units, [Requirement("r", "airborne", 100, "D", 0.0)])
    plan = solve_milp(p, FAST)
    assert plan.assignments == {"far": "r"}
    assert plan.requirements[0].lateness_h == pytest.approx(3.0)


def test_with_time_to_spare_the_second_stage_saves_flying_hours():
    # both are on time for a 12 h due time; the near unit costs 1.5 h of flying, not 4
    units = [unit("far", 100, ready=0.0, home="A"), unit("near", 100, ready=4.0, home="B")]
    p = one_leg(units, [Requirement("r", "airborne", 100, "D", 12.0)])
    plan = solve_milp(p, FAST)
    assert plan.status is SolveStatus.OPTIMAL
    assert plan.lateness_hours == 0
    assert plan.assignments == {"near": "r"}
    assert plan.flying_hours == pytest.approx(3.0)
    assert solve_greedy(p).assignments == {"far": "r"}


def test_the_milp_plan_is_deterministic_without_a_time_limit():
    p = one_leg(
        [unit("u", 300), unit("v", 150, ready=2.0)],
        [Requirement("r", "airborne", 400, "D", 4.0)],
        aircraft=2,
    )
    first, second = solve_milp(p, FAST), solve_milp(p, FAST)
    assert first.to_dict()["sorties"] == second.to_dict()["sorties"]


def test_a_greedy_plan_that_breaks_a_share_cap_is_never_the_optimisers_answer():
    # medical is due first: greedy takes X's medics (earliest), then has only X's paratroops
    # for the airborne requirement and breaks X's 50 % cap; Y's later medics keep it
    units = [
        unit("x-airborne", 100, state="X"),
        unit("x-medical", 100, state="X", capability="medical"),
        unit("y-medical", 100, ready=2.0, state="Y", capability="medical"),
    ]
    reqs = [
        Requirement("med", "medical", 100, "D", 0.0),
        Requirement("abn", "airborne", 100, "D", 5.0),
    ]
    p = one_leg(units, reqs, aircraft=2)
    p = dataclasses.replace(p, political=dataclasses.replace(p.political, max_share={"X": 0.5}))
    greedy = solve_greedy(p)
    assert any(e.constraint == "political shares" for e in greedy.explanations)
    plan = solve_milp(p, FAST)
    assert audit(p, plan) == []
    assert plan.assignments == {"x-airborne": "abn", "y-medical": "med"}
