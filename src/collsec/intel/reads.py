"""Read queries: every listing filters with the policy's SQL form inside the database.

Pages are keyset pages ordered by `seq` (which is `date_added` order), so the first page of
a million-object collection costs one index range scan, not a scan of the collection.
The TAXII listings (one collection each) use `collection_page`, whose statement is built once
per filter shape with the reader bound as parameters; other listings use `page`.
"Versions" are the versions the reader may read: `last` is the newest version the reader
may read (docs/intel-access.md, section 1), never a newer hidden one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased

from collsec.intel.models import StoredObject, table
from collsec.intel.policy import Reader, bound_visible_filter, visible_filter
from collsec.intel.store import connection_of

__all__ = ["Filters", "ObjectRow", "collection_page", "page", "version_condition"]


@dataclass(frozen=True, slots=True)
class ObjectRow:
    """What a listing needs of one stored version (read as plain columns, not ORM objects)."""

    seq: int
    stix_id: str
    date_added_us: int
    body: str


@dataclass(frozen=True)
class Filters:
    """TAXII 2.1 filters (`added_after`, `match[id|type|version|spec_version]`)."""

    added_after_us: int | None = None
    ids: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    versions: tuple[str, ...] = ("last",)
    spec_versions: tuple[str, ...] = ()


#: Another version of the same object. Built once: constructing an ORM alias per request
#: cost more than the rest of the listing query (measured with yappi, benchmarks/intel.py).
_OTHER = aliased(StoredObject, name="other_version")


def _other_visible(reader: Reader, readable: Sequence[str], newer: bool) -> ColumnElement[bool]:
    other = _OTHER
    order = (
        other.modified > StoredObject.modified if newer else other.modified < StoredObject.modified
    )
    return exists(
        select(other.seq).where(
            other.collection_id == StoredObject.collection_id,
            other.stix_id == StoredObject.stix_id,
            order,
            visible_filter(reader, readable, other),
        )
    )


def version_condition(
    reader: Reader, readable: Sequence[str], versions: Sequence[str]
) -> ColumnElement[bool]:
    """The `match[version]` condition: `last`, `first`, `all` or normalised timestamps."""
    parts: list[ColumnElement[bool]] = []
    if "all" in versions:
        return true()
    if "last" in versions:
        # The `latest` flag is a fast path: no newer version exists at all.
        parts.append(or_(StoredObject.latest.is_(True), ~_other_visible(reader, readable, True)))
    if "first" in versions:
        parts.append(~_other_visible(reader, readable, False))
    stamps = [v for v in versions if v not in ("last", "first")]
    if stamps:
        parts.append(StoredObject.modified.in_(stamps))
    return or_(*parts)


def page(
    session: Session,
    reader: Reader,
    readable: Sequence[str],
    where: Sequence[ColumnElement[bool]],
    filters: Filters,
    limit: int,
    after_seq: int,
) -> tuple[list[ObjectRow], bool]:
    """One page of visible object versions after `after_seq`, and whether more follow."""
    conditions = [visible_filter(reader, readable), StoredObject.seq > after_seq, *where]
    if filters.added_after_us is not None:
        conditions.append(StoredObject.date_added_us > filters.added_after_us)
    if filters.ids:
        conditions.append(StoredObject.stix_id.in_(filters.ids))
    if filters.types:
        conditions.append(StoredObject.stix_type.in_(filters.types))
    if filters.spec_versions:
        conditions.append(StoredObject.spec_version.in_(filters.spec_versions))
    conditions.append(version_condition(reader, readable, filters.versions))
    rows = session.execute(
        select(
            StoredObject.seq, StoredObject.stix_id, StoredObject.date_added_us, StoredObject.body
        )
        .where(and_(*conditions))
        .order_by(StoredObject.seq)
        .limit(limit + 1)
    ).all()
    return [ObjectRow(*r) for r in rows[:limit]], len(rows) > limit


#: The object table and another version of the same row, for the statements built once below.
_OBJ = table(StoredObject)
_OTHER_ROW = _OBJ.alias("other_version")
_ADDED_BEFORE = _OBJ.alias("added_before")


@dataclass(frozen=True)
class _Shape:
    """Which filters a listing uses: the only thing its statement depends on."""

    added_after: bool
    ids: bool
    types: bool
    spec_versions: bool
    versions: tuple[str, ...]  # `last`, `first`, `all`, and `stamps` when timestamps are given


def _shape(filters: Filters) -> _Shape:
    keywords = ("last", "first", "all")
    versions = tuple(v for v in keywords if v in filters.versions)
    if any(v not in keywords for v in filters.versions):
        versions += ("stamps",)
    return _Shape(
        added_after=filters.added_after_us is not None,
        ids=bool(filters.ids),
        types=bool(filters.types),
        spec_versions=bool(filters.spec_versions),
        versions=versions,
    )


def _bound_other_visible(newer: bool) -> ColumnElement[bool]:
    other = _OTHER_ROW.c
    order = other.modified > _OBJ.c.modified if newer else other.modified < _OBJ.c.modified
    return exists(
        select(other.seq).where(
            other.collection_id == _OBJ.c.collection_id,
            other.stix_id == _OBJ.c.stix_id,
            order,
            bound_visible_filter(other),
        )
    )


@lru_cache(maxsize=64)
def _collection_statement(shape: _Shape) -> Select[Any]:
    """The listing statement of one filter shape, with every value a bound parameter.

    Built once per shape (at most 2**4 x 8 of them): building the policy condition and the
    version subqueries per request cost a quarter of a read's server CPU (py-spy,
    benchmarks/intel.py), and a reused statement also hits SQLAlchemy's compiled cache
    without computing its cache key again.
    """
    c = _OBJ.c
    start: ColumnElement[int] = bindparam("after_seq", type_=Integer)
    conditions = [bound_visible_filter(_OBJ.c, collection_index=not shape.ids)]
    if shape.added_after:
        after = bindparam("added_after_us", type_=BigInteger)
        conditions.append(c.date_added_us > after)
        # `date_added` grows with `seq` (both are assigned under the writer lock), so the
        # rows added after `after` all follow the last row added at or before it. Starting
        # the listing index there, in one `seq >` range (SQLite uses only one), reads a page
        # of rows instead of every row before it (EXPLAIN QUERY PLAN, docs/intel.md).
        before = _ADDED_BEFORE.c
        last_before = func.coalesce(
            select(before.seq)
            .where(before.date_added_us <= after)
            .order_by(before.date_added_us.desc())
            .limit(1)
            .scalar_subquery(),
            0,
        )
        start = case((last_before > start, last_before), else_=start)
    conditions.append(c.seq > start)
    if shape.ids:
        conditions.append(c.stix_id.in_(bindparam("ids", expanding=True)))
    if shape.types:
        conditions.append(c.stix_type.in_(bindparam("types", expanding=True)))
    if shape.spec_versions:
        conditions.append(c.spec_version.in_(bindparam("spec_versions", expanding=True)))
    if "all" not in shape.versions:
        parts: list[ColumnElement[bool]] = []
        if "last" in shape.versions:
            parts.append(or_(c.latest.is_(True), ~_bound_other_visible(True)))
        if "first" in shape.versions:
            parts.append(~_bound_other_visible(False))
        if "stamps" in shape.versions:
            parts.append(c.modified.in_(bindparam("stamps", expanding=True)))
        conditions.append(or_(*parts))
    return (
        select(c.seq, c.stix_id, c.date_added_us, c.body)
        .where(and_(*conditions))
        .order_by(c.seq)
        .limit(bindparam("row_limit", type_=Integer))
    )


def collection_page(
    source: Session | Connection,
    reader: Reader,
    collection_id: str,
    filters: Filters,
    limit: int,
    after_seq: int,
) -> tuple[list[ObjectRow], bool]:
    """`page` for one collection whose audience holds the reader (the TAXII listings).

    The same rule as `page` with the same filters, run as a statement built once per filter
    shape; the reader's organisation and the collection are bound on every call.
    """
    shape = _shape(filters)
    params: dict[str, Any] = {
        "reader_org": reader.org_id,
        "collection": collection_id,
        "after_seq": after_seq,
        "row_limit": limit + 1,
    }
    if shape.added_after:
        params["added_after_us"] = filters.added_after_us
    if shape.ids:
        params["ids"] = list(filters.ids)
    if shape.types:
        params["types"] = list(filters.types)
    if shape.spec_versions:
        params["spec_versions"] = list(filters.spec_versions)
    if "stamps" in shape.versions:
        params["stamps"] = [v for v in filters.versions if v not in ("last", "first", "all")]
    rows = connection_of(source).execute(_collection_statement(shape), params).all()
    return [ObjectRow(*r) for r in rows[:limit]], len(rows) > limit
