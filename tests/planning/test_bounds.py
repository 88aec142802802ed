"""The counting lower bound on lateness: hand-checked values, and never above any plan."""

import math

import highspy
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collsec.planning import (
    ForceRule,
    MilpOptions,
    SolveStatus,
    audit,
    lateness_lower_bound,
    solve_greedy,
    solve_milp,
)
from collsec.planning.highs import quiet_highs
from collsec.planning.landing_bound import SortieLP
from collsec.planning.model import AircraftPool, PoliticalConstraints, Requirement

from .test_properties import problems
from .test_tiny_optima import one_leg
from .world import field_at_km, problem, unit


def _weighted(p, plan):
    weight = {r.id: r.weight for r in p.requirements}
    if any(s.arrival_h > p.horizon_h + 1e-9 for s in plan.sorties):
        return math.inf
    return sum(
        math.inf if r.lateness_h is None else weight[r.id] * r.lateness_h for r in plan.requirements
    )


def test_one_airframe_meets_a_two_sortie_requirement_no_earlier_than_its_second_cycle():
    # 200 troops, 120 seats: first landing at 3 h, the airframe is back for another at 9 h
    p = one_leg([unit("u", 200)], [Requirement("r", "airborne", 200, "D", 0.0)])
    bound = lateness_lower_bound(p)
    assert bound.met_h["r"] == pytest.approx(9.0)
    assert bound.closes_h[("u", "r")] == pytest.approx(9.0)  # the unit's own sorties
    assert bound.total == pytest.approx(9.0)


def test_two_airframes_are_held_apart_by_the_landing_rate():
    p = one_leg([unit("u", 200)], [Requirement("r", "airborne", 200, "D", 0.0)], aircraft=2)
    bound = lateness_lower_bound(p)
    assert bound.met_h["r"] == pytest.approx(3.5)
    assert bound.binding["r"] == "supply"  # the unit's own two sorties, half an hour apart


def test_requirements_sharing_a_slow_airfield_cannot_both_land_first():
    # one landing every 2 h at D: each alone could land at 3 h, together one waits until 5 h
    units = [unit("a", 100), unit("m", 100, capability="medical")]
    reqs = [
        Requirement("r1", "airborne", 100, "D", 3.0),
        Requirement("r2", "medical", 100, "D", 3.0, weight=2.0),
    ]
    p = one_leg(units, reqs, aircraft=2, rate=0.5)
    bound = lateness_lower_bound(p)
    assert bound.met_h == {"r1": pytest.approx(3.0), "r2": pytest.approx(3.0)}
    assert bound.total == pytest.approx(2.0)  # the lighter-weighted one waits
    assert set(bound.binding.values()) == {"landings and fleet shared at D"}
    plan = solve_milp(p, MilpOptions(bucket_h=1.0))
    assert plan.status is SolveStatus.OPTIMAL
    assert plan.objective == pytest.approx(2.0)
    assert plan.gap == 0.0
    assert "shared at D" in plan.bound_origin
    assert audit(p, plan) == []


def test_a_plan_that_meets_the_bound_is_proven_without_branching():
    p = one_leg([unit("u", 100)], [Requirement("r", "airborne", 100, "D", 2.0)])
    plan = solve_milp(p, MilpOptions(bucket_h=1.0, second_stage=False))
    assert plan.status is SolveStatus.OPTIMAL
    assert plan.stages[0].status.startswith("Optimal (greedy's plan meets the lower bound)")
    assert plan.bound == pytest.approx(1.0)


def test_the_lightest_rule_spares_a_slow_airfield_and_the_optimiser_keeps_it():
    # heavy lands first but needs 3 sorties, 2 h apart at D; light is ready later, needs one
    units = [unit("heavy", 100, tonnage=80.0), unit("light", 100, ready=1.0)]
    p = one_leg(units, [Requirement("r", "airborne", 100, "D", 5.0)], aircraft=3, rate=0.5)
    earliest = solve_greedy(p, ForceRule.EARLIEST)
    lightest = solve_greedy(p, ForceRule.LIGHTEST)
    assert earliest.assignments == {"heavy": "r"}
    assert earliest.requirements[0].lateness_h == pytest.approx(2.0)
    assert lightest.assignments == {"light": "r"}
    assert lightest.requirements[0].lateness_h == 0.0
    plan = solve_milp(p, MilpOptions(bucket_h=1.0))
    assert plan.status is SolveStatus.OPTIMAL
    assert plan.lateness_hours == 0.0
    assert plan.to_dict()["bound_origin"].startswith("combinatorial")
    assert audit(p, plan) == [] and audit(p, earliest) == [] and audit(p, lightest) == []


