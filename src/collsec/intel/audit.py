"""The append-only, hash-chained audit log of every request.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own fields in
canonical JSON, so editing, deleting or reordering any entry breaks every hash after it
(`verify`). Entries are appended under the `intel_head` row lock, which holds the chain's
head, so two writers can never fork the chain. MISP records the same facts in its AuditLog
(user, org, IP, request id; research section 1.9).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from collsec.intel.models import AuditEntry, HubHead, table

__all__ = [
    "GENESIS",
    "ChainReport",
    "Head",
    "append",
    "append_many",
    "entry_hash",
    "entry_json",
    "verify",
]

GENESIS = "0" * 64


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at_us": entry.at_us,
        "key_id": entry.key_id,
        "org_id": entry.org_id,
        "action": entry.action,
        "allowed": bool(entry.allowed),
        "status_code": entry.status_code,
        "object_ids": entry.object_ids,
        "ip": entry.ip,
        "request_id": entry.request_id,
    }


def _hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    """The chained hash of an entry given the hash before it."""
    return _hash(prev_hash, _fields(entry))


class Head(Protocol):
    """The chain's head: the ORM row in `Store.write`, a `ChainHead` in `Store.appending`."""

    audit_seq: int
    audit_hash: str


def _row(head: Head, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The stored row of the entry after `head`, and `head` moved on to it."""
    object_ids = fields["object_ids"]
    entry: dict[str, Any] = {
        "seq": head.audit_seq + 1,
        "at_us": fields["at_us"],
        "key_id": fields["key_id"],
        "org_id": fields["org_id"],
        "action": fields["action"][:200],
        "allowed": fields["allowed"],
        "status_code": fields["status_code"],
        "object_ids": object_ids if isinstance(object_ids, str) else ",".join(object_ids),
        "ip": fields["ip"][:64],
        "request_id": fields["request_id"][:100],
    }
    digest = _hash(head.audit_hash, entry)
    row = {**entry, "prev_hash": head.audit_hash, "hash": digest}
    head.audit_seq = entry["seq"]
    head.audit_hash = digest
    return row


def append(
    session: Session,
    head: HubHead,
    *,
    at_us: int,
    key_id: str,
    org_id: str,
    action: str,
    allowed: bool,
    status_code: int,
    object_ids: Iterable[str],
    ip: str,
    request_id: str,
) -> None:
    """Append one entry inside the caller's write transaction (which holds `head` locked).

    The row is inserted with a Core statement rather than built as an ORM object: every
    request appends one, so this is on the hot path of reads and writes alike.
    """
    append_many(
        session,
        head,
        [
            {
                "at_us": at_us,
                "key_id": key_id,
                "org_id": org_id,
                "action": action,
                "allowed": allowed,
                "status_code": status_code,
                "object_ids": list(object_ids),
                "ip": ip,
                "request_id": request_id,
            }
        ],
    )


def append_many(
    session: Session | Connection, head: Head, entries: Sequence[Mapping[str, Any]]
) -> None:
    """Append entries in order (each a mapping of `append`'s keyword arguments) in one insert.

    Each entry is chained to the one before it exactly as `append` would chain it; the audit
    writer appends a whole group-commit batch this way, one statement instead of one each.
    """
    rows = [_row(head, fields) for fields in entries]
    if rows:
        session.execute(insert(table(AuditEntry)), rows)


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    """An entry as the audit view shows it."""
    return {
        **_fields(entry),
        "object_ids": [i for i in entry.object_ids.split(",") if i],
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


@dataclass(frozen=True)
class ChainReport:
    """The outcome of `verify`: how many entries were checked and the first broken one."""

    entries: int
    ok: bool
    broken_at: int | None
    message: str


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Recompute the chain from the first entry and compare it with the stored head."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    last_seq = 0
    while True:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.seq > last_seq)
            .order_by(AuditEntry.seq)
            .limit(batch)
        ).all()
        if not rows:
            break
        for entry in rows:
            if entry.seq != expected_seq:
                return ChainReport(count, False, expected_seq, f"entry {expected_seq} is missing")
            if entry.prev_hash != prev or entry_hash(prev, entry) != entry.hash:
                return ChainReport(count, False, entry.seq, f"entry {entry.seq} was altered")
            prev = entry.hash
            expected_seq += 1
            count += 1
            last_seq = entry.seq
    head = session.get(HubHead, 1)
    if head is not None and (head.audit_seq != last_seq or head.audit_hash != prev):
        return ChainReport(count, False, last_seq + 1, "entries after the last one were removed")
    return ChainReport(count, True, None, f"{count} entries, chain intact")
