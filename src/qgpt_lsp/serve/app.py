"""The Starlette application: the QGPT endpoints of a :class:`~qgpt_lsp.backend.Backend`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from .. import __version__
from ..backend import Backend, IndexedBackend
from .endpoints import ENDPOINTS, endpoint_route
from .guard import RequestGuard
from .hub import SessionHub
from .openapi import openapi_document
from .settings import ServeSettings

log = logging.getLogger(__name__)

STREAM_PATH = "/qgpt/stream"


async def health(_: Request) -> Response:
    return PlainTextResponse("ok")


async def version(_: Request) -> Response:
    return PlainTextResponse(__version__)


async def upgrade_required(_: Request) -> Response:
    return PlainTextResponse(
        "/qgpt/stream is a WebSocket", status_code=426, headers={"Upgrade": "websocket"}
    )


def build_app(
    backend: Backend, settings: ServeSettings | None = None, build_index: bool = True
) -> Starlette:
    """The app serving ``backend``; it owns the backend (closed at shutdown).

    With ``build_index`` and an :class:`IndexedBackend`, the index is built before the
    server answers anything. ``app.state.hub`` holds the live stream sockets.
    """
    settings = settings or ServeSettings()
    hub = SessionHub()
    app = Starlette(
        routes=_routes(backend, settings, hub),
        middleware=[Middleware(RequestGuard, settings=settings)],
        lifespan=_lifespan(backend, settings, hub, build_index),
    )
    app.state.hub = hub
    return app


def _routes(backend: Backend, settings: ServeSettings, hub: SessionHub) -> list[BaseRoute]:
    document = openapi_document(with_token=settings.token is not None)

    async def openapi(_: Request) -> Response:
        return JSONResponse(document)

    routes: list[BaseRoute] = [
        endpoint_route(e, backend, settings.max_body_bytes) for e in ENDPOINTS
    ]
    return [
        *routes,
        hub.route(STREAM_PATH, backend, settings),
        Route(STREAM_PATH, upgrade_required, methods=["GET"]),
        Route("/.well-known/health", health, methods=["GET", "HEAD"]),
        Route("/.well-known/version", version, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]


def _lifespan(
    backend: Backend, settings: ServeSettings, hub: SessionHub, build_index: bool
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if build_index and isinstance(backend, IndexedBackend):
            status = await backend.build_index()
            log.info("index %s: %d files, %d chunks", status.state, status.files, status.chunks)
        try:
            yield
        finally:
            await hub.drain(settings.shutdown_grace)
            await backend.aclose()

    return lifespan
