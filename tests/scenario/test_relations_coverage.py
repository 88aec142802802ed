"""The relations section covers every party against every state in scope, by rule."""

import pytest

from collsec.errors import ScenarioError
from collsec.scenario import load_scenario
from collsec.scenario.relations import TieKind, coverage_problems, scope_of

PARTIES = {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
NEIGHBOURS = {"AFG", "CHN", "EST", "FIN", "IRN", "LTU", "LVA", "MNG", "NOR", "POL", "PRK", "TKM"}
NEIGHBOURS |= {"TUR", "UKR"}


@pytest.fixture(scope="module")
def csto():
    return load_scenario()


def test_the_scope_is_the_parties_their_neighbours_and_those_they_fought(csto):
    members, in_scope = scope_of(csto)
    assert members == PARTIES
    assert in_scope == PARTIES | NEIGHBOURS | {"USA", "JPN", "MDA"}


def test_every_party_pair_in_scope_is_tied_or_recorded_neutral(csto):
    assert coverage_problems(csto) == []


def test_every_tie_and_every_neutral_record_names_states_in_scope(csto):
    _, in_scope = scope_of(csto)
    outside = {s for t in csto.relations for s in (t.a, t.b)} - in_scope
    assert outside == set()
    assert csto.relations_scope is not None
    assert all(entry.reasoning for entry in csto.relations_scope.none)


def test_every_tie_has_a_dated_source(csto):
    assert all(t.source and all(s.retrieved for s in t.source) for t in csto.relations)


def test_a_pair_neither_tied_nor_neutral_is_a_load_error(overlay):
    path = overlay("relations_scope:\n  none: []\n")
    with pytest.raises(ScenarioError, match="no relation recorded between ARM and GEO"):
        load_scenario([path])


def test_a_neutral_record_that_contradicts_a_tie_is_rejected(overlay):
    path = overlay(
        "relations_scope:\n  none+:\n    - {members: [RUS], states: [CHN], reasoning: wrong}\n"
    )
    with pytest.raises(ScenarioError, match="RUS-CHN is recorded as neutral but has ties"):
        load_scenario([path])


def test_a_state_a_party_fought_enters_the_scope(overlay):
    path = overlay(
        "relations+:\n"
        "  - {a: KAZ, b: IND, kind: clash, start: 2020-01-01, end: 2020-01-02, title: t,"
        " source: [cia_kz], confidence: L}\n"
    )
    with pytest.raises(ScenarioError) as err:
        load_scenario([path])
    gaps = {p.message for p in err.value.problems}
    assert "no relation recorded between RUS and IND" in gaps
    assert not any("KAZ and IND" in g for g in gaps)


def test_a_neutral_record_must_cover_a_former_party_s_membership(overlay):
    path = overlay(
        "relations_scope:\n  none+:\n"
        "    - {members: [UZB], states: [MNG], until: 2000-01-01, reasoning: too short}\n"
    )
    with pytest.raises(ScenarioError, match="ends before UZB's last membership event"):
        load_scenario([path])


def test_a_what_if_status_adds_no_history_to_cover():
    scenario = load_scenario(sets=["states.UZB.status=active"])
    assert coverage_problems(scenario) == []


def test_a_scenario_without_a_scope_is_not_checked(overlay):
    scenario = load_scenario([overlay("relations_scope: null\nrelations: []\n")])
    assert coverage_problems(scenario) == []


def test_hostility_is_a_kind_of_tie(csto):
    hostile = {(t.a, t.b) for t in csto.relations if t.kind is TieKind.HOSTILITY}
    assert ("ARM", "TUR") in hostile and ("TJK", "AFG") in hostile
