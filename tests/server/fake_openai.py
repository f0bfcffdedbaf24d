"""A recording OpenAI-compatible chat server on loopback, for the embedded engine's
``openai`` answerer: every chat request is kept, every reply streams over real SSE.

The reply is ``"Answer from <model>."`` in words (one chunk each), then a chunk
with ``finish_reason: "stop"``, then ``[DONE]``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from tests.fakes.loopback import serve_loopback


def _chunk(model: str, content: str | None, finish: str | None = None) -> str:
    delta = {"content": content} if content is not None else {}
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n"


@dataclass
class FakeOpenAI:
    """The server's state: ``chats`` holds every chat request body, in order."""

    chats: list[dict[str, Any]] = field(default_factory=list)
    base_url: str = ""

    def prompts(self) -> list[str]:
        """Each chat request's messages, joined into one text."""
        return ["\n".join(str(m.get("content")) for m in chat["messages"]) for chat in self.chats]

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/models", self._models),
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
            ]
        )

    @asynccontextmanager
    async def running(self) -> AsyncIterator[FakeOpenAI]:
        async with serve_loopback(self.app()) as port:
            self.base_url = f"http://127.0.0.1:{port}/v1"
            yield self

    async def _models(self, _: Request) -> JSONResponse:
        return JSONResponse({"object": "list", "data": [{"id": "fake", "object": "model"}]})

    async def _chat(self, request: Request) -> StreamingResponse:
        body = await request.json()
        self.chats.append(body)
        model = str(body.get("model"))

        async def events() -> AsyncIterator[str]:
            for word in f"Answer from {model}.".split(" "):
                yield _chunk(model, word + " ")
            yield _chunk(model, None, "stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")
