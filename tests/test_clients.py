"""The clients people already have, against a real `aural serve` on loopback, unchanged:
- watch-cli: the exact curl requests its audio-q, transcribe and models scripts send, read the way they
  read them (`.answer`, `.error.message`, the text body, the jq filter on /v1/models, `.aliases`);
- the OpenAI Python SDK: transcriptions in every format with word and segment timestamps, translations,
  models.list and models.retrieve."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterator

import httpx
import openai
import pytest

from aural.billing.pricing import usd_to_micros

from api_server import funded_ledger, start_server, stop_server
from client_clips import make_clips, needs_tools, words

pytestmark = [needs_tools, pytest.mark.skipif(shutil.which("curl") is None, reason="curl is needed")]

UA = "watch-cli/0.2.0"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    d = tmp_path_factory.mktemp("clients")
    db = d / "aural.db"
    ledger, key = funded_ledger(db, "watcher", usd_to_micros("1"))
    ledger.create_account("broke")
    _, broke = ledger.create_key("broke")
    ledger.create_account("gated", audio_enabled=False)
    ledger.add_credit("gated", usd_to_micros("1"))
    _, gated = ledger.create_key("gated")
    env = {**os.environ, "AURAL_DATABASE_URL": f"sqlite:///{db}", "AURAL_PRELOAD_MODELS": "0",
           "AURAL_RATE_LIMIT_PER_MINUTE": "0"}
    proc, base = start_server(env)
    try:
        yield {"base": base, "key": key, "broke": broke, "gated": gated, "ledger": ledger, "clips": make_clips(d)}
    finally:
        stop_server(proc)


# ---------------------------------------------------------------- watch-cli


def curl_status_body(args: list[str], url: str, key: str) -> tuple[int, str]:
    """watch-cli's call: `curl -sS -X POST -w "%{http_code}" -o /dev/stdout ...`, status split off the end."""
    out = subprocess.run(["curl", "-sS", "-X", "POST", "-w", "%{http_code}", "-o", "/dev/stdout", "--max-time", "300",
                          "-H", f"Authorization: Bearer {key}", "-H", f"User-Agent: {UA}", *args, url],
                         capture_output=True, text=True, timeout=320)
    assert out.returncode == 0, out.stderr
    return int(out.stdout[-3:]), out.stdout[:-3]


def audio_q(served: dict, clip: Path, question: str, key: str | None = None) -> tuple[int, dict]:
    """bin/audio-q in kyma mode."""
    status, body = curl_status_body(["-F", f"file=@{clip};type=audio/mpeg", "-F", "model=audio-understand",
                                     "-F", f"question={question}", "-F", "duration_sec=9"],
                                    served["base"] + "/v1/audio/understand", key or served["key"])
    return status, json.loads(body)


def transcribe(served: dict, clip: Path, language: str | None = None, key: str | None = None,
               model: str = "transcribe") -> tuple[int, str]:
    """bin/transcribe in kyma mode (`model=` is what it sends; other values test the error path)."""
    args = ["-F", f"file=@{clip}", "-F", f"model={model}", "-F", "response_format=text"]
    if language:
        args += ["-F", f"language={language}"]
    return curl_status_body(args, served["base"] + "/v1/audio/transcriptions", key or served["key"])


def test_watch_cli_audio_q_names_the_siren(served: dict) -> None:
    status, body = audio_q(served, served["clips"]["siren"], "What background sounds can you hear?")
    assert status == 200, body
    assert "siren" in body["answer"].lower()  # jq -r '.answer // empty'
    assert body["billing"]["duration_source"] == "caller_hint" and body["billing"]["billable_minutes"] == 1


def test_watch_cli_audio_q_bad_file_reads_error_message(served: dict) -> None:
    status, body = audio_q(served, served["clips"]["text"], "What is this?")
    assert status == 400 and "not a readable audio file" in body["error"]["message"]  # jq '.error.message'


def test_watch_cli_transcribe_spanish_with_language(served: dict) -> None:
    before = served["ledger"].get_account("watcher").balance_micros
    status, text = transcribe(served, served["clips"]["spanish"], "es")
    assert status == 200, text
    heard = words(text)
    # espeak-ng's Spanish through Whisper base: the sentence comes back in Spanish, word for word but a
    # word or two ("Buenos días" can come back as "Bueno, sí"; "tradiciones" as "camiones").
    assert "todos" in heard and "hoy vamos a hablar de la comida espanola" in heard, text
    assert not text.lstrip().startswith("{")  # the body is the text itself, echoed as is
    assert served["ledger"].get_account("watcher").balance_micros == before - 324  # one minute of transcribe


