"""Who may talk to the server: checked on every HTTP request and WebSocket handshake.

A browser page can reach ``127.0.0.1`` too, so loopback alone is no protection:

- **Host** must name this machine (``localhost``, ``127.0.0.1``, ``[::1]``, any port), or
  the address it was deliberately bound to, or an ``--allow-host`` name: a DNS-rebinding
  page (``evil.example`` resolving to 127.0.0.1) sends its own name and is refused (403).
- **Origin** is refused (403) unless absent, same-origin (``http://<Host>``, what
  non-browser WebSocket clients such as ``websocket-client`` send), or ``--allow-origin``.
  ``null`` (sandboxed or ``file://`` pages) and ``vscode-webview://`` are web pages too.
- **Token**, when configured: ``Authorization: Bearer T`` or ``?token=T`` (401 otherwise).
- **Path**: a malformed one (bad percent-encoding, not UTF-8, a NUL or control character,
  over 2,048 bytes) is refused with 400 before anything routes it.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
from urllib.parse import parse_qs, unquote_to_bytes

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from .settings import LOOPBACK_NAMES, ServeSettings, is_wildcard

_SECURE_SCHEMES = frozenset({"https", "wss"})
_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_PATH_BYTES = 2048


class RequestGuard:
    """ASGI middleware refusing requests from the wrong host, origin or without the token."""

    def __init__(self, app: ASGIApp, settings: ServeSettings) -> None:
        self.app = app
        self.settings = settings
        self.hosts = LOOPBACK_NAMES | {name.lower() for name in settings.allow_hosts}
        self.any_ip_host = is_wildcard(settings.host)
        if not self.any_ip_host:
            self.hosts |= {settings.host.strip("[]").lower()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, reason = refusal
        response = PlainTextResponse(reason, status_code=status)
        if scope["type"] == "http":
            await response(scope, receive, send)
        elif "websocket.http.response" in scope.get("extensions", {}):
            await WebSocket(scope, receive, send).send_denial_response(response)
        else:
            await send({"type": "websocket.close", "code": 1008, "reason": reason})

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """``(status, reason)`` when the request must be refused, else ``None``."""
        if path_problem := malformed_path(scope):
            return 400, f"malformed path: {path_problem}"
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if not self.host_allowed(host):
            return 403, "refused: the Host header does not name this server"
        if not self.origin_allowed(headers.get("origin"), host, scope.get("scheme", "http")):
            return 403, "refused: cross-origin requests are not allowed"
        if self.settings.token and not self.token_matches(scope, headers):
            return 401, "unauthorized: a valid token is required"
        return None

    def host_allowed(self, host_header: str) -> bool:
        name = host_name(host_header)
        if name in self.hosts:
            return True
        return self.any_ip_host and is_ip(name)

    def origin_allowed(self, origin: str | None, host_header: str, scheme: str) -> bool:
        if origin is None:
            return True
        origin = origin.strip().rstrip("/")
        if origin in self.settings.allow_origins:
            return True
        own = "https" if scheme in _SECURE_SCHEMES else "http"
        return bool(host_header) and origin.lower() == f"{own}://{host_header}".lower()

    def token_matches(self, scope: Scope, headers: Headers) -> bool:
        expected = (self.settings.token or "").encode()
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), expected):
            return True
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        return any(
            hmac.compare_digest(given.encode(), expected) for given in query.get("token", [])
        )


def malformed_path(scope: Scope) -> str | None:
    """What is wrong with the request's path, or ``None`` when it is well-formed."""
    raw: bytes = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "replace")
    if len(raw) > MAX_PATH_BYTES:
        return f"longer than {MAX_PATH_BYTES} bytes"
    if _BAD_PERCENT.search(raw):
        return "bad percent-encoding"
    try:
        decoded = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 once decoded"
    if _CONTROL.search(decoded):
        return "a NUL or control character"
    return None


def host_name(host_header: str) -> str:
    """The name part of a Host header, lower-cased: ``[::1]:80`` -> ``::1``."""
    value = host_header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else ""
    name, _, _ = value.partition(":")
    return name


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
