"""The text in force on a date (research R22, R23, R29)."""

from __future__ import annotations

from datetime import date

import pytest

from collsec.charter import article_in_force, in_force
from collsec.errors import CharterError, UsageError
from collsec.scenario.models import Scenario


def test_kyrgyzstan_june_2010_falls_under_the_1992_text_of_article_4(csto: Scenario) -> None:
    text = article_in_force(csto, "cst_1992", "4", date(2010, 6, 12))
    assert not text.amended
    assert text.text_of == "cst_1992"
    assert text.since == date(1994, 4, 20)


def test_the_2010_text_of_article_4_applies_from_19_december_2012(csto: Scenario) -> None:
    assert not article_in_force(csto, "cst_1992", "4", date(2012, 12, 18)).amended
    text = article_in_force(csto, "cst_1992", "4", date(2012, 12, 19))
    assert text.amended
    assert text.text_of == "cst_protocol_2010"
    assert "request" in text.title


def test_an_article_no_protocol_amends_keeps_its_original_text(csto: Scenario) -> None:
    text = article_in_force(csto, "cst_1992", "1", date(2022, 1, 5))
    assert text.text_of == "cst_1992"


def test_no_text_applies_before_the_treaty_enters_into_force(csto: Scenario) -> None:
    with pytest.raises(CharterError, match="not in force on 1993-01-01"):
        article_in_force(csto, "cst_1992", "4", date(1993, 1, 1))


def test_an_article_the_instrument_lacks_is_a_usage_error(csto: Scenario) -> None:
    with pytest.raises(UsageError, match="no article '99'"):
        article_in_force(csto, "cst_1992", "99", date(2022, 1, 5))


def test_a_replaced_regulation_is_no_longer_in_force(csto: Scenario) -> None:
    assert in_force(csto, "crisis_regulation_2010", date(2022, 1, 5))
    assert not in_force(csto, "crisis_regulation_2010", date(2023, 11, 23))
    assert in_force(csto, "crisis_regulation_2023", date(2023, 11, 23))


def test_an_instrument_is_not_in_force_before_its_date(csto: Scenario) -> None:
    assert not in_force(csto, "cst_protocol_2010", date(2011, 1, 1))
    assert in_force(csto, "charter_2002", date(2003, 9, 18))


def test_an_unknown_instrument_lists_the_known_ones(csto: Scenario) -> None:
    with pytest.raises(UsageError, match="unknown instrument 'nato'; known: charter_2002"):
        in_force(csto, "nato", date(2022, 1, 5))
