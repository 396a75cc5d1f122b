"""Admin commands: accounts, keys, credits, usage. Each prints a table, or JSON with --json."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from datetime import timedelta
from typing import Annotated, Any

import typer

from aural.billing.db import init_db
from aural.billing.ledger import DuplicateError, Ledger, NotFoundError
from aural.billing.pricing import micros_to_usd, usd_to_micros
from aural.cli_common import JsonOpt, fail

accounts = typer.Typer(help="Accounts: create, list, turn the audio gate on or off.", no_args_is_help=True)
keys = typer.Typer(help="API keys: create (shown once), list, revoke.", no_args_is_help=True)
credits = typer.Typer(help="Credits: add prepaid balance.", no_args_is_help=True)
holds = typer.Typer(help="Credit holds of requests in flight: release the ones a dead worker left open.",
                    no_args_is_help=True)


def open_ledger() -> Ledger:
    # Deferred (startup): the settings (pydantic-settings) load when a command runs, not for `aural --help`.
    from aural.config import get_settings

    return Ledger(init_db(get_settings().database_url))


def _usd(text: str) -> int:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise fail(f"not an amount in USD: {text}") from None
    if not value.is_finite() or value <= 0:
        raise fail("the amount must be a positive number of USD")
    return usd_to_micros(value)


def _emit(as_json: bool, data: Any, lines: list[str]) -> None:
    if as_json:
        typer.echo(json.dumps(data, indent=2, default=str))
    else:
        for line in lines:
            typer.echo(line)


def _account_dict(a: Any) -> dict:
    return {"id": a.id, "name": a.name, "audio_enabled": a.audio_enabled, "balance_usd": micros_to_usd(a.balance_micros),
            "created_at": a.created_at.isoformat()}


@accounts.command("create")
def accounts_create(
        name: str,
        credit_usd: Annotated[str, typer.Option("--credits-usd", "--credits", help="initial credit, USD")] = "0",
        audio: Annotated[bool, typer.Option("--audio-enabled/--audio-disabled", help="the audio gate")] = True,
        as_json: JsonOpt = False) -> None:
    """Create an account with an API key (shown once), optionally with initial credit; prints JSON."""
    ledger = open_ledger()
    try:
        ledger.create_account(name, audio_enabled=audio)
    except DuplicateError:
        raise fail(f"account '{name}' already exists") from None
    if credit_usd not in ("0", ""):
        ledger.add_credit(name, _usd(credit_usd), "initial credit")
    key_id, secret = ledger.create_key(name)
    a = ledger.get_account(name)
    # Always JSON (the id and the new key, shown once): scripts read it; --json is accepted for symmetry.
    _emit(True, {**_account_dict(a), "key_id": key_id, "api_key": secret}, [])


@accounts.command("list")
def accounts_list(as_json: JsonOpt = False) -> None:
    """List accounts with balances."""
    rows = open_ledger().list_accounts()
    _emit(as_json, [_account_dict(a) for a in rows],
          [f"{'name':<24} {'balance USD':>14} audio"]
          + [f"{a.name:<24} {micros_to_usd(a.balance_micros):>14.6f} {'on' if a.audio_enabled else 'off'}"
             for a in rows])


@accounts.command("set-audio")
def accounts_set_audio(name: str, state: Annotated[str, typer.Argument(help="on or off")],
                       as_json: JsonOpt = False) -> None:
    """Turn the account's audio gate on or off (off: its requests get 404 not_enabled)."""
    if state not in ("on", "off"):
        raise fail("the audio gate is 'on' or 'off'")
    try:
        a = open_ledger().set_audio_enabled(name, state == "on")
    except NotFoundError:
        raise fail(f"no account named '{name}'") from None
    _emit(as_json, _account_dict(a), [f"audio {state} for {name}"])


@keys.command("create")
def keys_create(account: str, as_json: JsonOpt = False) -> None:
    """Create an API key. The secret is printed once and never stored."""
    try:
        key_id, secret = open_ledger().create_key(account)
    except NotFoundError:
        raise fail(f"no account named '{account}'") from None
    _emit(as_json, {"key_id": key_id, "account": account, "secret": secret},
          [f"key {key_id} for {account} (shown once, store it now):", secret])


@keys.command("list")
def keys_list(account: str, as_json: JsonOpt = False) -> None:
    """List an account's keys (ids only, never secrets)."""
    try:
        rows = open_ledger().list_keys(account)
    except NotFoundError:
        raise fail(f"no account named '{account}'") from None
    _emit(as_json, [{"key_id": k.prefix, "active": k.active, "created_at": k.created_at,
                     "revoked_at": k.revoked_at, "last_used_at": k.last_used_at} for k in rows],
          [f"{k.prefix}  {'active' if k.active else 'revoked'}  created {k.created_at:%Y-%m-%d %H:%M}"
           for k in rows])


@keys.command("revoke")
def keys_revoke(key_id: str, as_json: JsonOpt = False) -> None:
    """Revoke a key by its id; its requests get 401 from now on."""
    if not open_ledger().revoke_key(key_id):
        raise fail(f"no active key with id '{key_id}'")
    _emit(as_json, {"key_id": key_id, "revoked": True}, [f"revoked {key_id}"])


@credits.command("add")
def credits_add(account: str, usd: str, as_json: JsonOpt = False) -> None:
    """Add prepaid credit in USD."""
    try:
        balance = open_ledger().add_credit(account, _usd(usd), "credit added by admin")
    except NotFoundError:
        raise fail(f"no account named '{account}'") from None
    _emit(as_json, {"account": account, "balance_usd": micros_to_usd(balance)},
          [f"{account}: balance ${micros_to_usd(balance):.6f}"])


def usage(account: str, limit: Annotated[int, typer.Option(help="most recent rows")] = 50,
          as_json: JsonOpt = False) -> None:
    """Charged requests of an account: time, request id, SKU, duration, minutes, cost."""
    try:
        rows = open_ledger().usage(account, limit)
    except NotFoundError:
        raise fail(f"no account named '{account}'") from None
    _emit(as_json, [{"request_id": r.request_id, "created_at": r.created_at, "sku": r.sku,
                     "duration_sec": r.duration_s, "billable_minutes": r.billable_minutes,
                     "duration_source": r.duration_source, "cost_usd": micros_to_usd(r.cost_micros)} for r in rows],
          [f"{'time':<20} {'request':<30} {'sku':<20} {'sec':>8} {'min':>4} {'cost USD':>10}"]
          + [f"{r.created_at:%Y-%m-%d %H:%M:%S} {r.request_id:<30} {r.sku or '':<20} {r.duration_s or 0:>8.1f} "
             f"{r.billable_minutes or 0:>4} {micros_to_usd(r.cost_micros):>10.6f}" for r in rows])


@holds.command("release-stale")
def holds_release_stale(
    older_than_minutes: Annotated[float, typer.Option(help="release holds open longer than this")] = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Give back the credit of holds left open by requests that never finished (a worker died)."""
    if older_than_minutes < 0:
        raise fail("--older-than-minutes must not be negative")
    released = open_ledger().release_stale_holds(timedelta(minutes=older_than_minutes))
    _emit(as_json, {"released": released},
          [f"released {len(released)} hold(s) older than {older_than_minutes:g} min"] + released)
