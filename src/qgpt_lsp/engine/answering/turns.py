"""One streamed turn of a conversation: record the question, find code, answer, record it.

Follow-ups are searched with their standalone form (the reprompt rule), so
"and how is it tested?" still finds the code the conversation is about. The final
frame's ``relevance`` is the code the answer was given (the selection once, what
was found beside it), not every item the search returned.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from typing import Protocol

from ...wire import (
    QGPTConversationMessageRoleEnum,
    QGPTPromptPipeline,
    QGPTRelevanceInput,
    QGPTRelevanceOutput,
    QGPTStreamInput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
)
from ..answerers import Answerer, ChatMessage, CitedCode, stream_answer
from ..retrieval import RelevantItemResolver
from .conversation_database import ConversationDatabase
from .jobs import AnswerJobs
from .reprompt import Cited, standalone_query
from .streaming import Producer, StreamedAnswer

__all__ = ["HISTORY_MESSAGES", "Relevance", "StreamTurns"]

USER = QGPTConversationMessageRoleEnum.USER
ASSISTANT = QGPTConversationMessageRoleEnum.ASSISTANT
#: How many earlier messages go into the prompt (trimmed further to the window).
HISTORY_MESSAGES = 8


class Relevance(Protocol):
    """The part of :class:`~..retrieval.RelevanceFinder` a turn needs."""

    def find(self, request: QGPTRelevanceInput, boost: None = None) -> QGPTRelevanceOutput: ...


class StreamTurns:
    """Makes the producer of deltas for one ``/qgpt/stream`` request."""

    def __init__(
        self,
        database: ConversationDatabase,
        relevance: Relevance,
        resolver: RelevantItemResolver,
        jobs: AnswerJobs,
        answerer: Callable[[], Awaitable[Answerer]],
        cited: Cited | None = None,
    ) -> None:
        """``cited``: the definitions an answer cites (what a follow-up's "it" means)."""
        self._database = database
        self._relevance = relevance
        self._resolver = resolver
        self._jobs = jobs
        self._answerer = answerer
        self._cited = cited

    def producer(self, request: QGPTStreamInput) -> Producer:
        return lambda run: self._turn(run, request)

    async def _turn(
        self, run: StreamedAnswer, request: QGPTStreamInput
    ) -> AsyncGenerator[str, None]:
        if _relevance_only(request):
            assert request.relevance is not None
            run.relevance = await asyncio.to_thread(self._relevance.find, request.relevance, None)
            return
        history = await asyncio.to_thread(self._database.messages, run.conversation)
        query, items, pipeline = await self._inputs(run, request, history)
        await asyncio.to_thread(self._database.add, run.conversation, USER, query)
        try:
            snippets = await asyncio.to_thread(self._resolver.resolve, items)
            answerer = await self._answerer()
            chat = [_chat(m.role, m.text) for m in history[-HISTORY_MESSAGES:]]
            job, used = await self._jobs.job(answerer, query, snippets, pipeline, chat)
            run.relevance = await asyncio.to_thread(self._as_relevance, used)
            async with contextlib.aclosing(stream_answer(answerer, job)) as deltas:
                async for delta in deltas:
                    yield delta
        finally:
            if run.text:
                await asyncio.to_thread(self._database.add, run.conversation, ASSISTANT, run.text)

    async def _inputs(
        self, run: StreamedAnswer, request: QGPTStreamInput, history: Sequence[object]
    ) -> tuple[str, list[RelevantQGPTSeed], QGPTPromptPipeline | None]:
        if request.question is not None:
            question = request.question
            return question.query, list(question.relevant.iterable), question.pipeline
        assert request.relevance is not None
        asked = request.relevance
        search = asked
        if history:
            wire = await asyncio.to_thread(self._database.as_wire, run.conversation)
            standalone = await asyncio.to_thread(standalone_query, asked.query, wire, self._cited)
            search = asked.model_copy(update={"query": standalone})
        found = await asyncio.to_thread(self._relevance.find, search, None)
        pipeline = asked.options.pipeline if asked.options else None
        return asked.query, list(found.relevant.iterable), pipeline

    def _as_relevance(self, used: list[CitedCode]) -> QGPTRelevanceOutput:
        items = [self._resolver.to_relevant(snippet) for snippet in used]
        return QGPTRelevanceOutput(relevant=RelevantQGPTSeeds(iterable=items))


def _relevance_only(request: QGPTStreamInput) -> bool:
    """A relevance frame that does not ask to answer: its one frame carries the snippets."""
    options = request.relevance.options if request.relevance else None
    return request.relevance is not None and not (options and options.question)


def _chat(role: QGPTConversationMessageRoleEnum, text: str) -> ChatMessage:
    return ChatMessage("assistant" if role is ASSISTANT else "user", text)
