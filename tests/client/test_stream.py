"""StreamSession against a real loopback fake Pieces OS: one socket, many asks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from qgpt_lsp.client import RetryPolicy, StreamSession
from qgpt_lsp.errors import (
    BackendTimeout,
    BackendUnreachable,
    RequestRejected,
    StreamDropped,
    Unauthorized,
)
from qgpt_lsp.wire import (
    QGPTQuestionInput,
    QGPTRelevanceInput,
    QGPTRelevanceInputOptions,
    QGPTStreamEnum,
    QGPTStreamInput,
    QGPTStreamOutput,
    RelevantQGPTSeeds,
)
from tests.fakes import FakePiecesOS

Status = QGPTStreamEnum


def question(query: str, conversation: str | None = None) -> QGPTStreamInput:
    ask = QGPTQuestionInput(query=query, relevant=RelevantQGPTSeeds(iterable=[]))
    if conversation is None:
        return QGPTStreamInput(question=ask)
    return QGPTStreamInput(question=ask, conversation=conversation)


@pytest.fixture
async def session(fake_pieces_os: FakePiecesOS) -> AsyncIterator[StreamSession]:
    session = StreamSession(fake_pieces_os.base_url, idle_timeout=30)
    yield session
    await session.aclose()


async def collect(session: StreamSession, request: QGPTStreamInput) -> list[QGPTStreamOutput]:
    return [frame async for frame in session.ask(request)]


async def test_deltas_then_completed(session: StreamSession, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.answers["what is add?"] = "add returns the sum of a and b"
    frames = await collect(session, question("what is add?"))
    assert [frame.status for frame in frames] == [Status.IN_PROGRESS] * 8 + [Status.COMPLETED]
    assert "".join(frame.delta for frame in frames) == "add returns the sum of a and b"
    assert len({frame.request for frame in frames}) == 1
    assert len({frame.conversation for frame in frames}) == 1
    sent = fake_pieces_os.stream_inputs[0]
    assert sent["request"] == frames[0].request
    assert "conversation" not in sent


async def test_given_ids_are_kept(session: StreamSession) -> None:
    request = question("q", conversation="conv-1").model_copy(update={"request": "req-1"})
    frames = await collect(session, request)
    assert {(frame.conversation, frame.request) for frame in frames} == {("conv-1", "req-1")}


async def test_relevance_ask(session: StreamSession, fake_pieces_os: FakePiecesOS) -> None:
    options = QGPTRelevanceInputOptions(question=True)
    ask = QGPTStreamInput(relevance=QGPTRelevanceInput(query="find add", options=options))
    frames = await collect(session, ask)
    assert "".join(frame.delta for frame in frames) == "Answer to: find add"
    assert fake_pieces_os.stream_inputs[0]["relevance"]["options"] == {"question": True}


async def test_failed_frame_carries_error_message(
    session: StreamSession, fake_pieces_os: FakePiecesOS
) -> None:
    fake_pieces_os.fail_next("the model ran out of memory", status_code=503)
    frames = await collect(session, question("q"))
    assert len(frames) == 1
    assert frames[0].status is Status.FAILED
    assert frames[0].error_message == "the model ran out of memory"
    assert frames[0].status_code == 503
    assert "".join(frame.delta for frame in await collect(session, question("q"))) == (
        "Answer to: q"
    )


async def test_initialized_frames_are_skipped(
    session: StreamSession, fake_pieces_os: FakePiecesOS
) -> None:
    fake_pieces_os.initialized_first = True
    frames = await collect(session, question("a b"))
    assert [frame.status for frame in frames] == [Status.IN_PROGRESS] * 4 + [Status.COMPLETED]


async def test_concurrent_asks_share_one_socket_and_never_mix(
    session: StreamSession, fake_pieces_os: FakePiecesOS
) -> None:
    fake_pieces_os.delta_delay = 0.01
    fake_pieces_os.answers["first"] = " ".join(f"one{n}" for n in range(12))
    fake_pieces_os.answers["second"] = " ".join(f"two{n}" for n in range(12))
    arrivals: list[str] = []

    async def run(query: str) -> str:
        text = ""
        async for frame in session.ask(question(query)):
            arrivals.append(query)
            text += frame.delta
        return text

    first, second = await asyncio.gather(run("first"), run("second"))
    assert first == fake_pieces_os.answers["first"]
    assert second == fake_pieces_os.answers["second"]
    assert fake_pieces_os.connections == 1
    assert arrivals.index("second") < len(arrivals) - arrivals[::-1].index("first") - 1


async def test_stop_ends_with_stopped(session: StreamSession, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.stall_after = 2
    frames = []
    async for frame in session.ask(question("a long answer that never ends")):
        frames.append(frame)
        if len(frames) == 2:
            await session.stop(frame.conversation)
    assert [frame.status for frame in frames] == [Status.IN_PROGRESS] * 2 + [Status.STOPPED]
    conversation = frames[0].conversation
    assert fake_pieces_os.stream_inputs[-1] == {"conversation": conversation, "stop": True}
    assert session.in_flight == 0


async def test_reset_ends_every_ask(session: StreamSession, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.stall_after = 1
    started = asyncio.Event()
    endings: list[Status | None] = []

    async def run(query: str) -> None:
        async for frame in session.ask(question(query)):
            if session.in_flight == 2:
                started.set()
            if frame.is_terminal:
                endings.append(frame.status)

    tasks = [asyncio.create_task(run(query)) for query in ("one", "two")]
    await started.wait()
    await session.reset()
    await asyncio.gather(*tasks)
    assert endings == [Status.RESET, Status.RESET]
    assert fake_pieces_os.stream_inputs[-1] == {"reset": True}


async def test_drop_fails_in_flight_asks_then_reconnects(
    session: StreamSession, fake_pieces_os: FakePiecesOS
) -> None:
    fake_pieces_os.stall_after = 1
    first_deltas = asyncio.Semaphore(0)

    async def run(query: str) -> None:
        async for _ in session.ask(question(query)):
            first_deltas.release()

    tasks = [asyncio.create_task(run(query)) for query in ("one", "two")]
    await first_deltas.acquire()
    await first_deltas.acquire()
    await fake_pieces_os.drop_connections()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(result, StreamDropped) for result in results), results
    assert "dropped mid-answer (code 1011" in str(results[0])
    assert "ask again to reconnect" in str(results[0])

    fake_pieces_os.stall_after = None
    frames = await collect(session, question("again"))
    assert frames[-1].status is Status.COMPLETED
    assert fake_pieces_os.connections == 2


async def test_drop_after_deltas(session: StreamSession, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.drop_after = 3
    received: list[str] = []
    with pytest.raises(StreamDropped):
        async for frame in session.ask(question("one two three four five")):
            received.append(frame.delta)
    assert received == ["Answer ", "to: ", "one "]
    assert (await collect(session, question("x")))[-1].status is Status.COMPLETED


async def test_in_flight_ask_fails_when_session_closes(
    session: StreamSession, fake_pieces_os: FakePiecesOS
) -> None:
    fake_pieces_os.stall_after = 1
    frames = session.ask(question("q"))
    assert (await anext(frames)).status is Status.IN_PROGRESS
    await session.aclose()
    with pytest.raises(StreamDropped, match="was closed mid-answer"):
        await anext(frames)
    with pytest.raises(StreamDropped, match="is closed"):
        await collect(session, question("q"))


async def test_token_on_the_handshake(fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.token = "s3cret"
    wrong = StreamSession(fake_pieces_os.base_url, token="wrong")
    with pytest.raises(Unauthorized, match="401 on /qgpt/stream"):
        await collect(wrong, question("q"))
    right = StreamSession(fake_pieces_os.base_url, token="s3cret")
    assert (await collect(right, question("q")))[-1].status is Status.COMPLETED
    await right.aclose()
    await wrong.aclose()


async def test_handshake_503_is_retried(fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.script(503, path="/qgpt/stream")
    policy = RetryPolicy(attempts=2, base_delay=0)
    session = StreamSession(fake_pieces_os.base_url, retries=policy)
    assert (await collect(session, question("q")))[-1].status is Status.COMPLETED
    assert fake_pieces_os.connections == 1
    await session.aclose()


async def test_unreachable(closed_port: int) -> None:
    session = StreamSession(f"http://127.0.0.1:{closed_port}")
    with pytest.raises(BackendUnreachable, match="is not reachable for streaming"):
        await collect(session, question("q"))


async def test_silence_times_out(fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.stall_after = 1
    session = StreamSession(fake_pieces_os.base_url, idle_timeout=0.2)
    with pytest.raises(BackendTimeout, match="sent nothing on the stream"):
        await collect(session, question("q"))
    await session.aclose()


@pytest.mark.parametrize(
    ("request_", "problem"),
    [
        (QGPTStreamInput(conversation="c", stop=True), "control frames"),
        (QGPTStreamInput(reset=True), "control frames"),
        (QGPTStreamInput(conversation="c"), "needs a relevance or a question"),
        (
            QGPTStreamInput(
                relevance=QGPTRelevanceInput(query="q"), question=question("q").question
            ),
            "not both",
        ),
    ],
)
async def test_bad_asks_are_rejected(
    session: StreamSession, request_: QGPTStreamInput, problem: str
) -> None:
    with pytest.raises(RequestRejected, match=problem):
        await collect(session, request_)


async def test_stop_without_a_connection_is_harmless(fake_pieces_os: FakePiecesOS) -> None:
    session = StreamSession(fake_pieces_os.base_url)
    await session.stop("nobody")
    assert fake_pieces_os.connections == 0
    await session.aclose()


async def test_server_going_away_fails_the_ask_then_unreachable() -> None:
    async with FakePiecesOS(stall_after=1).running() as fake:
        session = StreamSession(fake.base_url)
        frames = session.ask(question("q"))
        assert (await anext(frames)).status is Status.IN_PROGRESS
    with pytest.raises(StreamDropped, match="dropped mid-answer"):
        await anext(frames)
    with pytest.raises(BackendUnreachable):
        await collect(session, question("q"))
    await session.aclose()


async def test_the_fake_records_stream_inputs(
    session: StreamSession, fake_pieces_os: FakePiecesOS
) -> None:
    await collect(session, question("parsed", conversation="c-9"))
    sent = fake_pieces_os.stream_inputs[-1]
    assert sent["question"]["query"] == "parsed"
    assert sent["conversation"] == "c-9" and not sent.get("stop")
