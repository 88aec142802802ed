"""The one place where the hub decides who may read, write and re-share.

The rule is docs/intel-access.md. It is given in two forms built from the same table
(`TLP_RULES`): `can_see` for a single object and `visible_filter`, a SQL condition, for
listings, so that the first page of a listing is answered by the database
(`bound_visible_filter` is the same condition with the reader as bound parameters). Every
read path of the hub (object GET, listing, manifest, versions, search, correlations,
sightings, exports) goes through one of them; audit views are for hub-admins only
(`can_read_audit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    exists,
    false,
    literal_column,
    or_,
    select,
    true,
)

from collsec.intel.models import CollectionKind, ObjectRecipient, Role, StoredObject, table
from collsec.intel.tlp import TLP
from collsec.scenario.models import Status

__all__ = [
    "GOOD_STANDING",
    "TLP_RULES",
    "Audience",
    "ObjectFacts",
    "Reader",
    "ShareBound",
    "TlpRule",
    "bound_visible_filter",
    "can_grant",
    "can_manage_directory",
    "can_read_audit",
    "can_reshare",
    "can_see",
    "can_write",
    "export_bound",
    "in_audience",
    "in_good_standing",
    "visible_filter",
]

#: Statuses whose states' organisations keep the alliance collection (research R5: a frozen
#: state is legally still a member; issue 5 section 3: suspended or withdrawn states lose it).
GOOD_STANDING: frozenset[Status] = frozenset({Status.ACTIVE, Status.FROZEN_SELF_DECLARED})


class ShareBound(StrEnum):
    """How far a non-owner may re-share an object (TLP 2.0, FIRST)."""

    ANYWHERE = "anywhere"
    ALLIANCE = "alliance"
    STATE = "state"
    ORG = "org"
    NOWHERE = "nowhere"


@dataclass(frozen=True)
class TlpRule:
    """What a TLP level means here: who in the audience reads, and how far it travels."""

    recipients_only: bool
    reshare: ShareBound


#: The table both forms of the read rule and the re-share rule are built from.
TLP_RULES: Mapping[TLP, TlpRule] = {
    TLP.CLEAR: TlpRule(recipients_only=False, reshare=ShareBound.ANYWHERE),
    TLP.GREEN: TlpRule(recipients_only=False, reshare=ShareBound.ALLIANCE),
    TLP.AMBER: TlpRule(recipients_only=False, reshare=ShareBound.STATE),
    TLP.AMBER_STRICT: TlpRule(recipients_only=False, reshare=ShareBound.ORG),
    TLP.RED: TlpRule(recipients_only=True, reshare=ShareBound.NOWHERE),
}


@dataclass(frozen=True)
class Reader:
    """The organisation behind a key, with what its rights depend on."""

    org_id: str
    state: str
    role: Role
    read_only: bool
    group_ids: frozenset[str]


@dataclass(frozen=True)
class Audience:
    """A collection's audience by definition: its kind, its ref and, for groups, the members.

    `member_states` maps each member org of a group to its state; it is empty for the other
    kinds, whose audience follows from `kind` and `ref` alone.
    """

    collection_id: str
    kind: CollectionKind
    ref: str
    member_states: Mapping[str, str]


@dataclass(frozen=True)
class ObjectFacts:
    """What the rule needs to know about one stored object version."""

    audience: Audience
    owner_org_id: str
    tlp: TLP
    recipients: frozenset[str]


def in_good_standing(state: str, standing: Mapping[str, Status]) -> bool:
    """Whether a state's organisations belong to the alliance audience today."""
    return standing.get(state) in GOOD_STANDING


def in_audience(reader: Reader, audience: Audience, standing: Mapping[str, Status]) -> bool:
    """Whether the reader's organisation is in a collection's audience (issue 5, section 3)."""
    if audience.kind is CollectionKind.ORG:
        return audience.ref == reader.org_id
    if audience.kind is CollectionKind.STATE:
        return audience.ref == reader.state
    if audience.kind is CollectionKind.ALLIANCE:
        return in_good_standing(reader.state, standing)
    return audience.ref in reader.group_ids


def can_see(reader: Reader, obj: ObjectFacts, standing: Mapping[str, Status]) -> bool:
    """Whether the reader may read one object version (docs/intel-access.md, section 1)."""
    if not in_audience(reader, obj.audience, standing):
        return False
    if not TLP_RULES[obj.tlp].recipients_only:
        return True
    return reader.org_id == obj.owner_org_id or reader.org_id in obj.recipients


def _tlp_allows(org: Any, obj: Any) -> ColumnElement[bool]:
    """The TLP part of the read rule for the organisation `org` (a value or a bound parameter)."""
    restricted = [int(t) for t, rule in TLP_RULES.items() if rule.recipients_only]
    recipient = table(ObjectRecipient)
    named = exists(
        select(recipient.c.seq).where(recipient.c.seq == obj.seq, recipient.c.org_id == org)
    )
    # `!=` per level rather than NOT IN: an IN list is re-rendered on every execution.
    unrestricted = and_(true(), *(obj.tlp != level for level in restricted))
    return or_(unrestricted, obj.owner_org_id == org, named)


