"""``/qgpt/reprompt``: a follow-up ("and how is it tested?") as a standalone query.

With a language model it is asked to rewrite. Without one, a deterministic rule:
take the subject of the latest user question (its code symbols, else its
longest content words), drop a leading "and/so/but/also", and put the subject
where the follow-up says "it/this/that/they/them"; with no such pronoun, append
"(about SUBJECT)". A follow-up that already names a symbol is left as it is.
"""

from __future__ import annotations

import logging
import re

from ... import errors
from ...wire import QGPTConversation, QGPTConversationMessageRoleEnum
from ..answerers import Answerer, AnswerJob, ChatMessage, collect

log = logging.getLogger(__name__)

_SYMBOL = re.compile(r"`([^`]+)`|\b([A-Za-z_]\w*(?:[._]\w+)+|[a-z]+[A-Z]\w*|\w+\(\))")
_PRONOUN = re.compile(
    r"\b(it|this|that|they|them|these|those)\b(?:\s+(?:function|method|class|code|file|one))?",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^\s*(?:and|so|but|also|then|ok(?:ay)?|what about)\b[\s,]*", re.IGNORECASE)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "is",
        "are",
        "was",
        "were",
        "be",
        "how",
        "what",
        "why",
        "where",
        "when",
        "which",
        "who",
        "does",
        "do",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "about",
        "into",
        "this",
        "that",
        "it",
        "its",
        "and",
        "or",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "i",
        "explain",
        "tell",
        "show",
        "please",
        "code",
        "function",
    ]
)


async def rewrite_query(answerer: Answerer, query: str, conversation: QGPTConversation) -> str:
    """The standalone query (the rule's when no model answers or it fails)."""
    if answerer.is_model and conversation.iterable:
        try:
            text = (await collect(answerer, _job(query, conversation))).strip()
            first = text.splitlines()[0].strip().strip('"') if text else ""
            if 3 <= len(first) <= 400:
                return first
        except errors.QGPTError as error:
            log.warning("reprompt via %s failed (%s); using the rule", answerer.name, error)
    return standalone_query(query, conversation)


def _job(query: str, conversation: QGPTConversation) -> AnswerJob:
    history = "\n".join(
        f"{m.role.value.lower()}: {m.text[:600]}"
        for m in reversed((conversation.iterable or [])[:6])
    )
    user = (
        f"Conversation so far:\n{history}\n\nFollow-up: {query}\n\n"
        "Rewrite the follow-up as one standalone question that names what it refers to. "
        "Reply with the question only."
    )
    return AnswerJob([ChatMessage("user", user)], max_tokens=80, kind="reprompt")


def standalone_query(query: str, conversation: QGPTConversation) -> str:
    """The deterministic rewrite (see the module docstring)."""
    subject = _subject(conversation)
    if not subject or _symbols(query):
        return query
    rest = _LEAD.sub("", query).strip()
    rest = rest[:1].upper() + rest[1:] if rest else rest
    if _PRONOUN.search(rest):
        return _PRONOUN.sub(subject, rest, count=1)
    if rest.endswith("?"):
        return f"{rest[:-1]} (about {subject})?"
    return f"{rest} (about {subject})"


def _subject(conversation: QGPTConversation) -> str:
    for message in conversation.iterable or []:  # newest first
        if message.role is QGPTConversationMessageRoleEnum.USER:
            symbols = _symbols(message.text)
            if symbols:
                return " and ".join(f"`{s}`" for s in symbols[:2])
            words = [
                w for w in re.findall(r"[A-Za-z][\w-]+", message.text) if w.lower() not in _STOP
            ]
            if words:
                return " ".join(words[:3])
    return ""


def _symbols(text: str) -> list[str]:
    found: list[str] = []
    for quoted, bare in _SYMBOL.findall(text):
        name = (quoted or bare).removesuffix("()")
        if name and name not in found:
            found.append(name)
    return found
