"""The labelled corpus: clip recipes with their ground truth, rendered once into a cache folder.

Each `Case` is one clip and what is true of it. `generated_cases(seed, quick)` lists the recipes
(deterministic for a seed); `materialize` renders any clip not yet in the cache. Real labelled sets
under ../shared/data come from `bench.quality.real`.
"""

from __future__ import annotations

import json
import random
import wave
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from bench.quality import sounds as S

CORPUS_VERSION = 2

# Two natural sentences per language (espeak-ng voice, Whisper code).
SPEECH: dict[str, tuple[str, list[str]]] = {
    "en": ("en-us", ["The weather today is sunny and warm, so we will walk to the park after lunch.",
                     "Please remember to send the report before the meeting on Thursday morning."]),
    "fr": ("fr-fr", ["Bonjour à tous, aujourd'hui nous allons parler de la cuisine française.",
                     "Le train pour Marseille partira avec vingt minutes de retard ce soir."]),
    "de": ("de", ["Guten Tag, heute sprechen wir über das Wetter in Deutschland.",
                  "Der Zug nach Berlin fährt um acht Uhr vom dritten Gleis ab."]),
    "es": ("es", ["Buenos días a todos, hoy vamos a hablar de la comida española.",
                  "El museo abre a las diez y cierra a las seis de la tarde."]),
    "it": ("it", ["Buongiorno a tutti, oggi parliamo della cucina italiana e delle sue tradizioni.",
                  "Il treno per Roma partirà con mezz'ora di ritardo questa sera."]),
    "pt": ("pt-br", ["Bom dia a todos, hoje vamos falar sobre a música brasileira.",
                     "O ônibus para o centro da cidade passa a cada quinze minutos."]),
    "nl": ("nl", ["Goedemorgen allemaal, vandaag praten we over het weer in Nederland.",
                  "De trein naar Amsterdam vertrekt over tien minuten van spoor vijf."]),
    "pl": ("pl", ["Dzień dobry wszystkim, dzisiaj porozmawiamy o polskiej kuchni.",
                  "Pociąg do Krakowa odjedzie z peronu drugiego za dziesięć minut."]),
    "ru": ("ru", ["Добрый день, сегодня мы поговорим о погоде в Москве.",
                  "Поезд в Санкт-Петербург отправляется с третьего пути."]),
    "sv": ("sv", ["God morgon allihopa, idag ska vi prata om vädret i Sverige.",
                  "Tåget till Göteborg avgår från spår fyra om tio minuter."]),
}

INSTRUMENTS = {"piano": 0, "guitar": 25, "organ": 19, "violin": 40, "strings": 48, "flute": 73, "trumpet": 56}
KEYS = [("C", "major"), ("G", "major"), ("D", "major"), ("F", "major"), ("A#", "major"),
        ("A", "minor"), ("E", "minor"), ("D", "minor"), ("C", "minor"), ("G", "minor")]
PATTERNS = ["rock", "disco", "waltz"]


@dataclass
class Case:
    id: str
    kind: str          # speech | music | sfx | mixture | silence | real:<set>
    condition: str     # clean | noisy | speech+music | speech+sfx | real
    truth: dict[str, Any]
    path: str = ""
    make: Callable[[], np.ndarray] | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("make", None)
        return d


def _truth(**kw: Any) -> dict[str, Any]:
    base = {"speech": False, "language": None, "music": False, "tempo": None, "key": None, "mode": None,
            "instrument": None, "sounds": [], "rate": None, "pitch": None, "emotion": None}
    base.update(kw)
    return base


