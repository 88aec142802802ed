"""Storage on both backends: schema, versions, idempotence, pagination, durability across reopen."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, func, select

from collsec.intel.audit import verify
from collsec.intel.hub import AuditWriter
from collsec.intel.models import AuditEntry, StoredObject
from collsec.intel.store import ChainHead, Store
from collsec.intel.tlp import TLP

from .conftest import World
from .stixgen import indicator


def test_a_posted_object_reads_back_identically(db_url: str) -> None:
    w = World(db_url)
    w.org("KAZ-KNB", "KAZ")
    obj = indicator("192.0.2.1", TLP.GREEN)
    assert w.post("KAZ-KNB", "KAZ", [obj])["success_count"] == 1
    cid = w.collections("KAZ-KNB")["KAZ"]
    r = w.client.get(
        f"/taxii2/alliance/collections/{cid}/objects/{obj['id']}/", headers=w.headers("KAZ-KNB")
    )
    assert r.json()["objects"] == [obj]
    w.store.dispose()


def test_an_identical_repost_is_idempotent_and_a_changed_one_is_refused(db_url: str) -> None:
    w = World(db_url)
    w.org("KAZ-KNB", "KAZ")
    obj = indicator("192.0.2.1")
    w.post("KAZ-KNB", "KAZ", [obj])
    again = w.post("KAZ-KNB", "KAZ", [obj])
    assert again["success_count"] == 1
    changed = dict(obj, pattern="[ipv4-addr:value = '192.0.2.2']")
    refused = w.post("KAZ-KNB", "KAZ", [changed])
    assert refused["failure_count"] == 1 and "modified" in refused["failures"][0]["message"]
    with w.store.read() as s:
        assert s.scalar(select(func.count()).select_from(StoredObject)) == 1
    w.store.dispose()


def test_versions_are_kept_by_modified_and_the_newest_is_listed(db_url: str) -> None:
    w = World(db_url)
    w.org("KAZ-KNB", "KAZ")
    v1 = indicator("192.0.2.1", modified="2024-01-01T00:00:00.000Z")
    v3 = dict(v1, modified="2024-03-01T00:00:00.000Z")
    v2 = dict(v1, modified="2024-02-01T00:00:00.000Z")
    w.post("KAZ-KNB", "KAZ", [v1, v3])
    w.post("KAZ-KNB", "KAZ", [v2])
    cid = w.collections("KAZ-KNB")["KAZ"]
    base = f"/taxii2/alliance/collections/{cid}/objects/"
    listed = w.client.get(base, headers=w.headers("KAZ-KNB")).json()["objects"]
    assert [o["modified"] for o in listed] == ["2024-03-01T00:00:00.000Z"]
    versions = w.client.get(f"{base}{v1['id']}/versions/", headers=w.headers("KAZ-KNB")).json()[
        "versions"
    ]
    assert versions == [v1["modified"], v3["modified"], v2["modified"]]
    first = w.client.get(
        f"{base}{v1['id']}/", params={"match[version]": "first"}, headers=w.headers("KAZ-KNB")
    )
    assert [o["modified"] for o in first.json()["objects"]] == [v1["modified"]]
    w.store.dispose()


def test_pagination_returns_every_object_once_in_date_added_order(db_url: str) -> None:
    w = World(db_url)
    w.org("KAZ-KNB", "KAZ")
    objs = [indicator(f"198.51.100.{i}") for i in range(25)]
    w.post("KAZ-KNB", "KAZ", objs[:10])
    w.post("KAZ-KNB", "KAZ", objs[10:])
    cid = w.collections("KAZ-KNB")["KAZ"]
    seen, params = [], {"limit": 7}
    while True:
        body = w.client.get(
            f"/taxii2/alliance/collections/{cid}/objects/",
            params=params,
            headers=w.headers("KAZ-KNB"),
        ).json()
        seen += [o["id"] for o in body["objects"]]
        if not body["more"]:
            break
        params["next"] = body["next"]
    assert seen == [o["id"] for o in objs]
    w.store.dispose()


def test_added_after_returns_only_later_objects(db_url: str) -> None:
    w = World(db_url)
    w.org("KAZ-KNB", "KAZ")
    w.post("KAZ-KNB", "KAZ", [indicator("203.0.113.1")])
    cid = w.collections("KAZ-KNB")["KAZ"]
    url = f"/taxii2/alliance/collections/{cid}/objects/"
    first = w.client.get(url, headers=w.headers("KAZ-KNB"))
    later = indicator("203.0.113.2")
    w.post("KAZ-KNB", "KAZ", [later])
    after = first.headers["X-TAXII-Date-Added-Last"]
    body = w.client.get(url, params={"added_after": after}, headers=w.headers("KAZ-KNB")).json()
    assert [o["id"] for o in body["objects"]] == [later["id"]]
    w.store.dispose()


def test_committed_objects_survive_reopening_the_database(db_url: str) -> None:
    w = World(db_url)
    w.org("KAZ-KNB", "KAZ")
    objs = [indicator(f"192.0.2.{i}") for i in range(5)]
    w.post("KAZ-KNB", "KAZ", objs)
    w.client.close()
    w.store.dispose()
    again = Store(db_url)
    with again.read() as s:
        ids = set(s.scalars(select(StoredObject.stix_id)))
    assert ids == {o["id"] for o in objs}
    again.dispose()


def test_concurrent_writers_lose_nothing_and_keep_the_audit_chain(db_url: str) -> None:
    w = World(db_url)
    w.org("KAZ-KNB", "KAZ")
    cid = w.collections("KAZ-KNB")["KAZ"]
    posted: list[str] = []
    lock = threading.Lock()

    def writer() -> None:
        for _ in range(5):
            batch = [indicator("192.0.2.9") for _ in range(4)]
            status = w.post_to("KAZ-KNB", cid, batch)
            assert status["success_count"] == 4
            with lock:
                posted.extend(o["id"] for o in batch)

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    from collsec.intel import audit

    with w.store.read() as s:
        stored = set(s.scalars(select(StoredObject.stix_id)))
        seqs = list(s.scalars(select(StoredObject.seq).order_by(StoredObject.date_added_us)))
        assert audit.verify(s).ok
    assert stored == set(posted) and len(posted) == 120
    assert seqs == sorted(seqs)
    w.store.dispose()


def test_the_migrations_build_exactly_the_schema_of_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from collsec.intel.models import Base

    store = Store(db_url)
    store.upgrade()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    store.dispose()


def test_long_custom_references_are_stored_without_a_server_error(db_url: str) -> None:
    import uuid

    from .stixgen import report

    w = World(db_url)
    w.org("KAZ-KNB", "KAZ")
    obj = report([f"indicator--{uuid.uuid4()}"])
    obj["x_" + "a" * 150 + "_ref"] = "x-" + "b" * 120 + f"--{uuid.uuid4()}"
    assert w.post("KAZ-KNB", "KAZ", [obj])["success_count"] == 1
    w.store.dispose()


def test_an_overlong_organisation_name_is_a_usage_error(db_url: str) -> None:
    import pytest

    from collsec.errors import UsageError
    from collsec.intel.directory import add_org

    from .conftest import STANDING

    w = World(db_url)
    with pytest.raises(UsageError, match="1 to 200"):
        add_org(w.store, "X" * 201, "KAZ", STANDING)
    w.store.dispose()


def test_nul_characters_are_refused_with_4xx_on_every_backend(db_url: str) -> None:
    from .stixgen import indicator

    w = World(db_url)
    w.org("KAZ-KNB", "KAZ", role="org-admin")
    h = w.headers("KAZ-KNB")
    status = w.post("KAZ-KNB", "KAZ", [dict(indicator(), name="a\x00b"), indicator()])
    assert (status["success_count"], status["failure_count"]) == (1, 1)
    assert "NUL" in status["failures"][0]["message"]
    assert w.client.get("/intel/search", params={"value": "a\x00b"}, headers=h).status_code == 400
    cid = w.collections("KAZ-KNB")["KAZ"]
    r = w.client.get(f"/taxii2/alliance/collections/{cid}/objects/indicator--a%00b/", headers=h)
    assert r.status_code == 400
    r = w.client.post("/intel/keys", json={"org": "KAZ\x00KNB"}, headers=h)
    assert r.status_code == 422
    w.store.dispose()


def test_audit_entries_of_one_loop_turn_commit_together_in_order(db_url: str) -> None:
    w = World(db_url)
    writer = AuditWriter(w.store)
    commits = []
    appending = w.store.appending

    @contextlib.contextmanager
    def counted() -> Iterator[tuple[Connection, ChainHead]]:
        with appending() as (conn, head):
            commits.append(head.audit_seq)
            yield conn, head

    w.store.appending = counted  # type: ignore[method-assign]

    def entry(i: int) -> dict[str, Any]:
        return {
            "at_us": i,
            "key_id": "k",
            "org_id": "o",
            "action": f"GET /{i}",
            "allowed": True,
            "status_code": 200,
            "object_ids": [],
            "ip": "127.0.0.1",
            "request_id": str(i),
        }

    async def turn() -> None:
        await asyncio.gather(*(writer.submit(entry(i)) for i in range(10)))

    asyncio.run(turn())
    assert len(commits) == 1  # ten requests of one turn, one transaction
    with w.store.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.request_id.in_(map(str, range(10)))))
        assert [e.request_id for e in sorted(rows, key=lambda e: e.seq)] == list(
            map(str, range(10))
        )
        assert verify(s).ok
    w.store.dispose()
