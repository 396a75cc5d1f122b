"""Writers about the recording and the place: loudness and its trend, quality, clipping, reverb, phone
band, scene, indoors or outdoors, live or studio."""

from __future__ import annotations

from typing import Any

from aural.answer.facts import class_score, in_group, vocal
from aural.answer.sounds import NOT_SOURCES
from aural.answer.parts import Part
from aural.answer.queries import loudness_trend
from aural.answer.question import ParsedQuestion
from aural.answer.thresholds import (CLIPPING_RATIO, LIVE_MIN, LOUDNESS_TREND_DB, PHONE_BAND_HZ, REVERB_HALL_S,
                                     REVERB_ROOM_S, TREND_R2)
from aural.answer.wording import conf, join_list, pct, when
from aural.listen.evidence import Evidence


def _lufs_words(ev: Evidence) -> tuple[str, str]:
    lv = ev.levels
    if lv.integrated_lufs is None:
        return "silent", f"{lv.rms_dbfs:.0f} dBFS RMS"
    lufs = lv.integrated_lufs
    word = "very quiet" if lufs < -40 else "quiet" if lufs < -28 else "moderate" if lufs < -16 else \
        "loud" if lufs < -9 else "very loud"
    return word, f"{lufs:.0f} LUFS"


def t_loudness(ev: Evidence, pq: ParsedQuestion) -> Part:
    word, measure = _lufs_words(ev)
    lv = ev.levels
    if word == "silent":
        return Part("loudness", ["The clip is silent."], "silent", {"lufs": None})
    s = f"The clip is {word} overall: {measure}, peaking at {lv.peak_dbfs:.0f} dBFS."
    if lv.dynamic_range_db >= 15:
        s += f" Its level varies a lot (a {lv.dynamic_range_db:.0f} dB spread between quiet and loud moments)."
    return Part("loudness", [s], word, {"lufs": lv.integrated_lufs, "peak_dbfs": lv.peak_dbfs, "level": word})


def t_loudness_trend(ev: Evidence, pq: ParsedQuestion) -> Part:
    tr = loudness_trend(ev)
    if tr is None:
        if ev.levels.integrated_lufs is None:
            return Part("loudness_trend", ["The clip is silent, so its loudness does not change."], "silent", None)
        return Part("loudness_trend", ["The clip is too short to follow its loudness over time."], "unclear", None)
    change = tr.change
    if abs(change) >= LOUDNESS_TREND_DB and tr.r2 >= TREND_R2:
        way = "louder" if change > 0 else "quieter"
        s = f"Yes — it gets {way} over time: about {abs(change):.0f} dB from start to end."
        fin, fout = getattr(ev.levels, "fade_in_s", None), getattr(ev.levels, "fade_out_s", None)
        if change > 0 and fin:
            s += f" It fades in over the first {fin:.0f} seconds."
        if change < 0 and fout:
            s += f" It fades out over the last {fout:.0f} seconds."
        return Part("loudness_trend", [s], way, {"trend": way, "change_db": round(change, 1), "r2": round(tr.r2, 2)},
                    yes=True)
    if abs(change) >= LOUDNESS_TREND_DB:
        way = "louder" if change > 0 else "quieter"
        s = (f"Not steadily: the level moves up and down, and the end is about {abs(change):.0f} dB {way} than "
             f"the start.")
        return Part("loudness_trend", [s], "varies", {"trend": "varies", "change_db": round(change, 1)})
    s = f"No — the loudness stays about level over the clip (within {max(1, round(abs(change)))} dB from start to end)."
    return Part("loudness_trend", [s], "steady", {"trend": "steady", "change_db": round(change, 1)}, yes=False)


def _noise(ev: Evidence) -> list[str]:
    return [s.name for s in in_group(ev, "Noise") if s.label not in ("Noise", "Environmental noise")
            and s.label not in NOT_SOURCES]


