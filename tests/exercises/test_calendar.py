import datetime as dt

import pytest

from collsec.errors import UsageError
from collsec.exercises import calendar_participations, interop_matrix, mean_level
from collsec.exercises.calendar import CalendarPlan, plan_calendar
from collsec.exercises.parameters import calendar_parameters
from collsec.scenario import Scenario, load_scenario


@pytest.fixture(scope="module")
def plan_2027(scenario: Scenario) -> CalendarPlan:
    return plan_calendar(scenario, 2027)


def test_the_proposed_calendar_is_proved_optimal_within_the_budget(plan_2027: CalendarPlan) -> None:
    assert plan_2027.status == "Optimal"
    assert plan_2027.proposed.lines
    assert plan_2027.proposed.cost <= plan_2027.budget + 1e-9
    assert plan_2027.proposed.violations == ()


def test_a_frozen_member_takes_part_in_nothing(plan_2027: CalendarPlan) -> None:
    assert "ARM" in plan_2027.excluded
    for line in plan_2027.proposed.lines:
        assert "ARM" not in line.participants and line.host != "ARM"


def test_hosts_rotate_and_take_part(scenario: Scenario, plan_2027: CalendarPlan) -> None:
    params = calendar_parameters(scenario)
    last_hosts = {
        (sid, h)
        for e in scenario.exercises.editions.values()
        if 2027 - params.host_rotation_years <= e.year < 2027
        for sid in e.series
        for h in e.hosts
    }
    hosted: dict[str, int] = {}
    for line in plan_2027.proposed.lines:
        assert (line.series, line.host) not in last_hosts
        assert line.host in line.participants
        hosted[line.host] = hosted.get(line.host, 0) + 1
    assert max(hosted.values()) <= params.max_hosted_per_state


def test_no_state_joins_more_exercises_than_its_forces_allow(
    scenario: Scenario, plan_2027: CalendarPlan
) -> None:
    params = calendar_parameters(scenario)
    counts: dict[str, int] = {}
    for line in plan_2027.proposed.lines:
        assert len(line.participants) >= params.min_participants
        for state in line.participants:
            counts[state] = counts.get(state, 0) + 1
    assert all(n <= params.max_per_state[s] for s, n in counts.items())


def test_only_members_of_a_series_force_join_it(plan_2027: CalendarPlan) -> None:
    for line in plan_2027.proposed.lines:
        if line.series == "rubezh":
            assert set(line.participants) <= {"KAZ", "KGZ", "RUS", "TJK"}


def test_the_proposal_gains_at_least_as_much_as_repeating_last_year_when_that_fits() -> None:
    roomy = load_scenario([], ["assumptions.exercise_host_rotation_years=0"])
    result = plan_calendar(roomy, 2027, budget=1000.0)
    assert result.baseline.violations == ()
    assert result.proposed.gain >= result.baseline.gain - 1e-9


def test_repeating_last_year_breaks_host_rotation(plan_2027: CalendarPlan) -> None:
    assert any("rotation" in v for v in plan_2027.baseline.violations)


def test_an_excluded_state_takes_part_in_nothing(scenario: Scenario) -> None:
    result = plan_calendar(scenario, 2027, exclude=["BLR"])
    assert result.excluded["BLR"] == "excluded by the caller"
    assert all("BLR" not in line.participants for line in result.proposed.lines)


def test_a_zero_budget_holds_nothing(scenario: Scenario) -> None:
    result = plan_calendar(scenario, 2027, budget=0.0)
    assert result.proposed.lines == () and result.proposed.gain == 0.0


def test_a_tighter_budget_never_costs_more(scenario: Scenario) -> None:
    tight = plan_calendar(scenario, 2027, budget=10.0)
    assert tight.proposed.cost <= 10.0 + 1e-9


def test_same_inputs_same_calendar(scenario: Scenario, plan_2027: CalendarPlan) -> None:
    assert plan_calendar(scenario, 2027).to_dict() == plan_2027.to_dict()


def test_a_negative_budget_is_refused(scenario: Scenario) -> None:
    with pytest.raises(UsageError, match="--budget"):
        plan_calendar(scenario, 2027, budget=-1.0)


def test_an_unknown_state_to_exclude_is_refused(scenario: Scenario) -> None:
    with pytest.raises(UsageError, match="--exclude"):
        plan_calendar(scenario, 2027, exclude=["XYZ"])


def test_a_year_of_exercises_raises_the_matrix_the_simulator_receives(
    scenario: Scenario, plan_2027: CalendarPlan
) -> None:
    at = dt.date(2027, 12, 31)
    extra = calendar_participations(scenario, plan_2027.proposed.lines, dt.date(2027, 10, 15))
    with_year = interop_matrix(scenario, at, extra)
    without = interop_matrix(scenario, at)
    assert mean_level(with_year) > mean_level(without)
