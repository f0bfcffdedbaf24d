"""A small Backend with controllable timing, for the stream and fault tests.

The real engine answers in milliseconds; shutdown, vanish and stop tests need an
answer that is still streaming when they act, so this backend streams ``words``
deltas ``delay`` seconds apart and honours ``stop``/``reset`` like the engine does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from qgpt_lsp import errors
from qgpt_lsp.backend import BackendInfo
from qgpt_lsp.wire import (
    QGPTHintsInput,
    QGPTPersonsRelatedInput,
    QGPTPersonsRelatedOutput,
    QGPTQuestionInput,
    QGPTQuestionOutput,
    QGPTRelevanceInput,
    QGPTRelevanceOutput,
    QGPTRepromptInput,
    QGPTRepromptOutput,
    QGPTStreamEnum,
    QGPTStreamInput,
    QGPTStreamOutput,
    RelevantQGPTSeeds,
    answer_output,
    delta_frame,
    new_id,
    terminal_frame,
)


class ScriptedBackend:
    """Streams ``words`` deltas; ``query == "boom"`` raises a plain bug (500 expected)."""

    def __init__(self, root: Path, words: int = 5, delay: float = 0.0) -> None:
        self.root = root.resolve()
        self.words = words
        self.delay = delay
        self.stopped: list[str] = []
        self.cancelled: list[str] = []
        self.finished: list[str] = []
        self.closed = False
        self._stops: dict[str, asyncio.Event] = {}

    async def info(self) -> BackendInfo:
        return BackendInfo(kind="embedded", location=str(self.root), answerer="scripted")

    def _check(self, query: str, paths: list[str] | None) -> None:
        if query == "boom":
            raise KeyError("a bug, not a QGPTError")
        for path in paths or []:
            if not Path(path).resolve().is_relative_to(self.root):
                raise errors.PathOutsideWorkspace(f"{path} is outside the workspace")

    async def relevance(self, request: QGPTRelevanceInput) -> QGPTRelevanceOutput:
        self._check(request.query, request.paths)
        answer = (
            answer_output("an answer") if request.options and request.options.question else None
        )
        return QGPTRelevanceOutput(relevant=RelevantQGPTSeeds(iterable=[]), answer=answer)

    async def question(self, request: QGPTQuestionInput) -> QGPTQuestionOutput:
        self._check(request.query, None)
        return answer_output(f"answer to {request.query}")

    async def hints(self, request: QGPTHintsInput) -> QGPTQuestionOutput:
        return answer_output("what next?")

    async def reprompt(self, request: QGPTRepromptInput) -> QGPTRepromptOutput:
        return QGPTRepromptOutput(query=request.query)

    async def persons_related(
        self, request: QGPTPersonsRelatedInput, transferables: bool = True
    ) -> QGPTPersonsRelatedOutput:
        raise errors.Overloaded("busy")

    async def stream(self, request: QGPTStreamInput) -> AsyncIterator[QGPTStreamOutput]:
        conversation = request.conversation or new_id()
        rid = request.request or new_id()
        query = request.relevance.query if request.relevance else ""
        paths = request.relevance.paths if request.relevance else None
        self._check(query, paths)
        stop = self._stops.setdefault(conversation, asyncio.Event())
        try:
            for index in range(self.words):
                if stop.is_set():
                    yield terminal_frame(conversation, rid, QGPTStreamEnum.STOPPED)
                    return
                yield delta_frame(conversation, rid, f"word{index} ")
                await asyncio.sleep(self.delay)
            yield terminal_frame(conversation, rid, QGPTStreamEnum.COMPLETED)
            self.finished.append(conversation)
        except (asyncio.CancelledError, GeneratorExit):
            self.cancelled.append(conversation)
            raise
        finally:
            self._stops.pop(conversation, None)

    async def stop(self, conversation: str) -> None:
        self.stopped.append(conversation)
        if conversation in self._stops:
            self._stops[conversation].set()

    async def reset(self) -> None:
        for event in self._stops.values():
            event.set()

    async def aclose(self) -> None:
        self.closed = True
