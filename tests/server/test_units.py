"""Pure functions of the server, as parametrized tables."""

from __future__ import annotations

from typing import Any

import pytest
from lsprotocol import types

import qgpt_lsp.server as server_package
from qgpt_lsp.errors import RequestRejected
from qgpt_lsp.server.arguments import (
    AskArgs,
    ConversationArgs,
    ExplainDiagnosticArgs,
    NoArgs,
    structure_arguments,
)
from qgpt_lsp.server.ask.citations import with_selection
from qgpt_lsp.server.ask.relay import cut_showable
from qgpt_lsp.server.features.hover import region_around
from qgpt_lsp.server.state.editor_settings import Settings, parse_settings

RANGE = {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}


@pytest.mark.parametrize(
    ("raw", "expected", "problem"),
    [
        (None, {}, None),
        ({}, {}, None),
        ({"backend": "embedded"}, {"backend": "embedded"}, None),
        ({"backend": "http://127.0.0.1:1"}, {"backend": "http://127.0.0.1:1"}, None),
        ({"backend": "ftp://x"}, {"backend": "auto"}, "qgpt.backend"),
        ({"answerer": "gpt"}, {"answerer": "auto"}, "qgpt.answerer"),
        ({"index": {"maxFileSize": -1}}, {"index.max_file_size": 1_048_576}, "maxFileSize"),
        ({"index": {"enabled": False}}, {"index.enabled": False}, None),
        ({"hover": 3, "backend": "embedded"}, {"backend": "embedded"}, "qgpt.hover"),
        ({"openAnswerDocument": False}, {"open_answer_document": False}, None),
        (
            {"openai": {"baseUrl": "http://h/v1", "apiKey": "k"}},
            {"openai.base_url": "http://h/v1"},
            None,
        ),
        ({"local": {"modelPath": "/m.gguf"}}, {"local.model_path": "/m.gguf"}, None),
        ([1, 2], {}, "must be an object"),
    ],
)
def test_parse_settings(raw: Any, expected: dict[str, Any], problem: str | None) -> None:
    settings, problems = parse_settings(raw)
    for dotted, value in expected.items():
        item: Any = settings
        for part in dotted.split("."):
            item = getattr(item, part)
        assert item == value
    if problem is None:
        assert problems == []
    else:
        assert any(problem in line for line in problems)


def test_settings_fields_are_documented() -> None:
    for section in (Settings, *(f.annotation for f in Settings.model_fields.values())):
        for name, field in getattr(section, "model_fields", {}).items():
            assert field.description, f"{section.__name__}.{name} has no docstring"


@pytest.mark.parametrize(
    ("pending", "now", "kept"),
    [
        ("Hello", "", "Hello"),
        ("line one\nline t", "line one\n", "line t"),
        ("a\nb\nc", "a\nb\n", "c"),
        ("word " * 20, ("word " * 20), ""),
        ("x" * 90, "x" * 90, ""),
    ],
)
def test_cut_showable(pending: str, now: str, kept: str) -> None:
    assert cut_showable(pending) == (now, kept)
    assert now + kept == pending


@pytest.mark.parametrize(
    ("arguments", "kind", "message"),
    [
        ([{"uri": 1, "question": "q"}], AskArgs, "expected str @ $.uri"),
        ([{"uri": "file:///a"}], AskArgs, "required field missing @ $.question"),
        ([{"uri": "file:///a", "question": "  "}], AskArgs, "must not be empty"),
        ([{"uri": "u", "question": "q", "range": {"start": 1}}], AskArgs, "$.range"),
        ([{"uri": "u", "question": "q", "pipeline": 3}], AskArgs, "$.pipeline"),
        (["text"], AskArgs, "takes an object"),
        ([{}, {}], NoArgs, "one argument object"),
        ([{"conversation": None}], ConversationArgs, "$.conversation"),
        (
            [{"uri": "u", "diagnostic": {"message": "m"}}],
            ExplainDiagnosticArgs,
            "$.diagnostic.range",
        ),
    ],
)
def test_bad_arguments_are_refused_clearly(arguments: list[Any], kind: type, message: str) -> None:
    with pytest.raises(RequestRejected, match=r"qgpt\.x") as caught:
        structure_arguments("qgpt.x", arguments, kind)
    assert message in str(caught.value)


@pytest.mark.parametrize("arguments", [None, [], [{}], [[]]])
def test_no_arguments_accepts_empty_forms(arguments: list[Any] | None) -> None:
    assert structure_arguments("qgpt.indexStatus", arguments, NoArgs) == NoArgs()


def test_ask_arguments_typed() -> None:
    args = structure_arguments(
        "qgpt.ask",
        [
            {
                "uri": "file:///a.py",
                "question": "why?",
                "range": RANGE,
                "pipeline": {"task": {"code_fix": {"error": "E"}}},
            }
        ],
        AskArgs,
    )
    assert args.range is not None and args.range.end.line == 1
    assert args.pipeline is not None and args.pipeline.task is not None
    assert args.pipeline.task.code_fix is not None and args.pipeline.task.code_fix.error == "E"


@pytest.mark.parametrize(
    ("lines", "line", "region"),
    [
        (["def a():\n", "    x\n", "    y\n", "def b():\n", "    z\n"], 1, (0, 2)),
        (["def a():\n", "    x\n", "    y\n", "def b():\n", "    z\n"], 4, (3, 4)),
        (["import os\n", "x = 1\n"], 1, (1, 1)),
        (["    a\n"] * 5, 2, (0, 4)),
    ],
)
def test_region_around(lines: list[str], line: int, region: tuple[int, int]) -> None:
    assert region_around(lines, line) == region


def _at(uri: str, lines: tuple[int, int, int, int]) -> types.Location:
    start = types.Position(line=lines[0], character=lines[1])
    end = types.Position(line=lines[2], character=lines[3])
    return types.Location(uri=uri, range=types.Range(start=start, end=end))


SELECTED = _at("file:///a.py", (8, 0, 11, 0))


@pytest.mark.parametrize(
    ("selection", "found", "expected"),
    [
        (None, [], []),
        (None, [SELECTED], [SELECTED]),
        (SELECTED, [], [SELECTED]),
        (
            SELECTED,
            [SELECTED, _at("file:///b.py", (0, 0, 2, 0))],
            [SELECTED, _at("file:///b.py", (0, 0, 2, 0))],
        ),
        (SELECTED, [_at("file:///a.py", (8, 0, 10, 24))], [SELECTED]),
        (
            SELECTED,
            [_at("file:///a.py", (7, 0, 10, 0))],
            [SELECTED, _at("file:///a.py", (7, 0, 10, 0))],
        ),
        (
            SELECTED,
            [_at("file:///c.py", (8, 0, 11, 0))],
            [SELECTED, _at("file:///c.py", (8, 0, 11, 0))],
        ),
    ],
)
def test_with_selection(
    selection: types.Location | None, found: list[types.Location], expected: list[types.Location]
) -> None:
    assert with_selection(selection, found) == expected


def test_public_api() -> None:
    assert sorted(server_package.__all__) == sorted(
        ["CACHE_DIR_ENV", "COMMANDS", "QGPTLanguageServer", "create_server"]
    )
    server = server_package.create_server()
    assert sorted(server.protocol.fm.commands) == sorted(server_package.COMMANDS)
