"""Many sockets and streams at once on the real engine; the server keeps serving."""

from __future__ import annotations

import asyncio
import json

import httpx
from websockets.asyncio.client import connect

from .live import LiveServer

SOCKETS = 50
PER_SOCKET = 2


async def ask_twice(url: str, index: int) -> list[str]:
    """Two requests at once on one socket; the statuses of their terminal frames."""
    async with connect(url, open_timeout=60, close_timeout=10) as socket:
        for turn in range(PER_SOCKET):
            query = "how are two numbers added?" if turn else "how is a session token checked?"
            frame = {"relevance": {"query": query, "options": {"question": True}}}
            await socket.send(json.dumps({**frame, "request": f"{index}-{turn}"}))
        ended: dict[str, str] = {}
        text: dict[str, str] = {}
        while len(ended) < PER_SOCKET:
            out = json.loads(await socket.recv())
            if out["status"] == "IN-PROGRESS":
                text[out["request"]] = (
                    text.get(out["request"], "") + out["question"]["answers"]["iterable"][0]["text"]
                )
            else:
                ended[out["request"]] = out["status"]
        assert all(text.get(request) for request in ended), "an answer came back empty"
        return list(ended.values())


async def abandon_mid_answer(url: str) -> None:
    async with connect(url, open_timeout=60) as socket:
        await socket.send(
            json.dumps({"relevance": {"query": "add numbers", "options": {"question": True}}})
        )


async def test_many_sockets_streaming_at_once(engine_server: LiveServer) -> None:
    url = engine_server.ws_url
    async with asyncio.timeout(240):
        asks = asyncio.gather(*(ask_twice(url, index) for index in range(SOCKETS)))
        gone = asyncio.gather(*(abandon_mid_answer(url) for _ in range(5)))
        results, _ = await asyncio.gather(asks, gone)
    statuses = [status for result in results for status in result]
    assert statuses == ["COMPLETED"] * SOCKETS * PER_SOCKET
    async with httpx.AsyncClient(base_url=engine_server.url, timeout=60) as client:
        replies = await asyncio.gather(
            *(client.post("/qgpt/relevance", json={"query": f"numbers {i}"}) for i in range(40))
        )
        assert {reply.status_code for reply in replies} == {200}
        assert (await client.get("/.well-known/health")).status_code == 200
