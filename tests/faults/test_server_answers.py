"""Probe: the language server (a real ``qgpt-lsp`` process, pytest-lsp client) when its
cache dir will not take the answer document, or holds a damaged index. The ask still
returns the whole answer, which streamed as usual, with one warning naming the trouble;
no answer is lost to the disk."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types

from qgpt_lsp.engine.index.locations import store_directory
from tests.server.conftest import SessionFactory, cache_dir, lsp, workspace  # noqa: F401
from tests.server.session import LSPSession, open_session, wait_until

from .conftest import fill

GROUNDED = {"backend": "embedded", "answerer": "grounded"}
DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}


async def _ask(session: LSPSession) -> dict[str, Any]:
    uri = session.open("app/calc.py")
    question = "What does divide do?"
    result = await session.execute("qgpt.ask", {"uri": uri, "range": DIVIDE, "question": question})
    assert isinstance(result, dict)
    return result


def _warnings(session: LSPSession) -> list[str]:
    return [m.message for m in session.client.messages if m.type == types.MessageType.Warning]


def _answer_is_whole(session: LSPSession, result: dict[str, Any]) -> None:
    assert result["status"] == "completed" and "divide" in result["answer"]
    assert session.deltas_of(result["conversation"]) == result["answer"]
    assert result.get("document") is None  # no link to a file that is not there


async def test_an_answer_document_that_cannot_be_written(
    lsp: SessionFactory,  # noqa: F811
    cache_dir: Path,  # noqa: F811
) -> None:
    await asyncio.to_thread(cache_dir.mkdir, parents=True)
    await asyncio.to_thread((cache_dir / "answers").write_text, "a file where the folder goes")
    async with lsp(settings=GROUNDED) as session:
        result = await _ask(session)
        _answer_is_whole(session, result)
        (warning,) = [w for w in _warnings(session) if "answer document" in w]
        assert "the answer itself is complete" in warning


async def test_a_full_cache_dir(
    workspace: Path,  # noqa: F811
    tmpfs: Callable[[str, str], Path],
) -> None:
    cache = tmpfs("full-cache", "size=256k")
    await asyncio.to_thread(fill, cache)
    async with open_session(workspace, cache, settings=GROUNDED) as session:
        result = await _ask(session)
        _answer_is_whole(session, result)
        warnings = _warnings(session)
        assert any("keeping the index in memory" in w for w in warnings)
        assert any("answer document" in w for w in warnings)


def _index_built(session: LSPSession) -> bool:
    return any(
        "index" in str(token) and any(isinstance(v, types.WorkDoneProgressEnd) for v in values)
        for token, values in session.client.progress_reports.items()
    )


async def test_a_damaged_index_store_is_named_once_and_rebuilt(
    lsp: SessionFactory,  # noqa: F811
    cache_dir: Path,  # noqa: F811
    workspace: Path,  # noqa: F811
) -> None:
    async with lsp(settings=GROUNDED) as session:
        await wait_until(lambda: _index_built(session))
    root = await asyncio.to_thread(workspace.resolve)
    store = store_directory(cache_dir, root) / "index.sqlite3"
    await asyncio.to_thread(store.write_bytes, b"not a database, " * 512)

    async with lsp(settings=GROUNDED) as session:
        await wait_until(lambda: _index_built(session))
        result = await _ask(session)
        assert result["status"] == "completed" and "divide" in result["answer"]
        named = [w for w in _warnings(session) if str(store) in w]
        assert len(named) == 1 and "file is not a database" in named[0]
