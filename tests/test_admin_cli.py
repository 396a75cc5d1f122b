"""The admin commands, run as real processes against a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aural.billing.db import init_db
from aural.billing.ledger import Ledger


@pytest.fixture()
def env(tmp_path: Path) -> dict:
    return {**os.environ, "AURAL_DATABASE_URL": f"sqlite:///{tmp_path / 'admin.db'}"}


def aural(env: dict, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aural", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_accounts_keys_credits_and_usage(env: dict) -> None:
    out = aural(env, "accounts", "create", "acme", "--credits-usd", "2.5")
    assert out.returncode == 0, out.stderr
    created = json.loads(out.stdout)  # JSON even without --json: the id and the key, shown once
    assert created["id"] >= 1 and created["balance_usd"] == 2.5 and created["api_key"].startswith("aural_sk_")
    ledger = Ledger(init_db(env["AURAL_DATABASE_URL"]))
    assert ledger.authenticate(created["api_key"]).name == "acme"

    assert aural(env, "accounts", "set-audio", "acme", "off").returncode == 0
    assert ledger.get_account("acme").audio_enabled is False
    assert aural(env, "accounts", "set-audio", "acme", "on").returncode == 0

    out = aural(env, "credits", "add", "acme", "0.5", "--json")
    assert json.loads(out.stdout)["balance_usd"] == 3.0
    assert ledger.get_account("acme").balance_micros == 3_000_000

    key = json.loads(aural(env, "keys", "create", "acme", "--json").stdout)
    listed = json.loads(aural(env, "keys", "list", "acme", "--json").stdout)
    assert {k["key_id"] for k in listed} == {created["key_id"], key["key_id"]}
    assert all("secret" not in k and "api_key" not in k for k in listed)
    assert aural(env, "keys", "revoke", key["key_id"]).returncode == 0
    assert aural(env, "keys", "revoke", key["key_id"]).returncode == 2  # already revoked

    ledger.hold(created["id"], "req_test_1", 648)
    ledger.settle("req_test_1", 648, "aural-listen-1", 30.0, 1, "caller_hint")
    table = aural(env, "usage", "acme").stdout
    assert "req_test_1" in table and "aural-listen-1" in table and "0.000648" in table
    rows = json.loads(aural(env, "usage", "acme", "--json").stdout)
    assert rows == [{**rows[0], "request_id": "req_test_1", "cost_usd": 0.000648, "billable_minutes": 1}]
    assert ledger.check_invariants() == []


def test_release_stale_holds(env: dict) -> None:
    ledger = Ledger(init_db(env["AURAL_DATABASE_URL"]))
    account = ledger.create_account("acme")
    ledger.add_credit("acme", 10_000, "t")
    ledger.hold(account.id, "req_dead_worker", 648)
    out = aural(env, "holds", "release-stale", "--json")  # default: older than 60 minutes
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"released": []}
    assert ledger.get_account("acme").balance_micros == 10_000 - 648
    out = aural(env, "holds", "release-stale", "--older-than-minutes", "0")
    assert out.returncode == 0 and "released 1 hold" in out.stdout and "req_dead_worker" in out.stdout
    assert ledger.get_account("acme").balance_micros == 10_000
    assert ledger.check_invariants() == []
    assert aural(env, "holds", "release-stale", "--older-than-minutes", "-1").returncode == 2


@pytest.mark.parametrize("args, message", [
    (["credits", "add", "nobody", "1"], "no account named 'nobody'"),
    (["credits", "add", "acme", "--", "-3"], "positive"),
    (["credits", "add", "acme", "lots"], "not an amount"),
    (["accounts", "set-audio", "acme", "maybe"], "'on' or 'off'"),
    (["accounts", "create", "acme"], "already exists"),
    (["usage", "nobody"], "no account named"),
])
def test_admin_errors_are_one_line_and_exit_2(env: dict, args: list[str], message: str) -> None:
    assert aural(env, "accounts", "create", "acme").returncode == 0
    out = aural(env, *args)
    assert out.returncode == 2 and message in out.stderr and out.stderr.count("\n") == 1, out.stderr
