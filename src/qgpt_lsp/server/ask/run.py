"""One answer, from the request to its last delta: :class:`AnswerRun`.

Every asking command (``qgpt.ask``, ``askFile``, ``explainDiagnostic``,
``followUp``) makes an :class:`~.plan.AskPlan` and calls :func:`answer`. The run
owns everything about that answer: it holds its conversation (one answer per
conversation), streams ONE single-call ``/qgpt/stream`` request, relays the
deltas (progress, the Markdown document, ``qgpt/answerDelta``), stops on demand
and ends with an Exchange in the conversation and an :class:`AskResult`.

A stop (``qgpt.stop``, ``$/cancelRequest``, progress cancel, shutdown) asks the
backend to stop the conversation and ends the run at the next frame, keeping
the answer so far (status "stopped"); a backend that does not answer the stop
in ``STOP_GRACE`` seconds has its stream closed from our side.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from lsprotocol import types

from ...backend import Backend, IndexedBackend
from ...errors import QGPTError, StreamDropped
from ...wire import QGPTConversationMessageRoleEnum as Role
from ...wire import QGPTStreamEnum, QGPTStreamInput, QGPTStreamOutput
from ..boundary import describe
from ..results import AskResult, AskStatus, PersonResult
from ..server import QGPTLanguageServer
from ..state.open_conversations import Exchange
from ..state.saved_conversations import keep_under_our_id
from .citations import sources_of, with_selection
from .document import AnswerDocument
from .hints_and_persons import hints_for, persons_for
from .plan import AskPlan
from .relay import AnswerRelay
from .showing import AnswerShowing

__all__ = ["STOP_GRACE", "AnswerRun", "answer"]

#: Seconds a backend has to end a stopped answer before we close its stream.
STOP_GRACE = 2.0

_log = logging.getLogger(__name__)
_STOPPED = {QGPTStreamEnum.STOPPED, QGPTStreamEnum.CANCELED, QGPTStreamEnum.RESET}
Ending = tuple[AskStatus, str | None]


async def answer(ls: QGPTLanguageServer, plan: AskPlan) -> AskResult:
    """Answer ``plan`` in its conversation; the result always comes back."""
    return await AnswerRun(ls, await plan.redacted()).run()


class AnswerRun:
    """One answer in flight and how it ended; :meth:`run` once, :meth:`stop` any time."""

    def __init__(self, ls: QGPTLanguageServer, plan: AskPlan) -> None:
        self._ls = ls
        self.plan = plan
        self.document = AnswerDocument(ls.cache_dir, plan.conversation.id)
        self.relay = AnswerRelay(ls, plan.conversation.id, self.document, ls.request_token())
        self.showing = AnswerShowing(ls, self.document)
        self.status: AskStatus = "failed"
        self.error: str | None = None
        self.answer = ""
        self.model = ""
        self.relevant = plan.seeds_sent()
        self.sources = with_selection(plan.anchor, [])
        self.hints: list[str] = []
        self.persons: list[PersonResult] = []
        self._backend: Backend | None = None
        self._backend_conversation: str | None = None
        self._stop_requested = False
        self._reader: asyncio.Task[Ending] | None = None

    @property
    def token(self) -> types.ProgressToken | None:
        return self.relay.token

    async def run(self) -> AskResult:
        """Hold the conversation, stream the answer, keep it; never raises for a failed answer."""
        with self._ls.answers.track(self, self.plan.conversation.id):
            await self._begin()
            try:
                await self._ask()
            except asyncio.CancelledError:
                self.status, self.error = "stopped", "the request was cancelled"
                raise
            except QGPTError as error:
                self.status, self.error = "failed", describe(error)
            except Exception as error:  # a failing answer never takes the server down
                _log.exception("answering %r failed", self.plan.question[:80])
                self.status, self.error = "failed", describe(error)
            finally:
                self._finish()
        return self.result()

    async def stop(self) -> None:
        """Ask the backend to stop; close our side if it does not end in ``STOP_GRACE``."""
        self._stop_requested = True
        if self._backend is not None and self._backend_conversation is not None:
            try:
                await self._backend.stop(self._backend_conversation)
            except QGPTError as error:
                _log.warning("the backend did not take the stop: %s", error)
        reader = self._reader
        if reader is None or reader.done():
            return
        done, _ = await asyncio.wait({reader}, timeout=STOP_GRACE)
        if not done:
            reader.cancel()

    def result(self) -> AskResult:
        return AskResult(
            conversation=self.plan.conversation.id,
            status=self.status,
            answer=self.answer,
            sources=self.sources,
            hints=self.hints,
            persons=self.persons,
            model=self.model,
            document=self.document.uri if self.document.trouble is None else None,
            error=self.error,
            asked=self.plan.query,
        )

    async def _begin(self) -> None:
        plan = self.plan
        self.document.start(plan.conversation.title or plan.question, plan.question)
        await self.relay.begin(f"QGPT: {_short(plan.question)}")

    async def _ask(self) -> None:
        backend = await self._ls.backend()
        keep_under_our_id(backend, self.plan.conversation)
        self.model = await _model(backend)
        snapshot = self.plan.snapshot
        if snapshot is not None and snapshot.is_open and isinstance(backend, IndexedBackend):
            await backend.update_document(snapshot.path, snapshot.text)
        if self._stop_requested:
            self.status = "stopped"
            return
        request = self.plan.stream_request(self._ls.files.roots())
        self.status, self.error = await self.stream(backend, request)
        self.sources = with_selection(self.plan.anchor, sources_of(self._ls.files, self.relevant))
        if self.status == "completed":
            self.hints, self.persons = await asyncio.gather(
                hints_for(backend, self.relevant, self.plan.query, self.answer),
                persons_for(backend, self.plan.seeds_text, self.plan.snapshot),
            )

    async def stream(self, backend: Backend, request: QGPTStreamInput) -> Ending:
        """Stream ``request`` into this run, relaying each delta: (status, error). The
        frames are read in a task of their own, so :meth:`stop` can close them."""
        self._backend = backend
        self._reader = asyncio.create_task(self._read(backend, request))
        try:
            await asyncio.wait({self._reader})
        except asyncio.CancelledError:
            self._reader.cancel()
            raise
        if self._reader.cancelled():
            return "stopped", None
        return self._reader.result()

    async def _read(self, backend: Backend, request: QGPTStreamInput) -> Ending:
        async with _closing(backend.stream(request)) as frames:
            async for frame in frames:
                self._take(frame)
                if self._stop_requested:
                    return "stopped", None
                if frame.is_terminal:
                    return _ending(frame)
        raise StreamDropped("the answer stream ended without a final frame")

    def _take(self, frame: QGPTStreamOutput) -> None:
        """Learn the backend's conversation and what the answer used; relay the delta."""
        if self._backend_conversation is None:
            self._backend_conversation = frame.conversation
            self.plan.conversation.backend_id = frame.conversation
        if frame.relevance is not None:
            self.relevant = frame.relevance.relevant
        if frame.delta:
            self.answer += frame.delta
            self.relay.delta(frame.delta)
            self.showing.after_delta()

    def _finish(self) -> None:
        """Keep the exchange, close the document, end the progress (every way a run ends)."""
        plan, conversation = self.plan, self.plan.conversation
        conversation.exchanges.append(self._exchange())
        conversation.add_message(Role.USER, plan.question)
        if self.answer:
            conversation.add_message(Role.ASSISTANT, self.answer)
        self.document.finish(self.status, self.sources, self.hints, self.persons, self.error)
        self.showing.at_end(len(conversation.exchanges))
        self.relay.end(self.status if not self.error else f"{self.status}: {self.error}")
        if self.status == "failed":
            self._ls.tell(f"the answer failed: {self.error}")
        if self.document.trouble is not None:
            self._ls.tell(
                f"could not write the answer document {self.document.path} "
                f"({self.document.trouble}); the answer itself is complete",
                types.MessageType.Warning,
            )

    def _exchange(self) -> Exchange:
        return Exchange(
            question=self.plan.question,
            status=self.status,
            anchor=self.plan.anchor,
            relevant=self.relevant,
            answer=self.answer,
            sources=self.sources,
            hints=self.hints,
            persons=self.persons,
        )


async def _model(backend: Backend) -> str:
    info = await backend.info()
    return info.answerer or info.kind


def _ending(frame: QGPTStreamOutput) -> Ending:
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


def _short(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 50 else line[:49] + "…"
