"""The live stream sockets of one server, so a shutdown can end them cleanly."""

from __future__ import annotations

import asyncio

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from ..backend import Backend
from .settings import ServeSettings
from .stream import SocketSession


class SessionHub:
    """Keeps every open :class:`SocketSession`; :meth:`drain` ends them all gracefully."""

    def __init__(self) -> None:
        self.sessions: set[SocketSession] = set()
        self.draining = False

    async def drain(self, grace: float) -> None:
        """Stop every request in flight (each ends STOPPED or COMPLETED), then close."""
        self.draining = True
        sessions = list(self.sessions)
        await asyncio.gather(*(s.shutdown(grace) for s in sessions), return_exceptions=True)

    def route(self, path: str, backend: Backend, settings: ServeSettings) -> WebSocketRoute:
        """The WebSocket route serving ``/qgpt/stream`` from ``backend``."""

        async def endpoint(socket: WebSocket) -> None:
            if self.draining:
                await socket.close(1001, "the server is shutting down")
                return
            session = SocketSession(socket, backend, settings)
            self.sessions.add(session)
            try:
                await session.serve()
            finally:
                self.sessions.discard(session)

        return WebSocketRoute(path, endpoint, name="stream")
