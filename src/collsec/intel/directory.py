"""Organisations, sharing groups, collections and keys: who exists and what each key is.

The hub keeps its collections in step with the directory: adding an organisation creates its
own collection and, the first time, its state's; adding a group creates the group's; `init`
creates the alliance collection (issue 5, section 3). Group members are stored by org UUID.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from collsec.errors import UsageError
from collsec.intel import audit
from collsec.intel.auth import KeyVerifier, new_key, parse_allowed_ips
from collsec.intel.models import (
    Collection,
    CollectionKind,
    Group,
    GroupMember,
    HubHead,
    Key,
    Org,
    Role,
    table,
)
from collsec.intel.policy import Audience, Reader, can_grant, in_audience
from collsec.intel.store import Store, connection_of
from collsec.scenario.models import Status

__all__ = [
    "HUB_ORG",
    "KeyFacts",
    "NewKey",
    "add_group",
    "add_org",
    "audience_of",
    "audience_of_light",
    "create_key",
    "init_hub",
    "key_facts",
    "parse_role",
    "readable_collections",
    "revoke_key",
]

#: The operator's own organisation, created by `init`; it belongs to no member state.
HUB_ORG = "collsec-hub"
_OPERATOR = "cli"
_MAX_NAME = 200


@dataclass(frozen=True)
class NewKey:
    """A key just created: its id and the key itself, shown once."""

    id: str
    key: str
    org: str
    role: Role


def parse_role(text: str) -> Role:
    """A role from its name, or a UsageError listing the valid ones."""
    try:
        return Role(text)
    except ValueError as exc:
        valid = ", ".join(r.value for r in Role)
        raise UsageError(f"--role: {text!r} is not a role (expected one of {valid})") from exc


def _audit_cli(session: Session, head: HubHead, store: Store, action: str, ids: list[str]) -> None:
    audit.append(
        session,
        head,
        at_us=store.clock(),
        key_id=_OPERATOR,
        org_id="",
        action=action,
        allowed=True,
        status_code=0,
        object_ids=ids,
        ip="local",
        request_id="",
    )


def _collection(session: Session, kind: CollectionKind, ref: str, title: str) -> Collection:
    found = session.scalar(
        select(Collection).where(Collection.kind == kind.value, Collection.ref == ref)
    )
    if found is not None:
        return found
    coll = Collection(id=str(uuid.uuid4()), kind=kind.value, ref=ref, title=title)
    session.add(coll)
    return coll


def _insert_key(
    session: Session,
    verifier: KeyVerifier,
    store: Store,
    org: Org,
    role: Role,
    expires: dt.date | None,
    read_only: bool,
    allowed_ips: list[str],
) -> NewKey:
    key_id, key = new_key()
    expires_us = None
    if expires is not None:
        midnight = dt.datetime.combine(expires, dt.time(0), tzinfo=dt.UTC)
        expires_us = int(midnight.timestamp() * 1_000_000)
    session.add(
        Key(
            id=key_id,
            org_id=org.id,
            role=role.value,
            hash=verifier.hash(key),
            read_only=read_only,
            allowed_ips=parse_allowed_ips(allowed_ips),
            expires_us=expires_us,
            revoked=False,
            created_us=store.clock(),
        )
    )
    return NewKey(key_id, key, org.name, role)


def init_hub(store: Store, verifier: KeyVerifier) -> NewKey:
    """Create the schema, the alliance collection, the operator org and its hub-admin key."""
    store.upgrade()
    if store.is_initialised():
        raise UsageError(f"{store.url}: the intel hub is already initialised")
    with store.bootstrap() as session:
        session.add(
            HubHead(
                id=1,
                audit_seq=0,
                audit_hash=audit.GENESIS,
                last_added_us=0,
                cursor_secret=secrets.token_hex(32),
            )
        )
    with store.write() as (session, head):
        _collection(session, CollectionKind.ALLIANCE, "alliance", "alliance")
        org = Org(id=str(uuid.uuid4()), name=HUB_ORG, state="", created_us=store.clock())
        session.add(org)
        _collection(session, CollectionKind.ORG, org.id, org.name)
        made = _insert_key(session, verifier, store, org, Role.HUB_ADMIN, None, False, [])
        _audit_cli(session, head, store, "init", [org.id, made.id])
    return made


def add_org(
    store: Store,
    name: str,
    state: str,
    standing: Mapping[str, Status],
    *,
    over_http: bool = False,
) -> Org:
    """Add an organisation of a member state, with its collection and its state's collection.

    The CLI's change is audited here; one made `over_http` is audited by its request's entry.
    """
    if not name.strip() or len(name) > _MAX_NAME:
        raise UsageError(f"--name: an organisation needs a name of 1 to {_MAX_NAME} characters")
    if state not in standing:
        known = ", ".join(sorted(standing))
        raise UsageError(
            f"--state: {state!r} is not a member state of the scenario (expected one of {known})"
        )
    with store.write() as (session, head):
        if session.scalar(select(Org).where(Org.name == name)) is not None:
            raise UsageError(f"--name: organisation {name!r} already exists")
        org = Org(id=str(uuid.uuid4()), name=name, state=state, created_us=store.clock())
        session.add(org)
        _collection(session, CollectionKind.ORG, org.id, name)
        _collection(session, CollectionKind.STATE, state, state)
        if not over_http:
            _audit_cli(session, head, store, f"org add {name}", [org.id])
    return org


def _org_by_name(session: Session, name: str, field: str) -> Org:
    org = session.scalar(select(Org).where(Org.name == name))
    if org is None:
        raise UsageError(f"{field}: organisation {name!r} does not exist")
    return org


def add_group(store: Store, name: str, org_names: list[str], *, over_http: bool = False) -> Group:
    """Add a sharing group of existing organisations (stored by UUID) and its collection.

    The CLI's change is audited here; one made `over_http` is audited by its request's entry.
    """
    if not name.strip() or len(name) > _MAX_NAME or not org_names:
        raise UsageError(
            f"group add: a group needs a name of 1 to {_MAX_NAME} characters and an --org"
        )
    with store.write() as (session, head):
        if session.scalar(select(Group).where(Group.name == name)) is not None:
            raise UsageError(f"--name: group {name!r} already exists")
        orgs = [_org_by_name(session, n, "--org") for n in dict.fromkeys(org_names)]
        group = Group(id=str(uuid.uuid4()), name=name, created_us=store.clock())
        session.add(group)
        session.flush()
        session.add_all(GroupMember(group_id=group.id, org_id=o.id) for o in orgs)
        _collection(session, CollectionKind.GROUP, group.id, name)
        if not over_http:
            _audit_cli(session, head, store, f"group add {name}", [group.id])
    return group


def create_key(
    store: Store,
    verifier: KeyVerifier,
    actor: Reader | None,
    org_name: str,
    role: Role,
    *,
    expires: dt.date | None = None,
    read_only: bool = False,
    allowed_ips: list[str] | None = None,
) -> NewKey:
    """Create a key; `actor` None is the operator on the command line (hub-admin rights).

    An org-admin key may only create keys of its own organisation, with a role at most its own.
    """
    with store.write() as (session, head):
        org = _org_by_name(session, org_name, "--org")
        if actor is not None and not can_grant(actor, org.id, role):
            raise PermissionError(f"this key may not create a {role.value} key for {org_name}")
        made = _insert_key(
            session, verifier, store, org, role, expires, read_only, allowed_ips or []
        )
        if actor is None:
            _audit_cli(session, head, store, f"key create {org_name} {role.value}", [made.id])
    return made


def revoke_key(store: Store, verifier: KeyVerifier, actor: Reader | None, key_id: str) -> None:
    """Revoke a key and drop it from the verification cache.

    A key the actor may not manage answers like a key that does not exist (no existence leak).
    """
    with store.write() as (session, head):
        key = session.get(Key, key_id)
        if key is None or (actor is not None and not can_grant(actor, key.org_id, Role(key.role))):
            raise LookupError(f"key {key_id!r} does not exist")
        key.revoked = True
        if actor is None:
            _audit_cli(session, head, store, "key revoke", [key_id])
    verifier.forget(key_id)


@dataclass(frozen=True)
class KeyFacts:
    """A key's stored row as authentication needs it, and the reader it stands for."""

    hash: str
    revoked: bool
    expires_us: int | None
    allowed_ips: str
    reader: Reader


