"""Find a running Pieces OS on this machine, the way Pieces' own clients do.

Scan 127.0.0.1 ports 39300-39333 concurrently (a TCP connect with a short
timeout, then ``HEAD /.well-known/health`` expecting 200), take the first port
(in order) that answers; if none does, try the legacy ports 1000 and 5323; then read
``GET /.well-known/version``. The whole search is bounded by ``timeout``.

``QGPT_LSP_PIECES_PORTS`` (comma-separated ports, or empty for none) replaces
the default ports: for tests, and for a Pieces OS on a port of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from .urls import LEGACY_PIECES_PORTS, PIECES_PORT_RANGE

__all__ = ["PORTS_ENV", "DiscoveredPiecesOS", "default_port_groups", "discover"]

_log = logging.getLogger(__name__)

PORTS_ENV = "QGPT_LSP_PIECES_PORTS"
_PIECES_VERSION = re.compile(r"^12\.\d+")


@dataclass(frozen=True)
class DiscoveredPiecesOS:
    """A QGPT server that answered on this machine."""

    base_url: str
    port: int
    version: str | None

    @property
    def is_pieces(self) -> bool:
        """True when the version looks like Pieces OS (12.x), the one Pieces clients accept."""
        return self.version is not None and bool(_PIECES_VERSION.match(self.version))


def default_port_groups() -> tuple[tuple[int, ...], ...]:
    """The ports to scan, in groups tried one after the other (see ``PORTS_ENV``)."""
    defaults = (PIECES_PORT_RANGE, LEGACY_PIECES_PORTS)
    override = os.environ.get(PORTS_ENV)
    if override is None:
        return defaults
    parts = [part for part in override.replace(" ", "").split(",") if part]
    if not all(part.isdigit() and 0 < int(part) < 65536 for part in parts):
        _log.warning("%s=%r is not a list of ports; scanning the defaults", PORTS_ENV, override)
        return defaults
    return (tuple(int(part) for part in parts),) if parts else ()


async def discover(
    timeout: float = 1.0,  # noqa: ASYNC109 (the documented API: one bound for the whole scan)
    *,
    ports: Sequence[int] | None = None,
    host: str = "127.0.0.1",
    connect_timeout: float = 0.2,
) -> DiscoveredPiecesOS | None:
    """The first Pieces OS (or QGPT server) that answers on ``host``, or None.

    ``ports`` replaces the default groups with one group scanned concurrently.
    """
    groups = (tuple(ports),) if ports is not None else default_port_groups()
    probe_timeout = max(0.05, min(connect_timeout, timeout))
    async with httpx.AsyncClient(timeout=timeout, trust_env=False) as http:
        try:
            async with asyncio.timeout(timeout):
                port = await _scan(http, host, groups, probe_timeout)
        except TimeoutError:
            return None
        if port is None:
            return None
        base_url = f"http://{host}:{port}"
        return DiscoveredPiecesOS(base_url, port, await _version(http, base_url))


async def _scan(
    http: httpx.AsyncClient, host: str, groups: Sequence[Sequence[int]], probe_timeout: float
) -> int | None:
    """The first port (in scan order) of the first group with a healthy server."""
    for group in groups:
        answers = await asyncio.gather(*(_healthy(http, host, p, probe_timeout) for p in group))
        found = [port for port, ok in zip(group, answers, strict=True) if ok]
        if found:
            return found[0]
    return None


async def _healthy(http: httpx.AsyncClient, host: str, port: int, probe_timeout: float) -> bool:
    if not await _listens(host, port, probe_timeout):
        return False
    try:
        response = await http.head(f"http://{host}:{port}/.well-known/health")
    except httpx.HTTPError:
        return False
    return response.status_code == 200


async def _listens(host: str, port: int, probe_timeout: float) -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), probe_timeout)
    except (OSError, TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


async def _version(http: httpx.AsyncClient, base_url: str) -> str | None:
    try:
        response = await http.get(f"{base_url}/.well-known/version")
    except httpx.HTTPError:
        return None
    text = response.text.strip().strip('"').strip()
    return text if response.status_code == 200 and text else None
