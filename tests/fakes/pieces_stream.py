"""The fake's ``/qgpt/stream``: concurrent answers on one socket, stop, reset and drops."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from starlette.responses import JSONResponse
from starlette.websockets import WebSocket, WebSocketDisconnect

from qgpt_lsp.errors import summarize_validation_error
from qgpt_lsp.wire import (
    QGPTStreamEnum,
    QGPTStreamInput,
    QGPTStreamOutput,
    delta_frame,
    new_id,
    terminal_frame,
)

if TYPE_CHECKING:
    from .pieces_os import FakePiecesOS

#: What sending on a socket the client already closed raises (ignored: the answer is moot).
_GONE = (RuntimeError, OSError, WebSocketDisconnect)


class _Connection:
    """One accepted socket: its answers in flight, by request id, and a send lock."""

    def __init__(self, socket: WebSocket) -> None:
        self.socket = socket
        self.lock = asyncio.Lock()
        self.answers: dict[str, tuple[str, asyncio.Task[None]]] = {}
        self.deltas = 0
        self.dropped = False

    async def send(self, frame: QGPTStreamOutput) -> None:
        async with self.lock:
            await self.socket.send_text(frame.to_json())

    async def drop(self) -> None:
        if not self.dropped:
            self.dropped = True
            await self.socket.close(1011, "fake Pieces OS dropped the connection")

    def cancel(self, conversation: str | None = None) -> list[tuple[str, str | None]]:
        """Cancel the answers of ``conversation`` (all when None): their (conversation, request)."""
        ended: list[tuple[str, str | None]] = []
        for request, (owner, task) in list(self.answers.items()):
            if conversation in (None, owner):
                task.cancel()
                self.answers.pop(request, None)
                ended.append((owner, request))
        return ended


class StreamEndpoint:
    """Serves ``/qgpt/stream`` for a :class:`FakePiecesOS` (its knobs drive the answers)."""

    def __init__(self, fake: FakePiecesOS) -> None:
        self.fake = fake
        self.live: set[_Connection] = set()

    async def handle(self, socket: WebSocket) -> None:
        scripted = self.fake.take_script("/qgpt/stream")
        if scripted is not None:
            await socket.send_denial_response(scripted.response())
            return
        if not self.fake.authorized(socket):
            await socket.send_denial_response(JSONResponse({"error": "unauthorized"}, 401))
            return
        await socket.accept()
        self.fake.connections += 1
        connection = _Connection(socket)
        self.live.add(connection)
        try:
            while True:
                await self._on_frame(connection, await socket.receive_text())
        except WebSocketDisconnect:
            pass
        finally:
            self.live.discard(connection)
            connection.cancel()

    async def drop_all(self) -> None:
        for connection in list(self.live):
            await connection.drop()

    async def _on_frame(self, connection: _Connection, text: str) -> None:
        try:
            data: Any = json.loads(text)
            self.fake.stream_inputs.append(data)
            frame = QGPTStreamInput.from_wire(data)
        except (ValueError, ValidationError) as error:
            problem = (
                summarize_validation_error(error, "stream input")
                if isinstance(error, ValidationError)
                else "a frame that is not JSON"
            )
            await self._failed(connection, None, None, problem)
            return
        if frame.reset:
            connection.cancel()
            conversation = frame.conversation or new_id()
            await connection.send(terminal_frame(conversation, frame.request, QGPTStreamEnum.RESET))
        elif frame.stop:
            await self._stop(connection, frame)
        else:
            await self._start(connection, frame)

    async def _stop(self, connection: _Connection, frame: QGPTStreamInput) -> None:
        conversation = frame.conversation or ""
        ended = connection.cancel(conversation) or [(conversation, frame.request)]
        for owner, request in ended:
            await connection.send(terminal_frame(owner, request, QGPTStreamEnum.STOPPED))

    async def _start(self, connection: _Connection, frame: QGPTStreamInput) -> None:
        conversation = frame.conversation or new_id()
        request = frame.request or new_id()
        ask = frame.relevance or frame.question
        if frame.asks_both or ask is None:
            problem = "send relevance or question, not both" if ask else "nothing to answer"
            await self._failed(connection, conversation, request, problem)
            return
        task = asyncio.create_task(self._answer(connection, conversation, request, ask.query))
        connection.answers[request] = (conversation, task)
        task.add_done_callback(lambda _: connection.answers.pop(request, None))

    async def _answer(
        self, connection: _Connection, conversation: str, request: str, query: str
    ) -> None:
        with contextlib.suppress(*_GONE):  # the client went away: nobody to answer
            await self._send_answer(connection, conversation, request, query)

    async def _send_answer(
        self, connection: _Connection, conversation: str, request: str, query: str
    ) -> None:
        fake = self.fake
        failure = fake.take_failure()
        if failure is not None:
            await self._failed(connection, conversation, request, failure[0], failure[1])
            return
        if fake.initialized_first:
            await connection.send(
                terminal_frame(conversation, request, QGPTStreamEnum.INITIALIZED, status_code=None)
            )
        for count, delta in enumerate(fake.chunk(fake.answer_for(query)), start=1):
            if count > 1 and fake.delta_delay:
                await asyncio.sleep(fake.delta_delay)
            await connection.send(delta_frame(conversation, request, delta))
            connection.deltas += 1
            if fake.drop_after is not None and connection.deltas >= fake.drop_after:
                fake.drop_after = None
                await connection.drop()
                return
            if fake.stall_after is not None and count >= fake.stall_after:
                await asyncio.Event().wait()  # until stopped, reset or dropped
        await connection.send(terminal_frame(conversation, request, QGPTStreamEnum.COMPLETED))

    async def _failed(
        self,
        connection: _Connection,
        conversation: str | None,
        request: str | None,
        message: str,
        status_code: int = 400,
    ) -> None:
        frame = terminal_frame(
            conversation or new_id(), request, QGPTStreamEnum.FAILED, message, status_code
        )
        await connection.send(frame)
