"""Any OpenAI-compatible server that takes audio in Chat Completions (vLLM serving Qwen2-Audio,
Qwen2.5-Omni, Voxtral and similar), by base URL, through the official `openai` SDK.

The wire format is OpenAI's: POST {base_url}/chat/completions with the question as a text part and
the clip as an `input_audio` part. The key is optional (many self-hosted servers take none).
"""

from __future__ import annotations

from aural.providers.openai_audio import OpenAIAudioProvider


class OpenAICompatibleProvider(OpenAIAudioProvider):
    provider_name = "openai-compatible"
    token_param = "max_tokens"  # what vLLM, llama.cpp and Ollama read
    default_key_env = None
    key_required = False
