"""A question that comes with a selection is about the selection, not about its words.

Relevance, as the language server asks it (the user's question as ``query``, the
selection as the one fragment seed, the workspace as ``paths``), on a real index.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from qgpt_lsp.engine.retrieval import question_terms
from qgpt_lsp.wire import (
    FlattenedAssets,
    GroupedTimestamp,
    QGPTConversation,
    QGPTConversationMessage,
    QGPTConversationMessageRoleEnum,
    QGPTRelevanceInput,
    QGPTRelevanceInputOptions,
    QGPTRepromptInput,
    QGPTStreamEnum,
    QGPTStreamInput,
    ReferencedAsset,
    RelevantQGPTSeed,
    Seeds,
    fragment_seed,
)

from .subject_sample import (
    DEF_END,
    DEF_START,
    DIAGNOSED,
    Project,
    open_project,
    write_project,
)

SELECTED = f"pkg/query.py:{DEF_START}-{DEF_END}"
DECOYS = ("docs/explain.md", "pkg/paths.py")
FIXED_QUESTIONS = [
    "Explain this code.",
    "Find bugs in this code.",
    "How is this code used in the workspace?",
    "what does this do?",
    "explain this",
]


@pytest.fixture
async def project(tmp_path: Path) -> AsyncIterator[Project]:
    root = write_project(tmp_path / "project")
    async for opened in open_project(root, tmp_path / "cache"):
        yield opened


def _asking(project: Project, question: str, selection: str, **extra: object) -> QGPTRelevanceInput:
    """The relevance request of an ask as the language server sends it."""
    return QGPTRelevanceInput(
        query=question,
        seeds=Seeds(iterable=[fragment_seed(selection, "py")]),
        paths=[str(project.root)],
        **extra,  # type: ignore[arg-type]
    )


def _files(project: Project, items: list[RelevantQGPTSeed]) -> list[str]:
    return [place.rsplit(":", 1)[0] for place in map(project.place, items) if place]


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("Explain this code.", []),
        ("Find bugs in this code.", []),
        ("How is this code used in the workspace?", []),
        ("what does this do?", []),
        ("Explain this error: undefined name 'timout'", ["timout"]),
        ("Explain this error: undefined name 'value'", ["value"]),  # quoted: kept
        ("what about the timeout?", ["timeout"]),
        (
            "What does this return when the text is longer than max_length?",
            ["text", "longer", "max_length"],
        ),
    ],
)
def test_question_terms(question: str, terms: list[str]) -> None:
    assert question_terms(question) == terms


@pytest.mark.parametrize("question", FIXED_QUESTIONS)
async def test_a_fixed_question_searches_the_selection_not_its_words(
    project: Project, question: str
) -> None:
    request = _asking(project, question, project.lines(DEF_START, DEF_END))
    found = (await project.engine.relevance(request)).relevant.iterable
    files = _files(project, found)
    assert project.place(found[0]) == SELECTED, "the selection first, by its file and lines"
    assert "pkg/follow.py" in files and "tests/test_query.py" in files  # caller, test
    assert "pkg/words.py" in files  # what it calls
    assert not set(DECOYS) & set(files), f"searched as words: {files}"
    assert files.count("pkg/query.py") == 1, "the selection's lines appear once"


async def test_explain_this_error_searches_the_diagnostics_terms_and_the_subject(
    project: Project,
) -> None:
    question = "Explain this error: undefined name 'timout'"
    request = _asking(project, question, project.lines(DIAGNOSED, DIAGNOSED))
    found = (await project.engine.relevance(request)).relevant.iterable
    files = _files(project, found)
    # the diagnostic's line, shown as the definition it lies in
    assert project.place(found[0]) == SELECTED
    assert "notes.md" in files, "the undefined name is searched"
    assert "pkg/follow.py" in files, "so is the definition it lies in"
    assert "docs/explain.md" not in files
    subject = project.engine._relevance.subjects.locate(project.lines(DIAGNOSED, DIAGNOSED))
    assert subject is not None and subject.query(question) == "timout standalone_query"


async def test_a_question_with_words_of_its_own_keeps_them(project: Project) -> None:
    request = _asking(project, "what about the timout setting?", project.lines(DEF_START, DEF_END))
    found = (await project.engine.relevance(request)).relevant.iterable
    assert project.place(found[0]) == SELECTED
    assert "notes.md" in _files(project, found)


async def test_a_seed_found_nowhere_comes_first_and_its_names_are_searched(
    project: Project,
) -> None:
    unsaved = "def shrink_words(text: str) -> str:\n    return split_words(text)[0]\n"
    request = _asking(project, "Explain this code.", unsaved)
    found = (await project.engine.relevance(request)).relevant.iterable
    assert found[0].seed is not None and found[0].seed.fragment_text == unsaved
    assert not set(DECOYS) & set(_files(project, found))


async def test_the_answer_cites_the_selection_once_by_file_and_lines(project: Project) -> None:
    """The answer's sources are the code it was given: the selection (once, by its place),
    not an earlier snippet of the same lines sent beside it."""
    earlier = await project.engine.relevance(QGPTRelevanceInput(query="standalone_query"))
    overlapping = next(
        item
        for item in earlier.relevant.iterable
        if project.place(item).startswith("pkg/query.py") and item.id is not None
    )
    assert overlapping.id is not None
    options = QGPTRelevanceInputOptions(question=True)
    relevance = _asking(
        project,
        "Explain this code.",
        project.lines(DEF_START, DEF_END),
        options=options,
        assets=FlattenedAssets(iterable=[ReferencedAsset(id=overlapping.id)]),
    )
    frames = [frame async for frame in project.engine.stream(QGPTStreamInput(relevance=relevance))]
    final = frames[-1]
    assert final.status is QGPTStreamEnum.COMPLETED and final.relevance is not None
    used = final.relevance.relevant.iterable
    places = [project.place(item) for item in used]
    assert places[0] == SELECTED
    assert [p for p in places if p.startswith("pkg/query.py")] == [SELECTED]
    assert overlapping.id not in [item.id for item in used]
    answer = "".join(frame.delta for frame in frames)
    assert "snippet 1" not in answer and "pkg/query.py:" in answer


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        ("and how is it tested?", "How is `standalone_query` tested?"),
        ("what calls it?", "What calls `standalone_query`?"),
        ("why?", "Why (about `standalone_query`)?"),
        ("what about the timeout?", "What about the timeout in `standalone_query`?"),
        ("does it raise?", "Does `standalone_query` raise?"),
    ],
)
async def test_reprompt_reads_the_subject_from_the_answers_citation(
    project: Project, follow_up: str, expected: str
) -> None:
    """``/qgpt/reprompt`` as the server calls it after "Explain this code." on the
    selection: the answer cites the selection's ``file:line``, the index names it."""
    answer = f"The subject goes where the follow-up says it (`{SELECTED}`)."
    conversation = QGPTConversation(
        iterable=[_message("ASSISTANT", answer, 1), _message("USER", "Explain this code.", 0)]
    )
    output = await project.engine.reprompt(
        QGPTRepromptInput(query=follow_up, conversation=conversation)
    )
    assert output.query == expected


def _message(role: str, text: str, minute: int) -> QGPTConversationMessage:
    when = datetime(2026, 11, 1, 12, minute, tzinfo=UTC)
    return QGPTConversationMessage(
        role=QGPTConversationMessageRoleEnum(role), text=text, timestamp=GroupedTimestamp.of(when)
    )
