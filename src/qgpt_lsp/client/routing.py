"""Which in-flight ask a ``/qgpt/stream`` frame belongs to (many asks share one socket)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..errors import InvalidPayload, QGPTError, RequestRejected, summarize_validation_error
from ..wire import QGPTStreamEnum, QGPTStreamOutput

_log = logging.getLogger(__name__)

#: Terminal statuses the server sends in answer to a control frame (stop), not to the ask.
_CONTROL_ENDINGS = (QGPTStreamEnum.STOPPED, QGPTStreamEnum.CANCELED)


@dataclass
class PendingAsk:
    """One ask in flight: its frames (or the error that ends it) arrive on ``queue``."""

    request: str
    conversation: str | None
    queue: asyncio.Queue[QGPTStreamOutput | QGPTError] = field(default_factory=asyncio.Queue)


class PendingAsks:
    """The asks in flight on one session, and the routing of frames to them.

    A frame goes to the ask whose ``request`` id it echoes. A frame without a
    known request id is matched by conversation when it carries no request id
    or is a STOPPED/CANCELED ending (the answer to a stop); a frame with no
    request id at all, from a server that does not echo them, goes to the one
    ask whose conversation is not known yet. A RESET frame ends every ask.
    Anything else is logged and dropped.
    """

    def __init__(self) -> None:
        self._asks: dict[str, PendingAsk] = {}

    def __len__(self) -> int:
        return len(self._asks)

    def add(self, request: str, conversation: str | None) -> PendingAsk:
        if request in self._asks:
            raise RequestRejected(f"request id {request!r} is already in flight: use a new one.")
        ask = PendingAsk(request, conversation)
        self._asks[request] = ask
        return ask

    def discard(self, request: str) -> None:
        self._asks.pop(request, None)

    def fail_all(self, make_error: Callable[[PendingAsk], QGPTError]) -> None:
        """End every ask in flight with its own error from ``make_error``."""
        for ask in list(self._asks.values()):
            ask.queue.put_nowait(make_error(ask))

    def route(self, message: str | bytes, where: str) -> None:
        """Deliver one text frame from the socket to the ask(s) it belongs to."""
        try:
            frame = QGPTStreamOutput.from_wire(message)
        except ValidationError as error:
            self._route_invalid(message, summarize_validation_error(error, "stream frame"), where)
            return
        if frame.status is QGPTStreamEnum.RESET and frame.request not in self._asks:
            for ask in list(self._asks.values()):
                ask.queue.put_nowait(frame)
            return
        target = self._match(frame)
        if target is None:
            _log.debug(
                "dropping a %s frame for no ask in flight (request %s)", frame.status, frame.request
            )
            return
        if target.conversation is None:
            target.conversation = frame.conversation
        target.queue.put_nowait(frame)

    def _match(self, frame: QGPTStreamOutput) -> PendingAsk | None:
        if frame.request is not None and frame.request in self._asks:
            return self._asks[frame.request]
        if frame.request is not None and frame.status not in _CONTROL_ENDINGS:
            return None
        for ask in self._asks.values():
            if ask.conversation == frame.conversation:
                return ask
        if frame.request is not None or frame.status in _CONTROL_ENDINGS:
            return None  # a stop's answer for a conversation none of our asks is in
        unbound = [ask for ask in self._asks.values() if ask.conversation is None]
        return unbound[0] if len(unbound) == 1 else None

    def _route_invalid(self, message: str | bytes, problem: str, where: str) -> None:
        try:
            data = json.loads(message)
        except ValueError:
            data = None
        request = data.get("request") if isinstance(data, dict) else None
        ask = self._asks.get(request) if isinstance(request, str) else None
        if ask is None:
            _log.warning("%s sent a frame for no known request: %s", where, problem)
            return
        ask.queue.put_nowait(InvalidPayload(f"{where} sent an {problem}"))
