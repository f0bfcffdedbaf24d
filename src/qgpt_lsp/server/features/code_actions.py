"""``textDocument/codeAction``: cheap actions that each run a ``qgpt.*`` command.

On a selection: explain it, find bugs, how is it used, who can help. On a bare
cursor, when the user asked for code actions (``triggerKind`` Invoked, not the
automatic light bulb): the same, about the definition the cursor is in. On each
diagnostic in the context: "Explain this error" (a quick fix). Where an earlier
answer was asked: its hints as "Follow up: <hint>". No backend call is made.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from ...errors import QGPTError
from ...wire import (
    QGPTConversationPipeline,
    QGPTConversationPipelineForContextualizedCodeDialog,
    QGPTPromptPipeline,
    QGPTTaskPipeline,
    QGPTTaskPipelineForCodeExplanation,
)
from ..ask.widening import definition_at
from ..server import QGPTLanguageServer

__all__ = ["code_actions", "register"]

_EXPLAIN = QGPTPromptPipeline(
    task=QGPTTaskPipeline(code_explanation=QGPTTaskPipelineForCodeExplanation())
)
_DIALOG = QGPTPromptPipeline(
    conversation=QGPTConversationPipeline(
        contextualized_code_dialog=QGPTConversationPipelineForContextualizedCodeDialog()
    )
)
#: (title, question, pipeline) of the actions offered on a selection.
SELECTION_ACTIONS = (
    ("Ask QGPT: explain this", "Explain this code.", _EXPLAIN),
    ("Ask QGPT: find bugs", "Find bugs in this code.", _DIALOG),
    ("Ask QGPT: how is this used?", "How is this code used in the workspace?", _DIALOG),
)
_KIND = types.CodeActionKind.Empty


def _action(title: str, name: str, argument: dict[str, Any], kind: str) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=kind,
        command=types.Command(title=title, command=name, arguments=[argument]),
    )


def _unstructure(ls: QGPTLanguageServer, value: object) -> Any:
    return ls.protocol._converter.unstructure(value)


def _selection_actions(
    ls: QGPTLanguageServer, uri: str, range_: types.Range
) -> list[types.CodeAction]:
    where = {"uri": uri, "range": _unstructure(ls, range_)}
    actions = [
        _action(
            title,
            "qgpt.ask",
            {**where, "question": question, "pipeline": pipeline.to_wire()},
            _KIND,
        )
        for title, question, pipeline in SELECTION_ACTIONS
    ]
    actions.append(_action("Who can help with this code?", "qgpt.whoCanHelp", where, _KIND))
    return actions


def _diagnostic_actions(
    ls: QGPTLanguageServer, uri: str, diagnostics: list[types.Diagnostic]
) -> list[types.CodeAction]:
    actions = []
    for diagnostic in diagnostics:
        argument = {"uri": uri, "diagnostic": _unstructure(ls, diagnostic)}
        action = _action(
            "Explain this error", "qgpt.explainDiagnostic", argument, types.CodeActionKind.QuickFix
        )
        action.diagnostics = [diagnostic]
        actions.append(action)
    return actions


def _follow_up_actions(
    ls: QGPTLanguageServer, uri: str, range_: types.Range
) -> list[types.CodeAction]:
    actions = []
    for line in sorted({range_.start.line, range_.end.line}):
        for conversation, exchange in ls.conversations.exchanges_at(uri, line):
            if exchange.anchor is None or exchange.anchor.uri != uri:
                continue
            for hint in exchange.hints:
                argument = {
                    "conversation": conversation.id,
                    "question": hint,
                    "uri": uri,
                    "range": _unstructure(ls, exchange.anchor.range),
                }
                actions.append(_action(f"Follow up: {hint}", "qgpt.followUp", argument, _KIND))
    unique = {action.title: action for action in actions}
    return list(unique.values())[:10]


def code_actions(
    ls: QGPTLanguageServer, params: types.CodeActionParams
) -> list[types.CodeAction | types.Command] | None:
    uri, range_ = params.text_document.uri, params.range
    actions = _diagnostic_actions(ls, uri, list(params.context.diagnostics))
    asked_about = range_ if range_.start != range_.end else _cursor_definition(ls, params)
    if asked_about is not None:
        actions += _selection_actions(ls, uri, asked_about)
    actions += _follow_up_actions(ls, uri, range_)
    if not _supports_literals(ls):
        return [action.command for action in actions if action.command is not None]
    return list(actions)


def _cursor_definition(
    ls: QGPTLanguageServer, params: types.CodeActionParams
) -> types.Range | None:
    """The definition a bare cursor is in, when the user asked for code actions."""
    if params.context.trigger_kind != types.CodeActionTriggerKind.Invoked:
        return None
    try:
        snapshot = ls.files.snapshot(params.text_document.uri)
    except QGPTError:
        return None
    return definition_at(snapshot, params.range.start.line)


def _supports_literals(ls: QGPTLanguageServer) -> bool:
    document = ls.client_capabilities.text_document
    code_action = document.code_action if document else None
    return bool(code_action and code_action.code_action_literal_support)


def register(server: QGPTLanguageServer) -> None:
    options = types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.Empty]
    )
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)(code_actions)
