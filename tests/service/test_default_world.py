"""The service on the embedded CSTO world: what a user sees first after `collsec serve`."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from collsec.service import create_app


@pytest.fixture(scope="module")
def csto() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize("path", ["/", "/organisation", "/decide", "/docs", "/api/v1/scenario"])
def test_every_page_answers_on_the_default_world(csto: TestClient, path: str) -> None:
    assert csto.get(path).status_code == 200


def test_the_map_shows_the_russian_bases_in_their_host_states(csto: TestClient) -> None:
    states = {s["id"]: s for s in csto.get("/api/v1/map").json()["states"]}
    hosts = {sid for sid, s in states.items() if s["bases"]}
    assert {"ARM", "KGZ", "TJK"} <= hosts
    assert all(b["source"] for sid in hosts for b in states[sid]["bases"])


def test_every_fact_on_the_map_has_a_source_or_an_assumption(csto: TestClient) -> None:
    for state in csto.get("/api/v1/map").json()["states"]:
        for name in ("population", "gdp_usd"):
            fact = state[name]
            assert fact["source"] or fact["assumption"], (state["id"], name)
        for border in state["borders"]:
            assert border["length_km"]["source"] or border["length_km"]["assumption"]
