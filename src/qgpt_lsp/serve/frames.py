"""Server-made frames for ``/qgpt/stream``: failures, acknowledgements, echoes; and
:func:`outbound_json`, the one way a wire payload leaves ``serve``."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import ValidationError

from ..errors import summarize_validation_error
from ..redaction import redact_strings
from ..wire import QGPTStreamEnum, QGPTStreamOutput, new_id, terminal_frame
from ..wire.base import WireModel


def outbound_json(payload: WireModel) -> str:
    """``payload`` as wire JSON, every string passed through the one redaction point."""
    return json.dumps(redact_strings(payload.to_wire()), separators=(",", ":"), ensure_ascii=False)


@dataclass
class InFlight:
    """One stream request on a socket: its ids and how it is ending."""

    request: str
    conversation: str | None
    stopping: bool = False
    """A stop (or reset, or shutdown) was asked: ending now means STOPPED."""
    ended: bool = False
    """Its terminal frame went out (or can no longer go out)."""


def failed(
    conversation: str | None, request: str | None, reason: str, status: int
) -> QGPTStreamOutput:
    """A FAILED terminal frame; a missing conversation gets a fresh id (never null)."""
    return terminal_frame(
        conversation or new_id(), request or new_id(), QGPTStreamEnum.FAILED, reason, status
    )


def acknowledged(
    conversation: str | None, request: str | None, status: QGPTStreamEnum
) -> QGPTStreamOutput:
    """The server's own STOPPED or RESET reply."""
    return terminal_frame(conversation or new_id(), request or new_id(), status)


def invalid_frame(text: str | bytes, error: ValidationError) -> QGPTStreamOutput:
    """The FAILED (422) reply to a frame that is no ``QGPTStreamInput``, echoing what it can."""
    conversation, request = _loose_ids(text)
    reason = summarize_validation_error(error, "stream frame")
    return failed(conversation, request, reason, 422)


def echoed(frame: QGPTStreamOutput, flight: InFlight) -> QGPTStreamOutput:
    """``frame`` carrying the request id the client is waiting on."""
    if frame.request == flight.request:
        return frame
    return frame.model_copy(update={"request": flight.request})


def _loose_ids(text: str | bytes) -> tuple[str | None, str | None]:
    """``conversation`` and ``request`` from a frame that failed validation, if strings."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    conversation, request = data.get("conversation"), data.get("request")
    return (
        conversation if isinstance(conversation, str) else None,
        request if isinstance(request, str) else None,
    )
