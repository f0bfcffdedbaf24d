"""Probe: a damaged or unwritable conversations file costs history only. The engine
opens, indexes and answers; the conversation list starts afresh (the damaged file is
kept aside) or lives in memory, and the user is told once."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

from qgpt_lsp.engine import Engine, EngineSettings
from qgpt_lsp.engine.answering import ConversationDatabase
from qgpt_lsp.engine.index.locations import workspace_directory
from qgpt_lsp.wire import QGPTConversationMessageRoleEnum as Role

from .conftest import fill, finds_ledger


async def test_a_damaged_conversations_file_costs_only_history(
    workspace: Path, cache: Path
) -> None:
    engine = Engine([workspace], EngineSettings(answerer="grounded"), cache)
    kept = await engine.new_conversation("kept")
    await engine.aclose()
    path = workspace_directory(cache, engine.roots) / "conversations.sqlite3"
    await asyncio.to_thread(path.write_bytes, os.urandom(8192))

    engine = Engine([workspace], EngineSettings(answerer="grounded"), cache)
    try:
        status = await engine.build_index()
        assert status.files > 0 and finds_ledger(engine.index)
        assert [c.id for c in await engine.list_conversations()] == []
        fresh = await engine.new_conversation("after")
        assert [c.id for c in await engine.list_conversations()] == [fresh] != [kept]
        (notice,) = engine.take_notices()
        assert str(path) in notice and "conversation history" in notice
        assert await asyncio.to_thread(list, path.parent.glob("conversations.sqlite3.corrupt-*"))
    finally:
        await engine.aclose()


def test_a_conversation_write_on_a_full_disk_still_succeeds(
    tmpfs: Callable[[str, str], Path],
) -> None:
    folder = tmpfs("conversations", "size=256k")
    database = ConversationDatabase(folder / "conversations.sqlite3")
    conversation = database.ensure(None, "before the disk filled")
    fill(folder)
    database.add(conversation, Role.USER, "what is the monthly mean? " * 2000)
    database.add(conversation, Role.ASSISTANT, "the sum over the count")
    assert [m.role for m in database.messages(conversation)] == [Role.USER, Role.ASSISTANT]
    (notice,) = database.notices.take()
    assert "keeping them in memory" in notice and "full" in notice
    database.close()
