"""`aural mcp` as an MCP host runs it: the MCP SDK's own client spawns it over stdio (and reaches it over
streamable HTTP on loopback), lists its tools and calls each on synthesized clips, in-process and
against a real `aural serve`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Awaitable, Callable

import anyio
import httpx
import pytest
from mcp import Client, StdioServerParameters

from aural.api.limits import too_large_message
from aural.billing.pricing import usd_to_micros

from api_server import free_port, funded_ledger, start_server, stop_server
from audio_tools import silence, write_wav
from client_clips import make_clips, needs_tools, words

pytestmark = needs_tools

TOOLS = {"ask_audio", "transcribe_audio", "describe_audio", "list_models"}
MAX_UPLOAD = 1024 * 1024  # a small upload limit, so an over-limit file is quick to make


def aural_command() -> list[str]:
    """`aural` as an MCP host config names it: the console script beside this Python."""
    script = Path(sys.executable).with_name("aural")
    return [str(script)] if script.exists() else [sys.executable, "-m", "aural"]


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("mcp")
    found = make_clips(d)
    found["big"] = write_wav(d / "big.wav", silence(40.0))  # 1.28 MB
    return found


def run_session(args: list[str], env: dict[str, str], body: Callable[[Client], Awaitable[None]]) -> None:
    """Spawn `aural mcp ARGS` over stdio with the MCP SDK's client and run `body` against it."""
    command = aural_command()
    passed = {k: os.environ[k] for k in ("PYTHONPATH", "AURAL_CACHE_DIR") if k in os.environ}
    params = StdioServerParameters(command=command[0], args=[*command[1:], "mcp", *args], env={**passed, **env})

    async def main() -> None:
        async with Client(params, read_timeout_seconds=300) as client:
            await body(client)

    try:
        anyio.run(main)
    except BaseExceptionGroup as group:  # the client's task groups wrap a failed assertion: show it plainly
        leaf: BaseException = group
        while isinstance(leaf, BaseExceptionGroup):
            leaf = leaf.exceptions[0]
        raise leaf from None


def result(call: Any) -> dict:
    assert not call.is_error, call.content[0].text
    return call.structured_content


def error_text(call: Any) -> str:
    assert call.is_error
    return call.content[0].text


def test_stdio_in_process_tools(clips: dict[str, Path], tmp_path: Path) -> None:
    env = {"AURAL_PRELOAD_MODELS": "0", "AURAL_MAX_UPLOAD_BYTES": str(MAX_UPLOAD),
           "AURAL_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}"}

    async def body(client: Client) -> None:
        listed = (await client.list_tools()).tools
        assert {t.name for t in listed} == TOOLS
        for tool in listed:
            assert len(tool.description or "") > 60, tool.name
            assert tool.input_schema["type"] == "object"
            for name, prop in tool.input_schema.get("properties", {}).items():
                assert prop.get("description"), (tool.name, name)
        schemas = {t.name: t.input_schema for t in listed}
        assert schemas["ask_audio"]["required"] == ["path", "question"]
        assert set(schemas["transcribe_audio"]["properties"]) == {"path", "language", "timestamps"}

        asked = result(await client.call_tool("ask_audio", {"path": str(clips["siren"]),
                                                            "question": "Is there a siren?"}))
        assert "siren" in asked["answer"].lower() and asked["model"] == "aural-listen-1"
        assert asked["billing"] is None  # in-process: nothing is billed

        heard = result(await client.call_tool("transcribe_audio", {"path": str(clips["spanish"]), "language": "es",
                                                                   "timestamps": True}))
        assert "hoy vamos a hablar de la comida espanola" in words(heard["text"]) and heard["language"] == "es"
        assert heard["segments"] and heard["segments"][0]["words"][0]["start"] >= 0
        plain = result(await client.call_tool("transcribe_audio", {"path": str(clips["english"])}))
        assert "quarterly report" in words(plain["text"]) and plain["language"] == "en" and plain["segments"] is None

        described = result(await client.call_tool("describe_audio", {"path": str(clips["siren"])}))
        assert "siren" in described["summary"].lower()
        assert any("Siren" in row for row in described["timeline"])
        assert "Siren" in {e["label"] for e in described["evidence"]["sound_events"]}
        assert described["evidence"]["speech"]["present"] is False

        models = result(await client.call_tool("list_models", {}))
        assert models["aliases"]["transcribe"] == "aural-transcribe-1"
        assert {m["id"] for m in models["data"]} >= {"aural-listen-1", "whisper-1", "transcribe"}

        # Bad input: a tool error in the API's words; the server keeps serving.
        assert "no such file" in error_text(await client.call_tool("ask_audio", {"path": str(tmp_path / "nope.mp3"),
                                                                                 "question": "What is it?"}))
        assert "not a readable audio file" in error_text(await client.call_tool(
            "describe_audio", {"path": str(clips["text"])}))
        assert too_large_message(MAX_UPLOAD) in error_text(await client.call_tool(
            "transcribe_audio", {"path": str(clips["big"])}))
        assert "'language' must be an ISO-639-1 code" in error_text(await client.call_tool(
            "transcribe_audio", {"path": str(clips["english"]), "language": "klingon"}))
        assert "use 'audio-understand'" in error_text(await client.call_tool(
            "ask_audio", {"path": str(clips["siren"]), "question": "Siren?", "model": "gemini-3-flash-audio"}))
        assert (await client.call_tool("ask_audio", {"path": str(clips["siren"])})).is_error  # no question
        assert not (await client.call_tool("list_models", {})).is_error

    run_session([], env, body)


