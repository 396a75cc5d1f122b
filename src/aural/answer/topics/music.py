"""Writers about the music: presence, genre, era (a limit), mood, instruments and the lead, vocals and the
singer, tempo and its changes, key, energy."""

from __future__ import annotations

from aural.answer import vocabulary as V
from aural.answer.facts import (feel_basis, instruments, listed_sources, music_feel, music_summary, tempo_word,
                                vocal, vocal_spans)
from aural.answer.parts import Part
from aural.answer.queries import tempo_trend
from aural.answer.topics.speech import emotion_is_hard, t_speaking_rate
from aural.answer.question import ParsedQuestion
from aural.answer.thresholds import (ATTRIBUTE_MIN, GENRE_MIN, KEY_SURE, LOW_TEMPO_CONF, MOOD_MIN,
                                     TEMPO_CHANGE_BPM)
from aural.answer.wording import article, clock, conf, confidence_word, join_list, when
from aural.listen.evidence import Evidence

NO_MUSIC = "There is no music"


def t_music_presence(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if m.present:
        spans = [(s.start, s.end) for s in m.spans]
        s = f"Yes — music plays {when(spans)} ({conf(m.confidence)})."
        if ev.speech.present:
            s += " There is speech as well."
        return Part("music_presence", [s], "Yes", {"present": True, "spans": [list(x) for x in spans]}, yes=True)
    what = "speech" if ev.speech.present else None
    s = "No — no music was detected" + (f"; the clip holds {what}." if what else ".")
    return Part("music_presence", [s], "No", {"present": False}, yes=False)


def t_genre(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if not m.present:
        return Part("genre", [f"{NO_MUSIC}, so there is no genre or style to name."], "none", None)
    genres = [g for g in m.genres if g.score >= GENRE_MIN]
    if genres:
        names = [V.display_name(g.label) for g in genres[:3]]
        s = f"The style sounds like {join_list(names)} ({conf(genres[0].score)})."
        return Part("genre", [s], names[0], names, names)
    heard, _ = instruments(ev)
    if heard:
        form = "solo " + heard[0][0] if len(heard) == 1 else join_list([n for n, _ in heard[:3]])
        s = f"No genre could be identified with confidence; it is instrumental music built on {form}."
    else:
        s = "No genre could be identified with confidence."
    return Part("genre", [s], "unclear", None)


def t_era(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not ev.music.present:
        s = "There is no music, and the decade of a recording can't be judged from the sound alone."
        return Part("era", [s], "unknown", {"era": None})
    s = (f"The decade can't be judged from the sound alone; what can be heard is {music_summary(ev)}.")
    return Part("era", [s], "can't tell", {"era": None, "nearest_evidence": music_summary(ev)})


def t_music_mood(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if m.present:
        moods = [x for x in m.moods if x.score >= MOOD_MIN]
        if moods:
            top = moods[0]
            word = V.display_name(top.label).replace(" music", "")
            s = f"The music's mood reads as {word} ({conf(top.score)})."
            return Part("music_mood", [s], word, {"mood": word, "confidence": confidence_word(top.score)})
        word, _, _ = music_feel(ev)
        s = (f"The music comes across as {word}, judged from {feel_basis(ev)} "
             f"(low confidence: no mood stood out directly).")
        return Part("music_mood", [s], word, {"mood": word, "confidence": "low"})
    if ev.speech.present and ev.voice and ev.voice.emotion:
        emo = ev.voice.emotion
        word = V.EMOTION_ADJECTIVE.get(emo.label, emo.label)
        tone = f"is hard to read (leaning {word})" if emotion_is_hard(emo) else f"sounds {word}"
        s = f"There is no music; the speaker's tone {tone} (an estimate, {conf(emo.confidence)})."
        return Part("music_mood", [s], word, {"mood": emo.label, "confidence": confidence_word(emo.confidence),
                                              "source": "speaker"})
    srcs = listed_sources(ev, 2)
    neither = "music or speech" if ev.was_analysed("speech") else "music"
    if srcs:
        s = f"There is no {neither} to carry a mood; the soundscape is {join_list([x.name for x in srcs])}."
        return Part("music_mood", [s], "ambient", {"mood": None, "soundscape": [x.name for x in srcs]})
    return Part("music_mood", [f"There is no {neither} or distinct sound, so there is no mood to describe."],
                "none", {"mood": None})


def t_instruments(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not ev.music.present:
        return Part("instruments", ["No music or musical instruments were detected."], "none", [])
    heard, guess = instruments(ev)
    if heard:
        items = [f"{n} ({conf(sc)})" for n, sc in heard]
        s = f"Instruments heard: {join_list(items)}."
        return Part("instruments", [s], join_list([n for n, _ in heard[:2]]), [n for n, _ in heard], items)
    if guess:
        s = f"No instrument is identified clearly; the closest guess is {guess[0]} (low confidence)."
        return Part("instruments", [s], f"{guess[0]} (uncertain)", [], [f"{guess[0]} (low confidence guess)"])
    return Part("instruments", ["Music is present, but no instrument could be identified."], "unclear", [])


def t_lead_instrument(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not ev.music.present:
        return Part("lead_instrument", [f"{NO_MUSIC}, so no instrument carries a melody."], "none", None)
    sing = vocal(ev, "singing")
    heard, guess = instruments(ev)
    melodic = [(n, s) for n, s in heard if not any(w in n for w in ("drum", "percussion", "cymbal", "hi-hat",
                                                                     "bass", "snare"))]
    if sing >= 0.35 and (not melodic or sing >= melodic[0][1]):
        s = f"A singing voice carries the melody ({conf(sing)})" + \
            (f", over {join_list([n for n, _ in heard[:2]])}." if heard else ".")
        return Part("lead_instrument", [s], "voice", {"lead": "voice"})
    if melodic:
        lead, sc = melodic[0]
        rest = [n for n, _ in heard if n != lead][:2]
        s = (f"The {lead} most likely carries the melody: it is the strongest melodic instrument heard "
             f"({conf(sc)})" + (f", with {join_list(rest)} alongside." if rest else "."))
        return Part("lead_instrument", [s], lead, {"lead": lead, "confidence": confidence_word(sc)})
    if heard:
        s = f"Only rhythm instruments are heard clearly ({join_list([n for n, _ in heard[:2]])}); no melodic lead stands out."
        return Part("lead_instrument", [s], "none", {"lead": None})
    s = "No instrument could be identified clearly, so the lead can't be named" + \
        (f"; the closest guess is {guess[0]} (low confidence)." if guess else ".")
    return Part("lead_instrument", [s], guess[0] if guess else "unclear", {"lead": None})


def t_vocals(ev: Evidence, pq: ParsedQuestion) -> Part:
    sing = vocal(ev, "singing")
    rap = vocal(ev, "rap")
    choir = vocal(ev, "choir")
    if not ev.music.present and sing < ATTRIBUTE_MIN:
        s = f"{NO_MUSIC}" + (", but there is speech." if ev.speech.present else ", and no singing was heard.")
        return Part("vocals", [s], "No", {"vocals": False}, yes=False)
    best = max(sing, rap, choir)
    if best >= ATTRIBUTE_MIN:
        kind = "a choir" if choir >= max(sing, rap) * 0.9 and choir >= ATTRIBUTE_MIN else \
            "rapping" if rap >= sing else "singing"
        spans = vocal_spans(ev, "singing")
        s = f"Yes — {kind} is heard" + (f" {when(spans)}" if spans else "") + f" ({conf(best)})."
        return Part("vocals", [s], "Yes", {"vocals": True, "kind": kind}, yes=True)
    s = "No — it sounds instrumental: no singing voice was heard in the music."
    if ev.speech.present:
        s = "No singing was heard; there is speech over or beside the music."
    return Part("vocals", [s], "No", {"vocals": False}, yes=False)


def t_singer_gender(ev: Evidence, pq: ParsedQuestion) -> Part:
    sing = max(vocal(ev, "singing"), vocal(ev, "choir"), vocal(ev, "rapping"), vocal(ev, "humming"))
    child = vocal(ev, "child singing")
    g = ev.voice.gender if ev.voice else None
    if max(sing, child) < ATTRIBUTE_MIN:
        s = "No singing voice was heard, so there is no singer to judge."
        if ev.speech.present and g is not None:
            s += f" The speaking voice sounds {g.label} (an estimate from pitch, {conf(g.confidence)})."
        return Part("singer_gender", [s], "none", None)
    if child >= max(sing, ATTRIBUTE_MIN) * 0.8:
        s = f"The singer sounds like a child ({conf(child)})."
        return Part("singer_gender", [s], "child", {"label": "child", "confidence": confidence_word(child)})
    if vocal(ev, "choir") >= ATTRIBUTE_MIN and vocal(ev, "choir") >= sing * 0.9:
        s = f"A choir sings ({conf(vocal(ev, 'choir'))}), so there is no single singer's voice to judge."
        return Part("singer_gender", [s], "choir", {"label": "choir"})
    if g is not None and g.confidence >= 0.6 and ev.voice and ev.voice.pitch_median_hz:
        s = (f"The singer sounds {g.label} (an estimate from the voice's pitch, {ev.voice.pitch_median_hz:.0f} Hz "
             f"median, {conf(min(g.confidence, 0.7))}).")
        return Part("singer_gender", [s], g.label, {"label": g.label, "confidence": confidence_word(min(g.confidence, 0.7))})
    s = (f"A singing voice is heard ({conf(sing)}), but whether it is male or female is hard to tell: its pitch "
         f"could not be measured apart from the instruments.")
    return Part("singer_gender", [s], "unclear", {"label": None})


def t_tempo(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if (pq.subject == "speech" or (not m.present and ev.speech.present)) and ev.voice and ev.voice.speaking_rate_wps:
        part = t_speaking_rate(ev, pq)
        lead = "There is no music; " if not m.present else ""
        s = part.sentences[0]
        return Part("tempo", [lead + (s[0].lower() + s[1:] if lead else s)], part.short, part.value)
    if not m.present:
        return Part("tempo", [f"{NO_MUSIC}, so there is no tempo to measure."], "none", None)
    if not m.tempo_bpm:
        return Part("tempo", ["Music is present, but no steady beat could be measured."], "unclear", None)
    bpm = m.tempo_bpm
    if m.tempo_confidence < LOW_TEMPO_CONF:
        s = f"The tempo is uncertain: roughly {bpm:.0f} BPM, but the beat is not clear (low confidence)."
        short = f"about {bpm:.0f} BPM (uncertain)"
    else:
        s = f"The tempo is about {bpm:.0f} BPM, {article(tempo_word(bpm))} pace ({conf(m.tempo_confidence)})."
        short = f"{bpm:.0f} BPM"
    return Part("tempo", [s], short, {"bpm": round(bpm), "confidence": confidence_word(m.tempo_confidence)})


def t_tempo_change(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if not m.present:
        return Part("tempo_change", [f"{NO_MUSIC}, so there is no tempo to follow."], "none", None)
    tr = tempo_trend(ev)
    if tr is None:
        if m.tempo_bpm and m.beat_regularity is not None:
            steady = m.beat_regularity >= 0.5
            s = (f"The tempo holds steady at about {m.tempo_bpm:.0f} BPM (beat regularity {m.beat_regularity:.2f})."
                 if steady else f"The beat is irregular around {m.tempo_bpm:.0f} BPM (regularity "
                                f"{m.beat_regularity:.2f}), so the tempo may drift.")
            return Part("tempo_change", [s], "steady" if steady else "irregular", {"changes": not steady},
                        yes=not steady)
        return Part("tempo_change", ["No steady beat could be measured, so a tempo change can't be judged."],
                    "unclear", None)
    b0, b1, rows = tr
    lo, hi = min(r[2] for r in rows), max(r[2] for r in rows)
    if abs(b1 - b0) >= TEMPO_CHANGE_BPM:
        s = f"The tempo {'speeds up' if b1 > b0 else 'slows down'}: from about {b0:.0f} BPM at the start to " \
            f"about {b1:.0f} BPM by {clock(rows[-1][0])}."
        return Part("tempo_change", [s], "speeds up" if b1 > b0 else "slows down",
                    {"changes": True, "from_bpm": b0, "to_bpm": b1}, yes=True)
    if hi - lo >= TEMPO_CHANGE_BPM * 1.5:
        s = f"The tempo wanders between about {lo:.0f} and {hi:.0f} BPM but ends near where it began ({b1:.0f} BPM)."
        return Part("tempo_change", [s], "varies", {"changes": True}, yes=True)
    s = f"The tempo stays steady at about {(b0 + b1) / 2:.0f} BPM throughout."
    return Part("tempo_change", [s], "steady", {"changes": False, "bpm": round((b0 + b1) / 2)}, yes=False)


def t_key(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if not m.present:
        return Part("key", [f"{NO_MUSIC}, so there is no key to name."], "none", None)
    if not (m.key and m.mode):
        return Part("key", ["Music is present, but its key could not be determined."], "unclear", None)
    name = f"{m.key} {m.mode}"
    if m.key_confidence < KEY_SURE:
        s = f"The key is uncertain; the best guess is {name} (low confidence)."
        short = f"{name} (uncertain)"
    else:
        s = f"The key sounds like {name} ({conf(m.key_confidence)})."
        short = name
    return Part("key", [s], short, {"key": name, "confidence": confidence_word(m.key_confidence)})


def t_energy(ev: Evidence, pq: ParsedQuestion) -> Part:
    m = ev.music
    if m.present and m.energy is not None and pq.subject != "speech":
        level = "high" if m.energy > 0.65 else "low" if m.energy < 0.35 else "moderate"
        s = f"The music's energy is {level} ({m.energy:.2f} on a 0-1 scale)."
        return Part("energy", [s], level, {"energy": round(m.energy, 2), "level": level})
    if ev.speech.present and ev.voice and ev.voice.emotion:
        a = ev.voice.emotion.arousal
        level = "animated" if a > 0.3 else "subdued" if a < -0.3 else "even"
        s = f"The speaker's delivery is {level} (arousal {a:+.2f} on a -1 to 1 scale, an estimate)."
        return Part("energy", [s], level, {"arousal": a, "level": level})
    lufs = ev.levels.integrated_lufs
    if lufs is None:
        return Part("energy", ["The clip is silent, so it has no energy to speak of."], "none", None)
    level = "loud" if lufs > -16 else "quiet" if lufs < -30 else "moderate"
    s = f"There is no music or speech; the sound is {level} overall ({lufs:.0f} LUFS)."
    return Part("energy", [s], level, {"lufs": lufs, "level": level})




WRITERS = {"music_presence": t_music_presence, "genre": t_genre, "era": t_era, "music_mood": t_music_mood,
           "instruments": t_instruments, "lead_instrument": t_lead_instrument, "vocals": t_vocals,
           "singer_gender": t_singer_gender, "tempo": t_tempo, "tempo_change": t_tempo_change, "key": t_key,
           "energy": t_energy}
