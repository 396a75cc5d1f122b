"""The first layers of Whisper-base's encoder, in numpy, for the voice-emotion features.

CTranslate2 (which runs the transcriber) gives only the encoder's last layer, which is shaped for
decoding words; how a voice sounds is carried better by the middle layers (on EmoDB with a speaker and
a sentence left out together, the mean of layer 3 scores 0.85 UAR against 0.67 for the last layer).
So this module reads the same weights from the transcriber's CTranslate2 `model.bin` (no other file,
nothing downloaded) and runs the convolutional front end and the first `LAYERS` transformer blocks
over a stretch of speech on its own, not padded to 30 s (a 3 s segment costs about 0.1 s on 2 cores).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

import numpy as np
from scipy.special import erf

LAYERS = 3            # transformer blocks run: the features are the states after the third of six
MAX_FRAMES = 3000     # Whisper's positional table covers 30 s of 10 ms mel frames
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}
_BFLOAT16 = 5
_RSQRT2 = float(1.0 / np.sqrt(2.0))


def _read(f: BinaryIO, fmt: str) -> tuple:
    return struct.unpack("<" + fmt, f.read(struct.calcsize("<" + fmt)))


def _name(f: BinaryIO) -> str:
    (n,) = _read(f, "H")
    return f.read(n).rstrip(b"\0").decode()


def read_ct2_variables(path: Path, keep: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The variables of a CTranslate2 model file whose names start with one of `keep`, as float32.
    (Format: version, spec name and revision, then per variable its name, shape, dtype and bytes.)"""
    out: dict[str, np.ndarray] = {}
    with path.open("rb") as f:
        (version,) = _read(f, "I")
        if version < 4:
            raise ValueError(f"unsupported CTranslate2 model version {version}")
        _name(f)
        _read(f, "I")
        (count,) = _read(f, "I")
        for _ in range(count):
            name = _name(f)
            (rank,) = _read(f, "B")
            dims = _read(f, "I" * rank)
            (dtype,) = _read(f, "B")
            (nbytes,) = _read(f, "I")
            if not name.startswith(keep):
                f.seek(nbytes, 1)
                continue
            buf = f.read(nbytes)
            if dtype == _BFLOAT16:
                a = (np.frombuffer(buf, np.uint16).astype(np.uint32) << 16).view(np.float32)
            else:
                a = np.frombuffer(buf, _DTYPES[dtype]).astype(np.float32)
            out[name] = a.reshape(dims)
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    # Python floats keep float32 (a numpy float64 scalar would promote every later matmul to float64)
    return 0.5 * x * (1.0 + erf(x * _RSQRT2))


def _conv3(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int) -> np.ndarray:
    """1-D convolution, kernel 3, padding 1: x [channels, T] -> [out, T'] ."""
    xp = np.pad(x, ((0, 0), (1, 1)))
    t = (x.shape[1] - 1) // stride + 1
    cols = np.stack([xp[:, k: k + stride * (t - 1) + 1: stride] for k in range(3)], axis=-1)
    return np.einsum("ock,ctk->ot", w, cols, optimize=True) + b[:, None]


class MidEncoder:
    """Whisper-base's encoder up to block `layers`: `states(mel)` gives one 512-vector per 20 ms."""

    def __init__(self, weights: dict[str, np.ndarray], layers: int = LAYERS, heads: int = 8) -> None:
        self.w = weights
        self.layers = layers
        self.heads = heads

    @classmethod
    def from_ct2(cls, path: Path, layers: int = LAYERS) -> "MidEncoder":
        keep = ("encoder/conv", "encoder/position_encodings", "encoder/num_heads") + tuple(
            f"encoder/layer_{i}/" for i in range(layers))
        w = read_ct2_variables(path, keep)
        return cls(w, layers, int(w.pop("encoder/num_heads", np.array(8))))

    def _norm(self, x: np.ndarray, p: str) -> np.ndarray:
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-5) * self.w[p + "/gamma"] + self.w[p + "/beta"]  # float32 throughout

    def states(self, mel: np.ndarray) -> np.ndarray:
        """mel: Whisper's normalised log-mel [80, frames] (at most 30 s) -> [ceil(frames / 2), 512]."""
        return self.layer_states(mel)[-1]

    def layer_states(self, mel: np.ndarray) -> list[np.ndarray]:
        """The states after the front end and after each block: `layers` + 1 arrays [ceil(frames / 2), 512]
        (bench/emotion.py compares the depths)."""
        w = self.w
        mel = np.asarray(mel[:, :MAX_FRAMES], np.float32)
        x = _gelu(_conv3(mel, w["encoder/conv1/weight"], w["encoder/conv1/bias"], 1))
        x = _gelu(_conv3(x, w["encoder/conv2/weight"], w["encoder/conv2/bias"], 2)).T
        x = x + w["encoder/position_encodings/encodings"][: len(x)]
        out = [x]
        for i in range(self.layers):
            p = f"encoder/layer_{i}/"
            h = self._norm(x, p + "self_attention/layer_norm")
            qkv = h @ w[p + "self_attention/linear_0/weight"].T + w[p + "self_attention/linear_0/bias"]
            t, d = len(x), x.shape[1] // self.heads
            q, k, v = (a.reshape(t, self.heads, d).transpose(1, 0, 2) for a in np.split(qkv, 3, axis=-1))
            a = q @ k.transpose(0, 2, 1) * float(d ** -0.5)
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            o = (a @ v).transpose(1, 0, 2).reshape(t, -1)
            x = x + o @ w[p + "self_attention/linear_1/weight"].T + w[p + "self_attention/linear_1/bias"]
            h = self._norm(x, p + "ffn/layer_norm")
            h = _gelu(h @ w[p + "ffn/linear_0/weight"].T + w[p + "ffn/linear_0/bias"])
            x = x + h @ w[p + "ffn/linear_1/weight"].T + w[p + "ffn/linear_1/bias"]
            out.append(x)
        return out
