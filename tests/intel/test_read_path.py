"""The TAXII read path: where a read runs, and its own query parsing."""

from __future__ import annotations

import asyncio
import threading

from starlette.requests import Request

from collsec.intel.hub import AuditNote, Hub

from .conftest import World

ROOT = "/taxii2/alliance"
LISTING_PARAMS = {
    "added_after",
    "limit",
    "next",
    "match[id]",
    "match[type]",
    "match[version]",
    "match[spec_version]",
}


def _request(key: str) -> Request:
    scope = {
        "type": "http",
        "method": "GET",
        "path": f"{ROOT}/collections/",
        "query_string": b"",
        "headers": [(b"authorization", f"Bearer {key}".encode())],
        "client": ("127.0.0.1", 1234),
    }
    request = Request(scope)
    request.state.audit = AuditNote()
    return request


def _thread_of_read(hub: Hub, key: str) -> int:
    async def run() -> int:
        return await hub.on_loop(_request(key), threading.get_ident)

    return asyncio.run(run())


def test_a_read_runs_on_the_event_loop_only_once_its_key_is_verified(world: World) -> None:
    key = world.org("KAZ-KNB", "KAZ")
    hub: Hub = world.app.state.intel_hub
    here = threading.get_ident()
    assert _thread_of_read(hub, key) != here  # not yet verified: argon2 must not stall the loop
    with hub.store.snapshot() as conn:
        hub.authenticate(_request(key), conn)  # verifies the key and caches the verification
    assert _thread_of_read(hub, key) == here
    assert _thread_of_read(hub, key[:-3] + "xyz") != here  # a wrong secret is never cached


def test_a_revoked_key_is_refused_on_the_loop_path_too(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    url = f"{ROOT}/collections/{world.collections('KAZ-KNB')['KAZ']}/objects/"
    admin = {"Authorization": f"Bearer {world.admin.key}"}
    made = world.client.post(
        "/intel/keys", json={"org": "KAZ-KNB", "role": "reader"}, headers=admin
    ).json()
    h = {"Authorization": f"Bearer {made['key']}"}
    assert world.client.get(url, headers=h).status_code == 200
    assert world.client.get(url, headers=h).status_code == 200  # cached: read on the loop
    assert world.client.delete(f"/intel/keys/{made['id']}", headers=admin).status_code == 200
    assert world.client.get(url, headers=h).status_code == 401


def test_listing_limits_outside_1_to_2_31_answer_422_naming_limit(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    url = f"{ROOT}/collections/{world.collections('KAZ-KNB')['KAZ']}/objects/"
    for bad in ("0", "-1", "abc", "1.5", "\u00b2", str(2**31 + 1)):
        r = world.client.get(url, params={"limit": bad}, headers=world.headers("KAZ-KNB"))
        assert r.status_code == 422 and "limit" in r.json()["description"], bad
    r = world.client.get(url, params={"limit": str(2**31)}, headers=world.headers("KAZ-KNB"))
    assert r.status_code == 200


def test_a_nul_in_a_listing_query_answers_400(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    url = f"{ROOT}/collections/{world.collections('KAZ-KNB')['KAZ']}/objects/"
    r = world.client.get(url, params={"match[id]": "a\x00b"}, headers=world.headers("KAZ-KNB"))
    assert r.status_code == 400


def test_the_openapi_schema_declares_the_listing_query_parameters(world: World) -> None:
    paths = world.client.get("/openapi.json").json()["paths"]
    objects = paths[f"{ROOT}/collections/{{collection_id}}/objects/"]["get"]["parameters"]
    assert {p["name"] for p in objects if p["in"] == "query"} == LISTING_PARAMS
    versions = paths[f"{ROOT}/collections/{{collection_id}}/objects/{{object_id}}/versions/"]
    names = {p["name"] for p in versions["get"]["parameters"] if p["in"] == "query"}
    assert names == {"added_after", "limit", "next", "match[spec_version]"}
