"""The procedural precedents on the embedded CSTO scenario (issue 2, section 5)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from collsec.charter import (
    Measure,
    Position,
    Question,
    Stage,
    ThreatKind,
    article_in_force,
    chair_on,
    decide,
    members_on,
    secretary_general_on,
    suspend,
    walk,
)
from collsec.charter.law import treaty_id
from collsec.scenario import load_scenario
from collsec.scenario.models import Scenario, Status

S, Q = Position, Question


@pytest.fixture(scope="module")
def embedded() -> Scenario:
    return load_scenario()


@pytest.mark.parametrize(("blocks", "adopted"), [(False, True), (True, False)])
def test_belarus_2009_boycott_under_both_settings(blocks: bool, adopted: bool) -> None:
    scenario = load_scenario(sets=[f"rules.absent_silent_blocks={str(blocks).lower()}"])
    decision = decide(scenario, "CSC", Q.SUBSTANTIVE, {"BLR": S.ABSENT_SILENT}, date(2009, 6, 14))
    assert decision.adopted is adopted
    if adopted:
        assert "BLR" in decision.may_join_later and "BLR" not in decision.bound
    else:
        assert decision.blocked_by == ("BLR",)


def test_one_objection_blocks_in_yerevan_november_2022(embedded: Scenario) -> None:
    day = date(2022, 11, 23)
    declaration = decide(embedded, "CSC", Q.SUBSTANTIVE, {"ARM": S.OBJECT}, day)
    assert not declaration.adopted and declaration.blocked_by == ("ARM",)
    other_items = decide(embedded, "CSC", Q.SUBSTANTIVE, {}, day)
    assert other_items.adopted


def test_an_absent_member_does_not_block_and_may_join_later_minsk_2023(
    embedded: Scenario,
) -> None:
    decision = decide(embedded, "CSC", Q.SUBSTANTIVE, {"ARM": S.ABSENT_SILENT}, date(2023, 11, 23))
    assert decision.adopted
    assert decision.may_join_later == ("ARM",)
    assert "ARM" not in decision.bound


def test_uzbekistan_was_suspended_in_december_2012(embedded: Scenario) -> None:
    assert embedded.states["UZB"].status_on(date(2012, 12, 19)) is Status.SUSPENDED
    transition = suspend(
        embedded, "UZB", date(2012, 12, 19), on_request=True, requested_on=date(2012, 6, 28)
    )
    assert transition.from_status is Status.ACTIVE
    assert "UZB" not in {m.id for m in members_on(embedded, date(2013, 1, 1))}


def test_the_kazakhstan_january_2022_sequence(embedded: Scenario) -> None:
    almaty = timezone(timedelta(hours=6))
    result = walk(
        embedded,
        "KAZ",
        ThreatKind.INTERNAL_UNREST,
        datetime(2022, 1, 5, 18, 0, tzinfo=almaty),
        requested=True,
        characterised_as_aggression=True,
    )
    at = {step.stage: step.at for step in result.steps}
    assert result.case.measure is Measure.COLLECTIVE_FORCES
    assert result.chair == "ARM"
    assert at[Stage.DECIDED].date() == date(2022, 1, 6)
    assert at[Stage.DEPLOYED].date() == date(2022, 1, 6)
    assert at[Stage.MISSION_COMPLETE].date() == date(2022, 1, 11)
    assert at[Stage.WITHDRAWING].date() == date(2022, 1, 13)
    assert at[Stage.CLOSED].date() == date(2022, 1, 19)


@pytest.mark.parametrize(
    ("year", "state"),
    [(2022, "ARM"), (2023, "BLR"), (2024, "KAZ"), (2025, "KGZ"), (2026, "RUS")],
)
def test_recorded_chairs_armenia_2022_to_russia_2026(
    embedded: Scenario, year: int, state: str
) -> None:
    holder = chair_on(embedded, date(year, 6, 1))
    assert (holder.state, holder.computed) == (state, False)


def test_tajikistan_chairs_in_2027_by_the_rule(embedded: Scenario) -> None:
    holder = chair_on(embedded, date(2027, 6, 1))
    assert (holder.state, holder.computed) == ("TJK", True)


def test_masadykov_is_secretary_general_in_2026(embedded: Scenario) -> None:
    holder = secretary_general_on(embedded, date(2026, 2, 3))
    assert (holder.state, holder.computed) == ("KGZ", False)


def test_kyrgyzstan_june_2010_falls_under_the_old_text(embedded: Scenario) -> None:
    text = article_in_force(embedded, treaty_id(embedded), "4", date(2010, 6, 12))
    assert not text.amended
    result = walk(
        embedded,
        "KGZ",
        ThreatKind.INTERNAL_UNREST,
        datetime(2010, 6, 12, 12, 0, tzinfo=timezone(timedelta(hours=6))),
        requested=True,
    )
    assert not result.case.art4_amended
    assert result.case.measure is not Measure.COLLECTIVE_FORCES
