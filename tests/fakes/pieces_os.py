"""A fake Pieces OS: a real loopback HTTP + WebSocket server speaking the QGPT wire.

It behaves as ``shared/pieces-wire/README.md`` documents Pieces OS, with knobs
a test turns (all plain attributes or methods of :class:`FakePiecesOS`):

HTTP
- ``version`` (``"12.3.0"``): the body of ``GET /.well-known/version``.
- ``healthy`` (True): ``/.well-known/health`` (GET/HEAD) answers 200, else 503.
- ``token`` (None): when set, ``/qgpt/*`` and the stream want
  ``Authorization: Bearer <token>`` and answer 401 without it.
- ``replies[path]``: the reply of ``path`` (a wire model, or any JSON value to
  send a reply that does not fit). Without one: question -> the answer of
  ``answer_for(query)``; relevance -> each seed sent as a relevant snippet
  (``snippet-<n>``) plus the answer when ``options.question``; hints ->
  ``hints``; reprompt -> ``"standalone: <query>"``; persons/related -> one person.
- ``script(status, count=1, path=None, retry_after=None, body=None)``: the next
  ``count`` requests (to ``path``, or to any ``/qgpt/`` path incl. the stream
  handshake) answer ``status``, with a ``Retry-After`` header when given; ``body``
  is sent as JSON (bytes as they are).
- ``requests``: every ``/qgpt/`` HTTP request, as :class:`RecordedRequest`.
  Bodies are validated against the wire input models (400 when they do not fit).

/qgpt/stream (one JSON text frame per message)
- an ask answers IN-PROGRESS deltas (``chunk(answer_for(query))``, words) then one
  COMPLETED frame; no INITIALIZED frame. Every frame echoes ``request`` and carries
  ``conversation`` (new when the ask had none). Asks run concurrently.
- ``answers[query] = text``: what ``answer_for`` says (default ``"Answer to: <query>"``).
- ``delta_delay`` (0.0): seconds between deltas.
- ``fail_next(message, status_code=500, count=1)``: the next asks end FAILED with
  ``errorMessage`` (no deltas).
- ``stall_after`` (None): after this many deltas an answer waits until stopped,
  reset or dropped (lets a test stop or drop mid-answer deterministically).
- ``drop_after`` (None): after this many deltas on a connection, that socket is
  closed (code 1011) mid-answer; one-shot. ``await drop_connections()`` does it now.
- ``initialized_first`` (False): send an INITIALIZED frame before the deltas (as
  some servers do; the README says Pieces OS should not).
- ``{"conversation": id, "stop": true}`` ends that conversation's answers with
  STOPPED; ``{"reset": true}`` ends all with one RESET frame.
- ``stream_inputs``: every frame received, as the JSON value that came over the
  wire (a dict, exact shape: ``frame.get("stop")``); ``connections``: sockets
  accepted so far.

Use it as ``async with FakePiecesOS().running() as fake: fake.base_url`` (uvicorn
on 127.0.0.1, a free port in ``fake.port``, served inside the running event loop:
keep the loop free, e.g. await subprocesses with asyncio), or the
``fake_pieces_os`` fixture of :mod:`tests.fakes.fixtures`. ``app()`` is the bare
ASGI app (for ``httpx.ASGITransport``; no WebSocket there). Knobs may be turned
while it runs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute

from qgpt_lsp.wire import WireModel

from .loopback import serve_loopback
from .pieces_http import QGPT_ROUTES, RecordedRequest, handle_qgpt_post
from .pieces_stream import StreamEndpoint

__all__ = ["FakePiecesOS", "RecordedRequest", "ScriptedStatus"]  # RecordedRequest: pieces_http


@dataclass
class ScriptedStatus:
    """A status the next ``count`` matching requests get instead of their reply."""

    status: int
    count: int = 1
    path: str | None = None
    retry_after: str | None = None
    body: Any = None

    def response(self) -> Response:
        headers = {"Retry-After": self.retry_after} if self.retry_after is not None else {}
        if isinstance(self.body, bytes):
            return Response(self.body, self.status, headers, media_type="application/json")
        content = self.body if self.body is not None else {"error": f"scripted {self.status}"}
        return JSONResponse(content, status_code=self.status, headers=headers)


@dataclass
class FakePiecesOS:
    """The fake's state and knobs (see the module docstring)."""

    version: str = "12.3.0"
    healthy: bool = True
    token: str | None = None
    replies: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    hints: list[str] = field(default_factory=lambda: ["What calls this?", "How is it tested?"])
    delta_delay: float = 0.0
    stall_after: int | None = None
    drop_after: int | None = None
    initialized_first: bool = False
    requests: list[RecordedRequest] = field(default_factory=list)
    stream_inputs: list[Any] = field(default_factory=list)
    connections: int = 0
    base_url: str = ""
    port: int = 0
    _scripts: deque[ScriptedStatus] = field(default_factory=deque)
    _failures: deque[tuple[str, int]] = field(default_factory=deque)
    _stream: StreamEndpoint | None = None

    def answer_for(self, query: str) -> str:
        return self.answers.get(query, f"Answer to: {query}")

    def chunk(self, text: str) -> list[str]:
        """The deltas of ``text``: its words, each with the space that follows it."""
        words = text.split(" ")
        return [word + " " for word in words[:-1]] + [words[-1]]

    def script(
        self,
        status: int,
        count: int = 1,
        path: str | None = None,
        retry_after: float | str | None = None,
        body: Any = None,
    ) -> None:
        """Answer ``status`` to the next ``count`` requests (to ``path``, or any /qgpt/ one)."""
        header = None if retry_after is None else str(retry_after)
        self._scripts.append(ScriptedStatus(status, count, path, header, body))

    def take_script(self, path: str) -> ScriptedStatus | None:
        """The scripted status for a request to ``path``, if one is due (used by the routes)."""
        for scripted in self._scripts:
            if scripted.path in (None, path):
                scripted.count -= 1
                if scripted.count <= 0:
                    self._scripts.remove(scripted)
                return scripted
        return None

    def fail_next(self, message: str, status_code: int = 500, count: int = 1) -> None:
        self._failures.extend([(message, status_code)] * count)

    def take_failure(self) -> tuple[str, int] | None:
        return self._failures.popleft() if self._failures else None

    def authorized(self, connection: HTTPConnection) -> bool:
        if self.token is None:
            return True
        return connection.headers.get("authorization") == f"Bearer {self.token}"

    def reply_for(self, path: str) -> Any:
        reply = self.replies.get(path)
        return reply.to_wire() if isinstance(reply, WireModel) else reply

    async def drop_connections(self) -> None:
        """Close every stream socket now (code 1011), answers in flight or not."""
        if self._stream is not None:
            await self._stream.drop_all()

    def app(self) -> Starlette:
        self._stream = StreamEndpoint(self)
        routes: list[Route | WebSocketRoute] = [
            Route("/.well-known/health", self._health, methods=["GET", "HEAD"]),
            Route("/.well-known/version", self._version, methods=["GET"]),
            WebSocketRoute("/qgpt/stream", self._stream.handle),
        ]
        routes += [Route(path, self._post, methods=["POST"]) for path in QGPT_ROUTES]
        return Starlette(routes=routes)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[FakePiecesOS]:
        """Serve on 127.0.0.1 (a free port) until the block exits; sets ``base_url``."""
        async with serve_loopback(self.app()) as port:
            self.port, self.base_url = port, f"http://127.0.0.1:{port}"
            yield self

    async def _health(self, request: HTTPConnection) -> Response:
        return PlainTextResponse("ok" if self.healthy else "starting", 200 if self.healthy else 503)

    async def _version(self, request: HTTPConnection) -> Response:
        return PlainTextResponse(self.version)

    async def _post(self, request: Request) -> Response:
        return await handle_qgpt_post(self, request)
