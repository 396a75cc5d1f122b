"""Writers about what is heard: the description, the main sound, named sounds, lists, times, counts,
order, durations and silences."""

from __future__ import annotations

import re
from typing import Any

from aural.answer import sounds as S
from aural.answer import vocabulary as V
from aural.answer.facts import (instruments, listed_sources, merge_spans, source_phrase, sources, speech_span,
                                vocal)
from aural.answer.parts import Part
from aural.answer.queries import bursts_to_count, count_events, first, guess_occurrence, last, occurrence_of, timeline
from aural.answer.question import NamedSound, ParsedQuestion
from aural.answer.slots import resolve_sound
from aural.answer.topics.recording import scene_sentence
from aural.answer.thresholds import ALL_SOUNDS_MIN, LOW_TEMPO_CONF, MAIN_SOUND_GUESS, SILENT_CLIP, SILENT_STRETCH
from aural.answer.wording import (article, clip_text, clock, conf, confidence_word, is_plural, join_list, pct,
                                  plural, seconds, sentence_case, when)
from aural.listen import ontology
from aural.listen.evidence import Evidence


def music_sentence(ev: Evidence) -> str:
    m = ev.music
    heard, _ = instruments(ev)
    text = "The music plays " + when([(s.start, s.end) for s in m.spans][:2])
    if m.tempo_bpm:
        text += f" at about {m.tempo_bpm:.0f} BPM" + (" (uncertain)" if m.tempo_confidence < LOW_TEMPO_CONF else "")
    if m.key and m.mode:
        text += f" in {m.key} {m.mode}" + (" (uncertain)" if m.key_confidence < 0.5 else "")
    if heard:
        text += f", with {join_list([n for n, _ in heard[:3]])}"
    return text + "."


def t_description(ev: Evidence, pq: ParsedQuestion) -> Part:
    dur = ev.source.duration_s
    things: list[str] = []
    if ev.speech.present:
        lang = ev.speech.language
        things.append(f"speech in {lang.name}" if lang and not lang.uncertain else "speech")
    if ev.music.present:
        heard, _ = instruments(ev)
        things.append(f"music ({join_list([n for n, _ in heard[:2]])})" if heard else "music")
    srcs = listed_sources(ev, 3)
    things += [s.name for s in srcs]
    main = S.main_sound(ev)
    short = main.name if main else ("silence" if ev.levels.silence_ratio > SILENT_CLIP else "unclear sound")
    if not things:
        if ev.levels.silence_ratio > SILENT_CLIP:
            first_s = f"This {dur:.0f}-second clip is silent: no speech, music or distinct sound was detected."
        else:
            first_s = f"This {dur:.0f}-second clip holds no speech, music or clearly identifiable sound."
        return Part("description", [first_s], short, first_s)
    sentences = [f"This {dur:.0f}-second clip holds {join_list(things)}."]
    if ev.speech.present and ev.speech.text.strip():
        g = ev.voice.gender if ev.voice else None
        who = f"A {g.label} voice (estimate)" if g and g.confidence >= 0.6 else "The speaker"
        sentences.append(f'{who} says: "{clip_text(ev.speech.text.strip(), 160)}"')
    if ev.music.present:
        sentences.append(music_sentence(ev))
    if srcs:
        sentences.append(f"Sounds heard: {join_list([source_phrase(s) for s in srcs])}.")
    few = join_list(things[:3])
    return Part("description", sentences, few, " ".join(sentences))


