"""The conversations this server holds: messages, answers and what they were about.

Ids are the server's own (``qgpt.newConversation`` needs no backend call); each
maps to the backend's conversation id once the first answer streamed (the
embedded engine takes the server's id and keeps the conversation across
restarts: :mod:`.saved_conversations`). Each finished
exchange remembers the code it was asked about and the sources it cited, so a
hover over that code can show its hints and sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from lsprotocol import types

from ...errors import RequestRejected
from ...wire import (
    GroupedTimestamp,
    QGPTConversation,
    QGPTConversationMessage,
    QGPTConversationMessageRoleEnum,
    RelevantQGPTSeeds,
    new_id,
)
from ..results import PersonResult

__all__ = ["Conversation", "Exchange", "OpenConversations", "title_of"]

_TITLE_LENGTH = 60


def title_of(question: str) -> str:
    """A conversation's title: the first line of its first question, shortened."""
    return question.strip().splitlines()[0][:_TITLE_LENGTH] if question.strip() else ""


@dataclass
class Exchange:
    """One question and how it was answered (kept once the answer ended)."""

    question: str
    status: str
    anchor: types.Location | None = None
    relevant: RelevantQGPTSeeds = field(default_factory=lambda: RelevantQGPTSeeds(iterable=[]))
    answer: str = ""
    sources: list[types.Location] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    persons: list[PersonResult] = field(default_factory=list)

    def covers(self, uri: str, line: int) -> bool:
        places = [self.anchor, *self.sources] if self.anchor else self.sources
        return any(
            place.uri == uri and place.range.start.line <= line <= place.range.end.line
            for place in places
        )


@dataclass
class Conversation:
    """A conversation: its messages (oldest first) and its exchanges."""

    id: str
    title: str = ""
    backend_id: str | None = None
    updated: datetime = field(default_factory=lambda: datetime.now(UTC))
    messages: list[QGPTConversationMessage] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)

    def add_message(self, role: QGPTConversationMessageRoleEnum, text: str) -> None:
        self.updated = datetime.now(UTC)
        timestamp = GroupedTimestamp.of(self.updated)
        self.messages.append(QGPTConversationMessage(role=role, text=text, timestamp=timestamp))
        if not self.title and role is QGPTConversationMessageRoleEnum.USER:
            self.title = title_of(text)

    def newest_first(self) -> QGPTConversation:
        """The messages as ``/qgpt/reprompt`` wants them: newest first."""
        return QGPTConversation(iterable=list(reversed(self.messages)))

    @property
    def last(self) -> Exchange | None:
        return self.exchanges[-1] if self.exchanges else None


class OpenConversations:
    """The conversations of this session, by the server's id (in memory)."""

    def __init__(self) -> None:
        self._conversations: dict[str, Conversation] = {}

    def __contains__(self, conversation_id: object) -> bool:
        return conversation_id in self._conversations

    def add(self, conversation: Conversation) -> Conversation:
        """Keep ``conversation`` (one restored from a backend); the one kept already wins."""
        return self._conversations.setdefault(conversation.id, conversation)

    def new(self) -> Conversation:
        conversation = Conversation(id=new_id())
        self._conversations[conversation.id] = conversation
        return conversation

    def get(self, conversation_id: str) -> Conversation:
        try:
            return self._conversations[conversation_id]
        except KeyError:
            shown = conversation_id[:80]
            raise RequestRejected(
                f"unknown conversation {shown!r}; start one with qgpt.newConversation"
            ) from None

    def all(self) -> list[Conversation]:
        return sorted(self._conversations.values(), key=lambda c: c.updated, reverse=True)

    def exchanges_at(self, uri: str, line: int) -> list[tuple[Conversation, Exchange]]:
        """Finished exchanges that asked about or cited ``line`` of ``uri``, newest first."""
        found = [
            (conversation, exchange)
            for conversation in self._conversations.values()
            for exchange in conversation.exchanges
            if exchange.covers(uri, line)
        ]
        found.reverse()  # newest exchange first within a conversation ...
        found.sort(key=lambda pair: pair[0].updated, reverse=True)  # ... newest conversation first
        return found
