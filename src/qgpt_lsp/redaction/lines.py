"""The lines of a text worth a closer look, found fast, so the secret rules run on few.

The rules are many regexes; running each over every character of a large workspace is
slow. A cheap scan picks the lines that could hold a secret (a word, or a long run of
token characters), and the rules run on those lines only, joined into one block
(:class:`LineBlock`) whose offsets map back to the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

__all__ = ["LineBlock", "line_starts_mentioning", "lines_at"]


def line_starts_mentioning(text: str, words: Iterable[str]) -> set[int]:
    """Start offsets of the lines of ``text`` holding one of ``words`` (any case)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # rare: lowercasing changed lengths; look at every line
        return {0, *(index + 1 for index, c in enumerate(text) if c == "\n")}
    starts: set[int] = set()
    for word in words:
        found = lowered.find(word)
        while found != -1:
            starts.add(lowered.rfind("\n", 0, found) + 1)
            end = lowered.find("\n", found)
            found = -1 if end == -1 else lowered.find(word, end)
    return starts


def lines_at(text: str, starts: Iterable[int]) -> Iterator[tuple[int, str]]:
    """``(offset, line)`` of each line of ``text`` starting at one of ``starts``, in order."""
    for start in sorted(starts):
        end = text.find("\n", start)
        yield start, text[start : len(text) if end == -1 else end]


class LineBlock:
    """Some lines of a text joined by newlines; :meth:`to_text` maps block offsets back."""

    def __init__(self, text: str, starts: Iterable[int]) -> None:
        self._block_starts: list[int] = []
        self._text_starts: list[int] = []
        lines: list[str] = []
        length = 0
        for offset, line in lines_at(text, starts):
            self._block_starts.append(length)
            self._text_starts.append(offset)
            lines.append(line)
            length += len(line) + 1
        self.text = "\n".join(lines)

    def to_text(self, start: int, end: int) -> tuple[int, int]:
        """The span ``start, end`` of the block as a span of the text (one line)."""
        line = bisect.bisect_right(self._block_starts, start) - 1
        shift = self._text_starts[line] - self._block_starts[line]
        return start + shift, end + shift
