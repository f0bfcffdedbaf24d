"""Every error qgpt-lsp raises, in one tree (written down here, once).

::

    QGPTError                       anything qgpt-lsp raises on purpose
    ├── TransportError              we could not talk to the backend at all
    │   ├── BackendUnreachable      nothing listens / connection refused / DNS
    │   └── BackendTimeout          it listened, then did not answer in time
    ├── BackendStatusError          the backend answered with an error status
    │   ├── Unauthorized            401: bad or missing credentials/token
    │   ├── RateLimited             429: retried with backoff honouring Retry-After
    │   ├── ServerError             500 (and other 5xx but 503)
    │   └── Overloaded              503: retried with backoff
    ├── InvalidPayload              a body or frame does not fit the wire models
    ├── StreamFailed                a /qgpt/stream request ended FAILED (errorMessage)
    │   └── StreamDropped           the socket closed while a request was in flight
    └── RequestRejected             the request itself is wrong (maps to HTTP 400/422)
        ├── PathOutsideWorkspace    a path outside the workspace roots
        └── UnresolvableSnippet     a relevant item with neither a known id nor a fragment

Every message is a short sentence a user can act on; ``str(error)`` is it.
"""

from __future__ import annotations

from pydantic import ValidationError

__all__ = [
    "BackendStatusError",
    "BackendTimeout",
    "BackendUnreachable",
    "InvalidPayload",
    "Overloaded",
    "PathOutsideWorkspace",
    "QGPTError",
    "RateLimited",
    "RequestRejected",
    "ServerError",
    "StreamDropped",
    "StreamFailed",
    "TransportError",
    "Unauthorized",
    "UnresolvableSnippet",
    "summarize_validation_error",
]


class QGPTError(Exception):
    """Base of every error qgpt-lsp raises on purpose."""


class TransportError(QGPTError):
    """The backend could not be talked to."""


class BackendUnreachable(TransportError):
    """Nothing answers at the backend's address."""


class BackendTimeout(TransportError):
    """The backend did not answer in time."""


class BackendStatusError(QGPTError):
    """The backend answered with an HTTP error status."""

    status_code: int = 0

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        if status_code is not None:
            self.status_code = status_code


class Unauthorized(BackendStatusError):
    """401: the backend refused our credentials."""

    status_code = 401


class RateLimited(BackendStatusError):
    """429: too many requests; ``retry_after`` is in seconds when the server said."""

    status_code = 429

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerError(BackendStatusError):
    """500 or another 5xx (but 503): the backend failed."""

    status_code = 500


class Overloaded(BackendStatusError):
    """503: the backend is overloaded."""

    status_code = 503


class InvalidPayload(QGPTError):
    """A body or frame does not fit the wire models; the message says where."""


class StreamFailed(QGPTError):
    """A stream request ended FAILED; the message is the frame's ``errorMessage``."""

    def __init__(
        self, message: str, conversation: str | None = None, status_code: int | None = None
    ) -> None:
        super().__init__(message)
        self.conversation = conversation
        self.status_code = status_code


class StreamDropped(StreamFailed):
    """The stream socket closed while the request was in flight."""


class RequestRejected(QGPTError):
    """The request is wrong as asked (HTTP 400/422 when served)."""


class PathOutsideWorkspace(RequestRejected):
    """A path outside the workspace roots: nothing there is read or sent."""


class UnresolvableSnippet(RequestRejected):
    """A relevant item with neither a known id nor a fragment to answer from."""


def summarize_validation_error(error: ValidationError, what: str) -> str:
    """A one-line, human summary of a pydantic error: ``what`` and the first problems."""
    problems = []
    for item in error.errors()[:3]:
        where = ".".join(str(part) for part in item["loc"]) or "(body)"
        problems.append(f"{where}: {item['msg']}")
    more = error.error_count() - len(problems)
    suffix = f" (and {more} more)" if more > 0 else ""
    return f"invalid {what}: " + "; ".join(problems) + suffix
