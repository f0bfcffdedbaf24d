"""Conversations live in a real SQLite file and survive a restart."""

from __future__ import annotations

from pathlib import Path

from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.answering import ConversationDatabase
from qgpt_lsp.wire import QGPTConversationMessageRoleEnum, QGPTStreamInput

from .conftest import GROUNDED
from .gitrepo import GitRepo

USER = QGPTConversationMessageRoleEnum.USER
ASSISTANT = QGPTConversationMessageRoleEnum.ASSISTANT


def test_messages_survive_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "conversations.sqlite3"
    store = ConversationDatabase(path)
    first = store.ensure(None)
    store.add(first, USER, "why is the cache slow?\nit takes seconds")
    store.add(first, ASSISTANT, "Because `evict_oldest` copies the keys.")
    second = store.ensure("c-2", "a second one")
    store.close()

    reopened = ConversationDatabase(path)
    assert [(m.role, m.text) for m in reopened.messages(first)] == [
        (USER, "why is the cache slow?\nit takes seconds"),
        (ASSISTANT, "Because `evict_oldest` copies the keys."),
    ]
    listed = reopened.list()
    assert {(c.id, c.title, c.messages) for c in listed} == {
        (first, "why is the cache slow?", 2),
        (second, "a second one", 0),
    }
    wire = reopened.as_wire(first)
    assert [m.role for m in wire.iterable or []] == [ASSISTANT, USER]  # newest first
    assert reopened.delete(first) is True
    assert reopened.delete(first) is False
    assert reopened.messages(first) == []
    reopened.close()


async def test_the_engine_keeps_conversations_across_restarts(
    sample_repo: GitRepo, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    engine = Engine([sample_repo.root], GROUNDED, cache_dir=cache)
    ask = QGPTStreamInput.from_wire(
        {"relevance": {"query": "what does shrink do", "options": {"question": True}}}
    )
    frames = [frame async for frame in engine.stream(ask)]
    conversation = frames[-1].conversation
    await engine.aclose()

    again = Engine([sample_repo.root], GROUNDED, cache_dir=cache)
    try:
        listed = await again.list_conversations()
        assert [(c.id, c.title, c.messages) for c in listed] == [
            (conversation, "what does shrink do", 2)
        ]
        wire = await again.get_conversation(conversation)
        assert (wire.iterable or [])[0].text == "".join(f.delta for f in frames)
        assert await again.delete_conversation(conversation) is True
        assert await again.list_conversations() == []
    finally:
        await again.aclose()


def _restarted(root: Path, cache: Path) -> Engine:
    return Engine([root], GROUNDED, cache_dir=cache)


async def test_new_list_get_delete_survive_restarts(sample_repo: GitRepo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    engine = _restarted(sample_repo.root, cache)
    named = await engine.new_conversation("cache questions")
    asked = await engine.new_conversation()
    ask = QGPTStreamInput.from_wire(
        {
            "conversation": asked,
            "relevance": {"query": "what does shrink do", "options": {"question": True}},
        }
    )
    frames = [frame async for frame in engine.stream(ask)]
    assert {frame.conversation for frame in frames} == {asked}
    doomed = await engine.new_conversation("to delete")
    await engine.aclose()

    again = _restarted(sample_repo.root, cache)
    try:
        listed = await again.list_conversations()
        assert [(c.id, c.title, c.messages) for c in listed] == [
            (doomed, "to delete", 0),
            (asked, "what does shrink do", 2),
            (named, "cache questions", 0),
        ]
        wire = await again.get_conversation(asked)
        assert [m.role for m in wire.iterable or []] == [ASSISTANT, USER]
        assert (wire.iterable or [])[1].text == "what does shrink do"
        assert (await again.get_conversation("no-such-id")).iterable == []
        assert await again.delete_conversation(doomed) is True
    finally:
        await again.aclose()

    third = _restarted(sample_repo.root, cache)
    try:
        assert [c.id for c in await third.list_conversations()] == [asked, named]
        assert await third.delete_conversation(doomed) is False
    finally:
        await third.aclose()
