"""Format directives: how the answer must look, read apart from what is asked.

`parse_format(q)` finds "one word", "in two sentences", "in a few words", "briefly", "as a list", "as JSON",
"then a justification" in a lower-cased question and blanks them out, so no directive is read as content
("in a few words" never asks for a transcript) and no content word is read as a directive.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from aural.answer.wording import CARDINALS

# Only the words _NUM_RE matches are ever looked up.
_NUM = CARDINALS | {"a": 1, "a single": 1, "single": 1}
_NUM_RE = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty" \
          r"|a single|single|a)"
FEW_WORDS = 8  # "in a few words": at most this many


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
    few_words: bool = Field(False, description="'in a few words', 'in a phrase': a short phrase, no sentence")
    yes_no: bool = Field(False, description="'answer yes or no' was asked")
    letter: bool = Field(False, description="'answer with the letter': the offered option's letter or number")



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
    for m in re.finditer(r"\b(?:(?:answer|reply|respond)\s+(?:with|using)\s+)?(?:only\s+|just\s+)?(?:the\s+)?"
                         r"(?:correct\s+)?(?:option\s+)?(?:letter|number)(?:\s+(?:only|of the (?:correct\s+)?"
                         r"(?:option|answer|choice)))?\b(?=[^?]*$)", q):
        if re.search(r"\b(?:answer|reply|respond|give|only|just)\b", m.group(0) + q[max(0, m.start() - 12):m.start()]):
            fmt.letter = True
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
        if _counts_words(q, m.start(1)):
            continue
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
    for m in re.finditer(r"\b(?:(?:answer|reply|respond|say it|tell me|describe it)\s+)?(?:in|with|using)\s+"
                         r"(?:just\s+|only\s+)?(?:a few|few|a couple of|a couple|one or two|two or three|a handful of)"
                         r"\s+words?\b|\bin a (?:short )?phrase\b|\bas a (?:short )?phrase\b|\bfew words\b", q):
        fmt.few_words = True
        fmt.max_words = fmt.max_words or FEW_WORDS
        take(m)
    for m in re.finditer(r"\b(?:(?:please|pls|plz)\s+)?(?:keep (?:it|the answer|your answer) (?:short|brief|concise)"
                         r"(?: and (?:simple|sweet))?|be (?:brief|concise|quick)|briefly|concisely|in short|"
                         r"(?:give me |just )?(?:a )?(?:short|brief|quick|concise) (?:answer|reply|response|version)|"
                         r"short and sweet|tl;?dr|in one line|one-liner)\b", q):
        fmt.brief = True
        if m.group(0).strip() in ("in one line", "one-liner"):
            fmt.sentences = 1
        take(m)
    for m in re.finditer(r"\b(?:(?:please\s+)?(?:answer|reply|respond)(?: with| in)?[:\s]+)?(?:a\s+)?"
                         r"(?:yes or no|yes/no|yes-or-no|true or false)(?:\s+(?:answer|question|only|please))?\b", q):
        fmt.yes_no = True
        take(m)
    for m in re.finditer(r"\b(?:(?:and|then|please)\s+)?(?:explain (?:why|your reasoning|your answer|briefly)|"
                         r"justify (?:it|that|your answer|the answer)|give (?:a|your|the) reasons?|"
                         r"with (?:a )?reasons?|and why|say why|tell me why)\b", q):
        fmt.justification = True
        fmt.justification_sentences = fmt.justification_sentences or 1
        take(m)
    if re.search(r"\b(?:brief|concise|quick)\b", "".join(" " if any(a <= i < b for a, b in spans) else ch
                                                        for i, ch in enumerate(q))) and fmt.sentences is None:
        fmt.brief = True
    blanked = list(q)
    for a, b in spans:
        blanked[a:b] = " " * (b - a)
    return fmt, "".join(blanked)


# "Does the speaker say fewer than ten words?" asks about the clip; "describe it in under ten words" and
# "summarise it, ten words max" limit the answer.
_COMPARED = re.compile(r"\b(?:more|fewer|less|greater|over|above|under|below|at least|at most|exactly|"
                       r"no more|no fewer|no less)(?:\s+than)?\s*$")
_LIMIT_CUE = re.compile(r"\b(?:in|with|using|within|answer|reply|respond|keep (?:it|the answer|your answer))\s+"
                        r"(?:(?:no more|fewer|less) than|under|below|at most|max(?:imum)?|up to)?\s*$")
_ASKS = re.compile(r"^\s*(?:does|do|did|is|are|was|were|has|have|had|can|could|will|would|how many)\b")


def _counts_words(q: str, at: int) -> bool:
    """Whether the 'N words' whose number starts at `at` is compared in a question about the clip rather
    than a limit on the answer."""
    lead = q[:at]
    clause = re.split(r"[.?!;:]", lead)[-1]
    return bool(_COMPARED.search(lead)) and not _LIMIT_CUE.search(lead) and bool(_ASKS.search(clause))


def _num(word: str) -> int:
    word = word.strip()
    return int(word) if word.isdigit() else _NUM.get(word, 1)



__all__ = ["AnswerFormat", "parse_format", "FEW_WORDS"]
