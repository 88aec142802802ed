import pytest

from collsec.errors import ScenarioError
from collsec.scenario.assumptions import AssumptionReader
from collsec.scenario.loader import load_scenario


def reader(*sets: str) -> AssumptionReader:
    return AssumptionReader(load_scenario(sets=sets), "the test", "docs/test.md")


def test_a_missing_assumption_names_who_needs_it_and_where_it_is_explained() -> None:
    r = reader()
    assert r.number("no_such_assumption", 0.0) == 0.0
    (problem,) = r.problems
    assert problem.path == "assumptions.no_such_assumption"
    assert "the test needs" in problem.message and "docs/test.md" in (problem.expected or "")


def test_a_number_out_of_range_is_reported_with_its_range() -> None:
    r = reader("assumptions.sim_offer_probability=1.5")
    r.number("sim_offer_probability", 0.0, 1.0)
    (problem,) = r.problems
    assert problem.path == "assumptions.sim_offer_probability.value"
    assert problem.expected == "a number 0..1"


def test_a_record_must_have_exactly_its_keys() -> None:
    r = reader("assumptions.sim_lanchester={defender_per_day: 1}")
    values = r.record("sim_lanchester", ("defender_per_day", "attacker_per_day"))
    assert values == {"defender_per_day": 1, "attacker_per_day": None}
    assert [p.path for p in r.problems] == ["assumptions.sim_lanchester.value"]


def test_done_raises_every_problem_together() -> None:
    r = reader("assumptions.sim_offer_probability=yes")
    r.number("sim_offer_probability", 0.0, 1.0)
    r.number("missing_one")
    with pytest.raises(ScenarioError) as info:
        r.done()
    assert len(info.value.problems) == 2


def test_a_clean_read_raises_nothing() -> None:
    r = reader()
    r.table("sim_tie_weights.value", r.raw("sim_tie_weights"))
    r.done()
    assert r.problems == []
