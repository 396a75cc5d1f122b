"""Understanding a free-form question: what is asked, which options are offered, in what form.

`parse_question(text)` returns a `ParsedQuestion`: the topics asked in the order they are asked, the
named sounds (matched to AudioSet classes by synonym or by meaning), the options of a multiple
choice and the domain they belong to, whether it is a yes/no question, and the format directives
(one word, N sentences, N words, a list, JSON, a justification). Parsing reads only the text; it
never looks at the audio, so the same question always parses the same way.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from aural.answer import vocabulary as V

TOPICS = ("description", "mood", "genre", "instruments", "tempo", "key", "background", "sound_presence",
          "timing", "speaker_count", "emotion", "energy", "language", "transcript", "quality", "gender", "scene",
          "pitch")

AUX = ("is", "are", "was", "were", "does", "do", "did", "would", "could", "can", "should", "will", "has", "have",
       "had", "may", "might", "am", "isn't", "aren't", "doesn't", "don't", "didn't", "wasn't")
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
        "a": 1, "a single": 1, "single": 1}
_NUM_RE = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty" \
          r"|a single|single|a)"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerFormat(_Model):
    one_word: bool = False
    sentences: int | None = Field(None, description="exact number of sentences asked for")
    max_words: int | None = Field(None, description="word limit asked for")
    as_list: bool = False
    as_json: bool = False
    justification: bool = Field(False, description="a reason is asked for (e.g. 'then a justification')")
    justification_sentences: int | None = None
    brief: bool = False


class NamedSound(_Model):
    phrase: str
    kind: str = Field(description="'class' (AudioSet classes), 'speech', 'music' or 'silence'")
    labels: list[str] = Field(default_factory=list, description="AudioSet classes the phrase names")
    related: list[str] = Field(default_factory=list, description="a family that still counts as a hit")
    method: str = Field("synonym", description="'synonym', 'embedding', 'domain' or 'none'")
    similarity: float = 1.0


class ParsedQuestion(_Model):
    text: str
    topics: list[str] = Field(description="asked topics, in the order asked")
    sounds: list[NamedSound] = Field(default_factory=list)
    options: list[str] = Field(default_factory=list, description="offered choices, spelled as asked")
    option_domain: str | None = Field(None, description="emotion, gender, place, content, speed, mode, "
                                                        "loudness, energy, language, number, sound")
    yes_no: bool = False
    languages: list[str] = Field(default_factory=list, description="language codes named in the question")
    subject: str | None = Field(None, description="'speech' or 'music' when the question says which")
    format: AnswerFormat = Field(default_factory=AnswerFormat)


# ---------------------------------------------------------------- format directives

def parse_format(q: str) -> tuple[AnswerFormat, str]:
    """Format directives in a lower-cased question, and the question with them blanked out."""
    fmt = AnswerFormat()
    spans: list[tuple[int, int]] = []

    def take(m: re.Match[str]) -> None:
        spans.append(m.span())

    for m in re.finditer(r"\b(?:(?:in|with|using|answer in|reply in)\s+)?(?:one|1|a single|single)[- ]word\b"
                         r"(?:\s+(?:answer|reply|only))?|\bin a word\b|\bone-word\b", q):
        fmt.one_word = True
        take(m)
    just = re.search(r"\b(?:then|and|followed by|plus|with)\s+(?:a\s+|an\s+)?(?:" + _NUM_RE[1:-1] +
                     r")?[- ]?(?:sentences?\s+)?(?:short\s+|brief\s+)?(?:justification|explanation|reason(?:ing)?|"
                     r"rationale|why)\b", q)
    if just:
        fmt.justification = True
        n = re.search(_NUM_RE + r"[- ]sentences?", just.group(0))
        fmt.justification_sentences = _num(n.group(1)) if n else 1
        take(just)
    elif re.search(r"\b(?:justif\w*|explain why|give (?:a|your) reason|why\?)", q):
        fmt.justification = True
    for m in re.finditer(r"\b(?:in|with|using|as|answer in|reply in|within|at most|no more than|exactly|just)?\s*"
                         + _NUM_RE + r"[- ](?:short |brief |full |complete )?sentences?\b", q):
        if just and just.start() <= m.start() < just.end():
            continue
        fmt.sentences = _num(m.group(1))
        take(m)
    for m in re.finditer(r"\b(?:in|with|using|under|within|at most|no more than|max(?:imum)?|fewer than|less than|"
                         r"up to|about|around)?\s*(\d+|two|three|four|five|six|seven|eight|nine|ten|fifteen|"
                         r"twenty|thirty|fifty)[- ]words?\b", q):
        fmt.max_words = _num(m.group(1))
        take(m)
    for m in re.finditer(r"\bas (?:a )?(?:bulleted |bullet )?list\b|\bbullet(?:ed)?(?: points?| list)?\b|"
                         r"\bin (?:a )?list\b|\benumerate\b|\bitemi[sz]e\b|\blist\b", q):
        fmt.as_list = True
        if m.group(0) != "list":  # "List the instruments" keeps its object
            take(m)
    for m in re.finditer(r"\b(?:as |in |return |valid |a |an )*json(?: object| format)?\b", q):
        fmt.as_json = True
        take(m)
    if re.search(r"\b(?:briefly|brief|short|concise(?:ly)?|quick(?:ly)?|tl;?dr)\b", q) and fmt.sentences is None:
        fmt.brief = True
    blanked = list(q)
    for a, b in spans:
        blanked[a:b] = " " * (b - a)
    return fmt, "".join(blanked)


def _num(word: str) -> int:
    word = word.strip()
    return int(word) if word.isdigit() else _NUM.get(word, 1)


# ---------------------------------------------------------------- options

_ITEM_STOP = {"is", "are", "was", "were", "be", "it", "this", "that", "they", "he", "she", "sound", "sounds",
              "seem", "seems", "as", "to", "like", "more", "mostly", "rather", "either", "say", "you", "would",
              "does", "do", "the", "a", "an", "there", "whether", "if", "between", "closer", "of", "in", "feel",
              "feels", "which", "what", "pick", "choose", "one", "being", "recorded", "here", "so", "very",
              "primarily", "mainly", "mostly", "predominantly", "by", "from", "with"}
_ARTICLES = ("a ", "an ", "the ")
_CHOICE_CUES = r"\b(?:which|whether|choose|pick|select|one of|either|classify|options?|rather)\b|:"


def _strip_article(item: str) -> str:
    for a in _ARTICLES:
        if item.startswith(a):
            return item[len(a):]
    return item


_SHARED_HEADS = {"key", "keys", "mode", "tone", "voice", "sound", "sounds", "music", "song", "track", "tempo",
                 "pace", "mood", "instrument", "language", "one", "type", "kind", "style", "genre", "setting",
                 "speaker", "person", "recording", "clip"}


def find_options(sentence: str, original: str) -> list[str]:
    """Choices offered in one sentence ('frustrated, neutral, or pleased'), spelled as in `original`.

    `sentence` is the lower-cased sentence with format directives blanked; `original` is the same
    stretch of the question with its own spelling (same length)."""
    m = None
    for m in re.finditer(r"\s+or\s+", sentence):
        pass
    if m is None:
        return []
    # The last item: from 'or' to the next punctuation.
    tail = re.match(r"([^?.!,;:()]+)", sentence[m.end():])
    if not tail:
        return []
    last_raw = tail.group(1).strip()
    last_words = last_raw.split()
    if not last_words or last_words[0] in ("not", "no", "neither", "nothing", "something") or len(last_words) > 4:
        return []
    # The items before 'or', split on commas, back to a clause boundary.
    head = sentence[:m.start()]
    boundary = max(head.rfind(c) for c in "?.!;:(")
    head_part = head[boundary + 1:]
    pieces = [p for p in head_part.split(",")]
    k = max(1, len(_strip_article(last_raw).split()))
    items_rev: list[tuple[int, int]] = []  # spans in `sentence`
    offset = boundary + 1 + len(head_part)
    for piece in reversed(pieces):
        offset -= len(piece)
        words = [(mm.start() + offset, mm.end() + offset, mm.group(0)) for mm in re.finditer(r"[\w'#+\-]+", piece)]
        if not words:
            offset -= 1
            continue
        if len(words) <= 4 and not any(w[2] in AUX or w[2] in ("there",) for w in words) and piece is not pieces[0]:
            items_rev.append((words[0][0], words[-1][1]))
            k = max(k, len([w for w in words if w[2] not in ("a", "an", "the")]))
        else:
            taken: list[tuple[int, int, str]] = []
            for w in reversed(words):
                if w[2] in _ITEM_STOP or w[2] in AUX or len(taken) >= k:
                    break
                taken.append(w)
            if taken:
                items_rev.append((taken[-1][0], taken[0][1]))
            break
        offset -= 1  # the comma
    if not items_rev:
        return []
    spans = list(reversed(items_rev))
    last_start = m.end() + tail.start(1) + (len(tail.group(1)) - len(tail.group(1).lstrip()))
    spans.append((last_start, last_start + len(last_raw)))
    out: list[str] = []
    for a, b in spans:
        text = original[a:b].strip()
        low = text.lower()
        for art in _ARTICLES:
            if low.startswith(art):
                text = text[len(art):]
                break
        text = text.strip(" '\"")
        if text and text.lower() not in (o.lower() for o in out):
            out.append(text)
    if not 2 <= len(out) <= 8:
        return []
    # "a major or a minor key": a head noun after the last item belongs to all of them, not to the last.
    last = out[-1].split()
    if len(last) == 2 and last[1].lower() in _SHARED_HEADS and all(len(o.split()) == 1 for o in out[:-1]):
        out[-1] = last[0]
    # Outside a yes/no-style or 'which' question an 'or' is a choice only when the items are of one kind
    # ("What key, major or minor?"), not in "What genre or style is this?".
    starts_aux = sentence.strip().split(" ", 1)[0] in AUX
    if not (starts_aux or re.search(_CHOICE_CUES, sentence)) and option_domain(out, None) == "sound":
        return []
    return out


def option_domain(options: list[str], subject: str | None) -> str:
    """Which evidence the options are about."""
    from aural.listen.speech import LANGUAGE_NAMES

    lows = [o.lower().strip() for o in options]
    lang_names = {n.lower() for n in LANGUAGE_NAMES.values()}

    def share(test) -> float:
        return sum(1 for o in lows if test(o)) / len(lows)

    checks: list[tuple[str, float]] = [
        ("yes_no", share(lambda o: o in V.YES_NO_WORDS)),
        ("language", share(lambda o: o in lang_names)),
        ("gender", share(lambda o: o in V.GENDER_WORDS)),
        ("place", share(lambda o: o in V.PLACE_WORDS)),
        ("mode", share(lambda o: o in V.MODE_WORDS or o.endswith((" major", " minor")))),
        ("content", share(lambda o: o in V.CONTENT_WORDS)),
        ("number", share(lambda o: bool(re.match(r"^\d+(?:\.\d+)?(?:\s*bpm)?$", o)) or o in V.NUMBER_WORDS)),
        ("pitch", share(lambda o: o in V.PITCH_WORDS)),
        ("speed", share(lambda o: o in V.SPEED_WORDS)),
        ("loudness", share(lambda o: o in V.LOUDNESS_WORDS)),
        ("emotion", share(lambda o: o in V.EMOTION_WORDS)),
        ("energy", share(lambda o: o in V.ENERGY_WORDS)),
    ]
    full = [name for name, s in checks if s == 1.0]
    if "emotion" in full and "energy" in full:
        return "energy" if subject == "music" else "emotion"
    if "emotion" in full and subject == "music":
        return "music_mood"
    if full:
        return full[0]
    best = max(checks, key=lambda c: c[1])
    if best[1] >= 0.5 and best[0] not in ("yes_no", "number"):
        return "music_mood" if best[0] == "emotion" and subject == "music" else best[0]
    return "sound"


# ---------------------------------------------------------------- named sounds

_X = r"(?P<x>[a-z0-9' \-]+?)"
_X_END = r"(?=\s+(?:in|at|during|on|within|anywhere|audible|present|playing|at all|here|there|somewhere|" \
         r"nearby|around|going|ringing|barking|heard|sounding|for|from|throughout|and then|that)\b|[?.,;!:]|$)"
# "Is a dog barking?" names a sound; "Which language is the speaker using?" does not (a wh-question).
_DOING = (r"\b(?:is|are)\s+(?:someone|somebody|anyone|people|a\s+[a-z]+|the\s+[a-z]+|any\s+[a-z]+)\s+"
          r"(?P<x>(?!speaking\s+[a-z])[a-z]+ing)(?=\s*[?.!,]|\s+(?:in|at|during|anywhere|somewhere|nearby)\b)")
_WH_CLAUSE = re.compile(r"(?:^|[?.!;]\s*)(?:what|which|who|whom|whose|how|why|where)\b[^?.!;]*$")
_SOUND_PATTERNS = [
    r"\b(?:is|are|was|were)\s+there\s+(?:any(?:thing like)?\s+|a\s+|an\s+|some\s+)?" + _X + _X_END,
    r"\b(?:do|does|can|could|did)\s+(?:you|i|we|one)\s+hear\s+(?:any\s+|a\s+|an\s+|the\s+|some\s+)?" + _X + _X_END,
    r"\b(?:does|did|do)\s+(?:it|(?:this|that|the)(?:\s+(?:clip|audio|recording|track|file|video|sample))?)\s+"
    r"(?:contain|include|have|feature)s?\s+(?:any\s+|a\s+|an\s+|the\s+|some\s+)?" + _X + _X_END,
    r"\b(?:does|did|do|can|could|will)\s+(?:anyone|someone|somebody|anybody|a person|people|a voice)\s+"
    r"(?P<x>speak|talk|say anything|sing)\b",
    r"\bany\s+" + _X + r"(?=\s*\?)",
    r"\bwhen\s+(?:does|do|did|is|are|was|were)\s+(?:the\s+|a\s+|an\s+|any\s+)?" + _X +
    r"(?=\s+(?:start|begin|happen|occur|appear|stop|end|play|come in|kick in|sound|go off|heard|audible|"
    r"start playing|fade|finish|enter)\b)",
    r"\bhow long\s+(?:does|do|is|are|was)\s+(?:the\s+|a\s+|an\s+)?" + _X +
    r"(?=\s+(?:last|play|go on|sound|heard|audible)\b|\s*\?)",
    r"\bis (?:it|there) (?P<x>raining|snowing|thundering|storming|windy)\b",
    _DOING,
    r"\b(?:presence of|detect(?:ed)?|hear(?:d)?|hearing)\s+(?:any\s+|a\s+|an\s+|the\s+|some\s+)?" + _X + _X_END,
]
_VERB_TAIL = re.compile(r"\s+(?:sound|sounds|noise|noises|somewhere|present)$")


def _split_sounds(x: str) -> list[str]:
    x = _VERB_TAIL.sub("", x.strip())
    parts = re.split(r"\s*(?:,|\bor\b|\band\b|/)\s*", x)
    skip = ("not", "no", "none", "nothing else", "it", "they", "that", "this", "them", "those", "these", "one",
            "he", "she", "there", "anything", "something")
    return [p.strip() for p in parts if p.strip() and p.strip() not in skip]


def find_sounds(q: str) -> list[tuple[int, str]]:
    """(position, phrase) of each sound the question names."""
    found: list[tuple[int, str]] = []
    for pat in _SOUND_PATTERNS:
        for m in re.finditer(pat, q):
            if pat is _DOING and _WH_CLAUSE.search(q[: m.start()]):
                continue
            for part in _split_sounds(m.group("x")):
                if part and all(part not in p and p not in part for _, p in found):
                    found.append((m.start("x") + max(0, m.group("x").find(part)), part))
    return sorted(found)


def resolve_sound(phrase: str) -> NamedSound | None:
    """A phrase -> NamedSound; None for generic words ('sounds', 'anything') that ask for the background."""
    low = re.sub(r"^(?:in|on|at|from|during|within|through)\s+", "", phrase.lower().strip())
    p = V.normalise_phrase(low)
    if low in V.GENERIC_SOUND_WORDS or p in V.GENERIC_SOUND_WORDS or not p:
        return None
    if low in V.SPEECH_WORDS or p in V.SPEECH_WORDS:
        return NamedSound(phrase=phrase, kind="speech", method="domain")
    if low in V.MUSIC_PRESENCE_WORDS or p in V.MUSIC_PRESENCE_WORDS:
        return NamedSound(phrase=phrase, kind="music", method="domain")
    if low in V.SILENCE_WORDS or p in V.SILENCE_WORDS:
        return NamedSound(phrase=phrase, kind="silence", method="domain")
    from aural.listen.ontology import class_names

    names = class_names()
    match = V.match_sound(phrase)
    return NamedSound(phrase=phrase, kind="class", labels=[names[i] for i in match.primary],
                      related=[names[i] for i in match.related], method=match.method,
                      similarity=match.similarity)


# ---------------------------------------------------------------- topics

def _topic_positions(q: str) -> dict[str, int]:
    pos: dict[str, int] = {}
    for topic, cues in V.TOPIC_CUES.items():
        for cue in cues:
            pattern = r"(?<!you )(?<!i )\b" + cue + r"\b" if topic == "transcript" else r"\b" + cue + r"\b"
            m = re.search(pattern, q)
            if m and (topic not in pos or m.start() < pos[topic]):
                pos[topic] = m.start()
    return pos


def _subject(q: str) -> str | None:
    speaker = re.search(V.SPEAKER_WORDS, q)
    music = re.search(V.MUSIC_WORDS, q)
    if speaker and not music:
        return "speech"
    if music and not speaker:
        return "music"
    if speaker and music:
        return "speech" if speaker.start() < music.start() else "music"
    return None


def _languages(q: str) -> list[tuple[int, str]]:
    from aural.listen.speech import LANGUAGE_NAMES

    out = []
    for code, name in LANGUAGE_NAMES.items():
        m = re.search(r"\b" + re.escape(name.lower()) + r"\b", q)
        if m:
            out.append((m.start(), code))
    return sorted(out)


# The topic whose answer the options are about (compose.py drops that part: the chosen option covers it).
DOMAIN_TOPIC = {"emotion": "emotion", "gender": "gender", "place": "scene", "mode": "key", "speed": "tempo",
                "loudness": "quality", "energy": "energy", "language": "language", "music_mood": "mood",
                "pitch": "pitch"}


def parse_question(text: str) -> ParsedQuestion:
    """Parse a free-form question (pure: the same text always gives the same result)."""
    original = re.sub(r"\s+", " ", text.strip())
    q = original.lower().replace("’", "'")
    fmt, qb = parse_format(q)
    subject = _subject(qb)

    # Sentences, with their spans, so options and yes/no read the right clause.
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^?.!]+[?.!]*", qb) if m.group(0).strip()]
    options: list[str] = []
    opt_pos = -1
    for a, b in sentences:
        found = find_options(qb[a:b], original[a:b])
        if found and not re.search(r"\b(?:is|are|was|were)\s+there\b|\bhear\b", qb[a:b]):
            options, opt_pos = found, a
            break
    yes_no = False
    if options and {o.lower() for o in options} <= V.YES_NO_WORDS:
        options, yes_no = [], True
    first = next((qb[a:b].strip() for a, b in sentences if qb[a:b].strip(" ?.!")), "")
    first_word = first.split(" ", 1)[0] if first else ""
    if not options and first_word in AUX and "?" in qb:
        yes_no = True
    if re.search(r"\b(?:yes or no|yes/no|true or false)\b", qb):
        yes_no, options = True, []

    domain = option_domain(options, subject) if options else None
    if domain == "pitch" and not re.search(r"\b(?:pitch\w*|voices?|speakers?|singers?|tone)\b", qb):
        # "high or low" about something other than a voice: the energy or the level
        domain = "energy" if re.search(r"\benerg", qb) else \
            "loudness" if re.search(r"\b(?:volume|loud\w*|levels?)\b", qb) else "sound"

    pos = _topic_positions(qb)
    # Mood and emotion words mean the speaker or the music depending on what the question is about.
    if "emotion" in pos and subject == "music" and "mood" not in pos:
        pos["mood"] = pos.pop("emotion")
    if "mood" in pos and subject == "speech":
        pos["emotion"] = min(pos.pop("mood"), pos.get("emotion", 10 ** 6))
    if "emotion" in pos and subject is None and re.search(r"\bmood\b", qb) and "mood" not in pos:
        pass
    if domain in DOMAIN_TOPIC:
        t = DOMAIN_TOPIC[domain]
        pos[t] = min(pos.get(t, opt_pos), opt_pos)
        if domain in ("emotion", "music_mood"):
            pos.pop("mood" if domain == "emotion" else "emotion", None)
    if domain == "content":
        pos["description"] = min(pos.get("description", opt_pos), opt_pos)
    if domain == "number" and "tempo" not in pos and "speaker_count" not in pos:
        pos["description"] = opt_pos

    sounds: list[NamedSound] = []
    for p, phrase in find_sounds(qb):
        if phrase.strip() in V.QUALITY_WORDS:
            pos["quality"] = min(pos.get("quality", p), p)
            continue
        ns = resolve_sound(phrase)
        if ns is None:
            pos["background"] = min(pos.get("background", p), p)
        elif all(ns.phrase != s.phrase for s in sounds):
            sounds.append(ns)
            pos["sound_presence"] = min(pos.get("sound_presence", p), p)
    if not sounds and domain == "sound":
        pos["sound_presence"] = opt_pos
    langs = _languages(qb)
    if langs:
        pos["language"] = min(pos.get("language", langs[0][0]), langs[0][0])
    # A named instrument asked with "is there" is a sound question, not a request to list instruments.
    if sounds and "instruments" in pos and not re.search(r"\binstrument", qb):
        pos.pop("instruments")
    if sounds and "background" in pos and re.search(r"\bin the background\b", qb) and \
            len(re.findall(r"\bbackground\b", qb)) == 1:
        pos.pop("background")  # "Are there sirens in the background?": a place, not a request for a list
    if "timing" in pos and "sound_presence" in pos and not yes_no:
        pos.pop("sound_presence")  # "When does the siren start?": the timing answer covers presence
    if "description" in pos and len(pos) > 1 and re.search(r"\b(?:describe|tell me about)\b", qb) and \
            not re.search(r"\bdescribe (?:the |this )?(?:clip|audio|recording|file|sound|scene)\b", qb):
        pos.pop("description")  # "Describe the mood, ..." asks for the mood, not a general description

    topics = [t for t, _ in sorted(pos.items(), key=lambda kv: (kv[1], TOPICS.index(kv[0])))]
    if not topics:
        topics = ["description"]
    return ParsedQuestion(text=original, topics=topics, sounds=sounds, options=options, option_domain=domain,
                          yes_no=yes_no and not options, languages=[c for _, c in langs], subject=subject,
                          format=fmt)


__all__ = ["ParsedQuestion", "AnswerFormat", "NamedSound", "parse_question", "parse_format", "find_options",
           "find_sounds", "resolve_sound", "TOPICS"]
