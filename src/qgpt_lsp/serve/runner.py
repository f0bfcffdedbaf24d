"""Run the app under uvicorn, ending in-flight streams cleanly on shutdown."""

from __future__ import annotations

import socket
import sys

import uvicorn
from starlette.applications import Starlette

from .hub import SessionHub
from .log_redaction import keep_secrets_out_of_logs
from .settings import ServeSettings
from .timeouts import TimedH11Protocol


class GracefulServer(uvicorn.Server):
    """A uvicorn server that lets every stream end with a terminal frame before closing.

    uvicorn closes open WebSockets (1012) as soon as it shuts down; this drains the
    :class:`SessionHub` first: no new connections, every request stopped, each one ends
    STOPPED (or COMPLETED, if it finished meanwhile), then the sockets close with 1001.
    """

    def __init__(self, config: uvicorn.Config, hub: SessionHub, grace: float) -> None:
        super().__init__(config)
        self.hub = hub
        self.grace = grace

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            host = self.config.host
            shown = f"[{host}]" if ":" in host else host
            print(f"qgpt-lsp serve: listening on http://{shown}:{self.port}", flush=True)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        count = len(self.hub.sessions)
        print(f"qgpt-lsp serve: shutting down ({count} stream sockets open)", flush=True)
        await self.hub.drain(self.grace)
        await super().shutdown(sockets)

    @property
    def port(self) -> int:
        """The port actually bound (useful with port 0); 0 before startup."""
        for server in self.servers:
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        return 0


def make_server(
    app: Starlette, settings: ServeSettings, log_level: str = "info", access_log: bool = False
) -> GracefulServer:
    """A configured, not yet started, server for ``app`` (built by ``build_app``)."""
    keep_secrets_out_of_logs()
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        http=TimedH11Protocol.with_timeouts(settings.header_timeout, settings.body_timeout),
        ws_max_size=settings.max_frame_bytes,
        limit_concurrency=settings.max_connections,
        timeout_graceful_shutdown=int(settings.shutdown_grace) + 5,
        log_level=log_level,
        lifespan="on",
        server_header=False,
        access_log=access_log,
    )
    return GracefulServer(config, app.state.hub, settings.shutdown_grace)


def warn_if_exposed(settings: ServeSettings) -> None:
    """Say loudly on stderr when the server is reachable from other machines."""
    if settings.binds_loopback:
        return
    guard = "a token is required" if settings.token else "NO TOKEN: anyone can ask"
    print(
        f"WARNING: qgpt-lsp serve binds {settings.host}: other machines can reach it and "
        f"read answers about your code ({guard}). Use --host 127.0.0.1 to keep it local.",
        file=sys.stderr,
        flush=True,
    )
