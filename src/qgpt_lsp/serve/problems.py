"""How an exception becomes an HTTP status and a short reason (one table, both transports).

``RequestRejected`` (a path outside the workspace, an unknown snippet) -> 400,
``InvalidPayload`` / a pydantic ``ValidationError`` -> 422, a backend status error keeps its
status (401, 429, 500, 503), a transport error of a remote backend -> 502 or 504, and
anything unexpected -> 500 with its traceback logged (never sent).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pydantic import ValidationError
from starlette.responses import PlainTextResponse

from .. import errors

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """What a client is told about a failure."""

    status: int
    reason: str
    retry_after: float | None = None

    def response(self) -> PlainTextResponse:
        headers = {}
        if self.retry_after is not None:
            headers["Retry-After"] = str(max(1, round(self.retry_after)))
        return PlainTextResponse(self.reason, status_code=self.status, headers=headers)


def problem_for(error: BaseException, what: str = "request") -> Problem:
    """The status and reason for ``error``; unexpected errors are logged with a traceback."""
    if isinstance(error, ValidationError):
        return Problem(422, errors.summarize_validation_error(error, what))
    if isinstance(error, errors.InvalidPayload):
        return Problem(422, str(error) or f"invalid {what}")
    if isinstance(error, errors.RequestRejected):
        return Problem(400, str(error) or f"rejected {what}")
    if isinstance(error, errors.RateLimited):
        return Problem(429, str(error) or "rate limited", error.retry_after)
    if isinstance(error, errors.BackendStatusError):
        return Problem(error.status_code or 500, str(error) or "backend error")
    if isinstance(error, errors.BackendTimeout):
        return Problem(504, str(error) or "the backend did not answer in time")
    if isinstance(error, errors.TransportError):
        return Problem(502, str(error) or "the backend cannot be reached")
    if isinstance(error, errors.StreamFailed):
        return Problem(error.status_code or 500, str(error) or "the answer failed")
    if isinstance(error, errors.QGPTError):
        return Problem(500, str(error) or "server error")
    log.error("unexpected error in %s", what, exc_info=error)
    return Problem(500, f"internal error ({type(error).__name__}); see the server log")
