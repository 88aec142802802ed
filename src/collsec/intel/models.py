"""The hub's tables (SQLAlchemy 2 declarative models).

Orgs, groups and collections are keyed by UUID strings so that nothing is ever linked by a
local row id (MISP's sharing-group mis-association bugs, research section 5.3 item 2). Object
versions carry an increasing `seq` that orders `date_added` and serves as the pagination key.
Times are integers of microseconds since the Unix epoch, exact on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AuditEntry",
    "Base",
    "Collection",
    "CollectionKind",
    "Group",
    "GroupMember",
    "HubHead",
    "Key",
    "ObjectRecipient",
    "ObjectRef",
    "ObjectValue",
    "Org",
    "Role",
    "StatusRecord",
    "StoredObject",
    "table",
]

#: Row ids: BIGINT on PostgreSQL, INTEGER (the rowid alias, so it autoincrements) on SQLite.
RowId = BigInteger().with_variant(Integer(), "sqlite")


class CollectionKind(StrEnum):
    """The four kinds of audience a collection can have (issue 5, section 3)."""

    ORG = "org"
    STATE = "state"
    ALLIANCE = "alliance"
    GROUP = "group"


class Role(StrEnum):
    """Key roles, each including the rights of the ones before it."""

    READER = "reader"
    CONTRIBUTOR = "contributor"
    ORG_ADMIN = "org-admin"
    HUB_ADMIN = "hub-admin"

    @property
    def rank(self) -> int:
        """Position in the order reader < contributor < org-admin < hub-admin."""
        return list(Role).index(self)


class Base(DeclarativeBase):
    """Declarative base of the hub's schema."""


class Org(Base):
    """An organisation: one agency of one member state."""

    __tablename__ = "intel_org"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    created_us: Mapped[int] = mapped_column(BigInteger)


class Group(Base):
    """A sharing group: an explicit list of organisations, by UUID."""

    __tablename__ = "intel_group"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_us: Mapped[int] = mapped_column(BigInteger)


class GroupMember(Base):
    """Membership of an organisation in a sharing group."""

    __tablename__ = "intel_group_member"
    group_id: Mapped[str] = mapped_column(ForeignKey("intel_group.id"), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("intel_org.id"), primary_key=True, index=True)


class Collection(Base):
    """A TAXII collection; its kind and `ref` (org id, state id or group id) give its audience."""

    __tablename__ = "intel_collection"
    __table_args__ = (UniqueConstraint("kind", "ref"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))


class Key(Base):
    """An API key: argon2 hash only, never the key itself."""

    __tablename__ = "intel_key"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("intel_org.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    hash: Mapped[str] = mapped_column(String(200))
    read_only: Mapped[bool] = mapped_column(Boolean, default=False)
    allowed_ips: Mapped[str] = mapped_column(Text, default="")
    expires_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_us: Mapped[int] = mapped_column(BigInteger)


class StoredObject(Base):
    """One version of one STIX object in one collection.

    Lookups by (collection_id, stix_id) use the unique index's leading columns.
    """

    __tablename__ = "intel_object"
    __table_args__ = (
        UniqueConstraint("collection_id", "stix_id", "modified"),
        Index("ix_intel_object_listing", "collection_id", "seq"),
        Index("ix_intel_object_added", "date_added_us"),
    )
    seq: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    collection_id: Mapped[str] = mapped_column(ForeignKey("intel_collection.id"))
    stix_id: Mapped[str] = mapped_column(String(100), index=True)
    stix_type: Mapped[str] = mapped_column(String(40))
    spec_version: Mapped[str] = mapped_column(String(8))
    #: `modified` (or `created`) normalised to microseconds so that text order is time order.
    modified: Mapped[str] = mapped_column(String(32))
    date_added_us: Mapped[int] = mapped_column(BigInteger)
    owner_org_id: Mapped[str] = mapped_column(ForeignKey("intel_org.id"))
    tlp: Mapped[int] = mapped_column(Integer)
    latest: Mapped[bool] = mapped_column(Boolean)
    body: Mapped[str] = mapped_column(Text)


class ObjectRecipient(Base):
    """An organisation named in a RED object's `x_collsec_recipients`, resolved to its UUID."""

    __tablename__ = "intel_object_recipient"
    seq: Mapped[int] = mapped_column(ForeignKey("intel_object.seq"), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class ObjectValue(Base):
    """A correlatable value (indicator pattern or observable) of an object version."""

    __tablename__ = "intel_object_value"
    seq: Mapped[int] = mapped_column(ForeignKey("intel_object.seq"), primary_key=True)
    value: Mapped[str] = mapped_column(String(500), primary_key=True, index=True)


class ObjectRef(Base):
    """A reference from an object version to another object (`*_ref` / `*_refs`)."""

    __tablename__ = "intel_object_ref"
    seq: Mapped[int] = mapped_column(ForeignKey("intel_object.seq"), primary_key=True)
    prop: Mapped[str] = mapped_column(String(100), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class StatusRecord(Base):
    """A TAXII status resource: the outcome of one POST, stored with it in one transaction."""

    __tablename__ = "intel_status"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(36))
    request_timestamp_us: Mapped[int] = mapped_column(BigInteger)
    body: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """One request, hash-chained to the one before it."""

    __tablename__ = "intel_audit"
    seq: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=False)
    at_us: Mapped[int] = mapped_column(BigInteger)
    key_id: Mapped[str] = mapped_column(String(36))
    org_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(200))
    allowed: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int] = mapped_column(Integer)
    object_ids: Mapped[str] = mapped_column(Text)
    ip: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[str] = mapped_column(String(100))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class HubHead(Base):
    """The single row that serialises writers: audit chain head and the `date_added` clock."""

    __tablename__ = "intel_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    audit_seq: Mapped[int] = mapped_column(BigInteger)
    audit_hash: Mapped[str] = mapped_column(String(64))
    last_added_us: Mapped[int] = mapped_column(BigInteger)
    #: Signs pagination cursors, so that a cursor survives a restart of the service.
    cursor_secret: Mapped[str] = mapped_column(String(64))


def table(model: type[Base]) -> Table:
    """A model's table, for Core statements on hot paths (no ORM objects built per row)."""
    return Base.metadata.tables[model.__tablename__]
