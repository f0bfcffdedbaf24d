"""The /qgpt/stream rules, over the engine and its stream hub directly."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

from qgpt_lsp import errors
from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.answering.streaming import StreamedAnswer, StreamHub
from qgpt_lsp.wire import QGPTQuestionInput, QGPTStreamEnum, QGPTStreamInput, QGPTStreamOutput

from .sample import EVICT_END, EVICT_START

IN_PROGRESS = QGPTStreamEnum.IN_PROGRESS


def _ask(query: str, **extra: Any) -> QGPTStreamInput:
    return QGPTStreamInput.from_wire(
        {"relevance": {"query": query, "options": {"question": True}}, **extra}
    )


async def _frames(engine: Engine, request: QGPTStreamInput) -> list[QGPTStreamOutput]:
    return [frame async for frame in engine.stream(request)]


def _check_shape(frames: list[QGPTStreamOutput], conversation: str, request: str) -> None:
    """Deltas only, then exactly one terminal frame; ids on every frame; no INITIALIZED."""
    assert all(f.status is IN_PROGRESS and f.delta for f in frames[:-1])
    assert frames[-1].is_terminal and frames[-1].delta == ""
    assert all(f.conversation == conversation and f.request == request for f in frames)
    assert QGPTStreamEnum.INITIALIZED not in [f.status for f in frames]


async def test_a_question_streams_deltas_then_completed(engine: Engine) -> None:
    frames = await _frames(engine, _ask("how does evict_oldest work", request="r-1"))
    conversation = frames[0].conversation
    _check_shape(frames, conversation, "r-1")
    assert len(frames) > 5  # really streamed, not one blob
    assert frames[-1].status is QGPTStreamEnum.COMPLETED
    text = "".join(f.delta for f in frames)
    assert "**`evict_oldest`** (`src/cache.py:12-17`)" in text
    relevance = frames[-1].relevance
    assert relevance is not None and relevance.relevant.iterable[0].path is not None


async def test_the_given_conversation_is_kept_and_a_request_id_made(engine: Engine) -> None:
    frames = await _frames(engine, _ask("what does shrink do", conversation="c-42"))
    request = frames[0].request
    assert request  # generated when the client sent none
    _check_shape(frames, "c-42", request)


async def test_relevance_and_question_together_fail_with_400(engine: Engine) -> None:
    both = QGPTStreamInput.from_wire(
        {
            "relevance": {"query": "q"},
            "question": {"query": "q", "relevant": {"iterable": []}},
            "request": "r-2",
        }
    )
    frames = await _frames(engine, both)
    assert len(frames) == 1
    (frame,) = frames
    assert frame.status is QGPTStreamEnum.FAILED and frame.status_code == 400
    assert frame.error_message and "not both" in frame.error_message
    assert frame.request == "r-2" and isinstance(frame.conversation, str)


async def test_an_unresolvable_snippet_fails_with_400(engine: Engine) -> None:
    question = QGPTQuestionInput.from_wire(
        {"query": "explain", "relevant": {"iterable": [{"id": "no-such-id"}]}}
    )
    frames = await _frames(engine, QGPTStreamInput(question=question, conversation="c-u"))
    assert [f.status for f in frames] == [QGPTStreamEnum.FAILED]
    assert frames[0].status_code == 400
    assert "no-such-id" in (frames[0].error_message or "")


async def test_an_empty_frame_fails_with_400(engine: Engine) -> None:
    frames = await _frames(engine, QGPTStreamInput(request="r-3"))
    assert [(f.status, f.status_code) for f in frames] == [(QGPTStreamEnum.FAILED, 400)]


async def test_two_conversations_at_once_do_not_mix(engine: Engine) -> None:
    asks = [("how does evict_oldest work", "c-a"), ("what does shrink do", "c-b")]
    results = await asyncio.gather(
        *(_frames(engine, _ask(q, conversation=c, request=f"r-{c}")) for q, c in asks)
    )
    for (query, conversation), frames in zip(asks, results, strict=True):
        _check_shape(frames, conversation, f"r-{conversation}")
        assert frames[-1].status is QGPTStreamEnum.COMPLETED
        alone = await engine.relevance(_ask(query).relevance)  # type: ignore[arg-type]
        assert alone.answer is not None
        assert "".join(f.delta for f in frames) == alone.answer.text


async def test_stop_and_reset_frames_answer_as_themselves(engine: Engine) -> None:
    stop = await _frames(engine, QGPTStreamInput(conversation="c-s", stop=True, request="r-s"))
    assert [(f.status, f.conversation, f.request) for f in stop] == [
        (QGPTStreamEnum.STOPPED, "c-s", "r-s")
    ]
    reset = await _frames(engine, QGPTStreamInput(reset=True))
    assert [f.status for f in reset] == [QGPTStreamEnum.RESET]
    assert isinstance(reset[0].conversation, str) and reset[0].request


async def test_the_turn_is_recorded_in_its_conversation(engine: Engine) -> None:
    frames = await _frames(engine, _ask("how does evict_oldest work", conversation="c-rec"))
    answer = "".join(f.delta for f in frames)
    stored = await engine.get_conversation("c-rec")
    assert [(m.role.value, m.text) for m in stored.iterable or []] == [
        ("ASSISTANT", answer),
        ("USER", "how does evict_oldest work"),
    ]


async def test_a_follow_up_is_searched_in_its_standalone_form(engine: Engine) -> None:
    await _frames(engine, _ask("explain `evict_oldest`", conversation="c-f"))
    frames = await _frames(engine, _ask("and how is it tested?", conversation="c-f"))
    relevance = frames[-1].relevance
    assert relevance is not None
    paths = [item.path or "" for item in relevance.relevant.iterable]
    assert paths[0].endswith("tests/test_cache.py")
    text = "".join(f.delta for f in frames)
    assert f"`src/cache.py:{EVICT_START}`" in text or "evict_oldest" in text
    assert EVICT_END > EVICT_START


# -- the hub, with producers the test holds mid-answer ------------------------------------


def _held(gate: asyncio.Event, sent: list[str]) -> Any:
    async def produce(run: StreamedAnswer) -> AsyncGenerator[str, None]:
        sent.append(run.conversation)
        yield f"first words of {run.conversation}"
        await gate.wait()
        yield "never sent"

    return produce


async def test_stop_mid_answer_ends_stopped_after_the_deltas_sent() -> None:
    hub, gate, sent = StreamHub(), asyncio.Event(), []
    frames = hub.frames("c-1", "r-1", _held(gate, sent))
    first = await anext(frames)
    assert first.delta == "first words of c-1"
    assert hub.stop("c-1") is True
    rest = [frame async for frame in frames]
    assert [(f.status, f.delta) for f in rest] == [(QGPTStreamEnum.STOPPED, "")]
    assert hub.active() == []


async def test_reset_stops_every_conversation() -> None:
    hub, gate, sent = StreamHub(), asyncio.Event(), []
    streams = [hub.frames(c, f"r-{c}", _held(gate, sent)) for c in ("c-1", "c-2")]
    for stream in streams:
        await anext(stream)
    assert sorted(hub.active()) == ["c-1", "c-2"]
    assert hub.reset() is True
    for conversation, stream in zip(("c-1", "c-2"), streams, strict=True):
        rest = [frame async for frame in stream]
        assert [(f.status, f.conversation) for f in rest] == [(QGPTStreamEnum.RESET, conversation)]


async def test_stopping_one_conversation_leaves_the_other_running() -> None:
    hub, gate, sent = StreamHub(), asyncio.Event(), []
    one, two = (
        hub.frames("c-1", "r-1", _held(gate, sent)),
        hub.frames("c-2", "r-2", _held(gate, sent)),
    )
    await anext(one)
    await anext(two)
    hub.stop("c-1")
    assert [f.status for f in [frame async for frame in one]] == [QGPTStreamEnum.STOPPED]
    gate.set()
    rest = [frame async for frame in two]
    assert [(f.status, f.delta) for f in rest] == [
        (IN_PROGRESS, "never sent"),
        (QGPTStreamEnum.COMPLETED, ""),
    ]


async def test_a_failure_mid_answer_ends_failed_with_its_status_code() -> None:
    async def produce(run: StreamedAnswer) -> AsyncGenerator[str, None]:
        yield "partial"
        raise errors.RateLimited("the model server answered 429: slow down")

    frames = [frame async for frame in StreamHub().frames("c-1", "r-1", produce)]
    assert [(f.status, f.delta) for f in frames] == [
        (IN_PROGRESS, "partial"),
        (QGPTStreamEnum.FAILED, ""),
    ]
    assert frames[-1].status_code == 429
    assert frames[-1].error_message == "the model server answered 429: slow down"


async def test_relevance_without_question_completes_with_the_snippets_only(engine: Engine) -> None:
    request = QGPTStreamInput.from_wire({"relevance": {"query": "evict_oldest"}, "request": "r-r"})
    frames = await _frames(engine, request)
    assert [f.status for f in frames] == [QGPTStreamEnum.COMPLETED]
    assert frames[0].relevance is not None and frames[0].relevance.relevant.iterable
    assert frames[0].request == "r-r" and frames[0].delta == ""
