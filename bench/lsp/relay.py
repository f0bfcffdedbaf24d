"""In-process relay benchmark: the server's cost per streamed delta.

A scripted backend yields pre-built delta frames as fast as it can into
:meth:`qgpt_lsp.server.ask.run.AnswerRun.stream`, with a live :class:`AnswerRelay`
(work-done progress reports, ``qgpt/answerDelta`` notifications, the Markdown
answer file) writing real JSON-RPC to a null sink. The same frames consumed
without a relay give the baseline; the difference is the relay's overhead.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from lsprotocol import types

from qgpt_lsp.server import create_server
from qgpt_lsp.server.ask.plan import AskPlan
from qgpt_lsp.server.ask.run import AnswerRun
from qgpt_lsp.server.state.open_conversations import Conversation
from qgpt_lsp.wire import (
    QGPTStreamEnum,
    QGPTStreamInput,
    QGPTStreamOutput,
    delta_frame,
    terminal_frame,
)


class NullWriter:
    """Where the JSON-RPC bytes go: counted, then dropped."""

    def __init__(self) -> None:
        self.written = 0

    def write(self, data: bytes) -> None:
        self.written += len(data)

    def close(self) -> None:
        return None


class ScriptedBackend:
    """Yields the given frames; the only Backend method the relay path calls."""

    def __init__(self, frames: list[QGPTStreamOutput]) -> None:
        self.frames = frames

    async def stream(self, request: QGPTStreamInput) -> AsyncIterator[QGPTStreamOutput]:
        for frame in self.frames:
            yield frame

    async def stop(self, conversation: str) -> None:
        return None


def frames(count: int) -> list[QGPTStreamOutput]:
    words = ["relay ", "the ", "answer ", "to ", "the ", "editor.\n"]
    built = [delta_frame("bench", "r", words[i % len(words)]) for i in range(count)]
    return [*built, terminal_frame("bench", "r", QGPTStreamEnum.COMPLETED)]


async def _baseline(script: list[QGPTStreamOutput]) -> float:
    began = time.perf_counter()
    async for frame in ScriptedBackend(script).stream(QGPTStreamInput()):
        _ = frame.delta
    return time.perf_counter() - began


async def relay_overhead(count: int) -> tuple[float, float]:
    """(milliseconds of relay overhead per delta, deltas per second through the relay)."""
    script = frames(count)
    server = create_server()
    sink = NullWriter()
    server.protocol.set_writer(sink)  # type: ignore[arg-type]
    window = types.WindowClientCapabilities(work_done_progress=True)
    server.protocol.client_capabilities = types.ClientCapabilities(window=window)
    with tempfile.TemporaryDirectory() as cache:
        server.cache_dir = Path(cache)
        run = AnswerRun(server, AskPlan(Conversation("bench"), "bench", "bench"))
        run.relay.token = "bench"
        run.document.start("bench", "bench")
        began = time.perf_counter()
        status, _ = await run.stream(ScriptedBackend(script), QGPTStreamInput())  # type: ignore[arg-type]
        run.relay.end(status)
        elapsed = time.perf_counter() - began
    overhead = (elapsed - await _baseline(script)) / count
    return overhead * 1000, count / elapsed
