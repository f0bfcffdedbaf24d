"""Read timeouts uvicorn lacks: a client gets so long to send its headers, then its body.

uvicorn (h11) times out only an idle keep-alive connection; a client that connects and
sends nothing, or a header line every few seconds (slow-loris), holds its connection,
and a slot of ``limit_concurrency``, for as long as it likes. :class:`TimedH11Protocol`
closes such a connection: the headers of a request must arrive within ``header_timeout``
seconds of its first byte (or of the connection), its body within ``body_timeout`` of
the headers. WebSocket connections are timed only until their upgrade.
"""

from __future__ import annotations

import asyncio
import logging

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["TimedH11Protocol"]

log = logging.getLogger(__name__)


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on reading each request's headers and body."""

    header_timeout: float = 10.0
    body_timeout: float = 30.0
    _deadline: asyncio.TimerHandle | None = None
    _waiting_for: object = None  # h11.IDLE (headers) or h11.SEND_BODY (body)

    @classmethod
    def with_timeouts(cls, header_timeout: float, body_timeout: float) -> type[TimedH11Protocol]:
        """This protocol with these limits (uvicorn makes one instance per connection)."""
        limits = {"header_timeout": header_timeout, "body_timeout": body_timeout}
        return type(cls.__name__, (cls,), limits)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect(h11.IDLE)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing() or self.transport.get_protocol() is not self:
            self._cancel()  # closed, or upgraded to a WebSocket
            return
        state = self.conn.their_state
        if state in (h11.IDLE, h11.SEND_BODY):
            if self._waiting_for is not state:
                self._expect(state)
        else:
            self._cancel()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def _expect(self, state: object) -> None:
        self._cancel()
        self._waiting_for = state
        seconds = self.header_timeout if state is h11.IDLE else self.body_timeout
        self._deadline = self.loop.call_later(seconds, self._too_slow, state)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._waiting_for = None, None

    def _too_slow(self, state: object) -> None:
        self._deadline = None
        if self.conn.their_state is not state or self.transport.is_closing():
            return
        what = "headers" if state is h11.IDLE else "body"
        log.info("closing a connection that did not send its request %s in time", what)
        self.transport.close()
