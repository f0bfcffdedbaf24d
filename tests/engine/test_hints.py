"""Hints never repeat the question nor each other, and there are 3 to 5 of them."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import pytest

from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.answerers import AnswerJob, CitedCode
from qgpt_lsp.engine.answering.hints import hint_key, pick_hints, suggest_hints
from qgpt_lsp.wire import QGPTHintsInput, QGPTQuestionAnswer, QGPTRelevanceInput, RelevantQGPTSeeds


class ScriptedModel:
    """A language model that always says ``reply`` (the seam for the model path)."""

    name = "scripted"
    is_model = True
    context_tokens = 2048
    snippet_tokens = 768

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.jobs: list[AnswerJob] = []

    async def answer(self, job: AnswerJob) -> AsyncGenerator[str, None]:
        self.jobs.append(job)
        for line in self.reply.splitlines(keepends=True):
            yield line

    async def aclose(self) -> None:
        return None


def _assert_fresh(query: str, hints: list[str]) -> None:
    keys = [hint_key(hint) for hint in hints]
    assert 3 <= len(hints) <= 5
    assert hint_key(query) not in keys
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("How is `evict_oldest` tested?", "how is evict oldest tested"),
        ("  how IS evict_oldest   tested ", "how is evict oldest tested"),
        ("What's next?!", "what s next"),
        ("?", ""),
    ],
)
def test_hint_key(text: str, key: str) -> None:
    assert hint_key(text) == key


@pytest.mark.parametrize(
    ("proposed", "derived", "picked"),
    [
        (["Q?", "A?", "B?"], ["C?"], ["A?", "B?", "C?"]),  # the question is dropped
        (["a?", "A!", "b?"], ["c?", "d?"], ["a?", "b?", "c?"]),  # so are repeats
        (["a?", "b?", "c?", "d?", "e?", "f?"], ["g?"], ["a?", "b?", "c?", "d?", "e?"]),
        ([], ["q", "a?", "a", "b?", "c?", "d?"], ["a?", "b?", "c?"]),
    ],
)
def test_pick_hints(proposed: list[str], derived: list[str], picked: list[str]) -> None:
    assert pick_hints("q?", proposed, derived) == picked


async def test_a_model_echoing_the_question_or_itself_is_filtered() -> None:
    query = "What does evict_oldest do?"
    reply = (
        "1. What does `evict_oldest` do?\n"
        "2. How is evict_oldest tested?\n"
        "3. how is `evict_oldest` tested\u2009?\n"
        "4. Where is evict_oldest called from?\n"
    )
    snippet = CitedCode("def evict_oldest(items):\n    pass\n", label="src/cache.py:12-13")
    output = await suggest_hints(ScriptedModel(reply), query, "It drops a key.", [snippet])
    texts = [answer.text for answer in output.answers.iterable]
    _assert_fresh(query, texts)
    assert texts[:2] == ["How is evict_oldest tested?", "Where is evict_oldest called from?"]


@pytest.mark.parametrize(
    "query",
    ["how is evict_oldest tested", "HOW IS `EVICT_OLDEST` TESTED?!", "What are the edge cases?"],
)
async def test_grounded_hints_never_repeat_the_question(engine: Engine, query: str) -> None:
    found = await engine.relevance(QGPTRelevanceInput(query="evict_oldest"))
    output = await engine.hints(
        QGPTHintsInput(
            relevant=found.relevant,
            query=query,
            answer=QGPTQuestionAnswer(score=1.0, text="It drops the oldest key."),
        )
    )
    _assert_fresh(query, [answer.text for answer in output.answers.iterable])


async def test_grounded_hints_without_code_still_number_three(engine: Engine) -> None:
    for query in ["How could this code be simplified?", "What are the edge cases here"]:
        output = await engine.hints(
            QGPTHintsInput(relevant=RelevantQGPTSeeds(iterable=[]), query=query)
        )
        _assert_fresh(query, [answer.text for answer in output.answers.iterable])
