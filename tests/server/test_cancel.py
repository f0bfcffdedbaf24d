"""Stopping answers ($/cancelRequest, progress cancel, qgpt.stop) and concurrent asks."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from tests.fakes.pieces_os import FakePiecesOS

from .conftest import SessionFactory
from .session import wait_until

DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}
ADD = {"start": {"line": 3, "character": 0}, "end": {"line": 6, "character": 0}}
#: Seconds between two deltas of the slow backend, so a test can stop mid-answer.
DELTA_DELAY = 0.04
#: Long answers (80 words, over 3 s at DELTA_DELAY) in the shape of the grounded answer.
DIVIDE_ANSWER = "## `divide`\n\n" + " ".join(f"total-over-count-{n}" for n in range(80))
ADD_ANSWER = "## `add`\n\n" + " ".join(f"left-plus-right-{n}" for n in range(80))


def _slow(fake: FakePiecesOS) -> dict[str, str]:
    """Settings for a backend that streams slowly: the fake Pieces OS, a delay per delta."""
    fake.delta_delay = DELTA_DELAY
    fake.answers["What does divide do?"] = DIVIDE_ANSWER
    fake.answers["What does add do?"] = ADD_ANSWER
    return {"backend": fake.base_url}


def _ended(session_reports: list[object]) -> str | None:
    ends = [v for v in session_reports if isinstance(v, types.WorkDoneProgressEnd)]
    return ends[-1].message if ends else None


async def test_cancel_request_stops_mid_stream(
    lsp: SessionFactory, fake_pieces_os: FakePiecesOS
) -> None:
    fake_pieces_os.answers["Explain divide"] = "one two three four five six seven eight"
    fake_pieces_os.stall_after = 3
    async with lsp(settings={"backend": fake_pieces_os.base_url}) as session:
        uri = session.open("app/calc.py")
        asking = asyncio.create_task(
            session.execute(
                "qgpt.ask",
                {"uri": uri, "range": DIVIDE, "question": "Explain divide"},
                msg_id="ask-1",
            )
        )
        await wait_until(lambda: len(session.deltas) >= 3)
        session.cancel("ask-1")
        result = await asking
        [token] = session.answer_tokens()
        reports = session.reports(token)
        after = await session.execute("qgpt.newConversation", {})
    assert result["status"] == "stopped"
    assert result["answer"] == "one two three "
    assert _ended(reports) == "stopped"
    assert any(frame.get("stop") for frame in fake_pieces_os.stream_inputs), (
        "the backend was told to stop"
    )
    assert "conversation" in after, "the server answers the next request"


async def test_progress_cancel_stops_with_partial_answer(
    lsp: SessionFactory, fake_pieces_os: FakePiecesOS
) -> None:
    async with lsp(settings=_slow(fake_pieces_os)) as session:
        uri = session.open("app/calc.py")
        asking = asyncio.create_task(
            session.execute(
                "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "What does divide do?"}
            )
        )
        await wait_until(lambda: len(session.deltas) >= 3)
        [token] = session.answer_tokens()
        session.client.window_work_done_progress_cancel(
            types.WorkDoneProgressCancelParams(token=token)
        )
        result = await asking
        full = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "What does divide do?"}
        )
        reports = session.reports(token)
    assert result["status"] == "stopped"
    assert result["answer"] and full["answer"].startswith(result["answer"])
    assert len(result["answer"]) < len(full["answer"])
    assert _ended(reports) == "stopped"


async def test_stop_command_and_concurrent_conversations(
    lsp: SessionFactory, fake_pieces_os: FakePiecesOS
) -> None:
    async with lsp(settings=_slow(fake_pieces_os)) as session:
        uri = session.open("app/calc.py")
        one = await session.execute("qgpt.newConversation", {})
        two = await session.execute("qgpt.newConversation", {})
        first = asyncio.create_task(
            session.execute(
                "qgpt.ask",
                {
                    "uri": uri,
                    "range": DIVIDE,
                    "question": "What does divide do?",
                    "conversation": one["conversation"],
                },
            )
        )
        second = asyncio.create_task(
            session.execute(
                "qgpt.ask",
                {
                    "uri": uri,
                    "range": ADD,
                    "question": "What does add do?",
                    "conversation": two["conversation"],
                },
            )
        )
        await wait_until(
            lambda: (
                bool(session.deltas_of(one["conversation"]))
                and bool(session.deltas_of(two["conversation"]))
            )
        )
        busy = await session.execute("qgpt.stop", {"conversation": two["conversation"]})
        results = await asyncio.gather(first, second)
        idle = await session.execute("qgpt.stop", {"conversation": two["conversation"]})
    divide, add = results
    assert busy == {"stopped": True} and idle == {"stopped": False}
    assert divide["status"] == "completed" and add["status"] == "stopped"
    assert "## `divide`" in divide["answer"] and "## `add`" not in divide["answer"]
    assert "divide" not in add["answer"].split("\n")[0]
    assert session.deltas_of(one["conversation"]) == divide["answer"]
    assert session.deltas_of(two["conversation"]) == add["answer"]
