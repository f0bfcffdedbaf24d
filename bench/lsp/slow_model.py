"""A slow OpenAI-compatible chat server on loopback: keeps an answer streaming.

The latency benchmark measures hovers and code actions *while an answer
streams*; this server makes the engine's ``openai`` answerer stream one word
every ``delay`` seconds, over real SSE, from a thread of its own (so the
benchmark's client loop does not serve it).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route


def _chunk(content: str | None, finish: str | None = None) -> str:
    delta = {"content": content} if content is not None else {}
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    body = {"id": "slow", "object": "chat.completion.chunk", "model": "slow", "choices": [choice]}
    return f"data: {json.dumps(body)}\n\n"


def slow_app(delay: float, words: int) -> Starlette:
    async def models(_: Request) -> JSONResponse:
        return JSONResponse({"object": "list", "data": [{"id": "slow", "object": "model"}]})

    async def chat(_: Request) -> StreamingResponse:
        async def events() -> AsyncIterator[str]:
            for number in range(words):
                await asyncio.sleep(delay)
                yield _chunk(f"word{number} ")
            yield _chunk(None, "stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    routes = [Route("/v1/models", models), Route("/v1/chat/completions", chat, methods=["POST"])]
    return Starlette(routes=routes)


@contextmanager
def slow_model(delay: float, words: int = 100_000) -> Iterator[str]:
    """Serves :func:`slow_app` on 127.0.0.1 until the block exits; yields its ``/v1`` URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(slow_app(delay, words), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.02)
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
