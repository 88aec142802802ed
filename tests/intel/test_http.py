"""HTTP behaviour: authentication, 404-not-403, bad input, limits, keys and roles."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

from collsec.intel.hub import HubSettings
from collsec.intel.tlp import TLP

from .conftest import World
from .stixgen import indicator

ROOT = "/taxii2/alliance"


def test_discovery_and_api_root_answer_with_the_taxii_media_type(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    r = world.client.get("/taxii2/", headers=world.headers("KAZ-KNB"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/taxii+json")
    assert r.json()["api_roots"][0].endswith("/taxii2/alliance/")
    assert (
        world.client.get(f"{ROOT}/", headers=world.headers("KAZ-KNB")).json()["max_content_length"]
        > 0
    )


def test_a_missing_or_wrong_key_answers_401(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    assert world.client.get(f"{ROOT}/collections/").status_code == 401
    forged = world.keys["KAZ-KNB"][:-3] + "xyz"
    assert (
        world.client.get(
            f"{ROOT}/collections/", headers={"Authorization": f"Bearer {forged}"}
        ).status_code
        == 401
    )
    assert (
        world.client.get(
            f"{ROOT}/collections/", headers={"Authorization": "Bearer nonsense"}
        ).status_code
        == 401
    )


def test_http_basic_with_the_key_as_password_is_accepted(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    token = base64.b64encode(f"anyone:{world.keys['KAZ-KNB']}".encode()).decode()
    assert (
        world.client.get(
            f"{ROOT}/collections/", headers={"Authorization": f"Basic {token}"}
        ).status_code
        == 200
    )


def test_a_revoked_key_stops_working_at_once_even_after_a_cached_check(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    admin = {"Authorization": f"Bearer {world.admin.key}"}
    made = world.client.post(
        "/intel/keys", json={"org": "KAZ-KNB", "role": "reader"}, headers=admin
    ).json()
    h = {"Authorization": f"Bearer {made['key']}"}
    assert world.client.get(f"{ROOT}/collections/", headers=h).status_code == 200
    assert world.client.delete(f"/intel/keys/{made['id']}", headers=admin).status_code == 200
    assert world.client.get(f"{ROOT}/collections/", headers=h).status_code == 401


def test_an_expired_key_and_a_key_from_a_disallowed_address_answer_401(world: World) -> None:
    world.org("KAZ-KNB", "KAZ", expires=dt.date(2020, 1, 1))
    assert (
        world.client.get(f"{ROOT}/collections/", headers=world.headers("KAZ-KNB")).status_code
        == 401
    )
    world.org("KAZ-MVD", "KAZ", allowed_ips=["192.0.2.0/24"])
    assert (
        world.client.get(f"{ROOT}/collections/", headers=world.headers("KAZ-MVD")).status_code
        == 401
    )


def test_a_collection_outside_the_audience_answers_404_not_403(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    world.org("RUS-FSB", "RUS")
    kaz = world.collections("KAZ-KNB")["KAZ"]
    for path in ("", "objects/", "manifest/"):
        assert (
            world.client.get(
                f"{ROOT}/collections/{kaz}/{path}", headers=world.headers("RUS-FSB")
            ).status_code
            == 404
        )
    r = world.client.post(
        f"{ROOT}/collections/{kaz}/objects/",
        json={"objects": [indicator()]},
        headers=world.headers("RUS-FSB"),
    )
    assert r.status_code == 404
    assert (
        world.client.get(
            f"{ROOT}/collections/no-such/", headers=world.headers("RUS-FSB")
        ).status_code
        == 404
    )


def test_a_red_object_is_404_for_a_reader_not_named_in_its_recipients(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    world.org("KAZ-MVD", "KAZ")
    world.org("KAZ-GP", "KAZ")
    red = indicator(tlp=TLP.RED, recipients=["KAZ-MVD"])
    assert world.post("KAZ-KNB", "KAZ", [red])["success_count"] == 1
    cid = world.collections("KAZ-KNB")["KAZ"]
    url = f"{ROOT}/collections/{cid}/objects/{red['id']}/"
    assert world.client.get(url, headers=world.headers("KAZ-MVD")).status_code == 200
    assert world.client.get(url, headers=world.headers("KAZ-GP")).status_code == 404
    assert (
        world.client.get(
            f"/intel/correlations/{red['id']}", headers=world.headers("KAZ-GP")
        ).status_code
        == 404
    )


def test_a_red_object_without_recipients_or_with_an_unknown_one_is_refused(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    status = world.post(
        "KAZ-KNB", "KAZ", [indicator(tlp=TLP.RED), indicator(tlp=TLP.RED, recipients=["NOPE"])]
    )
    assert status["failure_count"] == 2
    assert "x_collsec_recipients" in status["failures"][0]["message"]
    assert "NOPE" in status["failures"][1]["message"]


def test_invalid_stix_objects_are_refused_one_by_one_and_valid_ones_stored(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    bad_pattern = dict(indicator(), pattern="[ipv4-addr:value = ")
    missing = {k: v for k, v in indicator().items() if k != "pattern_type"}
    good = indicator()
    status = world.post(
        "KAZ-KNB", "KAZ", [bad_pattern, missing, "text", {"type": "vulnerability"}, good]
    )
    assert status["success_count"] == 1 and status["successes"][0]["id"] == good["id"]
    messages = [f["message"] for f in status["failures"]]
    assert "pattern" in messages[0] and "pattern_type" in messages[1]
    assert "objects[2]" in messages[2] and "type" in messages[3]
    sid = status["id"]
    assert (
        world.client.get(f"{ROOT}/status/{sid}/", headers=world.headers("KAZ-KNB")).json() == status
    )


def test_bad_bodies_answer_4xx_naming_the_problem(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    cid = world.collections("KAZ-KNB")["KAZ"]
    url = f"{ROOT}/collections/{cid}/objects/"
    h = {**world.headers("KAZ-KNB"), "Content-Type": "application/taxii+json;version=2.1"}
    r = world.client.post(url, content=b"{not json", headers=h)
    assert r.status_code == 400 and "JSON" in r.json()["title"]
    r = world.client.post(url, content=b"[1,2]", headers=h)
    assert r.status_code == 422
    r = world.client.post(url, content=b'{"objects": 3}', headers=h)
    assert r.status_code == 422 and "objects" in r.json()["description"]
    r = world.client.post(
        url, content=b'{"objects": []}', headers={**h, "Content-Type": "text/plain"}
    )
    assert r.status_code == 415
    r = world.client.get(url, params={"limit": 0}, headers=h)
    assert r.status_code == 422
    r = world.client.get(url, params={"next": "forged.cursor"}, headers=h)
    assert r.status_code == 400
    r = world.client.get(url, params={"added_after": "yesterday"}, headers=h)
    assert r.status_code == 400


def test_a_body_over_the_limit_answers_413(tmp_path: Path) -> None:
    w = World(
        f"sqlite:///{tmp_path / 'h.db'}",
        settings=HubSettings(argon2_profile="fast", max_content_length=2000),
    )
    w.org("KAZ-KNB", "KAZ")
    cid = w.collections("KAZ-KNB")["KAZ"]
    r = w.client.post(
        f"{ROOT}/collections/{cid}/objects/",
        json={"objects": [indicator() for _ in range(10)]},
        headers=w.headers("KAZ-KNB"),
    )
    assert r.status_code == 413


def test_the_rate_limit_answers_429_per_key(tmp_path: Path) -> None:
    w = World(
        f"sqlite:///{tmp_path / 'h.db'}",
        settings=HubSettings(argon2_profile="fast", rate_per_s=0.001, rate_burst=3),
    )
    w.org("KAZ-KNB", "KAZ")
    w.org("KAZ-MVD", "KAZ")
    codes = [w.client.get(f"{ROOT}/", headers=w.headers("KAZ-KNB")).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert w.client.get(f"{ROOT}/", headers=w.headers("KAZ-MVD")).status_code == 200


def test_a_reader_or_read_only_key_cannot_post(world: World) -> None:
    world.org("KAZ-KNB", "KAZ", role="reader")
    world.org("KAZ-MVD", "KAZ", role="contributor", read_only=True)
    for org in ("KAZ-KNB", "KAZ-MVD"):
        cid = world.collections(org)["KAZ"]
        r = world.client.post(
            f"{ROOT}/collections/{cid}/objects/",
            json={"objects": [indicator()]},
            headers=world.headers(org),
        )
        assert r.status_code == 403
        assert (
            world.client.get(f"{ROOT}/collections/{cid}/", headers=world.headers(org)).json()[
                "can_write"
            ]
            is False
        )


def test_an_org_admin_never_grants_more_than_it_has(world: World) -> None:
    world.org("KAZ-KNB", "KAZ", role="org-admin")
    world.org("RUS-FSB", "RUS")
    h = world.headers("KAZ-KNB")
    assert (
        world.client.post(
            "/intel/keys", json={"org": "KAZ-KNB", "role": "contributor"}, headers=h
        ).status_code
        == 201
    )
    assert (
        world.client.post(
            "/intel/keys", json={"org": "KAZ-KNB", "role": "hub-admin"}, headers=h
        ).status_code
        == 403
    )
    assert (
        world.client.post(
            "/intel/keys", json={"org": "RUS-FSB", "role": "reader"}, headers=h
        ).status_code
        == 403
    )
    admin_key = world.admin.id
    assert world.client.delete(f"/intel/keys/{admin_key}", headers=h).status_code == 404


def test_the_audit_log_is_for_hub_admins_only_and_records_refusals(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    world.client.get(f"{ROOT}/collections/nope/", headers=world.headers("KAZ-KNB"))
    assert world.client.get("/intel/audit", headers=world.headers("KAZ-KNB")).status_code == 404
    entries = world.client.get(
        "/intel/audit", headers={"Authorization": f"Bearer {world.admin.key}"}
    ).json()["entries"]
    denied = [e for e in entries if e["status_code"] == 404 and "nope" in e["action"]]
    assert (
        denied and denied[0]["allowed"] is False and denied[0]["org_id"] == world.orgs["KAZ-KNB"].id
    )


def test_suspending_a_state_removes_its_orgs_from_the_alliance_collection(tmp_path: Path) -> None:
    from .conftest import STANDING

    w = World(f"sqlite:///{tmp_path / 'h.db'}")
    w.org("UZB-SGB", "UZB")
    w.org("ARM-NSS", "ARM")
    assert "alliance" not in w.collections("UZB-SGB")
    assert "alliance" in w.collections("ARM-NSS")
    assert STANDING["UZB"].value == "suspended"


def test_a_wrong_accept_header_answers_406(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    r = world.client.get(f"{ROOT}/", headers={**world.headers("KAZ-KNB"), "Accept": "text/html"})
    assert r.status_code == 406


def test_every_answer_carries_a_request_id_that_the_audit_records(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    r = world.client.get(f"{ROOT}/", headers={**world.headers("KAZ-KNB"), "X-Request-Id": "req-42"})
    assert r.headers["X-Request-Id"] == "req-42"
    admin = {"Authorization": f"Bearer {world.admin.key}"}
    entries = world.client.get("/intel/audit", headers=admin).json()["entries"]
    assert any(e["request_id"] == "req-42" and e["allowed"] for e in entries)
