"""HTTP status -> :mod:`qgpt_lsp.errors`, with short messages a user can act on."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ..errors import (
    BackendStatusError,
    Overloaded,
    RateLimited,
    RequestRejected,
    ServerError,
    Unauthorized,
)

_DETAIL_LIMIT = 200


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def _detail(body: str) -> str:
    text = " ".join(body.split())
    if len(text) > _DETAIL_LIMIT:
        text = text[:_DETAIL_LIMIT] + "..."
    return f": {text}" if text else ""


def status_error(
    status: int, where: str, path: str, body: str = "", retry_after: str | None = None
) -> BackendStatusError | RequestRejected:
    """The error for ``status`` answered on ``path`` by ``where`` (e.g. "Pieces OS at ...")."""
    if status == 401:
        return Unauthorized(f"{where} refused our credentials (401 on {path}): check the token.")
    if status == 429:
        seconds = parse_retry_after(retry_after)
        when = f"in {seconds:g} s" if seconds is not None else "shortly"
        return RateLimited(f"{where} is rate limiting requests (429): try again {when}.", seconds)
    if status == 503:
        return Overloaded(f"{where} is overloaded (503 on {path}): try again shortly.")
    if status >= 500:
        return ServerError(f"{where} failed on {path} ({status}){_detail(body)}.", status)
    if status == 404:
        return RequestRejected(f"{where} does not offer {path} (404): is it a QGPT server?")
    return RequestRejected(f"{where} rejected the request to {path} ({status}){_detail(body)}.")
