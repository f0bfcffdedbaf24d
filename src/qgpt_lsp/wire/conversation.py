"""Conversations, their messages, and ``/qgpt/reprompt``."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from pydantic import StrictStr

from .base import IsoTimestamp, WireModel, format_timestamp, parse_timestamp
from .enums import QGPTConversationMessageRoleEnum
from .pipeline import QGPTPromptPipeline


class GroupedTimestamp(WireModel):
    """A moment; ``value`` is ISO-8601 (``...Z`` and ``...+00:00`` both accepted)."""

    value: IsoTimestamp
    readable: StrictStr | None = None

    @property
    def moment(self) -> datetime:
        """``value`` as an aware datetime."""
        return parse_timestamp(self.value)

    @classmethod
    def of(cls, moment: datetime) -> Self:
        """A timestamp for ``moment``, written as Pieces OS writes them."""
        return cls(value=format_timestamp(moment))


class QGPTConversationMessage(WireModel):
    """One message of a conversation."""

    role: QGPTConversationMessageRoleEnum
    text: StrictStr
    timestamp: GroupedTimestamp


class QGPTConversation(WireModel):
    """The messages of a conversation, newest first."""

    iterable: list[QGPTConversationMessage] | None = None


class QGPTRepromptInput(WireModel):
    """A follow-up question and the conversation so far."""

    query: StrictStr
    conversation: QGPTConversation
    application: StrictStr | None = None
    model: StrictStr | None = None
    pipeline: QGPTPromptPipeline | None = None


class QGPTRepromptOutput(WireModel):
    """The follow-up rewritten as a standalone query."""

    query: StrictStr
