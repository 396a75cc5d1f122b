"""Fake upstream model servers on loopback, speaking each provider's documented wire format, for the
provider tests: the real SDKs are pointed at them by base URL.

- OpenAI Chat Completions (also what OpenAI-compatible servers speak): POST /v1/chat/completions,
  `Authorization: Bearer KEY`, errors as {"error": {"message", "type", "param", "code"}}.
- Gemini: POST /v1beta/models/{model}:generateContent with `x-goog-api-key: KEY`, and the Files API
  (POST /upload/v1beta/files starts a resumable upload, the x-goog-upload-url takes the bytes with
  `X-Goog-Upload-Command: upload, finalize`, GET/DELETE /v1beta/files/{id}); errors as
  {"error": {"code", "message", "status"}}.

Each server records every request and answers from a script: a queue of replies (status, body,
headers), 'hang' (sleep past the client's timeout), or 'garbage'; when the queue is empty, `default`.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator
from urllib.parse import urlparse

GOOGLE_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
                 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    body: Any = None          # dict -> JSON; bytes/str as is; None -> the route's normal answer
    headers: dict[str, str] = field(default_factory=dict)
    hang_s: float = 0.0       # sleep this long before answering (a hang past the client's timeout)


class FakeUpstream:
    """One fake server; `kind` is 'openai' or 'gemini'."""

    def __init__(self, kind: str, answer: str = "A siren wails over steady traffic.") -> None:
        self.kind = kind
        self.answer = answer
        self.requests: list[Recorded] = []
        self.script: list[Reply | str] = []
        self.files: dict[str, dict] = {}
        self.file_states: list[str] = []   # states the Files API reports on successive GETs
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.root = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    # ------------------------------------------------------------ helpers for tests

    @property
    def base_url(self) -> str:
        """What the SDK is given: OpenAI's includes /v1, Gemini's is the host."""
        return self.root + "/v1" if self.kind == "openai" else self.root

    def queue(self, *replies: Reply | str) -> None:
        with self._lock:
            self.script.extend(replies)

    def error(self, status: int, message: str = "upstream trouble", **headers: str) -> Reply:
        if self.kind == "openai":
            body = {"error": {"message": message, "type": "server_error" if status >= 500 else "invalid_request_error",
                              "param": None, "code": None}}
        else:
            body = {"error": {"code": status, "message": message, "status": GOOGLE_STATUS.get(status, "UNKNOWN")}}
        return Reply(status, body, {k.replace("_", "-"): v for k, v in headers.items()})

    def calls(self, contains: str) -> list[Recorded]:
        return [r for r in self.requests if contains in r.path]

    # ------------------------------------------------------------ answers

    def chat_completion(self, model: str) -> dict:
        return {"id": "chatcmpl-" + uuid.uuid4().hex[:12], "object": "chat.completion", "created": int(time.time()),
                "model": model, "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                                             "message": {"role": "assistant", "content": self.answer}}],
                "usage": {"prompt_tokens": 120, "completion_tokens": 12, "total_tokens": 132}}

    def generate_content(self, model: str) -> dict:
        return {"candidates": [{"content": {"parts": [{"text": self.answer}], "role": "model"},
                                "finishReason": "STOP", "index": 0}],
                "usageMetadata": {"promptTokenCount": 120, "candidatesTokenCount": 12, "totalTokenCount": 132},
                "modelVersion": model, "responseId": uuid.uuid4().hex[:16]}

    def _file(self, fid: str) -> dict:
        state = self.file_states.pop(0) if self.file_states else "ACTIVE"
        f = self.files[fid]
        f["state"] = state
        return f

    def _route(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, Any, dict[str, str]]:
        p = urlparse(path)
        if self.kind == "openai" and method == "POST" and p.path == "/v1/chat/completions":
            return 200, self.chat_completion(json.loads(body).get("model", "")), {}
        if self.kind == "gemini":
            if method == "POST" and p.path.startswith("/v1beta/models/") and p.path.endswith(":generateContent"):
                model = p.path[len("/v1beta/models/"):-len(":generateContent")]
                return 200, self.generate_content(model), {}
            if method == "POST" and p.path == "/upload/v1beta/files":
                command = headers.get("x-goog-upload-command", "")
                if command == "start":
                    fid = uuid.uuid4().hex[:10]
                    meta = json.loads(body or b"{}").get("file", {})
                    self.files[fid] = {"name": f"files/{fid}", "mimeType": headers.get(
                        "x-goog-upload-header-content-type", meta.get("mimeType", "")),
                        "sizeBytes": headers.get("x-goog-upload-header-content-length", "0"),
                        "uri": f"{self.root}/v1beta/files/{fid}", "state": "PROCESSING", "data": b""}
                    url = f"{self.root}/upload/v1beta/files?upload_id={fid}&upload_protocol=resumable"
                    return 200, {}, {"x-goog-upload-url": url, "x-goog-upload-status": "active"}
                fid = p.query.split("upload_id=")[1].split("&")[0]
                self.files[fid]["data"] += body
                if "finalize" in command:
                    f = {k: v for k, v in self._file(fid).items() if k != "data"}
                    return 200, {"file": f}, {"x-goog-upload-status": "final"}
                return 200, {}, {"x-goog-upload-status": "active"}
            if p.path.startswith("/v1beta/files/"):
                fid = p.path.rsplit("/", 1)[1]
                if fid not in self.files:
                    return 404, {"error": {"code": 404, "message": "no such file", "status": "NOT_FOUND"}}, {}
                if method == "DELETE":
                    self.files[fid]["deleted"] = True
                    return 200, {}, {}
                return 200, {k: v for k, v in self._file(fid).items() if k not in ("data", "deleted")}, {}
        return 404, {"error": {"message": f"no route {method} {p.path}", "code": 404}}, {}

    def _handler(self):  # -> type[BaseHTTPRequestHandler]
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                upstream.requests.append(Recorded(self.command, self.path, headers, body))
                status, payload, extra = upstream._route(self.command, self.path, headers, body)
                scripted: Reply | str | None = None
                is_model_call = "chat/completions" in self.path or "generateContent" in self.path
                if is_model_call:
                    with upstream._lock:
                        scripted = upstream.script.pop(0) if upstream.script else None
                if scripted == "garbage":
                    status, payload, extra = 200, b"<html>surprise</html>", {"content-type": "text/html"}
                elif isinstance(scripted, Reply):
                    if scripted.hang_s:
                        upstream._stop.wait(scripted.hang_s)
                    if scripted.body is not None or scripted.status != 200:
                        status, payload = scripted.status, scripted.body if scripted.body is not None else {}
                    extra = {**extra, **scripted.headers}
                data = payload if isinstance(payload, bytes) else (
                    payload.encode() if isinstance(payload, str) else json.dumps(payload).encode())
                try:
                    self.send_response(status)
                    if "content-type" not in extra:
                        self.send_header("content-type", "application/json")
                    for k, v in extra.items():
                        self.send_header(k, v)
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_DELETE = _serve

        return Handler

    def start(self) -> "FakeUpstream":
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def fake_upstream(kind: str, answer: str = "A siren wails over steady traffic.") -> Iterator[FakeUpstream]:
    up = FakeUpstream(kind, answer).start()
    try:
        yield up
    finally:
        up.stop()
