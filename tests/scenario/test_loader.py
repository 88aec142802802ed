from datetime import date

from collsec.scenario import Status, load_scenario


def test_minimal_world_loads_as_a_full_scenario(minimal):
    s = load_scenario([minimal])
    assert s.name == "minimal"
    assert sorted(s.states) == ["AAA", "BBB"]


def test_assumption_reference_takes_the_assumption_value(minimal):
    s = load_scenario([minimal])
    readiness = s.forces["RF"].contingents[0].readiness_h
    assert readiness.value == 24
    assert readiness.assumption == "readiness_h"


def test_set_on_an_assumption_flows_into_every_fact_that_uses_it(minimal):
    s = load_scenario([minimal], ["assumptions.readiness_h=6"])
    assert s.forces["RF"].contingents[0].readiness_h.value == 6


def test_source_ids_resolve_to_the_registry_entry(minimal):
    s = load_scenario([minimal])
    assert s.states["AAA"].population.source[0].url == "https://example.org/reference"


def test_status_what_if_applies_from_as_of_on(minimal):
    s = load_scenario([minimal], ["states.AAA.status=withdrawn"])
    state = s.states["AAA"]
    assert state.status_on(date(2026, 2, 2)) is Status.ACTIVE
    assert state.status_on(s.as_of) is Status.WITHDRAWN
    assert state.membership[-1].source[0].url == "user:what-if"


def test_status_what_if_with_a_date_drops_later_recorded_events(minimal, overlay):
    path = overlay("states:\n  AAA:\n    status: {value: suspended, from: 2000-01-01}\n")
    s = load_scenario([minimal, path])
    assert s.states["AAA"].status_on(date(1999, 12, 31)) is Status.ACTIVE
    assert s.states["AAA"].status_on(date(2026, 1, 1)) is Status.SUSPENDED


def test_set_on_a_fact_replaces_its_value_and_marks_the_source(minimal):
    s = load_scenario([minimal], ["states.BBB.population.value=5"])
    assert s.states["BBB"].population.value == 5
    s = load_scenario([minimal], ["states.BBB.population=7"])
    fact = s.states["BBB"].population
    assert fact.value == 7
    assert fact.source[0].url.startswith("user:--set")


def test_set_on_a_rule_setting(minimal):
    s = load_scenario(
        [minimal], ["rules.absent_silent_blocks=true", "rules.procedural_threshold=0.6"]
    )
    assert s.rules.absent_silent_blocks is True
    assert s.rules.procedural_threshold == 0.6


def test_overlay_adds_a_new_state(minimal, overlay):
    path = overlay(
        """
states:
  CCC:
    name: Gammaland
    name_ru: Гамма
    capital: {name: G, lat: 1, lon: 2, source: [ref], confidence: M}
    population: {value: 10, source: [ref], confidence: M}
    population_year: 2025
    gdp_usd: {value: 1.0, source: [ref], confidence: M}
    gdp_year: 2024
    membership:
      - {date: 2026-01-01, status: active, event: admitted, source: [ref], confidence: L}
"""
    )
    s = load_scenario([minimal, path])
    assert s.states["CCC"].status_on(s.as_of) is Status.ACTIVE
    assert s.states["AAA"].name == "Alphaland"


def test_overlay_appends_to_a_list_with_plus(minimal, overlay):
    path = overlay(
        "history+:\n  - {date: 2000-01-01, kind: summit, title: A summit, source: [ref], confidence: M}\n"
    )
    s = load_scenario([minimal, path])
    assert [e.title for e in s.history] == ["Treaty signed", "A summit"]


def test_overlay_list_without_plus_replaces(minimal, overlay):
    path = overlay(
        "history:\n  - {date: 2000-01-01, kind: summit, title: Only, source: [ref], confidence: M}\n"
    )
    assert [e.title for e in load_scenario([minimal, path]).history] == ["Only"]


def test_overlay_changes_one_field_and_keeps_the_rest(minimal, overlay):
    path = overlay("states:\n  AAA:\n    name: Alpha Republic\n")
    s = load_scenario([minimal, path])
    assert s.states["AAA"].name == "Alpha Republic"
    assert s.states["AAA"].population.value == 1000


def test_a_folder_of_files_merges_in_name_order(tmp_path, minimal):
    (tmp_path / "a.yaml").write_text("states:\n  AAA:\n    name: First\n")
    (tmp_path / "b.yaml").write_text("states:\n  AAA:\n    name: Second\n")
    assert load_scenario([minimal, tmp_path]).states["AAA"].name == "Second"


def test_an_overlay_never_leaks_into_the_next_load_of_the_same_files(minimal, overlay):
    changed = overlay("states:\n  AAA:\n    name: Changed\n")
    assert load_scenario([minimal, changed]).states["AAA"].name == "Changed"
    assert load_scenario([minimal]).states["AAA"].name == "Alphaland"


def test_a_file_edited_on_disk_is_read_again(minimal, overlay):
    path = overlay("states:\n  AAA:\n    name: First\n")
    assert load_scenario([minimal, path]).states["AAA"].name == "First"
    path.write_text("states:\n  AAA:\n    name: Second edit\n")
    assert load_scenario([minimal, path]).states["AAA"].name == "Second edit"
