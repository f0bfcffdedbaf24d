"""A model's answer is followed by the grounded evidence, and its prompt holds the code
asked about once, by its file and lines, fitted to the window by measured tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from qgpt_lsp.engine import Engine, EngineSettings
from qgpt_lsp.engine.answerers import AnswerJob, ChatMessage, CitedCode, collect, stream_answer
from qgpt_lsp.engine.answering.prompts import build_messages, pipeline_of
from qgpt_lsp.wire import (
    QGPTQuestionInput,
    QGPTRelevanceInput,
    QGPTRelevanceInputOptions,
    QGPTStreamInput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    Seeds,
    fragment_seed,
)
from tests.server.fake_openai import FakeOpenAI

from .answer_sample import build_answer_sample, line_of, selection
from .gitrepo import GitRepo
from .sample import CACHE_V2, EVICT_END, EVICT_START

SOURCE = Path(__file__).resolve().parents[2] / "src" / "qgpt_lsp"


@pytest.fixture
async def model() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI().running() as server:
        yield server


def _engine(root: Path, cache: Path, server: FakeOpenAI) -> Engine:
    settings = EngineSettings(
        answerer="openai",
        openai_base_url=server.base_url,
        openai_model="fake-model",
        probe_local_servers=False,
    )
    return Engine([root], settings, cache_dir=cache)


async def test_a_model_answer_is_followed_by_the_deciding_lines(
    model: FakeOpenAI, tmp_path: Path
) -> None:
    repo = build_answer_sample(tmp_path / "project")
    engine = _engine(repo.root, tmp_path / "cache", model)
    await engine.build_index()
    first = line_of("src/helptext.py", "def shorten_help")
    asked = selection(repo.root, "src/helptext.py", first, first)
    question = "What does this return when the help text is longer than max_length?"
    try:
        output = await engine.question(
            QGPTQuestionInput(query=question, relevant=RelevantQGPTSeeds(iterable=[asked]))
        )
    finally:
        await engine.aclose()
    text = output.answers.iterable[0].text
    prose, _, evidence = text.partition("**Evidence**")
    cut = line_of("src/helptext.py", 'return help_text[: max_length - 3].rstrip() + "..."')
    assert prose.strip() == "Answer from fake-model."
    assert f"`src/helptext.py:{first}-{cut + 1}`" in evidence
    assert f'{cut}          return help_text[: max_length - 3].rstrip() + "..."' in evidence


async def test_the_prompt_holds_the_selection_once_by_its_file_and_lines(
    model: FakeOpenAI, sample_repo: GitRepo, tmp_path: Path
) -> None:
    # as the language server sends it: the selection as a bare fragment seed, beside
    # a search of the workspace that finds the same lines again
    lines = CACHE_V2.splitlines(keepends=True)[EVICT_START - 1 : EVICT_END]
    relevance = QGPTRelevanceInput(
        query="How does evict_oldest pick the entry to drop?",
        seeds=Seeds(iterable=[fragment_seed("".join(lines), "py")]),
        paths=[str(sample_repo.root)],
        options=QGPTRelevanceInputOptions(question=True),
    )
    request = QGPTStreamInput(relevance=relevance)
    engine = _engine(sample_repo.root, tmp_path / "cache", model)
    await engine.build_index()
    try:
        frames = [frame async for frame in engine.stream(request)]
    finally:
        await engine.aclose()
    assert frames[-1].status is not None and frames[-1].status.value == "COMPLETED"
    (prompt,) = model.prompts()
    head = f"`src/cache.py:{EVICT_START}-{EVICT_END}`:"
    assert prompt.count(head) == 1
    assert prompt.count("oldest = next(iter(items))") == 1
    assert prompt.index(head) < prompt.index("`src/store.py")
    assert "snippet 1" not in prompt


async def test_a_fragment_asked_about_is_placed_and_named_in_the_prompt(
    model: FakeOpenAI, sample_repo: GitRepo, tmp_path: Path
) -> None:
    lines = CACHE_V2.splitlines(keepends=True)[EVICT_START - 1 : EVICT_END]
    item = RelevantQGPTSeed(seed=fragment_seed("".join(lines), "py"))
    request = QGPTQuestionInput(
        query="How does it pick the entry to drop?", relevant=RelevantQGPTSeeds(iterable=[item])
    )
    engine = _engine(sample_repo.root, tmp_path / "cache", model)
    await engine.build_index()
    try:
        await engine.question(request)
    finally:
        await engine.aclose()
    (prompt,) = model.prompts()
    assert prompt.count(f"The code asked about, `src/cache.py:{EVICT_START}-{EVICT_END}`:") == 1
    assert prompt.count("oldest = next(iter(items))") == 1


class _Scripted:
    """A model that answers with one fixed sentence (for the stream's order)."""

    name = "scripted"
    context_tokens = 2048
    snippet_tokens = 768

    def __init__(self, is_model: bool) -> None:
        self.is_model = is_model

    async def answer(self, job: AnswerJob) -> AsyncIterator[str]:
        yield "The model's prose."

    async def aclose(self) -> None:
        return None


@pytest.mark.parametrize(("is_model", "evidence_follows"), [(True, True), (False, False)])
async def test_evidence_follows_a_model_only(is_model: bool, evidence_follows: bool) -> None:
    job = AnswerJob([ChatMessage("user", "q")], evidence="**Evidence** `a.py:3`")
    parts = [part async for part in stream_answer(_Scripted(is_model), job)]  # type: ignore[arg-type]
    assert parts[0] == "The model's prose."
    assert (parts[-1] == "\n\n**Evidence** `a.py:3`") is evidence_follows
    assert await collect(_Scripted(is_model), job) == "".join(parts)  # type: ignore[arg-type]


async def test_the_prompt_fits_the_window_by_llama_cpp_s_own_token_count(
    llama_server: str,
) -> None:
    """The 3-characters-a-token estimate, measured: real code from this package filling
    a 1024-token window leaves room for the answer by SmolLM2's own tokenizer."""
    files = sorted(SOURCE.rglob("*.py"))[:12]
    snippets = [
        CitedCode(path.read_text(), path, 1, 200, "py", 1 - n / 20, f"{path.name}:1-200")
        for n, path in enumerate(files)
    ]
    choice = pipeline_of(None)
    messages = build_messages("How are snippets trimmed?", snippets, choice, None, 1024, 256)
    base = llama_server.removesuffix("/v1")
    async with httpx.AsyncClient(timeout=30) as client:
        counts = []
        for message in messages:
            reply = await client.post(f"{base}/tokenize", json={"content": message.content})
            counts.append(len(reply.json()["tokens"]))
    per_message = 8  # the chat template's role markers, generously
    assert sum(counts) + per_message * len(messages) + 256 <= 1024
    assert sum(counts) > 1024 * 0.5, "the window was filled, not left mostly empty"
