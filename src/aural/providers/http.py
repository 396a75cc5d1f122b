"""What every remote provider shares: one deadline, bounded retries with backoff, a circuit breaker,
and error messages that are useful and never carry a key.

`call_upstream` runs one upstream call under the SKU's `timeout_s` (the whole call, retries included),
retries 429, 5xx and connection failures at most `max_retries` times with exponential backoff and
jitter (honouring Retry-After when it fits the deadline), and turns the final failure into
`ProviderError` (502 provider_error). Each upstream (provider + base URL) has one `CircuitBreaker`:
after `threshold` consecutive failures it refuses calls for `reset_s`, then lets one trial through.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable, TypeVar

from aural.answer.wording import clip_text
from aural.errors import ProviderError

T = TypeVar("T")
log = logging.getLogger("aural.providers")

BACKOFF_BASE_S = 0.5
BACKOFF_MAX_S = 8.0
_MESSAGE_CHARS = 300


class UpstreamError(Exception):
    """One failed attempt, already classified: HTTP status (None for transport failures), whether a
    retry may help, and the upstream's Retry-After in seconds when it sent one."""

    def __init__(self, message: str, status: int | None = None, retryable: bool = False,
                 retry_after_s: float | None = None, timeout: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retryable = retryable
        self.retry_after_s = retry_after_s
        self.timeout = timeout


def retryable_status(status: int | None) -> bool:
    return status is not None and (status == 429 or status == 408 or 500 <= status <= 599)


def retry_after(headers: object) -> float | None:
    """Seconds from a Retry-After (or retry-after-ms) header, when it is a number."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    try:
        ms = get("retry-after-ms")
        if ms is not None:
            return max(0.0, float(ms) / 1000)
        value = get("retry-after")
        return max(0.0, float(value)) if value is not None else None
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- keeping keys out of messages

_SECRET_PATTERNS = [
    re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]{6,}"),
    re.compile(r"(?i)([?&](?:key|api_key|apikey|access_token|token)=)[^&\s\"']+"),
    re.compile(r"(?i)((?:x-goog-api-key|api-key|authorization)[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"),
    re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"),
    re.compile(r"\bAIza[0-9A-Za-z_-]{20,}"),
    re.compile(r"\baural_sk_[A-Za-z0-9_-]+"),
]


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with every given secret and anything shaped like a key replaced by '***', shortened."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    for pat in _SECRET_PATTERNS:
        text = pat.sub(lambda m: (m.group(1) if m.groups() else "") + "***", text)
    text = " ".join(text.split())
    return clip_text(text, _MESSAGE_CHARS)


# ---------------------------------------------------------------- the circuit breaker

class CircuitBreaker:
    """Closed -> (threshold consecutive failures) -> open for reset_s -> half-open: one trial call;
    its success closes the circuit, its failure opens it again."""

    def __init__(self, threshold: int = 5, reset_s: float = 30.0, clock: Callable[[], float] = time.monotonic):
        self.threshold = max(1, threshold)
        self.reset_s = reset_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial = False

    @property
    def state(self) -> str:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "half-open" if self._clock() - self._opened_at >= self.reset_s else "open"

    def before_call(self) -> float | None:
        """None when a call may go ahead; else the seconds until the circuit lets a trial through."""
        with self._lock:
            if self._opened_at is None:
                return None
            left = self.reset_s - (self._clock() - self._opened_at)
            if left > 0:
                return left
            if self._trial:  # one trial at a time while half-open
                return 1.0
            self._trial = True
            return None

    def success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial = False

    def failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._trial or self._failures >= self.threshold:
                self._opened_at = self._clock()
            self._trial = False


_breakers: dict[tuple, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(key: tuple, threshold: int, reset_s: float) -> CircuitBreaker:
    """The process-wide breaker of one upstream (e.g. ('openai-compatible', base_url)) under one setting: a SKU
    whose threshold or reset time differ gets its own, never a breaker made for other settings."""
    with _breakers_lock:
        full = (*key, threshold, reset_s)
        b = _breakers.get(full)
        if b is None:
            b = _breakers[full] = CircuitBreaker(threshold, reset_s)
        return b


# ---------------------------------------------------------------- one call, retried

@dataclass(frozen=True)
class CallPolicy:
    label: str                   # names the upstream in messages, e.g. "openai-compatible model 'qwen'"
    timeout_s: float
    max_retries: int = 2
    backoff_base_s: float = BACKOFF_BASE_S
    backoff_max_s: float = BACKOFF_MAX_S


def call_upstream(policy: CallPolicy, attempt: Callable[[float], T], classify: Callable[[BaseException], UpstreamError],
                  breaker: CircuitBreaker | None = None, secrets: Iterable[str | None] = (),
                  sleep: Callable[[float], None] = time.sleep) -> T:
    """Run `attempt(seconds_left)` until it returns, retrying what `classify` calls retryable while the
    deadline and the retry budget allow; the final failure is a ProviderError without keys in it."""
    secrets = tuple(s for s in secrets if s)
    if breaker is not None:
        wait = breaker.before_call()
        if wait is not None:
            raise ProviderError(f"{policy.label} is failing; calls to it are paused for {wait:.0f} s more "
                                f"(circuit open); nothing was charged")
    deadline = time.monotonic() + policy.timeout_s
    tries = 0
    while True:
        tries += 1
        left = deadline - time.monotonic()
        try:
            if left <= 0:
                raise UpstreamError("deadline passed", timeout=True)
            result = attempt(left)
        except ProviderError:
            if breaker is not None:
                breaker.failure()
            raise
        except BaseException as exc:  # noqa: BLE001 - classified below, re-raised as ProviderError
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            err = exc if isinstance(exc, UpstreamError) else classify(exc)
            left = deadline - time.monotonic()
            if err.retryable and tries <= policy.max_retries and left > 0:
                delay = min(policy.backoff_max_s, policy.backoff_base_s * 2 ** (tries - 1))
                delay *= 0.5 + random.random() / 2
                if err.retry_after_s is not None:
                    delay = max(delay, min(err.retry_after_s, policy.backoff_max_s))
                if delay < left:
                    log.warning("%s: attempt %d failed (%s); retrying in %.2f s", policy.label, tries,
                                redact(err.message, secrets), delay)
                    sleep(delay)
                    continue
            if breaker is not None and (err.status is None or retryable_status(err.status)):
                breaker.failure()  # the upstream's health; a 400 for one request does not count
            message = _final_message(policy, err, tries, secrets)
            log.warning("%s", message)
            raise ProviderError(message) from None
        else:
            if breaker is not None:
                breaker.success()
            return result


def _final_message(policy: CallPolicy, err: UpstreamError, tries: int, secrets: tuple[str, ...]) -> str:
    after = f" after {tries} attempts" if tries > 1 else ""
    if err.timeout:
        what = f"did not answer within {policy.timeout_s:g} s{after}"
    elif err.status is not None:
        detail = redact(err.message, secrets)
        what = f"answered HTTP {err.status}{after}" + (f": {detail}" if detail else "")
    else:
        what = f"failed{after}: {redact(err.message, secrets)}"
    return f"{policy.label} {what}; nothing was charged"


def transport_error(exc: BaseException) -> UpstreamError | None:
    """Timeouts and connection failures of httpx (or its fork httpx2) and the SDKs that wrap them,
    recognised by class name so that every SDK's flavour is covered; None for anything else."""
    names = {c.__name__ for c in type(exc).__mro__}
    if names & {"TimeoutException", "APITimeoutError", "TimeoutError", "ReadTimeout", "ConnectTimeout"}:
        return UpstreamError("timed out", retryable=True, timeout=True)
    if names & {"TransportError", "NetworkError", "APIConnectionError", "ConnectionError", "RemoteProtocolError"}:
        cause = exc.__cause__ or exc.__context__
        if cause is not None and transport_error(cause) is not None and transport_error(cause).timeout:  # type: ignore[union-attr]
            return UpstreamError("timed out", retryable=True, timeout=True)
        return UpstreamError(f"could not reach the upstream ({type(exc).__name__})", retryable=True)
    return None
