"""Writers about the voice and what it says: language, words, topic, gender, age, style, intonation,
emotion and its changes, pitch and speaking rate."""

from __future__ import annotations

import re
from collections import Counter

from aural.answer import vocabulary as V
from aural.answer.facts import language_name, music_feel, pitch_reading, speech_pace, unvoiced_speech, vocal, vocal_spans
from aural.answer.parts import Part
from aural.answer.question import ParsedQuestion
from aural.answer.topics.sound import t_sound_presence
from aural.answer.thresholds import ATTRIBUTE_MIN, EMOTION_HARD, GENDER_SURE
from aural.answer.wording import article, clip_text, clock, conf, confidence_word, join_list, pct, when
from aural.listen.evidence import Evidence

NO_SPEECH = "No speech was detected"


def t_language(ev: Evidence, pq: ParsedQuestion) -> Part:
    lang = ev.speech.language
    if not ev.speech.present or lang is None:
        s = f"{NO_SPEECH}, so there is no spoken language to identify."
        return Part("language", [s], "none", None)
    value = {"code": lang.code, "name": lang.name, "probability": lang.probability, "uncertain": lang.uncertain}
    if lang.uncertain:
        s = (f"The spoken language is uncertain: the best guess is {lang.name} at only "
             f"{pct(lang.probability)} probability.")
        return Part("language", [s], f"{lang.name} (uncertain)", value)
    s = f"The speech is in {lang.name} ({pct(lang.probability)} probability)."
    return Part("language", [s], lang.name, value)


def t_transcript(ev: Evidence, pq: ParsedQuestion) -> Part:
    sp = ev.speech
    if not sp.present:
        return Part("transcript", [f"{NO_SPEECH}, so nothing is said."], "nothing", "")
    text = sp.text.strip()
    if not text:
        return Part("transcript", ["Speech was detected, but it could not be transcribed."], "unclear", "")
    lang = language_name(ev)
    how = f" (in {lang})" if lang else ""
    s = f'The speaker says{how}: "{clip_text(text, 300)}"'
    return Part("transcript", [s], clip_text(text, 60), text)


_STOP = set("""a an the and or but if so of to in on at for with from by as is are was were be been am i you he she
it we they me him her us them my your his its our their this that these those there here what which who whom
whose when where why how not no yes do does did have has had will would can could should may might must shall
just very really also too then than about into over under out up down off again once all any some more most
other such only own same few both each now well oh okay ok yeah uh um like get got go going know think say said
one two let lets want make made see saw come came take took thing things way right going gonna dont im its
thats youre were whats""".split())


def t_speech_topic(ev: Evidence, pq: ParsedQuestion) -> Part:
    sp = ev.speech
    if not sp.present or not sp.text.strip():
        s = f"{NO_SPEECH}, so there is no spoken topic." if not sp.present else \
            "Speech was detected, but no words could be made out, so its topic is unknown."
        return Part("speech_topic", [s], "none", None)
    words = [w for w in re.findall(r"[^\W\d_]{3,}", sp.text.lower()) if w not in _STOP]
    common = [w for w, _ in Counter(words).most_common(5)]
    lang = language_name(ev)
    said = clip_text(sp.text.strip(), 160)
    first = f'The speaker says{" (in " + lang + ")" if lang else ""}: "{said}"'
    second = (f"The words that carry the topic are {join_list(common[:4])}; the topic is read from the words, "
              f"so check the transcript for detail." if common else
              "The words give no clear topic.")
    return Part("speech_topic", [first, second], join_list(common[:3]) or "unclear",
                {"keywords": common, "text": sp.text.strip()})


