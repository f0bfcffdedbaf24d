"""Which way a comparison goes, in a question and in a condition.

"when the help text is longer than max_length" asks about ``len(text) >
max_length``; the condition ``len(text) <= max_length`` shares every word with
it and means the opposite. Directions are read relative to a reference: the
identifier the question names (``max_length``) when a side holds it, else the
side that holds fewer of the question's words; a negated condition (an ``else``,
a guard clause passed) turns its direction round.
"""

from __future__ import annotations

import re

from .line_match import line_stems
from .questions import Question

__all__ = ["agreement", "condition_direction", "question_direction"]

#: What a condition that goes the question's way adds to its score, and one going the
#: other way takes off.
AGREES, DISAGREES = 2.0, -4.0

_MORE = re.compile(
    r"\b(longer|more|greater|larger|bigger|higher|exceeds?|exceeding|over|above"
    r"|too (long|many|big))\b",
    re.IGNORECASE,
)
_LESS = re.compile(
    r"\b(shorter|less|fewer|smaller|lower|under|below|too (short|few|small))\b", re.IGNORECASE
)
_COMPARISON = re.compile(r"(?<![<>=!-])(<=|>=|<|>)(?![<>=])")
_FLIP = {">": "<", "<": ">"}


def question_direction(question: Question) -> str | None:
    """``">"`` for "longer / more / exceeds", ``"<"`` for "shorter / fewer", else None."""
    more, less = _MORE.search(question.text), _LESS.search(question.text)
    if bool(more) == bool(less):
        return None
    return ">" if more else "<"


def condition_direction(text: str, question: Question, negated: bool) -> str | None:
    """The direction of the question's subject against its reference in ``text``, or
    None when ``text`` compares nothing the question speaks of."""
    found = _COMPARISON.findall(text)
    if len(found) != 1:
        return None
    left, operator, right = _COMPARISON.split(text, maxsplit=1)
    direction = operator[0]
    subject = _subject_side(left, right, question)
    if subject is None:
        return None
    if subject == "right":
        direction = _FLIP[direction]
    return _FLIP[direction] if negated else direction


def _subject_side(left: str, right: str, question: Question) -> str | None:
    """ "left" or "right": the side compared against the reference."""
    names = [name.split(".")[-1] for name in question.names]
    named = [side for side, text in (("left", left), ("right", right)) if _names(text, names)]
    words = {
        "left": question.concepts(line_stems(left)),
        "right": question.concepts(line_stems(right)),
    }
    if len(named) == 1:
        subject = "right" if named[0] == "left" else "left"
        own = words[subject] - words[named[0]]
        return subject if own else None
    if words["left"] - words["right"] and not words["right"] - words["left"]:
        return "left"
    if words["right"] - words["left"] and not words["left"] - words["right"]:
        return "right"
    return None


def _names(text: str, names: list[str]) -> bool:
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)


def agreement(question: Question, text: str, negated: bool) -> float:
    """:data:`AGREES` when ``text`` compares the way the question does, :data:`DISAGREES`
    when the other way, 0 when either says no direction."""
    asked = question_direction(question)
    found = condition_direction(text, question, negated) if asked else None
    if asked is None or found is None:
        return 0.0
    return AGREES if found == asked else DISAGREES
