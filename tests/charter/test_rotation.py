"""Rotating offices: recorded holders first, then the rule (research R10, R14)."""

from __future__ import annotations

from datetime import date

import pytest

from collsec.charter import chair_on, secretary_general_on
from collsec.charter.rotation import rotation_order, russian_alphabetical_key
from collsec.errors import CharterError
from collsec.scenario.models import RuleSettings, Scenario, Status
from tests.charter.world import make_scenario


@pytest.mark.parametrize(
    ("year", "state"),
    [(2022, "ARM"), (2023, "BLR"), (2024, "KAZ"), (2025, "KGZ"), (2026, "RUS")],
)
def test_recorded_chairs_come_from_the_data(csto: Scenario, year: int, state: str) -> None:
    holder = chair_on(csto, date(year, 6, 1))
    assert holder.state == state
    assert not holder.computed


def test_russia_chaired_in_2009_after_belaruss_boycott(csto: Scenario) -> None:
    assert chair_on(csto, date(2009, 11, 1)).state == "RUS"


def test_the_rule_computes_tajikistan_for_2027_then_armenia(csto: Scenario) -> None:
    chair_2027 = chair_on(csto, date(2027, 3, 1))
    assert (chair_2027.state, chair_2027.computed) == ("TJK", True)
    assert (chair_2027.start, chair_2027.end) == (date(2027, 1, 1), date(2027, 12, 31))
    assert chair_on(csto, date(2028, 3, 1)).state == "ARM"
    assert chair_on(csto, date(2029, 3, 1)).state == "BLR"


def test_a_frozen_member_is_skipped_only_when_configured() -> None:
    skipping = make_scenario(RuleSettings(skip_frozen_in_rotation=True))
    assert chair_on(skipping, date(2028, 3, 1)).state == "BLR"


def test_a_chair_of_a_member_that_left_passes_to_the_next_member() -> None:
    gone = make_scenario(
        histories={
            "TJK": [(date(1992, 5, 15), Status.ACTIVE), (date(2026, 6, 1), Status.WITHDRAWN)]
        }
    )
    assert chair_on(gone, date(2027, 3, 1)).state == "ARM"


def test_a_gap_between_records_is_filled_by_the_rule(csto: Scenario) -> None:
    kazakhstan = chair_on(csto, date(2012, 6, 1))
    assert (kazakhstan.state, kazakhstan.end) == ("KAZ", date(2012, 12, 31))
    assert (chair_on(csto, date(2013, 6, 1)).state, chair_on(csto, date(2013, 6, 1)).computed) == (
        "KGZ",
        True,
    )
    russia = chair_on(csto, date(2014, 6, 1))
    assert (russia.state, russia.end) == ("RUS", date(2014, 12, 22))
    assert chair_on(csto, date(2015, 1, 1)).state == "TJK"


def test_no_chair_is_computed_before_the_first_record(csto: Scenario) -> None:
    with pytest.raises(CharterError, match="no chair is recorded before 2000-01-01"):
        chair_on(csto, date(2000, 1, 1))


def test_the_secretary_general_serves_three_year_terms_in_the_same_order(csto: Scenario) -> None:
    assert secretary_general_on(csto, date(2027, 6, 1)).state == "KGZ"
    computed = secretary_general_on(csto, date(2029, 1, 1))
    assert (computed.state, computed.computed) == ("RUS", True)
    assert computed.end == date(2031, 12, 31)
    assert secretary_general_on(csto, date(2032, 1, 1)).state == "TJK"


def test_russian_alphabetical_order_of_the_members(csto: Scenario) -> None:
    assert rotation_order(csto, date(2026, 2, 3)) == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def test_yo_sorts_after_ye_and_before_zhe() -> None:
    names = ["Жа", "Ёа", "Еб"]
    assert sorted(names, key=russian_alphabetical_key) == ["Еб", "Ёа", "Жа"]
