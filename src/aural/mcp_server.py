"""`aural mcp`: aural's tools for agents, over the Model Context Protocol (the official `mcp` SDK).

Tools: ask_audio, transcribe_audio, describe_audio, list_models. Two backends answer them:
- LocalBackend (the default): the engine in this process; offline, no key, nothing billed.
- RemoteBackend (`--url URL --key KEY`): a running aural server's HTTP API; its billing applies and each
  result carries the request's billing block.
Bad input (a missing file, text renamed .mp3, a file over the upload limit, an unknown model) is a tool
error in the API's own words, never a crash of the server. Transports: stdio (what desktop agents
spawn) or, with --http, streamable HTTP on loopback.
"""

from __future__ import annotations

import bisect
import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol

import httpx
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from aural import __version__
from aural.answer.summary import timeline
from aural.catalog import LOCAL_UNDERSTAND_SKU, Sku, load_catalog
from aural.config import Settings, get_settings
from aural.errors import AuralError, too_large_message
from aural.languages import code_of, language_code
from aural.listen.evidence import Evidence

if TYPE_CHECKING:
    from aural.audio.decode import Clip
    from aural.providers.base import Provider

# describe_audio asks this of both backends, so a description reads the same from either.
DESCRIBE_QUESTION = "Describe what you hear: background sounds, speech, language and music."
HTTP_PATH = "/mcp"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


# ---------------------------------------------------------------- results (their JSON schemas are the tools')


class Billing(BaseModel):
    duration_sec: float
    billable_minutes: int
    cost_usd: float
    balance_usd: float
    duration_source: str


class AskResult(BaseModel):
    answer: str = Field(description="the answer, built only from what was heard")
    model: str = Field(description="the SKU that answered")
    billing: Billing | None = Field(None, description="what the request cost (remote mode only)")


class Segment(BaseModel):
    start: float = Field(description="seconds from the start of the clip")
    end: float
    text: str
    words: list[dict[str, Any]] | None = Field(None, description="{word, start, end} for each word")


class TranscribeResult(BaseModel):
    text: str
    language: str | None = Field(None, description="ISO-639-1 code of the speech")
    duration_sec: float
    segments: list[Segment] | None = Field(None, description="with timestamps=true: timed segments and words")
    billing: Billing | None = None


class DescribeResult(BaseModel):
    summary: str = Field(description="a description of the clip in words")
    timeline: list[str] = Field(description="'start-end  what' rows in time order")
    evidence: dict[str, Any] = Field(description="the main evidence: sound events, speech, voice, music, levels")
    model: str
    billing: Billing | None = None


# ---------------------------------------------------------------- backends


class Backend(Protocol):
    def ask(self, path: str, question: str, model: str | None) -> AskResult: ...

    def transcribe(self, path: str, language: str | None, timestamps: bool) -> TranscribeResult: ...

    def describe(self, path: str) -> DescribeResult: ...

    def models(self) -> dict[str, Any]: ...


def existing_file(path: str) -> Path:
    """The file `path` names; the decoder's own words when there is none."""
    p = Path(path).expanduser()
    if not p.is_file():
        raise ToolError(f"no such file: {p}")
    return p


def main_evidence(ev: Evidence, max_events: int = 12) -> dict[str, Any]:
    """The evidence an agent reads first; the full record is `aural listen --json`."""
    speech = ev.speech
    lang = speech.language
    voice = ev.voice
    music = ev.music
    top = sorted(ev.events, key=lambda e: e.score, reverse=True)[:max_events]
    return {
        "duration_s": ev.source.duration_s,
        "sound_events": [{"label": e.label, "start": e.start, "end": e.end, "score": e.score}
                         for e in sorted(top, key=lambda e: e.start)],
        "speech": {"present": speech.present, "speech_seconds": speech.speech_seconds,
                   "language": None if lang is None else {"code": lang.code, "name": lang.name,
                                                          "probability": lang.probability},
                   "text": speech.text},
        "voice": None if voice is None else {
            "gender": voice.gender.label if voice.gender else None,
            "emotion": voice.emotion.label if voice.emotion else None,
            "pitch_median_hz": voice.pitch_median_hz, "speaking_rate_wps": voice.speaking_rate_wps},
        "music": {"present": music.present, "tempo_bpm": music.tempo_bpm,
                  "key": f"{music.key} {music.mode}" if music.key and music.mode else music.key,
                  "instruments": [i.label for i in music.instruments[:5]],
                  "genres": [g.label for g in music.genres[:3]], "moods": [m.label for m in music.moods[:3]]},
        "scene": [s.label for s in ev.scene[:3]],
        "levels": {"integrated_lufs": ev.levels.integrated_lufs, "peak_dbfs": ev.levels.peak_dbfs},
        "warnings": list(ev.warnings),
    }


