"""Pricing, in one place: duration -> billable minutes -> cost in integer micro-dollars.

Pure functions, no I/O. Money is an `int` of micro-dollars everywhere below the JSON edge;
`micros_to_usd` is the only way out to a float.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from aural.errors import AuralError

USD_MICROS = 1_000_000
# The spec's size estimate assumes a 32 kbps mp3: bytes * 8 / 32000 seconds.
ASSUMED_BITRATE_BPS = 32_000
# Longest duration a caller may claim. Bounds the hold a single request can place.
MAX_DURATION_HINT_S = 24 * 3600.0

DurationSource = Literal["caller_hint", "size_estimate", "decoded"]


class InvalidDurationError(AuralError, ValueError):
    """A duration hint that is not a finite number in (0, max]. The API answers 400 invalid_request."""

    code = "invalid_request"
    status = 400


def usd_to_micros(usd: float | Decimal | str) -> int:
    """Dollars to micro-dollars, exactly: via Decimal (a float goes through its shortest repr, so
    0.000648 -> 648, not 647.999...), rounded half up."""
    if isinstance(usd, bool):
        raise ValueError("usd must be a number, not a bool")
    try:
        value = Decimal(repr(usd)) if isinstance(usd, float) else Decimal(usd)
    except InvalidOperation as exc:
        raise ValueError(f"not a dollar amount: {usd!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite dollar amount: {usd!r}")
    return int((value * USD_MICROS).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def micros_to_usd(micros: int) -> float:
    """Micro-dollars to dollars for the JSON edge (int / int is correctly rounded: 648 -> 0.000648)."""
    return micros / USD_MICROS


def estimate_duration_from_size(size_bytes: int) -> float:
    """Seconds of audio an upload of `size_bytes` holds if it is a 32 kbps mp3 (over-estimates
    higher bitrates, which is the spec's intent: the caller can send `duration_sec` instead)."""
    if size_bytes < 0:
        raise ValueError(f"size_bytes must be >= 0, got {size_bytes}")
    return size_bytes * 8 / ASSUMED_BITRATE_BPS


def billable_minutes(duration_s: float) -> int:
    """ceil(duration / 60), at least 1.

    The duration is first rounded (half up) to whole milliseconds, so float noise does not bill an
    extra minute: 60.0000001 s -> 60.000 s -> 1 minute, while 60.0005 s -> 60.001 s -> 2 minutes.
    """
    if not math.isfinite(duration_s) or duration_s < 0:
        raise ValueError(f"duration must be finite and >= 0, got {duration_s!r}")
    millis = Decimal(repr(float(duration_s))).scaleb(3).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    minutes = (millis / 60_000).to_integral_value(rounding=ROUND_CEILING)
    return max(1, int(minutes))


def cost_micros(minutes: int, price_per_minute_micros: int) -> int:
    """Cost of `minutes` at the SKU's per-minute price, both integers."""
    if minutes < 0 or price_per_minute_micros < 0:
        raise ValueError("minutes and price must be >= 0")
    return minutes * price_per_minute_micros


def validate_duration_hint(value: object, *, max_s: float = MAX_DURATION_HINT_S) -> float:
    """The caller's `duration_sec` (a number or the form field's string) as a float in (0, max_s].

    Raises InvalidDurationError for anything else: NaN, infinities, zero, negatives, too large,
    booleans, non-numeric text."""
    if isinstance(value, bool):
        raise InvalidDurationError("duration_sec must be a number")
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise InvalidDurationError(f"duration_sec is not a number: {value!r}") from None
    if not isinstance(value, (int, float, Decimal)):
        raise InvalidDurationError("duration_sec must be a number")
    seconds = float(value)
    if not math.isfinite(seconds):
        raise InvalidDurationError("duration_sec must be finite")
    if seconds <= 0:
        raise InvalidDurationError("duration_sec must be greater than 0")
    if seconds > max_s:
        raise InvalidDurationError(f"duration_sec must be at most {max_s:g} seconds")
    return seconds


@dataclass(frozen=True, slots=True)
class Quote:
    """What a request will cost, decided before any audio is decoded (the API holds cost_micros)."""

    duration_s: float
    duration_source: DurationSource
    billable_minutes: int
    cost_micros: int


def quote(size_bytes: int, duration_hint: object | None, price_per_minute_micros: int, *,
          max_hint_s: float = MAX_DURATION_HINT_S) -> Quote:
    """Price one request: from the caller's hint when given (validated), else from the upload size."""
    if duration_hint is None:
        duration_s = estimate_duration_from_size(size_bytes)
        source: DurationSource = "size_estimate"
    else:
        duration_s = validate_duration_hint(duration_hint, max_s=max_hint_s)
        source = "caller_hint"
    return priced(duration_s, source, price_per_minute_micros)


def quote_decoded(duration_s: float, price_per_minute_micros: int) -> Quote:
    """Price one request from the decoded audio's duration (an operator setting; off by default)."""
    return priced(duration_s, "decoded", price_per_minute_micros)


def priced(duration_s: float, source: DurationSource, price_per_minute_micros: int) -> Quote:
    """The quote for a known duration: minutes rounded up, at least one, times the price."""
    minutes = billable_minutes(duration_s)
    return Quote(duration_s=duration_s, duration_source=source, billable_minutes=minutes,
                 cost_micros=cost_micros(minutes, price_per_minute_micros))
