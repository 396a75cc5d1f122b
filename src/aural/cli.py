"""The `aural` command line: listen to a clip, ask about it, run a demo."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Callable, Iterator

import typer

from aural import __version__, admin_cli
from aural.billing.pricing import usd_to_micros
from aural.cli_common import JsonOpt, fail
from aural.errors import AuralError

if TYPE_CHECKING:
    from aural.listen.evidence import Evidence

# The commands import the engine (PyAV, numpy, librosa, the models), the settings and the catalog
# (pydantic), the MCP SDK and uvicorn inside their bodies, so `aural --help` and `aural version` start
# without loading any of it.

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="aural: ask how a clip sounds. Offline, from timestamped evidence.")

FileArg = Annotated[Path, typer.Argument(help="audio file (mp3, wav, m4a, ogg, webm, flac, ...)")]


@contextmanager
def _progress(enabled: bool) -> Iterator[tuple[Callable[[float], None] | None, Callable[[str], None] | None]]:
    """Rich progress on stderr, only when stderr is a terminal."""
    if not enabled:
        yield None, None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("decoding", total=1.0)

        def on_decode(fraction: float) -> None:
            bar.update(task, completed=fraction)

        def on_stage(name: str) -> None:
            bar.update(task, description=f"listening: {name}", completed=None, total=None)

        yield on_decode, on_stage


def _listen(file: Path) -> Evidence:
    # Deferred (startup): the engine, the settings; see the note at the top.
    from aural.audio.decode import decode_file
    from aural.config import get_settings
    from aural.listen.pipeline import listen

    with _progress(sys.stderr.isatty()) as (on_decode, on_stage):
        clip = decode_file(file, get_settings().max_duration_s, on_decode)
        return listen(clip, on_stage)


@app.command("listen")
def listen_cmd(file: FileArg, as_json: JsonOpt = False) -> None:
    """Print what was heard: a timeline, or the full evidence as JSON."""
    # Deferred (startup): the engine, the settings; see the note at the top.
    from aural.answer.respond import respond
    from aural.answer.summary import timeline

    try:
        ev = _listen(file)
    except AuralError as exc:
        raise fail(exc.message) from None
    if as_json:
        typer.echo(ev.model_dump_json(indent=2))
        return
    src = ev.source
    typer.echo(f"{file.name}: {src.duration_s:.1f} s, {src.codec} {src.source_sample_rate} Hz, "
               f"{src.source_channels} ch")
    for row in timeline(ev):
        typer.echo("  " + row)
    typer.echo("")
    typer.echo(respond(ev, "")[0])
    for w in ev.warnings:
        typer.echo(f"warning: {w}", err=True)


@app.command("ask")
def ask_cmd(file: FileArg,
            question: Annotated[str, typer.Argument(help="a free-form question about the clip")],
            as_json: JsonOpt = False,
            model: Annotated[str | None, typer.Option(
                "--model", help="SKU or alias to answer with (see AURAL_CATALOG); default: the local engine")] = None,
            ) -> None:
    """Answer a question about the clip from what the engine heard, or with the model --model names."""
    # Deferred (startup): the engine, the settings; see the note at the top.
    from aural.answer.respond import respond
    from aural.catalog import LOCAL_UNDERSTAND_SKU

    if not question.strip():
        raise fail("the question is empty")
    if model is not None and model.strip():
        _ask_remote(file, question, model.strip(), as_json)
        return
    try:
        ev = _listen(file)
    except AuralError as exc:
        raise fail(exc.message) from None
    answer, parsed = respond(ev, question)
    if as_json:
        payload = {"answer": answer, "model": LOCAL_UNDERSTAND_SKU, "question": parsed,
                   "evidence": json.loads(ev.model_dump_json())}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        typer.echo(answer)


def _ask_remote(file: Path, question: str, model: str, as_json: bool) -> None:
    """`ask --model SKU`: decode the file and call the SKU's provider directly (no billing here)."""
    # Deferred (startup): the engine, the settings; see the note at the top.
    from aural.audio.decode import decode_file
    from aural.catalog import CatalogError, load_catalog
    from aural.config import get_settings
    from aural.providers.registry import build_provider

    settings = get_settings()
    try:
        sku = load_catalog(settings).resolve(model, "understand")
        provider = build_provider(sku)
        with _progress(sys.stderr.isatty()) as (on_decode, _):
            clip = decode_file(file, settings.max_duration_s, on_decode)
        answer = provider.understand(clip, question)
    except CatalogError as exc:
        raise fail(str(exc)) from None
    except AuralError as exc:
        raise fail(exc.message) from None
    if as_json:
        payload: dict = {"answer": answer.text, "model": sku.name, "provider": sku.provider}
        if answer.question is not None:
            payload["question"] = answer.question
        if answer.evidence is not None:
            payload["evidence"] = json.loads(answer.evidence.model_dump_json())
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        typer.echo(answer.text)


