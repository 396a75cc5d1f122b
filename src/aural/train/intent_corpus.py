"""The training question corpus for the intent model: `python -m aural.train.intent_corpus`.

Writes src/aural/answer/data/questions_train.tsv (columns `text`, `intents`; several intents are joined
by '+' in the order they are asked). The corpus is generated, deterministically (fixed seed), from
hand-written paraphrase templates per intent, slot fillers (sounds, instruments, languages, emotions,
options, parts of the clip), polite wrappers, format directives, typos and the shorthand people type
("whats", "wat", "u"), two questions joined in one, and a list of contrast cases that trip keyword rules.

The held-out split (questions_test.tsv) is NOT generated: it was written by hand, separately, with
different wording, and is never read here.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections.abc import Callable
from pathlib import Path

from aural.train.intent_templates import (BARE, CONTRAST, CONTRAST2, CONTRAST3, DIRECTIVES, ENUM_HEADS, JOINS,
                                          PARTS, POLITE, S, S2, SHORTHAND, T, T2, T3)

SEED = 1913
CORPUS_VERSION = "3"
OUT = Path(__file__).resolve().parents[1] / "answer" / "data" / "questions_train.tsv"


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1:]                       # a dropped letter
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # two letters swapped
    if kind == 2:
        return word[:i] + word[i] + word[i:]                  # a doubled letter
    return word[:i] + rng.choice("aeiosnrt") + word[i + 1:]  # a wrong letter


def noisy(text: str, rng: random.Random) -> str:
    for pat, alts in SHORTHAND:
        if re.search(pat, text) and rng.random() < 0.3:
            text = re.sub(pat, rng.choice(alts), text, count=1)
    if rng.random() < 0.25:
        words = text.split(" ")
        j = rng.randrange(len(words))
        words[j] = typo(words[j], rng)
        text = " ".join(words)
    return text


def fill(template: str, rng: random.Random) -> str:
    cp = rng.choice(S["count_pair"])
    noun = rng.choice(S["count_noun"])

    def one(m: re.Match[str]) -> str:
        key = m.group(1)
        if key == "cp_subj":
            return cp[0]
        if key == "cp_verb":
            return cp[1]
        if key == "count_noun":
            return noun
        if key == "count_noun_sing":
            return noun[:-1] if noun.endswith("s") else noun
        return rng.choice(S[key] if key in S else S2[key])

    return re.sub(r"\{(\w+)\}", one, template)


def dress(core: str, rng: random.Random, directive: bool = True, part: bool = True) -> str:
    """A question core with the wrappers people put around it."""
    text = core
    r = rng.random()
    if part and r < 0.12:
        text = f"{rng.choice(PARTS)} {text}" if rng.random() < 0.5 else f"{text} {rng.choice(PARTS)}"
    if rng.random() < 0.22:
        p = rng.choice(POLITE)
        text = f"{p} {text}" if rng.random() < 0.6 else f"{p}, {text}"
    end = rng.choice(["?", "?", "", "", "", ".", "??", " ?"])
    text = text + end
    if directive and rng.random() < 0.2:
        d = rng.choice(DIRECTIVES)
        sep = rng.choice([" ", ", ", ". ", " - ", "? "])
        text = f"{text.rstrip('?.')}{sep}{d}" if rng.random() < 0.8 else f"{d}: {text}"
    if rng.random() < 0.15:
        text = text[0].upper() + text[1:]
    return noisy(text, rng)


def generate(n_single: int = 70, n_multi: int = 900, seed: int = SEED) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(text: str, label: str) -> None:
        text = re.sub(r"\s+", " ", text).strip()
        if text and text not in seen:
            seen.add(text)
            rows.append((text, label))

    names = list(T)
    for intent in names:
        temps = T[intent]
        for k in range(n_single):
            add(dress(fill(temps[k % len(temps)], rng), rng), intent)
    for text, label in CONTRAST:
        add(text, label)
        for _ in range(2):
            add(dress(text.rstrip("?."), rng, directive=False, part=False), label)
    for _ in range(n_multi):
        a, b = rng.sample(names, 2)
        qa = fill(rng.choice(T[a]), rng)
        qb = fill(rng.choice(T[b]), rng)
        join = rng.choice(JOINS)
        if join.startswith("?") or join.startswith("."):
            text = qa + join + qb
        else:
            text = qa + join + qb
        add(dress(text, rng, part=False), f"{a}+{b}")
    for _ in range(150):  # enumerations of topics
        k = rng.choice([2, 3, 3, 4])
        picks = rng.sample(list(BARE), k)
        items = [rng.choice(BARE[p]) for p in picks]
        head = rng.choice(ENUM_HEADS)
        body = ", ".join(items[:-1]) + rng.choice([", and ", " and ", ", "]) + items[-1]
        add(dress(f"{head} {body}", rng, part=False), "+".join(picks))
    extra(add, seed)
    rng.shuffle(rows)
    return rows


def extra(add: Callable[[str, str], None], seed: int, reps: int = 3, n_multi: int = 450) -> None:
    """Round 2 (corpus version 2): T2's phrasings, CONTRAST2, and two-question joins drawing on T and T2,
    from their own random stream (the version-1 rows above are unchanged)."""
    rng = random.Random(seed + 2)
    for intent, temps in T2.items():
        for template in temps:
            for _ in range(reps):
                add(dress(fill(template, rng), rng), intent)
    for text, label in CONTRAST2:
        add(text, label)
        for _ in range(2):
            add(dress(text.rstrip("?."), rng, directive=False, part=False), label)
    names = list(T)
    pool = {n: T[n] + T2.get(n, []) for n in names}
    for _ in range(n_multi):
        a, b = rng.sample(names, 2)
        qa, qb = fill(rng.choice(pool[a]), rng), fill(rng.choice(pool[b]), rng)
        add(dress(qa + rng.choice(JOINS) + qb, rng, part=False), f"{a}+{b}")
    # round 3 (corpus version 3), from its own random stream again
    rng = random.Random(seed + 3)
    for intent, temps in T3.items():
        for template in temps:
            for _ in range(reps):
                add(dress(fill(template, rng), rng), intent)
    for text, label in CONTRAST3:
        add(text, label)
        for _ in range(2):
            add(dress(text.rstrip("?."), rng, directive=False, part=False), label)
    pool = {n: T[n] + T2.get(n, []) + T3.get(n, []) for n in names}
    for _ in range(250):
        a, b = rng.sample(names, 2)
        qa, qb = fill(rng.choice(pool[a]), rng), fill(rng.choice(pool[b]), rng)
        add(dress(qa + rng.choice(JOINS) + qb, rng, part=False), f"{a}+{b}")


def write(rows: list[tuple[str, str]], path: Path = OUT) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(["text", "intents"])
        w.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = generate()
    write(rows, args.out)
    print(f"{len(rows)} questions -> {args.out}")


if __name__ == "__main__":
    main()
