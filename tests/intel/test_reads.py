"""The TAXII listings' statement (built once, reader bound per call) against the general one.

`reads.collection_page` runs a statement built once per filter shape with the reader's
organisation and the collection as bound parameters; `reads.page` builds the condition from
`policy.visible_filter` per call. Both must give the same rows for every reader, collection,
filter and cursor position (the access oracle tests check `collection_page` against the truth
table through HTTP as well).
"""

from __future__ import annotations

import itertools

from fastapi.testclient import TestClient
from sqlalchemy import select

from collsec.intel.auth import parse_key
from collsec.intel.directory import key_facts
from collsec.intel.models import StoredObject
from collsec.intel.policy import Reader
from collsec.intel.reads import Filters, collection_page, page
from collsec.intel.service import create_app
from collsec.intel.tlp import TLP
from collsec.scenario.models import Status

from .conftest import FAST, World
from .stixgen import indicator, report

ORGS = [("KAZ-KNB", "KAZ"), ("KAZ-MVD", "KAZ"), ("BLR-KGB", "BLR"), ("UZB-SGB", "UZB")]
STAMPS = ["2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"]


def _world(url: str) -> tuple[World, dict[str, Reader], dict[str, str]]:
    w = World(url)
    for name, state in ORGS:
        w.org(name, state)
    w.group("pair", ["KAZ-MVD", "BLR-KGB"])
    colls = w.collections("KAZ-KNB") | w.collections("BLR-KGB")
    # Versions of the same objects, some RED with recipients, interleaved across collections
    # so that `seq` and `date_added` order mix collections.
    shared = [f"indicator--0000000{i}-0000-4000-8000-000000000000" for i in range(3)]
    for round_, stamp in enumerate(STAMPS):
        for i, ident in enumerate(shared):
            tlp = [TLP.GREEN, TLP.RED, TLP.AMBER][(i + round_) % 3]
            recipients = ["KAZ-MVD"] if tlp is TLP.RED else None
            obj = indicator(f"10.0.{round_}.{i}", tlp, recipients=recipients, modified=stamp)
            obj["id"] = ident
            w.post("KAZ-KNB", "KAZ", [obj])
            w.post("KAZ-KNB", "alliance", [indicator(f"10.1.{round_}.{i}", TLP.CLEAR)])
        w.post_to("BLR-KGB", colls["pair"], [report([shared[0]], TLP.GREEN)])
    readers: dict[str, Reader] = {}
    with w.store.read() as session:
        for name, _ in ORGS:
            key_id = parse_key(w.keys[name])
            assert key_id is not None
            facts = key_facts(session, key_id)
            assert facts is not None
            readers[name] = facts.reader
    return w, readers, colls


def _filter_cases(dates: list[int], ids: list[str]) -> list[Filters]:
    cases = [Filters()]
    cases += [Filters(added_after_us=d) for d in (dates[0] - 1, dates[len(dates) // 2], dates[-1])]
    cases += [Filters(ids=(ids[0],)), Filters(ids=tuple(ids[:2]), versions=("all",))]
    cases += [Filters(types=("report",)), Filters(types=("indicator", "report"))]
    cases += [Filters(spec_versions=("2.1",)), Filters(spec_versions=("2.0",))]
    cases += [Filters(versions=v) for v in (("first",), ("all",), ("last", "first"))]
    cases += [Filters(versions=("2024-02-01T00:00:00.000000Z",))]
    cases += [
        Filters(added_after_us=dates[len(dates) // 3], ids=(ids[0],), versions=("first", "last"))
    ]
    return cases


def test_the_bound_listing_statement_gives_the_rows_of_the_general_one(db_url: str) -> None:
    w, readers, colls = _world(db_url)
    with w.store.read() as session:
        rows = session.execute(
            select(StoredObject.date_added_us, StoredObject.stix_id).order_by(StoredObject.seq)
        ).all()
        seqs = list(session.scalars(select(StoredObject.seq).order_by(StoredObject.seq)))
    dates = [d for d, _ in rows]
    ids = sorted({i for _, i in rows})
    compared = 0
    for (name, reader), cid, filters in itertools.product(
        readers.items(), sorted(colls.values()), _filter_cases(dates, ids)
    ):
        for after in (0, seqs[len(seqs) // 2]):
            for limit in (2, 100):
                with w.store.read() as session:
                    fast = collection_page(session, reader, cid, filters, limit, after)
                    general = page(session, reader, [cid], [], filters, limit, after)
                assert fast == general, (name, cid, filters, after, limit)
                compared += len(general[0])
    assert compared > 0
    w.client.close()
    w.store.dispose()


def test_a_new_group_membership_applies_on_the_next_request(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    world.org("BLR-KGB", "BLR")
    before = world.collections("KAZ-KNB")  # remembered for this audience position
    assert "pair" not in before
    world.group("pair", ["KAZ-KNB", "BLR-KGB"])
    after = world.collections("KAZ-KNB")
    assert set(after) == set(before) | {"pair"}
    url = f"/taxii2/alliance/collections/{after['pair']}/objects/"
    assert world.client.get(url, headers=world.headers("KAZ-KNB")).status_code == 200


class _Members:
    """A member list that the test changes while the hub runs."""

    def __init__(self, standing: dict[str, Status]) -> None:
        self.standing = dict(standing)

    def current(self) -> dict[str, Status]:
        return self.standing


def test_a_suspended_state_loses_the_alliance_on_the_next_request(world: World) -> None:
    world.org("KAZ-KNB", "KAZ")
    members = _Members(world.standing)
    client = TestClient(create_app(world.store, members, FAST))
    headers = world.headers("KAZ-KNB")
    listed = client.get("/taxii2/alliance/collections/", headers=headers).json()["collections"]
    alliance = next(c["id"] for c in listed if c["title"] == "alliance")
    url = f"/taxii2/alliance/collections/{alliance}/objects/"
    assert client.get(url, headers=headers).status_code == 200
    members.standing["KAZ"] = Status.SUSPENDED
    assert client.get(url, headers=headers).status_code == 404
    client.close()
