"""Pricing: the spec's reference numbers, the size estimate, rounding, and hint validation."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from aural.billing.pricing import (MAX_DURATION_HINT_S, InvalidDurationError, Quote, billable_minutes,
                                   cost_micros, estimate_duration_from_size, micros_to_usd, quote,
                                   usd_to_micros, validate_duration_hint)
from aural.errors import AuralError

PRICE = 648  # gemini-3-flash-audio: $0.000648 per minute


@pytest.mark.parametrize(("usd", "micros"), [
    (0.000648, 648), ("0.000648", 648), (Decimal("0.000648"), 648), (0.03888, 38_880),
    (41.468, 41_468_000), (0.1 + 0.2, 300_000), ("0.0000005", 1), ("0.0000004", 0), (0, 0),
    (25, 25_000_000),
])
def test_usd_to_micros_is_exact(usd: object, micros: int) -> None:
    assert usd_to_micros(usd) == micros  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "abc", "NaN", True])
def test_usd_to_micros_rejects_non_amounts(bad: object) -> None:
    with pytest.raises(ValueError):
        usd_to_micros(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("micros", "usd"), [(648, 0.000648), (38_880, 0.03888), (41_468_000, 41.468), (0, 0.0)])
def test_micros_to_usd(micros: int, usd: float) -> None:
    assert micros_to_usd(micros) == usd


@pytest.mark.parametrize(("seconds", "minutes"), [
    (0, 1), (0.001, 1), (5, 1), (30, 1), (59.9, 1), (60, 1), (60.0000001, 1), (60.0004, 1),
    (60.0005, 2), (60.001, 2), (61, 2), (120, 2), (3600, 60), (3600.5, 61), (86_400, 1440),
])
def test_billable_minutes_round_up_from_milliseconds(seconds: float, minutes: int) -> None:
    assert billable_minutes(seconds) == minutes


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
def test_billable_minutes_rejects_bad_durations(bad: float) -> None:
    with pytest.raises(ValueError):
        billable_minutes(bad)


@pytest.mark.parametrize(("size", "seconds"), [(0, 0.0), (4000, 1.0), (240_000, 60.0),
                                                (25 * 1024 * 1024, 6553.6)])
def test_size_estimate_assumes_32kbps(size: int, seconds: float) -> None:
    assert estimate_duration_from_size(size) == pytest.approx(seconds)


def test_cost_is_minutes_times_price() -> None:
    assert cost_micros(1, PRICE) == 648
    assert cost_micros(60, PRICE) == 38_880
    assert cost_micros(3, 0) == 0
    with pytest.raises(ValueError):
        cost_micros(-1, PRICE)


@pytest.mark.parametrize(("size", "hint", "expected"), [
    # The spec's examples.
    (1_000_000, 5, Quote(5.0, "caller_hint", 1, 648)),
    (1_000_000, 30, Quote(30.0, "caller_hint", 1, 648)),
    (1_000_000, 61, Quote(61.0, "caller_hint", 2, 1296)),
    (1_000_000, 3600, Quote(3600.0, "caller_hint", 60, 38_880)),
    (1_000_000, "5", Quote(5.0, "caller_hint", 1, 648)),        # the multipart field arrives as text
    (1_000_000, " 90.5 ", Quote(90.5, "caller_hint", 2, 1296)),
    (240_000, None, Quote(60.0, "size_estimate", 1, 648)),
    (240_004, None, Quote(60.001, "size_estimate", 2, 1296)),
    (0, None, Quote(0.0, "size_estimate", 1, 648)),
    (14_400_000, None, Quote(3600.0, "size_estimate", 60, 38_880)),
])
def test_quote(size: int, hint: object, expected: Quote) -> None:
    assert quote(size, hint, PRICE) == expected


def test_one_hour_is_the_spec_price() -> None:
    # The spec rounds $0.03888 to $0.039.
    assert round(micros_to_usd(quote(0, 3600, PRICE).cost_micros), 3) == 0.039


@pytest.mark.parametrize("bad", [float("nan"), "nan", -1, 0, 0.0, "-5", float("inf"), "inf",
                                 float("-inf"), MAX_DURATION_HINT_S + 1, 1e300, "", "five", True,
                                 [5], None.__class__])
def test_invalid_hints_are_invalid_requests(bad: object) -> None:
    with pytest.raises(InvalidDurationError) as info:
        quote(1000, bad, PRICE)
    assert isinstance(info.value, ValueError) and isinstance(info.value, AuralError)
    assert (info.value.code, info.value.status) == ("invalid_request", 400)


def test_hint_limit_is_configurable() -> None:
    assert validate_duration_hint(7200, max_s=7200) == 7200.0
    with pytest.raises(InvalidDurationError):
        quote(0, 7200.5, PRICE, max_hint_s=7200)
    assert math.isclose(validate_duration_hint(MAX_DURATION_HINT_S), 86_400.0)
