"""Government behaviour reads relations on the crisis's date, and reads them the right way."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from collsec.charter.measures import Measure
from collsec.scenario import Scenario
from collsec.scenario.facts import Confidence, Source
from collsec.scenario.relations import Tie, TieKind
from collsec.sim.assumptions import parameters_from
from collsec.sim.behaviour import Behaviour, affinity
from collsec.sim.crises import spec_for_crisis

SOURCE = Source(url="user:test", retrieved=date(2026, 11, 29))
START, END = date(2010, 3, 1), date(2012, 3, 1)


def tie(kind: TieKind, a: str = "KAZ", b: str = "ZZZ", end: date | None = END) -> Tie:
    return Tie(
        a=a,
        b=b,
        kind=kind,
        start=START,
        end=end,
        title="t",
        source=[SOURCE],
        confidence=Confidence.L,
    )


def with_ties(scenario: Scenario, *ties: Tie) -> Scenario:
    return scenario.model_copy(update={"relations": [*scenario.relations, *ties]})


@pytest.fixture(scope="module")
def weights(scenario):
    return parameters_from(scenario)


def test_a_tie_counts_from_its_start_not_the_day_before(scenario, weights):
    s = with_ties(scenario, tie(TieKind.ALLIANCE))
    alliance = weights.tie_weights["alliance"]
    assert affinity(s, weights, "KAZ", "ZZZ", START - timedelta(days=1)) == 0
    assert affinity(s, weights, "ZZZ", "KAZ", START) == alliance


def test_a_cooperative_tie_is_not_read_after_its_end(scenario, weights):
    s = with_ties(scenario, tie(TieKind.BASE))
    assert affinity(s, weights, "KAZ", "ZZZ", END) == weights.tie_weights["base"]
    assert affinity(s, weights, "KAZ", "ZZZ", END + timedelta(days=1)) == 0


@pytest.mark.parametrize("kind", [TieKind.CLASH, TieKind.WAR, TieKind.HOSTILITY])
def test_a_hostile_tie_lingers_for_the_memory_then_is_forgotten(scenario, weights, kind):
    s = with_ties(scenario, tie(kind))
    memory = timedelta(days=int(weights.clash_memory_years * 365.25))
    assert affinity(s, weights, "KAZ", "ZZZ", END + memory) == weights.tie_weights[kind.value] < 0
    assert affinity(s, weights, "KAZ", "ZZZ", END + memory + timedelta(days=2)) == 0


def test_an_open_tie_holds_on_any_later_date(scenario, weights):
    s = with_ties(scenario, tie(TieKind.RIVAL_BLOC, end=None))
    assert affinity(s, weights, "KAZ", "ZZZ", date(2040, 1, 1)) == weights.tie_weights["rival_bloc"]


def test_every_kind_of_tie_has_a_weight(weights):
    assert set(weights.tie_weights) == {k.value for k in TieKind}


def odds_of(scenario: Scenario, member: str, adversary: str) -> float:
    spec = spec_for_crisis(scenario, "tjk-afghan-incursion")
    spec = replace(spec, adversary=adversary)
    b = Behaviour.for_crisis(scenario, parameters_from(scenario), spec)
    forces = b.odds[Measure.COLLECTIVE_FORCES]
    return next(o.if_leader_backs for o in forces if o.member == member)


def test_a_member_hostile_to_the_adversary_backs_more_than_one_allied_with_it(scenario):
    neutral = odds_of(scenario, "KAZ", "ZZZ")
    hostile = odds_of(with_ties(scenario, tie(TieKind.HOSTILITY, end=None)), "KAZ", "ZZZ")
    allied = odds_of(with_ties(scenario, tie(TieKind.ALLIANCE, end=None)), "KAZ", "ZZZ")
    assert allied < neutral < hostile


def test_the_leader_backs_a_victim_against_a_state_it_fights(scenario):
    spec = replace(spec_for_crisis(scenario, "kaz-backed-unrest"), adversary="UKR")
    b = Behaviour.for_crisis(scenario, parameters_from(scenario), spec)
    unattributed = Behaviour.for_crisis(
        scenario, parameters_from(scenario), spec_for_crisis(scenario, "kaz-backed-unrest")
    )
    forces = Measure.COLLECTIVE_FORCES
    assert b.leader_backs[forces] > unattributed.leader_backs[forces]


def test_relations_are_read_on_the_crisis_date_not_today(scenario):
    spec = spec_for_crisis(scenario, "arm-azerbaijan-attack")
    before = replace(spec, start=spec.start.replace(year=2021))
    params = parameters_from(scenario)
    forces = Measure.COLLECTIVE_FORCES
    allied = Behaviour.for_crisis(scenario, params, spec).leader_backs[forces]
    earlier = Behaviour.for_crisis(scenario, params, before).leader_backs[forces]
    assert earlier > allied
