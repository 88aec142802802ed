"""The real server on 127.0.0.1: taxii2-client end to end, SIGKILL mid-stream, concurrent load."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

from collsec.intel.directory import add_group, add_org, create_key, init_hub, parse_role
from collsec.intel.store import Store

from .conftest import STANDING, fast_verifier
from .stixgen import indicator

MEMBERS = [arg for s, v in STANDING.items() for arg in ("--member", f"{s}={v.value}")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(db: str, port: int, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-W",
            "ignore::RuntimeWarning",
            "-m",
            "collsec.cli.intel",
            "serve",
            "--db",
            db,
            "--port",
            str(port),
            *MEMBERS,
            *extra,
        ],
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/taxii2/", timeout=1)
            return proc
        except httpx.TransportError:
            if proc.poll() is not None:
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def provision(db: str) -> dict[str, str]:
    store = Store(db)
    verifier = fast_verifier()
    init_hub(store, verifier)
    keys = {}
    for org, state in [
        ("KAZ-KNB", "KAZ"),
        ("KAZ-MVD", "KAZ"),
        ("RUS-FSB", "RUS"),
        ("ARM-NSS", "ARM"),
    ]:
        add_org(store, org, state, STANDING)
        keys[org] = create_key(store, verifier, None, org, parse_role("contributor")).key
    add_group(store, "pair", ["KAZ-KNB", "RUS-FSB"])
    store.dispose()
    return keys


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("srv")
    db = f"sqlite:///{tmp / 'hub.db'}"
    keys = provision(db)
    port = free_port()
    proc = start(db, port, tmp / "server.log")
    yield f"http://127.0.0.1:{port}", keys
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def two_workers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, dict[str, str], str]]:
    tmp = tmp_path_factory.mktemp("srv2")
    db = f"sqlite:///{tmp / 'hub.db'}"
    keys = provision(db)
    port = free_port()
    proc = start(db, port, tmp / "server.log", "--workers", "2")
    yield f"http://127.0.0.1:{port}", keys, db
    proc.terminate()
    proc.wait(timeout=20)


def test_taxii2_client_discovers_posts_and_pages_through_a_collection(
    server: tuple[str, dict[str, str]],
) -> None:
    base, keys = server
    srv = Server(f"{base}/taxii2/", user="KAZ-KNB", password=keys["KAZ-KNB"])
    assert srv.api_roots
    root: ApiRoot = srv.api_roots[0]
    colls = {c.title: c for c in root.collections}
    assert set(colls) == {"KAZ", "KAZ-KNB", "alliance", "pair"}
    coll: Collection = colls["pair"]
    objs = [indicator(f"192.0.2.{i}") for i in range(23)]
    status = coll.add_objects({"objects": objs})
    assert status.status == "complete" and status.success_count == 23
    got = [
        o["id"]
        for page in as_pages(coll.get_objects, per_request=5)
        for o in page.get("objects", [])
    ]
    assert got == [o["id"] for o in objs]
    manifest = coll.get_manifest()
    assert len(manifest["objects"]) == 23
    one = coll.get_object(objs[0]["id"])
    assert one["objects"][0]["id"] == objs[0]["id"]
    peer = Collection(coll.url, user="x", password=keys["RUS-FSB"])
    assert len(peer.get_objects()["objects"]) == 23
    outsider = Collection(coll.url, user="x", password=keys["KAZ-MVD"])
    with pytest.raises(Exception, match="404"):
        outsider.get_objects()


def check_twenty_clients_lose_nothing(base: str, keys: dict[str, str]) -> None:
    """20 clients, 4 POSTs and 8 reads each: no errors, and every acknowledged object is there."""
    orgs = ["KAZ-KNB", "KAZ-MVD", "RUS-FSB", "ARM-NSS"]
    with httpx.Client(timeout=30) as probe:
        colls = probe.get(
            f"{base}/taxii2/alliance/collections/",
            headers={"Authorization": f"Bearer {keys['KAZ-KNB']}"},
        ).json()["collections"]
    alliance = next(c["id"] for c in colls if c["title"] == "alliance")
    url = f"{base}/taxii2/alliance/collections/{alliance}/objects/"

    def client(n: int) -> tuple[list[int], list[str]]:
        h = {
            "Authorization": f"Bearer {keys[orgs[n % len(orgs)]]}",
            "Content-Type": "application/taxii+json;version=2.1",
        }
        codes, posted = [], []
        with httpx.Client(timeout=60) as c:
            for i in range(12):
                if i % 3 == 0:
                    batch = [indicator(f"10.{n}.{i}.1") for _ in range(5)]
                    r = c.post(url, content=json.dumps({"objects": batch}), headers=h)
                    if r.status_code == 202 and r.json()["success_count"] == 5:
                        posted += [o["id"] for o in batch]
                else:
                    r = c.get(url, params={"limit": 50}, headers=h)
                codes.append(r.status_code)
        return codes, posted

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(client, range(20)))
    codes = [c for cs, _ in results for c in cs]
    posted = {i for _, ps in results for i in ps}
    assert set(codes) <= {200, 202}, sorted(set(codes))
    assert len(posted) == 20 * 4 * 5
    seen: set[str] = set()
    params: dict[str, str | int] = {"limit": 1000}
    with httpx.Client(timeout=60) as c:
        while True:
            body = c.get(
                url, params=params, headers={"Authorization": f"Bearer {keys['RUS-FSB']}"}
            ).json()
            seen |= {o["id"] for o in body.get("objects", [])}
            if not body["more"]:
                break
            params["next"] = body["next"]
    assert posted <= seen


def test_twenty_clients_mixing_reads_and_writes_lose_nothing(
    server: tuple[str, dict[str, str]],
) -> None:
    check_twenty_clients_lose_nothing(*server)


def test_two_worker_processes_lose_nothing_and_keep_one_audit_chain(
    two_workers: tuple[str, dict[str, str], str],
) -> None:
    base, keys, db = two_workers
    check_twenty_clients_lose_nothing(base, keys)
    out = subprocess.run(
        [sys.executable, "-m", "collsec.cli.intel", "audit", "verify", "--db", db, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(out.stdout)
    # Every request of both processes is in one unbroken chain: 240 requests, plus setup.
    assert out.returncode == 0 and report["ok"], out.stdout + out.stderr
    assert report["entries"] > 240


CLIENT = textwrap.dedent("""
    import json, os, sys, uuid, httpx
    url, key, acked = sys.argv[1], sys.argv[2], sys.argv[3]
    h = {"Authorization": "Bearer " + key, "Content-Type": "application/taxii+json;version=2.1"}
    with open(acked, "a") as out, httpx.Client(timeout=10) as c:
        for i in range(100000):
            batch = [{"type": "indicator", "spec_version": "2.1", "id": f"indicator--{uuid.uuid4()}",
                      "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
                      "pattern": f"[ipv4-addr:value = '10.9.{i % 250}.{j}']", "pattern_type": "stix",
                      "valid_from": "2024-01-01T00:00:00Z"} for j in range(10)]
            try:
                r = c.post(url, content=json.dumps({"objects": batch}), headers=h)
            except httpx.TransportError:
                break
            if r.status_code == 202:
                ok = {s["id"] for s in r.json()["successes"]}
                out.write("".join(i + "\\n" for i in ok))
                out.flush()
                os.fsync(out.fileno())
