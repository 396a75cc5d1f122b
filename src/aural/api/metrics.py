"""Prometheus metrics, one registry per app (per process; with several workers, scrape each)."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.requests = Counter("aural_requests_total", "HTTP requests", ["route", "status"], registry=r)
        self.latency = Histogram("aural_request_seconds", "HTTP request latency", ["route"], registry=r,
                                 buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300))
        self.audio_seconds = Counter("aural_audio_seconds_total", "Decoded audio seconds served",
                                     ["route", "sku"], registry=r)
        self.errors = Counter("aural_errors_total", "Error responses by error.code", ["code"], registry=r)
        self.charged_micros = Counter("aural_charged_microdollars_total", "Micro-dollars charged",
                                      ["sku"], registry=r)
