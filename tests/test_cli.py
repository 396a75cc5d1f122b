"""The command line, run as a real process: answers, evidence JSON, and one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aural.listen.evidence import SCHEMA_VERSION

from aural.demo import make_demo_clip

from audio_tools import write_wav, tone


def aural(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aural", *args], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def demo_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    return make_demo_clip(tmp_path_factory.mktemp("cli") / "demo.wav")


def test_ask_json_answers_from_the_evidence(demo_clip: Path) -> None:
    out = aural("ask", str(demo_clip), "What sounds are in the background, and what language is spoken?",
                "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert set(payload) == {"answer", "model", "question", "evidence"}
    assert payload["model"] == "aural-listen-1"
    ev = payload["evidence"]
    assert ev["schema_version"] == SCHEMA_VERSION
    assert any(e["label"] == "Siren" for e in ev["events"])
    assert ev["speech"]["present"] and ev["speech"]["language"]["code"] == "en"
    answer = payload["answer"].lower()
    assert "siren" in answer and "english" in answer
    # Background sounds are asked first, so they are answered first.
    assert answer.index("siren") < answer.index("english")


def test_listen_prints_a_timeline(demo_clip: Path) -> None:
    out = aural("listen", str(demo_clip))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("demo.wav: 12.0 s")
    assert any("Siren" in line and line.strip()[0].isdigit() for line in lines)
    assert any(line.strip().endswith("speech") for line in lines)


@pytest.mark.parametrize("name,content", [
    ("empty.mp3", b""),
    ("notes.mp3", b"shopping list: milk, eggs\n" * 40),
    ("half.wav", b"RIFF\x24\x00\x00\x00WAVEfmt "),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    for cmd in (["listen", str(path)], ["ask", str(path), "What is this?"]):
        out = aural(*cmd, timeout=60)
        assert out.returncode == 2
        assert out.stderr.startswith("aural: error: ") and out.stderr.count("\n") == 1, out.stderr
        assert "Traceback" not in out.stderr and out.stdout == ""


def test_missing_file_and_empty_question(tmp_path: Path) -> None:
    out = aural("listen", str(tmp_path / "nope.wav"), timeout=60)
    assert out.returncode == 2 and "no such file" in out.stderr
    clip = write_wav(tmp_path / "t.wav", tone(440, 1.0))
    out = aural("ask", str(clip), "   ", timeout=60)
    assert out.returncode == 2 and "question is empty" in out.stderr


def test_schema_is_valid_json_schema() -> None:
    out = aural("schema", timeout=60)
    assert out.returncode == 0
    schema = json.loads(out.stdout)
    assert {"source", "events", "speech", "music", "levels"} <= set(schema["properties"])
