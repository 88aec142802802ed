"""Each malformed scenario gets its own specific message: file, line, field path, expectation."""

import pytest

from collsec.errors import ScenarioError
from collsec.scenario import load_scenario

# (case id, overlay text, expected field path, expected words in the message, line or None)
CASES = [
    ("not-yaml", "states: [unclosed\n", None, "not valid YAML", 2),
    ("top-level-list", "- a\n- b\n", None, "top level must be a mapping", 1),
    ("empty-file", "", None, "file is empty", None),
    (
        "duplicate-key",
        "rules:\n  absent_silent_blocks: true\n  absent_silent_blocks: false\n",
        "rules.absent_silent_blocks",
        "duplicate key",
        3,
    ),
    (
        "unknown-field",
        "states:\n  AAA:\n    colour: blue\n",
        "states.AAA.colour",
        "unknown field",
        3,
    ),
    (
        "latitude-out-of-range",
        "states:\n  AAA:\n    capital: {lat: 123}\n",
        "states.AAA.capital.lat",
        "less than or equal to 90",
        3,
    ),
    (
        "population-not-a-number",
        "states:\n  AAA:\n    population: {value: many}\n",
        "states.AAA.population.value",
        "valid integer",
        3,
    ),
    (
        "unknown-status",
        "states:\n  AAA:\n    status: dormant\n",
        "states.AAA.membership.1.status",
        "'active'",
        3,
    ),
    (
        "membership-out-of-order",
        "states:\n  AAA:\n    membership+:\n      - {date: 1990-01-01, status: active, event: x, source: [ref], confidence: H}\n",
        "states.AAA.membership",
        "date order",
        None,
    ),
    (
        "bad-confidence",
        "states:\n  AAA:\n    population: {confidence: X}\n",
        "states.AAA.population.confidence",
        "'H', 'M' or 'L'",
        3,
    ),
    (
        "fact-without-provenance",
        "airfields:\n  alpha_air:\n    landings_per_hour: {value: 4, source: [], confidence: L}\n",
        "airfields.alpha_air.landings_per_hour",
        "needs a `source` or an `assumption`",
        3,
    ),
    (
        "unknown-source-id",
        "states:\n  AAA:\n    population: {source: [nowhere]}\n",
        "states.AAA.population.source.0",
        "unknown source id 'nowhere'",
        3,
    ),
    (
        "unknown-assumption",
        "aircraft:\n  heavy:\n    turnaround_h: {assumption: nope}\n",
        "aircraft.heavy.turnaround_h.assumption",
        "unknown assumption 'nope'",
        3,
    ),
    (
        "source-url-without-scheme",
        "states:\n  AAA:\n    population: {source: [{url: example.org, retrieved: 2026-01-01}]}\n",
        "states.AAA.population.source.0.url",
        "http://",
        3,
    ),
    (
        "source-without-retrieved-date",
        "states:\n  AAA:\n    population: {source: [{url: 'https://x.org'}]}\n",
        "states.AAA.population.source.0.retrieved",
        "missing required field",
        3,
    ),
    (
        "bad-state-id",
        "forces:\n  RF:\n    members: [aaa]\n",
        "forces.RF.members.0",
        "unknown state 'aaa'",
        3,
    ),
    (
        "contingent-unknown-airfield",
        "forces:\n  RF:\n    contingents+:\n      - {state: AAA, unit: u, capability: medical, personnel: {value: 1, source: [ref], confidence: M}, vehicles: {value: 1, source: [ref], confidence: M}, tonnage_t: {value: 1, source: [ref], confidence: M}, readiness_h: {value: 1, source: [ref], confidence: M}, home_airfield: nowhere, source: [ref], confidence: M}\n",
        "forces.RF.contingents.1.home_airfield",
        "unknown airfield 'nowhere'",
        4,
    ),
    (
        "unknown-capability",
        "forces:\n  RF:\n    contingents:\n      - {state: AAA, unit: u, capability: cavalry}\n",
        "forces.RF.contingents.0.capability",
        "'airborne'",
        4,
    ),
    (
        "instrument-in-force-before-signature",
        "instruments:\n  treaty:\n    in_force: 1990-01-01\n",
        "instruments.treaty",
        "in_force on or after the date signed",
        2,
    ),
    (
        "amends-unknown-instrument",
        "instruments:\n  treaty:\n    amends: the_other_one\n",
        "instruments.treaty.amends",
        "unknown instrument 'the_other_one'",
        3,
    ),
    (
        "chair-from-unknown-state",
        "chairs+:\n  - {state: ZZZ, start: 2026-01-01, source: [ref], confidence: H}\n",
        "chairs.1.state",
        "unknown state 'ZZZ'",
        2,
    ),
    (
        "term-ends-before-start",
        "secretaries_general:\n  - {state: BBB, start: 2023-01-01, end: 2022-01-01, source: [ref], confidence: H}\n",
        "secretaries_general.0.end",
        "ends before it starts",
        2,
    ),
    (
        "threshold-above-one",
        "rules:\n  procedural_threshold: 1.5\n",
        "rules.procedural_threshold",
        "less than or equal to 1",
        2,
    ),
    (
        "value-outside-own-range",
        "states:\n  AAA:\n    population: {low: 2000, high: 3000}\n",
        "states.AAA.population",
        "outside its own range",
        3,
    ),
    (
        "border-with-itself",
        "states:\n  AAA:\n    borders:\n      - {neighbour: AAA, neighbour_name: A, length_km: {value: 1, source: [ref], confidence: H}}\n",
        "states.AAA.borders.0.neighbour",
        "cannot border itself",
        4,
    ),
    (
        "fleet-of-unknown-state",
        "aircraft:\n  heavy:\n    fleet:\n      ZZZ: {value: 1, source: [ref], confidence: M}\n",
        "aircraft.heavy.fleet.ZZZ",
        "unknown state 'ZZZ'",
        4,
    ),
    (
        "missing-required-section-field",
        "bodies:\n  XX:\n    name: Lonely body\n",
        "bodies.XX.name_ru",
        "missing required field",
        2,
    ),
    ("append-to-a-mapping", "states+:\n  - x\n", "states", "appends to a list", 1),
]


