"""The slots of a question, read apart from its intent: offered options and their domain, named sounds
(matched to AudioSet classes by synonym or by meaning), named languages, what the question is about
(speech or music), and the part of the clip it asks about ("in the first 10 seconds", "at the end").
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from aural.answer import vocabulary as V
from aural.answer.wording import CARDINALS
from aural.languages import LANGUAGE_NAMES
from aural.listen import ontology
from aural.listen.ontology import class_names

AUX = ("is", "are", "was", "were", "does", "do", "did", "would", "could", "can", "should", "will", "has", "have",
       "had", "may", "might", "am", "isn't", "aren't", "doesn't", "don't", "didn't", "wasn't")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NamedSound(_Model):
    phrase: str
    kind: str = Field(description="'class' (AudioSet classes), 'speech', 'music' or 'silence'")
    labels: list[str] = Field(default_factory=list, description="AudioSet classes the phrase names")
    related: list[str] = Field(default_factory=list, description="a family that still counts as a hit")
    method: str = Field("synonym", description="'synonym', 'embedding', 'domain' or 'none'")
    similarity: float = 1.0



# ---------------------------------------------------------------- options

_ITEM_STOP = {"is", "are", "was", "were", "be", "it", "this", "that", "they", "he", "she", "sound", "sounds",
              "seem", "seems", "as", "to", "like", "more", "mostly", "rather", "either", "say", "you", "would",
              "does", "do", "the", "a", "an", "there", "whether", "if", "between", "closer", "of", "in", "feel",
              "feels", "which", "what", "pick", "choose", "one", "being", "recorded", "here", "so", "very",
              "primarily", "mainly", "mostly", "predominantly", "by", "from", "with", "first", "last", "comes",
              "come", "earlier", "later", "before", "after"}
_ARTICLES = ("a ", "an ", "the ")
_CHOICE_WORDS = r"\b(?:which|whether|choose|pick|select|one of|either|classify)\b"
_CHOICE_CUES = _CHOICE_WORDS + r"|\b(?:options?|rather)\b|:"


def _strip_article(item: str) -> str:
    for a in _ARTICLES:
        if item.startswith(a):
            return item[len(a):]
    return item


def _without_article(item: str) -> str:
    """`item` without a leading article, whatever its case, in its own spelling ('The Siren' -> 'Siren')."""
    return item[len(item) - len(_strip_article(item.lower())):]


_SHARED_HEADS = {"key", "keys", "mode", "tone", "voice", "sound", "sounds", "music", "song", "track", "tempo",
                 "pace", "mood", "instrument", "language", "one", "type", "kind", "style", "genre", "setting",
                 "speaker", "person", "recording", "clip"}


def _known_phrase(words: list[str]) -> bool:
    """A multiword option the vocabulary knows as one thing ('crying baby', 'pouring water')."""
    p = " ".join(w for w in words if w not in ("a", "an", "the"))
    return p in V.SOUND_SYNONYMS or p in V.EMOTION_WORDS or p in V.STYLE_WORDS or p in V.TREND_WORDS


def names_a_sound(phrase: str) -> bool:
    """The phrase names a sound or source plainly (the synonym table, or a close meaning), not a genre or
    a mood of music."""
    m = V.match_sound(phrase)
    if not m.primary or (m.method != "synonym" and m.similarity < NAMES_SOUND_SIM):
        return False
    return not any(ontology.in_group(i, g) for i in m.primary for g in ("Music genre", "Music mood"))


NAMES_SOUND_SIM = 0.75
_DASH = re.compile(r"(?<=\s)[-\u2013\u2014](?=\s)")


def find_options(sentence: str, original: str) -> list[str]:
    """Choices offered in one sentence ('frustrated, neutral, or pleased'), spelled as in `original`.

    `sentence` is the lower-cased sentence with format directives blanked; `original` is the same
    stretch of the question with its own spelling (same length)."""
    sentence = _DASH.sub(":", sentence)  # 'the source of the sound - a, b, or c' leads in like a colon
    lettered = _lettered(original)[0]
    if lettered:
        return lettered
    m = None
    for m in re.finditer(r"\s+or\s+", sentence):
        pass
    if m is None:
        return _listed_options(sentence, original)
    # The last item: from 'or' to the next punctuation.
    tail = re.match(r"([^?.!,;:()]+)", sentence[m.end():])
    if not tail:
        return []
    last_raw = tail.group(1).strip()
    last_words = last_raw.split()
    if not last_words or last_words[0] in ("not", "no", "neither", "nothing", "something") or len(last_words) > 4:
        return []
    # The items before 'or', split on commas and earlier 'or's ('crickets or insects or frogs'), back to a
    # clause boundary.
    head = sentence[:m.start()]
    boundary = max(head.rfind(c) for c in "?.!;:(")
    head_part = head[boundary + 1:]
    cuts = [(x.start(), x.end()) for x in re.finditer(r",|\s+or\s+", head_part)]
    pieces = [(a, b) for a, b in zip([0] + [e for _, e in cuts], [s_ for s_, _ in cuts] + [len(head_part)])]
    k = max(1, len(_strip_article(last_raw).split()))
    items_rev: list[tuple[int, int]] = []  # spans in `sentence`
    after_colon = boundary >= 0 and head[boundary] == ":"
    base = boundary + 1
    for n, (pa, pb) in reversed(list(enumerate(pieces))):
        piece = head_part[pa:pb]
        words = [(mm.start() + base + pa, mm.end() + base + pa, mm.group(0))
                 for mm in re.finditer(r"[\w'#+\-]+", piece)]
        if not words:
            continue
        if len(words) <= 4 and not any(w[2] in AUX or w[2] in ("there",) for w in words) and \
                (n != 0 or after_colon):
            items_rev.append((words[0][0], words[-1][1]))
            k = max(k, len([w for w in words if w[2] not in ("a", "an", "the")]))
        else:
            taken: list[tuple[int, int, str]] = []
            for w in reversed(words):
                if w[2] in _ITEM_STOP or w[2] in AUX or len(taken) >= k:
                    break
                taken.append(w)
            # 'is the main sound crying baby, laughing or coughing': a known phrase longer than the others
            longer = list(taken)
            for w in reversed(words[: len(words) - len(taken)]):
                if w[2] in _ITEM_STOP or w[2] in AUX or len(longer) >= 3:
                    break
                longer.append(w)
                if _known_phrase([x[2] for x in reversed(longer)]):
                    taken = list(longer)
            while len(taken) > 1 and taken[-1][2] in _SHARED_HEADS:   # 'is the music fast, slow...'
                taken.pop()
            if taken:
                items_rev.append((taken[-1][0], taken[0][1]))
            break
    if not items_rev:
        return []
    spans = list(reversed(items_rev))
    last_start = m.end() + tail.start(1) + (len(tail.group(1)) - len(tail.group(1).lstrip()))
    spans.append((last_start, last_start + len(last_raw)))
    out: list[str] = []
    for a, b in spans:
        text = _without_article(original[a:b].strip()).strip(" '\"")
        if text and text.lower() not in (o.lower() for o in out):
            out.append(text)
    if not 2 <= len(out) <= 8:
        return []
    # "a major or a minor key": a head noun after the last item belongs to all of them, not to the last.
    last = out[-1].split()
    if len(last) == 2 and last[1].lower() in _SHARED_HEADS and all(len(o.split()) == 1 for o in out[:-1]):
        out[-1] = last[0]
    # Outside a yes/no-style or 'which' question an 'or' is a choice only when the items are of one kind
    # ("What key, major or minor?"), not in "What genre or style is this?"; three or more plainly named
    # sounds are a choice too ("What kind of sound is this, crickets or insects or frogs?").
    starts_aux = sentence.strip().split(" ", 1)[0] in AUX
    if not (starts_aux or re.search(_CHOICE_CUES, sentence)) and option_domain(out, None) == "sound" and \
            not (len(out) >= 3 and all(names_a_sound(o) for o in out)):
        return []
    return out


# '(A) vacuum cleaner (B) washing machine', 'a) snoring b) breathing', 'A. dog B. cat', '1) x 2) y'
_LETTER = re.compile(r"(?:(?<=\s)|^)(?:\(\s*(?P<a>[A-Ha-h1-8])\s*\)|(?P<b>[A-Ha-h1-8])\s*[).:])\s+")


def option_letters(text: str) -> list[str]:
    """The letters or numbers of lettered options ('A', 'B', ...; '1', '2', ...), as written; [] if unlettered."""
    return _lettered(text)[1]


def _lettered(text: str) -> tuple[list[str], list[str]]:
    """(items, their letters) of the first run of marks from 'a' or '1' on, each the next in order."""
    marks = list(_LETTER.finditer(text))
    for start in range(len(marks)):
        run = [marks[start]]
        for x in marks[start + 1:]:
            prev = run[-1].group("a") or run[-1].group("b")
            cur = x.group("a") or x.group("b")
            if ord(cur.lower()) == ord(prev.lower()) + 1:
                run.append(x)
        first = run[0].group("a") or run[0].group("b")
        if len(run) < 2 or first.lower() not in ("a", "1"):
            continue
        items = []
        for i, x in enumerate(run):
            end = run[i + 1].start() if i + 1 < len(run) else len(text)
            item = re.split(r"[?.!;\n]|\s+(?=(?:answer|reply|respond|please|give|choose|pick|select|only)\b)",
                            text[x.end():end], flags=re.I)[0].strip(" ,'\"")
            items.append(_without_article(item))
        if all(items) and all(len(i.split()) <= 4 for i in items):
            return items, [x.group("a") or x.group("b") for x in run]
    return [], []


_LIST_CUE = re.compile(r"\b(?:options?|choices?|choose from|pick from|select from|"
                       r"one of(?: these| the following)?)\s*:?\s+(?P<list>[^?.!;()]+)")
_COLON_LIST = re.compile(r":\s*(?P<list>[^?.!;:()]+)")
_BRACKET_LIST = re.compile(r"\((?P<list>[^()?.!;]+)\)")
_REQUEST = re.compile(r"\s*(?:please\s+)?(?:describe|tell|list|summari[sz]e|give|name|mention|explain|report)\b")
_SLASH_LIST = re.compile(r"(?P<list>[\w'\-]+(?:\s*/\s*[\w'\-]+){2,})")


def _split_items(raw: str) -> list[str]:
    items = [i.strip(" '\"") for i in re.split(r"\s*(?:,|/|\band\b)\s*", raw) if i.strip(" '\"")]
    return [_without_article(i) for i in items]


def _listed_options(sentence: str, original: str) -> list[str]:
    """Choices listed without an 'or': after a cue ('Options: chainsaw, vacuum cleaner, helicopter.'), after a
    colon ('Which emotion does the speaker express: angry, calm, happy, sad?'), in brackets ('(angry /
    happy / sad)') or joined by slashes ('angry/happy/sad'). A colon, bracket or slash list counts only with
    three or more short items that either follow a choice word or are all of one known kind (emotions,
    languages, places...): 'Describe it: mood, tempo, instruments.' asks for all three, not one of them."""
    if _REQUEST.match(sentence) and not re.search(_CHOICE_WORDS, sentence):
        # 'Describe what you hear: background sounds, speech and music.' asks for all of them
        return []
    for pattern, cued in ((_LIST_CUE, True), (_COLON_LIST, False), (_BRACKET_LIST, False), (_SLASH_LIST, False)):
        for m in pattern.finditer(sentence):
            a = m.start("list")
            items = _split_items(original[a:m.end("list")])
            if not 2 <= len(items) <= 8 or any(len(i.split()) > 3 for i in items):
                continue
            if not cued:
                before = sentence[:m.start()]
                if len(items) < 3 or any(i.lower().split()[0] in AUX or i.lower() in _ITEM_STOP for i in items):
                    continue
                if not re.search(_CHOICE_CUES.removesuffix("|:") + r"|\b(?:what|is|are|does|do)\b", before):
                    continue
                if option_domain(items, None) == "sound" and not re.search(_CHOICE_WORDS, before):
                    continue
            return items
    return []


def option_domain(options: list[str], subject: str | None) -> str:
    """Which evidence the options are about."""
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
        ("age", share(lambda o: o in V.AGE_WORDS)),
        ("live", share(lambda o: o in V.LIVE_WORDS)),
        ("intonation", share(lambda o: o in V.INTONATION_WORDS)),
        ("style", share(lambda o: o in V.STYLE_WORDS)),
        ("trend", share(lambda o: o in V.TREND_WORDS)),
        ("reverb", share(lambda o: o in V.REVERB_WORDS)),
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
    r"\b(?:at\s+)?(?:what|which)\s+(?:time|point|second|moment|timestamp)\s+(?:does|do|did|is|are|was|were)\s+(?:the\s+|a\s+|an\s+)?"
    + _X + r"(?=\s+(?:start|begin|happen|occur|appear|stop|end|play|come in|kick in|sound|go off|heard|audible|"
    r"start playing|fade|finish|enter)\b)",
    r"\bhow long\s+(?:does|do|is|are|was)\s+(?:the\s+|a\s+|an\s+)?" + _X +
    r"(?=\s+(?:last|play|go on|sound|heard|audible)\b|\s*\?)",
    r"\bis (?:it|there) (?P<x>raining|snowing|thundering|storming|windy)\b",
    _DOING,
    r"\b(?:presence of|detect(?:ed)?|hear(?:d)?|hearing)\s+(?:any\s+|a\s+|an\s+|the\s+|some\s+)?" + _X + _X_END,
    # counts: "how many times does the dog bark", "how many times does it beep", "how many knocks", "count the claps"
    r"\bhow many times\s+(?:does|do|did|is|are|was|were|will|can)\s+(?:you hear\s+)?(?:the\s+|a\s+|an\s+|that\s+|"
    r"this\s+)?(?P<x>(?!it\b|they\b|he\b|she\b|someone\b|somebody\b|something\b|you\b)[a-z' -]+?)"
    r"(?=\s+[a-z]+\s*(?:[?.!,;]|$))",
    r"\bhow many times\s+(?:does|do|did|will)\s+(?:it|they|he|she|someone|somebody|something)\s+(?P<x>[a-z]+)\b",
    r"\bhow many\s+(?P<x>(?!times\b|speakers?\b|people\b|persons?\b|voices?\b|words?\b|instruments?\b|languages?\b|"
    r"seconds?\b|minutes?\b|sentences?\b|beats per\b|bpm\b|different\b|distinct\b|separate\b|kinds?\b|types?\b)"
    r"[a-z' -]+?)"
    r"(?=\s+(?:are|were|is|do|does|did|can|could|in|at|there|you|occur|happen|go|ring|sound|heard)\b|\s*[?.!,;]|$)",
    r"\b(?:count|number of)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:number of\s+)?(?P<x>(?!speakers?\b|people\b|words?\b|"
    r"voices?\b)[a-z' -]+?)(?=\s*[?.!,;]|\s+(?:in|you|there|that)\b|$)",
    # order: "does the beeping come before the siren", "what happens after the siren"
    r"\b(?:does|do|did|is|was)\s+(?:the\s+|a\s+|an\s+)?(?P<x>[a-z' -]+?)\s+(?:come|start|happen|occur|play|begin|"
    r"appear|sound)s?\s+(?:before|after|first|earlier|later)\b",
    r"\b(?:before|after)\s+(?:the\s+|a\s+|an\s+)?(?P<x>(?!that\b|this\b|it\b)[a-z' -]+?)(?=\s*[?.!,;]|\s+(?:starts?|begins?|"
    r"ends?|stops?|comes?|is heard|plays?)\b|$)",
]
# "Does the dog bark?", "does someone knock three times?", "did the alarm go off?": a sound named by what
# makes it and the sound it makes (after the patterns above, which name it more plainly when they can). A
# person's voice ('does he shout?', 'does the speaker laugh?') is left to the voice's own questions.
_VOICE_VERBS = r"cry|laugh|cheer|cough|sneeze|snore|scream|shout|sigh|whine|yelp|sing|speak|talk|whisper"
_THING_VERBS = (r"bark|ring|beep|bleep|knock|honk|chirp|tweet|meow|moo|buzz|crash|clap|bang|explode|whistle|"
                r"squeak|creak|drip|roar|growl|howl|hiss|applaud|slam|thunder|rumble|chime|tick|click|splash|"
                r"purr|quack|crow|neigh|bleat|go off|tap|hammer|squeal|screech|sizzle|gurgle|flush|ding|toll|"
                r"hoot|croak|vibrate")
_PEOPLE = r"(?:he|she|they|you|i|we|it|speaker|person|man|woman|guy|girl|boy|narrator|singer|host|someone|somebody)"
_SOUND_PATTERNS += [
    r"\b(?:does|did|do|will|can|could)\s+(?:the|a|an|any|that|this)\s+(?P<x>(?:(?!" + _PEOPLE + r"\b)[a-z]+\s+){1,2}"
    r"(?:" + _THING_VERBS + "|" + _VOICE_VERBS + r"))\b",
    r"\b(?:does|did|do|will|can|could)\s+(?:it|someone|somebody|anyone|anybody)\s+(?P<x>" + _THING_VERBS + r")\b",
    # "does the siren last longer than 10 seconds?"
    r"\b(?:does|did|do|will)\s+(?:the|a|an|that|this)\s+(?P<x>(?:(?!" + _PEOPLE + r"\b)[a-z]+\s+){0,1}[a-z]+)\s+"
    r"(?:last|go on|continue|keep going)\b",
]
_VERB_TAIL = re.compile(r"\s+(?:sound|sounds|noise|noises|somewhere|present|go off)$")


def _split_sounds(x: str) -> list[str]:
    x = _VERB_TAIL.sub("", x.strip())
    x = re.sub(r"^(?:(?:a lot of|lots of|lot of|plenty of|much|any|some|this|that|the|a|an|each|every|all(?: the)?)"
               r"\s+)+", "", x)
    parts = re.split(r"\s*(?:,|\bor\b|\band\b|/)\s*", x)
    skip = ("not", "no", "none", "nothing else", "it", "they", "that", "this", "them", "those", "these", "one",
            "each", "every", "each one", "all", "everything", "different", "distinct", "separate",
            "he", "she", "there", "anything", "something", "clip", "audio", "recording", "track", "file", "video",
            "sample", "song", "piece", "whole thing", "whole clip", "entire clip", "point", "time", "moment",
            "stage", "part", "end", "start", "beginning", "runtime", "length")
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
    names = class_names()
    match = V.match_sound(phrase)
    return NamedSound(phrase=phrase, kind="class", labels=[names[i] for i in match.primary],
                      related=[names[i] for i in match.related], method=match.method,
                      similarity=match.similarity)


def subject_of(q: str) -> str | None:
    speaker = re.search(V.SPEAKER_WORDS, q)
    music = re.search(V.MUSIC_WORDS, q)
    if speaker and not music:
        return "speech"
    if music and not speaker:
        return "music"
    if speaker and music:
        return "speech" if speaker.start() < music.start() else "music"
    return None


def languages_in(q: str) -> list[tuple[int, str]]:
    out = []
    for code, name in LANGUAGE_NAMES.items():
        m = re.search(r"\b" + re.escape(name.lower()) + r"\b", q)
        if m:
            out.append((m.start(), code))
    return sorted(out)




_SECONDS = r"(\d+(?:\.\d+)?)\s*(?:s\b|sec\w*|seconds?)"
_CLOCK = r"(\d+):(\d{2})"
# Only the words `_window_match`'s pattern matches are ever looked up.
_NUMW = CARDINALS | {"a few": 3, "few": 3}


def _t(m: str) -> float:
    if ":" in m:
        a, b = m.split(":")
        return int(a) * 60 + int(b)
    return float(_NUMW.get(m, m))


def _window_match(q: str) -> tuple[tuple[str, float | None, float | None], tuple[int, int]] | None:
    """The part of the clip a question is about and where the question says it."""
    num = r"(\d+(?:\.\d+)?|one|two|three|four|five|ten|fifteen|twenty|thirty|a few|few)"
    m = re.search(r"\b(?:in |during |within |over )?the (first|opening|last|final) " + num +
                  r"\s*(?:s\b|secs?\b|seconds?\b|minutes?\b)", q)
    if m:
        n = _t(m.group(2)) * (60 if "minute" in m.group(0) else 1)
        return (("first", 0.0, n) if m.group(1) in ("first", "opening") else ("last", None, n)), m.span()
    unit = r"(?:\s*(?:s\b|secs?\b|seconds?\b))?"
    m = re.search(r"\b(?:between|from) " + r"(\d+:\d{2}|\d+(?:\.\d+)?)" + unit + r"\s+(?:and|to|until|till|-)\s+" +
                  r"(\d+:\d{2}|\d+(?:\.\d+)?)" + unit, q)
    if m:
        return ("range", _t(m.group(1)), _t(m.group(2))), m.span()
    m = re.search(r"\b(?:after|from|past|since) (\d+:\d{2}|\d+(?:\.\d+)?\s*(?:s\b|sec\w*|seconds?))", q)
    if m:
        return ("range", _t(re.sub(r"[^\d:.]", "", m.group(1))), None), m.span()
    m = re.search(r"\b(?:before|until|up to) (\d+:\d{2}|\d+(?:\.\d+)?\s*(?:s\b|sec\w*|seconds?))", q)
    if m:
        return ("range", 0.0, _t(re.sub(r"[^\d:.]", "", m.group(1)))), m.span()
    m = re.search(r"\bat (\d+:\d{2})", q)
    if m:
        t = _t(m.group(1))
        return ("range", max(0.0, t - 1.0), t + 1.0), m.span()
    for kind, pat in (("half2", r"\b(?:in |during )?the second half(?: of (?:the |this )?(?:clip|audio|recording|track|song))?\b"),
                      ("half1", r"\b(?:in |during )?the first half(?: of (?:the |this )?(?:clip|audio|recording|track|song))?\b")):
        m = re.search(pat, q)
        if m:
            return (kind, None, None), m.span()
    return None


def find_window(q: str) -> tuple[str, float | None, float | None] | None:
    """The part of the clip a question is about: ('first' | 'last' | 'range' | 'half1' | 'half2', a, b) in
    seconds (a clock or a plain number of seconds)."""
    hit = _window_match(q)
    return hit[0] if hit else None


def blank_window(q: str) -> str:
    """The question with its window phrase ('in the first 10 seconds') blanked, so it is not read as content."""
    hit = _window_match(q)
    if not hit:
        return q
    return blank(q, hit[1])


def blank(q: str, span: tuple[int, int]) -> str:
    """`q` with `span` turned to spaces (offsets into it stay valid)."""
    a, b = span
    return q[:a] + " " * (b - a) + q[b:]





def resolve_window(w: tuple[str, float | None, float | None] | None, duration: float) -> tuple[float, float] | None:
    """A window from find_window as (start, end) seconds inside a clip of `duration`."""
    if w is None:
        return None
    kind, a, b = w
    if kind == "first":
        return 0.0, min(duration, b or duration)
    if kind == "last":
        return max(0.0, duration - (b or duration)), duration
    if kind == "half1":
        return 0.0, duration / 2
    if kind == "half2":
        return duration / 2, duration
    return (a or 0.0), min(duration, b if b is not None else duration)


__all__ = ["NamedSound", "AUX", "find_options", "option_domain", "find_sounds", "resolve_sound", "subject_of",
           "languages_in", "find_window", "blank_window", "blank", "resolve_window"]
