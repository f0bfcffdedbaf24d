"""Answerers: the models (or the code itself) that turn a prompt into streamed text."""

from __future__ import annotations

from .base import (
    Answerer,
    AnswerJob,
    ChatMessage,
    CitedCode,
    CodeFacts,
    QuotedLines,
    collect,
    stream_answer,
)
from .choice import choose_answerer, describe_answerer, probe_servers
from .grounded import GroundedAnswerer
from .local import LocalAnswerer, packaged_model
from .openai_chat import OpenAIAnswerer

__all__ = [
    "AnswerJob",
    "Answerer",
    "ChatMessage",
    "CitedCode",
    "CodeFacts",
    "GroundedAnswerer",
    "LocalAnswerer",
    "OpenAIAnswerer",
    "QuotedLines",
    "choose_answerer",
    "collect",
    "describe_answerer",
    "packaged_model",
    "probe_servers",
    "stream_answer",
]
