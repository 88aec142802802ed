"""Invariants of the decision rule, checked with hypothesis (issue 2, section 5)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from collsec.charter import Position, Question, decide
from collsec.scenario.models import RuleSettings
from tests.charter.world import make_scenario

MEMBERS = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")
DAY = date(2014, 6, 1)  # UZB is suspended on this date
SCENARIOS = {
    (blocks, threshold): make_scenario(
        RuleSettings(absent_silent_blocks=blocks, procedural_threshold=threshold)
    )
    for blocks in (False, True)
    for threshold in (0.0, 0.5, 2 / 3, 1.0)
}

positions_maps = st.dictionaries(st.sampled_from(MEMBERS), st.sampled_from(list(Position)))
configs = st.sampled_from(sorted(SCENARIOS))
questions = st.sampled_from(list(Question))


@settings(max_examples=150, deadline=None)
@given(positions=positions_maps, config=configs, question=questions, data=st.data())
def test_the_order_of_positions_never_matters(
    positions: dict[str, Position],
    config: tuple[bool, float],
    question: Question,
    data: st.DataObject,
) -> None:
    scenario = SCENARIOS[config]
    shuffled = dict(data.draw(st.permutations(list(positions.items()))))
    assert decide(scenario, "CSC", question, positions, DAY) == decide(
        scenario, "CSC", question, shuffled, DAY
    )


@settings(max_examples=150, deadline=None)
@given(positions=positions_maps, config=configs, question=questions, data=st.data())
def test_turning_an_objection_into_support_never_unadopts(
    positions: dict[str, Position],
    config: tuple[bool, float],
    question: Question,
    data: st.DataObject,
) -> None:
    scenario = SCENARIOS[config]
    before = decide(scenario, "CSC", question, positions, DAY)
    objectors = [m for m, p in positions.items() if p is Position.OBJECT]
    if not before.adopted or not objectors:
        return
    flipped = dict(positions)
    flipped[data.draw(st.sampled_from(objectors))] = Position.SUPPORT
    assert decide(scenario, "CSC", question, flipped, DAY).adopted


@settings(max_examples=150, deadline=None)
@given(positions=positions_maps, config=configs, question=questions, data=st.data())
def test_turning_every_objection_into_support_never_unadopts(
    positions: dict[str, Position],
    config: tuple[bool, float],
    question: Question,
    data: st.DataObject,
) -> None:
    scenario = SCENARIOS[config]
    flipped = {m: (Position.SUPPORT if p is Position.OBJECT else p) for m, p in positions.items()}
    if decide(scenario, "CSC", question, positions, DAY).adopted:
        assert decide(scenario, "CSC", question, flipped, DAY).adopted


@settings(max_examples=150, deadline=None)
@given(
    positions=positions_maps,
    config=configs,
    question=questions,
    suspended=st.sampled_from(list(Position)),
)
def test_a_suspended_members_position_never_changes_an_outcome(
    positions: dict[str, Position],
    config: tuple[bool, float],
    question: Question,
    suspended: Position,
) -> None:
    scenario = SCENARIOS[config]
    without = decide(scenario, "CSC", question, positions, DAY)
    with_uzb = decide(scenario, "CSC", question, {**positions, "UZB": suspended}, DAY)
    assert with_uzb == without
