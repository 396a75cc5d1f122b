"""FastAPI dependencies: the app state and the authenticated account."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from aural.api.state import AppState
from aural.billing.ledger import Account, hash_secret
from aural.errors import AuthError, BillingError


def get_state(request: Request) -> AppState:
    return request.app.state.aural


StateDep = Annotated[AppState, Depends(get_state)]

# Declares the bearer scheme in OpenAPI (components.securitySchemes + each audio route's security);
# the header itself is read by audio_account, which answers in the API's own error shape.
bearer_scheme = HTTPBearer(auto_error=False, scheme_name="bearer",
                           description="An aural API key (aural_sk_...): `Authorization: Bearer <key>`. "
                                       "Keys in the URL are refused (401).")


def bearer_secret(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def audio_account(request: Request, state: StateDep,
                        authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
                        _: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)] = None) -> Account:
    """The account behind the bearer key (401), with its audio gate on (404), within its rate (429), with
    credit left (402). All of these come before the form is read, so an empty account gets 402 whatever
    model it names; the exact cost is held later, once the model and the duration are known."""
    secret = bearer_secret(authorization)
    address = request.client.host if request.client else ""
    await run_in_threadpool(state.rate_limiter.check_address, address)
    try:
        account = await run_in_threadpool(state.ledger.authenticate, secret, require_audio=True)
    except AuthError:
        await run_in_threadpool(state.rate_limiter.failed_auth, address)
        raise
    key_hash = hash_secret(secret or "")
    request.state.key_hash = key_hash
    await run_in_threadpool(state.rate_limiter.check, key_hash)
    if account.balance_micros <= 0:
        raise BillingError("not enough credit for this request")
    return account


AudioAccount = Annotated[Account, Depends(audio_account)]
