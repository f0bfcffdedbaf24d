"""An OpenAI-compatible chat server on loopback that answers slowly, for the editor tests
that stop an answer: one word every ``WORD_GAP`` seconds, ``WORDS`` words in all, so an
answer that is not stopped ends "completed" long after a stop would have ended it.

A thread of its own (stdlib ``http.server``): the editors under test run in child
processes, and the test waits on them synchronously.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["WORDS", "slow_openai"]

WORDS = 600
WORD_GAP = 0.05


def _chunk(content: str | None, finish: str | None = None) -> bytes:
    delta = {"content": content} if content is not None else {}
    body = {
        "id": "chatcmpl-slow",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "slow",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n".encode()


class _Handler(BaseHTTPRequestHandler):
    stopped = threading.Event()  # replaced per server

    def log_message(self, *_: object) -> None:
        return

    def do_GET(self) -> None:  # /v1/models
        body = json.dumps({"object": "list", "data": [{"id": "slow", "object": "model"}]})
        self._send(200, "application/json", body.encode())

    def do_POST(self) -> None:  # /v1/chat/completions, streamed
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            for number in range(WORDS):
                self.wfile.write(_chunk(f"word{number} " + ("\n" if number % 10 == 9 else "")))
                self.wfile.flush()
                if self.stopped.wait(WORD_GAP):
                    return
            self.wfile.write(_chunk(None, "stop") + b"data: [DONE]\n\n")
        except (BrokenPipeError, ConnectionResetError):
            return  # the client closed the stream: the answer was stopped

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def slow_openai() -> Iterator[str]:
    """The base URL (``http://127.0.0.1:PORT/v1``) of a running slow server."""
    stopped = threading.Event()
    handler = type("Handler", (_Handler,), {"stopped": stopped})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        stopped.set()
        server.shutdown()
        server.server_close()
        thread.join()
