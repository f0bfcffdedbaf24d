"""Streaming: work-done progress, qgpt/answerDelta, the live Markdown document."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types

from .conftest import SessionFactory
from .session import LSPSession, wait_until

GROUNDED = {"backend": "embedded", "answerer": "grounded"}
DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}


def _index_done(session: LSPSession) -> bool:
    return any(
        "index" in str(token) and any(isinstance(v, types.WorkDoneProgressEnd) for v in values)
        for token, values in session.client.progress_reports.items()
    )


async def test_progress_carries_the_whole_answer(lsp: SessionFactory) -> None:
    async with lsp(settings=GROUNDED) as session:
        uri = session.open("app/calc.py")
        await wait_until(lambda: _index_done(session))
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "What does divide do?"}
        )
        [token] = session.answer_tokens()
        values = session.reports(token)
        shown = list(session.client.shown_documents)
    begin, *reports, end = values
    assert isinstance(begin, types.WorkDoneProgressBegin) and begin.cancellable
    assert "What does divide do?" in begin.title
    assert reports and all(isinstance(r, types.WorkDoneProgressReport) for r in reports)
    assert "".join(r.message or "" for r in reports) == result["answer"]
    assert all(r.percentage is None for r in reports)
    assert isinstance(end, types.WorkDoneProgressEnd) and end.message == "completed"
    deltas = [d for d in session.deltas if d["conversation"] == result["conversation"]]
    assert "".join(d["delta"] for d in deltas) == result["answer"]
    assert [d["done"] for d in deltas] == [False] * (len(deltas) - 1) + [True]
    assert {d["token"] for d in deltas} == {token}
    assert [(s.uri, s.take_focus) for s in shown] == [(result["document"], False)]
    document = Path(result["document"].removeprefix("file://"))
    assert result["answer"] in await asyncio.to_thread(document.read_text)


async def test_client_token_is_used(lsp: SessionFactory) -> None:
    async with lsp(settings=GROUNDED) as session:
        uri = session.open("app/report.py")
        result = await session.execute(
            "qgpt.askFile", {"uri": uri, "question": "What is monthly_mean?"}, token="my-token"
        )
        values = session.reports("my-token")
        created = session.answer_tokens()
    assert created == [], "no server-made token when the client sent one"
    assert isinstance(values[0], types.WorkDoneProgressBegin)
    assert isinstance(values[-1], types.WorkDoneProgressEnd)
    assert "".join(v.message or "" for v in values[1:-1]) == result["answer"]


async def test_client_without_progress_still_gets_the_answer(lsp: SessionFactory) -> None:
    settings = {**GROUNDED, "openAnswerDocument": False}
    async with lsp(settings=settings, progress=False) as session:
        uri = session.open("app/calc.py")
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "What does divide do?"}
        )
        reports = dict(session.client.progress_reports)
        shown = list(session.client.shown_documents)
    assert result["status"] == "completed" and "divide" in result["answer"]
    assert reports == {}, "no progress without window.workDoneProgress"
    assert shown == [], "openAnswerDocument false: nothing opened"
    assert session.deltas_of(result["conversation"]) == result["answer"]
    assert {d["token"] for d in session.deltas} == {None}


async def test_index_builds_with_progress_on_start(lsp: SessionFactory) -> None:
    async with lsp(settings=GROUNDED, client="neovim") as session:
        await wait_until(lambda: _index_done(session))
        [values] = [v for t, v in session.client.progress_reports.items() if "index" in str(t)]
    begin, *reports, end = values
    assert isinstance(begin, types.WorkDoneProgressBegin) and begin.title == "QGPT: indexing"
    percentages = [r.percentage for r in reports if r.percentage is not None]
    assert percentages == sorted(percentages) and percentages[-1] == 100
    assert isinstance(end, types.WorkDoneProgressEnd) and "files" in (end.message or "")
