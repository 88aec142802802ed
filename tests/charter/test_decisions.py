"""Decision rules: consensus, staying out, thresholds, who votes (R5, R6, R17, R18, R20)."""

from __future__ import annotations

from datetime import date

import pytest

from collsec.charter import Position, Question, decide, foreign_base_allowed
from collsec.charter.decisions import procedural_votes_needed
from collsec.errors import CharterError, UsageError
from collsec.scenario.models import RuleSettings, Scenario
from tests.charter.world import make_scenario

S, P = Position, Question
DAY = date(2022, 11, 23)


def test_unanimous_support_adopts_and_binds_every_voter(csto: Scenario) -> None:
    decision = decide(csto, "CSC", P.SUBSTANTIVE, {}, DAY)
    assert decision.adopted
    assert decision.bound == ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")
    assert decision.blocked_by == ()
    assert any("consensus" in b for b in decision.basis)


def test_one_objection_blocks_a_substantive_decision(csto: Scenario) -> None:
    decision = decide(csto, "CSC", P.SUBSTANTIVE, {"ARM": S.OBJECT}, DAY)
    assert not decision.adopted
    assert decision.blocked_by == ("ARM",)
    assert decision.bound == ()
    assert "ARM objected" in decision.explanation


def test_not_joining_does_not_block_and_is_not_bound(csto: Scenario) -> None:
    decision = decide(csto, "CSC", P.SUBSTANTIVE, {"ARM": S.NOT_JOINING}, DAY)
    assert decision.adopted
    assert "ARM" not in decision.bound
    assert decision.may_join_later == ("ARM",)
    assert any("staying-out" in b for b in decision.basis)


def test_absent_no_objection_never_blocks_even_when_silence_blocks() -> None:
    strict = make_scenario(RuleSettings(absent_silent_blocks=True))
    decision = decide(strict, "CSC", P.SUBSTANTIVE, {"ARM": S.ABSENT_NO_OBJECTION}, DAY)
    assert decision.adopted
    assert decision.may_join_later == ("ARM",)


@pytest.mark.parametrize(("blocks", "adopted"), [(True, False), (False, True)])
def test_absent_silent_blocks_only_when_configured(blocks: bool, adopted: bool) -> None:
    scenario = make_scenario(RuleSettings(absent_silent_blocks=blocks))
    decision = decide(scenario, "CSC", P.SUBSTANTIVE, {"BLR": S.ABSENT_SILENT}, date(2009, 6, 14))
    assert decision.adopted is adopted
    assert decision.blocked_by == (() if adopted else ("BLR",))


