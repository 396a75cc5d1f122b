"""Questions the sound can't answer (meaning, sarcasm, identity), said as limits with the nearest evidence."""

from __future__ import annotations

from aural.answer.facts import language_name, listed_sources, music_summary
from aural.answer.parts import Part
from aural.answer.question import ParsedQuestion
from aural.answer.wording import clip_text, join_list
from aural.listen.evidence import Evidence


def nearest_evidence(ev: Evidence) -> str:
    """One sentence of what was heard, for an answer that has to say what it can't judge."""
    bits = []
    if ev.speech.present:
        lang = language_name(ev)
        said = clip_text(ev.speech.text.strip(), 120)
        bits.append(f"speech{' in ' + lang if lang else ''}" + (f' ("{said}")' if said else ""))
        emo = ev.voice.emotion if ev.voice else None
        if emo is not None:
            bits.append(f"a voice that reads as {emo.label} (an estimate)")
    if ev.music.present:
        bits.append(music_summary(ev))
    if not bits:
        bits = [h.name for h in listed_sources(ev, 2)] or ["no speech, music or distinct sound"]
    return "What can be heard: " + join_list(bits) + "."


def t_limit_meaning(ev: Evidence, pq: ParsedQuestion) -> Part:
    s = "Intentions, meanings and what happens next can't be judged from the sound alone."
    return Part("limit_meaning", [s, nearest_evidence(ev)], "can't tell", {"answerable": False})


def t_limit_sarcasm(ev: Evidence, pq: ParsedQuestion) -> Part:
    s = ("Sarcasm, sincerity or lying can't be judged reliably from the sound: the voice gives tone, not intent.")
    return Part("limit_sarcasm", [s, nearest_evidence(ev)], "can't tell", {"answerable": False})


def t_limit_identity(ev: Evidence, pq: ParsedQuestion) -> Part:
    s = "Who the speaker or singer is, or the title of a piece, can't be identified from the sound: aural does " \
        "not recognise people or recordings."
    return Part("limit_identity", [s, nearest_evidence(ev)], "can't tell", {"answerable": False})


WRITERS = {"limit_meaning": t_limit_meaning, "limit_sarcasm": t_limit_sarcasm, "limit_identity": t_limit_identity}