def t_speaker_gender(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not ev.speech.present:
        return Part("speaker_gender", [f"{NO_SPEECH}, so there is no voice to judge."], "none", None)
    g = ev.voice.gender if ev.voice else None
    if g is None:
        return Part("speaker_gender", ["The voice could not be judged as male or female."], "unclear", None)
    hz = ev.voice.pitch_median_hz if ev.voice else None
    if g.confidence < GENDER_SURE:
        basis = f" (median pitch {hz:.0f} Hz)" if hz else ""
        s = (f"The voice is hard to call male or female: its pitch{basis} sits between typical male and female "
             f"voices; it leans {g.label} (low confidence).")
        return Part("speaker_gender", [s], f"{g.label} (uncertain)", {"label": g.label, "confidence": "low"})
    basis = f"pitch, {hz:.0f} Hz median" if hz else "pitch"
    s = f"The voice sounds {g.label} (an estimate from {basis}, {conf(g.confidence)})."
    return Part("speaker_gender", [s], g.label, {"label": g.label, "confidence": confidence_word(g.confidence)})


def t_speaker_age(ev: Evidence, pq: ParsedQuestion) -> Part:
    child = max(vocal(ev, "child speech"), vocal(ev, "child singing"))
    baby = vocal(ev, "baby")
    if not ev.speech.present and max(child, baby) < ATTRIBUTE_MIN:
        return Part("speaker_age", [f"{NO_SPEECH}, so there is no voice whose age could be judged."], "none", None)
    reading = pitch_reading(ev)
    hz = reading[0] if reading else None
    if baby >= 0.3:
        s = f"A baby is heard ({conf(baby)})."
        return Part("speaker_age", [s], "baby", {"age": "baby", "confidence": confidence_word(baby)})
    if child >= 0.3 or (hz is not None and hz > 270 and child >= 0.1):
        basis = f"a child's voice ({conf(max(child, 0.3))}" + (f"; median pitch {hz:.0f} Hz)" if hz else ")")
        return Part("speaker_age", [f"The speaker sounds like a child: {basis}."], "child",
                    {"age": "child", "confidence": confidence_word(child)})
    g = ev.voice.gender if ev.voice else None
    who = f"an adult {g.label} voice" if g and g.confidence >= GENDER_SURE else "an adult voice"
    s = (f"The speaker sounds like an adult: {who}, with no sign of a child's voice"
         + (f" (median pitch {hz:.0f} Hz)." if hz else ".")
         + " Telling a young adult from an elderly one is not reliable from the sound alone.")
    return Part("speaker_age", [s], "adult", {"age": "adult", "confidence": "moderate"})


_STYLES = (("whisper", "whispering"), ("shout", "shouting"), ("scream", "screaming"), ("singing", "singing"),
           ("laughter", "laughing"), ("crying", "crying"), ("sigh", "sighing"))


def t_speaking_style(ev: Evidence, pq: ParsedQuestion) -> Part:
    # 'is the person whispering?' is about the voice (a whisper is heard in its voicing too); 'is a baby
    # crying?' about whether that sound is heard
    asked = [V.STYLE_WORDS.get(V.normalise_phrase(ns.phrase)) for ns in pq.sounds]
    if pq.sounds and not all(a in ("whispering", "shouting", "speaking") for a in asked):
        part = t_sound_presence(ev, pq)
        return Part("speaking_style", part.sentences, part.short, part.value, yes=part.yes)
    part = _speaking_style(ev)
    if asked and part.value is not None:  # "is the person whispering?": whether the voice is heard so
        styles = part.value["styles"]
        part.yes = any(a in styles for a in asked)
    return part


def _speaking_style(ev: Evidence) -> Part:
    found = [(verb, vocal(ev, name), name) for name, verb in _STYLES]
    found = sorted([f for f in found if f[1] >= ATTRIBUTE_MIN], key=lambda f: -f[1])
    if not found and not ev.speech.present:
        return Part("speaking_style", ["No voice was heard, so there is no way of speaking to describe."],
                    "none", None)
    if found:
        items = [f"{verb} ({when(vocal_spans(ev, name)) or 'in places'}, {conf(sc)})" for verb, sc, name in found[:3]]
        s = f"The voice is heard {join_list(items)}."
        bursts = burst_sentences(ev, 2)
        if bursts:
            s += " " + " ".join(bursts)
        whispered = found[0][0] == "whispering" and unvoiced_speech(ev) > 0  # the speech is the whisper
        if ev.speech.present and found[0][0] not in ("singing",) and not whispered:
            s += " There is ordinary speech as well."
        return Part("speaking_style", [s], found[0][0], {"styles": [f[0] for f in found]})
    v = ev.voice
    level = ""
    if v and v.loudness_db is not None:
        level = " at a raised level" if v.loudness_db > -14 else " softly" if v.loudness_db < -32 else \
            " at a normal level"
    s = f"The speaker talks{level}: no whispering, shouting, singing, laughing or crying was heard."
    return Part("speaking_style", [s], "speaking", {"styles": ["speaking"]})


def t_question_intonation(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not ev.speech.present:
        return Part("question_intonation", [f"{NO_SPEECH}, so there is no question or statement to judge."],
                    "none", None)
    utts = list(ev.voice.utterances) if ev.voice else []
    measured = [u for u in utts if u.rising is not None]
    text = ev.speech.text.strip()
    asks_words = text.endswith("?")
    last = measured[-1] if measured else None
    if last is None and not text:
        s = "The final pitch movement could not be measured, so question or statement can't be told apart."
        return Part("question_intonation", [s], "unclear", None)
    bits = []
    rising = bool(last and last.rising)
    if last is not None:
        rise = last.final_rise_st if last.final_rise_st is not None else last.final_change_st
        if rising and rise is not None:
            bits.append(f"the voice rises by about {max(1, round(rise))} semitones at the end")
        elif last.final_change_st is not None:
            bits.append("the pitch falls or stays level at the end" if last.final_change_st <= 0.5 else
                        "the pitch lifts only slightly at the end")
    if text:
        bits.append("the transcript ends with a question mark" if asks_words else
                    "the wording reads as a statement")
    is_question = rising or asks_words
    s = ("It sounds like a question: " if is_question else "It sounds like a statement: ") + join_list(bits) + "."
    if len(measured) > 1:
        n_q = sum(1 for u in measured if u.rising)
        s += f" Of {len(measured)} utterances, {n_q} end{'s' if n_q == 1 else ''} with a rise."
    return Part("question_intonation", [s], "question" if is_question else "statement",
                {"question": is_question, "rising_utterances": [u.start for u in measured if u.rising]},
                yes=is_question)


# ---------------------------------------------------------------- emotion

def _emo_word(label: str) -> str:
    return V.EMOTION_ADJECTIVE.get(label, label)


def emotion_cues(emo) -> str:
    cues = [c for c in emo.cues if "estimate" not in c]
    if getattr(emo, "unclear", False):
        cues = [c for c in cues if not c.startswith("no emotion stands out")]
    return join_list(cues[:2])


def emotion_is_hard(emo) -> bool:
    return emo.unclear or emo.confidence < EMOTION_HARD or emo.out_of_domain


_BURST_WORDS = {"amusement": "amused", "anger": "angry", "disgust": "disgusted", "fear": "afraid", "pain": "in pain",
                "relief": "relieved", "sadness": "sad", "surprise": "surprised", "neutral": "neutral"}
_BURST_SOUNDS = {"Laughter": "laughs", "Giggle": "giggles", "Snicker": "snickers", "Belly laugh": "laughs",
                 "Chuckle, chortle": "chuckles", "Baby laughter": "laughs", "Crying, sobbing": "sobs",
                 "Baby cry, infant cry": "cries", "Whimper": "whimpers", "Wail, moan": "moans", "Sigh": "sighs",
                 "Screaming": "screams", "Gasp": "gasps", "Groan": "groans", "Grunt": "grunts", "Shout": "shouts",
                 "Yell": "yells"}


def burst_sentences(ev: Evidence, limit: int = 3, bursts: list | None = None) -> list[str]:
    """'A laugh at 0:12 sounds amused (an estimate, moderate confidence).' for the vocal bursts heard (or the
    given `bursts` of them)."""
    out = []
    for b in (ev.bursts if bursts is None else bursts)[:limit]:
        verb = _BURST_SOUNDS.get(b.sound, "makes a sound")
        if b.emotion == "unclear":
            feel = f"with no clear emotion (leaning {_BURST_WORDS.get(b.leaning, b.leaning)})"
        else:
            feel = f"sounding {_BURST_WORDS.get(b.emotion, b.emotion)}"
        out.append(f"At {clock(b.start)} someone {verb}, {feel} (an estimate, {conf(b.confidence)}).")
    return out


def t_emotion(ev: Evidence, pq: ParsedQuestion) -> Part:
    emo = ev.voice.emotion if ev.voice else None
    bursts = burst_sentences(ev)
    if (not ev.speech.present or emo is None) and bursts:
        b = ev.bursts[0]
        word = _BURST_WORDS.get(b.emotion if b.emotion != "unclear" else b.leaning, b.emotion)
        return Part("emotion", ["There is no speech, but the voice is heard without words."] + bursts, word,
                    {"bursts": [x.model_dump() for x in ev.bursts]})
    if not ev.speech.present or emo is None:
        s = "There is no speech, so there is no speaker emotion to judge."
        if ev.music.present and pq.subject != "speech":
            word, _, _ = music_feel(ev)
            s += f" The music itself comes across as {word} (low confidence)."
        return Part("emotion", [s], "none", None)
    cues = emotion_cues(emo)
    lean = getattr(emo, "leaning", None) or emo.label
    if emotion_is_hard(emo):
        # the leaning's own share of the model's weight, not the calibrated confidence (that is the chance a
        # clear call is right: beside an unclear one it read as "leaning bored at 55 %" for a 26 % leaning)
        share = emo.scores.get(lean)
        s = (f"The speaker's emotion is hard to tell (an estimate, low confidence: it leans {_emo_word(lean)}"
             + (f", {pct(share)} of the voice model's weight" if share is not None else "") + ")"
             + (f": {cues}." if cues else "."))
        short = _emo_word(lean)
    else:
        s = (f"The speaker sounds {_emo_word(emo.label)} (an estimate, {conf(emo.confidence)})"
             + (f": {cues}." if cues else "."))
        short = _emo_word(emo.label)
    summary = getattr(emo, "summary", None)
    if summary and "throughout" not in summary:
        s += f" Over time: {summary}."
    if emo.out_of_domain:
        s += " The voice or recording is unlike those the emotion model learned from, so treat this as a rough guess."
    value = {"label": emo.label, "confidence": confidence_word(emo.confidence), "score": emo.confidence,
             "out_of_domain": emo.out_of_domain}
    if emo.scores:
        value["probabilities"] = dict(emo.scores)
    if summary:
        value["timeline"] = summary
    return Part("emotion", [s] + bursts, short, value)


def t_emotion_change(ev: Evidence, pq: ParsedQuestion) -> Part:
    emo = ev.voice.emotion if ev.voice else None
    if not ev.speech.present or emo is None:
        return Part("emotion_change", ["There is no speech, so there is no emotion to follow over time."],
                    "none", None)
    tl = list(emo.timeline or [])
    labels = [t.label for t in tl if t.label != "unclear"]
    if len(tl) < 2:
        s = (f"The speech is too short to follow a change: it reads as {_emo_word(emo.label)} throughout "
             f"(an estimate, {conf(emo.confidence)}).")
        return Part("emotion_change", [s], "no change", {"changes": False}, yes=False)
    changed = len(set(labels)) > 1
    a0, a1 = tl[0].arousal, tl[-1].arousal
    drift = a1 - a0
    if changed and emo.summary:
        s = f"The emotion shifts: {emo.summary} (an estimate)."
    elif abs(drift) >= 0.3:
        s = (f"The voice grows {'more animated' if drift > 0 else 'calmer'} from {clock(tl[0].start)} to "
             f"{clock(tl[-1].end)} (arousal {a0:+.1f} to {a1:+.1f}, an estimate).")
        changed = True
    else:
        s = (f"The emotion stays about the same, {_emo_word(emo.label)}, from {clock(tl[0].start)} to "
             f"{clock(tl[-1].end)} (an estimate, {conf(emo.confidence)}).")
    return Part("emotion_change", [s], "changes" if changed else "steady",
                {"changes": changed, "timeline": [{"start": t.start, "label": t.label} for t in tl]}, yes=changed)


# ---------------------------------------------------------------- pitch and pace

def pitch_sentence(hz: float, level: float, g: str | None) -> str:
    voice = article(g + " voice") if g else "an adult voice"
    where = f"about typical for {voice}" if abs(level) < 2 else \
        f"{abs(level):.0f} semitones {'above' if level > 0 else 'below'} what is typical for {voice}"
    return f"The voice's median pitch is about {hz:.0f} Hz, {where}."


def t_voice_pitch(ev: Evidence, pq: ParsedQuestion) -> Part:
    reading = pitch_reading(ev)
    if reading is None:
        why = "no speech was detected" if not ev.speech.present else "the voice's pitch could not be measured"
        return Part("voice_pitch", [f"There is no voice pitch to report: {why}."], "none", None)
    hz, level, g = reading
    label = "high" if level > 2 else "low" if level < -2 else "medium"
    s = pitch_sentence(hz, level, g)
    spread = ev.voice.pitch_range_semitones if ev.voice else None
    if spread is not None:
        s = s[:-1] + f"; it moves over about {max(1, round(spread))} semitone{'s' if round(spread) > 1 else ''}."
    return Part("voice_pitch", [s], label, {"median_hz": round(hz, 1), "level": label})


def t_speaking_rate(ev: Evidence, pq: ParsedQuestion) -> Part:
    score = speech_pace(ev)
    if score is None or ev.voice is None:
        why = NO_SPEECH if not ev.speech.present else "The speaking rate could not be measured"
        return Part("speaking_rate", [f"{why}, so there is no speaking pace to give."], "none", None)
    wps, sps = ev.voice.speaking_rate_wps, ev.voice.speaking_rate_sps
    pace = "fast" if score > 0.6 else "slow" if score < -0.6 else "normal"
    said = " (".join(f"{r:.1f} {unit} per second" for r, unit in ((wps, "words"), (sps, "syllables")) if r)
    s = f"The speaker talks at a {pace} pace: about {said}" + (")." if wps and sps else ".")
    return Part("speaking_rate", [s], pace, {"pace": pace, "words_per_s": wps, "syllables_per_s": sps})


WRITERS = {"language": t_language, "transcript": t_transcript, "speech_topic": t_speech_topic,
           "speaker_gender": t_speaker_gender, "speaker_age": t_speaker_age, "speaking_style": t_speaking_style,
           "question_intonation": t_question_intonation, "emotion": t_emotion, "emotion_change": t_emotion_change,
           "voice_pitch": t_voice_pitch, "speaking_rate": t_speaking_rate}
