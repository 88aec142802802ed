"""The Article 2 / Article 4 procedure (research R21-R30)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from collsec.charter import Forum, Measure, Position, Stage, ThreatKind, walk
from collsec.charter.procedure import (
    consult,
    convene,
    decide_measure,
    deploy,
    open_case,
    order,
    request,
)
from collsec.errors import IllegalTransition, ScenarioError, UsageError
from collsec.scenario.models import Scenario, Status
from tests.charter.world import make_scenario

ALMATY = timezone(timedelta(hours=6))
JAN_5 = datetime(2022, 1, 5, 18, 0, tzinfo=ALMATY)
T = ThreatKind


def convened(scenario: Scenario, threat: ThreatKind, requested: bool, aggression: bool | None):  # type: ignore[no-untyped-def]
    case = consult(open_case(scenario, "KAZ", threat, JAN_5, aggression), JAN_5)
    if requested:
        case = request(case, JAN_5)
    return convene(case, JAN_5 + timedelta(hours=4))


def test_the_kazakhstan_2022_sequence_runs_from_request_to_withdrawal(csto: Scenario) -> None:
    result = walk(
        csto, "KAZ", T.INTERNAL_UNREST, JAN_5, requested=True, characterised_as_aggression=True
    )
    stages = [s.stage for s in result.steps]
    assert stages == [
        Stage.THREAT,
        Stage.CONSULTATIONS,
        Stage.REQUESTED,
        Stage.CONVENED,
        Stage.DECIDED,
        Stage.ORDERED,
        Stage.DEPLOYED,
        Stage.MISSION_COMPLETE,
        Stage.WITHDRAWING,
        Stage.CLOSED,
    ]
    assert result.case.measure is Measure.COLLECTIVE_FORCES
    assert result.chair == "ARM"
    at = {s.stage: s.at for s in result.steps}
    assert at[Stage.DECIDED] == datetime(2022, 1, 6, 4, 0, tzinfo=ALMATY)
    assert at[Stage.DEPLOYED] == datetime(2022, 1, 6, 18, 0, tzinfo=ALMATY)
    assert at[Stage.CLOSED] - at[Stage.MISSION_COMPLETE] == timedelta(days=8)
    assert any("art4-request" in b for b in result.steps[4].basis)


def test_every_step_of_a_walk_carries_a_basis(csto: Scenario) -> None:
    result = walk(csto, "KAZ", T.ARMED_ATTACK, JAN_5, requested=True)
    assert all(step.basis for step in result.steps)
    data = result.to_dict()
    assert data["characterisation"] == "default"
    assert data["outcome"] == "collective_forces adopted"


def test_unrest_not_characterised_as_aggression_gets_a_lesser_measure(csto: Scenario) -> None:
    result = walk(csto, "KAZ", T.INTERNAL_UNREST, JAN_5, requested=True)
    assert result.case.measure is Measure.MONITORING_MISSION
    assert result.ruled_out[0].measure is Measure.COLLECTIVE_FORCES
    assert "aggression" in result.ruled_out[0].reason


def test_an_objection_to_forces_falls_back_to_the_next_measure(csto: Scenario) -> None:
    positions = {Measure.COLLECTIVE_FORCES: {"BLR": Position.OBJECT}}
    result = walk(csto, "KAZ", T.ARMED_ATTACK, JAN_5, requested=True, positions=positions)
    assert result.case.measure is Measure.MONITORING_MISSION
    assert "blocked first: collective_forces" in result.outcome


def test_one_set_of_positions_applies_to_every_draft(csto: Scenario) -> None:
    result = walk(
        csto, "KAZ", T.ARMED_ATTACK, JAN_5, requested=True, positions={"BLR": Position.OBJECT}
    )
    assert result.case.measure is Measure.NOTHING
    assert result.to_dict()["outcome"].startswith("no measure adopted")


def test_article_2_consultations_without_a_request_end_in_aid_or_a_statement(
    csto: Scenario,
) -> None:
    result = walk(csto, "KAZ", T.ARMED_ATTACK, JAN_5, requested=False)
    assert Stage.REQUESTED not in [s.stage for s in result.steps]
    assert result.case.measure is Measure.MILITARY_TECHNICAL_AID
    assert [r.measure for r in result.ruled_out] == [
        Measure.COLLECTIVE_FORCES,
        Measure.MONITORING_MISSION,
    ]


def test_an_article_4_decision_without_a_request_is_refused_under_the_2010_text(
    csto: Scenario,
) -> None:
    case = convened(csto, T.ARMED_ATTACK, requested=False, aggression=True)
    with pytest.raises(IllegalTransition, match="at the victim's request"):
        decide_measure(
            case,
            csto,
            Measure.COLLECTIVE_FORCES,
            {},
            JAN_5 + timedelta(hours=8),
            mandate="defence",
            duration=timedelta(days=5),
        )


def test_under_the_1992_text_article_4_needs_no_request(csto: Scenario) -> None:
    june_2010 = datetime(2010, 6, 12, 12, 0, tzinfo=ALMATY)
    result = walk(csto, "KGZ", T.ARMED_ATTACK, june_2010, requested=False)
    assert not result.case.art4_amended
    assert result.case.measure is Measure.COLLECTIVE_FORCES


def test_kyrgyzstan_june_2010_unrest_gets_no_collective_forces(csto: Scenario) -> None:
    june_2010 = datetime(2010, 6, 12, 12, 0, tzinfo=ALMATY)
    result = walk(csto, "KGZ", T.INTERNAL_UNREST, june_2010, requested=True)
    assert result.case.art4_text_of == "cst_1992"
    assert result.case.measure is not Measure.COLLECTIVE_FORCES
    assert any("art4-original" in b for b in result.ruled_out[0].basis)


def test_an_armed_incursion_is_aggression_by_default_only_under_the_2010_text(
    csto: Scenario,
) -> None:
    old = open_case(csto, "KGZ", T.ARMED_INCURSION, datetime(2010, 6, 12, tzinfo=UTC))
    new = open_case(csto, "KGZ", T.ARMED_INCURSION, datetime(2013, 6, 12, tzinfo=UTC))
    assert (old.aggression, new.aggression) == (False, True)


def test_collective_forces_are_never_used_between_members(csto: Scenario) -> None:
    case = convened(csto, T.CLASH_BETWEEN_MEMBERS, requested=True, aggression=True)
    with pytest.raises(IllegalTransition, match="dispute between members"):
        decide_measure(
            case,
            csto,
            Measure.COLLECTIVE_FORCES,
            {},
            JAN_5 + timedelta(hours=8),
            mandate="separate",
            duration=timedelta(days=5),
        )
    result = walk(csto, "KGZ", T.CLASH_BETWEEN_MEMBERS, JAN_5, requested=True)
    assert result.case.measure is Measure.MONITORING_MISSION


def test_deployment_without_a_decision_is_refused(csto: Scenario) -> None:
    case = convened(csto, T.ARMED_ATTACK, requested=True, aggression=True)
    with pytest.raises(IllegalTransition, match="deployment without a Council decision"):
        deploy(case, JAN_5 + timedelta(hours=10))
    with pytest.raises(IllegalTransition, match="without a Council decision on collective"):
        order(case, JAN_5 + timedelta(hours=10))


def test_forces_need_a_mandate_and_a_duration(csto: Scenario) -> None:
    case = convened(csto, T.ARMED_ATTACK, requested=True, aggression=True)
    with pytest.raises(IllegalTransition, match="mandate and duration"):
        decide_measure(case, csto, Measure.COLLECTIVE_FORCES, {}, JAN_5 + timedelta(hours=8))


def test_steps_cannot_go_back_in_time(csto: Scenario) -> None:
    case = consult(open_case(csto, "KAZ", T.ARMED_ATTACK, JAN_5), JAN_5)
    with pytest.raises(IllegalTransition, match="precedes the previous step"):
        request(case, JAN_5 - timedelta(hours=1))


def test_a_request_cannot_skip_the_consultations(csto: Scenario) -> None:
    case = open_case(csto, "KAZ", T.ARMED_ATTACK, JAN_5)
    with pytest.raises(IllegalTransition, match="cannot move from threat to requested"):
        request(case, JAN_5)


def test_a_suspended_or_former_member_cannot_invoke_the_procedure(csto: Scenario) -> None:
    with pytest.raises(IllegalTransition, match="UZB is not a member with full rights"):
        open_case(csto, "UZB", T.ARMED_ATTACK, JAN_5)


def test_a_time_without_an_offset_is_a_usage_error(csto: Scenario) -> None:
    with pytest.raises(UsageError, match="has no timezone"):
        walk(csto, "KAZ", T.ARMED_ATTACK, datetime(2022, 1, 5, 18), requested=True)


def test_a_frozen_member_takes_the_default_frozen_position(csto: Scenario) -> None:
    result = walk(csto, "KAZ", T.ARMED_ATTACK, datetime(2025, 3, 1, tzinfo=UTC), requested=True)
    decision = result.case.steps[4].decision
    assert decision is not None and decision.adopted
    assert decision.may_join_later == ("ARM",)


def test_a_missing_timing_assumption_names_its_path() -> None:
    scenario = make_scenario()
    broken = scenario.model_copy(
        update={
            "assumptions": {
                k: v for k, v in scenario.assumptions.items() if k != "procedure_decision_delay_h"
            }
        }
    )
    with pytest.raises(ScenarioError, match=r"assumptions\.procedure_decision_delay_h"):
        walk(broken, "KAZ", T.ARMED_ATTACK, JAN_5, requested=True)


def test_a_malformed_timing_assumption_says_what_was_expected() -> None:
    scenario = make_scenario(
        assumptions={"procedure_order_delay_h": "soon", "frozen_member_default_position": "asleep"}
    )
    with pytest.raises(ScenarioError) as raised:
        walk(scenario, "KAZ", T.ARMED_ATTACK, JAN_5, requested=True)
    message = str(raised.value)
    assert "a non-negative number of hours" in message
    assert "'asleep' is not a position" in message


def test_status_is_read_on_the_day_of_the_threat() -> None:
    joined = make_scenario(histories={"KAZ": [(date(2022, 1, 6), Status.ACTIVE)]})
    with pytest.raises(IllegalTransition, match="KAZ is not a member"):
        open_case(joined, "KAZ", T.ARMED_ATTACK, JAN_5)


def test_consultations_may_meet_in_the_permanent_council_in_person(csto: Scenario) -> None:
    case = request(consult(open_case(csto, "ARM", T.ARMED_ATTACK, JAN_5), JAN_5), JAN_5)
    case = convene(case, JAN_5 + timedelta(hours=2), forum=Forum.PERMANENT_COUNCIL, remote=False)
    assert case.stage is Stage.CONVENED
    assert "Permanent Council session, in person" in case.steps[-1].explanation
    assert any("extraordinary-session" in b for b in case.steps[-1].basis)


def test_a_clash_between_members_without_a_request_ends_in_a_statement(csto: Scenario) -> None:
    result = walk(csto, "TJK", T.CLASH_BETWEEN_MEMBERS, JAN_5, requested=False)
    assert result.case.measure is Measure.STATEMENT
    assert any("joint-statement" in b for b in result.case.steps[-2].basis)
    assert [r.measure for r in result.ruled_out] == [
        Measure.COLLECTIVE_FORCES,
        Measure.MONITORING_MISSION,
        Measure.MILITARY_TECHNICAL_AID,
    ]
