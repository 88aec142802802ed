"""The repaired start: a continuous greedy plan moved into the bucketed model's space."""

from collections import defaultdict

from hypothesis import HealthCheck, given, settings

from collsec.planning import ForceRule, solve_greedy
from collsec.planning.formulation import build_model
from collsec.planning.model import AircraftPool, Requirement
from collsec.planning.warmstart import repaired_start

from .test_properties import problems
from .world import field_at_km, lifter, problem, unit


def _one_leg(personnel: int, airframes: int):
    # 1,500 km at 500 km/h: 3 h in the air, 1 h loading, ready at 0, so the first landing
    # is at hour 4, the start of bucket 4 of 1 h buckets
    return problem(
        [unit("u", personnel)],
        [Requirement("r", "airborne", personnel, "D", 4.0)],
        [AircraftPool("lifter", "X", airframes)],
        [field_at_km("A", 0), field_at_km("D", 1500)],
        types=[lifter(troops=120)],
    )


def _flows_of_each_unit(model, x):
    shares = defaultdict(float)
    for (uid, kid, _, _), col in model.f.items():
        shares[(uid, kid)] += x[col]
    return shares


def test_a_plan_that_fits_the_buckets_keeps_its_landing_bucket():
    p = _one_leg(100, 1)
    model = build_model(p, 1.0)
    x = repaired_start(p, model, solve_greedy(p))
    assert x is not None and model.satisfies(x)
    assert x[model.z[("u", "r")]] == 1.0
    assert [b for (_, _, _, b), col in model.y.items() if x[col] > 0] == [4]
    # landed in bucket 4, counted at its end: one hour late at the model's measure
    assert float(model.cost_lateness @ x) == 1.0


def test_a_full_sortie_spills_the_held_back_seat_onto_a_second_sortie():
    p = _one_leg(120, 2)
    greedy = solve_greedy(p)
    assert len(greedy.sorties) == 1  # 120 troops fill one airframe in continuous time
    model = build_model(p, 1.0)
    x = repaired_start(p, model, greedy)
    assert x is not None and model.satisfies(x)
    assert sum(x[col] for col in model.y.values()) == 2
    assert _flows_of_each_unit(model, x)[("u", "r")] == 1.0


def test_a_plan_that_cannot_finish_in_the_buckets_gives_no_start():
    # one airframe, 1 h loading and 3 h each way: a second sortie cannot land by hour 8 in
    # the conservative buckets, so the 120th person has nowhere to go
    p = _one_leg(120, 1)
    p = problem(
        list(p.contingents),
        list(p.requirements),
        list(p.pools),
        list(p.airfields.values()),
        types=list(p.aircraft_types.values()),
        horizon=8.0,
    )
    model = build_model(p, 1.0)
    assert repaired_start(p, model, solve_greedy(p)) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(horizon=36.0))
def test_a_repaired_start_keeps_every_row_and_the_plans_choice_of_units(p):
    model = build_model(p, 2.0)
    for rule in ForceRule:
        greedy = solve_greedy(p, rule)
        x = repaired_start(p, model, greedy)
        if x is None:
            continue
        assert model.satisfies(x)
        chosen = {key for key, col in model.z.items() if x[col] > 0.5}
        assert chosen == set(greedy.assignments.items())
        for share in _flows_of_each_unit(model, x).values():
            assert abs(share - 1.0) < 1e-9 or share == 0.0
