"""Answering: from a question and its code to streamed answer text, and what follows it.

:class:`AnswerJobs` builds the job an answerer is given (the prompt per pipeline,
:mod:`.prompts`; for grounded answers the code's facts, :mod:`.facts`);
:class:`StreamTurns` runs one turn of a ``/qgpt/stream`` conversation, which
:class:`StreamHub` frames, stops and resets; :class:`ConversationDatabase` keeps
the conversations; :func:`suggest_hints` and :func:`rewrite_query` are
``/qgpt/hints`` and ``/qgpt/reprompt``.
"""

from __future__ import annotations

from .conversation_database import ConversationDatabase, StoredConversation, StoredMessage
from .hints import suggest_hints
from .jobs import AnswerJobs
from .reprompt import rewrite_query, standalone_query
from .streaming import StreamedAnswer, StreamHub, refusal
from .turns import StreamTurns

__all__ = [
    "AnswerJobs",
    "ConversationDatabase",
    "StoredConversation",
    "StoredMessage",
    "StreamHub",
    "StreamTurns",
    "StreamedAnswer",
    "refusal",
    "rewrite_query",
    "standalone_query",
    "suggest_hints",
]
