"""The TOML catalog named by AURAL_CATALOG: the issue's form, defaults, merging, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from aural.catalog import CatalogError, load_catalog, parse_catalog_toml
from aural.config import Settings
from aural.errors import NotAnAudioModelError

ISSUE_FORM = '''
[[sku]]
name = "qwen-audio-local"          # what clients pass as `model`
provider = "openai-compatible"     # or "gemini", "openai", "evidence-llm", "local"
base_url = "http://127.0.0.1:9000/v1"
upstream_model = "qwen2-audio-7b-instruct"
api_key_env = "QWEN_KEY"           # optional
price_per_minute_usd = 0.001
timeout_s = 30
'''


def settings(tmp_path: Path, text: str | None) -> Settings:
    path = None
    if text is not None:
        path = tmp_path / "catalog.toml"
        path.write_text(text)
    return Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", catalog=path)


def test_the_issue_form_loads_and_merges_with_the_built_in_skus(tmp_path: Path) -> None:
    cat = load_catalog(settings(tmp_path, ISSUE_FORM))
    sku = cat.resolve("qwen-audio-local", "understand")
    assert (sku.provider, sku.base_url, sku.upstream_model, sku.api_key_env) == (
        "openai-compatible", "http://127.0.0.1:9000/v1", "qwen2-audio-7b-instruct", "QWEN_KEY")
    assert sku.price_per_minute_micros == 1000 and sku.timeout_s == 30 and sku.kind == "understand"
    assert sku.max_retries == 2 and sku.audio_format == "wav"
    assert cat.resolve(None, "understand").name == "aural-listen-1"  # the alias still means the local engine
    assert cat.resolve("whisper-1", "transcribe").name == "aural-transcribe-1"


def test_no_catalog_is_the_default_one(tmp_path: Path) -> None:
    assert set(load_catalog(settings(tmp_path, None)).skus) == {"aural-listen-1", "aural-transcribe-1"}


def test_every_provider_aliases_and_overrides(tmp_path: Path) -> None:
    text = ISSUE_FORM + '''
[[sku]]
name = "gemini-flash"
provider = "gemini"
upstream_model = "gemini-2.5-flash"
price_per_minute_usd = "0.002"
inline_max_bytes = 1000

[[sku]]
name = "gpt-audio"
provider = "openai"
upstream_model = "gpt-4o-audio-preview"
price_per_minute_usd = 0.006
audio_format = "mp3"
max_retries = 0

[[sku]]
name = "grounded"
provider = "evidence-llm"
base_url = "http://localhost:11434/v1/"
upstream_model = "llama3.2"
price_per_minute_usd = 0.0007
on_check_failure = "error"

[[sku]]
name = "aural-listen-1"
provider = "local"
price_per_minute_usd = 0.0005

[aliases]
audio-understand = "gemini-flash"
'''
    cat = load_catalog(settings(tmp_path, text))
    assert cat.resolve("audio-understand", "understand").name == "gemini-flash"
    g = cat.skus["gemini-flash"]
    assert g.audio_format == "mp3" and g.base_url is None and g.inline_max_bytes == 1000
    assert cat.skus["gpt-audio"].audio_format == "mp3" and cat.skus["gpt-audio"].max_retries == 0
    assert cat.skus["grounded"].base_url == "http://localhost:11434/v1" and cat.skus["grounded"].on_check_failure == "error"
    assert cat.skus["aural-listen-1"].price_per_minute_micros == 500
    assert cat.aliases_of("gemini-flash") == ["audio-understand"]


@pytest.mark.parametrize("text,fragment", [
    ("[[sku]\nname=", "not valid TOML"),
    ("[[model]]\nname = 'x'", "unknown top-level key"),
    ("[[sku]]\nname = 'a'\nprovider = 'gemini'\nprice_per_minute_usd = 0.01", "needs upstream_model"),
    ("[[sku]]\nname = 'a'\nprovider = 'openai-compatible'\nupstream_model = 'm'\nprice_per_minute_usd = 0.01",
     "needs base_url"),
    ("[[sku]]\nname = 'a'\nprovider = 'vertex'\nupstream_model = 'm'\nprice_per_minute_usd = 0.01", "provider"),
    ("[[sku]]\nname = 'a'\nprovider = 'openai'\nupstream_model = 'm'\nprice_per_minute_usd = -1",
     "price_per_minute_usd"),
    ("[[sku]]\nname = 'a'\nprovider = 'openai'\nupstream_model = 'm'", "price_per_minute_usd: Field required"),
    ("[[sku]]\nname = 'a'\nprovider = 'openai'\nupstream_model = 'm'\nprice_per_minute_usd = 1\ntimeout_s = 0",
     "timeout_s"),
    ("[[sku]]\nname = 'a'\nprovider = 'openai'\nupstream_model = 'm'\nprice_per_minute_usd = 1\napi_key = 'sk-x'",
     "api_key: Extra inputs are not permitted"),
    ("[[sku]]\nname = 'a'\nprovider = 'openai-compatible'\nupstream_model = 'm'\nprice_per_minute_usd = 1\n"
     "base_url = 'http://u:secret@host/v1'", "must not hold credentials"),
    ("[[sku]]\nname = 'a'\nprovider = 'openai-compatible'\nupstream_model = 'm'\nprice_per_minute_usd = 1\n"
     "base_url = 'ftp://host'", "http://"),
    ("[[sku]]\nname = 'a'\nprovider = 'openai'\nupstream_model = 'm'\nprice_per_minute_usd = 1\naudio_format = 'flac'",
     "wav or mp3"),
    ("[[sku]]\nname = 'a'\nprovider = 'gemini'\nupstream_model = 'm'\nprice_per_minute_usd = 1\nkind = 'transcribe'",
     "only the local provider"),
    (ISSUE_FORM + ISSUE_FORM, "defined twice"),
    (ISSUE_FORM + "\n[aliases]\naudio-understand = 'nope'", "unknown SKU 'nope'"),
    (ISSUE_FORM + "\n[aliases]\nwhisper-1 = 'qwen-audio-local'", "transcribe SKU"),
    (ISSUE_FORM + "\n[aliases]\ntranscribe = 'qwen-audio-local'", "transcribe SKU"),
    (ISSUE_FORM + "\n[aliases]\nwhisper-v3-turbo = 'qwen-audio-local'", "transcribe SKU"),
    (ISSUE_FORM + "\nquality_tier = 'best'", "quality_tier"),
])
def test_invalid_catalogs_say_what_and_where(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(settings(tmp_path, text))
    assert fragment in str(info.value)
    assert "catalog.toml" in str(info.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    cfg = Settings(database_url="sqlite://", catalog=tmp_path / "nope.toml")
    with pytest.raises(CatalogError, match="cannot read"):
        load_catalog(cfg)


def test_the_error_names_the_sku(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"sku\[0\] \('bad'\)"):
        parse_catalog_toml("[[sku]]\nname = 'bad'\nprovider = 'openai'\nprice_per_minute_usd = 1", "c.toml")


def test_aural_catalog_env_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text(ISSUE_FORM)
    monkeypatch.setenv("AURAL_CATALOG", str(path))
    assert "qwen-audio-local" in load_catalog(Settings()).skus


def test_hosted_client_names_resolve_or_say_what_to_use(tmp_path: Path) -> None:
    cat = load_catalog(settings(tmp_path, None))
    assert cat.resolve("transcribe", "transcribe").name == "aural-transcribe-1"
    assert cat.aliases == {"audio-understand": "aural-listen-1", "whisper-1": "aural-transcribe-1",
                           "transcribe": "aural-transcribe-1"}
    for name, kind, use in [("whisper-v3-turbo", "transcribe", "transcribe"),
                            ("gemini-3-flash-audio", "understand", "audio-understand"),
                            ("transcribe", "understand", "audio-understand"),
                            ("audio-understand", "transcribe", "transcribe"),
                            ("no-such-model", "transcribe", "transcribe")]:
        with pytest.raises(NotAnAudioModelError) as info:
            cat.resolve(name, kind)
        assert f"use '{use}'" in info.value.message, info.value.message
    with pytest.raises(NotAnAudioModelError, match="POST /v1/audio/transcriptions"):
        cat.resolve("whisper-1", "understand")


def test_a_catalog_sku_claims_a_hosted_name_and_shows_its_tier(tmp_path: Path) -> None:
    text = ISSUE_FORM + "quality_tier = 'premium'\nrelease_stage = 'beta'\n" \
        "\n[aliases]\ngemini-3-flash-audio = 'qwen-audio-local'\n"
    cat = load_catalog(settings(tmp_path, text))
    assert cat.resolve("gemini-3-flash-audio", "understand").name == "qwen-audio-local"
    card = cat.model_card("gemini-3-flash-audio")
    assert card is not None and card["alias_of"] == "qwen-audio-local"
    assert (card["quality_tier"], card["release_stage"]) == ("premium", "beta")
    assert card["pricing"] == {"mode": "per-minute", "per_minute_usd": 0.001} and card["pricing_mode"] == "per-minute"
    listing = cat.listing()
    assert listing["aliases"]["gemini-3-flash-audio"] == "qwen-audio-local"
    assert {m["id"] for m in listing["data"]} == {*cat.skus, *cat.aliases}
    assert cat.model_card("nope") is None