def test_watch_cli_transcribe_without_language(served: dict) -> None:
    status, text = transcribe(served, served["clips"]["english"])
    assert status == 200, text
    assert "quarterly report" in words(text), text


def test_watch_cli_zero_credit_gets_402_whatever_the_model(served: dict) -> None:
    for model in ("transcribe", "whisper-1", "no-such-model", "gemini-3-flash-audio"):
        status, body = transcribe(served, served["clips"]["spanish"], "es", key=served["broke"], model=model)
        assert status == 402, (model, body)
        assert json.loads(body)["error"]["code"] == "billing_error"
    status, body = audio_q(served, served["clips"]["siren"], "Is there a siren?", key=served["broke"])
    assert status == 402 and body["error"]["code"] == "billing_error"


def test_hosted_sku_names_say_which_name_to_use(served: dict) -> None:
    status, body = transcribe(served, served["clips"]["spanish"], model="whisper-v3-turbo")
    error = json.loads(body)["error"]
    assert status == 400 and error["code"] == "not_an_audio_model"
    assert "use 'transcribe'" in error["message"], error
    status, body = curl_status_body(["-F", f"file=@{served['clips']['siren']};type=audio/mpeg",
                                     "-F", "model=gemini-3-flash-audio", "-F", "question=Is there a siren?"],
                                    served["base"] + "/v1/audio/understand", served["key"])
    error = json.loads(body)["error"]
    assert status == 400 and error["code"] == "not_an_audio_model" and "use 'audio-understand'" in error["message"]


def watch_cli_audio_models(listing: dict) -> list[dict]:
    """bin/models: `.data |= map(select(.pricing_mode == "per-minute" or .pricing.mode == "per-minute"))`."""
    return [m for m in listing["data"]
            if m.get("pricing_mode") == "per-minute" or (m.get("pricing") or {}).get("mode") == "per-minute"]


def test_watch_cli_models_lists_audio_models_and_aliases(served: dict) -> None:
    out = subprocess.run(["curl", "-fsS", "-H", f"User-Agent: {UA}", served["base"] + "/v1/models"],
                         capture_output=True, text=True, timeout=30)  # no key: the listing is public
    assert out.returncode == 0, out.stderr
    listing = json.loads(out.stdout)
    audio = watch_cli_audio_models(listing)
    assert audio and all(isinstance(m["pricing"]["per_minute_usd"], (int, float)) for m in audio)
    by_id = {m["id"]: m for m in audio}
    assert by_id["aural-listen-1"]["pricing"]["per_minute_usd"] == 0.000648
    assert by_id["transcribe"]["pricing"]["per_minute_usd"] == 0.000324
    assert all(m["quality_tier"] and m["release_stage"] and m["owned_by"] for m in audio)
    assert listing["aliases"]["transcribe"] == "aural-transcribe-1"
    assert listing["aliases"]["audio-understand"] == "aural-listen-1"
    assert listing["aliases"]["whisper-1"] == "aural-transcribe-1"


# ---------------------------------------------------------------- the OpenAI Python SDK


@pytest.fixture(scope="module")
def client(served: dict) -> openai.OpenAI:
    return openai.OpenAI(base_url=served["base"] + "/v1", api_key=served["key"], max_retries=0, timeout=300)


def test_openai_transcriptions_in_every_format(served: dict, client: openai.OpenAI) -> None:
    clip = served["clips"]["english"]
    as_json = client.audio.transcriptions.create(model="whisper-1", file=clip, response_format="json")
    assert "quarterly report" in words(as_json.text)
    text = client.audio.transcriptions.create(model="whisper-1", file=clip, response_format="text")
    assert isinstance(text, str) and "quarterly report" in words(text)
    srt = client.audio.transcriptions.create(model="whisper-1", file=clip, response_format="srt")
    assert srt.startswith("1\n00:00:0") and " --> " in srt and "quarterly" in srt.lower()
    vtt = client.audio.transcriptions.create(model="whisper-1", file=clip, response_format="vtt")
    assert vtt.startswith("WEBVTT") and " --> " in vtt
    verbose = client.audio.transcriptions.create(model="transcribe", file=clip, response_format="verbose_json",
                                                 timestamp_granularities=["word", "segment"], language="en")
    assert verbose.language == "english" and 5 < verbose.duration < 12
    assert verbose.segments and verbose.words
    for seg in verbose.segments:
        assert 0 <= seg.start <= seg.end <= verbose.duration + 0.5 and seg.text
    starts = [w.start for w in verbose.words]
    assert starts == sorted(starts) and all(w.start <= w.end <= verbose.duration + 0.5 for w in verbose.words)
    assert "report" in words(" ".join(w.word for w in verbose.words))