_KEY = table(Key)
_ORG = table(Org)
_MEMBER = table(GroupMember)
#: The key, its organisation's state and the organisation's groups in one query, built once:
#: it runs on every request.
_KEY_FACTS = (
    select(
        _KEY.c.org_id,
        _KEY.c.role,
        _KEY.c.read_only,
        _KEY.c.hash,
        _KEY.c.revoked,
        _KEY.c.expires_us,
        _KEY.c.allowed_ips,
        _ORG.c.state,
        _MEMBER.c.group_id,
    )
    .join(_ORG, _ORG.c.id == _KEY.c.org_id)
    .outerjoin(_MEMBER, _MEMBER.c.org_id == _KEY.c.org_id)
    .where(_KEY.c.id == bindparam("key_id"))
)


def key_facts(source: Session | Connection, key_id: str) -> KeyFacts | None:
    """A key's row with the access-relevant facts of its organisation, or None if unknown.

    Everything is read afresh on every call, so a revocation, a new group membership or a
    new key made by another process applies on the next request.
    """
    rows = connection_of(source).execute(_KEY_FACTS, {"key_id": key_id}).all()
    if not rows:
        return None
    org_id, role, read_only, hash_, revoked, expires_us, allowed_ips, state, _ = rows[0]
    reader = Reader(
        org_id=org_id,
        state=state,
        role=Role(role),
        read_only=bool(read_only),
        group_ids=frozenset(r[8] for r in rows if r[8] is not None),
    )
    return KeyFacts(
        hash=hash_,
        revoked=bool(revoked),
        expires_us=expires_us,
        allowed_ips=allowed_ips,
        reader=reader,
    )


