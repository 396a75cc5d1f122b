"""Accounts and API keys: create, list, enable audio, issue/revoke keys, authenticate a secret.

A key's secret is shown once and stored only as its sha256; the lookup is by that hash and the check a
constant-time compare.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from aural.billing.db import accounts, api_keys
from aural.billing.records import Account, ApiKey, DuplicateError, NotFoundError
from aural.billing.store import Store, account_record, as_utc, utc_now
from aural.errors import AuthError, NotEnabledError, ServiceUnavailableError

SECRET_PREFIX = "aural_sk_"
KEY_ID_PREFIX = "ak_"
# Record last_used_at at most this often per key, so authentication is not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    """sha256 hex of a key's secret: what the database stores and looks keys up by."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Accounts(Store):
    """Accounts and their keys."""

    def create_account(self, name: str, audio_enabled: bool = True) -> Account:
        name = name.strip()
        if not name:
            raise ValueError("account name must not be empty")

        def work(conn: Connection) -> Account:
            conn.execute(accounts.insert().values(name=name, audio_enabled=audio_enabled,
                                                  balance_micros=0, created_at=utc_now()))
            return self._account_by(conn, accounts.c.name == name)

        try:
            return self._write(work)
        except IntegrityError:
            raise DuplicateError(f"account {name!r} already exists") from None

    def get_account(self, name: str) -> Account:
        return self._read(lambda conn: self._account_by(conn, accounts.c.name == name))

    def list_accounts(self) -> list[Account]:
        def work(conn: Connection) -> list[Account]:
            return [account_record(r) for r in conn.execute(sa.select(accounts).order_by(accounts.c.name))]
        return self._read(work)

    def set_audio_enabled(self, name: str, enabled: bool) -> Account:
        def work(conn: Connection) -> Account:
            done = conn.execute(accounts.update().where(accounts.c.name == name)
                                .values(audio_enabled=enabled))
            if done.rowcount != 1:
                raise NotFoundError(f"no account {name!r}")
            return self._account_by(conn, accounts.c.name == name)
        return self._write(work)

    # -- keys ----------------------------------------------------------------------------------

    def create_key(self, account_name: str) -> tuple[str, str]:
        """A new key for the account: (prefix, secret). The secret is shown this once and only
        its sha256 is stored; the prefix is the key's public id for listings and revocation."""
        for _ in range(5):  # a prefix collision (32 random bits) is unlikely; retry, don't fail
            prefix = KEY_ID_PREFIX + secrets.token_hex(4)
            secret = SECRET_PREFIX + secrets.token_urlsafe(32)

            def work(conn: Connection) -> None:
                account_id = self._account_id(conn, account_name)
                conn.execute(api_keys.insert().values(account_id=account_id, prefix=prefix,
                                                      hash=hash_secret(secret), created_at=utc_now()))
            try:
                self._write(work)
            except IntegrityError:
                continue
            return prefix, secret
        raise RuntimeError("could not allocate a unique key prefix")

    def revoke_key(self, prefix: str) -> bool:
        """Revoke the key; True if this call revoked an active key, False if no active key has
        that prefix (unknown, or already revoked)."""
        def work(conn: Connection) -> bool:
            done = conn.execute(api_keys.update()
                                .where(api_keys.c.prefix == prefix, api_keys.c.revoked_at.is_(None))
                                .values(revoked_at=utc_now()))
            return done.rowcount == 1
        return self._write(work)

    def list_keys(self, account_name: str) -> list[ApiKey]:
        def work(conn: Connection) -> list[ApiKey]:
            self._account_id(conn, account_name)
            rows = conn.execute(
                sa.select(api_keys, accounts.c.name.label("account_name"))
                .join(accounts, accounts.c.id == api_keys.c.account_id)
                .where(accounts.c.name == account_name).order_by(api_keys.c.id))
            return [ApiKey(prefix=r.prefix, account_name=r.account_name, created_at=as_utc(r.created_at),  # type: ignore[arg-type]
                           revoked_at=as_utc(r.revoked_at), last_used_at=as_utc(r.last_used_at))
                    for r in rows]
        return self._read(work)

    def authenticate(self, secret: str | None, *, require_audio: bool = False) -> Account:
        """The account owning `secret`. AuthError when missing, unknown or revoked;
        NotEnabledError too when `require_audio` and the account's audio gate is off."""
        if not secret:
            raise AuthError("missing API key")
        digest = hash_secret(secret)

        def work(conn: Connection) -> Any:
            return conn.execute(
                sa.select(api_keys.c.id.label("key_id"), api_keys.c.hash, api_keys.c.revoked_at,
                          api_keys.c.last_used_at, accounts)
                .join(accounts, accounts.c.id == api_keys.c.account_id)
                .where(api_keys.c.hash == digest)).first()

        row = self._read(work)
        # The indexed lookup finds the row; the constant-time compare is the actual check.
        if row is None or not hmac.compare_digest(row.hash, digest) or row.revoked_at is not None:
            raise AuthError("invalid API key")
        account = account_record(row)
        self._touch_key(row.key_id, as_utc(row.last_used_at))
        if require_audio:
            self.require_audio_enabled(account)
        return account

    @staticmethod
    def require_audio_enabled(account: Account) -> None:
        if not account.audio_enabled:
            raise NotEnabledError("audio understanding is not enabled for this account")

    def _touch_key(self, key_id: int, last_used_at: datetime | None) -> None:
        now = utc_now()
        if last_used_at is not None and now - last_used_at < LAST_USED_RESOLUTION:
            return
        try:
            self._write(lambda conn: conn.execute(
                api_keys.update().where(api_keys.c.id == key_id).values(last_used_at=now)))
        except ServiceUnavailableError:
            pass  # bookkeeping only: never fail a request because the timestamp could not be saved
