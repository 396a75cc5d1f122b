"""Settings from the environment (AURAL_*); every knob has a default that works offline."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AURAL_", extra="ignore")

    cache_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_cache_dir("aural")))
    # Longest audio the engine accepts, in seconds. Decoded samples cost 64 kB/s (float32, 16 kHz).
    max_duration_s: float = 2 * 3600.0
    # Threads for onnxruntime and CTranslate2; the target machine has 2 cores.
    threads: int = 2
    # Transcribe at most this many seconds of speech (language ID always runs on the first speech).
    max_transcribe_s: float = 3600.0


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
