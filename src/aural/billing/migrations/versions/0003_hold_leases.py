"""Leases on holds: a hold whose lease ran out (its worker died) goes back within minutes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("holds", sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_holds_lease_until"), "holds", ["lease_until"])


def downgrade() -> None:
    op.drop_index(op.f("ix_holds_lease_until"), table_name="holds")
    with op.batch_alter_table("holds") as batch:
        batch.drop_column("lease_until")
