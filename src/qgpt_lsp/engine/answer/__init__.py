"""Answerers: the models (or the code itself) that turn a prompt into streamed text."""

from __future__ import annotations

from .base import Answerer, AnswerJob, ChatMessage, CodeFacts, Snippet, collect
from .grounded import GroundedAnswerer
from .local import LocalAnswerer, packaged_model
from .openai_chat import OpenAIAnswerer
from .select import choose_answerer, describe_answerer, probe_servers

__all__ = [
    "AnswerJob",
    "Answerer",
    "ChatMessage",
    "CodeFacts",
    "GroundedAnswerer",
    "LocalAnswerer",
    "OpenAIAnswerer",
    "Snippet",
    "choose_answerer",
    "collect",
    "describe_answerer",
    "packaged_model",
    "probe_servers",
]