def t_audio_quality(ev: Evidence, pq: ParsedQuestion) -> Part:
    lv = ev.levels
    if lv.integrated_lufs is None and lv.silence_ratio > 0.95:
        return Part("audio_quality", ["The clip is silent, so there is no audio quality to judge."], "silent",
                    {"silent": True})
    noise = _noise(ev)
    problems = []
    if lv.clipping_ratio > CLIPPING_RATIO:
        problems.append(f"some clipping ({lv.clipping_ratio:.1%} of samples)")
    if noise:
        problems.append(f"audible {join_list(noise[:2])}")
    snr = getattr(lv, "snr_db", None)
    if snr is not None and snr < 15 and not noise:
        problems.append(f"a high noise floor (about {snr:.0f} dB below the signal)")
    band = getattr(lv, "bandwidth_hz", None)
    if band and band < PHONE_BAND_HZ:
        problems.append(f"a narrow band (nothing above about {band / 1000:.1f} kHz, like a phone line)")
    word, measure = _lufs_words(ev)
    verdict = "noisy" if noise or (snr is not None and snr < 15) else \
        "clipped" if lv.clipping_ratio > CLIPPING_RATIO else "lo-fi" if band and band < PHONE_BAND_HZ else "clean"
    first = (f"The recording sounds {verdict}" + (f": {join_list(problems)}." if problems else
                                                 ", with no clipping or broadband noise detected."))
    quiet = f"{pct(lv.silence_ratio)} of it is silence" if lv.silence_ratio >= 0.01 else "there is no silent stretch"
    level = f" ({word})" if word in ("quiet", "very quiet", "loud", "very loud") else ""
    second = f"Loudness is {measure}{level}, peaking at {lv.peak_dbfs:.0f} dBFS; {quiet}."
    return Part("audio_quality", [first, second], verdict,
                {"verdict": verdict, "lufs": lv.integrated_lufs, "peak_dbfs": lv.peak_dbfs,
                 "clipping_ratio": lv.clipping_ratio, "noise": noise})


def t_clipping(ev: Evidence, pq: ParsedQuestion) -> Part:
    lv = ev.levels
    distortion = class_score(ev, ("Distortion",))
    if lv.clipping_ratio > CLIPPING_RATIO:
        s = f"Yes — {lv.clipping_ratio:.2%} of the samples are clipped (peak {lv.peak_dbfs:.1f} dBFS)."
        return Part("clipping", [s], "Yes", {"clipping_ratio": lv.clipping_ratio}, yes=True)
    if distortion >= 0.3:
        s = f"The waveform is not clipped, but the sound itself is distorted ({conf(distortion)})."
        return Part("clipping", [s], "distorted", {"clipping_ratio": lv.clipping_ratio, "distortion": True},
                    yes=True)
    s = f"No — no clipping was found (peak {lv.peak_dbfs:.1f} dBFS) and no distortion was heard."
    return Part("clipping", [s], "No", {"clipping_ratio": lv.clipping_ratio}, yes=False)


def _reverb(ev: Evidence) -> tuple[str, float | None, float]:
    """('dry' | 'room' | 'hall' | 'unclear', RT60 seconds, confidence) from the engine's estimate and YAMNet."""
    rv: Any = getattr(ev.levels, "reverb", None)
    rt60 = getattr(rv, "rt60_s", None) if rv is not None and not isinstance(rv, dict) else \
        (rv or {}).get("rt60_s")
    label = getattr(rv, "label", None) if rv is not None and not isinstance(rv, dict) else (rv or {}).get("label")
    yam = class_score(ev, ("Reverberation", "Echo", "Inside, large room or hall"))
    if rt60 is not None:
        label = label or ("hall" if rt60 >= REVERB_HALL_S else "room" if rt60 >= REVERB_ROOM_S else "dry")
        return label, rt60, 0.6
    if yam >= 0.3:
        return "hall", None, yam
    return "unclear", None, 0.0


def t_reverb(ev: Evidence, pq: ParsedQuestion) -> Part:
    label, rt60, c = _reverb(ev)
    if label == "unclear":
        s = "No clear echo or reverberation was measured; the sound seems fairly dry, though short clips are hard to judge."
        return Part("reverb", [s], "dry", {"reverb": None}, yes=False)
    rt = f" (a decay time of about {rt60:.1f} s)" if rt60 is not None else ""
    text = {"dry": f"The sound is dry: little reverberation{rt}, as in a small, damped room or a close microphone.",
            "room": f"There is some room reverberation{rt}: an ordinary room.",
            "hall": f"There is strong reverberation{rt}: a large, echoing space such as a hall or church."}
    return Part("reverb", [text.get(label, text["room"])], label, {"reverb": label, "rt60_s": rt60},
                yes=label != "dry")


def t_phone_quality(ev: Evidence, pq: ParsedQuestion) -> Part:
    band = getattr(ev.levels, "bandwidth_hz", None)
    phone = class_score(ev, ("Telephone", "Sidetone", "Dial tone", "Busy signal"))
    if band is None and phone < 0.3:
        s = "The recording's frequency band was not measured, so a phone line can't be confirmed or ruled out."
        return Part("phone_quality", [s], "unclear", None)
    if (band is not None and band < PHONE_BAND_HZ) or phone >= 0.3:
        what = f"nothing above about {band / 1000:.1f} kHz" if band is not None and band < PHONE_BAND_HZ else \
            "telephone sounds"
        s = f"Yes — it sounds like a phone call or other narrow-band recording: {what}."
        return Part("phone_quality", [s], "Yes", {"phone": True, "bandwidth_hz": band}, yes=True)
    s = f"No — the recording is full-band (it reaches about {band / 1000:.1f} kHz), not a phone line."
    return Part("phone_quality", [s], "No", {"phone": False, "bandwidth_hz": band}, yes=False)


