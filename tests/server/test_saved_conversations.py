"""Conversations on the embedded engine survive a server restart (the engine's SQLite)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pygls.exceptions import JsonRpcInvalidParams

from .conftest import SessionFactory

GROUNDED = {"backend": "embedded", "answerer": "grounded"}
QUESTION = "What does monthly_mean compute?"
FOLLOW_UP = "Which helpers does it call?"


def _listed(conversations: list[dict[str, Any]], conversation: str) -> dict[str, Any]:
    [found] = [c for c in conversations if c["id"] == conversation]
    return found


async def test_conversation_is_listed_and_continued_after_a_restart(lsp: SessionFactory) -> None:
    async with lsp(settings=GROUNDED) as first:
        uri = first.open("app/report.py")
        asked = await first.execute("qgpt.askFile", {"uri": uri, "question": QUESTION})
    assert asked["status"] == "completed" and asked["answer"]
    conversation = asked["conversation"]
    async with lsp(settings=GROUNDED) as second:
        listed = await second.execute("qgpt.conversations", {})
        follow = await second.execute(
            "qgpt.followUp", {"conversation": conversation, "question": FOLLOW_UP}
        )
        relisted = await second.execute("qgpt.conversations", {})
        hints = await second.execute("qgpt.hints", {"conversation": conversation})
    saved = _listed(listed, conversation)
    assert saved["title"] == QUESTION
    assert datetime.fromisoformat(saved["updated"]).tzinfo is not None
    messages = [(m["role"], m["text"]) for m in saved["messages"]]
    assert messages == [("USER", QUESTION), ("ASSISTANT", asked["answer"])]
    assert all(datetime.fromisoformat(m["timestamp"]) for m in saved["messages"])
    assert follow["status"] == "completed" and follow["conversation"] == conversation
    assert follow["answer"] and follow["document"] == asked["document"]
    assert hints == follow["hints"]
    after = _listed(relisted, conversation)
    assert [m["role"] for m in after["messages"]] == ["USER", "ASSISTANT"] * 2
    assert after["messages"][2]["text"] == FOLLOW_UP
    assert relisted[0]["id"] == conversation, "newest first"
    document = await asyncio.to_thread(Path(follow["document"].removeprefix("file://")).read_text)
    assert document.index(QUESTION) < document.index(FOLLOW_UP)


async def test_unknown_conversation_is_still_refused(lsp: SessionFactory) -> None:
    async with lsp(settings=GROUNDED) as session:
        listed = await session.execute("qgpt.conversations", {})
        with pytest.raises(JsonRpcInvalidParams, match="unknown conversation 'nope'"):
            await session.execute("qgpt.followUp", {"conversation": "nope", "question": FOLLOW_UP})
    assert listed == []
