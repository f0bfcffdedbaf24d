"""``/qgpt/stream``: one long-lived socket, many requests at once.

Each client frame is a ``QGPTStreamInput``. A question (``relevance`` or ``question``)
runs as its own task and its frames go out as the backend yields them, each echoing the
request id; ``stop`` is forwarded to the backend (the request ends STOPPED), ``reset``
stops everything (reply RESET). Whatever goes wrong with one request ends it with a
FAILED frame; the socket and the server keep going. A client that vanishes frees its
work: its tasks are cancelled and their conversations stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from pydantic import ValidationError
from starlette.websockets import WebSocket, WebSocketDisconnect

from ..backend import Backend
from ..wire import QGPTStreamEnum, QGPTStreamInput, QGPTStreamOutput, new_id
from .frames import InFlight, acknowledged, echoed, failed, invalid_frame, outbound_json
from .problems import problem_for
from .settings import ServeSettings

log = logging.getLogger(__name__)


class SocketSession:
    """One client's socket: its requests in flight and the frames going back."""

    def __init__(self, socket: WebSocket, backend: Backend, settings: ServeSettings) -> None:
        self.socket = socket
        self.backend = backend
        self.settings = settings
        self.requests: dict[asyncio.Task[None], InFlight] = {}
        self.send_lock = asyncio.Lock()
        self.connected = False
        self.closing = False

    async def serve(self) -> None:
        """Accept, then read frames until the client leaves; frees its work after."""
        await self.socket.accept()
        self.connected = True
        try:
            while (text := await self.receive()) is not None:
                await self.handle(text)
        finally:
            self.connected = False
            await self.abandon()

    async def receive(self) -> str | bytes | None:
        try:
            message = await self.socket.receive()
        except (WebSocketDisconnect, RuntimeError, OSError):
            return None
        if message["type"] == "websocket.disconnect":
            return None
        data: str | bytes | None = message.get("text") or message.get("bytes")
        return data or ""

    async def handle(self, text: str | bytes) -> None:
        """Act on one client frame; never raises for a bad frame."""
        try:
            frame = QGPTStreamInput.from_wire(text)
        except ValidationError as error:
            await self.send(invalid_frame(text, error))
            return
        refusal = self.refusal(frame)
        if refusal is not None:
            await self.send(failed(frame.conversation, frame.request, *refusal))
        elif frame.reset:
            await self.reset(frame)
        elif frame.stop:
            await self.stop(frame)
        else:
            self.start(frame)

    def refusal(self, frame: QGPTStreamInput) -> tuple[str, int] | None:
        """Why ``frame`` cannot be served, with its status, or ``None``."""
        if frame.reset:
            return None
        if frame.stop:
            return None if frame.conversation else ("a stop needs a conversation", 400)
        if frame.asks_both:
            return "send relevance or question in one frame, not both", 400
        if frame.relevance is None and frame.question is None:
            return "a frame needs relevance, question, stop or reset", 400
        if self.closing:
            return "the server is shutting down", 503
        if len(self.requests) >= self.settings.max_requests_per_socket:
            return "too many requests in flight on this socket", 429
        return None

    def start(self, frame: QGPTStreamInput) -> None:
        request = frame.request or new_id()
        flight = InFlight(request, frame.conversation)
        frame = frame.model_copy(update={"request": request})
        task = asyncio.create_task(self.answer(frame, flight), name=f"qgpt-stream-{request}")
        self.requests[task] = flight
        task.add_done_callback(self.finished)

    def finished(self, task: asyncio.Task[None]) -> None:
        self.requests.pop(task, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("stream request task failed", exc_info=task.exception())

    async def answer(self, frame: QGPTStreamInput, flight: InFlight) -> None:
        """Run one request to its single terminal frame, whatever happens."""
        try:
            await self.forward(self.backend.stream(frame), flight)
        except asyncio.CancelledError:
            await self.end(flight, QGPTStreamEnum.STOPPED)
            raise
        except Exception as error:  # the request boundary: a FAILED frame, not a dead socket
            problem = problem_for(error, "stream request")
            await self.end(flight, QGPTStreamEnum.FAILED, problem.reason, problem.status)
        else:
            if flight.stopping:
                await self.end(flight, QGPTStreamEnum.STOPPED)
            else:
                await self.end(flight, QGPTStreamEnum.FAILED, "the answer ended unfinished", 500)

    async def forward(self, frames: AsyncIterator[QGPTStreamOutput], flight: InFlight) -> None:
        try:
            async for frame in frames:
                flight.conversation = frame.conversation
                if flight.stopping and not frame.is_terminal:
                    return  # stopped: not one more delta, whatever the backend does
                if not await self.send(echoed(frame, flight)) or frame.is_terminal:
                    flight.ended = True
                    return
        finally:
            closer = getattr(frames, "aclose", None)
            if closer is not None:
                await closer()

    async def end(
        self, flight: InFlight, status: QGPTStreamEnum, reason: str | None = None, code: int = 0
    ) -> None:
        """Send ``flight``'s terminal frame unless one went out already."""
        if flight.ended:
            return
        flight.ended = True
        if status is QGPTStreamEnum.FAILED:
            await self.send(failed(flight.conversation, flight.request, reason or "failed", code))
        else:
            await self.send(acknowledged(flight.conversation, flight.request, status))

    async def stop(self, frame: QGPTStreamInput) -> None:
        """Forward a stop; the request streaming that conversation here ends STOPPED."""
        conversation = frame.conversation or ""
        mine = [
            task for task, flight in self.requests.items() if flight.conversation == conversation
        ]
        self.wind_down(mine)
        await self.stop_backend({conversation})
        if not mine:
            await self.send(acknowledged(conversation, frame.request, QGPTStreamEnum.STOPPED))

    async def reset(self, frame: QGPTStreamInput) -> None:
        """Stop everything in flight (the backend's too), then reply RESET."""
        self.wind_down(list(self.requests))
        try:
            await self.backend.reset()
        except Exception:
            log.exception("backend reset failed")
        await self.send(acknowledged(frame.conversation, frame.request, QGPTStreamEnum.RESET))

    def wind_down(self, tasks: list[asyncio.Task[None]]) -> None:
        """Mark ``tasks`` as stopping, and cancel those still running after the grace time."""
        loop = asyncio.get_running_loop()
        for task in tasks:
            if task in self.requests:
                self.requests[task].stopping = True
            loop.call_later(self.settings.shutdown_grace, task.cancel)

    async def stop_backend(self, conversations: set[str]) -> None:
        for conversation in conversations:
            try:
                await self.backend.stop(conversation)
            except Exception:
                log.exception("backend stop failed for %s", conversation)

    async def abandon(self) -> None:
        """The client left: cancel its requests and stop their conversations."""
        tasks = list(self.requests)
        conversations = {flight.conversation for flight in self.requests.values()}
        for task in tasks:
            task.cancel()
        await self.stop_backend({c for c in conversations if c})
        await asyncio.gather(*tasks, return_exceptions=True)

    async def shutdown(self, grace: float) -> None:
        """The server stops: stop every request, wait ``grace`` seconds, end the rest, close."""
        self.closing = True
        tasks = list(self.requests)
        for flight in self.requests.values():
            flight.stopping = True
        await self.stop_backend({f.conversation for f in self.requests.values() if f.conversation})
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        await self.close(1001)

    async def send(self, frame: QGPTStreamOutput) -> bool:
        """Send one frame; ``False`` when the client is gone."""
        if not self.connected:
            return False
        async with self.send_lock:
            try:
                await self.socket.send_text(outbound_json(frame))
            except (WebSocketDisconnect, RuntimeError, OSError):
                self.connected = False
        return self.connected

    async def close(self, code: int) -> None:
        if not self.connected:
            return
        async with self.send_lock:
            self.connected = False
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
                await self.socket.close(code)
