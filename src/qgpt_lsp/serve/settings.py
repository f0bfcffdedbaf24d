"""What a ``qgpt-lsp serve`` process allows: where it listens, who may talk to it, how much."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

#: The default port: outside 39300-39333, where Pieces clients look for a Pieces OS.
DEFAULT_PORT = 39350

#: Host names that always mean "this machine" (the Host header check accepts them).
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class ServeSettings:
    """The limits and the security policy of one server."""

    host: str = "127.0.0.1"
    """The address to bind; anything but loopback is a deliberate choice (warned about)."""
    port: int = DEFAULT_PORT
    """The TCP port; 0 picks a free one."""
    token: str | None = None
    """When set, every request must carry it (``Authorization: Bearer`` or ``?token=``)."""
    allow_origins: frozenset[str] = frozenset()
    """Origins (``scheme://host[:port]``) that may call besides same-origin and none."""
    allow_hosts: frozenset[str] = frozenset()
    """Extra Host header names accepted besides the loopback names and the bound host."""
    max_body_bytes: int = 2 * 1024 * 1024
    """The largest request body (413 beyond)."""
    max_frame_bytes: int = 2 * 1024 * 1024
    """The largest WebSocket frame a client may send (the socket closes 1009 beyond)."""
    max_requests_per_socket: int = 64
    """Stream requests in flight on one socket at once (FAILED 429 beyond)."""
    max_connections: int = 1024
    """Connections and tasks uvicorn serves at once (503 beyond)."""
    header_timeout: float = 10.0
    """Seconds a client gets to send a request's headers (the connection closes after)."""
    body_timeout: float = 30.0
    """Seconds a client gets to send a request's body once its headers are in."""
    shutdown_grace: float = 5.0
    """Seconds in-flight streams get to end after a stop when the server shuts down."""

    @property
    def binds_loopback(self) -> bool:
        """True when only this machine can reach the server."""
        return is_loopback(self.host)

    @property
    def url(self) -> str:
        """The base URL clients use."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True for the bind-everything addresses (``0.0.0.0``, ``::``)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False
