"""Understanding a free-form question: what it asks (learned intents), and its slots.

`parse_question(text)` returns a `ParsedQuestion`: the intents asked in the order asked (the learned
intent model of `answer/intents.py`, clause by clause, read after the format directives are blanked),
the named sounds, the offered options and their domain, whether it is a yes/no question, the languages
named, the subject (speech or music), the part of the clip asked about, and the format directives.
Parsing reads only the text; it never looks at the audio, so the same question always parses the same way.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from aural.answer import intents as I
from aural.answer import vocabulary as V
from aural.answer.compare import Comparison, parse_comparison
from aural.answer.directives import AnswerFormat, parse_format
from aural.answer.slots import (_CHOICE_WORDS, AUX, NamedSound, blank, blank_window, find_options, find_sounds,
                                find_window, languages_in, names_a_sound, option_domain, option_letters,
                                resolve_sound, subject_of)

INTENTS = tuple(I.INTENTS)

# The intent an option domain answers (the chosen option covers that intent's part).
DOMAIN_INTENT = {"reverb": "reverb", "order": "order_first", "emotion": "emotion", "gender": "speaker_gender", "place": "indoor_outdoor", "mode": "key",
                 "speed": "tempo", "loudness": "loudness", "energy": "energy", "language": "language",
                 "music_mood": "music_mood", "pitch": "voice_pitch", "age": "speaker_age", "live": "live_studio",
                 "intonation": "question_intonation", "style": "speaking_style", "trend": "loudness_trend",
                 "content": "main_sound", "sound": "main_sound"}
# Intents too general to overrule offered options ('Is it a siren or a car horn?' asks which sound it is).
_GENERIC_INTENTS = {"description", "sound_list", "sound_presence", "main_sound"}
# Words about the recording named like a sound ('any clipping?') -> the intent that answers them.
_QUALITY_INTENT = {"echo": "reverb", "reverb": "reverb", "clipping": "clipping", "clipped": "clipping",
                   "distortion": "clipping", "distorted": "clipping"}
# Topic nouns joined inside one clause ("what key and tempo is it in?"): each is asked.
_TOPIC_NOUNS = {"key": "key", "tempo": "tempo", "bpm": "tempo", "speed": "tempo", "genre": "genre", "style": "genre",
                "mood": "music_mood", "instruments": "instruments", "instrumentation": "instruments",
                "language": "language", "emotion": "emotion", "gender": "speaker_gender", "loudness": "loudness",
                "volume": "loudness", "pitch": "voice_pitch", "quality": "audio_quality", "era": "era",
                "decade": "era", "transcript": "transcript", "scale": "key", "duration": "duration",
                "length": "duration"}
# Intents that read named sounds; a named sound with none of these asked is a presence question.
_SOUND_INTENTS = {"sound_presence", "sound_timing", "event_count", "order_relative", "duration", "main_sound",
                  "order_first", "order_last", "sound_list"}
# Intents whose own answer picks among options that may also name sounds ('guitar or piano?' for the lead).
_OWN_OPTION_INTENTS = {"instruments", "lead_instrument", "genre", "music_mood", "vocals", "music_presence"}


_KINDS_COUNTED = re.compile(r"\b(?:how many|number of|count (?:the|all the))\s+(?:different\s+|distinct\s+|separate\s+|"
                            r"(?:kinds|types|sorts) of\s+)+(?:sounds|noises|sources|sound sources)\b")
# A number compared about one voice ('is the speaker over 50?', 'is she under 30 years old?') is its age.
_AGED = re.compile(r"\b(?:speaker|he|she|person|voice|narrator|singer|man|woman|guy|girl|boy|kid|years? old|age)\b")
_COUNTED = re.compile(r"\s*(?:different\s+|distinct\s+|separate\s+)?(?:speakers?|people|persons?|voices?|men|women|"
                      r"talkers?|times|or more)\b")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IntentScore(_Model):
    intent: str
    probability: float
    clause: str


class ParsedQuestion(_Model):
    text: str
    intents: list[str] = Field(description="asked intents, in the order asked")
    scores: list[IntentScore] = Field(default_factory=list, description="the intent model's call per clause")
    sounds: list[NamedSound] = Field(default_factory=list)
    options: list[str] = Field(default_factory=list, description="offered choices, spelled as asked")
    option_domain: str | None = Field(None, description="which evidence the options are about")
    option_intent: str | None = Field(None, description="the intent the chosen option answers")
    option_labels: list[str] = Field(default_factory=list,
                                     description="the options' letters or numbers when offered lettered ('A', 'B')")
    yes_no: bool = False
    languages: list[str] = Field(default_factory=list, description="language codes named in the question")
    subject: str | None = Field(None, description="'speech' or 'music' when the question says which")
    comparison: Comparison | None = Field(None, description="a number the question compares against "
                                                                 "('more than three times', 'longer than 10 s')")
    window: tuple[str, float | None, float | None] | None = Field(
        None, description="the part of the clip asked about: ('first'|'last'|'range'|'half1'|'half2', a, b)")
    format: AnswerFormat = Field(default_factory=AnswerFormat)


def _domain_intent(domain: str | None, subject: str | None, intents: list[str]) -> str | None:
    if domain is None:
        return None
    if domain == "gender" and (subject == "music" or "singer_gender" in intents):
        return "singer_gender"
    if domain == "speed" and (subject == "speech" or "speaking_rate" in intents):
        return "speaking_rate"
    if domain == "trend" and "tempo_change" in intents:
        return "tempo_change"
    if domain == "emotion" and subject == "music":
        return "music_mood"
    if domain == "number":
        return next((i for i in intents if i in ("event_count", "speaker_count", "word_count", "tempo")),
                    "event_count")
    return DOMAIN_INTENT.get(domain)


def parse_question(text: str) -> ParsedQuestion:
    """Parse a free-form question (pure: the same text always gives the same result)."""
    original = re.sub(r"\s+", " ", text.strip())
    q = original.lower().replace("’", "'")
    fmt, qb = parse_format(q)
    subject = subject_of(qb)

    hits = I.intents_of(blank_window(qb))
    intents = [h.intent for h in hits]
    scores = [IntentScore(intent=h.intent, probability=round(h.probability, 3), clause=h.clause) for h in hits]

    comparison = parse_comparison(qb)
    # 'at least 3 knocks' names knocks, and 'three times or more' offers no choice: the comparison is read
    # apart from the sounds and the options
    qs = qb if comparison is None else blank(qb, comparison.span)
    qo = qs if comparison is not None and " or " in qb[comparison.span[0]:comparison.span[1]] else qb
    # Options: the first sentence that offers a choice.
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^?.!]+[?.!]*", qb) if m.group(0).strip()]
    options: list[str] = []
    labels: list[str] = []
    opt_pos = -1
    for a, b in sentences:
        found = find_options(qo[a:b], original[a:b])
        letters = option_letters(original[a:b]) if found else []
        # 'Do you hear a dog or a cat?' asks about each; 'What do you hear: a, b, c or d?' is a choice
        if found and (letters or not re.search(r"\b(?:is|are|was|were)\s+there\b|\bhear\b", qb[a:b]) or
                      re.search(_CHOICE_WORDS + r"|[:\u2013\u2014-][^:]*\bor\b", qb[a:b])):
            options, opt_pos = found, a
            labels = [x.upper() for x in letters] if len(letters) == len(found) else []
            break
    yes_no = fmt.yes_no
    if options and {o.lower() for o in options} <= V.YES_NO_WORDS:
        options, yes_no = [], True
    first = next((qb[a:b].strip() for a, b in sentences if qb[a:b].strip(" ?.!")), "")
    first_word = first.split(" ", 1)[0] if first else ""
    if not options and first_word in AUX and ("?" in qb or fmt.yes_no or len(first.split()) > 2):
        yes_no = True

    if options:  # a listed option read as a clause of its own ('angry, calm, happy, sad') asks nothing
        option_words = {w for o in options for w in re.findall(r"[\w'\-]+", o.lower())}
        lone = [k for k, h in enumerate(hits) if k and {w for w in re.findall(r"[\w'\-]+", h.clause.lower())
                                                       if len(w) > 1} -  # 'a) snoring b) breathing'
                {"and", "or", "an", "the", "answer", "reply", "please", "options", "option", "choices", "choose",
                 "from", "pick", "one"} <= option_words]
        hits = [h for k, h in enumerate(hits) if k not in lone]
        intents = [h.intent for h in hits]
        scores = [sc for k, sc in enumerate(scores) if k not in lone]
    domain = option_domain(options, subject) if options else None
    if domain == "pitch" and not re.search(r"\b(?:pitch\w*|voices?|speakers?|singers?|tone)\b", qb):
        domain = "energy" if re.search(r"\benerg", qb) else \
            "loudness" if re.search(r"\b(?:volume|loud\w*|levels?)\b", qb) else "sound"
    if domain in ("sound", "content") and re.search(r"\b(?:first|earlier|before|after|last|later|sooner|starts?)\b", qb):
        domain = "order"  # "which comes first, the siren or the knocking?"
    target = _domain_intent(domain, subject, intents)
    if domain == "trend" and any(V.TREND_WORDS.get(o.lower()) in ("speeds up", "slows down") for o in options):
        target = "tempo_change"
    if options:
        # The options pick the answer; the intent model still says what the clause asks. They replace the
        # model's call only where it asked nothing more specific than the clip or its sounds.
        at = max([i for i, h in enumerate(hits) if h.start <= max(opt_pos, 0)] or [0])
        asked = intents[at] if at < len(intents) else None
        generic = _GENERIC_INTENTS | ({"order_first", "order_last", "order_relative"} if domain == "sound" else set())
        if target and target not in intents and asked in generic:
            intents[at] = target
        elif target not in intents:
            target = asked
        if domain == "sound" and target not in _SOUND_INTENTS | {"music_presence"}:
            if target not in _OWN_OPTION_INTENTS and all(names_a_sound(o) for o in options):
                # plainly named sounds are a choice of sound whatever the clause was read as ('Which is it:
                # drinking, pouring water, rain or a toilet flush?' is not a question about the place)
                if at < len(intents):
                    intents[at] = "main_sound"
                else:
                    intents.insert(0, "main_sound")
                target = "main_sound"
            else:
                domain = "writer"  # options the intent's own answer picks from ('rock or jazz?' for a genre)
    sounds: list[NamedSound] = []
    quality: list[str] = []
    for _, phrase in find_sounds(blank_window(qs)):   # 'between 2 and 4 seconds' names no sound
        if phrase.strip() in V.QUALITY_WORDS:
            quality.append(_QUALITY_INTENT.get(phrase.strip(), "audio_quality"))
            continue
        ns = resolve_sound(phrase)
        if ns is not None and all(ns.phrase != s.phrase for s in sounds):
            sounds.append(ns)
    if sounds and yes_no and len({h.start for h in hits}) == 1 and len(intents) > 1 and \
            intents[0] in ("sound_presence", "music_presence"):
        # One yes/no question about named sounds: the model's second guess ('instruments' for 'is there a
        # guitar?') is not asked.
        intents = intents[:1]
    if sounds and all(ns.kind == "music" for ns in sounds) and "sound_presence" in intents:
        intents[intents.index("sound_presence")] = "music_presence"
    if "sound_presence" in intents and not sounds and quality:
        intents[intents.index("sound_presence")] = quality[0]  # "is there a lot of echo?" is about the recording
    generic = bool(re.search(r"\b(?:anything|something|sounds?|noises?|sfx)\b", qb))
    if "sound_presence" in intents and not sounds and generic:
        intents[intents.index("sound_presence")] = "sound_list"  # "do you hear anything?": list what is heard
    for h in hits:  # "what key and tempo": both nouns are asked, in their order
        for m in re.finditer(r"\b([a-z]+)\s*(?:,|and|&|or|plus)\s+(?:the\s+|its\s+)?([a-z]+)\b", h.clause):
            a, b = _TOPIC_NOUNS.get(m.group(1)), _TOPIC_NOUNS.get(m.group(2))
            if a and b and a != b and (a in intents or b in intents) and not options:
                at = intents.index(a) if a in intents else intents.index(b)
                for k, t in enumerate((a, b)):
                    if t not in intents:
                        intents.insert(at + k, t)
    if "event_count" in intents and _KINDS_COUNTED.search(qb) and "sound_list" not in intents:
        intents[intents.index("event_count")] = "sound_list"   # how many sounds, not how many times one sounds
    if comparison is not None and "speaker_count" in intents and _AGED.search(qb) and \
            not _COUNTED.match(qb, comparison.span[1]) and "more than one" not in qb:
        # 'Is the speaker over 50?' compares one voice's age, not a number of speakers
        intents[intents.index("speaker_count")] = "speaker_age"
    if not re.search(r"[a-z]{4,}", qb):
        intents = ["description"]  # "hmm?", "ok?": nothing asked beyond the clip itself
    langs = languages_in(qb)
    seen: set[str] = set()
    intents = [i for i in intents if not (i in seen or seen.add(i))]
    return ParsedQuestion(text=original, intents=intents or ["description"], scores=scores, sounds=sounds,
                          options=options, option_domain=domain, option_intent=target if options else None,
                          option_labels=labels if options else [],
                          yes_no=yes_no and not options,
                          languages=[c for _, c in langs], subject=subject, comparison=comparison,
                          window=find_window(qb), format=fmt)


__all__ = ["ParsedQuestion", "AnswerFormat", "NamedSound", "IntentScore", "parse_question", "parse_format",
           "find_options", "find_sounds", "resolve_sound", "INTENTS", "DOMAIN_INTENT"]
