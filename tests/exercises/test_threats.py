import datetime as dt

import numpy as np
import pytest

from collsec.errors import ScenarioError
from collsec.exercises.threats import draw_threat, risk_register
from collsec.scenario import Scenario, load_scenario


def _row(scenario: Scenario, kind: str, victim: str):  # type: ignore[no-untyped-def]
    register = risk_register(scenario)
    return next(r for r in register.rows if r.kind == kind and r.victim == victim)


def test_alliance_likelihood_is_the_mean_of_the_counted_members(scenario: Scenario) -> None:
    row = _row(scenario, "armed_incursion", "TJK")
    counted = [v.likelihood for v in row.views.values() if v.weight > 0]
    assert row.likelihood == pytest.approx(sum(counted) / len(counted))
    assert row.risk == pytest.approx(row.likelihood * row.impact)


def test_a_frozen_member_is_shown_but_not_counted(scenario: Scenario) -> None:
    row = _row(scenario, "armed_attack", "ARM")
    assert row.views["ARM"].weight == 0.0
    assert row.likelihood < row.views["ARM"].likelihood


def test_before_the_freeze_armenia_counts() -> None:
    scenario = load_scenario()
    register = risk_register(scenario, dt.date(2023, 6, 1))
    row = next(r for r in register.rows if r.kind == "armed_attack" and r.victim == "ARM")
    assert row.views["ARM"].weight == 1.0


def test_spread_shows_where_members_disagree(scenario: Scenario) -> None:
    row = _row(scenario, "cyber_attack", "BLR")
    counted = [v.likelihood for v in row.views.values() if v.weight > 0]
    assert row.spread == pytest.approx(max(counted) - min(counted))
    assert row.spread > 0


def test_rows_come_by_descending_risk(scenario: Scenario) -> None:
    risks = [r.risk for r in risk_register(scenario).rows]
    assert risks == sorted(risks, reverse=True)


def test_each_row_names_a_crisis_of_its_kind(scenario: Scenario) -> None:
    for row in risk_register(scenario).rows:
        assert row.crisis is not None
        assert scenario.crises[row.crisis].kind == row.kind


def test_same_seed_same_draws(scenario: Scenario) -> None:
    register = risk_register(scenario)
    a = [draw_threat(register, np.random.default_rng(7)) for _ in range(3)]
    b = [draw_threat(register, np.random.default_rng(7)) for _ in range(3)]
    assert a == b


def test_draws_follow_the_alliance_likelihoods(scenario: Scenario) -> None:
    register = risk_register(scenario)
    rng = np.random.default_rng(2026)
    n = 4000
    counts: dict[tuple[str, str], int] = {}
    for _ in range(n):
        d = draw_threat(register, rng)
        counts[d.kind, d.victim] = counts.get((d.kind, d.victim), 0) + 1
    total = sum(r.likelihood for r in register.rows)
    top = register.rows[0]
    expected = top.likelihood / total
    assert counts[top.kind, top.victim] / n == pytest.approx(expected, abs=0.03)


def test_an_unknown_victim_is_reported_with_its_path() -> None:
    bad = load_scenario(
        [],
        [
            "assumptions.threat_assessment_RUS.value=[{kind: armed_attack, victim: XYZ, "
            "likelihood: 0.1, impact: 2}]"
        ],
    )
    with pytest.raises(ScenarioError, match=r"threat_assessments\.RUS\.entries\.value\.0\.victim"):
        risk_register(bad)


def test_a_likelihood_outside_the_unit_interval_is_refused() -> None:
    with pytest.raises(ScenarioError, match="likelihood"):
        load_scenario(
            [],
            [
                "assumptions.threat_assessment_RUS.value=[{kind: armed_attack, victim: BLR, "
                "likelihood: 1.5, impact: 2}]"
            ],
        )
