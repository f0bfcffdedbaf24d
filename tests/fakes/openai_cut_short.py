"""An OpenAI-compatible chat server that ends every stream before finishing it.

Some servers (llama-cpp-python's, vLLM behind some proxies) close a streamed
completion without a ``finish_reason`` when the prompt overflows the model's
window. This one does exactly that over real SSE: two content chunks, ``[DONE]``,
and no chunk that says why it stopped.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route


def _chunk(content: str) -> str:
    body = {
        "id": "chatcmpl-cut",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "cut-short",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
    }
    return f"data: {json.dumps(body)}\n\n"


async def _models(_: Request) -> JSONResponse:
    return JSONResponse({"object": "list", "data": [{"id": "cut-short", "object": "model"}]})


async def _chat(_: Request) -> StreamingResponse:
    async def events() -> AsyncIterator[str]:
        yield _chunk("The answer")
        yield _chunk(" is")
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")


app = Starlette(
    routes=[Route("/v1/models", _models), Route("/v1/chat/completions", _chat, methods=["POST"])]
)
