"""``StreamSession``: many concurrent asks over ONE long-lived ``/qgpt/stream`` socket.

``async for frame in session.ask(request)`` yields that request's frames, the
IN-PROGRESS deltas and then its terminal frame (COMPLETED, FAILED with
``errorMessage``, STOPPED, CANCELED or RESET), and stops there. A FAILED frame
is yielded, not raised: the caller reads ``frame.status`` / ``frame.error_message``
(the :class:`~qgpt_lsp.backend.Backend` contract). INITIALIZED frames are skipped.

Raised instead: a socket that drops while asks are in flight ends each of them
with :class:`StreamDropped` (the next ask reconnects); a failure to connect
raises :class:`BackendUnreachable`, :class:`BackendTimeout` or the status error
of the handshake (401, 429/503 after retries, 500); no frame for
``idle_timeout`` seconds raises :class:`BackendTimeout`. Leave an ask early with
``contextlib.aclosing`` (and ``stop()`` it if the server should stop too).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Literal

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI
from websockets.protocol import State

from ..errors import (
    BackendTimeout,
    BackendUnreachable,
    QGPTError,
    RequestRejected,
    StreamDropped,
)
from ..wire import QGPTStreamEnum, QGPTStreamInput, QGPTStreamOutput, new_id
from .retry import RetryPolicy, as_policy
from .routing import PendingAsk, PendingAsks
from .statuses import status_error
from .tasks import log_task_exception
from .urls import is_loopback, server_label, ws_url

__all__ = ["StreamSession"]

_log = logging.getLogger(__name__)

#: Largest frame accepted (a relevance frame may carry whole snippets).
MAX_FRAME_BYTES = 64 * 1024 * 1024


class StreamSession:
    """One ``/qgpt/stream`` socket, opened on the first ask and reopened after a drop."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        open_timeout: float = 10.0,
        idle_timeout: float = 300.0,
        retries: RetryPolicy | int = 3,
    ) -> None:
        self.url = ws_url(base_url, "/qgpt/stream")
        self.where = server_label(base_url)
        self.open_timeout = open_timeout
        self.idle_timeout = idle_timeout
        self._retry = as_policy(retries)
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._proxy: Literal[True] | None = None if is_loopback(base_url) else True
        self._socket: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending = PendingAsks()
        self._lock = asyncio.Lock()
        self._closed = False

    async def ask(self, request: QGPTStreamInput) -> AsyncIterator[QGPTStreamOutput]:
        """The frames of ``request`` (a relevance or question frame) up to its terminal one."""
        request = self._prepared(request)
        assert request.request is not None
        socket = await self._connected()
        pending = self._pending.add(request.request, request.conversation)
        try:
            await self._send(socket, request)
            while True:
                frame = await self._next_frame(pending)
                if frame.status is QGPTStreamEnum.INITIALIZED:
                    continue
                yield frame
                if frame.is_terminal:
                    return
        finally:
            self._pending.discard(request.request)

    async def stop(self, conversation: str) -> None:
        """Ask the server to stop answering in ``conversation`` (its ask ends STOPPED)."""
        if self._socket is None or self._socket.state is not State.OPEN:
            return  # nothing of ours is streaming
        frame = QGPTStreamInput(conversation=conversation, stop=True)
        await self._send(self._socket, frame)

    async def reset(self) -> None:
        """Ask the server to stop everything (every ask in flight ends RESET)."""
        await self._send(await self._connected(), QGPTStreamInput(reset=True))

    @property
    def in_flight(self) -> int:
        """How many asks are waiting for frames."""
        return len(self._pending)

    async def aclose(self) -> None:
        """Close the socket; asks still in flight raise :class:`StreamDropped`. Final."""
        self._closed = True
        socket, reader = self._socket, self._reader
        if socket is not None:
            await socket.close()
        if reader is not None:
            await self._wait_reader(reader)

    def _prepared(self, request: QGPTStreamInput) -> QGPTStreamInput:
        if request.stop or request.reset:
            raise RequestRejected("use stop() or reset() for control frames, not ask().")
        if request.relevance is None and request.question is None:
            raise RequestRejected("a stream ask needs a relevance or a question.")
        if request.asks_both:
            raise RequestRejected("a stream ask takes a relevance or a question, not both.")
        if request.request is None:
            request = request.model_copy(update={"request": new_id()})
        return request

    async def _next_frame(self, pending: PendingAsk) -> QGPTStreamOutput:
        try:
            item = await asyncio.wait_for(pending.queue.get(), self.idle_timeout)
        except TimeoutError:
            raise BackendTimeout(
                f"{self.where} sent nothing on the stream for {self.idle_timeout:g} s: "
                "stopped waiting; ask again."
            ) from None
        if isinstance(item, QGPTError):
            raise item
        return item

    async def _send(self, socket: ClientConnection, frame: QGPTStreamInput) -> None:
        try:
            await socket.send(frame.to_json())
        except ConnectionClosed as error:
            raise StreamDropped(
                f"the stream to {self.where} closed before the request went out: ask again.",
                frame.conversation,
            ) from error

    async def _connected(self) -> ClientConnection:
        async with self._lock:
            if self._closed:
                raise StreamDropped(f"the stream session to {self.where} is closed.")
            socket, reader = self._socket, self._reader
            if socket is not None and reader is not None and not reader.done():
                if socket.state is State.OPEN:
                    return socket
                await self._wait_reader(reader)  # closing: let it fail its asks first
            socket = await self._retry.run(self._open)
            self._socket = socket
            self._reader = asyncio.create_task(self._read(socket), name="qgpt-stream-reader")
            self._reader.add_done_callback(log_task_exception)
            return socket

    async def _open(self) -> ClientConnection:
        try:
            return await connect(
                self.url,
                additional_headers=self._headers,
                open_timeout=self.open_timeout,
                proxy=self._proxy,
                max_size=MAX_FRAME_BYTES,
            )
        except InvalidStatus as error:
            body = error.response.body.decode(errors="replace") if error.response.body else ""
            retry_after = error.response.headers.get("Retry-After")
            status = error.response.status_code
            raise status_error(status, self.where, "/qgpt/stream", body, retry_after) from error
        except TimeoutError as error:
            raise BackendTimeout(
                f"{self.where} did not open /qgpt/stream within {self.open_timeout:g} s: "
                "it may be busy; try again."
            ) from error
        except (OSError, InvalidHandshake, InvalidURI) as error:
            raise BackendUnreachable(
                f"{self.where} is not reachable for streaming: is it running?"
            ) from error

    async def _read(self, socket: ClientConnection) -> None:
        """The one task that reads the socket and routes frames to their asks."""
        try:
            async for message in socket:
                self._pending.route(message, self.where)
        except ConnectionClosed:
            pass  # described below from the close code
        finally:
            if self._socket is socket:
                self._socket = None
            detail = self._close_detail(socket)
            self._pending.fail_all(lambda ask: StreamDropped(detail, ask.conversation))

    def _close_detail(self, socket: ClientConnection) -> str:
        if self._closed:
            return f"the stream session to {self.where} was closed mid-answer."
        code = socket.close_code
        how = "no close frame" if code is None else f"code {code}"
        how += f", {socket.close_reason}" if socket.close_reason else ""
        return (
            f"the stream connection to {self.where} dropped mid-answer ({how}): "
            "ask again to reconnect."
        )

    async def _wait_reader(self, reader: asyncio.Task[None]) -> None:
        done, _ = await asyncio.wait({reader}, timeout=self.open_timeout)
        if not done:
            reader.cancel()
            await asyncio.wait({reader})
