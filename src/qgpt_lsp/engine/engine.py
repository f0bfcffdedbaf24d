"""The embedded QGPT engine: the six endpoints over the workspace index, in process.

Implements :class:`qgpt_lsp.backend.IndexedBackend`. Blocking work (index,
git, SQLite, llama.cpp) runs in worker threads, never on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from .. import __version__, errors
from ..backend import BackendInfo, IndexStatus, ProgressCallback
from ..wire import (
    QGPTConversation,
    QGPTHintsInput,
    QGPTPersonsRelatedInput,
    QGPTPersonsRelatedOutput,
    QGPTPromptPipeline,
    QGPTQuestionAnswer,
    QGPTQuestionAnswers,
    QGPTQuestionInput,
    QGPTQuestionOutput,
    QGPTRelevanceInput,
    QGPTRelevanceOutput,
    QGPTRepromptInput,
    QGPTRepromptOutput,
    QGPTStreamEnum,
    QGPTStreamInput,
    QGPTStreamOutput,
    RelevantQGPTSeed,
    new_id,
    terminal_frame,
)
from .answer import Answerer, choose_answerer, collect
from .answering import Answering
from .conversations import ConversationStore, ConversationSummary
from .hints import suggest_hints
from .index import WorkspaceIndex, default_cache_dir
from .index_worker import ChildBuild, build_in_child
from .people import LineRange, PeopleFinder, locate_fragment, ranges_in_conversation
from .relevance import RelevanceFinder, SnippetRegistry
from .reprompt import rewrite_query
from .settings import EngineSettings
from .snippets import SnippetResolver
from .streaming import StreamHub, refusal
from .turns import StreamTurns

_log = logging.getLogger(__name__)
#: How long a search that must index a path first waits for a child build to end.
WRITER_WAIT_SECONDS = 120.0


class Engine:
    """The embedded QGPT backend for the workspace ``roots``."""

    def __init__(
        self,
        roots: list[Path],
        settings: EngineSettings | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.roots = [root.resolve() for root in roots]
        self.settings = settings or EngineSettings()
        self.cache_dir = cache_dir or default_cache_dir()
        self.index = WorkspaceIndex(
            roots=self.roots, settings=self.settings.index, cache_dir=self.cache_dir
        )
        self.registry = SnippetRegistry(self.index)
        #: Set while no child process holds the index's writer.
        self._writer_free = threading.Event()
        self._writer_free.set()
        self._relevance = RelevanceFinder(
            self.index, self.registry, wait_for_writer=self._wait_for_writer
        )
        self._resolver = SnippetResolver(self.index, self.registry, self.roots)
        self._answering = Answering(
            self.index, self._resolver.label, self.settings.max_answer_tokens
        )
        self.conversations = ConversationStore(self.cache_dir / "conversations.sqlite3")
        self.people = PeopleFinder(self.settings.blame_timeout)
        self._hub = StreamHub()
        self._answerer: Answerer | None = None
        self._choosing = asyncio.Lock()
        self._child_building = False
        self._child_progress = ""
        #: Changes that came while a child process built the index: path -> (removed, text).
        self._deferred: dict[Path, tuple[bool, str | None]] = {}
        self._turns = StreamTurns(
            self.conversations, self._relevance, self._resolver, self._answering, self.answerer
        )

    # -- which model answers ----------------------------------------------------------

    async def answerer(self) -> Answerer:
        """The answerer, chosen once per settings (``auto`` probes local servers)."""
        async with self._choosing:
            if self._answerer is None:
                self._answerer = await choose_answerer(self.settings)
            return self._answerer

    @property
    def answerer_name(self) -> str | None:
        """Which model answers ("grounded", "openai:...", "local:..."), once chosen."""
        return self._answerer.name if self._answerer else None

    async def configure(self, settings: EngineSettings) -> None:
        """Use new settings for the next answers (the index settings stay)."""
        async with self._choosing:
            old, self._answerer = self._answerer, None
            self.settings = settings
            self.people.blame_timeout = settings.blame_timeout
            self._answering.max_tokens = settings.max_answer_tokens
        if old is not None:
            await old.aclose()

    async def info(self) -> BackendInfo:
        answerer = await self.answerer()
        roots = ", ".join(str(root) for root in self.roots)
        return BackendInfo("embedded", roots, __version__, answerer.name)

    # -- the endpoints ----------------------------------------------------------------

    async def relevance(self, request: QGPTRelevanceInput) -> QGPTRelevanceOutput:
        found = await asyncio.to_thread(self._relevance.find, request, None)
        if not (request.options and request.options.question):
            return found
        pipeline = request.options.pipeline
        answer = await self._answer_once(request.query, found.relevant.iterable, pipeline)
        return found.model_copy(update={"answer": answer})

    async def question(self, request: QGPTQuestionInput) -> QGPTQuestionOutput:
        return await self._answer_once(request.query, request.relevant.iterable, request.pipeline)

    async def _answer_once(
        self, query: str, items: list[RelevantQGPTSeed], pipeline: QGPTPromptPipeline | None
    ) -> QGPTQuestionOutput:
        snippets = await asyncio.to_thread(self._resolver.resolve, items)
        answerer = await self.answerer()
        job, used = await self._answering.job(answerer, query, snippets, pipeline)
        text = await collect(answerer, job)
        score = max((s.score for s in used), default=0.5)
        answer = QGPTQuestionAnswer(score=round(score, 3), text=text)
        return QGPTQuestionOutput(answers=QGPTQuestionAnswers(iterable=[answer]))

    async def hints(self, request: QGPTHintsInput) -> QGPTQuestionOutput:
        snippets = await asyncio.to_thread(self._resolver.resolve, request.relevant.iterable)
        answer = request.answer.text if request.answer else ""
        return await suggest_hints(await self.answerer(), request.query or "", answer, snippets)

    async def reprompt(self, request: QGPTRepromptInput) -> QGPTRepromptOutput:
        query = await rewrite_query(await self.answerer(), request.query, request.conversation)
        return QGPTRepromptOutput(query=query)

    async def persons_related(
        self, request: QGPTPersonsRelatedInput, transferables: bool = True
    ) -> QGPTPersonsRelatedOutput:
        """People for a seed (found in the workspace by its text) or a conversation's
        ``file:line`` citations. ``transferables`` changes nothing here (nothing to omit)."""
        fragment = request.seed.fragment_text if request.seed else None
        if fragment:
            found = await asyncio.to_thread(locate_fragment, self.index, fragment)
            return await self.people.for_ranges([found] if found else [])
        if request.conversation is not None:
            ranges = await asyncio.to_thread(
                ranges_in_conversation, self.index, request.conversation, self.roots
            )
            return await self.people.for_ranges(ranges)
        raise errors.RequestRejected(
            "persons/related needs a seed with a code fragment or a conversation"
        )

    async def who_can_help(self, path: Path, start: int, end: int) -> QGPTPersonsRelatedOutput:
        """The people for lines ``start..end`` (1-based) of ``path`` in the workspace."""
        inside = await asyncio.to_thread(self.index.resolve_inside, path)
        return await self.people.for_ranges([LineRange(inside, start, end)])

    # -- streaming --------------------------------------------------------------------

    async def stream(self, request: QGPTStreamInput) -> AsyncIterator[QGPTStreamOutput]:
        conversation = request.conversation or new_id()
        request_id = request.request or new_id()
        if request.reset:
            await self.reset()
            yield terminal_frame(conversation, request_id, QGPTStreamEnum.RESET)
        elif request.stop:
            await self.stop(conversation)
            yield terminal_frame(conversation, request_id, QGPTStreamEnum.STOPPED)
        elif request.asks_both:
            yield refusal(conversation, request_id, _BOTH)
        elif request.relevance is None and request.question is None:
            yield refusal(conversation, request_id, _NEITHER)
        else:
            producer = self._turns.producer(request)
            async for frame in self._hub.frames(conversation, request_id, producer):
                yield frame

    async def stop(self, conversation: str) -> None:
        self._hub.stop(conversation)

    async def reset(self) -> None:
        self._hub.reset()

    # -- conversations ----------------------------------------------------------------
    # Kept in ``<cache_dir>/conversations.sqlite3``: an engine opened again on the same
    # cache dir (a restart) sees every conversation and message the last one saved.

    async def list_conversations(self) -> list[ConversationSummary]:
        """Every conversation (id, title, created, updated, message count), most recently
        updated first; the title is the first line of its first question unless given."""
        return await asyncio.to_thread(self.conversations.list)

    async def get_conversation(self, conversation: str) -> QGPTConversation:
        """The messages, newest first (the wire's order); empty for an unknown id."""
        return await asyncio.to_thread(self.conversations.as_wire, conversation)

    async def delete_conversation(self, conversation: str) -> bool:
        """Forget a conversation and its messages; False when there was no such id."""
        return await asyncio.to_thread(self.conversations.delete, conversation)

    async def new_conversation(self, title: str = "") -> str:
        """A new, empty conversation's id (pass it as ``conversation`` to ``stream``)."""
        return await asyncio.to_thread(self.conversations.ensure, None, title)

    # -- the index --------------------------------------------------------------------

    async def build_index(self, progress: ProgressCallback | None = None) -> IndexStatus:
        """Reconcile the index with the files; with ``index_in_child`` in a child
        process (this one then reloads, and applies the changes that came meanwhile)."""
        if not (self.settings.index_in_child and await self._build_in_child(progress)):
            await asyncio.to_thread(self.index.build, progress)
        return self.index.status()

    async def _build_in_child(self, progress: ProgressCallback | None) -> bool:
        def track(done: int, total: int, message: str) -> None:
            self._child_progress = f"{done}/{total} files: {message}"
            if progress is not None:
                progress(done, total, message)

        self._child_building = True
        self._child_progress = "starting"
        self._writer_free.clear()
        try:
            return await self._after_child(
                await build_in_child(self.roots, self.settings.index, self.cache_dir, track)
            )
        finally:
            self._child_building = False
            self._writer_free.set()

    async def _after_child(self, child: ChildBuild) -> bool:
        """See what the child built, and apply the changes that came meanwhile."""
        self._child_building = False
        if child.built:
            await asyncio.to_thread(self.index.reload, child.detail)
            _log.info("index (child process): %s", child.detail)
        else:
            _log.warning(
                "index: building in a child process failed (%s); building here", child.detail
            )
        deferred, self._deferred = self._deferred, {}
        for path, (removed, text) in deferred.items():
            if removed:
                await self.remove_document(path)
            else:
                await self.update_document(path, text)
        return child.built

    def _wait_for_writer(self) -> bool:
        """Block (in a worker thread) until no child build holds the index's writer."""
        return self._writer_free.wait(WRITER_WAIT_SECONDS)

    async def update_document(self, path: Path, text: str | None = None) -> None:
        if self._child_building:  # the child holds the index's writer: apply it after
            self._deferred[path] = (False, text)
            return
        await asyncio.to_thread(self.index.update_file, path, text)

    async def remove_document(self, path: Path) -> None:
        if self._child_building:
            self._deferred[path] = (True, None)
            return
        await asyncio.to_thread(self.index.remove_file, path)

    def index_status(self) -> IndexStatus:
        if self._child_building:
            return IndexStatus(state="indexing", message=self._child_progress)
        return self.index.status()

    async def aclose(self) -> None:
        self._hub.reset()
        await self.people.aclose()
        if self._answerer is not None:
            await self._answerer.aclose()
        await asyncio.to_thread(self.conversations.close)
        close = getattr(self.index, "close", None)
        if close is not None:
            await asyncio.to_thread(close)


_BOTH = "send either relevance (with options.question) or question in one frame, not both"
_NEITHER = "the frame carries no relevance, question, stop or reset"
