"""What an answer is scored on: the key names it names and the deciding lines it quotes.

Both are read from the first ``BUDGET`` characters of the answer, after each line's
trailing whitespace is dropped (rich pads every rendered line to the terminal width,
which would otherwise spend the budget on spaces). An identifier counts when it
appears as a whole word, which includes the last part of a dotted name
(``Client._redirect_url`` names ``_redirect_url``). A deciding line counts when its
stripped text appears inside a line of the answer (so a ``123 │`` gutter or a list
bullet in front does not matter) or in the answer with all whitespace collapsed (so
a line wrapped by the renderer still counts). Lines shorter than ``MIN_LINE``
characters after stripping (``else:``, ``return``, ``)``) and comment lines are
never looked for: quoting the decision means quoting its code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from answer_sets import AnswerQuestion, LineRange

BUDGET = 3_000
MIN_LINE = 12
#: The rule ``qgpt-lsp ask`` prints between the answer and its sources and hints.
_RULE_WORDS = "answered by"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_SPACE = re.compile(r"\s+")


def normalize(output: str) -> str:
    """Terminal output as plain text: colour codes removed, trailing padding dropped."""
    lines = _ANSI.sub("", output).replace("\r", "").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def answer_part(output: str) -> str:
    """The answer alone: what ``qgpt-lsp ask`` prints before its "answered by" rule."""
    lines = normalize(output).split("\n")
    for number, line in enumerate(lines):
        if _RULE_WORDS in line and line.lstrip().startswith("─"):
            return "\n".join(lines[:number]).rstrip()
    return "\n".join(lines)


def head(text: str, budget: int = BUDGET) -> str:
    return text[:budget]


def named(text: str, names: Iterable[str]) -> list[str]:
    """The ``names`` that ``text`` names as whole words."""
    return [name for name in names if _word(name).search(text)]


@cache
def _word(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")


def quoted(text: str, lines: Sequence[str]) -> list[str]:
    """The deciding ``lines`` (already stripped) that ``text`` quotes."""
    answer_lines = [line.strip() for line in text.split("\n")]
    collapsed = _SPACE.sub(" ", text)
    found = []
    for line in lines:
        if any(line in answer_line for answer_line in answer_lines) or (
            _SPACE.sub(" ", line) in collapsed
        ):
            found.append(line)
    return found


def deciding_texts(site: Path, ranges: Iterable[LineRange]) -> list[str]:
    """The stripped, distinct lines of ``ranges`` worth looking for."""
    texts: list[str] = []
    for span in ranges:
        lines = file_lines(site / span.file)[span.first - 1 : span.last]
        for line in lines:
            stripped = line.strip()
            code = not stripped.startswith("#")
            if code and len(stripped) >= MIN_LINE and stripped not in texts:
                texts.append(stripped)
    return texts


@cache
def file_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").split("\n")


@dataclass
class Score:
    names: list[str]  # the key names found
    lines: list[str]  # the deciding lines quoted
    chars: int  # characters scored

    def name_share(self, question: AnswerQuestion) -> float:
        return len(self.names) / len(question.key_names)


@dataclass
class Result:
    question: AnswerQuestion
    answer: Score
    paste: Score  # the five windows, whole
    paste_head: Score  # the five windows, first BUDGET characters
    seconds: float
    error: str | None
    answer_head: str = field(repr=False, default="")
