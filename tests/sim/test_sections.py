from datetime import date

import pytest

from collsec.errors import ScenarioError
from collsec.scenario import load_scenario
from collsec.sim.crises import catalogue, spec_for_crisis


def test_catalogue_lists_the_default_crisis_first(scenario):
    _, first = catalogue(scenario)[0]
    assert first.default
    assert first.kind == "armed_incursion" and first.victim == "TJK"


def test_catalogue_covers_every_threat_kind(scenario):
    kinds = {c.kind for _, c in catalogue(scenario)}
    assert kinds == {
        "armed_attack",
        "armed_incursion",
        "internal_unrest",
        "clash_between_members",
        "cyber_attack",
    }


def test_every_crisis_distribution_comes_from_a_source_or_assumption(scenario):
    for crisis in scenario.crises.values():
        for fact in (crisis.size, crisis.duration_days, crisis.escalation):
            assert fact.source or fact.assumption


def test_shipped_cases_include_kazakhstan_2022_and_kyrgyzstan_2010(scenario):
    ids = {c.id for c in scenario.cases}
    assert {"kaz-2022-01", "kgz-2010-06"} <= ids
    kaz = next(c for c in scenario.cases if c.id == "kaz-2022-01")
    assert kaz.observed.deployed and kaz.observed.personnel == 2030


def test_relations_are_dated_ties(scenario):
    allied = [
        t for t in scenario.relations if {t.a, t.b} == {"RUS", "AZE"} and t.kind == "alliance"
    ]
    assert allied and allied[0].start == date(2022, 2, 22)


def test_victim_override_must_be_a_state(scenario):
    from collsec.errors import UsageError

    with pytest.raises(UsageError, match="unknown state"):
        spec_for_crisis(scenario, None, "XXX")


def test_a_tie_ending_before_it_starts_is_rejected(tmp_path):
    (tmp_path / "r.yaml").write_text(
        "relations+:\n  - {a: RUS, b: CHN, kind: alliance, start: 2020-01-01, end: 2019-01-01,"
        " title: t, source: [cia_rs], confidence: L}\n"
    )
    with pytest.raises(ScenarioError, match="end on or after start"):
        load_scenario([tmp_path])
