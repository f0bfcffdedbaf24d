"""Answer one question: relevance, then the streamed answer, then hints and persons.

Used by every asking command (``qgpt.ask``, ``askFile``, ``explainDiagnostic``,
``followUp``). The answer streams through an :class:`AnswerRelay`; stopping it
(``qgpt.stop``, ``$/cancelRequest``, progress cancel) asks the backend to stop and
returns what was answered so far with status "stopped".
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace

from lsprotocol import types

from ..backend import Backend, IndexedBackend
from ..errors import QGPTError, RequestRejected
from ..wire import (
    QGPTConversationMessageRoleEnum as Role,
)
from ..wire import (
    QGPTPromptPipeline,
    QGPTQuestionInput,
    QGPTStreamInput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
)
from .answer_document import AnswerDocument
from .conversations import Conversation, Exchange
from .documents import Snapshot
from .extras import hints_for, persons_for
from .progress import AnswerRelay
from .results import AskResult
from .saved_conversations import keep_under_our_id
from .server import QGPTLanguageServer, describe
from .sources import relevance_input, safe_text, selection_seed, sources_of, with_selection
from .streaming import StreamRun, consume

__all__ = ["AskPlan", "answer"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AskPlan:
    """What to ask: ``query`` goes to the backend, ``question`` is what the user asked."""

    conversation: Conversation
    question: str
    query: str
    snapshot: Snapshot | None = None
    range: types.Range | None = None
    pipeline: QGPTPromptPipeline | None = None
    seeds_text: str | None = None

    @property
    def anchor(self) -> types.Location | None:
        if self.snapshot is None or self.range is None:
            return None
        return types.Location(uri=self.snapshot.uri, range=self.range)


@dataclass
class Outcome:
    """How a run ended, filled as it goes."""

    status: str = "failed"
    error: str | None = None
    sources: list[types.Location] = field(default_factory=list)


async def answer(ls: QGPTLanguageServer, plan: AskPlan) -> AskResult:
    """Answer ``plan`` in its conversation; the result always comes back."""
    if plan.snapshot is not None:  # nothing secret leaves: masked, or refused for secret files
        safe = await safe_text(plan.snapshot.path, plan.seeds_text or "")
        plan = replace(plan, seeds_text=safe or None)
    conversation = plan.conversation
    if conversation.busy:
        raise_busy(conversation)
    conversation.busy = True
    try:
        return await _answer(ls, plan)
    finally:
        conversation.busy = False


def raise_busy(conversation: Conversation) -> None:
    raise RequestRejected(
        f"conversation {conversation.id} is still answering; stop it or use another one"
    )


async def _answer(ls: QGPTLanguageServer, plan: AskPlan) -> AskResult:
    conversation, exchange = plan.conversation, Exchange(plan.question, anchor=plan.anchor)
    document = AnswerDocument(ls.cache_dir, conversation.id)
    document.start(conversation.title or plan.question, plan.question)
    relay = AnswerRelay(ls, conversation.id, document, ls.request_token())
    run = StreamRun(relay)
    outcome = Outcome(sources=with_selection(plan.anchor, []))
    with ls.asks.track(run, conversation.id):
        await relay.begin(f"QGPT: {_short(plan.question)}")
        _show_document(ls, document)
        try:
            await _ask(ls, plan, exchange, run, outcome)
        except asyncio.CancelledError:
            outcome.status, outcome.error = "stopped", "the request was cancelled"
            raise
        except QGPTError as error:
            outcome.status, outcome.error = "failed", describe(error)
        except Exception as error:  # a failing answer never takes the server down
            _log.exception("answering %r failed", plan.question[:80])
            outcome.status, outcome.error = "failed", describe(error)
        finally:
            _finish(ls, plan, exchange, run, outcome)
    return _result(ls, plan, exchange, run, outcome)


async def _ask(
    ls: QGPTLanguageServer, plan: AskPlan, exchange: Exchange, run: StreamRun, outcome: Outcome
) -> None:
    backend = await ls.backend()
    keep_under_our_id(backend, plan.conversation)
    run.model = await _model(backend)
    snapshot = plan.snapshot
    if snapshot is not None and snapshot.is_open and isinstance(backend, IndexedBackend):
        await backend.update_document(snapshot.path, snapshot.text)
    relevant = await _relevant(ls, backend, plan)
    exchange.relevant = relevant
    outcome.sources = with_selection(plan.anchor, sources_of(ls.files, relevant))
    if run.stop_requested:
        outcome.status = "stopped"
        return
    request = _stream_request(plan, relevant)
    outcome.status, outcome.error = await consume(backend, request, run, plan.conversation)
    if outcome.status == "completed":
        exchange.answer = run.answer
        exchange.hints, exchange.persons = await asyncio.gather(
            hints_for(backend, relevant, plan.query, run.answer),
            persons_for(backend, plan.seeds_text, plan.snapshot),
        )


async def _model(backend: Backend) -> str:
    info = await backend.info()
    return info.answerer or info.kind


async def _relevant(ls: QGPTLanguageServer, backend: Backend, plan: AskPlan) -> RelevantQGPTSeeds:
    roots = ls.files.roots()
    output = await backend.relevance(
        relevance_input(plan.query, plan.seeds_text, plan.snapshot, roots)
    )
    return output.relevant


def _stream_request(plan: AskPlan, relevant: RelevantQGPTSeeds) -> QGPTStreamInput:
    items: list[RelevantQGPTSeed] = list(relevant.iterable)
    if plan.seeds_text:
        items.insert(0, RelevantQGPTSeed(seed=selection_seed(plan.seeds_text, plan.snapshot)))
    question = QGPTQuestionInput(
        query=plan.query, relevant=RelevantQGPTSeeds(iterable=items), pipeline=plan.pipeline
    )
    return QGPTStreamInput(question=question, conversation=plan.conversation.backend_id)


def _finish(
    ls: QGPTLanguageServer, plan: AskPlan, exchange: Exchange, run: StreamRun, outcome: Outcome
) -> None:
    exchange.answer, exchange.status, exchange.sources = run.answer, outcome.status, outcome.sources
    conversation = plan.conversation
    conversation.exchanges.append(exchange)
    conversation.add_message(Role.USER, plan.question)
    if run.answer:
        conversation.add_message(Role.ASSISTANT, run.answer)
    document = run.relay.document
    document.finish(
        outcome.status, outcome.sources, exchange.hints, exchange.persons, outcome.error
    )
    message = outcome.status if not outcome.error else f"{outcome.status}: {outcome.error}"
    run.relay.end(message)
    if outcome.status == "failed":
        ls.tell(f"the answer failed: {outcome.error}")


def _result(
    ls: QGPTLanguageServer, plan: AskPlan, exchange: Exchange, run: StreamRun, outcome: Outcome
) -> AskResult:
    status = outcome.status if outcome.status in ("completed", "stopped") else "failed"
    return AskResult(
        conversation=plan.conversation.id,
        status=status,  # type: ignore[arg-type]
        answer=run.answer,
        sources=outcome.sources,
        hints=exchange.hints,
        persons=exchange.persons,
        model=run.model,
        document=run.relay.document.uri,
        error=outcome.error,
    )


def _show_document(ls: QGPTLanguageServer, document: AnswerDocument) -> None:
    """Ask the client to open the live answer (without focus), if it can and may."""
    if ls.supports_show_document and ls.settings.open_answer_document:
        params = types.ShowDocumentParams(uri=document.uri, take_focus=False)
        ls.tasks.run(ls.window_show_document_async(params), name="show-answer")


def _short(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 50 else line[:49] + "…"
