"""``/qgpt/hints``: 3-5 follow-up questions from the query, the answer and the code.

With a language model, it is asked; without one (or when it gives too few),
questions are derived from the symbols and files of the relevant snippets.
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
    """Questions from the code's own symbols and files (the grounded way)."""
    symbols = list(dict.fromkeys(s.focus for s in snippets if s.focus))  # what search ranked
    for snippet in snippets:
        for name in _SYMBOL.findall(snippet.text):
            if name not in symbols:
                symbols.append(name)
    files = [s.cite.rsplit(":", 1)[0] for s in snippets if s.path is not None]
    hints: list[str] = []
    if symbols:
        first = symbols[0]
        hints += [f"How is `{first}` tested?", f"Where is `{first}` called from?"]
        hints.append(f"What can go wrong in `{first}`?")
    if len(symbols) > 1:
        hints.append(f"How do `{symbols[0]}` and `{symbols[1]}` work together?")
    if files:
        hints += [f"What changed recently in `{files[0]}`?", f"Who can help with `{files[0]}`?"]
    hints += [
        "Which other parts of the code depend on this?",
        "How could this code be simplified?",
        "What are the edge cases here?",
        "What would break if this code changed?",
    ]
    return hints


def _output(hints: list[str]) -> QGPTQuestionOutput:
    answers = [
        QGPTQuestionAnswer(score=round(1.0 - 0.1 * rank, 2), text=hint)
        for rank, hint in enumerate(hints)
    ]
    return QGPTQuestionOutput(answers=QGPTQuestionAnswers(iterable=answers))