_SCENE_WORDS = {"indoor": "an indoor space", "outdoor": "outdoors", "crowd": "a crowd",
                "traffic": "a street with traffic", "nature": "outdoors in nature"}


def scene_sentence(ev: Evidence) -> str:
    top = ev.scene[0]
    return f"The setting sounds like {_SCENE_WORDS.get(top.label, top.label)} ({conf(top.score)})."


def t_scene(ev: Evidence, pq: ParsedQuestion) -> Part:
    if ev.scene:
        return Part("scene", [scene_sentence(ev)], _SCENE_WORDS.get(ev.scene[0].label, ev.scene[0].label),
                    [x.label for x in ev.scene])
    place, why, c = indoor_outdoor(ev)
    if place:
        return Part("scene", [f"The setting sounds {place}: {why} ({conf(c)})."], place, [place])
    s = "The recording carries no clear cue about where it was made (no room sound, traffic, crowd or nature)."
    return Part("scene", [s], "unclear", [])


_OUTDOOR_GROUPS = ("Livestock, farm animals", "Wild animals", "Wind", "Thunderstorm", "Rain", "Natural sounds",
                   "Motor vehicle (road)", "Aircraft")
_INDOOR_GROUPS = ("Domestic sounds",)


def indoor_outdoor(ev: Evidence) -> tuple[str | None, str, float]:
    """('indoors' | 'outdoors' | None, the cue, confidence)."""
    sc = {s.label: s.score for s in ev.scene}
    out_cues = [(g, max([s.score for s in in_group(ev, g)] + [0.0])) for g in _OUTDOOR_GROUPS]
    in_cues = [(g, max([s.score for s in in_group(ev, g)] + [0.0])) for g in _INDOOR_GROUPS]
    outdoor = max([sc.get(k, 0.0) for k in ("outdoor", "traffic", "nature")] + [c for _, c in out_cues])
    indoor = max([sc.get("indoor", 0.0)] + [c for _, c in in_cues])
    label, _, _ = _reverb(ev)
    if label in ("room", "hall"):
        indoor = max(indoor, 0.35)
    if max(indoor, outdoor) < 0.2:
        return None, "", 0.0
    if outdoor >= indoor:
        cue = max(out_cues, key=lambda x: x[1])
        heard = [s.name for s in in_group(ev, cue[0])][:2] if cue[1] >= 0.2 else []
        why = f"{join_list(heard)} point outside" if heard else "the ambience sounds like open air"
        return "outdoors", why, outdoor
    heard = [s.name for s in in_group(ev, "Domestic sounds")][:2]
    why = f"{join_list(heard)} point indoors" if heard else "the room sound (reverberation) points indoors"
    return "indoors", why, indoor


def t_indoor_outdoor(ev: Evidence, pq: ParsedQuestion) -> Part:
    place, why, c = indoor_outdoor(ev)
    if place is None:
        s = "It can't be told from the sound: the clip carries no clear indoor cue (room echo, household sounds) " \
            "or outdoor cue (wind, traffic, animals, open air)."
        return Part("indoor_outdoor", [s], "can't tell", {"place": None})
    s = f"It sounds {place}: {why} ({conf(c)})."
    return Part("indoor_outdoor", [s], place, {"place": place, "confidence": round(c, 2)})


def t_live_studio(ev: Evidence, pq: ParsedQuestion) -> Part:
    if ev.levels.silence_ratio > 0.9:
        return Part("live_studio", ["The clip is silent, so there is no performance to judge."], "none", None)
    live: Any = getattr(ev, "live", None)
    score = float(getattr(live, "score", 0.0) if live is not None and not isinstance(live, dict)
                  else (live or {}).get("score", 0.0))
    audience = max(class_score(ev, ("Applause", "Cheering", "Crowd", "Whoop")), vocal(ev, "crowd"))
    score = max(score, audience)
    label, rt60, _ = _reverb(ev)
    if score >= LIVE_MIN:
        spans = when([(e.start, e.end) for e in ev.events if e.label in ("Applause", "Cheering", "Crowd")][:3])
        s = f"It sounds live: an audience is heard{(' ' + spans) if spans else ''} ({conf(score)})."
        return Part("live_studio", [s], "live", {"live": True, "score": round(score, 2)}, yes=True)
    s = ("It sounds like a studio recording: no audience is heard"
         + (" and the sound is fairly dry." if label in ("dry", "unclear") else
            "; the reverberation alone does not make it live."))
    return Part("live_studio", [s], "studio", {"live": False}, yes=False)


WRITERS = {"loudness": t_loudness, "loudness_trend": t_loudness_trend, "audio_quality": t_audio_quality,
           "clipping": t_clipping, "reverb": t_reverb, "phone_quality": t_phone_quality, "scene": t_scene,
           "indoor_outdoor": t_indoor_outdoor, "live_studio": t_live_studio}
