"""``qgpt-lsp serve``: any :class:`~qgpt_lsp.backend.Backend` as a QGPT-compatible server.

``build_app(backend, settings)`` is the Starlette app (REST endpoints, ``/qgpt/stream``,
``/.well-known/*``, ``/openapi.json``) behind the :class:`RequestGuard` (Host, Origin,
token); ``make_server(app, settings)`` runs it under uvicorn with a graceful shutdown.
"""

from __future__ import annotations

from .app import build_app
from .guard import RequestGuard
from .openapi import openapi_document
from .runner import GracefulServer, make_server, warn_if_exposed
from .settings import DEFAULT_PORT, ServeSettings, is_loopback
from .tokens import load_or_create_token

__all__ = [
    "DEFAULT_PORT",
    "GracefulServer",
    "RequestGuard",
    "ServeSettings",
    "build_app",
    "is_loopback",
    "load_or_create_token",
    "make_server",
    "openapi_document",
    "warn_if_exposed",
]
