"""How an exception becomes an HTTP status and a short reason (one table, both transports).

The statuses come from :func:`qgpt_lsp.errors.http_status`, the one map every transport
uses (its table is in the errors module's docstring); this adds the reason and
``Retry-After``, and logs anything unexpected with its traceback (never sent).
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
    """The status (errors.http_status, the one map) and reason for ``error``.

    Unexpected errors are logged with their traceback, which is never sent.
    """
    status = errors.http_status(error)
    if isinstance(error, ValidationError):
        return Problem(status, errors.summarize_validation_error(error, what))
    if isinstance(error, errors.RateLimited):
        return Problem(status, str(error) or "rate limited", error.retry_after)
    if isinstance(error, errors.QGPTError):
        return Problem(status, str(error) or _DEFAULT_REASONS.get(status, f"failed {what}"))
    log.error("unexpected error in %s", what, exc_info=error)
    return Problem(500, f"internal error ({type(error).__name__}); see the server log")


_DEFAULT_REASONS = {
    400: "rejected request",
    413: "request body too large",
    422: "invalid request",
    502: "the backend cannot be reached",
    504: "the backend did not answer in time",
}
