"""A condition on the way to a line, and how an answer says it: in code, negated as
code where that is plain (``a <= b`` -> ``a > b``), a long one shortened."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Condition", "negate"]

#: The most characters of a condition an answer's sentence shows (quotes show it whole).
_SHOWN = 90
#: An operand without boolean operators: the negation of a comparison of two is plain.
_SIMPLE = re.compile(r"(?:(?!\b(?:and|or|not)\b|&&|\|\|)[^<>=!])+")
_OPPOSITES = [
    (" is not ", "is"),
    (" is ", "is not"),
    (" not in ", "in"),
    (" in ", "not in"),
    ("<=", ">"),
    (">=", "<"),
    ("==", "!="),
    ("!=", "=="),
    ("<", ">="),
    (">", "<="),
]


@dataclass(frozen=True)
class Condition:
    """One branch on the way to a line: ``if len(text) > n`` or the ``else`` of one."""

    line: int
    keyword: str  # "if", "elif", "else", "while", "for", "except", "case"
    text: str  # the condition ("len(text) > n"); for "else", the condition it negates
    end_line: int = 0  # the condition's last line, when it spans several

    @property
    def lines(self) -> range:
        return range(self.line, max(self.line, self.end_line) + 1)

    def describe(self) -> str:
        """The condition in words and code, a long one shortened."""
        if self.keyword == "else":
            return _shortened(negate(self.text)) if self.text else "otherwise"
        code = _shortened(f"`{self.text}`")
        if self.keyword in ("if", "elif"):
            return code
        if self.keyword == "except":
            return f"{code} was caught"
        return f"{self.keyword} {code}"


def _shortened(described: str) -> str:
    """A described condition cut to :data:`_SHOWN` characters inside its backticks."""
    if len(described) <= _SHOWN:
        return described
    return described[: _SHOWN - 2].rstrip() + "…`"


def negate(text: str) -> str:
    """The opposite of a condition, as code where that is plain: ``not x`` -> `` `x` ``,
    ``a <= b`` -> `` `a > b` ``, ``x is None`` -> `` `x is not None` ``."""
    rest = text[4:] if text.startswith("not ") else ""
    if rest and (_SIMPLE.fullmatch(rest) or (rest.startswith("(") and rest.endswith(")"))):
        return f"`{rest}`"
    if text.startswith("!") and _SIMPLE.fullmatch(text[1:]):
        return f"`{text[1:]}`"
    for operator, opposite in _OPPOSITES:
        left, found, right = text.partition(operator)
        if found and _SIMPLE.fullmatch(left.strip()) and _SIMPLE.fullmatch(right.strip()):
            return f"`{left.strip()} {opposite} {right.strip()}`"
    return f"not `{text}`"