def visible_filter(
    reader: Reader, readable_collections: Iterable[str], obj: Any = StoredObject
) -> ColumnElement[bool]:
    """The same rule as `can_see`, as a SQL condition on `StoredObject` (or an alias of it).

    `readable_collections` are the ids of the collections whose audience holds the reader
    (computed with `in_audience`); the TLP part comes from `TLP_RULES`.
    """
    ids = sorted(set(readable_collections))
    if not ids:
        return false()
    # One collection is written as `=`, so that the (collection_id, seq) index also gives the
    # order and a first page reads only its own rows.
    in_collections = obj.collection_id == ids[0] if len(ids) == 1 else obj.collection_id.in_(ids)
    return and_(in_collections, _tlp_allows(reader.org_id, obj))


def bound_visible_filter(obj: Any, collection_index: bool = True) -> ColumnElement[bool]:
    """`visible_filter` for one collection, with the reader's facts as bound parameters.

    The condition holds no reader's values, so one statement serves every reader and is built
    and compiled once; each execution binds `reader_org` (the reader's organisation id) and
    `collection` (a collection id that `in_audience` accepted for that reader, as for
    `visible_filter`). Nothing about a reader is cached: a revoked key or a changed membership
    applies on the next request. `collection_index=False` writes the collection test so that
    no index can serve it (`collection_id || ''`), for queries that a narrower index should
    drive (`match[id]`: SQLite otherwise walks the whole collection in `seq` order).
    """
    column = obj.collection_id if collection_index else obj.collection_id + literal_column("''")
    return and_(
        column == bindparam("collection"),
        _tlp_allows(bindparam("reader_org"), obj),
    )


def _within(
    bound: ShareBound, reader: Reader, target: Audience, standing: Mapping[str, Status]
) -> bool:
    """Whether a target audience lies within a bound, judged from the reader's position."""
    if bound is ShareBound.ANYWHERE:
        return True
    if bound is ShareBound.NOWHERE:
        return False
    if target.kind is CollectionKind.GROUP:
        states = set(target.member_states.values())
        if bound is ShareBound.ALLIANCE:
            return all(in_good_standing(s, standing) for s in states)
        if bound is ShareBound.STATE:
            return states <= {reader.state}
        return set(target.member_states) <= {reader.org_id}
    if target.kind is CollectionKind.ALLIANCE:
        return bound is ShareBound.ALLIANCE
    if target.kind is CollectionKind.STATE:
        if bound is ShareBound.ALLIANCE:
            return in_good_standing(target.ref, standing)
        return bound is ShareBound.STATE and target.ref == reader.state
    # An org collection: the poster can only be in the audience of its own.
    if bound is ShareBound.ALLIANCE:
        return target.ref == reader.org_id and in_good_standing(reader.state, standing)
    return target.ref == reader.org_id


def can_reshare(
    reader: Reader, source: ObjectFacts, target: Audience, standing: Mapping[str, Status]
) -> bool:
    """Whether the reader may post a copy of, or an object derived from, `source` to `target`.

    The owner is the originator and is not bound by its own TLP (docs/intel-access.md, 2).
    """
    if source.audience.collection_id == target.collection_id:
        return True
    if reader.org_id == source.owner_org_id:
        return True
    return _within(TLP_RULES[source.tlp].reshare, reader, target, standing)


def export_bound(scope: ShareBound, tlp: TLP, is_owner: bool) -> bool:
    """Whether an object of this TLP may leave in an export for `scope`.

    Partners outside the alliance get CLEAR only, the owner included (issue 5, section 4);
    inside, the object travels as far as its re-share bound, or anywhere for its owner.
    """
    order = [ShareBound.ORG, ShareBound.STATE, ShareBound.ALLIANCE, ShareBound.ANYWHERE]
    if scope is ShareBound.ANYWHERE:
        return tlp is TLP.CLEAR
    if is_owner:
        return True
    bound = TLP_RULES[tlp].reshare
    return bound is not ShareBound.NOWHERE and order.index(bound) >= order.index(scope)


def can_write(reader: Reader, target: Audience, standing: Mapping[str, Status]) -> bool:
    """Whether the key may post to a collection: a contributor in the collection's audience."""
    return (
        not reader.read_only
        and reader.role.rank >= Role.CONTRIBUTOR.rank
        and in_audience(reader, target, standing)
    )


def can_grant(actor: Reader, org_id: str, role: Role) -> bool:
    """Whether a key may create or revoke a key of `org_id` with `role`.

    An org-admin manages its own organisation's keys and never grants more than it has;
    hub-admins manage every key (MISP CVE-2019-12794, OpenCTI CVE-2026-44730).
    """
    if actor.read_only:
        return False
    if actor.role is Role.HUB_ADMIN:
        return True
    return actor.role is Role.ORG_ADMIN and actor.org_id == org_id and role.rank <= actor.role.rank


def can_read_audit(actor: Reader) -> bool:
    """Only hub-admins read the audit log (MISP 92888b137, f039b21af)."""
    return actor.role is Role.HUB_ADMIN


def can_manage_directory(actor: Reader) -> bool:
    """Only writable hub-admin keys add organisations and sharing groups.

    Who is in which audience is the hub's most sensitive setting: an org-admin who could add
    an organisation to a group would grant that organisation more than its own key holds
    (MISP's sharing-group escalations, research section 5.3); so it stays with hub-admins.
    """
    return actor.role is Role.HUB_ADMIN and not actor.read_only
