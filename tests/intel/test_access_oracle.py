"""Every read path answers exactly what the independent truth table allows: no leak, no loss."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from collsec.intel.models import Collection
from collsec.intel.tlp import TLP, TLP_MARKING_IDS
from collsec.scenario.models import Status

from .conftest import World, drop_pg_database, fresh_pg_database
from .oracle import OObject, OWorld, latest_readable, may_export, may_read

TLPS = ["clear", "green", "amber", "amber+strict", "red", "unmarked"]
TLP_OF = {
    "clear": TLP.CLEAR,
    "green": TLP.GREEN,
    "amber": TLP.AMBER,
    "amber+strict": TLP.AMBER_STRICT,
    "red": TLP.RED,
}
VALUES = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
SCOPES = ["partner", "alliance", "state", "org"]


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, Any]:
    states = [f"S{i}" for i in range(draw(st.integers(1, 3)))]
    status = {s: draw(st.sampled_from(list(Status))).value for s in states}
    orgs = [f"O{i}" for i in range(draw(st.integers(2, 5)))]
    org_state = {o: draw(st.sampled_from(states)) for o in orgs}
    groups = {}
    for g in range(draw(st.integers(0, 2))):
        groups[f"G{g}"] = set(
            draw(st.lists(st.sampled_from(orgs), min_size=1, max_size=3, unique=True))
        )
    ops = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["indicator", "indicator", "version", "sighting"]),
                st.sampled_from(orgs),
                st.integers(0, 10),
                st.sampled_from(TLPS),
                st.lists(st.sampled_from(orgs), min_size=1, max_size=2, unique=True),
                st.sampled_from(VALUES),
            ),
            min_size=1,
            max_size=9,
        )
    )
    return {"status": status, "org_state": org_state, "groups": groups, "ops": ops}


def _stix(obj: OObject, serial: int) -> dict[str, Any]:
    stamp = f"2024-01-01T00:00:{serial:02d}.000Z"
    body: dict[str, Any] = {
        "spec_version": "2.1",
        "id": obj.ident,
        "created": "2024-01-01T00:00:00.000Z",
        "modified": stamp,
    }
    if obj.sighting_of:
        body.update(type="sighting", sighting_of_ref=obj.sighting_of)
    else:
        body.update(
            type="indicator",
            pattern=f"[ipv4-addr:value = '{next(iter(obj.values)).split('=')[1]}']",
            pattern_type="stix",
            valid_from="2024-01-01T00:00:00Z",
        )
    if obj.tlp != "unmarked":
        body["object_marking_refs"] = [TLP_MARKING_IDS[TLP_OF[obj.tlp]]]
    if obj.recipients:
        body["x_collsec_recipients"] = sorted(obj.recipients)
    return body


def _build(
    spec: dict[str, Any], tmp: Path, url: str | None = None
) -> tuple[World, OWorld, list[OObject], dict[str, str]]:
    ow = OWorld(status=spec["status"], org_state=spec["org_state"], groups=spec["groups"])
    world = World(
        url or f"sqlite:///{tmp / 'hub.db'}", standing={s: Status(v) for s, v in ow.status.items()}
    )
    for org, state in ow.org_state.items():
        world.org(org, state)
    for name, members in ow.groups.items():
        world.group(name, sorted(members))
    with world.store.read() as session:
        colls = session.scalars(select(Collection)).all()
    ids = {}
    for c in colls:
        ref = c.title if c.kind in ("org", "group") else c.ref
        ids[(c.kind, ref)] = c.id
    posted: list[OObject] = []
    for serial, (kind, poster, pick, tlp, rcpts, value) in enumerate(spec["ops"]):
        targets = sorted(
            k for k in ids if k[0] != "org" or k[1] in ow.org_state if poster in ow.audience(*k)
        )
        recipients = frozenset(rcpts) if tlp == "red" else frozenset()
        mine = [o for o in posted if o.owner == poster and not o.sighting_of]
        if kind == "version" and mine:
            base = mine[pick % len(mine)]
            obj = OObject(
                base.ident,
                f"2024-01-01T00:00:{serial:02d}.000Z",
                base.kind,
                base.ref,
                poster,
                tlp,
                recipients,
                base.values,
            )
        elif kind == "sighting" and any(not o.sighting_of for o in posted):
            sightable = [o for o in posted if not o.sighting_of]
            base = sightable[pick % len(sightable)]
            if poster not in ow.audience(base.kind, base.ref):
                continue
            obj = OObject(
                f"sighting--{uuid.uuid4()}",
                f"2024-01-01T00:00:{serial:02d}.000Z",
                base.kind,
                base.ref,
                poster,
                tlp,
                recipients,
                frozenset(),
                base.ident,
            )
        else:
            kind_ref = targets[pick % len(targets)]
            obj = OObject(
                f"indicator--{uuid.uuid4()}",
                f"2024-01-01T00:00:{serial:02d}.000Z",
                *kind_ref,
                poster,
                tlp,
                recipients,
                frozenset({f"ipv4-addr:value={value}"}),
            )
        status = world.post_to(poster, ids[(obj.kind, obj.ref)], [_stix(obj, serial)])
        assert status["success_count"] == 1, status["failures"]
        posted.append(obj)
    coll_ids = {f"{k}:{r}": cid for (k, r), cid in ids.items()}
    return world, ow, posted, coll_ids


def _pages(
    world: World, org: str, url: str, params: dict[str, Any], key: str = "objects"
) -> list[Any]:
    out: list[Any] = []
    params = dict(params)
    while True:
        r = world.client.get(url, params=params, headers=world.headers(org))
        assert r.status_code == 200, r.text
        body = r.json()
        out.extend(body.get(key, []))
        if not body.get("more"):
            return out
        params["next"] = body["next"]


def _pairs(objs: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(o["id"], o.get("modified", o.get("version"))) for o in objs}


def _check_reader(
    world: World, ow: OWorld, posted: list[OObject], colls: dict[str, str], org: str
) -> None:
    root = "/taxii2/alliance/collections"
    seen = set(world.collections(org).values())
    expected_colls = {cid for key, cid in colls.items() if org in ow.audience(*key.split(":", 1))}
    assert seen == expected_colls
    for key, cid in colls.items():
        kind, ref = key.split(":", 1)
        in_coll = [o for o in posted if (o.kind, o.ref) == (kind, ref)]
        latest = {(o.ident, o.version) for o in latest_readable(ow, org, in_coll)}
        if org not in ow.audience(kind, ref):
            for path in ("objects/", "manifest/", ""):
                assert (
                    world.client.get(f"{root}/{cid}/{path}", headers=world.headers(org)).status_code
                    == 404
                )
            for o in in_coll:
                r = world.client.get(f"{root}/{cid}/objects/{o.ident}/", headers=world.headers(org))
                assert r.status_code == 404
            continue
        assert _pairs(_pages(world, org, f"{root}/{cid}/objects/", {"limit": 2})) == latest
        assert _pairs(_pages(world, org, f"{root}/{cid}/manifest/", {"limit": 3})) == latest
        for ident in {o.ident for o in in_coll}:
            readable = sorted(
                o.version for o in in_coll if o.ident == ident and may_read(ow, org, o)
            )
            r = world.client.get(f"{root}/{cid}/objects/{ident}/", headers=world.headers(org))
            v = world.client.get(
                f"{root}/{cid}/objects/{ident}/versions/", headers=world.headers(org)
            )
            if not readable:
                assert (r.status_code, v.status_code) == (404, 404)
                continue
            assert [o["modified"] for o in r.json()["objects"]] == [readable[-1]]
            assert v.json()["versions"] == readable
    every_latest = latest_readable(ow, org, posted)
    for value in VALUES:
        got = _pages(world, org, "/intel/search", {"value": f"ipv4-addr:value={value}", "limit": 2})
        assert _pairs(got) == {
            (o.ident, o.version) for o in every_latest if f"ipv4-addr:value={value}" in o.values
        }
    for scope in SCOPES:
        got = _pages(world, org, "/intel/export", {"scope": scope, "limit": 3})
        assert _pairs(got) == {
            (o.ident, o.version) for o in every_latest if may_export(org, o, scope)
        }
    for ident in {o.ident for o in posted}:
        mine = [o for o in posted if o.ident == ident and may_read(ow, org, o)]
        c = world.client.get(f"/intel/correlations/{ident}", headers=world.headers(org))
        s = world.client.get(f"/intel/sightings/{ident}", headers=world.headers(org))
        if not mine:
            assert (c.status_code, s.status_code) == (404, 404)
            continue
        owners = {o.owner for o in mine}
        values = set().union(*(o.values for o in mine))
        expected = {o.ident for o in every_latest if o.owner not in owners and o.values & values}
        got_ids = {m["id"] for corr in c.json()["correlations"] for m in corr["matches"]}
        assert got_ids == expected
        sightings = {(o.ident, o.version) for o in every_latest if o.sighting_of == ident}
        assert _pairs(_pages(world, org, f"/intel/sightings/{ident}", {"limit": 2})) == sightings
    assert world.client.get("/intel/audit", headers=world.headers(org)).status_code == 404


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(worlds())
def test_every_read_path_matches_the_truth_table(spec: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        world, ow, posted, colls = _build(spec, Path(tmp))
        try:
            for org in ow.org_state:
                _check_reader(world, ow, posted, colls, org)
        finally:
            world.client.close()
            world.store.dispose()


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(spec=worlds())
def test_every_read_path_matches_the_truth_table_on_postgresql(
    spec: dict[str, Any], pg_server_url: str
) -> None:
    url, name = fresh_pg_database(pg_server_url)
    world = None
    try:
        world, ow, posted, colls = _build(spec, Path("unused"), url)
        for org in ow.org_state:
            _check_reader(world, ow, posted, colls, org)
    finally:
        if world is not None:
            world.client.close()
            world.store.dispose()
        drop_pg_database(pg_server_url, name)
