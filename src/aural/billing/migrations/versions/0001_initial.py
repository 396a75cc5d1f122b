"""Accounts, API keys, the ledger and holds.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the schema as of this revision: later changes go in new revisions, never here.
# Names are final (op.f): the naming convention of the live metadata must not rewrite them.


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("audio_enabled", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("balance_micros", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_accounts_name")),
        sa.CheckConstraint("balance_micros >= 0", name=op.f("ck_accounts_balance_not_negative")),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("prefix", sa.String(32), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_api_keys_account_id_accounts")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_keys_prefix")),
        sa.UniqueConstraint("hash", name=op.f("uq_api_keys_hash")),
    )
    op.create_index(op.f("ix_api_keys_account_id"), "api_keys", ["account_id"])
    op.create_table(
        "ledger",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), nullable=False),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount_micros", sa.BigInteger, nullable=False),
        sa.Column("balance_after_micros", sa.BigInteger, nullable=False),
        sa.Column("request_id", sa.String(100), nullable=True),
        sa.Column("sku", sa.String(100), nullable=True),
        sa.Column("duration_s", sa.Float, nullable=True),
        sa.Column("billable_minutes", sa.Integer, nullable=True),
        sa.Column("duration_source", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_ledger_account_id_accounts")),
        sa.CheckConstraint("kind IN ('credit', 'hold', 'release', 'charge')", name=op.f("ck_ledger_kind")),
    )
    op.create_index(op.f("ix_ledger_account_id_id"), "ledger", ["account_id", "id"])
    op.create_index(op.f("ix_ledger_request_id"), "ledger", ["request_id"])
    op.create_table(
        "holds",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("request_id", sa.String(100), nullable=False),
        sa.Column("account_id", sa.Integer, nullable=False),
        sa.Column("amount_micros", sa.BigInteger, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holds")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_holds_account_id_accounts")),
        sa.UniqueConstraint("request_id", name=op.f("uq_holds_request_id")),
        sa.CheckConstraint("state IN ('open', 'settled', 'released')", name=op.f("ck_holds_state")),
        sa.CheckConstraint("amount_micros >= 0", name=op.f("ck_holds_amount_not_negative")),
    )
    op.create_index(op.f("ix_holds_account_id"), "holds", ["account_id"])


def downgrade() -> None:
    op.drop_table("holds")
    op.drop_table("ledger")
    op.drop_table("api_keys")
    op.drop_table("accounts")
