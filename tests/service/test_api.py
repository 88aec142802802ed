"""The JSON API under /api/v1, through the real app (TestClient), on the small world."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_summary_names_the_scenario_and_its_office_holders(client: TestClient) -> None:
    data = client.get("/api/v1/scenario").json()
    assert data["name"] == "small"
    assert data["as_of"] == "2026-02-03"
    assert [m["id"] for m in data["members"]] == ["ARM", "KAZ", "RUS"]
    assert data["chair"]["office"] == "chair"
    assert data["chair"]["basis"]


def test_members_include_a_frozen_member_but_not_a_former_one(client: TestClient) -> None:
    members = {m["id"]: m["status"] for m in client.get("/api/v1/members").json()}
    assert members == {"ARM": "frozen_self_declared", "KAZ": "active", "RUS": "active"}


def test_members_with_all_add_the_former_member(client: TestClient) -> None:
    members = {m["id"]: m["status"] for m in client.get("/api/v1/members?all=true").json()}
    assert members["UZB"] == "withdrawn"


def test_members_on_an_earlier_date_follow_the_membership_history(client: TestClient) -> None:
    members = {m["id"]: m["status"] for m in client.get("/api/v1/members?at=2010-01-01").json()}
    assert members == {"ARM": "active", "KAZ": "active", "RUS": "active", "UZB": "active"}


def test_chair_after_the_recorded_holders_is_computed_with_its_basis(client: TestClient) -> None:
    recorded = client.get("/api/v1/chair?at=2025-06-01").json()
    computed = client.get("/api/v1/chair").json()
    assert recorded["state"] == "KAZ" and recorded["computed"] is False
    assert computed["computed"] is True and computed["basis"]


def test_a_malformed_date_is_a_4xx(client: TestClient) -> None:
    assert client.get("/api/v1/members?at=not-a-date").status_code == 422


def test_timeline_window_the_wrong_way_round_is_400(client: TestClient) -> None:
    response = client.get("/api/v1/timeline?from=2020-01-01&to=2000-01-01")
    assert response.status_code == 400
    assert "after" in response.json()["detail"]


def test_timeline_keeps_sources_and_filters_by_date(client: TestClient) -> None:
    events = client.get("/api/v1/timeline?from=2000-01-01").json()
    assert [e["title"] for e in events] == ["Charter signed"]
    assert events[0]["source"][0]["url"].startswith("https://")


def test_rules_list_carries_basis_and_one_rule_is_addressable(client: TestClient) -> None:
    rules = client.get("/api/v1/rules").json()
    assert any(r["id"] == "consensus" for r in rules)
    one = client.get("/api/v1/rules/consensus").json()
    assert one["id"] == "consensus" and one["basis"]


def test_an_unknown_rule_is_404_naming_the_known_ones(client: TestClient) -> None:
    response = client.get("/api/v1/rules/no-such-rule")
    assert response.status_code == 404
    assert "consensus" in response.json()["detail"]


def test_all_supporting_adopts_and_binds_every_voter(client: TestClient) -> None:
    data = client.post("/api/v1/decide", json={}).json()
    assert data["adopted"] is True
    assert data["bound"] == ["ARM", "KAZ", "RUS"]
    assert data["basis"]


def test_one_objection_blocks_a_substantive_decision(client: TestClient) -> None:
    data = client.post("/api/v1/decide", json={"positions": {"KAZ": "object"}}).json()
    assert data["adopted"] is False
    assert data["blocked_by"] == ["KAZ"]


def test_a_position_for_a_former_member_is_400(client: TestClient) -> None:
    response = client.post("/api/v1/decide", json={"positions": {"UZB": "object"}})
    assert response.status_code == 400
    assert "UZB is not a member" in response.json()["detail"]


def test_an_unknown_position_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/decide", json={"positions": {"KAZ": "maybe"}})
    assert response.status_code == 422


def test_a_body_that_takes_no_votes_is_refused_with_its_basis(client: TestClient) -> None:
    response = client.post("/api/v1/decide", json={"body": "SEC"})
    assert response.status_code == 422
    assert response.json()["basis"]


def test_an_unknown_body_is_400(client: TestClient) -> None:
    response = client.post("/api/v1/decide", json={"body": "NOPE"})
    assert response.status_code == 400
    assert "CSC" in response.json()["detail"]


def test_procedure_walks_steps_each_with_a_basis(client: TestClient) -> None:
    response = client.post(
        "/api/v1/procedure",
        json={"victim": "KAZ", "threat": "internal_unrest", "at": "2022-01-05T18:00+06:00"},
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["steps"] and all(step["basis"] for step in data["steps"])
    assert data["outcome"]


def test_procedure_for_a_state_that_is_not_a_member_is_4xx(client: TestClient) -> None:
    response = client.post(
        "/api/v1/procedure",
        json={"victim": "UZB", "threat": "armed_attack", "at": "2024-01-05T00:00"},
    )
    assert 400 <= response.status_code < 500


def test_map_marks_members_neighbours_and_bases(client: TestClient) -> None:
    data = client.get("/api/v1/map").json()
    states = {s["id"]: s for s in data["states"]}
    assert states["UZB"]["member"] is False and states["UZB"]["status"] == "withdrawn"
    assert states["ARM"]["member"] is True
    assert [b["title"] for b in states["ARM"]["bases"]] == ["A Russian base in Armenia"]
    neighbours = {n["id"]: n["borders_with"] for n in data["neighbours"]}
    assert neighbours == {"CHN": ["RUS"], "UZB": ["KAZ"]}
    assert {a["id"] for a in data["airfields"]} == {"astana", "gyumri"}
    assert states["KAZ"]["population"]["source"][0]["retrieved"] == "2026-02-03"


def test_openapi_lists_the_api_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/decide", "/api/v1/map", "/api/v1/procedure"} <= set(paths)


def test_an_unknown_address_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/nothing-here").status_code == 404