def t_main_sound(ev: Evidence, pq: ParsedQuestion) -> Part:
    main = S.main_sound(ev)
    if main is None:
        if ev.levels.silence_ratio > SILENT_CLIP:
            s = "The clip is silent: there is no sound to name."
            return Part("main_sound", [s], "silence", {"sound": None, "silent": True})
        guess = S.main_sound(ev, MAIN_SOUND_GUESS)
        if guess is not None and guess.family not in ("speech", "music"):
            # weakly heard is still heard: the nearest name, said as a guess
            s = f"No sound stands out clearly; the nearest is {guess.name} (an estimate, {conf(guess.score)})."
            return Part("main_sound", [s], S.bare(guess.name),
                        {"sound": guess.name, "label": guess.label, "confidence": confidence_word(guess.score),
                         "spans": [list(sp) for sp in guess.spans]})
        s = "No sound in the clip could be identified with confidence."
        return Part("main_sound", [s], "unclear", {"sound": None})
    name = main.name
    if main.family == "speech":
        g = ev.voice.gender if ev.voice else None
        lang = ev.speech.language
        who = "a child" if main.label == "Child speech, kid speaking" else \
            {"male": "a man", "female": "a woman"}.get(g.label if g and g.confidence >= 0.6 else "", "someone")
        name = f"{who} speaking" + (f" {lang.name}" if lang and not lang.uncertain else "")
        if S.wordless(ev):  # a laugh, a groan, an "oh": a voice, but no words to speak of
            name = "a human voice, with no clear words" if who == "someone" else f"{who}'s voice, with no clear words"
    elif main.family == "music":
        heard, _ = instruments(ev)
        name = "music" + (f" ({join_list([n for n, _ in heard[:2]])})" if heard else "")
    where = when(main.spans) if main.spans else ""
    s = f"The main sound is {name}" + (f" ({where}, {conf(main.score)})" if where else f" ({conf(main.score)})")
    others = [h for h in S.heard_sources(ev) if h.family != main.family and not h.generic and h.score >= 0.35]
    sentences = [s + "."]
    if others:
        sentences.append(f"Also heard: {join_list([h.name for h in others[:3]])}.")
    return Part("main_sound", sentences, name, {"sound": name, "label": main.label,
                                                "confidence": confidence_word(main.score),
                                                "spans": [list(sp) for sp in main.spans]})


def t_sound_list(ev: Evidence, pq: ParsedQuestion) -> Part:
    q = pq.text.lower()
    counted = bool(re.search(r"\bhow many\b|\bnumber of\b|\bcount\b", q))  # 'how many different sounds?'
    everything = counted or bool(re.search(r"\b(?:all|every|each|everything|any other|complete)\b", q))
    srcs = listed_sources(ev, 8 if everything else 5, ALL_SOUNDS_MIN if everything else 0.3)
    items = [source_phrase(s) for s in srcs]
    extra: list[str] = []
    music = when([(s.start, s.end) for s in ev.music.spans])
    if counted:   # speech and music count as a sound each
        extra += [f"speech ({speech_span(ev)})"] if ev.speech.present else []
        extra += [f"music ({music})"] if ev.music.present else []
    elif ev.music.present and ev.speech.present:
        extra.append(f"music under the speech ({music})")
    elif everything and ev.speech.present:
        extra.append(f"speech ({speech_span(ev)})")
    elif everything and ev.music.present:
        extra.append(f"music ({music})")
    all_items = items + extra
    if all_items and counted:
        n = len(all_items)
        sentences = [f"{sentence_case(plural(n, 'distinct sound'))} {'is' if n == 1 else 'are'} heard: "
                     f"{join_list(all_items)}."]
    elif all_items:
        sentences = [f"Sounds heard: {join_list(all_items)}."]
    else:
        besides = join_list([w for w, p in (("speech", ev.speech.present), ("music", ev.music.present)) if p])
        sentences = ["No distinct background sounds were detected" + (f" beyond the {besides}." if besides else ".")]
    if ev.scene:
        sentences.append(scene_sentence(ev))
    value = [{"sound": s.name, "start": s.spans[0][0], "end": s.spans[-1][1],
              "confidence": confidence_word(s.score)} for s in srcs]
    short = str(len(all_items)) if counted else join_list([s.name for s in srcs[:3]]) or "none"
    return Part("sound_list", sentences, short, value, all_items, yes=bool(all_items))


# ---------------------------------------------------------------- named sounds


def _hits(ev: Evidence, ns: NamedSound):
    prim = {ontology.index_of(n) for n in ns.labels}
    rel = {ontology.index_of(n) for n in ns.related}
    return sources(ev, prim), sources(ev, rel)


