"""Input a typed client cannot send, on the real server over raw stdio: a buffer holding a
lone surrogate is answered about, an out-of-range edit is clamped with a warning, an
unknown pipeline is a clear error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types

from qgpt_lsp.server.state.edits import clamped

from .raw_stdio import RawServer

BUFFER = "def add(a, b):\n    # odd \ud800 char\n    return a + b\n"
WHOLE = {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}}


@pytest.fixture
def server(workspace: Path, cache_dir: Path) -> Iterator[RawServer]:
    raw = RawServer(workspace, cache_dir)
    raw.initialize()
    yield raw
    assert raw.stop() == 0


def _ask(server: RawServer, msg_id: str, uri: str, **more: object) -> dict[str, object]:
    argument = {"uri": uri, "range": WHOLE, "question": "what does add do?", **more}
    params = {"command": "qgpt.ask", "arguments": [argument]}
    return server.request(msg_id, "workspace/executeCommand", params)


def test_a_buffer_with_a_lone_surrogate_is_answered_about(server: RawServer) -> None:
    uri = server.open("app/odd.py", BUFFER)
    answer = _ask(server, "ask", uri)
    assert answer["result"]["status"] == "completed"  # type: ignore[index]
    assert "# odd \ufffd char" in answer["result"]["answer"]  # type: ignore[index]
    relevance = {"command": "qgpt.relevance", "arguments": [{"query": "add \ud800", "uri": uri}]}
    assert "result" in server.request("rel", "workspace/executeCommand", relevance)
    position = {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 8}}
    assert "result" in server.request("hover", "textDocument/hover", position)


def test_an_out_of_range_edit_is_clamped_and_reported(server: RawServer) -> None:
    uri = server.open("app/edit.py", "x = 1\n")
    beyond = {"start": {"line": 50, "character": 0}, "end": {"line": 60, "character": 9}}
    change = {"textDocument": {"uri": uri, "version": 2}, "contentChanges": []}
    change["contentChanges"] = [{"range": beyond, "text": "y = 2\n"}]
    server.notify("textDocument/didChange", change)
    warning = server.notification("window/logMessage")["params"]
    assert "outside the document" in warning["message"] and warning["type"] == 2
    two_lines = {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}}
    answer = _ask(server, "ask", uri, range=two_lines)  # the edit was appended: two lines
    assert "y = 2" in answer["result"]["answer"]  # type: ignore[index]


def test_an_unknown_pipeline_is_a_clear_error(server: RawServer) -> None:
    uri = server.open("app/p.py", "x = 1\ny = 2\nz = 3\n")
    error = _ask(server, "bad", uri, pipeline={"task": {"codeFix": {}}})["error"]
    assert error["code"] == -32602  # type: ignore[index]
    assert "unknown pipeline task.codeFix" in error["message"]  # type: ignore[index]
    assert "result" in _ask(server, "good", uri, pipeline={"task": {"code_fix": {}}})


def _change(sl: int, sc: int, el: int, ec: int) -> types.TextDocumentContentChangePartial:
    start, end = types.Position(sl, sc), types.Position(el, ec)
    return types.TextDocumentContentChangePartial(range=types.Range(start, end), text="z")


@pytest.mark.parametrize(
    ("given", "expected", "reported"),
    [
        ((0, 1, 0, 2), (0, 1, 0, 2), False),
        ((1, 0, 1, 0), (1, 0, 1, 0), False),  # the line after the last: the end
        ((1, 0, 1, 5), (1, 0, 1, 0), True),
        ((0, 0, 9, 9), (0, 0, 1, 0), True),
        ((0, 99, 0, 99), (0, 5, 0, 5), True),
        ((0, 4, 0, 1), (0, 1, 0, 4), True),  # ends before it starts
    ],
)
def test_clamped(
    given: tuple[int, int, int, int], expected: tuple[int, int, int, int], reported: bool
) -> None:
    change, problem = clamped(["x = 1\n"], _change(*given))
    assert isinstance(change, types.TextDocumentContentChangePartial)
    fixed = change.range
    got = (fixed.start.line, fixed.start.character, fixed.end.line, fixed.end.character)
    assert got == expected and (problem is not None) is reported
