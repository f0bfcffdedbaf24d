"""textDocument/codeAction: selection actions, diagnostic quick fixes, follow-ups."""

from __future__ import annotations

from typing import Any

import pytest
from lsprotocol import types

from tests.fakes.pieces_os import FakePiecesOS

from .conftest import SessionFactory
from .session import LSPSession

CLIENTS = ["visual_studio_code", "neovim", "emacs"]
SELECTION = types.Range(
    start=types.Position(line=8, character=0), end=types.Position(line=11, character=0)
)
OFFLINE = {"backend": "embedded", "answerer": "grounded", "index": {"enabled": False}}


async def _actions(
    session: LSPSession,
    uri: str,
    range_: types.Range,
    diagnostics: list[types.Diagnostic] | None = None,
) -> list[types.CodeAction | types.Command]:
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=range_,
        context=types.CodeActionContext(diagnostics=diagnostics or []),
    )
    return list(await session.client.text_document_code_action_async(params) or [])


def _commands(actions: list[types.CodeAction | types.Command]) -> list[types.Command]:
    found = []
    for action in actions:
        command = action.command if isinstance(action, types.CodeAction) else action
        assert isinstance(command, types.Command)
        found.append(command)
    return found


@pytest.mark.parametrize("client", CLIENTS)
async def test_selection_offers_four_questions(lsp: SessionFactory, client: str) -> None:
    async with lsp(settings=OFFLINE, client=client) as session:
        uri = session.open("app/calc.py")
        actions = await _actions(session, uri, SELECTION)
    titles = [getattr(action, "title", "") for action in actions]
    assert titles == [
        "Ask QGPT: explain this",
        "Ask QGPT: find bugs",
        "Ask QGPT: how is this used?",
        "Who can help with this code?",
    ]
    commands = _commands(actions)
    assert [c.command for c in commands] == ["qgpt.ask"] * 3 + ["qgpt.whoCanHelp"]
    for command in commands:
        assert command.arguments is not None and len(command.arguments) == 1
        argument: dict[str, Any] = command.arguments[0]
        assert argument["uri"] == uri
        assert argument["range"]["start"]["line"] == 8 and argument["range"]["end"]["line"] == 11
    assert commands[0].arguments[0]["pipeline"] == {"task": {"code_explanation": {}}}


async def test_empty_selection_offers_no_questions(lsp: SessionFactory) -> None:
    async with lsp(settings=OFFLINE) as session:
        uri = session.open("app/calc.py")
        cursor = types.Range(
            start=types.Position(line=3, character=4), end=types.Position(line=3, character=4)
        )
        assert await _actions(session, uri, cursor) == []


@pytest.mark.parametrize(
    ("line", "asked"), [(10, (8, 11)), (0, None)], ids=["in divide", "in the docstring"]
)
async def test_an_invoked_bare_cursor_asks_about_its_definition(
    lsp: SessionFactory, line: int, asked: tuple[int, int] | None
) -> None:
    """Neovim's `gra` in normal mode (triggerKind Invoked, an empty range): the questions
    are about the definition the cursor is in; outside any, there are none."""
    cursor = types.Range(
        start=types.Position(line=line, character=4), end=types.Position(line=line, character=4)
    )
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=""),
        range=cursor,
        context=types.CodeActionContext(
            diagnostics=[], trigger_kind=types.CodeActionTriggerKind.Invoked
        ),
    )
    async with lsp(settings=OFFLINE) as session:
        params.text_document.uri = session.open("app/calc.py")
        found = await session.client.text_document_code_action_async(params)
    commands = _commands(list(found or []))
    if asked is None:
        assert commands == []
        return
    assert [c.title for c in commands][:3] == [
        "Ask QGPT: explain this", "Ask QGPT: find bugs", "Ask QGPT: how is this used?"
    ]  # fmt: skip
    for command in commands:
        assert command.arguments is not None
        where = command.arguments[0]["range"]
        assert (where["start"]["line"], where["end"]["line"]) == asked


@pytest.mark.parametrize("client", CLIENTS)
async def test_each_diagnostic_gets_explain_this_error(lsp: SessionFactory, client: str) -> None:
    diagnostics = [
        types.Diagnostic(
            range=SELECTION, message="ZeroDivisionError: division by zero", source="pyright"
        ),
        types.Diagnostic(range=SELECTION, message="unused variable 'count'"),
    ]
    async with lsp(settings=OFFLINE, client=client) as session:
        uri = session.open("app/calc.py")
        cursor = types.Range(start=SELECTION.start, end=SELECTION.start)
        actions = await _actions(session, uri, cursor, diagnostics)
    assert len(actions) == 2
    for action, diagnostic in zip(actions, diagnostics, strict=True):
        command = _commands([action])[0]
        assert command.command == "qgpt.explainDiagnostic"
        assert command.arguments is not None
        assert command.arguments[0]["diagnostic"]["message"] == diagnostic.message
        if isinstance(action, types.CodeAction):
            assert action.kind == types.CodeActionKind.QuickFix
            assert list(action.diagnostics or []) == [diagnostic]


async def test_client_without_literals_gets_bare_commands(lsp: SessionFactory) -> None:
    async with lsp(settings=OFFLINE, client="neovim@v0.6.1") as session:
        uri = session.open("app/calc.py")
        caps = session.client.capabilities
        assert caps is not None
        literal = (
            caps.text_document
            and caps.text_document.code_action
            and caps.text_document.code_action.code_action_literal_support
        )
        actions = await _actions(session, uri, SELECTION)
    kinds = {type(action) for action in actions}
    assert kinds == ({types.CodeAction} if literal else {types.Command})


async def test_answer_hints_become_follow_up_actions(
    lsp: SessionFactory, fake_pieces_os: FakePiecesOS
) -> None:
    async with lsp(settings={"backend": fake_pieces_os.base_url}) as session:
        uri = session.open("app/calc.py")
        before = await _actions(session, uri, SELECTION)
        argument = {
            "uri": uri,
            "range": {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}},
            "question": "What does divide do?",
        }
        result = await session.execute("qgpt.ask", argument)
        after = await _actions(session, uri, SELECTION)
    assert result["hints"], "the fake Pieces OS suggests hints"
    new = [action for action in after if action not in before]
    assert [getattr(a, "title", "") for a in new] == [
        f"Follow up: {hint}" for hint in result["hints"]
    ]
    for command, hint in zip(_commands(new), result["hints"], strict=True):
        assert command.command == "qgpt.followUp"
        assert list(command.arguments or []) == [
            {
                "conversation": result["conversation"],
                "question": hint,
                "uri": uri,
                "range": argument["range"],
            }
        ]