def presence(ev: Evidence, ns: NamedSound) -> tuple[bool, str, dict[str, Any]]:
    """Whether a named sound is heard, one sentence saying so, and a JSON value."""
    phrase = ns.phrase
    if ns.kind == "speech":
        if ev.speech.present:
            lang = ev.speech.language
            tail = f", in {lang.name}" if lang and not lang.uncertain else ""
            return True, f"Yes — speech {speech_span(ev)}{tail} ({conf(ev.speech.confidence)}).", {
                "sound": phrase, "present": True}
        return False, "No speech was detected.", {"sound": phrase, "present": False}
    if ns.kind == "music":
        if ev.music.present:
            return True, f"Yes — music {when([(s.start, s.end) for s in ev.music.spans])} " \
                         f"({conf(ev.music.confidence)}).", {"sound": phrase, "present": True}
        return False, "No music was detected.", {"sound": phrase, "present": False}
    if ns.kind == "silence":
        r = ev.levels.silence_ratio
        if r > SILENT_STRETCH:
            return True, f"Yes — {pct(r)} of the clip is silent.", {"sound": phrase, "present": True}
        return False, "No — the clip has no silent stretch.", {"sound": phrase, "present": False}
    if not ns.labels and not ns.related:
        verb = "were" if is_plural(phrase) else "was"
        return False, (f"No {phrase} {verb} detected (it does not match any sound class the engine can "
                       f"recognise)."), {"sound": phrase, "present": False}
    prim, rel = _hits(ev, ns)
    if prim:
        best = prim[0]
        spans = merge_spans([sp for s in prim for sp in s.spans])
        return True, f"Yes — {article(best.name)} {when(spans)} ({conf(best.score)}).", {
            "sound": phrase, "present": True, "label": best.label,
            "spans": [[a, b] for a, b in spans], "confidence": confidence_word(best.score)}
    if rel:
        best = rel[0]
        spans = merge_spans([sp for s in rel for sp in s.spans])
        return True, (f"Yes — {article(best.name)} {when(spans)} ({conf(best.score)}); the sound alone "
                      f"cannot confirm it is {article(V.normalise_phrase(phrase))} specifically."), {
            "sound": phrase, "present": True, "label": best.label,
            "spans": [[a, b] for a, b in spans], "confidence": confidence_word(best.score), "exact": False}
    phrase = V.NOUNS.get(phrase, phrase)
    verb = "were" if is_plural(phrase) else "was"
    return False, f"No {phrase} {verb} detected.", {"sound": ns.phrase, "present": False}


