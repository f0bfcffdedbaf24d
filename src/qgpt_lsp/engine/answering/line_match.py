"""Which lines of a definition a question is about: each line scored by the question's terms.

A term found on few lines of the definition says more than one found on every
line (the weight is the term's rarity within the definition); a line that decides
something (a condition, a return, a raise, an assignment) counts a little more
than one that only mentions the words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from .questions import Question, word_stems

__all__ = [
    "DECIDING",
    "best_lines",
    "docstring_lines",
    "line_stems",
    "score_lines",
    "term_coverage",
]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: Lines that decide: branches, returns, raises, case arms.
DECIDING = re.compile(
    r"^\s*(?:\}\s*)?(if|elif|else|except|catch|case|match|switch|return|raise|throw|yield|"
    r"while|for|try|finally|default)\b"
)
_ASSIGNMENT = re.compile(r"^\s*[\w.\[\]'\"]+\s*(?::[^=]+)?=[^=]")
_COMMENT = re.compile(r"^\s*(#|//|/\*|\*|--)")
#: A docstring line's weight against a code line's.
_PROSE = 0.2


def line_stems(line: str) -> frozenset[str]:
    """The stems of every identifier on the line."""
    stems: set[str] = set()
    for word in _IDENTIFIER.findall(line):
        stems |= word_stems(word)
    return frozenset(stems)


def score_lines(lines: Sequence[str], question: Question) -> list[float]:
    """A score per line (0 for lines that share no term with the question)."""
    stems = [question.concepts(line_stems(line)) for line in lines]
    names = {name.split(".")[-1] for name in question.names}
    weight = _rarity(stems, len(lines))
    prose = docstring_lines(lines)
    scores = []
    for number, (line, found) in enumerate(zip(lines, stems, strict=True)):
        score = sum(weight[term] for term in found)
        score += 2.0 * sum(1 for name in names if re.search(rf"\b{re.escape(name)}\b", line))
        if score and number in prose:
            score *= _PROSE  # a docstring tells about the code; the code decides
        elif score and DECIDING.match(line):
            score *= 1.5
        elif score and _ASSIGNMENT.match(line):
            score *= 1.25
        elif score and _COMMENT.match(line):
            score *= 0.8
        scores.append(score)
    return scores


def best_lines(lines: Sequence[str], question: Question, limit: int = 8) -> list[int]:
    """The indexes of the best-scoring lines (at most ``limit``), in line order.

    A line that opens a block (ends with ``:`` or ``{``) brings the line after it,
    so a quoted condition shows what it leads to; a comment brings the code lines it
    speaks of (up to two).
    """
    scores = score_lines(lines, question)
    ranked = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: (-scores[i], i))
    picked: set[int] = set()
    for index in ranked:
        if len(picked) >= limit:
            break
        picked.add(index)
        follower = _next_code_line(lines, index)
        if lines[index].rstrip().endswith((":", "{")) and follower is not None:
            picked.add(follower)
        elif _COMMENT.match(lines[index]):
            picked.update(_described(lines, index))
    return sorted(picked)


def docstring_lines(lines: Sequence[str]) -> set[int]:
    """The indexes of the lines inside triple-quoted strings (docstrings, mostly)."""
    inside: set[int] = set()
    quote = ""
    for index, line in enumerate(lines):
        text = line.strip()
        if quote:
            inside.add(index)
            if quote in text:
                quote = ""
            continue
        for opening in ('"""', "'''"):
            at = text.find(opening)
            if at >= 0 and text.find(opening, at + 3) < 0:  # opened, not closed on the line
                quote = opening
                inside.add(index)
                break
            if at >= 0:
                inside.add(index)  # a one-line docstring
                break
    return inside


def _described(lines: Sequence[str], index: int) -> list[int]:
    """The (at most two) code lines after the comment at ``index``."""
    found: list[int] = []
    for following in range(index + 1, min(index + 6, len(lines))):
        text = lines[following].strip()
        if not text or _COMMENT.match(lines[following]):
            continue
        found.append(following)
        if len(found) == 2:
            break
    return found


def term_coverage(
    lines: Sequence[str], question: Question, weights: dict[str, float] | None = None
) -> float:
    """How much of the question ``lines`` speak to: the sum, over the question's words they
    hold, of the word's weight (1 unless given) times ``1 + log(lines holding it) / 4``:
    more of the question's words count for more than more mentions of one."""
    counts: dict[str, int] = {}
    for line in lines:
        for word in question.concepts(line_stems(line)):
            counts[word] = counts.get(word, 0) + 1
    weights = weights or {}
    return sum(weights.get(term, 1.0) * (1 + math.log(count) / 4) for term, count in counts.items())


def _rarity(stems: list[set[str]], total: int) -> dict[str, float]:
    holding: dict[str, int] = {}
    for found in stems:
        for term in found:
            holding[term] = holding.get(term, 0) + 1
    return {term: math.log(1 + total / count) for term, count in holding.items()}


def _next_code_line(lines: Sequence[str], index: int) -> int | None:
    for following in range(index + 1, min(index + 4, len(lines))):
        if lines[following].strip():
            return following
    return None