def test_a_plan_proven_by_the_bound_is_the_same_on_every_run():
    units = [unit("heavy", 100, tonnage=80.0), unit("light", 100, ready=1.0)]
    p = one_leg(units, [Requirement("r", "airborne", 100, "D", 5.0)], aircraft=3, rate=0.5)
    first, second = (
        solve_milp(p, MilpOptions(bucket_h=1.0)),
        solve_milp(p, MilpOptions(bucket_h=1.0)),
    )
    assert first.to_dict()["sorties"] == second.to_dict()["sorties"]


def test_a_model_over_its_size_cap_still_reports_a_bound_and_a_gap():
    units = [unit(f"u{i}", 150, ready=float(i)) for i in range(4)]
    p = one_leg(units, [Requirement("r", "airborne", 500, "D", 4.0)], aircraft=2, horizon=48.0)
    plan = solve_milp(p, MilpOptions(max_flow_columns=1))
    assert plan.schedule_from == "greedy"
    assert plan.bound is not None and plan.gap is not None
    assert plan.bound <= _weighted(p, plan) + 1e-6
    assert audit(p, plan) == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(horizon=60.0))
def test_the_bound_never_exceeds_the_lateness_of_a_greedy_plan(p):
    bound = lateness_lower_bound(p)
    for rule in ForceRule:
        plan = solve_greedy(p, rule)
        if plan.status is SolveStatus.INFEASIBLE:
            continue
        assert bound.total <= _weighted(p, plan) + 1e-6


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(horizon=16.0))
def test_the_bound_never_exceeds_the_lateness_of_a_milp_plan(p):
    plan = solve_milp(p, MilpOptions(bucket_h=2.0, second_stage=False, node_limit=200))
    if plan.status is SolveStatus.INFEASIBLE:
        return
    bound = lateness_lower_bound(p)
    assert bound.total <= _weighted(p, plan) + 1e-6
    if plan.bound is not None and plan.bound_origin != "highs":
        assert plan.bound <= _weighted(p, plan) + 1e-6


def test_a_pool_of_another_state_does_not_count_without_pooled_lift():
    # only state Y's airframe is ready at once; X's unit must wait for X's own at 10 h
    fields = [field_at_km("A", 0), field_at_km("D", 1000)]
    pools = [AircraftPool("lifter", "Y", 1, 0.0), AircraftPool("lifter", "X", 1, 10.0)]
    p = problem(
        [unit("u", 100)],
        [Requirement("r", "airborne", 100, "D", 0.0)],
        pools,
        fields,
        political=PoliticalConstraints(pooled_lift=False),
    )
    assert lateness_lower_bound(p).met_h["r"] == pytest.approx(13.0)
    assert _weighted(p, solve_greedy(p)) == pytest.approx(13.0)


def _packing_lp_by_highs(troops, payload, caps, personnel, tonnes):
    n = len(troops)
    h = quiet_highs()
    h.setOptionValue("threads", 1)  # the suite's MILPs run on one thread
    empty = np.array([], dtype=np.int32)
    h.addCols(
        2 * n,
        np.ones(2 * n),
        np.zeros(2 * n),
        np.full(2 * n, math.inf),
        0,
        empty,
        empty,
        np.array([], dtype=np.float64),
    )
    h.addRow(personnel, math.inf, n, np.arange(n, dtype=np.int32), np.array(troops))
    h.addRow(tonnes, math.inf, n, np.arange(n, 2 * n, dtype=np.int32), np.array(payload))
    for a in range(n):
        h.addRow(-math.inf, caps[a], 2, np.array([a, a + n], dtype=np.int32), np.ones(2))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return math.inf
    return h.getInfo().objective_function_value


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0, 20, 90, 126, 300]),
            st.floats(2, 140),
            st.integers(0, 6),
        ),
        min_size=1,
        max_size=5,
    ),
    st.floats(0, 2000).map(lambda v: round(v, 1)),  # loads, not round-off at the tolerance
    st.floats(0, 800).map(lambda v: round(v, 1)),
)
def test_the_sortie_packing_dual_equals_the_lp_solved_by_highs(types, personnel, tonnes):
    troops = [float(t) for t, _, _ in types]
    payload = [q for _, q, _ in types]
    caps = [m for _, _, m in types]
    exact = _packing_lp_by_highs(troops, payload, caps, personnel, tonnes)
    mine = SortieLP(troops, payload).least(personnel, tonnes, caps)
    if math.isinf(exact):
        assert math.isinf(mine)
    else:
        assert mine == pytest.approx(exact, rel=1e-6, abs=1e-6)
