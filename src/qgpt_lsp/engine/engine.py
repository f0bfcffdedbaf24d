"""The embedded QGPT engine: the six endpoints over the workspace index, in process.

Implements :class:`qgpt_lsp.backend.IndexedBackend`: it serves requests and hands
the work to retrieval (:mod:`.retrieval`), answering (:mod:`.answering`), the
answerers (:mod:`.answerers`), people (:mod:`.people`) and index builds
(:class:`~.index.building.IndexBuilder`). Blocking work (index, git, SQLite,
llama.cpp) runs in worker threads, never on the event loop.
"""

from __future__ import annotations

import asyncio
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
from .answerers import Answerer, choose_answerer, collect
from .answering import (
    AnswerJobs,
    ConversationDatabase,
    StoredConversation,
    StreamHub,
    StreamTurns,
    refusal,
    rewrite_query,
    suggest_hints,
)
from .cache_health import CacheNotices
from .index import WorkspaceIndex, default_cache_dir
from .index.building import IndexBuilder
from .index.locations import workspace_directory
from .people import LineRange, PeopleFinder, locate_fragment, ranges_in_conversation
from .retrieval import RelevanceFinder, RelevantItemResolver, SnippetRegistry
from .settings import EngineSettings

__all__ = ["Engine"]


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
        self.notices = CacheNotices()
        self.index = WorkspaceIndex(
            roots=self.roots,
            settings=self.settings.index,
            cache_dir=self.cache_dir,
            notices=self.notices,
        )
        self._builder = IndexBuilder(self.index)
        self.registry = SnippetRegistry(self.index)
        self._relevance = RelevanceFinder(
            self.index, self.registry, wait_for_writer=self._builder.wait_for_writer
        )
        self._resolver = RelevantItemResolver(self.index, self.registry, self.roots)
        self._jobs = AnswerJobs(self.index, self._resolver.label, self.settings.max_answer_tokens)
        self.conversations = ConversationDatabase(
            workspace_directory(self.cache_dir, self.roots) / "conversations.sqlite3", self.notices
        )
        self.people = PeopleFinder(self.settings.blame_timeout)
        self._hub = StreamHub()
        self._answerer: Answerer | None = None
        self._choosing = asyncio.Lock()
        self._turns = StreamTurns(
            self.conversations,
            self._relevance,
            self._resolver,
            self._jobs,
            self.answerer,
            self._relevance.subjects.cited_names,
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
            self._jobs.max_tokens = settings.max_answer_tokens
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
        code = await asyncio.to_thread(self._resolver.resolve, items)
        answerer = await self.answerer()
        job, used = await self._jobs.job(answerer, query, code, pipeline)
        text = await collect(answerer, job)
        score = max((s.score for s in used), default=0.5)
        answer = QGPTQuestionAnswer(score=round(score, 3), text=text)
        return QGPTQuestionOutput(answers=QGPTQuestionAnswers(iterable=[answer]))

    async def hints(self, request: QGPTHintsInput) -> QGPTQuestionOutput:
        code = await asyncio.to_thread(self._resolver.resolve, request.relevant.iterable)
        answer = request.answer.text if request.answer else ""
        return await suggest_hints(await self.answerer(), request.query or "", answer, code)

    async def reprompt(self, request: QGPTRepromptInput) -> QGPTRepromptOutput:
        cited = self._relevance.subjects.cited_names
        answerer = await self.answerer()
        query = await rewrite_query(answerer, request.query, request.conversation, cited)
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
    # Kept in ``<cache_dir>/engine/<roots key>/conversations.sqlite3``: an engine opened
    # again on the same cache dir and roots (a restart, the CLI) sees every conversation
    # and message the last one saved.

    async def list_conversations(self) -> list[StoredConversation]:
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
        return await self._builder.build(progress, in_child=self.settings.index_in_child)

    async def update_document(self, path: Path, text: str | None = None) -> None:
        await self._builder.update_document(path, text)

    async def remove_document(self, path: Path) -> None:
        await self._builder.remove_document(path)

    def index_status(self) -> IndexStatus:
        return self._builder.status()

    def take_notices(self) -> list[str]:
        """What happened to the cache files since last asked (healed, or kept in
        memory), one line each; every line is handed out once."""
        return self.notices.take()

    async def aclose(self) -> None:
        self._hub.reset()
        await self.people.aclose()
        if self._answerer is not None:
            await self._answerer.aclose()
        await asyncio.to_thread(self.conversations.close)
        await asyncio.to_thread(self.index.close)


_BOTH = "send either relevance (with options.question) or question in one frame, not both"
_NEITHER = "the frame carries no relevance, question, stop or reset"
