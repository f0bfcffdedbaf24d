"""Prompts per pipeline, and the stated trimming rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine, EngineSettings
from qgpt_lsp.engine.answerers import ChatMessage, CitedCode, choose_answerer
from qgpt_lsp.engine.answering import AnswerJobs
from qgpt_lsp.engine.answering.prompts import (
    CHARS_PER_TOKEN,
    build_messages,
    estimate_tokens,
    pipeline_of,
    trim_snippets,
)
from qgpt_lsp.wire import QGPTPromptPipeline


@pytest.mark.parametrize(
    ("wire", "name", "detail"),
    [
        (None, "contextualized_code_dialog", ""),
        ({"task": {"code_explanation": {}}}, "code_explanation", ""),
        ({"task": {"code_fix": {"error": "KeyError: 'a'"}}}, "code_fix", "KeyError: 'a'"),
        ({"task": {"code_commentation": {}}}, "code_commentation", ""),
        (
            {"task": {"code_modification": {"instruction": "use a deque"}}},
            "code_modification",
            "use a deque",
        ),
        ({"task": {"code_completion": {"context": ["a", "b"]}}}, "code_completion", "a\nb"),
        ({"conversation": {"generalized_code_dialog": {}}}, "generalized_code_dialog", ""),
        (
            {"conversation": {"contextualized_code_generation": {}}},
            "contextualized_code_generation",
            "",
        ),
    ],
)
def test_pipeline_choice(wire: dict[str, object] | None, name: str, detail: str) -> None:
    pipeline = QGPTPromptPipeline.from_wire(wire) if wire is not None else None
    choice = pipeline_of(pipeline)
    assert (choice.name, choice.detail) == (name, detail)


def _snippet(label: str, lines: int, score: float) -> CitedCode:
    text = "\n".join(f"line {n:03d} of {label}" for n in range(1, lines + 1))
    return CitedCode(
        text, Path(f"/w/{label}.py"), 10, 9 + lines, "py", score, f"{label}.py:10-{9 + lines}"
    )


def test_trimming_keeps_the_best_first_and_cuts_the_overflowing_one() -> None:
    low, high, mid = _snippet("low", 10, 0.2), _snippet("high", 10, 0.9), _snippet("mid", 40, 0.5)
    budget = len(high.text) + len(high.cite) + 16 + 300
    kept = trim_snippets([low, high, mid], budget)
    # 300 chars left, minus the label (12) and 16 for the fence: 272 // 16 chars a line = 17
    assert [s.cite for s in kept] == ["high.py:10-19", "mid.py:10-26"]
    assert kept[1].text == "\n".join(mid.text.splitlines()[:17])


def test_trimming_drops_a_cut_shorter_than_200_chars() -> None:
    high, mid = _snippet("high", 10, 0.9), _snippet("mid", 40, 0.5)
    kept = trim_snippets([high, mid], len(high.text) + len(high.cite) + 16 + 150)
    assert [s.cite for s in kept] == ["high.py:10-19"]


def test_the_prompt_fits_the_window_and_asks_for_citations() -> None:
    snippets = [_snippet(f"f{n}", 60, 1 - n / 10) for n in range(8)]
    choice = pipeline_of(QGPTPromptPipeline.from_wire({"task": {"code_fix": {"error": "boom"}}}))
    messages = build_messages("why?", snippets, choice, context_tokens=1024, max_tokens=256)
    used = sum(estimate_tokens(m.content) for m in messages)
    assert used <= 1024 - 256
    assert messages[0].role == "system" and "`file:line`" in messages[0].content
    assert "Find the cause of the error" in messages[0].content
    assert messages[-1].content.endswith("Question: why?\nError: boom")
    assert "`f0.py:10-69`:" in messages[-1].content
    assert "f7.py" not in messages[-1].content


def _code_chars(messages: list[ChatMessage]) -> int:
    """Characters of snippet blocks in the last user message (labels and fences included)."""
    code = messages[-1].content.rsplit("\n\nQuestion:", 1)[0]
    return len(code)


def test_the_snippet_budget_keeps_the_top_scored_within_it() -> None:
    snippets = [_snippet(f"f{n}", 30, n / 10) for n in range(8)]  # f7 scores best
    choice = pipeline_of(None)
    messages = build_messages("why?", snippets, choice, context_tokens=8192, snippet_tokens=300)
    assert _code_chars(messages) <= 300 * CHARS_PER_TOKEN
    shown = [s.cite for s in snippets if f"`{s.cite}`" in messages[-1].content]
    assert shown == ["f7.py:10-39"]
    assert "`f6.py:10-" in messages[-1].content  # the next best, cut to what is left
    wide = build_messages("why?", snippets, choice, context_tokens=8192)
    assert all(f"`{s.cite}`" in wide[-1].content for s in snippets)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (EngineSettings(answerer="local"), 768),
        (EngineSettings(answerer="local", snippet_tokens=500), 500),
        (EngineSettings(answerer="openai", openai_base_url="http://127.0.0.1:9/v1"), 3072),
        (
            EngineSettings(
                answerer="openai", openai_base_url="http://127.0.0.1:9/v1", snippet_tokens=1000
            ),
            1000,
        ),
    ],
)
async def test_answerers_take_the_snippet_budget(settings: EngineSettings, expected: int) -> None:
    answerer = await choose_answerer(settings)
    try:
        assert answerer.snippet_tokens == expected
    finally:
        await answerer.aclose()


async def test_a_local_answer_reads_at_most_768_tokens_of_code(engine: Engine) -> None:
    answerer = await choose_answerer(EngineSettings(answerer="local"))  # not loaded until used
    big = [_snippet(f"f{n}", 80, 1 - n / 10) for n in range(6)]  # about 9,000 characters
    jobs = AnswerJobs(engine.index, lambda path, start, end: f"{path}:{start}", 256)
    try:
        job, _ = await jobs.job(answerer, "why?", big, None)
    finally:
        await answerer.aclose()
    assert _code_chars(job.messages) <= 768 * CHARS_PER_TOKEN
    assert "`f0.py:10-89`" in job.messages[-1].content  # the best one, whole