""")


def test_acknowledged_objects_survive_a_sigkill_mid_stream(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    keys = provision(db)
    port = free_port()
    proc = start(db, port, tmp_path / "server.log")
    base = f"http://127.0.0.1:{port}"
    h = {"Authorization": f"Bearer {keys['KAZ-KNB']}"}
    colls = httpx.get(f"{base}/taxii2/alliance/collections/", headers=h).json()["collections"]
    cid = next(c["id"] for c in colls if c["title"] == "KAZ")
    url = f"{base}/taxii2/alliance/collections/{cid}/objects/"
    acked = tmp_path / "acked.txt"
    client = subprocess.Popen([sys.executable, "-c", CLIENT, url, keys["KAZ-KNB"], str(acked)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
        not acked.exists() or len(acked.read_text().splitlines()) < 200
    ):
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    client.wait(timeout=30)
    ids = set(acked.read_text().split())
    assert len(ids) >= 200
    proc = start(db, port, tmp_path / "server.log")
    try:
        seen: set[str] = set()
        params: dict[str, object] = {"limit": 1000}
        while True:
            body = httpx.get(url, params=params, headers=h, timeout=30).json()
            seen |= {o["id"] for o in body.get("objects", [])}
            if not body["more"]:
                break
            params["next"] = body["next"]
        assert ids <= seen
    finally:
        proc.terminate()
        proc.wait(timeout=20)
