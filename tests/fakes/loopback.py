"""Run an ASGI app on a real 127.0.0.1 socket (port 0) inside the running event loop."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from starlette.types import ASGIApp

#: Seconds to wait for uvicorn to start or stop: far more than it needs on loopback.
START_STOP_BOUND = 10.0


class _LoopbackServer(uvicorn.Server):
    """A uvicorn server that says when it listens."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.listening = asyncio.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.listening.set()


@asynccontextmanager
async def serve_loopback(app: ASGIApp) -> AsyncIterator[int]:
    """Serve ``app`` on 127.0.0.1 (a free port, yielded) until the block exits."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="off",
        ws="websockets-sansio",
        timeout_graceful_shutdown=2,
    )
    server = _LoopbackServer(config)
    serving = asyncio.create_task(server.serve(), name="fake-pieces-os")
    listening = asyncio.create_task(server.listening.wait())
    try:
        await asyncio.wait(
            {serving, listening}, timeout=START_STOP_BOUND, return_when=asyncio.FIRST_COMPLETED
        )
        if not server.listening.is_set():
            raise RuntimeError("the loopback server did not start")
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        listening.cancel()
        server.should_exit = True
        await asyncio.wait({serving}, timeout=START_STOP_BOUND)
