"""Settings from the environment (AURAL_*); every knob has a default that works offline."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_database_url() -> str:
    return f"sqlite:///{Path(platformdirs.user_data_dir('aural')) / 'aural.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AURAL_", extra="ignore")

    cache_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_cache_dir("aural")))
    # Longest audio the engine accepts, in seconds. Decoded samples cost 64 kB/s (float32, 16 kHz).
    max_duration_s: float = 2 * 3600.0
    # Threads for onnxruntime and CTranslate2; the target machine has 2 cores.
    threads: int = 2
    # Transcribe at most this many seconds of speech (language ID always runs on the first speech).
    max_transcribe_s: float = 3600.0
    # Word times in the engine's transcript cost ~15 % more Whisper time; segment times are always there.
    word_timestamps: bool = False
    # The evidence cache: what the engine heard in a clip, kept under cache_dir/evidence keyed by the
    # audio and the engine's version, so another question about the same audio answers without listening
    # again (billing is unchanged). Bounded by bytes, least recently used evicted; false turns it off.
    evidence_cache: bool = True
    evidence_cache_bytes: int = 1024 ** 3
    # Accounts, keys and the credit ledger. SQLite by default; any SQLAlchemy URL (e.g.
    # postgresql+psycopg://...) works, since the billing layer uses portable SQL only.
    database_url: str = Field(default_factory=_default_database_url)

    # A TOML file of extra SKUs (remote providers, other prices) merged with the built-in ones
    # (AURAL_CATALOG; see docs/providers.md). Upstream keys live in the variables it names, never in it.
    catalog: Path | None = None
    # Catalog: the local SKUs behind the aliases, and their prices in USD per minute.
    understand_price_usd_per_minute: str = "0.000648"
    transcribe_price_usd_per_minute: str = "0.000324"

    # Holds left open longer than this (a worker died mid-request) go back to their accounts when the
    # server starts; `aural holds release-stale` does the same by hand.
    stale_hold_minutes: float = 60.0

    # Bill the decoded duration instead of the spec's hint / size estimate (duration_source "decoded").
    bill_decoded_duration: bool = False
    # The one deviation from the hosted API's rule (off = aural's default): when the audio the engine
    # processes is longer than the billed duration (hint or size estimate) by more than 10 % + 2 s, the
    # processed duration is billed (duration_source "decoded"). True restores the hosted rule exactly.
    strict_hosted_billing: bool = False

    # The most a request waits for the database (a lock, a connection) before answering 503
    # service_unavailable with Retry-After, nothing charged.
    db_deadline_s: float = 3.0
    # A request's hold carries a lease its worker renews while it works; a lapsed lease (the worker
    # died) is released by any worker's sweep, every hold_sweep_s.
    hold_lease_s: float = 60.0
    hold_sweep_s: float = 15.0

    # API limits.
    max_upload_bytes: int = 25 * 1024 * 1024
    max_question_chars: int = 4000
    max_duration_hint_s: float = 24 * 3600.0
    # Analyses run at once per process; more requests wait (each holds up to ~1 GB for long clips).
    max_concurrent_analyses: int = 2
    # Requests per key per minute (a sliding window in the database: at most this many in any 60 s,
    # shared by every worker and replica);
    # 0 turns the limit off.
    rate_limit_per_minute: int = 120
    # Failed API keys per client address per minute (shared likewise); 0 turns the limit off.
    auth_failures_per_minute: int = 20
    # Analyses of audio longer than long_analysis_s run at most this many at once per key (0: no cap).
    long_analysis_s: float = 600.0
    max_long_analyses_per_key: int = 1
    # Load the models when the server starts, so /readyz turns ready and the first request is fast.
    preload_models: bool = True
    # Set by `aural serve` after it migrated the database, so its workers skip the migration.
    database_ready: bool = False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
