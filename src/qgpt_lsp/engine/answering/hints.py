"""``/qgpt/hints``: 3-5 follow-up questions from the query, the answer and the code.

With a language model, it is asked; without one (or when it gives too few),
questions are derived from the subject: the first snippet's definition (the
selection asked about, or what search ranked first) and its file, never another
symbol's, and never on what the question already asked ("find bugs" is not
followed by "What can go wrong in it?"). A model's question that names, in
backticks, a symbol the code does not contain is dropped.
A hint never repeats the user's question nor another hint, compared lowercased
with punctuation and extra spaces dropped (:func:`hint_key`); there are always
3 to 5 of them (the derived ones end with generic questions enough to fill 3).
"""

from __future__ import annotations

import logging
import re

from ... import errors
from ...wire import QGPTQuestionAnswer, QGPTQuestionAnswers, QGPTQuestionOutput
from ..answerers import Answerer, AnswerJob, ChatMessage, CitedCode, collect
from .prompts import CHARS_PER_TOKEN, render_snippets, trim_snippets

log = logging.getLogger(__name__)

MIN_HINTS, MAX_HINTS = 3, 5
_HINT_CODE_CHARS = 4000  # at most, and never more than the answerer's snippet budget
_SYMBOL = re.compile(
    r"^\s*(?:export\s+)?(?:async\s+)?(?:def|class|function|func|fn)\s+(\w+)", re.MULTILINE
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_BACKTICKED = re.compile(r"`([^`]+)`")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_PROMPT = (
    "Suggest {n} short follow-up questions the user could ask next about this code. "
    "One question per line, no numbering, no other text."
)


async def suggest_hints(
    answerer: Answerer, query: str, answer: str, snippets: list[CitedCode]
) -> QGPTQuestionOutput:
    """The follow-up questions, as answers scored from 1.0 down."""
    proposed: list[str] = []
    if answerer.is_model:
        try:
            proposed = _parse(
                await collect(answerer, _job(query, answer, snippets, answerer.snippet_tokens))
            )
        except errors.QGPTError as error:
            log.warning("hints from %s failed (%s); deriving them", answerer.name, error)
    proposed = [hint for hint in proposed if _named_in_code(hint, snippets)]
    return _output(pick_hints(query, proposed, derive_hints(query, snippets)))


def hint_key(text: str) -> str:
    """What two questions share when one repeats the other: ``How is `f` tested?`` ->
    ``how is f tested`` (lowercase, no punctuation, single spaces)."""
    return " ".join(_PUNCTUATION.sub(" ", text.lower()).split())


def pick_hints(query: str, proposed: list[str], derived: list[str]) -> list[str]:
    """Up to 5 of ``proposed``, then ``derived`` ones until there are 3; none repeating
    the query or an earlier hint."""
    seen = {hint_key(query)}
    picked: list[str] = []
    for hint, enough in [(h, MAX_HINTS) for h in proposed] + [(h, MIN_HINTS) for h in derived]:
        key = hint_key(hint)
        if len(picked) < enough and key and key not in seen:
            seen.add(key)
            picked.append(hint)
    return picked


def _job(query: str, answer: str, snippets: list[CitedCode], snippet_tokens: int) -> AnswerJob:
    budget = min(_HINT_CODE_CHARS, snippet_tokens * CHARS_PER_TOKEN)
    code = render_snippets(trim_snippets(snippets, budget))
    user = f"{code}\n\nQuestion: {query}\n\nAnswer: {answer[:2000]}\n\n{_PROMPT.format(n=4)}"
    return AnswerJob([ChatMessage("user", user)], max_tokens=160, kind="hints")


def _parse(text: str) -> list[str]:
    hints: list[str] = []
    for line in text.splitlines():
        hint = _BULLET.sub("", line).strip().strip('"')
        if 8 <= len(hint) <= 200 and hint.endswith("?") and hint not in hints:
            hints.append(hint)
    return hints


def derive_hints(query: str, snippets: list[CitedCode]) -> list[str]:
    """Questions about the subject (see the module docstring), the grounded way."""
    first = _subject(snippets)
    asked = {word.lower() for word in re.findall(r"[A-Za-z]+", query)}
    hints: list[str] = []
    if first:
        for topic, hint in _ABOUT_SYMBOL:
            if not asked & topic:
                hints.append(hint.format(first))
    if snippets and snippets[0].path is not None:
        file = snippets[0].cite.rsplit(":", 1)[0]
        hints += [f"What changed recently in `{file}`?", f"Who can help with `{file}`?"]
    hints += [
        "Which other parts of the code depend on this?",
        "How could this code be simplified?",
        "What are the edge cases here?",
        "What would break if this code changed?",
    ]
    return hints


#: Hints about the subject symbol, each left out when the question asked about its topic.
_ABOUT_SYMBOL = (
    (frozenset({"test", "tests", "tested", "testing"}), "How is `{}` tested?"),
    (
        frozenset({"call", "calls", "called", "caller", "callers", "use", "used", "usage"}),
        "Where is `{}` called from?",
    ),
    (
        frozenset({"bug", "bugs", "wrong", "error", "errors", "raise", "raises", "fail"}),
        "What can go wrong in `{}`?",
    ),
)


def _subject(snippets: list[CitedCode]) -> str | None:
    """The first snippet's definition: the one it is centred on, else the first it defines."""
    if not snippets:
        return None
    first = snippets[0]
    if first.focus:
        return first.focus
    defined = _SYMBOL.findall(first.text)
    return defined[0] if defined else None


def _named_in_code(hint: str, snippets: list[CitedCode]) -> bool:
    """True unless ``hint`` names in backticks a symbol none of the snippets contains."""
    quoted = (name.removesuffix("()") for name in _BACKTICKED.findall(hint))
    names = [name for name in quoted if _IDENTIFIER.fullmatch(name)]
    return all(any(name in s.text or name == s.focus for s in snippets) for name in names)


def _output(hints: list[str]) -> QGPTQuestionOutput:
    answers = [
        QGPTQuestionAnswer(score=round(1.0 - 0.1 * rank, 2), text=hint)
        for rank, hint in enumerate(hints)
    ]
    return QGPTQuestionOutput(answers=QGPTQuestionAnswers(iterable=answers))
