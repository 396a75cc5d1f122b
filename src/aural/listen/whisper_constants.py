"""Whisper's signal contract, named once (as openai/whisper's `whisper/audio.py` names it).

The transcriber (`transcriber.py`) and the voice-emotion features (`emotion/features.py`) both slice
Whisper's log-mel frames and encoder frames; these are the units they count in, and `content_mel` the
frames faster-whisper's front end gives that both read.
"""

from __future__ import annotations

import numpy as np

from aural.audio.decode import SAMPLE_RATE

HOP_LENGTH = 160                                        # samples per log-mel frame (10 ms at 16 kHz)
FRAMES_PER_SECOND = SAMPLE_RATE // HOP_LENGTH           # 100 log-mel frames a second
CHUNK_LENGTH = 30                                       # seconds in one encoder window
N_FRAMES = CHUNK_LENGTH * FRAMES_PER_SECOND             # 3000 log-mel frames in one window
MEL_FRAMES_PER_TOKEN = 2                                # the encoder's stride-2 convolution halves time
N_SAMPLES_PER_TOKEN = HOP_LENGTH * MEL_FRAMES_PER_TOKEN  # 320 samples: one 20 ms encoder frame
TOKENS_PER_SECOND = SAMPLE_RATE // N_SAMPLES_PER_TOKEN  # 50 encoder frames a second
WINDOW_S = N_FRAMES / FRAMES_PER_SECOND                 # 30.0 s: one window in seconds


def content_mel(features: np.ndarray) -> np.ndarray:
    """The log-mel frames faster-whisper decodes ([80, frames]): its feature extractor's last frame is padding."""
    return features[:, : max(1, features.shape[-1] - 1)]