@pytest.mark.parametrize(
    ("case", "text", "path", "words", "line"), CASES, ids=[c[0] for c in CASES]
)
def test_malformed_scenario_gives_its_specific_message(
    minimal, overlay, case, text, path, words, line
):
    bad = overlay(text, f"{case}.yaml")
    with pytest.raises(ScenarioError) as info:
        load_scenario([minimal, bad])
    problems = info.value.problems
    matching = [p for p in problems if words in str(p)]
    assert matching, f"no problem mentions {words!r}: {[str(p) for p in problems]}"
    if path is not None:
        matching = [p for p in matching if p.path == path] or matching
    problem = matching[0]
    assert problem.file == str(bad)
    if path is not None:
        assert problem.path == path
    if line is not None:
        assert problem.line == line


def test_there_are_at_least_twenty_distinct_malformed_cases():
    assert len({c[3] for c in CASES}) >= 20


def test_bad_set_path_names_the_available_keys(minimal):
    with pytest.raises(ScenarioError, match=r"no `QQQ` at states \(expected one of AAA, BBB\)"):
        load_scenario([minimal], ["states.QQQ.status=active"])


def test_set_without_equals_is_refused(minimal):
    with pytest.raises(ScenarioError, match="expected PATH=VALUE"):
        load_scenario([minimal], ["rules.absent_silent_blocks"])


def test_missing_scenario_path_is_named(tmp_path):
    with pytest.raises(ScenarioError, match="no such file or folder"):
        load_scenario([tmp_path / "nowhere.yaml"])


def test_setting_a_whole_section_to_a_scalar_is_a_clear_error(minimal):
    with pytest.raises(ScenarioError, match="assumptions"):
        load_scenario([minimal], ["assumptions=3"])
    with pytest.raises(ScenarioError, match="sources"):
        load_scenario([minimal], ["sources=3"])
