"""The list schedule in bucket space and the local search over it (the MILP's first solution)."""

import dataclasses

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collsec.planning import ForceRule
from collsec.planning.eligibility import options
from collsec.planning.formulation import build_model
from collsec.planning.greedy import choose_units
from collsec.planning.listschedule import ListScheduler
from collsec.planning.localsearch import _Evaluator, edd_order, search_start
from collsec.planning.model import (
    AircraftPool,
    AircraftType,
    Contingent,
    PlanningProblem,
    PoliticalConstraints,
    Requirement,
)

from .test_properties import problems
from .world import field_at_km, lifter, problem, unit


def _one_slot_an_hour(
    units: list[Contingent],
    reqs: list[Requirement],
    pools: list[AircraftPool],
    types: list[AircraftType] | None = None,
    political: PoliticalConstraints | None = None,
) -> PlanningProblem:
    # 1,500 km at 500 km/h: 3 h in the air, 1 h loading, ready at 0: the first landing is in
    # bucket 4 of 1 h buckets, and D takes one landing a bucket
    return problem(
        units,
        reqs,
        pools,
        [field_at_km("A", 0), field_at_km("B", 0, state="Y"), field_at_km("D", 1500, rate=1.0)],
        types=types,
        political=political,
    )


def _urgent_and_later() -> PlanningProblem:
    return _one_slot_an_hour(
        [unit("a", 100), unit("m", 100, capability="medical")],
        [
            Requirement("later", "airborne", 100, "D", 16.0),
            Requirement("urgent", "medical", 100, "D", 5.0, weight=3.0),
        ],
        [AircraftPool("lifter", "X", 2)],
    )


def test_the_list_decides_who_takes_the_first_landing_slot() -> None:
    p = _urgent_and_later()
    scheduler = ListScheduler(p, build_model(p, 1.0))
    first = scheduler.decode((("m", "urgent"), ("a", "later")))
    assert first.closes == {"m": 4, "a": 5}
    second = scheduler.decode((("a", "later"), ("m", "urgent")))
    assert second.closes == {"a": 4, "m": 5}


def test_the_earliest_due_requirement_goes_first_and_is_on_time() -> None:
    p = _urgent_and_later()
    model = build_model(p, 1.0)
    assert edd_order(p, {"a": "later", "m": "urgent"}) == (("m", "urgent"), ("a", "later"))
    x = search_start(p, model, [{"a": "later", "m": "urgent"}])
    assert x is not None and model.satisfies(x)
    assert float(model.cost_lateness @ x) == 0.0


def test_a_contingent_flies_on_the_roomiest_type_when_landings_are_scarce() -> None:
    big, small = lifter(troops=120, tid="big"), lifter(troops=30, tid="small")
    p = _one_slot_an_hour(
        [unit("a", 100)],
        [Requirement("r", "airborne", 100, "D", 16.0)],
        [AircraftPool("small", "X", 4), AircraftPool("big", "X", 1)],
        types=[big, small],
    )
    model = build_model(p, 1.0)
    schedule = ListScheduler(p, model).decode((("a", "r"),))
    assert schedule.closes == {"a": 4}
    assert [model.pools[gi].aircraft_type for gi, _, _, _ in schedule.opened] == ["big"]


def test_a_contingent_that_cannot_close_by_the_horizon_books_nothing() -> None:
    p = _one_slot_an_hour(
        [unit("a", 100), unit("b", 2000)],
        [Requirement("r", "airborne", 100, "D", 16.0)],
        [AircraftPool("lifter", "X", 1)],
    )
    model = build_model(p, 1.0)
    scheduler = ListScheduler(p, model)
    alone = scheduler.decode((("a", "r"),))
    after = scheduler.decode((("b", "r"), ("a", "r")))
    assert "b" not in after.closes
    assert after.closes == alone.closes and after.opened == alone.opened


def test_a_share_cap_is_kept_by_flying_another_states_contingent_last() -> None:
    # greedy's choice, x1 alone, gives X all the personnel against a 60 % cap
    p = _one_slot_an_hour(
        [unit("x1", 100), unit("y1", 100, ready=5.0, home="B", state="Y")],
        [Requirement("r", "airborne", 100, "D", 8.0)],
        [AircraftPool("lifter", "X", 2)],
        political=PoliticalConstraints(max_share={"X": 0.6, "Y": 0.6}, host_state="H"),
    )
    model = build_model(p, 1.0)
    chosen, _ = choose_units(p, options(p))
    assert chosen == {"x1": "r"}
    x = search_start(p, model, [chosen])
    assert x is not None and model.satisfies(x)
    assert x[model.z[("x1", "r")]] == 1.0 and x[model.z[("y1", "r")]] == 1.0
    assert float(model.cost_lateness @ x) == 0.0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(horizon=36.0), st.data())
def test_every_list_decodes_to_a_vector_the_model_accepts_scored_as_the_model_scores_it(
    p: PlanningProblem, data: st.DataObject
) -> None:
    # no shares and no vehicles in these problems: every choice is allowed
    model = build_model(p, 2.0)
    pairs = sorted(model.z)
    order = data.draw(st.permutations(pairs))
    chosen: dict[str, str] = {}
    for uid, kid in order:
        chosen.setdefault(uid, kid)
    genotype = tuple((u, k) for u, k in order if chosen[u] == k)
    evaluator = _Evaluator(p, model)
    score, schedule = evaluator.score(genotype)
    x = evaluator.scheduler.vector(schedule)
    assert model.satisfies(x)
    assert score.excess == 0
    assert abs(score.lateness - float(model.cost_lateness @ x)) < 1e-6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(horizon=36.0), st.sampled_from([None, 0.5, 0.7]))
def test_the_search_never_returns_a_start_worse_than_its_own_or_one_the_model_refuses(
    p: PlanningProblem, cap: float | None
) -> None:
    if cap is not None:
        states = {c.state for c in p.contingents}
        shares = {s: cap for s in sorted(states)}
        p = dataclasses.replace(p, political=dataclasses.replace(p.political, max_share=shares))
    model = build_model(p, 2.0)
    choices = [choose_units(p, options(p), rule)[0] for rule in ForceRule]
    x = search_start(p, model, choices, max_scored=60)
    assert x is None or model.satisfies(x)
    scheduler = ListScheduler(p, model)
    for chosen in choices:
        x0 = scheduler.vector(scheduler.decode(edd_order(p, chosen)))
        if model.satisfies(x0):
            assert x is not None
            assert float(model.cost_lateness @ x) <= float(model.cost_lateness @ x0) + 1e-9
    again = search_start(p, model, choices, max_scored=60)
    assert (x is None and again is None) or (
        x is not None and again is not None and bool(np.array_equal(x, again))
    )
