"""``workspace/executeCommand``: ``qgpt.ask``, ``qgpt.askFile``, ``qgpt.explainDiagnostic``,
``qgpt.followUp``: each answers as an AskResult (docs/architecture.md), streaming meanwhile.

What is asked about is the editor's buffer (unsaved text included): the
selection (else the file) goes along once, as the fragment seed of the one
single-call stream request (:mod:`..ask.plan`). The question goes as the user or
the code action worded it; finding the code it is about is the backend's job,
from the seed (the embedded engine searches the selection's definitions, not the
words "explain this": ``engine/retrieval/relevance.py``). A selection within one
line (a word, Helix's one-character cursor) goes as that whole line, so the
backend can tell where it is and which definition it lies in.
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


def _seed_text(snapshot: Snapshot, range_: types.Range | None) -> str:
    if range_ is not None:
        snapshot.check_range(range_)
        selected = snapshot.text_in(_whole_line(snapshot, range_))
        if selected.strip():
            return selected
    return snapshot.text[:MAX_FILE_SEED]


def _whole_line(snapshot: Snapshot, range_: types.Range) -> types.Range:
    """``range_``, or the whole line when it lies within one (a word, a one-character
    cursor); an empty range stays empty (it asks about the file)."""
    if range_.start == range_.end:
        return range_
    one_line = range_.end.line == range_.start.line or (
        range_.end.line == range_.start.line + 1 and range_.end.character == 0
    )
    return _lines_of(snapshot, range_) if one_line else range_


async def ask(ls: QGPTLanguageServer, args: AskArgs) -> object:
    snapshot = ls.files.snapshot(args.uri)
    seeds = _seed_text(snapshot, args.range)
    conversation = await find_conversation(ls, args.conversation)
    plan = AskPlan(
        conversation, args.question, args.question, snapshot, args.range, args.pipeline, seeds
    )
    return to_json(await answer(ls, plan))


async def ask_file(ls: QGPTLanguageServer, args: AskFileArgs) -> object:
    snapshot = ls.files.snapshot(args.uri)
    conversation = await find_conversation(ls, args.conversation)
    seeds = snapshot.text[:MAX_FILE_SEED]
    plan = AskPlan(conversation, args.question, args.question, snapshot, None, None, seeds)
    return to_json(await answer(ls, plan))


def _lines_of(snapshot: Snapshot, range_: types.Range) -> types.Range:
    """The whole lines ``range_`` touches (a diagnostic's range may be one character)."""
    start = types.Position(line=range_.start.line, character=0)
    last = range_.end.line
    if range_.end.character == 0 and range_.end.line > range_.start.line:
        last -= 1
    if last + 1 > len(snapshot.document.lines):
        return types.Range(start=start, end=snapshot.whole().end)
    return types.Range(start=start, end=types.Position(line=last + 1, character=0))


async def explain_diagnostic(ls: QGPTLanguageServer, args: ExplainDiagnosticArgs) -> object:
    snapshot = ls.files.snapshot(args.uri)
    diagnostic = args.diagnostic
    snapshot.check_range(diagnostic.range)
    lines = _lines_of(snapshot, diagnostic.range)
    pipeline = QGPTPromptPipeline(
        task=QGPTTaskPipeline(code_fix=QGPTTaskPipelineForCodeFix(error=diagnostic.message))
    )
    question = f"Explain this error: {diagnostic.message}"
    conversation = ls.conversations.new()
    seeds = snapshot.text_in(lines) or snapshot.text[:MAX_FILE_SEED]
    plan = AskPlan(conversation, question, question, snapshot, diagnostic.range, pipeline, seeds)
    return to_json(await answer(ls, plan))


async def follow_up(ls: QGPTLanguageServer, args: FollowUpArgs) -> object:
    conversation = await find_conversation(ls, args.conversation)
    snapshot = ls.files.snapshot(args.uri) if args.uri else None
    seeds = _seed_text(snapshot, args.range) if snapshot and args.range else None
    query = await _reprompt(ls, conversation, args.question)
    plan = AskPlan(conversation, args.question, query, snapshot, args.range, None, seeds)
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
