"""Hints are about the selected symbol and follow the question asked: no other symbol's
name, no question on what was just asked."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from qgpt_lsp.engine.answerers import CitedCode
from qgpt_lsp.engine.answering.hints import derive_hints, suggest_hints
from qgpt_lsp.wire import (
    QGPTHintsInput,
    QGPTQuestionAnswer,
    QGPTRelevanceInput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    TextLocation,
)

from .subject_sample import DEF_END, DEF_START, QUERY, Project, open_project, write_project
from .test_hints import ScriptedModel

_NAMED = re.compile(r"`([A-Za-z_]\w*)`")


@pytest.fixture
async def project(tmp_path: Path) -> AsyncIterator[Project]:
    root = write_project(tmp_path / "project")
    async for opened in open_project(root, tmp_path / "cache"):
        yield opened


def _selection(project: Project) -> RelevantQGPTSeed:
    """``standalone_query`` as the answer's final frame gives it back: path and offsets."""
    lines = QUERY.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: DEF_START - 1])
    end = start + sum(len(line) for line in lines[DEF_START - 1 : DEF_END])
    location = TextLocation(start=start, end=end, text=QUERY[start:end])
    return RelevantQGPTSeed(path=str(project.root / "pkg/query.py"), location=location)


@pytest.mark.parametrize(
    "question",
    ["Explain this code.", "Find bugs in this code.", "How is this code used in the workspace?"],
)
async def test_hints_name_the_selected_symbol_only(project: Project, question: str) -> None:
    found = await project.engine.relevance(QGPTRelevanceInput(query="find_root"))
    other = found.relevant.iterable[0]  # an indexed snippet centred on another definition
    relevant = RelevantQGPTSeeds(iterable=[_selection(project), other])
    answer = QGPTQuestionAnswer(score=1.0, text="It names the subject.")
    output = await project.engine.hints(
        QGPTHintsInput(relevant=relevant, query=question, answer=answer)
    )
    hints = [hint.text for hint in output.answers.iterable]
    named = {name for hint in hints for name in _NAMED.findall(hint)}
    assert 3 <= len(hints) <= 5
    assert named == {"standalone_query"}, hints
    assert "`standalone_query`" in hints[0]


@pytest.mark.parametrize(
    ("question", "left_out"),
    [
        ("Find bugs in this code.", "What can go wrong in `parse`?"),
        ("and how is it tested?", "How is `parse` tested?"),
        ("How is this code used in the workspace?", "Where is `parse` called from?"),
        ("what calls it?", "Where is `parse` called from?"),
    ],
)
def test_hints_do_not_ask_what_was_just_asked(question: str, left_out: str) -> None:
    code = [CitedCode("def parse(text):\n    return text\n", focus="parse")]
    hints = derive_hints(question, code)
    assert left_out not in hints
    assert any("`parse`" in hint for hint in hints)


def test_a_selection_that_defines_nothing_names_no_other_symbol() -> None:
    selection = CitedCode("TIMEOUT = 5\nRETRIES = 3\n", path=Path("/w/a.py"), label="a.py:1-2")
    other = CitedCode("def elsewhere():\n    pass\n", focus="elsewhere")
    hints = derive_hints("Explain this code.", [selection, other])
    assert not any("elsewhere" in hint for hint in hints)
    assert "What changed recently in `a.py`?" in hints


async def test_a_models_hint_naming_code_that_is_not_there_is_dropped() -> None:
    reply = "How does `made_up_helper` decide?\nWhat does `parse` return for empty text?\n"
    code = [CitedCode("def parse(text):\n    return text\n", focus="parse")]
    output = await suggest_hints(ScriptedModel(reply), "Explain this code.", "It parses.", code)
    hints = [hint.text for hint in output.answers.iterable]
    assert hints[0] == "What does `parse` return for empty text?"
    assert not any("made_up_helper" in hint for hint in hints)