class LocalBackend:
    """The engine in this process: the same decoder, providers and answers as the API, without billing."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.catalog = load_catalog(self.settings)
        self._providers: dict[str, Provider] | None = None
        self._lock = threading.Lock()

    def _clip(self, path: str) -> Clip:
        # Deferred: the engine (PyAV, the providers and their models) loads only when a LocalBackend first
        # needs it, so `aural mcp --url` (RemoteBackend) never loads it.
        from aural.audio.decode import decode_file

        p = existing_file(path)
        if p.stat().st_size > self.settings.max_upload_bytes:
            raise ToolError(too_large_message(self.settings.max_upload_bytes))
        return decode_file(p, self.settings.max_duration_s)

    def _provider(self, sku: Sku) -> Provider:
        # Deferred: the engine; see _clip.
        from aural.providers.registry import build_providers, provider_for

        with self._lock:
            if self._providers is None:
                self._providers = build_providers(self.catalog, self.settings)
        return provider_for(self._providers, sku)

    def ask(self, path: str, question: str, model: str | None) -> AskResult:
        sku = self.catalog.resolve(model, "understand")
        provider = self._provider(sku)
        answer = provider.understand(self._clip(path), question)
        return AskResult(answer=answer.text, model=sku.name)

    def transcribe(self, path: str, language: str | None, timestamps: bool) -> TranscribeResult:
        code = language_code(language)
        sku = self.catalog.resolve(None, "transcribe")
        clip = self._clip(path)
        t = self._provider(sku).transcribe(clip, code, None, timestamps)
        segments = None
        if timestamps:
            segments = [Segment(start=s.start, end=s.end, text=s.text,
                                words=[{"word": w.text, "start": w.start, "end": w.end} for w in s.words])
                        for s in t.segments]
        return TranscribeResult(text=t.text, language=t.language, duration_sec=round(t.duration_s, 3),
                                segments=segments)

    def describe(self, path: str) -> DescribeResult:
        # Deferred: the engine; see _clip.
        from aural.answer.respond import respond
        from aural.listen.pipeline import listen

        ev = listen(self._clip(path))
        text, _ = respond(ev, DESCRIBE_QUESTION)
        return DescribeResult(summary=text, timeline=timeline(ev), evidence=main_evidence(ev),
                              model=LOCAL_UNDERSTAND_SKU)

    def models(self) -> dict[str, Any]:
        return self.catalog.listing()


class RemoteBackend:
    """A running aural server, by its HTTP API and an API key; the server bills every call."""

    def __init__(self, url: str, key: str, timeout_s: float = 600.0) -> None:
        self.url = url.rstrip("/")
        self.client = httpx.Client(base_url=self.url, timeout=timeout_s,
                                   headers={"Authorization": f"Bearer {key}",
                                            "User-Agent": f"aural-mcp/{__version__}"})

    def _call(self, method: str, route: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.request(method, route, **kwargs)
        except httpx.HTTPError as exc:
            raise ToolError(f"could not reach the aural server at {self.url} ({type(exc).__name__})") from None
        if response.status_code != 200:
            try:
                message = response.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = response.text[:300] or response.reason_phrase
            raise ToolError(f"{message} (HTTP {response.status_code})")
        return response

    def _post(self, route: str, path: str, fields: dict[str, Any]) -> dict[str, Any]:
        p = existing_file(path)
        with p.open("rb") as fh:
            return self._call("POST", route, data=fields, files={"file": (p.name, fh)}).json()

    def ask(self, path: str, question: str, model: str | None) -> AskResult:
        fields = {"question": question, **({"model": model} if model else {})}
        return AskResult.model_validate(self._post("/v1/audio/understand", path, fields))

    def transcribe(self, path: str, language: str | None, timestamps: bool) -> TranscribeResult:
        fields: dict[str, Any] = {"model": "transcribe", "response_format": "verbose_json",
                                  "timestamp_granularities[]": ["segment", "word"] if timestamps else ["segment"]}
        if language:
            fields["language"] = language
        body = self._post("/v1/audio/transcriptions", path, fields)
        segments = None
        if timestamps:
            segments = [Segment(start=s["start"], end=s["end"], text=s["text"], words=[])
                        for s in body.get("segments", [])]
            starts = [s.start for s in segments]
            for w in body.get("words", []):  # each word to the last segment starting at or before it
                i = bisect.bisect_right(starts, w["start"]) - 1
                if i >= 0:
                    segments[i].words.append(w)
        return TranscribeResult(text=body["text"], language=_language_code(body.get("language")),
                                duration_sec=body["duration"], segments=segments, billing=body.get("billing"))

    def describe(self, path: str) -> DescribeResult:
        body = self._post("/v1/audio/understand", path, {"question": DESCRIBE_QUESTION, "include_evidence": "true"})
        ev = Evidence.model_validate(body["evidence"]) if body.get("evidence") else None
        return DescribeResult(summary=body["answer"], timeline=timeline(ev) if ev else [],
                              evidence=main_evidence(ev) if ev else {}, model=body["model"],
                              billing=body.get("billing"))

    def models(self) -> dict[str, Any]:
        return self._call("GET", "/v1/models").json()


def _language_code(name: str | None) -> str | None:
    """verbose_json names the language ('spanish'); the tool reports the ISO code like the local mode."""
    return code_of(name or "") or name


# ---------------------------------------------------------------- the server


PathArg = Annotated[str, Field(description="path of a local audio or video file (mp3, wav, m4a, ogg, webm, "
                                           "flac, mp4, ...); at most 25 MB")]


def build_server(backend: Backend) -> MCPServer:
    """An MCP server whose tools call `backend`; AuralError and bad input become tool errors."""
    server = MCPServer("aural", version=__version__, log_level="WARNING", instructions=(
        "aural listens to audio files: how they sound (sound events such as sirens or applause, speech and "
        "its language, the voice and its tone, music's tempo, key and instruments) and what is said. Use "
        "ask_audio for a question about the sound, transcribe_audio for the words, describe_audio for an "
        "overview with a timeline."))

    def guarded(fn):  # noqa: ANN001, ANN202 - wraps keeps the tool's own signature, hence its schema
        @functools.wraps(fn)
        def tool(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except AuralError as exc:
                raise ToolError(exc.message) from None
        return tool

    @server.tool(description=(
        "Ask a free-form question about how an audio file sounds: background sounds and sound effects (sirens, "
        "applause, traffic), speech and its language, the speaker's tone and emotion, music's style, tempo, key "
        "and instruments. Returns the answer (and, against a remote aural server, what it cost)."))
    @guarded
    def ask_audio(path: PathArg,
                  question: Annotated[str, Field(min_length=1, max_length=4000,
                                                 description="the question, e.g. 'Is there a siren?'")],
                  model: Annotated[str | None, Field(description="audio-understand (default) or a SKU from "
                                                                 "list_models")] = None) -> AskResult:
        return backend.ask(path, question, model)

    @server.tool(description=(
        "Transcribe the speech in an audio file (Whisper on the speech voice activity detection finds). "
        "Returns the text and the language; with timestamps=true also timed segments and words."))
    @guarded
    def transcribe_audio(path: PathArg,
                         language: Annotated[str | None, Field(description="ISO-639-1 code of the speech, "
                                                                           "e.g. 'es'; detected when absent")] = None,
                         timestamps: Annotated[bool, Field(description="also return timed segments and "
                                                                       "words")] = False) -> TranscribeResult:
        return backend.transcribe(path, language, timestamps)

    @server.tool(description=(
        "Describe an audio file: a summary in words, a timeline of what is heard when (speech, music, sound "
        "events with scores), and the main evidence (sound events, language and transcript, voice, music, "
        "loudness)."))
    @guarded
    def describe_audio(path: PathArg) -> DescribeResult:
        return backend.describe(path)

    @server.tool(description=(
        "List the models served (SKUs and aliases) with their kind, provider and per-minute price, and the "
        "alias map (audio-understand, transcribe, whisper-1)."))
    @guarded
    def list_models() -> dict[str, Any]:
        return backend.models()

    return server


def serve(backend: Backend, http: bool = False, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Run the server on stdio, or with `http` as streamable HTTP at http://host:port/mcp (loopback only)."""
    server = build_server(backend)
    if not http:
        server.run("stdio")
        return
    if host not in LOOPBACK_HOSTS:
        raise ValueError(f"the MCP HTTP transport binds loopback only ({', '.join(LOOPBACK_HOSTS)}), not {host}")
    server.run("streamable-http", host=host, port=port, streamable_http_path=HTTP_PATH)

