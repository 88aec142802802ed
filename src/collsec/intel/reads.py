"""Read queries: every listing filters with `policy.visible_filter` inside the database.

Pages are keyset pages ordered by `seq` (which is `date_added` order), so the first page of
a million-object collection costs one index range scan, not a scan of the collection.
"Versions" are the versions the reader may read: `last` is the newest version the reader
may read (docs/intel-access.md, section 1), never a newer hidden one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, or_, select, true
from sqlalchemy.orm import Session, aliased

from collsec.intel.models import StoredObject
from collsec.intel.policy import Reader, visible_filter

__all__ = ["Filters", "ObjectRow", "page", "version_condition"]


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
