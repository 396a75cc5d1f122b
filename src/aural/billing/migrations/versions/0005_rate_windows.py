"""Rate limits as sliding-window counters: the token-bucket columns give way to a ring of per-slot
request counts (12 slots to a window, plus the current one).

The rows are ephemeral (at most a minute or two of counts), so the table is rebuilt, not converted:
every limit starts afresh once, at the upgrade.

Revision ID: 0005
Revises: 0004
Create Date: 2026-01-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SLOTS = 12  # frozen here: db.RATE_SLOTS may change only with a new migration


def upgrade() -> None:
    op.drop_table("rate_buckets")
    op.create_table(
        "rate_buckets",
        sa.Column("bucket", sa.String(100), nullable=False),
        sa.Column("window_s", sa.Float, nullable=False),
        sa.Column("slot_no", sa.BigInteger, nullable=False),
        *(sa.Column(f"slot_{r}", sa.Integer, nullable=False) for r in range(SLOTS + 1)),
        sa.PrimaryKeyConstraint("bucket", name=op.f("pk_rate_buckets")),
    )


def downgrade() -> None:
    op.drop_table("rate_buckets")
    op.create_table(
        "rate_buckets",
        sa.Column("bucket", sa.String(100), nullable=False),
        sa.Column("tokens", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("bucket", name=op.f("pk_rate_buckets")),
    )