def generated_cases(seed: int, quick: bool) -> list[Case]:
    rng = random.Random(seed)
    cases: list[Case] = []
    # Speech: every language, voices, rates and pitches.
    variants = [(175, 50, ""), (120, 50, "slow"), (260, 50, "fast"), (175, 15, "low"), (175, 90, "high"),
                (160, 60, "+f3")]
    for lang, (voice, sentences) in SPEECH.items():
        for vi, (rate, pitch, tag) in enumerate(variants if not quick else variants[:1]):
            text = sentences[vi % 2]
            v = voice + "+f3" if tag == "+f3" else voice
            cases.append(Case(f"speech-{lang}-{vi}", "speech", "clean",
                              _truth(speech=True, language=lang,
                                     rate={"slow": "slow", "fast": "fast"}.get(tag),
                                     pitch={"low": "low", "high": "high"}.get(tag)),
                              make=lambda t=text, v=v, r=rate, p=pitch: S.speak(t, v, r, p)))
    # Music: tempi x keys x instruments x patterns (a deterministic sample of the grid).
    grid = [(bpm, key, mode, inst, pattern) for bpm in (70, 90, 100, 120, 140, 160) for key, mode in KEYS
            for inst in INSTRUMENTS for pattern in PATTERNS]
    rng.shuffle(grid)
    for bpm, key, mode, inst, pattern in grid[: 12 if quick else 110]:
        cases.append(Case(f"music-{inst}-{key}{mode[:3]}-{pattern}-{bpm}", "music", "clean",
                          _truth(music=True, tempo=bpm, key=key, mode=mode, instrument=inst),
                          make=lambda b=bpm, k=key, m=mode, i=inst, p=pattern: S.song(k, m, INSTRUMENTS[i], b, p)))
    # Music without drums: key and instrument only.
    plain = [(key, mode, inst) for key, mode in KEYS for inst in INSTRUMENTS]
    rng.shuffle(plain)
    for key, mode, inst in plain[: 4 if quick else 40]:
        cases.append(Case(f"music-{inst}-{key}{mode[:3]}-plain", "music", "clean",
                          _truth(music=True, key=key, mode=mode, instrument=inst),
                          make=lambda k=key, m=mode, i=inst: S.song(k, m, INSTRUMENTS[i], 90, None)))
    # Sound effects.
    sfx: list[tuple[str, str, Callable[[int], np.ndarray]]] = [
        ("siren-wail", "siren", lambda s: S.siren("wail", 8)),
        ("siren-yelp", "siren", lambda s: S.siren("yelp", 8)),
        ("siren-hilo", "siren", lambda s: S.siren("hilo", 8)),
        ("alarm", "alarm", lambda s: S.beeps(8, 2900, 0.15, 0.1)),
        ("beeps", "beep", lambda s: S.beeps(8, 1000, 0.3, 0.7)),
        ("engine", "engine", lambda s: S.engine_hum(8, 30 + 5 * (s % 4), s)),
        ("rain", "rain", lambda s: S.rain(8, s)),
        ("wind", "wind", lambda s: S.wind(8, s)),
        ("applause", "applause", lambda s: S.applause(8, s)),
        ("knocking", "knock", lambda s: S.knocking(8, s)),
    ]
    for name, label, fn in sfx:
        for k in range(1 if quick else 5):
            cases.append(Case(f"sfx-{name}-{k}", "sfx", "clean", _truth(sounds=[label]),
                              make=lambda fn=fn, s=seed + k: S.fit(fn(s), 8)))
    # Mixtures: speech over music, noise and sirens at several SNRs.
    langs = list(SPEECH)
    for i, snr in enumerate([0, 5, 10, 20] * (1 if quick else 5)):
        lang = langs[i % len(langs)]
        voice, sentences = SPEECH[lang]
        bpm, (key, mode) = (90, 110, 130)[i % 3], KEYS[i % len(KEYS)]
        cases.append(Case(f"mix-music-{lang}-{snr}db-{i}", "mixture", f"speech+music {snr} dB",
                          _truth(speech=True, language=lang, music=True),
                          make=lambda v=voice, t=sentences[0], b=bpm, k=key, m=mode, snr=snr:
                          S.mix_at_snr(S.speak(t, v), S.song(k, m, 0, b, "rock"), snr)))
        cases.append(Case(f"mix-noise-{lang}-{snr}db-{i}", "mixture", f"speech+noise {snr} dB",
                          _truth(speech=True, language=lang),
                          make=lambda v=voice, t=sentences[1], snr=snr, s=seed + i:
                          S.mix_at_snr(S.speak(t, v), S.noise(10, s, "pink" if s % 2 else "white"), snr)))
        if i % 2 == 0:
            cases.append(Case(f"mix-siren-{lang}-{snr}db-{i}", "mixture", f"speech+siren {snr} dB",
                              _truth(speech=True, language=lang, sounds=["siren"]),
                              make=lambda v=voice, t=sentences[0], snr=snr:
                              S.mix_at_snr(np.concatenate([S.speak(t, v), np.zeros(S.SR * 3, np.float32)]),
                                           S.siren("wail", 12), snr)))
    # Silence: digital zero and a faint noise floor.
    for k in range(2 if quick else 6):
        cases.append(Case(f"silence-{k}", "silence", "clean", _truth(),
                          make=lambda k=k: (np.zeros(S.SR * 6, np.float32) if k % 2 == 0
                                            else (S.noise(6, k) * 0.003).astype(np.float32))))
    return cases


def write_wav(path: Path, samples: np.ndarray) -> None:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(S.SR)
        w.writeframes(pcm.tobytes())


def materialize(cases: list[Case], folder: Path, progress: Callable[[int, int], None] | None = None) -> None:
    """Render every generated case not yet in `folder` (a cache keyed by seed and corpus version)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, case in enumerate(cases):
        if case.make is None:
            continue
        path = folder / f"{case.id}.wav"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            write_wav(tmp, case.make())
            tmp.rename(path)
        case.path = str(path)
        if progress:
            progress(i + 1, len(cases))
    (folder / "manifest.json").write_text(json.dumps([c.to_json() for c in cases if c.make], indent=1))
