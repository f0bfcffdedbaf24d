"""Sources, hints and who-can-help follow the answer: the snippet it is about comes first."""

from __future__ import annotations

from pathlib import Path

from qgpt_lsp.engine.answerers import CitedCode
from qgpt_lsp.engine.answering.jobs import deciding_first


def code(line: int, selected: bool = False) -> CitedCode:
    return CitedCode(f"line {line}", Path("/w/a.py"), line, line + 9, "py", 1.0, selected=selected)


def test_the_deciding_snippet_moves_first() -> None:
    first, second, third = code(1), code(20), code(40)
    assert deciding_first([first, second, third], third) == [third, first, second]


def test_a_selection_keeps_its_place() -> None:
    selection, found = code(1, selected=True), code(20)
    assert deciding_first([selection, found], found) == [selection, found]


def test_nothing_changes_without_a_known_deciding_snippet() -> None:
    first, second = code(1), code(20)
    assert deciding_first([first, second], None) == [first, second]
    assert deciding_first([first, second], code(60)) == [first, second]
