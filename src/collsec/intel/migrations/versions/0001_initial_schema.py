"""Initial schema of the intel hub.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 18:36:32.289835
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "intel_audit",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("at_us", sa.BigInteger(), nullable=False),
        sa.Column("key_id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=200), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("object_ids", sa.Text(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.String(length=100), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_table(
        "intel_collection",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "ref"),
    )
    op.create_table(
        "intel_group",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "intel_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_seq", sa.BigInteger(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.Column("last_added_us", sa.BigInteger(), nullable=False),
        sa.Column("cursor_secret", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "intel_org",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("intel_org", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intel_org_state"), ["state"], unique=False)

    op.create_table(
        "intel_status",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("request_timestamp_us", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "intel_group_member",
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["intel_group.id"],
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["intel_org.id"],
        ),
        sa.PrimaryKeyConstraint("group_id", "org_id"),
    )
    with op.batch_alter_table("intel_group_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intel_group_member_org_id"), ["org_id"], unique=False)

    op.create_table(
        "intel_key",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("hash", sa.String(length=200), nullable=False),
        sa.Column("read_only", sa.Boolean(), nullable=False),
        sa.Column("allowed_ips", sa.Text(), nullable=False),
        sa.Column("expires_us", sa.BigInteger(), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("created_us", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["intel_org.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("intel_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intel_key_org_id"), ["org_id"], unique=False)

    op.create_table(
        "intel_object",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("collection_id", sa.String(length=36), nullable=False),
        sa.Column("stix_id", sa.String(length=100), nullable=False),
        sa.Column("stix_type", sa.String(length=40), nullable=False),
        sa.Column("spec_version", sa.String(length=8), nullable=False),
        sa.Column("modified", sa.String(length=32), nullable=False),
        sa.Column("date_added_us", sa.BigInteger(), nullable=False),
        sa.Column("owner_org_id", sa.String(length=36), nullable=False),
        sa.Column("tlp", sa.Integer(), nullable=False),
        sa.Column("latest", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["intel_collection.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["intel_org.id"],
        ),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("collection_id", "stix_id", "modified"),
    )
    with op.batch_alter_table("intel_object", schema=None) as batch_op:
        batch_op.create_index("ix_intel_object_added", ["date_added_us"], unique=False)
        batch_op.create_index("ix_intel_object_by_id", ["collection_id", "stix_id"], unique=False)
        batch_op.create_index("ix_intel_object_listing", ["collection_id", "seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_intel_object_stix_id"), ["stix_id"], unique=False)

    op.create_table(
        "intel_object_recipient",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"],
            ["intel_object.seq"],
        ),
        sa.PrimaryKeyConstraint("seq", "org_id"),
    )
    op.create_table(
        "intel_object_ref",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("prop", sa.String(length=100), nullable=False),
        sa.Column("target_id", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"],
            ["intel_object.seq"],
        ),
        sa.PrimaryKeyConstraint("seq", "prop", "target_id"),
    )
    with op.batch_alter_table("intel_object_ref", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intel_object_ref_target_id"), ["target_id"], unique=False
        )

    op.create_table(
        "intel_object_value",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"],
            ["intel_object.seq"],
        ),
        sa.PrimaryKeyConstraint("seq", "value"),
    )
    with op.batch_alter_table("intel_object_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intel_object_value_value"), ["value"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("intel_object_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_object_value_value"))

    op.drop_table("intel_object_value")
    with op.batch_alter_table("intel_object_ref", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_object_ref_target_id"))

    op.drop_table("intel_object_ref")
    op.drop_table("intel_object_recipient")
    with op.batch_alter_table("intel_object", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_object_stix_id"))
        batch_op.drop_index("ix_intel_object_listing")
        batch_op.drop_index("ix_intel_object_by_id")
        batch_op.drop_index("ix_intel_object_added")

    op.drop_table("intel_object")
    with op.batch_alter_table("intel_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_key_org_id"))

    op.drop_table("intel_key")
    with op.batch_alter_table("intel_group_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_group_member_org_id"))

    op.drop_table("intel_group_member")
    op.drop_table("intel_status")
    with op.batch_alter_table("intel_org", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_org_state"))

    op.drop_table("intel_org")
    op.drop_table("intel_head")
    op.drop_table("intel_group")
    op.drop_table("intel_collection")
    op.drop_table("intel_audit")
