"""The dashboard pages as HTML (server-rendered, so they work without JavaScript)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

ALL_PAGES = [
    "/",
    "/organisation",
    "/decide",
    "/crisis",
    "/backtest",
    "/plan",
    "/exercises",
    "/docs",
]


@pytest.mark.parametrize("path", ALL_PAGES)
def test_every_page_renders(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ALL_PAGES)
def test_every_script_and_stylesheet_is_served_locally(client: TestClient, path: str) -> None:
    html = client.get(path).text
    refs = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    refs += re.findall(r'<link[^>]*\bhref="([^"]+)"', html)
    assert refs
    for ref in refs:
        assert ref.startswith(("/static/", "data:")), ref


def test_docs_use_the_bundled_swagger_ui_without_the_online_validator(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html


def test_organisation_shows_office_holders_bodies_and_history(client: TestClient) -> None:
    html = client.get("/organisation?at=2025-06-01").text
    assert 'id="chair-state">KAZ<' in html
    assert "Collective Security Council" in html
    assert "Charter signed" in html
    assert "Collective defence" in html


def test_organisation_with_a_malformed_date_is_400_with_the_reason(client: TestClient) -> None:
    response = client.get("/organisation?at=31-12-2020")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.text


def test_decide_without_script_renders_the_outcome_of_the_submitted_positions(
    client: TestClient,
) -> None:
    adopted = client.get("/decide").text
    blocked = client.get("/decide?pos_KAZ=object").text
    assert 'class="outcome adopted">Adopted<' in adopted
    assert 'class="outcome rejected">Not adopted<' in blocked
    assert 'id="blocked-by">KAZ<' in blocked


def test_decide_with_an_unknown_position_is_400_with_the_reason(client: TestClient) -> None:
    response = client.get("/decide?pos_KAZ=maybe")
    assert response.status_code == 400
    assert "unknown value" in response.text


def test_every_form_control_has_a_label(client: TestClient) -> None:
    for path in ["/", "/organisation", "/decide"]:
        html = client.get(path).text
        ids = re.findall(r'<(?:select|input|textarea)[^>]*\bid="([^"]+)"', html)
        controls = re.findall(r"<(?:select|input|textarea)\b", html)
        assert len(ids) == len(controls), f"{path}: a control without an id"
        for control in ids:
            assert f'for="{control}"' in html, f"{path}: #{control} has no label"


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/crisis", "has no crises"),
        ("/backtest", "no cases to back-test"),
        ("/plan", "does not fit this scenario"),
    ],
)
def test_a_room_page_says_what_the_scenario_lacks(client: TestClient, path: str, says: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert says in answer.text