def test_a_decision_nobody_joins_is_not_adopted(csto: Scenario) -> None:
    everyone_out = {m: S.NOT_JOINING for m in ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")}
    decision = decide(csto, "CSC", P.SUBSTANTIVE, everyone_out, DAY)
    assert not decision.adopted
    assert decision.blocked_by == ()
    assert "no voting member joined" in decision.explanation


def test_a_suspended_member_has_no_vote(csto: Scenario) -> None:
    decision = decide(csto, "CSC", P.SUBSTANTIVE, {"UZB": S.OBJECT}, date(2013, 5, 1))
    assert decision.adopted
    assert "UZB" not in decision.voters
    assert ("UZB", "suspended") in decision.without_vote


def test_a_position_for_a_non_member_is_a_usage_error(csto: Scenario) -> None:
    with pytest.raises(UsageError, match="AZE is not a member on 2022-11-23"):
        decide(csto, "CSC", P.SUBSTANTIVE, {"AZE": S.OBJECT}, DAY)


def test_a_body_that_takes_no_votes_cannot_decide(csto: Scenario) -> None:
    with pytest.raises(CharterError, match="SEC takes no votes"):
        decide(csto, "SEC", P.SUBSTANTIVE, {}, DAY)


def test_an_unknown_body_is_named_with_the_known_ones(csto: Scenario) -> None:
    with pytest.raises(UsageError, match="unknown body 'XYZ'; known bodies: CSC, SEC"):
        decide(csto, "XYZ", P.SUBSTANTIVE, {}, DAY)


def test_a_procedural_question_passes_by_simple_majority_by_default(csto: Scenario) -> None:
    three_against = {"ARM": S.OBJECT, "BLR": S.OBJECT}
    decision = decide(csto, "CSC", P.PROCEDURAL, three_against, DAY)
    assert decision.adopted
    assert "4 of 6" in decision.explanation


def test_a_procedural_question_fails_without_a_majority(csto: Scenario) -> None:
    positions = {"ARM": S.OBJECT, "BLR": S.OBJECT, "KAZ": S.ABSENT_SILENT}
    decision = decide(csto, "CSC", P.PROCEDURAL, positions, DAY)
    assert not decision.adopted
    assert decision.blocked_by == ("ARM", "BLR")


def test_a_procedural_threshold_of_one_means_unanimity() -> None:
    scenario = make_scenario(RuleSettings(procedural_threshold=1.0))
    decision = decide(scenario, "CSC", P.PROCEDURAL, {"TJK": S.NOT_JOINING}, DAY)
    assert not decision.adopted


@pytest.mark.parametrize(
    ("threshold", "voters", "needed"),
    [(0.5, 6, 4), (0.5, 5, 3), (2 / 3, 6, 5), (0.0, 6, 1), (1.0, 6, 6)],
)
def test_procedural_votes_needed_is_more_than_the_threshold_share(
    threshold: float, voters: int, needed: int
) -> None:
    assert procedural_votes_needed(threshold, voters) == needed


def test_arrears_cost_the_vote_only_when_the_sanction_is_on() -> None:
    off = make_scenario(RuleSettings(arrears={"ARM": 2}))
    on = make_scenario(RuleSettings(arrears_sanction=True, arrears={"ARM": 2}))
    assert not decide(off, "CSC", P.SUBSTANTIVE, {"ARM": S.OBJECT}, DAY).adopted
    sanctioned = decide(on, "CSC", P.SUBSTANTIVE, {"ARM": S.OBJECT}, DAY)
    assert sanctioned.adopted
    assert ("ARM", "2 years in budget arrears") in sanctioned.without_vote
    assert any("arrears-sanction" in b for b in sanctioned.basis)


def test_arrears_below_the_sanction_threshold_keep_the_vote() -> None:
    scenario = make_scenario(RuleSettings(arrears_sanction=True, arrears={"ARM": 1}))
    assert not decide(scenario, "CSC", P.SUBSTANTIVE, {"ARM": S.OBJECT}, DAY).adopted


def test_decision_to_dict_has_the_cli_contract_keys(csto: Scenario) -> None:
    data = decide(csto, "CSC", P.SUBSTANTIVE, {"ARM": S.OBJECT}, DAY).to_dict()
    assert {"adopted", "blocked_by", "bound", "basis", "explanation"} <= set(data)
    assert data["blocked_by"] == ["ARM"]


def test_a_foreign_base_needs_every_members_consent(csto: Scenario) -> None:
    refused = foreign_base_allowed(csto, "KGZ", date(2012, 3, 1), {"RUS": S.OBJECT})
    assert not refused.adopted
    assert refused.blocked_by == ("RUS",)
    allowed = foreign_base_allowed(csto, "KGZ", date(2012, 3, 1), {"ARM": S.ABSENT_SILENT})
    assert allowed.adopted


def test_a_foreign_base_that_existed_before_2011_needs_no_consent(csto: Scenario) -> None:
    existing = foreign_base_allowed(
        csto, "KGZ", date(2014, 3, 1), {"RUS": S.OBJECT}, existed_before=True
    )
    assert existing.adopted
    before_rule = foreign_base_allowed(csto, "KGZ", date(2011, 12, 19), {"RUS": S.OBJECT})
    assert before_rule.adopted
    assert "20 Dec 2011" in before_rule.explanation
