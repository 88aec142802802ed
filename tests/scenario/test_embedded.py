"""The embedded CSTO scenario: valid, and every fact carries its provenance."""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel

from collsec.scenario import Fact, Record, Scenario, Status, load_scenario


@pytest.fixture(scope="module")
def csto() -> Scenario:
    return load_scenario()


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk(getattr(node, name), f"{path}.{name}".lstrip("."))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}".lstrip("."))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}.{i}".lstrip("."))


def test_every_record_and_fact_carries_a_source_or_an_assumption(csto):
    missing = []
    for path, node in _walk(csto):
        if isinstance(node, Record) and not node.source:
            missing.append(path)
        if isinstance(node, Fact) and not node.source and node.assumption is None:
            missing.append(path)
    assert missing == []


def test_every_source_has_an_address_and_a_retrieval_date(csto):
    for path, node in _walk(csto):
        if isinstance(node, Fact | Record):
            for source in node.source:
                assert source.url.startswith(("http://", "https://", "pypi:")), path
                assert isinstance(source.retrieved, date), path


def test_every_assumption_explains_itself_and_is_used_or_documented(csto):
    for name, assumption in csto.assumptions.items():
        assert len(assumption.reasoning.split()) >= 5, f"assumption {name} needs reasoning"


def test_the_default_world_is_dated_the_last_day_the_research_covers(csto):
    assert csto.as_of == date(2026, 2, 3)


def test_six_members_with_armenia_frozen_by_its_own_declaration(csto):
    statuses = {sid: st.status_on(csto.as_of) for sid, st in csto.states.items()}
    members = {
        s for s, st in statuses.items() if st in (Status.ACTIVE, Status.FROZEN_SELF_DECLARED)
    }
    assert members == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert statuses["ARM"] is Status.FROZEN_SELF_DECLARED
    assert statuses["UZB"] is Status.SUSPENDED


def test_crrf_size_keeps_the_sources_disagreement(csto):
    size = csto.forces["CRRF"].size
    assert size is not None
    values = {size.value, *(alt.value for alt in size.alternatives)}
    assert {17000, 18000, 20000} <= values


def test_uzbek_suspension_keeps_the_request_date_beside_the_decision(csto):
    events = [e for e in csto.states["UZB"].membership if e.status is Status.SUSPENDED]
    assert events[-1].date == date(2012, 12, 19)
    assert "28 Jun 2012" in (events[-1].note or "")


def test_vostok_is_never_recorded_as_a_csto_exercise(csto):
    vostok = [e for e in csto.history if "vostok" in e.title.lower()]
    assert vostok, "the fact check expects Vostok recorded with its correct status"
    assert all(e.kind != "exercise" and "not a CSTO exercise" in e.title for e in vostok)


def test_the_1990s_tajik_peacekeepers_are_recorded_as_cis_forces(csto):
    tajik = [
        e
        for e in csto.history
        if "peacekeep" in (e.kind + e.title).lower() and 1992 <= e.date.year <= 2000
    ]
    assert tajik
    assert all("CIS" in e.title for e in tajik)


def test_no_collective_deployment_to_osh_in_2010(csto):
    deployments = [e for e in csto.history if e.kind == "deployment" and e.date.year == 2010]
    assert all("not used in Osh" in e.title for e in deployments)


def test_military_expenditure_series_never_mix_within_one_figure(csto):
    for state in csto.states.values():
        for figure in state.military_expenditure:
            assert figure.series in ("SIPRI", "CIA-WFB")