def test_stdio_remote_mode_bills_through_the_server(clips: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "aural.db"
    ledger, key = funded_ledger(db, "agent", usd_to_micros("1"))
    ledger.create_account("broke")
    _, broke = ledger.create_key("broke")
    env = {**os.environ, "AURAL_DATABASE_URL": f"sqlite:///{db}", "AURAL_PRELOAD_MODELS": "0",
           "AURAL_RATE_LIMIT_PER_MINUTE": "0"}
    proc, base = start_server(env)
    try:
        async def body(client: Client) -> None:
            asked = result(await client.call_tool("ask_audio", {"path": str(clips["siren"]),
                                                                "question": "Is there a siren?"}))
            assert "siren" in asked["answer"].lower()
            assert asked["billing"]["cost_usd"] == 0.000648 and asked["billing"]["balance_usd"] == 1 - 0.000648
            heard = result(await client.call_tool("transcribe_audio", {"path": str(clips["english"]),
                                                                       "timestamps": True}))
            assert "quarterly report" in words(heard["text"]) and heard["language"] == "en"
            assert heard["segments"][0]["words"] and heard["billing"]["cost_usd"] == 0.000324
            described = result(await client.call_tool("describe_audio", {"path": str(clips["siren"])}))
            assert any("Siren" in row for row in described["timeline"]) and described["billing"]
            assert result(await client.call_tool("list_models", {}))["aliases"]["whisper-1"] == "aural-transcribe-1"
            assert "not a readable audio file" in error_text(await client.call_tool(
                "ask_audio", {"path": str(clips["text"]), "question": "What is it?"}))

        run_session(["--url", base], {"AURAL_API_KEY": key}, body)
        assert ledger.get_account("agent").balance_micros == usd_to_micros("1") - 648 - 324 - 648

        async def broke_body(client: Client) -> None:
            text = error_text(await client.call_tool("ask_audio", {"path": str(clips["siren"]), "question": "Siren?"}))
            assert "not enough credit" in text and "402" in text

        run_session(["--url", base, "--key", broke], {}, broke_body)
    finally:
        stop_server(proc)


def test_streamable_http_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "AURAL_PRELOAD_MODELS": "0", "AURAL_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}"}
    proc = subprocess.Popen([*aural_command(), "mcp", "--http", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)

        async def main() -> None:
            async with Client(url, read_timeout_seconds=60) as client:
                assert {t.name for t in (await client.list_tools()).tools} == TOOLS
                models = (await client.call_tool("list_models", {})).structured_content
                assert models["aliases"]["transcribe"] == "aural-transcribe-1"

        anyio.run(main)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_url_without_key_is_a_one_line_error() -> None:
    env = {k: v for k, v in os.environ.items() if k != "AURAL_API_KEY"}
    out = subprocess.run([*aural_command(), "mcp", "--url", "http://127.0.0.1:9"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 2 and "--url needs --key" in out.stderr
