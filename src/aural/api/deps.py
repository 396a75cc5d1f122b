"""FastAPI dependencies: the app state and the authenticated account."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from aural.api.state import AppState
from aural.billing.ledger import Account, hash_secret


def get_state(request: Request) -> AppState:
    return request.app.state.aural


StateDep = Annotated[AppState, Depends(get_state)]


def bearer_secret(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def audio_account(state: StateDep,
                        authorization: Annotated[str | None, Header(include_in_schema=False)] = None) -> Account:
    """The account behind the bearer key (401), with its audio gate on (404), within its rate (429)."""
    secret = bearer_secret(authorization)
    account = await run_in_threadpool(state.ledger.authenticate, secret, require_audio=True)
    state.rate_limiter.check(hash_secret(secret or ""))
    return account


AudioAccount = Annotated[Account, Depends(audio_account)]
