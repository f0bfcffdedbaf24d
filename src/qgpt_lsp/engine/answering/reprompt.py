"""``/qgpt/reprompt``: a follow-up ("and how is it tested?") as a standalone query.

With a language model it is asked to rewrite. Without one, a deterministic rule
that keeps the user's words and names the subject: the symbol the conversation
was last about. That is, newest first, a symbol the user named, else the
definition the answer cites first (its ``file:line``, read back through the
index by ``cited``: the selection asked about, or the top definition found),
else a symbol the answer names in backticks; only when there is none, the
user's own content words. The rule drops a leading "and/so/but/also/then" and
puts the subject where the follow-up says "it/this/that/they/them"; with no
such pronoun it adds "in SUBJECT" after "what about ...", else "(about
SUBJECT)". A follow-up that already names a symbol is left as it is.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable

from ... import errors
from ...wire import QGPTConversation, QGPTConversationMessageRoleEnum
from ..answerers import Answerer, AnswerJob, ChatMessage, collect
from ..retrieval.question import question_terms

log = logging.getLogger(__name__)

#: The definitions an answer's text cites as ``file:line``, first cited first.
Cited = Callable[[str], list[str]]

_SYMBOL = re.compile(r"`([^`]+)`|\b([A-Za-z_]\w*(?:[._]\w+)+|[a-z]+[A-Z]\w*|\w+\(\))")
_PRONOUN = re.compile(
    r"\b(it|this|that|they|them|these|those)\b(?:\s+(?:function|method|class|code|file|one))?",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^\s*(?:and|so|but|also|then|ok(?:ay)?)\b[\s,]*", re.IGNORECASE)
_WHAT_ABOUT = re.compile(r"^what about\b", re.IGNORECASE)
_BACKTICKED = re.compile(r"`([A-Za-z_][\w.]*)(?:\(\))?`")
#: How many lines of an answer its backticked names are read from (its heading and lead).
_ANSWER_HEAD = 6


async def rewrite_query(
    answerer: Answerer, query: str, conversation: QGPTConversation, cited: Cited | None = None
) -> str:
    """The standalone query (the rule's when no model answers or it fails)."""
    if answerer.is_model and conversation.iterable:
        try:
            text = (await collect(answerer, _job(query, conversation))).strip()
            first = text.splitlines()[0].strip().strip('"') if text else ""
            if 3 <= len(first) <= 400:
                return first
        except errors.QGPTError as error:
            log.warning("reprompt via %s failed (%s); using the rule", answerer.name, error)
    return await asyncio.to_thread(standalone_query, query, conversation, cited)


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


def standalone_query(query: str, conversation: QGPTConversation, cited: Cited | None = None) -> str:
    """The deterministic rewrite (see the module docstring)."""
    subject = _subject(conversation, cited)
    if not subject or _symbols(query):
        return query
    rest = _LEAD.sub("", query).strip()
    rest = rest[:1].upper() + rest[1:] if rest else rest
    if _PRONOUN.search(rest):
        return _PRONOUN.sub(subject, rest, count=1)
    end = "?" if rest.endswith("?") else ""
    rest = rest.removesuffix("?").rstrip()
    if _WHAT_ABOUT.match(rest):
        return f"{rest} in {subject}{end}"
    return f"{rest} (about {subject}){end}"


def _subject(conversation: QGPTConversation, cited: Cited | None) -> str:
    """The symbol the conversation was last about (see the module docstring), in backticks."""
    for question, answer in _turns(conversation):
        found = _symbols(question) or _answer_symbols(answer, cited)
        if found:
            return " and ".join(f"`{s}`" for s in found[:2])
        words = question_terms(question)
        if words:
            return " ".join(words[:3])
    return ""


def _turns(conversation: QGPTConversation) -> list[tuple[str, str]]:
    """(question, its answer) pairs, newest first (an unanswered question: answer "")."""
    turns: list[tuple[str, str]] = []
    answer = ""
    for message in conversation.iterable or []:  # newest first
        if message.role is QGPTConversationMessageRoleEnum.USER:
            turns.append((message.text, answer))
            answer = ""
        else:
            answer = message.text
    return turns


def _answer_symbols(answer: str, cited: Cited | None) -> list[str]:
    """What an answer is about: the definition it cites first, else its first backticked name."""
    if cited is not None:
        names = cited(answer)
        if names:
            return names[:1]
    head = "\n".join(answer.splitlines()[:_ANSWER_HEAD])
    return _BACKTICKED.findall(head)[:1]


def _symbols(text: str) -> list[str]:
    found: list[str] = []
    for quoted, bare in _SYMBOL.findall(text):
        name = (quoted or bare).removesuffix("()")
        if name and name not in found:
            found.append(name)
    return found
