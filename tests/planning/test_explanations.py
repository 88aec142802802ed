"""An infeasible request names the requirement and the constraint that binds."""

import pytest

from collsec.errors import UsageError
from collsec.planning import MilpOptions, SolveStatus, solve_greedy, solve_milp
from collsec.planning.model import AircraftPool, PoliticalConstraints, Requirement

from .world import field_at_km, lifter, problem, unit

FIELDS = [field_at_km("A", 0), field_at_km("D", 1000, state="H")]
POOL = [AircraftPool("lifter", "X", 2)]


def both(p):
    return solve_greedy(p), solve_milp(p, MilpOptions(bucket_h=2.0))


def test_a_refusal_that_leaves_too_few_troops_is_named():
    units = [unit("x", 100, state="X"), unit("y", 100, state="Y")]
    p = problem(
        units,
        [Requirement("need", "airborne", 150, "D", 6.0)],
        POOL,
        FIELDS,
        political=PoliticalConstraints(refused=frozenset({"Y"})),
    )
    for plan in both(p):
        assert plan.status is SolveStatus.INFEASIBLE
        why = plan.explanations[0]
        assert (why.requirement, why.constraint) == ("need", "political")
        assert "Y (refused)" in why.detail


def test_the_host_states_own_troops_are_excluded_and_that_is_said():
    units = [unit("h", 300, state="H")]
    p = problem(
        units,
        [Requirement("need", "airborne", 100, "D", 6.0)],
        POOL,
        FIELDS,
        political=PoliticalConstraints(host_state="H"),
    )
    why = solve_milp(p).explanations[0]
    assert why.constraint == "political" and "excluded host" in why.detail


def test_too_few_troops_of_a_capability_anywhere_is_a_supply_shortfall():
    p = problem([unit("x", 100)], [Requirement("need", "airborne", 500, "D", 6.0)], POOL, FIELDS)
    why = solve_greedy(p).explanations[0]
    assert (why.requirement, why.constraint) == ("need", "supply")


def test_a_leg_beyond_every_aircrafts_range_is_named():
    p = problem(
        [unit("x", 100)],
        [Requirement("need", "airborne", 100, "D", 6.0)],
        POOL,
        FIELDS,
        types=[lifter(rng=500.0)],
    )
    why = solve_milp(p).explanations[0]
    assert why.constraint == "aircraft range or capacity"


def test_a_unit_not_ready_before_the_horizon_is_named():
    p = problem(
        [unit("x", 100, ready=30.0)],
        [Requirement("need", "airborne", 100, "D", 6.0)],
        POOL,
        FIELDS,
        horizon=24.0,
    )
    why = solve_milp(p).explanations[0]
    assert why.constraint == "readiness and horizon"


def test_lift_too_small_for_the_horizon_is_found_by_the_solver_and_explained():
    # 1,000 troops, one 120-seat aircraft cycling every 6 h: about 4 loads in 24 h
    p = problem(
        [unit("x", 1000)],
        [Requirement("need", "airborne", 1000, "D", 6.0)],
        [AircraftPool("lifter", "X", 1)],
        FIELDS,
        horizon=24.0,
    )
    plan = solve_milp(p, MilpOptions(bucket_h=2.0))
    assert plan.status is SolveStatus.INFEASIBLE
    assert plan.explanations[0].requirement == "need"
    assert plan.explanations[0].constraint == "fleet"


def test_a_requirement_at_an_unknown_airfield_is_a_usage_error():
    p = problem(
        [unit("x", 100)], [Requirement("need", "airborne", 100, "Nowhere", 6.0)], POOL, FIELDS
    )
    with pytest.raises(UsageError, match=r"requirements\[0\]\.destination"):
        solve_milp(p)


def test_an_integration_delay_postpones_that_states_contingents_and_no_other():
    import pydantic

    from collsec.planning.scenario_inputs import RequirementsFile, problem_from_scenario
    from collsec.scenario import load_scenario

    world = load_scenario()
    base = {
        "host_state": "KAZ",
        "forces": ["CPF"],
        "requirements": [
            {
                "id": "r",
                "capability": "airborne",
                "personnel": 100,
                "destination": "almaty",
                "due_h": 24,
            }
        ],
    }
    plain = problem_from_scenario(world, RequirementsFile.model_validate(base))
    delayed = problem_from_scenario(
        world, RequirementsFile.model_validate({**base, "integration_delay_h": {"BLR": 5.0}})
    )
    for before, after in zip(plain.contingents, delayed.contingents, strict=True):
        shift = 5.0 if before.state == "BLR" else 0.0
        assert after.readiness_h == pytest.approx(before.readiness_h + shift)
    with pytest.raises(pydantic.ValidationError, match="hours >= 0"):
        RequirementsFile.model_validate({**base, "integration_delay_h": {"BLR": -1.0}})
