"""What a question asks: its kind (a table kept as data) and its terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qgpt_lsp.engine.answering.line_match import best_lines
from qgpt_lsp.engine.answering.questions import QuestionKind, read_question

KINDS = json.loads((Path(__file__).parent / "data" / "question_kinds.json").read_text())["kinds"]


@pytest.mark.parametrize(("question", "kind"), KINDS)
def test_the_kind_of_a_question(question: str, kind: str) -> None:
    assert read_question(question).kind is QuestionKind(kind)


@pytest.mark.parametrize(
    ("question", "terms", "names"),
    [
        (
            "What does this return when the help text is longer than max_length?",
            {"help", "text", "len", "max", "max_length"},
            ("max_length",),
        ),
        ("How does httpx decide whether to follow redirects?", {"follow", "redirect"}, ()),
        ("Explain this error: undefined name 'valeu'", {"valeu"}, ("valeu",)),
        ("What happens if the response has no encoding?", {"response", "none", "encod"}, ()),
        ("Explain this code.", set(), ()),
    ],
)
def test_the_terms_of_a_question(question: str, terms: set[str], names: tuple[str, ...]) -> None:
    read = read_question(question)
    assert terms <= set(read.terms)
    assert read.names == names


def test_a_diagnostic_is_read_from_its_message() -> None:
    read = read_question("Explain this error: undefined name 'valeu'")
    assert read.detail == "undefined name 'valeu'"


def test_one_word_counts_once_however_many_of_its_stems_a_line_holds() -> None:
    question = read_question("What happens to the response?")
    assert question.concepts(frozenset({"resp", "response"})) == {"response"}


def test_the_best_lines_match_the_question_and_bring_the_line_an_if_opens() -> None:
    lines = [
        "def shorten(help_text, max_length):",
        '    """Cut help text."""',
        "    words = help_text.split()",
        "    if len(help_text) > max_length:",
        "        return help_text[: max_length - 3] + '...'",
        "    return help_text",
    ]
    question = read_question("What is returned when the help text is longer than max_length?")
    assert best_lines(lines, question, limit=1) == [3, 4]