def audience_of(session: Session, coll: Collection) -> Audience:
    """A collection's audience; group members are read with their states."""
    members: dict[str, str] = {}
    if coll.kind == CollectionKind.GROUP.value:
        rows = session.execute(
            select(Org.id, Org.state)
            .join(GroupMember, GroupMember.org_id == Org.id)
            .where(GroupMember.group_id == coll.ref)
        )
        members = {org_id: state for org_id, state in rows}
    return Audience(
        collection_id=coll.id, kind=CollectionKind(coll.kind), ref=coll.ref, member_states=members
    )


def readable_collections(
    source: Session | Connection, reader: Reader, standing: Mapping[str, Status]
) -> list[Collection]:
    """The collections whose audience holds the reader, in title order.

    It runs on every request, so it reads plain columns and builds objects only for the
    collections `in_audience` accepts.
    """
    rows = (
        connection_of(source)
        .execute(
            select(Collection.id, Collection.kind, Collection.ref, Collection.title).order_by(
                Collection.title, Collection.id
            )
        )
        .all()
    )
    return [
        Collection(id=cid, kind=kind, ref=ref, title=title)
        for cid, kind, ref, title in rows
        if in_audience(reader, Audience(cid, CollectionKind(kind), ref, {}), standing)
    ]


def audience_of_light(coll: Collection) -> Audience:
    """A collection's audience without group member states (enough for `in_audience`)."""
    return Audience(
        collection_id=coll.id, kind=CollectionKind(coll.kind), ref=coll.ref, member_states={}
    )
