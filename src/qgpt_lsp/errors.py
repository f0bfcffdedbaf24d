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
    ├── IndexBusy                   another process is writing the workspace index
    ├── GitFailed                   a git command failed (git's own message)
    └── RequestRejected             the request itself is wrong (maps to HTTP 400/422)
        ├── PathOutsideWorkspace    a path outside the workspace roots
        ├── UnresolvableSnippet     a relevant item with neither a known id nor a fragment
        ├── BodyTooLarge            an HTTP body over the served limit
        └── EmbeddingsUnavailable   the opt-in semantic stage is asked for but not installed

Every message is a short sentence a user can act on; ``str(error)`` is it.

One map turns any exception into what each transport reports (:func:`http_status`
for ``serve`` and FAILED stream frames, :func:`rpc_code` for the language server):

==========================================  ======  ==========================
error                                       HTTP    JSON-RPC (LSP)
==========================================  ======  ==========================
pydantic ``ValidationError``, InvalidPayload  422     -32602 InvalidParams
BodyTooLarge                                413     -32602 InvalidParams
RequestRejected (the rest)                  400     -32602 InvalidParams
BackendStatusError                          its own -32603 InternalError
StreamFailed                                its own -32603 InternalError
IndexBusy                                   503     -32603 InternalError
BackendTimeout                              504     -32603 InternalError
TransportError (the rest)                   502     -32603 InternalError
any other exception                         500     -32603 InternalError
==========================================  ======  ==========================
"""

from __future__ import annotations

from pydantic import ValidationError

__all__ = [
    "INTERNAL_ERROR",
    "INVALID_PARAMS",
    "BackendStatusError",
    "BackendTimeout",
    "BackendUnreachable",
    "BodyTooLarge",
    "EmbeddingsUnavailable",
    "GitFailed",
    "IndexBusy",
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
    "http_status",
    "rpc_code",
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


class BodyTooLarge(RequestRejected):
    """An HTTP request body over the served limit."""


class EmbeddingsUnavailable(RequestRejected):
    """The semantic stage's embedding table or tokenizer cannot be loaded."""


class IndexBusy(QGPTError):
    """Another process is writing this index right now."""


class GitFailed(QGPTError):
    """A git command failed; the message is git's own."""


#: JSON-RPC error codes (the LSP specification's): the request's params are wrong, or the
#: server failed it.
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603


def http_status(error: BaseException) -> int:
    """The HTTP status ``error`` is reported with (``serve``, and FAILED stream frames)."""
    if isinstance(error, ValidationError | InvalidPayload):
        return 422
    if isinstance(error, BodyTooLarge):
        return 413
    if isinstance(error, RequestRejected):
        return 400
    if isinstance(error, BackendStatusError | StreamFailed):
        return error.status_code or 500
    if isinstance(error, IndexBusy):
        return 503
    if isinstance(error, BackendTimeout):
        return 504
    if isinstance(error, TransportError):
        return 502
    return 500


def rpc_code(error: BaseException) -> int:
    """The JSON-RPC error code the language server answers ``error`` with."""
    if isinstance(error, ValidationError | InvalidPayload | RequestRejected):
        return INVALID_PARAMS
    return INTERNAL_ERROR


def summarize_validation_error(error: ValidationError, what: str) -> str:
    """A one-line, human summary of a pydantic error: ``what`` and the first problems."""
    problems = []
    for item in error.errors()[:3]:
        where = ".".join(str(part) for part in item["loc"]) or "(body)"
        problems.append(f"{where}: {item['msg']}")
    more = error.error_count() - len(problems)
    suffix = f" (and {more} more)" if more > 0 else ""
    return f"invalid {what}: " + "; ".join(problems) + suffix
