"""Conversations that outlive the server: the embedded engine keeps them in SQLite.

A backend with a conversation store (the embedded engine: ``list_conversations``,
``get_conversation``) gets each answer streamed under the server's own
conversation id, so after a restart on the same cache dir and workspace
``qgpt.conversations`` lists them again and ``qgpt.followUp`` continues them.
Remote backends have no such store: their conversations live as long as the
server process (the in-memory :class:`~.conversations.OpenConversations`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from ...backend import Backend
from ...errors import QGPTError
from ...wire import QGPTConversation
from ..server import QGPTLanguageServer
from .open_conversations import Conversation, title_of

__all__ = ["ConversationKeeper", "all_conversations", "find_conversation", "keep_under_our_id"]

_log = logging.getLogger(__name__)


class SavedSummary(Protocol):
    """One row of a backend's conversation list."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def updated(self) -> datetime: ...


@runtime_checkable
class ConversationKeeper(Protocol):
    """A backend that stores conversations (the embedded engine)."""

    async def list_conversations(self) -> Sequence[SavedSummary]: ...

    async def get_conversation(self, conversation: str) -> QGPTConversation:
        """The messages, newest first (the wire's order)."""
        ...


def keep_under_our_id(backend: Backend, conversation: Conversation) -> None:
    """A backend that stores conversations keeps this one under the server's id."""
    if isinstance(backend, ConversationKeeper) and conversation.backend_id is None:
        conversation.backend_id = conversation.id


async def find_conversation(ls: QGPTLanguageServer, conversation_id: str | None) -> Conversation:
    """The conversation ``conversation_id`` (None: a new one); one this server has not
    seen is restored from the backend's store, else it is an unknown conversation."""
    store = ls.conversations
    if conversation_id is None:
        return store.new()
    if conversation_id not in store:
        keeper = await _keeper(ls)
        restored = await _restore(keeper, conversation_id) if keeper else None
        if restored is not None:
            store.add(restored)
    return store.get(conversation_id)


async def all_conversations(ls: QGPTLanguageServer) -> list[Conversation]:
    """This session's conversations and the backend's stored ones, newest first."""
    mine = ls.conversations.all()
    keeper = await _keeper(ls)
    if keeper is None:
        return mine
    known = {conversation.id for conversation in mine}
    saved = [
        await _conversation(keeper, summary)
        for summary in await keeper.list_conversations()
        if summary.id not in known
    ]
    return sorted([*mine, *saved], key=lambda conversation: conversation.updated, reverse=True)


async def _keeper(ls: QGPTLanguageServer) -> ConversationKeeper | None:
    try:
        backend = await ls.backend()
    except QGPTError as error:
        _log.warning("no backend for stored conversations (%s); this session's only", error)
        return None
    return backend if isinstance(backend, ConversationKeeper) else None


async def _restore(keeper: ConversationKeeper, conversation_id: str) -> Conversation | None:
    summaries = await keeper.list_conversations()
    summary = next((found for found in summaries if found.id == conversation_id), None)
    return None if summary is None else await _conversation(keeper, summary)


async def _conversation(keeper: ConversationKeeper, summary: SavedSummary) -> Conversation:
    stored = await keeper.get_conversation(summary.id)
    return Conversation(
        id=summary.id,
        title=title_of(summary.title),
        backend_id=summary.id,
        updated=summary.updated,
        messages=list(reversed(stored.iterable or [])),
    )
