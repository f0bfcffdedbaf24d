"""A code action's fixed question is never searched as words: its subject is the selection.

The workspace gets two decoys that match the fixed questions' words ("explain
this code", "find bugs") and a test of ``divide``; the answer to each action on
``divide`` must cite the selection, its caller and its test, never a decoy, and its
hints must name ``divide`` and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from .conftest import SessionFactory
from .session import LSPSession, wait_until
from .test_code_actions import _actions, _commands
from .test_selection_sources import DIVIDE, GROUNDED, SELECTION, _index_done, _selection_first

DECOYS = {
    "docs/explain.md": "# Explain this code\n\nExplain this code: explain what this code "
    "does, how this code is used in the workspace, and find bugs in this code.\n",
    "app/paths.py": 'def find_root(start):\n    """Find bugs in this code: find the root."""\n'
    "    return start\n",
}
TEST = "from app.calc import divide\n\n\ndef test_divide():\n    assert divide(6, 3) == 2\n"
_NAMED = re.compile(r"`([A-Za-z_]\w*)`")


@pytest.fixture
def decoyed(workspace: Path) -> Path:
    for relative, text in {**DECOYS, "tests/test_calc.py": TEST}.items():
        (workspace / relative).parent.mkdir(parents=True, exist_ok=True)
        (workspace / relative).write_text(text)
    return workspace


def _files(session: LSPSession, result: dict[str, Any]) -> list[str]:
    prefix = session.root.as_uri() + "/"
    return [source["uri"].removeprefix(prefix) for source in result["sources"]]


def _about_divide(session: LSPSession, result: dict[str, Any]) -> None:
    files = _files(session, result)
    assert "app/report.py" in files, f"the caller: {files}"
    assert "tests/test_calc.py" in files, f"the test: {files}"
    assert not set(DECOYS) & set(files), f"searched as words: {files}"
    named = {name for hint in result["hints"] for name in _NAMED.findall(hint)}
    assert named <= {"divide"} and named, result["hints"]


@pytest.mark.parametrize("title", ["explain this", "find bugs", "how is this used?"])
async def test_a_code_action_asks_about_the_selection(
    decoyed: Path, lsp: SessionFactory, title: str
) -> None:
    async with lsp(settings=GROUNDED) as session:
        uri = session.open("app/calc.py")
        await wait_until(lambda: _index_done(session))
        actions = _commands(await _actions(session, uri, SELECTION))
        [action] = [a for a in actions if a.title == f"Ask QGPT: {title}"]
        assert action.arguments is not None
        result = await session.execute(action.command, action.arguments[0])
    _selection_first(result, uri, DIVIDE)
    _about_divide(session, result)


async def test_explain_this_error_asks_about_the_definition_it_is_in(
    decoyed: Path, lsp: SessionFactory
) -> None:
    line = {"start": {"line": 10, "character": 11}, "end": {"line": 10, "character": 16}}
    diagnostic = {"range": line, "message": "undefined name 'totl'", "severity": 1}
    async with lsp(settings=GROUNDED) as session:
        uri = session.open("app/calc.py")
        await wait_until(lambda: _index_done(session))
        result = await session.execute(
            "qgpt.explainDiagnostic", {"uri": uri, "diagnostic": diagnostic}
        )
    assert result["status"] == "completed"
    assert result["sources"][0] == {"uri": uri, "range": line}
    definition = result["sources"][1]
    assert definition["uri"] == uri and definition["range"]["start"]["line"] == 8, (
        "the definition the diagnostic's line lies in, once"
    )
    _about_divide(session, result)


async def test_a_one_character_selection_asks_about_its_definition(
    decoyed: Path, lsp: SessionFactory
) -> None:
    """Helix's cursor is a one-character selection: its line, then its definition."""
    cursor = types.Range(
        start=types.Position(line=10, character=11), end=types.Position(line=10, character=12)
    )
    async with lsp(settings=GROUNDED) as session:
        uri = session.open("app/calc.py")
        await wait_until(lambda: _index_done(session))
        [explain, *_] = _commands(await _actions(session, uri, cursor))
        assert explain.arguments is not None
        result = await session.execute(explain.command, explain.arguments[0])
    assert result["status"] == "completed"
    starts = [(s["uri"], s["range"]["start"]["line"]) for s in result["sources"]]
    assert (uri, 8) in starts, f"the definition the cursor is in: {starts}"
    _about_divide(session, result)
