"""The learned intent model: committed weights, the held-out split, clause splitting, contrast cases."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter

import numpy as np
import pytest

from aural.answer import embedder
from aural.answer import intents as I
from aural.answer.question import parse_format

pytestmark = pytest.mark.skipif(not embedder.available(), reason="the MiniLM embedder wheel is not installed")


def _rows(name: str) -> list[tuple[str, list[str]]]:
    with (I.DATA / name).open(newline="") as fh:
        return [(r["text"], r["intents"].split("+")) for r in csv.DictReader(fh, delimiter="\t")]


def ask(text: str) -> list[str]:
    return [h.intent for h in I.intents_of(parse_format(text.lower())[1])]


def test_the_contract() -> None:
    assert len(I.INTENTS) == 48 and list(I.INTENTS)[:3] == ["description", "main_sound", "sound_presence"]
    rec = I.record()
    assert rec["intents"] == list(I.INTENTS)
    with np.load(I.WEIGHTS) as z:
        assert z["b_out"].shape == (48,)
        assert z["w_out"].shape[1] == 48
    ranked = I.classify("what language is spoken")
    assert len(ranked) == 48 and ranked[0][0] == "language"
    assert abs(sum(p for _, p in ranked) - 1) < 1e-4
    assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)
    assert I.intents_of("   ")[0].intent == "description"


def test_weights_match_the_corpus_they_were_trained_on() -> None:
    rec = I.record()
    train = I.DATA / "questions_train.tsv"
    assert rec["train_corpus"]["sha256"] == hashlib.sha256(train.read_bytes()).hexdigest()
    assert rec["train_corpus"]["rows"] >= 3000
    assert rec["embedder"].startswith(embedder.DIST)
    assert rec["test"]["corpus_sha256"] == hashlib.sha256((I.DATA / "questions_test.tsv").read_bytes()).hexdigest()


def test_every_intent_has_ten_held_out_questions() -> None:
    rows = _rows("questions_test.tsv")
    assert len(rows) >= 600
    counts = Counter(x for _, labels in rows for x in labels)
    assert set(counts) <= set(I.INTENTS)
    assert {n: counts[n] for n in I.INTENTS if counts[n] < 10} == {}


def test_held_out_accuracy() -> None:
    """Whole-question exact match of the intent sequence on the hand-written held-out split, as the answer
    layer reads questions: the intent model on the question with its format and time-window phrases
    blanked (`parse_question`), the model's own figure being in the check record."""
    from aural.answer.question import parse_question
    from aural.answer.slots import blank_window

    rows = _rows("questions_test.tsv")
    I.prime([blank_window(parse_format(text.lower())[1]) for text, _ in rows])  # one batched embedder pass
    right = sum(parse_question(text).intents == labels for text, labels in rows)
    assert right / len(rows) >= 0.95, f"{right}/{len(rows)}"


@pytest.mark.parametrize("text,want", [
    ("What is the main sound? Answer in a few words.", ["main_sound"]),
    ("What is the main sound in this clip? Answer in a few words.", ["main_sound"]),
    ("Describe the audio in a few words.", ["description"]),
    ("Which language is the speaker using?", ["language"]),
    ("how many words does he say", ["word_count"]),
    ("does the dog bark more than twice", ["event_count"]),
    ("Is it indoors or outdoors?", ["indoor_outdoor"]),
    ("Is there a siren, and what language is spoken?", ["sound_presence", "language"]),
    ("Is the speaker frustrated, neutral, or pleased? One word, then a one-sentence justification.", ["emotion"]),
    ("Does the speaker sound sarcastic?", ["limit_sarcasm"]),
    ("What decade does this music sound like?", ["era"]),
])
def test_contrast_cases(text: str, want: list[str]) -> None:
    assert ask(text) == want


def test_split_clauses_keeps_options_and_offsets() -> None:
    text = "is there a siren, and what language is spoken?"
    clauses = I.split_clauses(text)
    assert [c for _, c in clauses] == ["is there a siren", "what language is spoken"]
    assert all(text[a:a + len(c)] == c for a, c in clauses)
    assert [c for _, c in I.split_clauses("is it indoors or outdoors?")] == ["is it indoors or outdoors"]
    assert [c for _, c in I.split_clauses("is she happy, sad or angry?")] == ["is she happy, sad or angry"]
    assert [c for _, c in I.split_clauses("can you tell me, what is the main sound")] == \
        ["can you tell me, what is the main sound"]
    hits = I.intents_of("describe the mood, the instruments, the tempo and any background sounds")
    assert [h.intent for h in hits] == ["music_mood", "instruments", "tempo", "sound_list"]
