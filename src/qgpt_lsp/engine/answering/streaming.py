"""``/qgpt/stream`` frames for one request, and stop/reset across all of them.

The rules (``shared/pieces-wire/README.md``): IN-PROGRESS frames carry only new
text; then exactly one terminal frame: COMPLETED (no new text), FAILED (with
``errorMessage`` and ``statusCode``), STOPPED (after a stop of its conversation)
or RESET (after a reset); every frame carries the conversation id and echoes
the request id. No INITIALIZED frame is ever sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass, field

from ... import errors
from ...wire import (
    QGPTRelevanceOutput,
    QGPTStreamEnum,
    QGPTStreamOutput,
    delta_frame,
    terminal_frame,
)

__all__ = ["Producer", "StreamHub", "StreamedAnswer", "refusal"]

log = logging.getLogger(__name__)


@dataclass(eq=False)
class StreamedAnswer:
    """One ``/qgpt/stream`` request's answer as it streams: its ids, the text so far,
    how it ended; the producer may set ``relevance`` for the final frame."""

    conversation: str
    request: str
    parts: list[str] = field(default_factory=list)
    outcome: QGPTStreamEnum | None = None  # set by stop()/reset() before cancelling
    relevance: QGPTRelevanceOutput | None = None

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass(frozen=True)
class _End:
    status: QGPTStreamEnum
    error: str | None = None
    status_code: int | None = None


#: Makes the answer's deltas for a run (it may look up relevance first).
Producer = Callable[[StreamedAnswer], AsyncGenerator[str, None]]


class StreamHub:
    """Runs many conversations at once; ``stop`` and ``reset`` reach into them."""

    def __init__(self) -> None:
        self._runs: dict[str, set[tuple[StreamedAnswer, asyncio.Task[None]]]] = {}

    async def frames(
        self, conversation: str, request: str, producer: Producer
    ) -> AsyncIterator[QGPTStreamOutput]:
        """The frames of one request: deltas, then exactly one terminal frame."""
        run = StreamedAnswer(conversation, request)
        queue: asyncio.Queue[str | _End] = asyncio.Queue()
        task = asyncio.create_task(self._pump(run, producer, queue))
        task.add_done_callback(lambda _: queue.put_nowait(_End(run.outcome or _CANCELED)))
        entry = (run, task)
        self._runs.setdefault(conversation, set()).add(entry)
        try:
            while isinstance(item := await queue.get(), str):
                yield delta_frame(conversation, request, item)
            yield self._terminal(run, item)
        finally:
            self._forget(conversation, entry)
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def _terminal(self, run: StreamedAnswer, end: _End) -> QGPTStreamOutput:
        frame = terminal_frame(
            run.conversation, run.request, end.status, end.error, end.status_code
        )
        if end.status is QGPTStreamEnum.COMPLETED and run.relevance is not None:
            frame = frame.model_copy(update={"relevance": run.relevance})
        return frame

    async def _pump(
        self, run: StreamedAnswer, producer: Producer, queue: asyncio.Queue[str | _End]
    ) -> None:
        try:
            async with contextlib.aclosing(producer(run)) as deltas:
                async for delta in deltas:
                    if delta:
                        run.parts.append(delta)
                        queue.put_nowait(delta)
            end = _End(QGPTStreamEnum.COMPLETED)
        except asyncio.CancelledError:
            end = _End(run.outcome or _CANCELED)
        except errors.QGPTError as error:
            end = _End(QGPTStreamEnum.FAILED, str(error), errors.http_status(error))
        except Exception as error:
            log.exception("answering in conversation %s failed", run.conversation)
            end = _End(QGPTStreamEnum.FAILED, f"internal error: {error}", 500)
        queue.put_nowait(end)

    def _forget(self, conversation: str, entry: tuple[StreamedAnswer, asyncio.Task[None]]) -> None:
        runs = self._runs.get(conversation)
        if runs is not None:
            runs.discard(entry)
            if not runs:
                del self._runs[conversation]

    def stop(self, conversation: str) -> bool:
        """Stop every request of ``conversation``; True when one was running."""
        return self._end(self._runs.get(conversation, set()), QGPTStreamEnum.STOPPED)

    def reset(self) -> bool:
        """Stop everything in flight (each ends RESET); True when anything ran."""
        everything = {entry for runs in self._runs.values() for entry in runs}
        return self._end(everything, QGPTStreamEnum.RESET)

    def _end(
        self, entries: set[tuple[StreamedAnswer, asyncio.Task[None]]], status: QGPTStreamEnum
    ) -> bool:
        for run, task in list(entries):
            if run.outcome is None:
                run.outcome = status
            task.cancel()
        return bool(entries)

    def active(self) -> list[str]:
        """The conversations with a request in flight."""
        return list(self._runs)


_CANCELED = QGPTStreamEnum.CANCELED


def refusal(conversation: str, request: str, message: str) -> QGPTStreamOutput:
    """The FAILED frame (400) for a client frame that cannot be answered as sent."""
    return terminal_frame(conversation, request, QGPTStreamEnum.FAILED, message, 400)
