"""Organisations and sharing groups added over HTTP: hub-admins only, audited, usable at once."""

from __future__ import annotations

from .conftest import World
from .stixgen import indicator

ROOT = "/taxii2/alliance"


def test_a_hub_admin_adds_an_organisation_and_a_group_that_work_at_once(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    admin = {"Authorization": f"Bearer {world.admin.key}"}
    r = world.client.post("/intel/orgs", json={"name": "RUS-FSB", "state": "RUS"}, headers=admin)
    assert r.status_code == 201, r.text
    key = world.client.post(
        "/intel/keys", json={"org": "RUS-FSB", "role": "contributor"}, headers=admin
    ).json()["key"]
    world.keys["RUS-FSB"] = key
    r = world.client.post(
        "/intel/groups", json={"name": "pair", "orgs": ["KAZ-KNB", "RUS-FSB"]}, headers=admin
    )
    assert r.status_code == 201, r.text
    assert {"RUS", "RUS-FSB", "pair"} <= set(world.collections("RUS-FSB"))
    status = world.post("RUS-FSB", "pair", [indicator("192.0.2.9")])
    assert status["success_count"] == 1
    cid = world.collections("KAZ-KNB")["pair"]
    got = world.client.get(f"{ROOT}/collections/{cid}/objects/", headers=world.headers("KAZ-KNB"))
    assert len(got.json()["objects"]) == 1
    entries = world.client.get("/intel/audit", headers=admin).json()["entries"]
    actions = [e["action"] for e in entries if e["key_id"] == world.admin.id]
    assert "POST /intel/orgs" in actions and "POST /intel/groups" in actions


def test_an_org_admin_cannot_add_organisations_or_groups(world: World) -> None:
    world.org("KAZ-KNB", "KAZ", role="org-admin")
    world.org("KAZ-MVD", "KAZ")
    h = world.headers("KAZ-KNB")
    r = world.client.post("/intel/orgs", json={"name": "KAZ-X", "state": "KAZ"}, headers=h)
    assert r.status_code == 403
    r = world.client.post(
        "/intel/groups", json={"name": "mine", "orgs": ["KAZ-KNB", "KAZ-MVD"]}, headers=h
    )
    assert r.status_code == 403
    assert "mine" not in world.collections("KAZ-KNB")


def test_directory_refusals_name_the_problem_with_a_4xx(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    admin = {"Authorization": f"Bearer {world.admin.key}"}
    post = world.client.post
    assert (
        post("/intel/orgs", json={"name": "KAZ-KNB", "state": "KAZ"}, headers=admin).status_code
        == 409
    )
    r = post("/intel/orgs", json={"name": "X-1", "state": "FRA"}, headers=admin)
    assert r.status_code == 400 and "FRA" in r.json()["description"]
    r = post("/intel/groups", json={"name": "g", "orgs": ["NOPE"]}, headers=admin)
    assert r.status_code == 404 and "NOPE" in r.json()["description"]
    r = post("/intel/groups", json={"name": "g", "orgs": ["a\x00b"]}, headers=admin)
    assert r.status_code == 422
