"""The ledger against a real SQLite file: keys, the audio gate, holds, settlement, concurrency,
and migrations. No mocks: threads and processes race on the same database file."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from aural.billing.db import alembic_config, init_db, make_engine, metadata
from aural.billing.ledger import Account, DuplicateError, HoldStateError, Ledger, NotFoundError
from aural.billing.pricing import quote
from aural.errors import AuthError, BillingError, NotEnabledError

PRICE = 648
MINUTE = quote(0, 30, PRICE).cost_micros  # one billable minute at the reference price


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'aural.db'}"


@pytest.fixture()
def books(db_url: str) -> Iterator[Ledger]:
    engine = init_db(db_url)
    yield Ledger(engine)
    engine.dispose()


@pytest.fixture()
def acme(books: Ledger) -> Account:
    books.create_account("acme")
    books.add_credit("acme", 10 * MINUTE, note="test credit")
    return books.get_account("acme")


def _db_bytes(db_url: str) -> bytes:
    path = Path(sa.engine.make_url(db_url).database or "")
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


# -- keys and the gate ---------------------------------------------------------------------------

def test_key_authenticates_and_is_stored_only_as_a_hash(books: Ledger, acme: Account, db_url: str) -> None:
    prefix, secret = books.create_key("acme")
    assert prefix.startswith("ak_") and secret.startswith("aural_sk_") and len(secret) > 40
    assert books.authenticate(secret).name == "acme"
    [listed] = books.list_keys("acme")
    assert listed.prefix == prefix and listed.active and listed.last_used_at is not None
    assert "secret" not in listed.__slots__ and secret not in repr(listed)
    raw = _db_bytes(db_url)
    assert secret.encode() not in raw and secret[len("aural_sk_"):].encode() not in raw
    assert prefix.encode() in raw  # sanity: the file we scanned is the one written


@pytest.mark.parametrize("bad", [None, "", "aural_sk_not-a-real-key", "Bearer x"])
def test_missing_or_unknown_keys_are_auth_errors(books: Ledger, acme: Account, bad: str | None) -> None:
    books.create_key("acme")
    with pytest.raises(AuthError) as info:
        books.authenticate(bad)
    assert (info.value.code, info.value.status) == ("auth_error", 401)


def test_revoked_key_is_rejected(books: Ledger, acme: Account) -> None:
    prefix, secret = books.create_key("acme")
    _, other = books.create_key("acme")
    assert books.revoke_key(prefix) is True
    assert books.revoke_key(prefix) is False
    with pytest.raises(AuthError):
        books.authenticate(secret)
    assert books.authenticate(other).name == "acme"  # the account's other keys still work
    assert books.revoke_key("ak_00000000") is False
    assert [k.active for k in books.list_keys("acme")] == [False, True]


def test_audio_gate(books: Ledger, acme: Account) -> None:
    _, secret = books.create_key("acme")
    books.set_audio_enabled("acme", False)
    account = books.authenticate(secret)  # authentication alone does not check the gate
    with pytest.raises(NotEnabledError) as info:
        books.require_audio_enabled(account)
    assert (info.value.code, info.value.status) == ("not_enabled", 404)
    with pytest.raises(NotEnabledError):
        books.authenticate(secret, require_audio=True)
    books.set_audio_enabled("acme", True)
    assert books.authenticate(secret, require_audio=True).audio_enabled


def test_accounts(books: Ledger) -> None:
    books.create_account("b-corp", audio_enabled=False)
    books.create_account("acme")
    with pytest.raises(DuplicateError):
        books.create_account("acme")
    assert [a.name for a in books.list_accounts()] == ["acme", "b-corp"]
    assert not books.get_account("b-corp").audio_enabled
    with pytest.raises(NotFoundError):
        books.get_account("nobody")
    with pytest.raises(NotFoundError):
        books.create_key("nobody")


# -- holds, settlement, release ------------------------------------------------------------------

def test_hold_beyond_balance_changes_nothing(books: Ledger, acme: Account) -> None:
    with pytest.raises(BillingError) as info:
        books.hold(acme.id, "req-1", 10 * MINUTE + 1)
    assert (info.value.code, info.value.status) == ("billing_error", 402)
    assert books.get_account("acme").balance_micros == 10 * MINUTE
    with pytest.raises(NotFoundError):
        books.release("req-1")  # no hold row was written either
    assert books.check_invariants() == []


def test_settle_charges_the_cost_and_is_idempotent(books: Ledger, acme: Account) -> None:
    q = quote(0, 61, PRICE)
    hold = books.hold(acme.id, "req-1", q.cost_micros)
    assert hold.balance_after_micros == 10 * MINUTE - 2 * MINUTE
    after = books.settle("req-1", q.cost_micros, "gemini-3-flash-audio", q.duration_s,
                         q.billable_minutes, q.duration_source)
    assert after == 8 * MINUTE == books.get_account("acme").balance_micros
    again = books.settle("req-1", q.cost_micros, "gemini-3-flash-audio", q.duration_s,
                         q.billable_minutes, q.duration_source)
    assert again == after
    assert books.release("req-1") is False  # a settled hold stays settled
    [row] = books.usage("acme")
    assert (row.request_id, row.sku, row.duration_s, row.billable_minutes, row.duration_source,
            row.cost_micros) == ("req-1", "gemini-3-flash-audio", 61.0, 2, "caller_hint", 1296)
    assert books.check_invariants() == []


def test_settle_for_less_refunds_the_difference(books: Ledger, acme: Account) -> None:
    books.hold(acme.id, "req-1", 3 * MINUTE)
    assert books.settle("req-1", MINUTE, "aural-listen-1", 20.0, 1, "size_estimate") == 9 * MINUTE
    books.hold(acme.id, "req-2", MINUTE)
    with pytest.raises(HoldStateError):
        books.settle("req-2", 2 * MINUTE, "x", 1.0, 1, "caller_hint")  # never more than was held
    assert books.release("req-2") is True
    assert books.get_account("acme").balance_micros == 9 * MINUTE
    assert books.check_invariants() == []


def test_release_returns_the_hold_once(books: Ledger, acme: Account) -> None:
    books.hold(acme.id, "req-1", 4 * MINUTE)
    assert books.get_account("acme").balance_micros == 6 * MINUTE
    assert books.release("req-1") is True
    assert books.release("req-1") is False
    assert books.get_account("acme").balance_micros == 10 * MINUTE
    with pytest.raises(HoldStateError):
        books.settle("req-1", MINUTE, "x", 1.0, 1, "caller_hint")
    with pytest.raises(DuplicateError):
        books.hold(acme.id, "req-1", MINUTE)  # request ids are single-use
    assert books.get_account("acme").balance_micros == 10 * MINUTE
    assert books.usage("acme") == []
    assert books.check_invariants() == []


def test_stale_holds_are_released(books: Ledger, acme: Account) -> None:
    books.hold(acme.id, "req-old", MINUTE)
    assert books.release_stale_holds(timedelta(hours=1)) == []  # too young
    assert books.release_stale_holds(timedelta(0)) == ["req-old"]
    assert books.get_account("acme").balance_micros == 10 * MINUTE
    assert books.check_invariants() == []


# -- concurrency ---------------------------------------------------------------------------------

def _race(books: Ledger, account_id: int, request_ids: list[str], start: threading.Barrier | None) -> int:
    """Each thread holds one minute's cost; returns how many holds succeeded. Every other attempt
    must fail with BillingError: anything else (e.g. "database is locked") fails the test."""
    won: list[str] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def attempt(request_id: str) -> None:
        if start is not None:
            start.wait()
        try:
            hold = books.hold(account_id, request_id, MINUTE)
            assert hold.balance_after_micros >= 0
        except BillingError:
            with lock:
                refused.append(request_id)
        except BaseException as exc:  # noqa: BLE001 - reported below, on the test's thread
            with lock:
                unexpected.append(exc)
        else:
            with lock:
                won.append(request_id)

    threads = [threading.Thread(target=attempt, args=(rid,)) for rid in request_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert unexpected == []
    assert len(won) + len(refused) == len(request_ids)
    return len(won)


def test_fifty_threads_race_for_ten_minutes_of_credit(books: Ledger, acme: Account) -> None:
    won = _race(books, acme.id, [f"t-{i}" for i in range(50)], threading.Barrier(50))
    assert won == 10
    assert books.get_account("acme").balance_micros == 0
    assert books.check_invariants() == []


def _process_worker(db_url: str, account_id: int, tag: str, start: object, results: object) -> None:
    engine = make_engine(db_url)  # a fresh engine per process, as each uvicorn worker has
    try:
        start.wait()  # type: ignore[attr-defined]
        won = _race(Ledger(engine), account_id, [f"{tag}-{i}" for i in range(6)], None)
        results.put(won)  # type: ignore[attr-defined]
    finally:
        engine.dispose()


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def test_four_processes_race_for_ten_minutes_of_credit(books: Ledger, acme: Account, db_url: str) -> None:
    ctx = _context()
    start, results = ctx.Barrier(4), ctx.Queue()
    procs = [ctx.Process(target=_process_worker, args=(db_url, acme.id, f"p{n}", start, results))
             for n in range(4)]
    for p in procs:
        p.start()
    won = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert sum(won) == 10
    assert books.get_account("acme").balance_micros == 0
    assert books.check_invariants() == []


# -- migrations ----------------------------------------------------------------------------------

def test_migrations_create_the_schema_and_are_idempotent(db_url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    for _ in range(2):
        engine = init_db(db_url)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn)
            assert ctx.get_current_revision() == head
            # The migrations build exactly the schema the code declares.
            assert compare_metadata(ctx, metadata) == []
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        engine.dispose()
    assert Path(sa.engine.make_url(db_url).database or "").is_file()


def _init_worker(db_url: str, start: object, results: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    init_db(db_url).dispose()
    results.put("ok")  # type: ignore[attr-defined]


def test_workers_migrating_a_fresh_file_together_do_not_collide(db_url: str) -> None:
    ctx = _context()
    start, results = ctx.Barrier(3), ctx.Queue()
    procs = [ctx.Process(target=_init_worker, args=(db_url, start, results)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert [results.get(timeout=5) for _ in procs] == ["ok"] * 3


def test_invariant_check_catches_a_balance_changed_outside_the_ledger(books: Ledger, acme: Account) -> None:
    with books.engine.begin() as conn:
        conn.execute(sa.text("UPDATE accounts SET balance_micros = balance_micros + 1"))
    assert any("ledger sum" in p for p in books.check_invariants())
