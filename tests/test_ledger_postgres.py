"""The same ledger behaviour on a real PostgreSQL server (a throwaway cluster), by URL only.

The portable tests of test_ledger.py run here again with `db_url` pointing at PostgreSQL; the
SQLite-specific ones (file bytes, PRAGMAs) are replaced by their PostgreSQL equivalents below.
"""

from __future__ import annotations

from typing import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from aural.billing.db import alembic_config, init_db, metadata
from aural.billing.ledger import Account, Ledger

from pg_cluster import create_database, postgres_cluster
from test_rate_limits import (  # noqa: F401  (the rate limit's UPDATE and migration on PostgreSQL too)
    test_a_burst_passes_exactly_the_limit_then_none_until_the_window_slides,
    test_odd_limits,
    test_retry_after_is_honoured_and_not_longer_than_needed,
)
from test_ledger import (  # noqa: F401  (fixtures and tests re-collected against PostgreSQL)
    acme,
    books,
    test_accounts,
    test_audio_gate,
    test_fifty_threads_race_for_ten_minutes_of_credit,
    test_four_processes_race_for_ten_minutes_of_credit,
    test_hold_beyond_balance_changes_nothing,
    test_invariant_check_catches_a_balance_changed_outside_the_ledger,
    test_missing_or_unknown_keys_are_auth_errors,
    test_release_returns_the_hold_once,
    test_revoked_key_is_rejected,
    test_settle_charges_the_cost_and_is_idempotent,
    test_settle_for_less_refunds_the_difference,
    test_stale_holds_are_released,
    test_workers_migrating_a_fresh_file_together_do_not_collide,
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with postgres_cluster() as template:
        yield template


@pytest.fixture()
def db_url(cluster: str) -> str:
    return create_database(cluster)


def test_postgres_migrations_build_the_declared_schema(db_url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    for _ in range(2):
        engine = init_db(db_url)
        with engine.connect() as conn:
            assert conn.dialect.name == "postgresql"
            ctx = MigrationContext.configure(conn)
            assert ctx.get_current_revision() == head
            assert compare_metadata(ctx, metadata) == []
        engine.dispose()


def test_postgres_stores_keys_only_as_hashes(books: Ledger, acme: Account) -> None:
    prefix, secret = books.create_key("acme")
    assert books.authenticate(secret).name == "acme"
    with books.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM api_keys")).all()
    dump = repr(rows)
    assert prefix in dump and secret not in dump and secret[len("aural_sk_"):] not in dump
