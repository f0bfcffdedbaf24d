"""``workspace/executeCommand``: ``qgpt.ask``, ``qgpt.askFile``, ``qgpt.explainDiagnostic``,
``qgpt.followUp``: each answers as an AskResult (docs/architecture.md), streaming meanwhile.

What is asked about is the editor's buffer (unsaved text included): the
selection (else the file) goes along once, as the fragment seed of the one
single-call stream request (:mod:`..ask.plan`). The question goes as the user or
the code action worded it; finding the code it is about is the backend's job,
from the seed (the embedded engine searches the selection's definitions, not the
words "explain this": ``engine/retrieval/relevance.py``). A selection within one
line (a word, Helix's one-character cursor) widens: the
definition it lies in is asked about (:mod:`..ask.widening`).
"""

from __future__ import annotations

import logging

from lsprotocol import types

from ...errors import QGPTError
from ...wire import (
    QGPTPromptPipeline,
    QGPTRepromptInput,
    QGPTTaskPipeline,
    QGPTTaskPipelineForCodeFix,
)
from ..arguments import AskArgs, AskFileArgs, ExplainDiagnosticArgs, FollowUpArgs
from ..ask.plan import AskPlan
from ..ask.run import answer
from ..ask.widening import lines_of, widened
from ..boundary import command
from ..results import to_json
from ..server import QGPTLanguageServer
from ..state.documents import Snapshot
from ..state.open_conversations import Conversation
from ..state.saved_conversations import find_conversation

__all__ = ["register"]

_log = logging.getLogger(__name__)
#: Most characters of a whole file sent as the seed of a question.
MAX_FILE_SEED = 20_000


def register(server: QGPTLanguageServer) -> None:
    command(server, "qgpt.ask", AskArgs)(ask)
    command(server, "qgpt.askFile", AskFileArgs)(ask_file)
    command(server, "qgpt.explainDiagnostic", ExplainDiagnosticArgs)(explain_diagnostic)
    command(server, "qgpt.followUp", FollowUpArgs)(follow_up)


def _checked_widened(snapshot: Snapshot, range_: types.Range | None) -> types.Range | None:
    if range_ is None:
        return None
    snapshot.check_range(range_)
    return widened(snapshot, range_)


def _seed_text(snapshot: Snapshot, range_: types.Range | None) -> str:
    if range_ is not None:
        snapshot.check_range(range_)
        selected = snapshot.text_in(range_)
        if selected.strip():
            return selected
    return snapshot.text[:MAX_FILE_SEED]


async def ask(ls: QGPTLanguageServer, args: AskArgs) -> object:
    snapshot = ls.files.snapshot(args.uri)
    range_ = _checked_widened(snapshot, args.range)
    seeds = _seed_text(snapshot, range_)
    conversation = await find_conversation(ls, args.conversation)
    plan = AskPlan(
        conversation, args.question, args.question, snapshot, range_, args.pipeline, seeds
    )
    return to_json(await answer(ls, plan))


async def ask_file(ls: QGPTLanguageServer, args: AskFileArgs) -> object:
    snapshot = ls.files.snapshot(args.uri)
    conversation = await find_conversation(ls, args.conversation)
    seeds = snapshot.text[:MAX_FILE_SEED]
    plan = AskPlan(conversation, args.question, args.question, snapshot, None, None, seeds)
    return to_json(await answer(ls, plan))


async def explain_diagnostic(ls: QGPTLanguageServer, args: ExplainDiagnosticArgs) -> object:
    snapshot = ls.files.snapshot(args.uri)
    diagnostics = args.all()
    for diagnostic in diagnostics:
        snapshot.check_range(diagnostic.range)
    where = _spanning([diagnostic.range for diagnostic in diagnostics])
    lines = lines_of(snapshot, where)
    error = "\n".join(diagnostic.message.strip() for diagnostic in diagnostics)
    pipeline = QGPTPromptPipeline(
        task=QGPTTaskPipeline(code_fix=QGPTTaskPipelineForCodeFix(error=error))
    )
    question = (
        f"Explain this error: {error}"
        if len(diagnostics) == 1
        else f"Explain these errors:\n{error}"
    )
    conversation = ls.conversations.new()
    seeds = snapshot.text_in(lines) or snapshot.text[:MAX_FILE_SEED]
    plan = AskPlan(conversation, question, question, snapshot, where, pipeline, seeds)
    return to_json(await answer(ls, plan))


def _spanning(ranges: list[types.Range]) -> types.Range:
    """The smallest range holding all of ``ranges``."""
    start = min((r.start for r in ranges), key=lambda p: (p.line, p.character))
    end = max((r.end for r in ranges), key=lambda p: (p.line, p.character))
    return types.Range(start=start, end=end)


async def follow_up(ls: QGPTLanguageServer, args: FollowUpArgs) -> object:
    conversation = await find_conversation(ls, args.conversation)
    snapshot = ls.files.snapshot(args.uri) if args.uri else None
    range_ = _checked_widened(snapshot, args.range) if snapshot else None
    seeds = _seed_text(snapshot, range_) if snapshot and range_ else None
    query = await _reprompt(ls, conversation, args.question)
    plan = AskPlan(conversation, args.question, query, snapshot, range_, None, seeds)
    return to_json(await answer(ls, plan))


async def _reprompt(ls: QGPTLanguageServer, conversation: Conversation, question: str) -> str:
    """The follow-up as a standalone query; the question itself if the backend cannot."""
    if not conversation.messages:
        return question
    backend = await ls.backend()
    request = QGPTRepromptInput(query=question, conversation=conversation.newest_first())
    try:
        return (await backend.reprompt(request)).query or question
    except QGPTError as error:
        _log.warning("reprompt failed (%s); asking the follow-up as it is", error)
        return question
