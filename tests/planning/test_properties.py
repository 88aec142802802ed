"""Invariants on random small problems: every plan keeps every rule the audit checks."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collsec.planning import (
    MilpOptions,
    Plan,
    PlanningProblem,
    SolveStatus,
    audit,
    solve_greedy,
    solve_milp,
)
from collsec.planning.model import AircraftPool, PoliticalConstraints, Requirement

from .world import field_at_km, lifter, problem, unit

STATES = ["X", "Y", "Z"]


@st.composite
def problems(draw: st.DrawFn, horizon: float = 36.0) -> PlanningProblem:
    fields = [
        field_at_km(
            "A",
            0,
            state="X",
            mog=draw(st.integers(1, 3)),
            rate=draw(st.sampled_from([1.0, 2.0, 4.0])),
        ),
        field_at_km("B", draw(st.floats(200, 800)), state="Y", mog=draw(st.integers(1, 3))),
        field_at_km(
            "D",
            1500,
            state="H",
            mog=draw(st.integers(1, 3)),
            rate=draw(st.sampled_from([0.5, 1.0, 2.0])),
        ),
    ]
    types = [
        lifter(
            troops=draw(st.integers(20, 150)),
            payload=draw(st.floats(5, 60)),
            tid="big",
            turn=draw(st.sampled_from([0.5, 1.0, 2.0])),
        ),
        lifter(
            troops=draw(st.integers(10, 60)),
            payload=draw(st.floats(2, 20)),
            speed=400.0,
            tid="small",
            rng=draw(st.sampled_from([1000.0, 3000.0])),
        ),
    ]
    pools = [
        AircraftPool(
            draw(st.sampled_from(["big", "small"])),
            draw(st.sampled_from(STATES)),
            draw(st.integers(1, 3)),
            draw(st.sampled_from([0.0, 1.0, 3.0])),
        )
        for _ in range(draw(st.integers(1, 3)))
    ]
    units = [
        unit(
            f"u{i}",
            draw(st.integers(10, 200)),
            ready=draw(st.sampled_from([0.0, 2.0, 5.0])),
            home=draw(st.sampled_from(["A", "B"])),
            state=draw(st.sampled_from(STATES)),
            capability=draw(st.sampled_from(["airborne", "medical"])),
            tonnage=draw(st.floats(0, 40)),
        )
        for i in range(draw(st.integers(1, 5)))
    ]
    reqs = [
        Requirement(
            f"r{k}", cap, draw(st.integers(10, 150)), "D", draw(st.sampled_from([4.0, 8.0, 16.0]))
        )
        for k, cap in enumerate(["airborne", "medical"][: draw(st.integers(1, 2))])
    ]
    political = PoliticalConstraints(
        refused=frozenset(draw(st.lists(st.sampled_from(STATES), max_size=1))),
        pooled_lift=draw(st.booleans()),
        host_state="H",
    )
    return problem(units, reqs, pools, fields, types=types, political=political, horizon=horizon)


def _keeps_the_rules(p: PlanningProblem, plan: Plan) -> None:
    broken = audit(p, plan)
    if any(e.constraint == "horizon" for e in plan.explanations):
        # greedy says so itself when it needs longer than the horizon
        broken = [b for b in broken if "horizon" not in b]
    assert broken == []
    refused = p.political.refused
    assert not any(s.state in refused for s in plan.sorties)
    units = {c.id: c for c in p.contingents}
    assert not any(units[u].state in refused for u in plan.assignments)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(horizon=200.0))
def test_a_greedy_plan_never_overloads_never_flies_early_never_uses_a_refusing_state(
    p: PlanningProblem,
) -> None:
    plan = solve_greedy(p)
    _keeps_the_rules(p, plan)
    if plan.status is SolveStatus.INFEASIBLE:
        assert plan.explanations


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(horizon=16.0))
def test_a_milp_plan_keeps_every_rule_and_is_no_later_than_greedy(p: PlanningProblem) -> None:
    plan = solve_milp(p, MilpOptions(bucket_h=2.0, second_stage=False, node_limit=200))
    _keeps_the_rules(p, plan)
    greedy = solve_greedy(p)
    if (
        plan.status is not SolveStatus.INFEASIBLE
        and greedy.lateness_hours is not None
        and not any("horizon" in e.constraint for e in greedy.explanations)
    ):
        weights = {r.id: r.weight for r in p.requirements}
        mine = sum(weights[r.id] * (r.lateness_h or 0) for r in plan.requirements)
        theirs = sum(weights[r.id] * (r.lateness_h or 0) for r in greedy.requirements)
        assert mine <= theirs + 1e-6
