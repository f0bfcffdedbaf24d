"""Consume one ``/qgpt/stream`` request, relaying deltas; stop it on demand.

A stop asks the backend to stop the conversation and ends the run at the next
frame (the answer so far is kept). A backend that does not answer the stop in
``STOP_GRACE`` seconds has its stream closed from our side.

Test knob: env ``QGPT_LSP_STREAM_DELAY_MS`` delays each relayed delta by that
many milliseconds (to make a stream slow enough to cancel mid-way in tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from ..backend import Backend
from ..errors import QGPTError, StreamDropped
from ..wire import QGPTStreamEnum, QGPTStreamInput, QGPTStreamOutput
from .conversations import Conversation
from .progress import AnswerRelay

__all__ = ["STREAM_DELAY_ENV", "StreamRun", "consume", "stop_run"]

STREAM_DELAY_ENV = "QGPT_LSP_STREAM_DELAY_MS"
STOP_GRACE = 2.0

_log = logging.getLogger(__name__)
_STOPPED = {QGPTStreamEnum.STOPPED, QGPTStreamEnum.CANCELED, QGPTStreamEnum.RESET}


def _delay() -> float:
    try:
        return max(0.0, float(os.environ.get(STREAM_DELAY_ENV, "0")) / 1000)
    except ValueError:
        return 0.0


@dataclass
class StreamRun:
    """One answer in flight: its relay, what streamed so far, and how to stop it."""

    relay: AnswerRelay
    answer: str = ""
    model: str = ""
    backend: Backend | None = None
    backend_conversation: str | None = None
    stop_requested: bool = False
    consumer: asyncio.Task[tuple[str, str | None]] | None = field(default=None, repr=False)


async def consume(
    backend: Backend, request: QGPTStreamInput, run: StreamRun, conversation: Conversation
) -> tuple[str, str | None]:
    """Stream ``request``; returns (status, error) with status completed/stopped/failed."""
    run.backend = backend
    run.consumer = asyncio.create_task(_frames(backend, request, run, conversation))
    try:
        await asyncio.wait({run.consumer})
    except asyncio.CancelledError:
        run.consumer.cancel()
        raise
    if run.consumer.cancelled():
        return "stopped", None
    return run.consumer.result()


async def _frames(
    backend: Backend, request: QGPTStreamInput, run: StreamRun, conversation: Conversation
) -> tuple[str, str | None]:
    delay = _delay()
    async with _closing(backend.stream(request)) as frames:
        async for frame in frames:
            _learn_conversation(frame, run, conversation)
            if frame.delta:
                run.answer += frame.delta
                run.relay.delta(frame.delta)
                if delay:
                    await asyncio.sleep(delay)
            if run.stop_requested:
                return "stopped", None
            if frame.is_terminal:
                return _ending(frame)
    raise StreamDropped("the answer stream ended without a final frame")


def _learn_conversation(
    frame: QGPTStreamOutput, run: StreamRun, conversation: Conversation
) -> None:
    if run.backend_conversation is None:
        run.backend_conversation = frame.conversation
        conversation.backend_id = frame.conversation


def _ending(frame: QGPTStreamOutput) -> tuple[str, str | None]:
    if frame.status is QGPTStreamEnum.COMPLETED:
        return "completed", None
    if frame.status in _STOPPED:
        return "stopped", None
    return "failed", frame.error_message or f"the answer ended {frame.status}"


@contextlib.asynccontextmanager
async def _closing(
    frames: AsyncIterator[QGPTStreamOutput],
) -> AsyncIterator[AsyncIterator[QGPTStreamOutput]]:
    try:
        yield frames
    finally:
        close = getattr(frames, "aclose", None)
        if close is not None:
            await close()


async def stop_run(run: StreamRun) -> None:
    """Stop ``run``: ask the backend, then close our side if it does not end in time."""
    run.stop_requested = True
    if run.backend is not None and run.backend_conversation is not None:
        try:
            await run.backend.stop(run.backend_conversation)
        except QGPTError as error:
            _log.warning("the backend did not take the stop: %s", error)
    consumer = run.consumer
    if consumer is None or consumer.done():
        return
    done, _ = await asyncio.wait({consumer}, timeout=STOP_GRACE)
    if not done:
        consumer.cancel()
