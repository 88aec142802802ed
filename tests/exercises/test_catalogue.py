import datetime as dt

import pytest

from collsec.errors import ScenarioError
from collsec.exercises.catalogue import edition_participation, participations
from collsec.exercises.parameters import InteropParameters
from collsec.scenario import Scenario, load_scenario
from collsec.scenario.exercises import EditionStatus, ExerciseKind

SERIES = {
    "interaction",
    "search",
    "echelon",
    "rubezh",
    "indestructible_brotherhood",
    "cobalt",
    "thunder",
    "barrier",
    "rock",
    "air_bridge",
}


def test_catalogue_holds_every_named_series_and_the_umbrella(scenario: Scenario) -> None:
    catalogue = scenario.exercises.catalogue
    assert set(catalogue) == SERIES | {"combat_brotherhood"}
    assert catalogue["combat_brotherhood"].kind is ExerciseKind.UMBRELLA


def test_vostok_is_not_a_csto_exercise(scenario: Scenario) -> None:
    names = [s.name.lower() for s in scenario.exercises.catalogue.values()]
    titles = [e.title.lower() for e in scenario.exercises.editions.values()]
    assert not any("vostok" in n for n in names + titles)


def test_every_year_2018_to_2026_has_an_edition(scenario: Scenario) -> None:
    years = {e.year for e in scenario.exercises.editions.values()}
    assert set(range(2018, 2027)) <= years


def test_every_edition_and_series_has_a_source(scenario: Scenario) -> None:
    for record in [*scenario.exercises.catalogue.values(), *scenario.exercises.editions.values()]:
        assert record.source and all(s.url.startswith("http") for s in record.source)


def test_called_off_editions_keep_their_status(scenario: Scenario) -> None:
    editions = scenario.exercises.editions
    assert editions["interaction_2020"].status is EditionStatus.POSTPONED
    assert editions["indestructible_brotherhood_2022"].status is EditionStatus.CANCELLED


def test_unknown_rosters_stay_empty_with_the_gap_noted(scenario: Scenario) -> None:
    ib_2023 = scenario.exercises.editions["indestructible_brotherhood_2023"]
    assert ib_2023.participants is None
    assert any("participants" in gap for gap in ib_2023.gaps)


def test_armenia_absent_from_every_roster_after_cobalt_2022(scenario: Scenario) -> None:
    for edition in scenario.exercises.editions.values():
        after = edition.start is None or edition.start > dt.date(2022, 8, 5)
        if edition.year >= 2022 and after and edition.participants is not None:
            assert "ARM" not in edition.participants


def test_cancelled_edition_trains_nobody(scenario: Scenario) -> None:
    params = InteropParameters.from_scenario(scenario)
    edition = scenario.exercises.editions["indestructible_brotherhood_2022"]
    assert edition_participation(scenario, "x", edition, params) is None


def test_unknown_roster_is_the_eligible_active_members_at_a_discount(scenario: Scenario) -> None:
    params = InteropParameters.from_scenario(scenario)
    edition = scenario.exercises.editions["indestructible_brotherhood_2023"]
    known = scenario.exercises.editions["indestructible_brotherhood_2018"]
    found = edition_participation(scenario, "ib23", edition, params)
    full = edition_participation(scenario, "ib18", known, params)
    assert found is not None and full is not None
    assert "ARM" not in found.states
    assert dict(found.weights)["peacekeeping"] < dict(full.weights)["peacekeeping"]


def test_participations_come_in_date_order(scenario: Scenario) -> None:
    days = [p.day for p in participations(scenario, InteropParameters.from_scenario(scenario))]
    assert days == sorted(days)
    assert days[0] >= dt.date(2018, 1, 1)


def test_an_unknown_host_is_reported_with_its_path() -> None:
    bad = load_scenario([], ["exercises.editions.rubezh_2024.hosts=[XYZ]"])
    with pytest.raises(ScenarioError) as err:
        list(participations(bad, InteropParameters.from_scenario(bad)))
    assert "exercises.editions.rubezh_2024.hosts.0" in str(err.value)


def test_a_bad_assumption_names_itself() -> None:
    bad = load_scenario([], ["assumptions.interop_half_life_years=-1"])
    with pytest.raises(ScenarioError) as err:
        InteropParameters.from_scenario(bad)
    assert "assumptions.interop_half_life_years" in str(err.value)