@app.command("demo")
def demo_cmd() -> None:
    """Make a short clip (siren under speech), then listen to it and answer a question."""
    # Deferred (startup): numpy and PyAV; see the note at the top.
    from aural.demo import make_demo_clip

    question = "Describe what you hear: background sounds, speech, language and music."
    with tempfile.TemporaryDirectory() as tmp:
        clip = make_demo_clip(Path(tmp) / "demo.wav")
        typer.echo(f"$ aural listen {clip.name}")
        listen_cmd(clip, False)
        typer.echo("")
        typer.echo(f'$ aural ask {clip.name} "{question}"')
        ask_cmd(clip, question, False)


@app.command("serve")
def serve_cmd(host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
              port: Annotated[int, typer.Option(help="port to bind")] = 8000,
              workers: Annotated[int, typer.Option(help="worker processes")] = 1,
              quickstart: Annotated[bool, typer.Option(
                  "--quickstart", help="first run: create a 'local' account with $5 credit and print a key")] = False,
              ) -> None:
    """Run the HTTP API under uvicorn (database created and migrated on start)."""
    # Deferred (startup): uvicorn; see the note at the top.
    import uvicorn

    ledger = admin_cli.open_ledger()  # migrates the database once, before any worker starts
    os.environ["AURAL_DATABASE_READY"] = "1"
    base = f"http://{host}:{port}"
    if quickstart and not ledger.list_accounts():
        ledger.create_account("local")
        ledger.add_credit("local", usd_to_micros("5"), "quickstart credit")
        key_id, secret = ledger.create_key("local")
        typer.echo(f"Created account 'local' with $5.00 credit and API key {key_id} (shown once):\n  {secret}")
        typer.echo(f"Playground: open {base}/ and paste the key there to drop a clip and ask about it.")
        typer.echo(f'Try:\n  curl -X POST {base}/v1/audio/understand -H "Authorization: Bearer {secret}" '
                   '-F "file=@clip.mp3" -F "question=Describe the mood and any background sounds."')
    elif quickstart:
        typer.echo("Accounts exist already; make a key with: aural keys create ACCOUNT")
    typer.echo(f"aural API on {base}  (OpenAPI docs: {base}/docs)")
    uvicorn.run("aural.api.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="info", proxy_headers=False,
                # aural logs one line per request itself (route template, status, ids); uvicorn's access
                # log would print raw URLs, query strings included, where a misplaced key could land.
                access_log=False)


@app.command("mcp")
def mcp_cmd(url: Annotated[str | None, typer.Option(
                help="a running aural server (e.g. http://127.0.0.1:8000); default: the engine in this process")] = None,
            key: Annotated[str | None, typer.Option(
                envvar="AURAL_API_KEY", help="API key for --url (or set AURAL_API_KEY)")] = None,
            http: Annotated[bool, typer.Option(
                "--http", help="serve streamable HTTP at http://127.0.0.1:PORT/mcp instead of stdio")] = False,
            port: Annotated[int, typer.Option(help="port for --http")] = 8765,
            ) -> None:
    """Serve aural's tools to agents over MCP (stdio by default): ask_audio, transcribe_audio,
    describe_audio, list_models. Offline in-process engine, or --url/--key to a running server."""
    # Deferred (startup): the catalog (pydantic) and the MCP SDK; see the note at the top.
    from aural.catalog import CatalogError
    from aural.mcp_server import LocalBackend, RemoteBackend, serve

    if url and not key:
        raise fail("--url needs --key (or AURAL_API_KEY)")
    try:
        backend = RemoteBackend(url, key or "") if url else LocalBackend()
    except CatalogError as exc:
        raise fail(str(exc)) from None
    serve(backend, http=http, port=port)


def _register_admin() -> None:
    app.add_typer(admin_cli.accounts, name="accounts")
    app.add_typer(admin_cli.keys, name="keys")
    app.add_typer(admin_cli.credits, name="credits")
    app.add_typer(admin_cli.holds, name="holds")
    app.command("usage")(admin_cli.usage)


_register_admin()


@app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the evidence (see docs/evidence.md)."""
    # Deferred (startup): pydantic; see the note at the top.
    from aural.listen.evidence import Evidence

    typer.echo(json.dumps(Evidence.model_json_schema(), indent=2))


@app.command("version")
def version_cmd() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
