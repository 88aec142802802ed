import json
from pathlib import Path

import pytest

from collsec.errors import UsageError
from collsec.exercises.contingency import (
    ContingencyBook,
    build_contingency_plans,
    load_contingency_plans,
)
from collsec.exercises.threats import risk_register
from collsec.scenario import Scenario


@pytest.fixture(scope="module")
def book(scenario: Scenario) -> ContingencyBook:
    return build_contingency_plans(scenario)


def test_every_likely_crisis_gets_a_plan(scenario: Scenario, book: ContingencyBook) -> None:
    threshold = scenario.assumptions["contingency_likelihood_threshold"].value
    likely = {(r.kind, r.victim) for r in risk_register(scenario).rows if r.likelihood >= threshold}
    assert {(p.kind, p.victim) for p in book.plans} == likely


def test_the_victim_sends_nothing_and_lands_troops_in_its_territory(
    scenario: Scenario, book: ContingencyBook
) -> None:
    plan = book.find("armed_incursion", "TJK")
    assert plan is not None
    assert "TJK" not in plan.senders
    assert plan.destination is not None
    assert scenario.airfields[plan.destination].state == "TJK"
    assert plan.arrivals and all(s in plan.senders for _, _, s in plan.arrivals)


def test_a_frozen_member_is_not_planned_as_a_sender(book: ContingencyBook) -> None:
    assert all("ARM" not in p.senders for p in book.plans)


def test_arrivals_for_keep_only_the_states_that_send(book: ContingencyBook) -> None:
    plan = book.find("armed_incursion", "TJK")
    assert plan is not None
    only = plan.arrivals_for(["RUS"])
    assert only and {s for _, _, s in only} == {"RUS"}


def test_the_artefact_round_trips_with_its_version(book: ContingencyBook, tmp_path: Path) -> None:
    path = tmp_path / "plans.json"
    book.write(path)
    again = load_contingency_plans(path)
    assert again.version == book.version
    assert again.plans == book.plans


def test_same_scenario_same_version(scenario: Scenario, book: ContingencyBook) -> None:
    assert build_contingency_plans(scenario).version == book.version


def test_an_edited_artefact_is_refused(book: ContingencyBook, tmp_path: Path) -> None:
    path = tmp_path / "plans.json"
    book.write(path)
    data = json.loads(path.read_text())
    data["decision_h"] = 1.0
    path.write_text(json.dumps(data))
    with pytest.raises(UsageError, match="version"):
        load_contingency_plans(path)


def test_a_file_that_is_not_an_artefact_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text("{}")
    with pytest.raises(UsageError, match="format"):
        load_contingency_plans(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        load_contingency_plans(tmp_path / "absent.json")


def test_a_higher_threshold_plans_fewer_crises(scenario: Scenario, book: ContingencyBook) -> None:
    assert len(build_contingency_plans(scenario, threshold=0.25).plans) < len(book.plans)
