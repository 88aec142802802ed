"""Drop `ix_intel_object_by_id`: the unique (collection_id, stix_id, modified) index covers it.

Every object version was written into both b-trees; a lookup by (collection_id, stix_id) uses
the leading columns of the unique index just as well (SQLite docs, "The SQLite Query
Optimizer Overview", section 1.0, retrieved 2026-11-29; PostgreSQL docs, "Multicolumn
Indexes"), so one index fewer is less work in every POST's transaction.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 21:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.drop_index("ix_intel_object_by_id", table_name="intel_object")


def downgrade() -> None:
    """Revert this revision."""
    op.create_index("ix_intel_object_by_id", "intel_object", ["collection_id", "stix_id"])