# openai 3.57 marks audio.translations deprecated (a DeprecationWarning); it is still what SDK users call.
@pytest.mark.filterwarnings("ignore:deprecated:DeprecationWarning")
def test_openai_translations_turn_spanish_into_english(served: dict, client: openai.OpenAI) -> None:
    spanish = served["clips"]["spanish_wav"]
    raw = client.audio.translations.with_raw_response.create(model="whisper-1", file=spanish)
    english = words(raw.parse().text)
    assert "good morning" in english and "talk about" in english and "food" in english, english
    assert not {"buenos", "vamos", "comida"} & set(english.split())
    assert raw.headers["x-aural-cost-usd"] == "0.000324"  # billed like a transcription minute
    verbose = client.audio.translations.create(model="transcribe", file=spanish, response_format="verbose_json")
    assert verbose.language == "english" and verbose.segments and "good morning" in words(verbose.text)
    # watch-cli's own mp3 (mono 16 kHz 32 kbit/s), with a prompt
    text = client.audio.translations.create(model="whisper-1", file=served["clips"]["spanish"],
                                            response_format="text", prompt="Spanish food.")
    assert isinstance(text, str) and "good morning" in words(text) and "food" in words(text), text


def test_translations_are_gated_and_checked_like_transcriptions(served: dict) -> None:
    url = served["base"] + "/v1/audio/translations"
    files = {"file": ("es.mp3", served["clips"]["spanish"].read_bytes(), "audio/mpeg")}
    for key, status, code in [(None, 401, "auth_error"), (served["gated"], 404, "not_enabled"),
                              (served["broke"], 402, "billing_error")]:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        r = httpx.post(url, headers=headers, files=files, data={"model": "whisper-1"}, timeout=60)
        assert r.status_code == status and r.json()["error"]["code"] == code, r.text
    auth = {"Authorization": f"Bearer {served['key']}"}
    for data, fragment in [({"model": "audio-understand"}, "not a transcription model"),
                           ({"model": "whisper-1", "response_format": "mp4"}, "response_format"),
                           ({"model": "whisper-1", "temperature": "3"}, "temperature")]:
        r = httpx.post(url, headers=auth, files=files, data=data, timeout=60)
        assert r.status_code == 400 and fragment in r.json()["error"]["message"], r.text
    spec = httpx.get(served["base"] + "/openapi.json").json()
    form = spec["paths"]["/v1/audio/translations"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert {"file", "model", "prompt", "response_format", "temperature"} <= set(form["schema"]["properties"])


def test_openai_models_list_and_retrieve(served: dict, client: openai.OpenAI) -> None:
    ids = {m.id for m in client.models.list()}
    assert {"aural-listen-1", "aural-transcribe-1", "audio-understand", "whisper-1", "transcribe"} <= ids
    whisper = client.models.retrieve("whisper-1")
    assert whisper.id == "whisper-1" and whisper.object == "model" and whisper.owned_by == "aural"
    assert isinstance(whisper.created, int)
    assert whisper.model_extra["alias_of"] == "aural-transcribe-1"
    assert whisper.model_extra["pricing"] == {"mode": "per-minute", "per_minute_usd": 0.000324}
    assert client.models.retrieve("aural-listen-1").model_extra["aliases"] == ["audio-understand"]
    with pytest.raises(openai.NotFoundError) as info:
        client.models.retrieve("gpt-4o")
    assert info.value.body["code"] == "model_not_found"  # the SDK hands over the body's "error" object
    r = httpx.get(served["base"] + "/v1/models/no-such-model")
    assert r.status_code == 404 and r.json()["error"]["code"] == "model_not_found"
