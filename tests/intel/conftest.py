from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from collsec.intel.auth import KeyVerifier, hasher_for
from collsec.intel.directory import add_group, add_org, create_key, init_hub, parse_role
from collsec.intel.hub import HubSettings
from collsec.intel.service import create_app
from collsec.intel.store import Store
from collsec.scenario.models import Status

REPO = Path(__file__).resolve().parents[2]

#: The member list the tests use (pinned, independent of the scenario files).
STANDING: dict[str, Status] = {
    "ARM": Status.FROZEN_SELF_DECLARED,
    "BLR": Status.ACTIVE,
    "KAZ": Status.ACTIVE,
    "KGZ": Status.ACTIVE,
    "RUS": Status.ACTIVE,
    "TJK": Status.ACTIVE,
    "UZB": Status.SUSPENDED,
}
FAST = HubSettings(argon2_profile="fast")


def fast_verifier() -> KeyVerifier:
    return KeyVerifier(hasher_for("fast"))


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    url = os.environ.get("COLLSEC_TEST_PG_URL")
    if not url:
        out = subprocess.run(
            [str(REPO / "scripts" / "ensure-postgres.sh")],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        url = out.stdout.strip().splitlines()[-1]
    return url


def fresh_pg_database(server_url: str) -> tuple[str, str]:
    """Create an empty database on the test server; return (its URL, its name)."""
    url = make_url(server_url)
    name = f"collsec_t_{uuid.uuid4().hex[:12]}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False), name


def drop_pg_database(server_url: str, name: str) -> None:
    url = make_url(server_url)
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hub.db'}"
        return
    server = request.getfixturevalue("pg_server_url")
    url, name = fresh_pg_database(server)
    yield url
    drop_pg_database(server, name)


class World:
    """An initialised hub with orgs, keys and a TestClient."""

    def __init__(
        self, url: str, standing: dict[str, Status] | None = None, settings: HubSettings = FAST
    ) -> None:
        self.store = Store(url)
        self.verifier = fast_verifier()
        self.standing = dict(standing or STANDING)
        self.admin = init_hub(self.store, self.verifier)
        self.orgs: dict[str, Any] = {}
        self.keys: dict[str, str] = {}
        self.app = create_app(self.store, self.standing, settings)
        self.client = TestClient(self.app)

    def org(self, name: str, state: str, role: str = "contributor", **key_opts: Any) -> str:
        self.orgs[name] = add_org(self.store, name, state, self.standing)
        made = create_key(self.store, self.verifier, None, name, parse_role(role), **key_opts)
        self.keys[name] = made.key
        return made.key

    def group(self, name: str, orgs: list[str]) -> None:
        add_group(self.store, name, orgs)

    def headers(self, org: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[org]}"}

    def collections(self, org: str) -> dict[str, str]:
        r = self.client.get("/taxii2/alliance/collections/", headers=self.headers(org))
        assert r.status_code == 200, r.text
        return {c["title"]: c["id"] for c in r.json()["collections"]}

    def post(
        self, org: str, collection_title: str, objects: list[dict[str, Any]]
    ) -> dict[str, Any]:
        return self.post_to(org, self.collections(org)[collection_title], objects)

    def post_to(self, org: str, cid: str, objects: list[dict[str, Any]]) -> dict[str, Any]:
        r = self.client.post(
            f"/taxii2/alliance/collections/{cid}/objects/",
            json={"objects": objects},
            headers=self.headers(org),
        )
        assert r.status_code == 202, r.text
        return r.json()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World(f"sqlite:///{tmp_path / 'hub.db'}")
    yield w
    w.client.close()
    w.store.dispose()
