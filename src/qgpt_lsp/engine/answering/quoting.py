"""Citing and quoting a candidate definition: ``file:line`` labels and numbered lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..answerers import QuotedLines
from .deciding import Candidate

__all__ = ["MAX_QUOTED", "Citing", "Labeler"]

#: Most lines one quote shows.
MAX_QUOTED = 14


class Labeler(Protocol):
    """``src/cache.py:40-80`` for a file's lines (the path relative to its root)."""

    def __call__(self, path: Path | None, start: int, end: int) -> str: ...


@dataclass(frozen=True)
class Citing:
    """Cites and quotes lines of one candidate."""

    candidate: Candidate
    label: Labeler

    def cite(self, start: int, end: int | None = None) -> str:
        end = start if end is None else end
        path = self.candidate.code.path
        if path is not None:
            return self.label(path, start, end)
        return f"selection:{start}" if start == end else f"selection:{start}-{end}"

    @property
    def whole(self) -> str:
        """The cite of the whole definition."""
        return self.cite(self.candidate.start, self.candidate.end)

    @property
    def name(self) -> str:
        """The definition's name in backticks, or its place when it has none."""
        return f"`{self.candidate.name}`" if self.candidate.name else f"`{self.whole}`"

    def signature_line(self) -> int:
        """The line the definition's own keyword is on (after decorators and comments)."""
        node = self.candidate.node
        return self.candidate.file.row_line(node) if node is not None else self.candidate.start

    def quote(self, numbers: Iterable[int], limit: int = MAX_QUOTED) -> QuotedLines:
        """The lines ``numbers`` in file order: the first ``limit`` of them as given (most
        important first), blank ones left out."""
        file = self.candidate.file
        given = dict.fromkeys(n for n in numbers if file.line(n).strip())
        wanted = sorted(list(given)[:limit])
        lines = tuple((n, file.line(n)) for n in wanted)
        cite = self.cite(wanted[0], wanted[-1]) if wanted else self.whole
        return QuotedLines(cite, _dedent(lines), self.candidate.code.language)


def _dedent(lines: tuple[tuple[int, str], ...]) -> tuple[tuple[int, str], ...]:
    indents = [len(text) - len(text.lstrip()) for _, text in lines if text.strip()]
    cut = min(indents, default=0)
    return tuple((n, text[cut:]) for n, text in lines)
