"""Model names. The local engine's SKU is what `model` reports for answers it composes."""

from __future__ import annotations

LOCAL_UNDERSTAND_SKU = "aural-listen-1"
UNDERSTAND_ALIAS = "audio-understand"