def t_sound_presence(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not pq.sounds:
        bg = t_sound_list(ev, pq)
        return Part("sound_presence", bg.sentences, bg.short, bg.value, bg.items)
    results = []
    reported: set[str] = set()
    for ns in pq.sounds:  # 'a crowd cheering or clapping' both hit Applause: say it once
        r = presence(ev, ns)
        label = r[2].get("label")
        if label is not None and label in reported:
            continue
        if label is not None:
            reported.add(label)
        results.append(r)
    sentences = [r[1] for r in results]
    if len(results) > 1:  # 'Yes — birds ...; no dogs were detected.'
        sentences = [sentences[0]] + [sentence_case(s) for s in sentences[1:]]
    yes = results[0][0]
    return Part("sound_presence", sentences, "Yes" if yes else "No", [r[2] for r in results], yes=yes)


def t_sound_timing(ev: Evidence, pq: ParsedQuestion) -> Part:
    sentences: list[str] = []
    value: list[dict[str, Any]] = []
    if pq.sounds:
        for ns in pq.sounds:
            found, sentence, val = presence(ev, ns)
            if found and ns.kind == "class":
                spans = [tuple(s) for s in val["spans"]]
                sentences.append(f"{sentence_case(article(S.plain_name(val['label'])))} is heard {when(spans)} "
                                 f"({val['confidence']} confidence).")
            elif found:
                sentences.append(sentence_case(sentence.split(" — ", 1)[-1]))
            else:
                verb = "were" if is_plural(ns.phrase) else "was"
                sentences.append(f"No {ns.phrase} {verb} detected, so there is no time to give.")
            value.append(val)
        short = ""
        if value and value[0].get("spans"):
            short = clock(value[0]["spans"][0][0])
        return Part("sound_timing", sentences, short, value)
    if pq.subject == "speech" or (ev.speech.present and not ev.music.present and not listed_sources(ev, 1)):
        if ev.speech.present:
            segs = ev.speech.segments
            s = f"Speech runs {when([(segs[0].start, segs[-1].end)])}, in {plural(len(segs), 'stretch')}."
            return Part("sound_timing", [s], clock(segs[0].start), [[x.start, x.end] for x in segs])
        return Part("sound_timing", ["No speech was detected, so there is no time to give."], "none", [])
    if pq.subject == "music":
        if ev.music.present:
            spans = [(s.start, s.end) for s in ev.music.spans]
            return Part("sound_timing", [f"Music plays {when(spans)}."], clock(spans[0][0]),
                        [list(s) for s in spans])
        return Part("sound_timing", ["No music was detected, so there is no time to give."], "none", [])
    rows = [f"{o.name} {when([(o.start, o.end)])}" for o in timeline(ev)[:5]]
    if not rows:
        return Part("sound_timing", [f"Nothing stands out to time in this {ev.source.duration_s:.0f}-second clip."],
                    "none", [])
    return Part("sound_timing", [f"In this {ev.source.duration_s:.0f}-second clip: {join_list(rows)}."], "", rows)


# ---------------------------------------------------------------- counts

_COUNT_NOUN = re.compile(r"\bhow many\s+(?:times|(?P<noun>[a-z\-]+(?:\s+[a-z\-]+)?))")


def _count_target(ev: Evidence, pq: ParsedQuestion) -> tuple[str, set[str]] | None:
    """The sound a count question is about: a named sound, the noun after 'how many', or the main sound."""
    if pq.sounds:
        ns = pq.sounds[0]
        return ns.phrase, set(ns.labels) | set(ns.related)
    m = _COUNT_NOUN.search(pq.text.lower())
    if m and m.group("noun") and m.group("noun").split()[0] not in ("times", "time"):
        ns = resolve_sound(m.group("noun"))
        if ns is not None and ns.kind == "class" and (ns.labels or ns.related):
            return ns.phrase, set(ns.labels) | set(ns.related)
    main = S.main_sound(ev)
    if main is not None and main.family not in ("speech", "music"):
        members = set(S.FAMILIES.get(main.family, ("", {main.label: ""}))[1])
        return S.bare(main.name), members
    return None


def _times(times: tuple[float, ...] | list[float]) -> str:
    """'at 0.8 s, 1.6 s' (clock times past a minute), the first eight."""
    shown = ", ".join(f"{t:.1f} s" if times[-1] < 60 else clock(t) for t in times[:8])
    return "at " + shown + (" ..." if len(times) > 8 else "")


def t_event_count(ev: Evidence, pq: ParsedQuestion) -> Part:
    target = _count_target(ev, pq)
    if target is None:
        s = "No distinct, repeated sound was heard, so there is nothing to count."
        return Part("event_count", [s], "0", {"count": 0})
    phrase, labels = target
    c = count_events(ev, labels)
    if c is None:
        verb = "were" if is_plural(phrase) else "was"
        bursts = bursts_to_count(ev)
        if bursts.times:
            # The bursts were heard; only their name is missing: say both, and how sure the count is.
            n = len(bursts.times)
            named = (f"heard as {bursts.heard_as} rather than {phrase}" if bursts.heard_as else
                     f"though no {phrase} {verb} recognised as such")
            s = (f"I count {plural(n, 'short burst')} ({_times(bursts.times)}), {named}: if "
                 f"{'they are' if n > 1 else 'it is'} the {phrase}, the count is {n} (low confidence).")
            return Part("event_count", [s], str(n), {"sound": phrase, "count": n, "times": list(bursts.times),
                                                     "method": "unnamed bursts", "heard_as": bursts.heard_as})
        n = len(bursts.explained)
        what = "the burst heard is" if n == 1 else f"the {plural(n, 'burst')} heard are"
        heard = f" ({what} {bursts.heard_as})" if bursts.heard_as else ""
        s = f"No {phrase} {verb} detected, so the count is zero{heard}."
        return Part("event_count", [s], "0", {"sound": phrase, "count": 0})
    if c.method == "onsets":
        s = f"I count {plural(c.n, 'burst')} of {phrase} ({_times(c.times)})."
        sure = "moderate confidence: overlapping or very quiet ones may be missed"
        if c.repeats:
            sure = (f"moderate confidence: {c.repeats} of them only by sounding like the rest, where the sound "
                    f"was not recognised by name")
    else:
        s = f"{sentence_case(phrase)} is heard in {plural(c.n, 'separate stretch')} ({when(list(c.spans))})."
        sure = "low confidence: repeats closer together than half a second are not told apart"
    return Part("event_count", [s[:-1] + f" ({sure})."], str(c.n),
                {"sound": phrase, "count": c.n, "times": list(c.times), "method": c.method,
                 "matched_by_sound": c.repeats})


def t_speaker_count(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not ev.speech.present:
        return Part("speaker_count", ["No one speaks in this clip: no speech was detected."], "0", {"count": 0})
    crowd = vocal(ev, "crowd")
    if crowd >= 0.4:
        s = "Many people: the speech sounds like a crowd or a room full of voices (moderate confidence)."
        return Part("speaker_count", [s], "many", {"count": None, "crowd": True})
    g = ev.voice.gender if ev.voice else None
    voice = f" (a {g.label} voice, by pitch)" if g and g.confidence >= 0.6 else ""
    s = (f"Most likely one speaker{voice}; the engine does not separate voices of the same kind, so this "
         f"count is an estimate (low confidence).")
    return Part("speaker_count", [s], "1", {"count": 1, "confidence": "low"})


def t_word_count(ev: Evidence, pq: ParsedQuestion) -> Part:
    if not ev.speech.present:
        return Part("word_count", ["No speech was detected, so no words are spoken."], "0", {"words": 0})
    n = len(ev.speech.text.split())
    if n == 0:
        return Part("word_count", ["Speech was detected, but no words could be transcribed."], "unclear", None)
    s = f"About {plural(n, 'word')} are spoken ({seconds(ev.speech.speech_seconds)} of speech)."
    if n == 1:
        s = f"One word is spoken: \"{ev.speech.text.strip()}\"."
    return Part("word_count", [s], str(n), {"words": n})


# ---------------------------------------------------------------- order


def _occ_names(occs) -> str:
    return join_list([article(o.name) for o in occs])


def t_order_first(ev: Evidence, pq: ParsedQuestion) -> Part:
    occs = first(ev)
    if not occs:
        return Part("order_first", ["Nothing distinct is heard, so nothing comes first."], "nothing", None)
    tl = timeline(ev)
    later = [o for o in tl if o not in occs]
    sentences = [f"First comes {_occ_names(occs)}, from {clock(occs[0].start)}."]
    if later:
        together = [o for o in later if o.start <= later[0].start + 0.5]
        sentences.append(f"Then {_occ_names(together[:2])} from {clock(later[0].start)}.")
    return Part("order_first", sentences, occs[0].name, [{"sound": o.name, "start": o.start} for o in tl])


def t_order_last(ev: Evidence, pq: ParsedQuestion) -> Part:
    occs = last(ev)
    if not occs:
        return Part("order_last", ["Nothing distinct is heard, so nothing comes last."], "nothing", None)
    dur = ev.source.duration_s
    tail = "to the end" if occs[0].end >= dur - 1.0 else f"until {clock(occs[0].end)}"
    s = f"The clip ends with {_occ_names(occs[:2])} ({tail})."
    if ev.levels.silence_ratio > SILENT_STRETCH and occs[0].end < dur - 2.0:
        s += f" The last {seconds(dur - occs[0].end)} are quiet."
    return Part("order_last", [s], occs[0].name, [{"sound": o.name, "end": o.end} for o in occs])


def t_order_relative(ev: Evidence, pq: ParsedQuestion) -> Part:
    named = [(ns.phrase, occurrence_of(ev, set(ns.labels) | set(ns.related), ns.kind)) for ns in pq.sounds]
    if len(named) >= 2:
        (a, ta), (b, tb) = named[0], named[1]
        missing = [p for p, t in ((a, ta), (b, tb)) if t is None]
        hedge = ""
        if len(missing) == 1:  # one of the two not recognised by name: what may be it, said as a guess
            other = tb if ta is None else ta
            sub = guess_occurrence(ev, pq.sounds[0 if ta is None else 1], other[0])
            if sub is not None:
                ta, tb = (sub[1], tb) if ta is None else (ta, sub[1])
                hedge = (f"The {missing[0]} was not recognised by name; if the {S.bare(sub[0])} "
                         f"(from {clock(sub[1][0])}) {'are' if is_plural(S.bare(sub[0])) else 'is'} the "
                         f"{missing[0]}, ")
                missing = []
        if missing:
            s = f"{sentence_case(join_list(missing, 'or'))} {'was' if len(missing) == 1 else 'were'} not heard, " \
                f"so the order cannot be given."
            return Part("order_relative", [s], "unclear", None)
        before = ta[0] < tb[0] - 0.25
        after = ta[0] > tb[0] + 0.25
        if before:
            s = f"The {a} comes first (from {clock(ta[0])}), before the {b} (from {clock(tb[0])})."
        elif after:
            s = f"The {b} comes first (from {clock(tb[0])}); the {a} follows (from {clock(ta[0])})."
        else:
            s = f"The {a} and the {b} start together, at about {clock(ta[0])}."
        if hedge:
            s = hedge + s[0].lower() + s[1:-1] + " (low confidence)."
        q = pq.text.lower()
        asked_before = " before " in f" {q} " or "first" in q or "earlier" in q
        yes = before if asked_before else after if (" after " in f" {q} " or "later" in q) else None
        value = {a: ta[0], b: tb[0]}
        return Part("order_relative", [s], a if before else b, value, yes=yes)
    # One or no sound named: what comes before / after it.
    tl = timeline(ev)
    if not tl:
        return Part("order_relative", ["Nothing distinct is heard, so there is no order to give."], "nothing", None)
    if named and named[0][1] is not None:
        a, (t0, t1) = named[0]
        q = pq.text.lower()
        if "before" in q:
            prior = [o for o in tl if o.start < t0 - 0.25]
            s = (f"Before the {a} (from {clock(t0)}): {_occ_names(prior[:3])}." if prior
                 else f"Nothing distinct is heard before the {a}, which starts at {clock(t0)}.")
        else:
            post = [o for o in tl if o.start > t0 + 0.25]
            s = (f"After the {a} (from {clock(t0)}): {_occ_names(post[:3])} (from {clock(post[0].start)})." if post
                 else f"Nothing new starts after the {a} (from {clock(t0)}).")
        return Part("order_relative", [s], "", [{"sound": o.name, "start": o.start} for o in tl])
    rows = [f"{o.name} from {clock(o.start)}" for o in tl[:5]]
    return Part("order_relative", [f"In order: {join_list(rows)}."], tl[0].name,
                [{"sound": o.name, "start": o.start} for o in tl])


def t_duration(ev: Evidence, pq: ParsedQuestion) -> Part:
    dur = ev.source.duration_s
    if pq.sounds:
        ns = pq.sounds[0]
        if ns.kind == "speech":
            total = ev.speech.speech_seconds
            spans = [(s.start, s.end) for s in ev.speech.segments]
        elif ns.kind == "music":
            spans = [(s.start, s.end) for s in ev.music.spans]
            total = sum(b - a for a, b in spans)
        else:
            spans = merge_spans([(e.start, e.end) for e in ev.events
                                 if e.label in set(ns.labels) | set(ns.related)])
            total = sum(b - a for a, b in spans)
        if not spans:
            verb = "were" if is_plural(ns.phrase) else "was"
            return Part("duration", [f"No {ns.phrase} {verb} detected, so it lasts no time at all."], "0 s",
                        {"sound": ns.phrase, "seconds": 0})
        s = f"The {ns.phrase} lasts about {seconds(total)} in all ({when(spans)})."
        return Part("duration", [s], seconds(total), {"sound": ns.phrase, "seconds": round(total, 1)})
    s = f"The clip is {seconds(dur)} long."
    if ev.speech.present:
        s += f" Speech fills about {seconds(ev.speech.speech_seconds)} of it."
    return Part("duration", [s], seconds(dur), {"seconds": round(dur, 2)})


def t_silence(ev: Evidence, pq: ParsedQuestion) -> Part:
    r = ev.levels.silence_ratio
    v = ev.voice
    if r > SILENT_CLIP:
        return Part("silence", ["The clip is silent almost throughout."], "silent", {"silence_ratio": r}, yes=True)
    bits = []
    if r >= 0.01:
        bits.append(f"{pct(r)} of the clip is silence")
    if ev.speech.present and v and v.pauses:
        bits.append(f"the speaker pauses {plural(v.pauses, 'time')} (the longest {seconds(v.longest_pause_s)})")
    if not bits:
        return Part("silence", ["There is no silent stretch: sound runs throughout."], "none",
                    {"silence_ratio": r}, yes=False)
    return Part("silence", [sentence_case(join_list(bits)) + "."], pct(r), {"silence_ratio": r},
                yes=r > SILENT_STRETCH or bool(v and v.pauses))


WRITERS = {"description": t_description, "main_sound": t_main_sound, "sound_list": t_sound_list,
           "sound_presence": t_sound_presence, "sound_timing": t_sound_timing, "event_count": t_event_count,
           "speaker_count": t_speaker_count, "word_count": t_word_count, "order_first": t_order_first,
           "order_last": t_order_last, "order_relative": t_order_relative, "duration": t_duration,
           "silence": t_silence}
