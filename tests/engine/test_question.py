"""/qgpt/question, /qgpt/relevance with options.question, and the grounded answer itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp import errors
from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.answerers.grounded import NO_MODEL_NOTE
from qgpt_lsp.wire import (
    QGPTQuestionInput,
    QGPTRelevanceInput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    TextLocation,
    fragment_seed,
)

from .gitrepo import GitRepo
from .sample import evict_selection


async def test_grounded_answer_names_definition_callers_tests_and_last_commit(
    engine: Engine, sample_repo: GitRepo
) -> None:
    request = QGPTQuestionInput(
        query="what does this do?",
        relevant=RelevantQGPTSeeds(iterable=[evict_selection(sample_repo.root)]),
    )
    output = await engine.question(request)
    (answer,) = output.answers.iterable
    text = answer.text
    bob_commit = sample_repo.git("log", "-1", "--format=%h", "--", "src/cache.py").strip()
    assert text.startswith("## `evict_oldest`")
    assert "**`evict_oldest`** (`src/cache.py:12-17`): Drop the oldest entry" in text
    assert "12  def evict_oldest(items: dict[str, str]) -> str:" in text
    assert "`src/store.py:9` in `shrink`: `evict_oldest(items)`" in text
    assert (
        '`tests/test_cache.py:6` in `test_evict_oldest`: `assert evict_oldest(items) == "a"`'
        in text
    )
    assert f"`{bob_commit}`" in text and "Bob Builder: fix eviction race" in text
    # the summary leads the answer; it is not said again as "What it does"
    assert "**What it does:**" not in text
    assert NO_MODEL_NOTE in text
    assert 0 < answer.score <= 1
    assert engine.answerer_name == "grounded"


async def test_relevance_with_question_puts_the_answer_inside(engine: Engine) -> None:
    request = QGPTRelevanceInput.from_wire(
        {"query": "shrink the store", "options": {"question": True}}
    )
    output = await engine.relevance(request)
    assert output.relevant.iterable
    assert output.answer is not None and "`shrink`" in output.answer.text


async def test_relevance_without_question_has_no_answer(engine: Engine) -> None:
    output = await engine.relevance(QGPTRelevanceInput(query="evict_oldest"))
    assert output.answer is None and output.relevant.iterable


async def test_ids_from_relevance_resolve_in_question(engine: Engine) -> None:
    found = await engine.relevance(QGPTRelevanceInput(query="evict_oldest"))
    ids = [RelevantQGPTSeed(id=item.id) for item in found.relevant.iterable[:1]]
    output = await engine.question(
        QGPTQuestionInput(query="explain it", relevant=RelevantQGPTSeeds(iterable=ids))
    )
    assert "src/" in output.answers.iterable[0].text


async def test_a_bare_fragment_is_answered(engine: Engine) -> None:
    seed = fragment_seed("def twice(x):\n    return 2 * x\n", "py")
    output = await engine.question(
        QGPTQuestionInput(
            query="what is twice?",
            relevant=RelevantQGPTSeeds(iterable=[RelevantQGPTSeed(seed=seed)]),
        )
    )
    text = output.answers.iterable[0].text
    assert "**`twice`** (`selection:1-2`)" in text and "1  def twice(x):" in text
    assert "snippet 1" not in text


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (RelevantQGPTSeed(id="gone"), "id 'gone', which no /qgpt/relevance call returned"),
        (
            RelevantQGPTSeed(path="src/cache.py"),
            "neither an id from /qgpt/relevance nor a fragment",
        ),
    ],
)
async def test_an_unresolvable_item_is_a_clear_error(
    engine: Engine, item: RelevantQGPTSeed, message: str
) -> None:
    request = QGPTQuestionInput(query="q", relevant=RelevantQGPTSeeds(iterable=[item]))
    with pytest.raises(errors.UnresolvableSnippet, match=message):
        await engine.question(request)


async def test_a_path_outside_the_workspace_is_refused(engine: Engine, tmp_path: Path) -> None:
    outside = tmp_path / "secret.py"
    outside.write_text("password = 'x'\n")
    item = RelevantQGPTSeed(path=str(outside), location=TextLocation(start=0, end=5, text="passw"))
    request = QGPTQuestionInput(query="q", relevant=RelevantQGPTSeeds(iterable=[item]))
    with pytest.raises(errors.PathOutsideWorkspace):
        await engine.question(request)


async def test_info_names_the_answerer(engine: Engine) -> None:
    info = await engine.info()
    assert (info.kind, info.answerer) == ("embedded", "grounded")
