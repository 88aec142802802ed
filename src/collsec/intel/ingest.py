"""Storing posted objects: versioning, re-share checks and the TAXII status resource.

One POST is one write transaction: the objects, their index rows, the status resource and
the audit entry commit together before the answer leaves, so every object the status calls
a success is on disk ("acknowledged" means stored; issue 5, section 9).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from collsec.intel import audit
from collsec.intel.directory import audience_of
from collsec.intel.models import (
    Collection,
    ObjectRecipient,
    ObjectRef,
    ObjectValue,
    Org,
    StatusRecord,
    StoredObject,
    table,
)
from collsec.intel.policy import Audience, ObjectFacts, Reader, can_reshare, visible_filter
from collsec.intel.stix import RECIPIENTS, Checked, ObjectRejected, check_object
from collsec.intel.store import Store
from collsec.intel.tlp import TLP
from collsec.scenario.models import Status

__all__ = ["PostContext", "format_timestamp", "ingest"]


def format_timestamp(us: int) -> str:
    """Microseconds since the epoch as a TAXII timestamp (`2024-01-01T00:00:00.000000Z`)."""
    stamp = dt.datetime.fromtimestamp(us / 1_000_000, tz=dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"


@dataclass
class PostContext:
    """Who posts, where, and what the audit entry should say about it."""

    reader: Reader
    key_id: str
    collection: Collection
    standing: Mapping[str, Status]
    readable: Sequence[str]
    ip: str
    request_id: str
    action: str
    stored_ids: list[str] = field(default_factory=list)


def _version(obj: Mapping[str, Any]) -> str:
    stamp = obj.get("modified") or obj.get("created")
    return stamp if isinstance(stamp, str) else ""


def _sources(session: Session, ctx: PostContext, ids: set[str]) -> dict[str, list[ObjectFacts]]:
    """Stored objects the poster can read, elsewhere than the target, by STIX id."""
    if not ids:
        return {}
    rows = session.execute(
        select(StoredObject.stix_id, StoredObject.owner_org_id, StoredObject.tlp, Collection)
        .join(Collection, Collection.id == StoredObject.collection_id)
        .where(
            StoredObject.stix_id.in_(sorted(ids)),
            StoredObject.collection_id != ctx.collection.id,
            visible_filter(ctx.reader, ctx.readable),
        )
    ).all()
    audiences: dict[str, Audience] = {}
    found: dict[str, list[ObjectFacts]] = {}
    for stix_id, owner, tlp, coll in rows:
        if coll.id not in audiences:
            audiences[coll.id] = audience_of(session, coll)
        found.setdefault(stix_id, []).append(
            ObjectFacts(audiences[coll.id], owner, TLP(tlp), frozenset())
        )
    return found


def _reshare_refusal(
    ctx: PostContext, target: Audience, checked: Checked, sources: Mapping[str, list[ObjectFacts]]
) -> str | None:
    for ref_id in sorted({checked.stix_id} | {t for _, t in checked.refs}):
        for facts in sources.get(ref_id, []):
            if not can_reshare(ctx.reader, facts, target, ctx.standing):
                return (
                    f"re-share refused: {ref_id} is TLP:{facts.tlp.label.upper()} "
                    "and may not be posted to this collection"
                )
    return None


@dataclass
class _Version:
    """A stored or pending version of one id in the target collection."""

    modified: str
    owner_org_id: str
    body: str
    latest: bool
    seq: int | None = None
    pending: dict[str, Any] | None = None


@dataclass
class _Batch:
    """The versions already in the target collection, and the rows this POST will insert."""

    versions: dict[str, list[_Version]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    children: list[tuple[Checked, list[str]]] = field(default_factory=list)
    demoted: list[int] = field(default_factory=list)
    #: The `date_added` of the next staged version; each version gets its own microsecond,
    #: so that `added_after` set to a page's last `date_added` never skips a sibling.
    next_added_us: int = 0

    def demote(self, version: _Version) -> None:
        """Mark a version as no longer the newest (stored ones are updated at insert time)."""
        version.latest = False
        if version.seq is not None:
            self.demoted.append(version.seq)
        if version.pending is not None:
            version.pending["latest"] = False


_OBJECTS = table(StoredObject)


def _load_batch(session: Session, coll_id: str, ids: set[str]) -> _Batch:
    versions: dict[str, list[_Version]] = {}
    if ids:
        t = _OBJECTS.c
        stored = session.execute(
            select(t.seq, t.stix_id, t.modified, t.owner_org_id, t.body, t.latest).where(
                t.collection_id == coll_id, t.stix_id.in_(sorted(ids))
            )
        )
        for seq, stix_id, modified, owner, body, latest in stored:
            versions.setdefault(stix_id, []).append(
                _Version(modified, owner, body, bool(latest), seq=seq)
            )
    return _Batch(versions)


def _stage_one(
    batch: _Batch,
    ctx: PostContext,
    checked: Checked,
    recipients: list[str],
) -> str | None:
    """Stage one version for insertion; return a failure message, or None on success."""
    existing = batch.versions.setdefault(checked.stix_id, [])
    if any(v.owner_org_id != ctx.reader.org_id for v in existing):
        return "id: this object belongs to another organisation"
    for v in existing:
        if v.modified == checked.modified:
            if v.body == checked.body:
                return None
            return "modified: another version with this id and modified is already stored"
    latest = all(checked.modified > v.modified for v in existing)
    if latest:
        for v in existing:
            if v.latest:
                batch.demote(v)
    added = batch.next_added_us
    batch.next_added_us += 1
    row = {
        "collection_id": ctx.collection.id,
        "stix_id": checked.stix_id,
        "stix_type": checked.stix_type,
        "spec_version": "2.1",
        "modified": checked.modified,
        "date_added_us": added,
        "owner_org_id": ctx.reader.org_id,
        "tlp": int(checked.tlp),
        "latest": latest,
        "body": checked.body,
    }
    existing.append(
        _Version(checked.modified, ctx.reader.org_id, checked.body, latest, pending=row)
    )
    batch.rows.append(row)
    batch.children.append((checked, recipients))
    ctx.stored_ids.append(checked.stix_id)
    return None


def _insert(session: Session, batch: _Batch) -> None:
    """Insert the staged rows and their index rows, one multi-row statement per table.

    `seq` is assigned here, under the head-row lock that serialises writers, so `seq` order is
    commit order on both backends (a keyset cursor never skips a row that committed late).
    Core statements, not ORM objects: this is the hot path of every POST.
    """
    if batch.demoted:
        session.execute(
            update(_OBJECTS).where(_OBJECTS.c.seq.in_(batch.demoted)).values(latest=False)
        )
    if not batch.rows:
        return
    first = (session.scalar(select(func.max(_OBJECTS.c.seq))) or 0) + 1
    for offset, row in enumerate(batch.rows):
        row["seq"] = first + offset
    session.execute(insert(_OBJECTS), batch.rows)
    seqs = range(first, first + len(batch.rows))
    recipients = [
        {"seq": q, "org_id": o}
        for q, (_, orgs) in zip(seqs, batch.children, strict=True)
        for o in orgs
    ]
    values = [
        {"seq": q, "value": v}
        for q, (c, _) in zip(seqs, batch.children, strict=True)
        for v in c.values
    ]
    refs = [
        {"seq": q, "prop": p, "target_id": t}
        for q, (c, _) in zip(seqs, batch.children, strict=True)
        for p, t in c.refs
    ]
    for model, rows in ((ObjectRecipient, recipients), (ObjectValue, values), (ObjectRef, refs)):
        if rows:
            session.execute(insert(table(model)), rows)


def ingest(store: Store, ctx: PostContext, objects: Sequence[Any]) -> dict[str, Any]:
    """Validate and store an envelope's objects one by one; return the TAXII status resource.

    Invalid objects are refused one by one with the failing field as the message; the valid
    ones beside them are stored (TAXII 2.1, section 5.5).
    """
    checked: list[tuple[int, Checked | None, str]] = []
    for index, raw in enumerate(objects):
        try:
            checked.append((index, check_object(raw), ""))
        except ObjectRejected as exc:
            checked.append((index, None, str(exc)))
    successes: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    with store.write() as (session, head):
        request_us = store.clock()
        target = audience_of(session, ctx.collection)
        names = {n for _, c, _ in checked if c is not None for n in c.recipients}
        orgs: dict[str, str] = {}
        if names:
            found = session.execute(select(Org.name, Org.id).where(Org.name.in_(sorted(names))))
            orgs = {name: org_id for name, org_id in found}
        ids = {
            i for _, c, _ in checked if c is not None for i in {c.stix_id} | {t for _, t in c.refs}
        }
        sources = _sources(session, ctx, ids)
        batch = _load_batch(session, ctx.collection.id, {c.stix_id for _, c, _ in checked if c})
        batch.next_added_us = max(request_us, head.last_added_us + 1)
        for index, item, problem in checked:
            raw = objects[index]
            ident = (
                raw.get("id")
                if isinstance(raw, dict) and isinstance(raw.get("id"), str)
                else f"objects[{index}]"
            )
            version = _version(raw) if isinstance(raw, dict) else ""
            if item is not None:
                unknown = [n for n in item.recipients if n not in orgs]
                if unknown:
                    problem = f"{RECIPIENTS}: unknown organisation {unknown[0]!r}"
                else:
                    problem = _reshare_refusal(ctx, target, item, sources) or (
                        _stage_one(batch, ctx, item, [orgs[n] for n in item.recipients]) or ""
                    )
            entry = {"id": ident, "version": version}
            if problem:
                failures.append({**entry, "message": f"objects[{index}] {problem}"})
            else:
                successes.append(entry)
        _insert(session, batch)
        if batch.rows:
            head.last_added_us = batch.next_added_us - 1
        status = {
            "id": str(uuid.uuid4()),
            "status": "complete",
            "request_timestamp": format_timestamp(request_us),
            "total_count": len(objects),
            "success_count": len(successes),
            "successes": successes,
            "failure_count": len(failures),
            "failures": failures,
            "pending_count": 0,
            "pendings": [],
        }
        session.execute(
            insert(table(StatusRecord)),
            {
                "id": status["id"],
                "org_id": ctx.reader.org_id,
                "request_timestamp_us": request_us,
                "body": json.dumps(status),
            },
        )
        audit.append(
            session,
            head,
            at_us=request_us,
            key_id=ctx.key_id,
            org_id=ctx.reader.org_id,
            action=ctx.action,
            allowed=True,
            status_code=202,
            object_ids=ctx.stored_ids,
            ip=ctx.ip,
            request_id=ctx.request_id,
        )
    return status
