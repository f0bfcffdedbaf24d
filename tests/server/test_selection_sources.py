"""Asking about a selection cites the selection itself first, then the relevance results."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from .conftest import SessionFactory
from .session import LSPSession, wait_until
from .test_code_actions import _actions, _commands
from .test_hover import _hover

GROUNDED = {"backend": "embedded", "answerer": "grounded"}
DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}
SELECTION = types.Range(
    start=types.Position(line=8, character=0), end=types.Position(line=11, character=0)
)


def _index_done(session: LSPSession) -> bool:
    return any(
        "index" in str(token) and any(isinstance(v, types.WorkDoneProgressEnd) for v in values)
        for token, values in session.client.progress_reports.items()
    )


def _key(source: dict[str, Any]) -> tuple[str, int, int, int, int]:
    start, end = source["range"]["start"], source["range"]["end"]
    return source["uri"], start["line"], start["character"], end["line"], end["character"]


def _selection_first(result: dict[str, Any], uri: str, range_: dict[str, Any]) -> None:
    assert result["status"] == "completed"
    assert result["sources"], "the selection is a source even when relevance finds nothing"
    assert result["sources"][0] == {"uri": uri, "range": range_}
    keys = [_key(source) for source in result["sources"]]
    assert len(keys) == len(set(keys)), "no source listed twice"
    assert not any(_inside(source, uri, range_) for source in result["sources"][1:]), (
        "a relevance hit that is the selection itself is not listed again"
    )


def _inside(source: dict[str, Any], uri: str, range_: dict[str, Any]) -> bool:
    start, end = source["range"]["start"], source["range"]["end"]
    outer_start, outer_end = range_["start"], range_["end"]
    return (
        source["uri"] == uri
        and (outer_start["line"], outer_start["character"]) <= (start["line"], start["character"])
        and (end["line"], end["character"]) <= (outer_end["line"], outer_end["character"])
    )


async def test_short_question_about_a_selection_cites_it(lsp: SessionFactory) -> None:
    async with lsp(settings=GROUNDED) as session:
        uri = session.open("app/calc.py")
        await wait_until(lambda: _index_done(session))
        [explain, *_] = _commands(await _actions(session, uri, SELECTION))
        assert explain.arguments is not None
        assert explain.arguments[0]["question"] == "Explain this code."
        result = await session.execute(explain.command, explain.arguments[0])
        hover = await _hover(session, uri, 9)
    _selection_first(result, uri, DIVIDE)
    assert hover is not None and "**QGPT**: Explain this code." in hover
    assert f"- [calc.py:9]({uri})" in hover, "the hover lists the selection as a source"


async def test_ask_with_a_range_and_explain_diagnostic_cite_the_selection(
    lsp: SessionFactory,
) -> None:
    diagnostic = {
        "range": {"start": {"line": 10, "character": 11}, "end": {"line": 10, "character": 24}},
        "message": "ZeroDivisionError: division by zero",
    }
    async with lsp(settings=GROUNDED) as session:
        uri = session.open("app/calc.py")
        await wait_until(lambda: _index_done(session))
        asked = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "What does divide do?"}
        )
        explained = await session.execute(
            "qgpt.explainDiagnostic", {"uri": uri, "diagnostic": diagnostic}
        )
    _selection_first(asked, uri, DIVIDE)
    assert any(s["uri"].endswith("report.py") for s in asked["sources"]), "relevance follows"
    _selection_first(explained, uri, diagnostic["range"])
