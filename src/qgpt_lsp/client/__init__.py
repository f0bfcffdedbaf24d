"""Talk QGPT to a Pieces OS (or any QGPT server, e.g. our own ``serve``).

- :class:`QGPTClient`: the REST endpoints (httpx), with retries on 429/503.
- :class:`StreamSession`: ``/qgpt/stream``, many asks on one long-lived socket.
- :func:`discover`: find a Pieces OS on this machine.
- :class:`RemoteBackend`: all of it behind the :class:`~qgpt_lsp.backend.Backend` protocol.

Errors are those of :mod:`qgpt_lsp.errors`. This package imports neither pygls nor the engine.
"""

from __future__ import annotations

from .backend import RemoteBackend
from .discovery import PORTS_ENV, DiscoveredPiecesOS, default_port_groups, discover
from .rest import QGPTClient
from .retry import RetryPolicy
from .stream import StreamSession
from .urls import LEGACY_PIECES_PORTS, PIECES_PORT_RANGE

__all__ = [
    "LEGACY_PIECES_PORTS",
    "PIECES_PORT_RANGE",
    "PORTS_ENV",
    "DiscoveredPiecesOS",
    "QGPTClient",
    "RemoteBackend",
    "RetryPolicy",
    "StreamSession",
    "default_port_groups",
    "discover",
]
