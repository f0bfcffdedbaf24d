"""Addresses: the WebSocket URL next to a base URL, and what to call the server in messages."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit

#: Ports a Pieces OS listens on: the current range, then the legacy 1000 and 5323.
PIECES_PORT_RANGE: tuple[int, ...] = tuple(range(39300, 39334))
LEGACY_PIECES_PORTS: tuple[int, ...] = (1000, 5323)


def normalize_base_url(base_url: str) -> str:
    """``base_url`` without a trailing slash; a URL without a scheme is rejected."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {base_url!r} (try http://127.0.0.1:39300)")
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def ws_url(base_url: str, path: str) -> str:
    """The ``ws://`` (or ``wss://``) URL of ``path`` on the server at ``base_url``."""
    parts = urlsplit(normalize_base_url(base_url))
    scheme = "wss" if parts.scheme == "https" else "ws"
    return urlunsplit((scheme, parts.netloc, parts.path + path, "", ""))


def is_loopback(base_url: str) -> bool:
    """True when ``base_url`` names this machine (no proxy should ever be used for it)."""
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_label(base_url: str) -> str:
    """How messages name the server.

    "Pieces OS at URL" on a port Pieces OS uses, else "QGPT server at URL".
    """
    parts = urlsplit(base_url)
    pieces_ports = PIECES_PORT_RANGE + LEGACY_PIECES_PORTS
    name = "Pieces OS" if parts.port in pieces_ports else "QGPT server"
    return f"{name} at {normalize_base_url(base_url)}"
