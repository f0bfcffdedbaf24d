"""Where a code fragment sits in a file's text, as 1-based lines.

An editor's selection may not match the file byte for byte: CRLF line ends,
re-indented or trailing-space-trimmed copies. So the fragment is looked up
exactly first, then with every run of whitespace (newlines included) counted
as one space on both sides, and the match is mapped back to the file's lines.
"""

from __future__ import annotations

import bisect
import re

_NON_SPACE = re.compile(r"\S+")


def find_lines(text: str, fragment: str) -> tuple[int, int] | None:
    """The first and last 1-based line of ``fragment`` in ``text``, or None."""
    wanted = fragment.strip()
    if not wanted:
        return None
    span = _exact(text, wanted) or _normalised(text, wanted)
    if span is None:
        return None
    start, end = span  # character offsets, end exclusive
    return text.count("\n", 0, start) + 1, text.count("\n", 0, end - 1) + 1


def _exact(text: str, wanted: str) -> tuple[int, int] | None:
    offset = text.find(wanted)
    return (offset, offset + len(wanted)) if offset >= 0 else None


def _normalised(text: str, wanted: str) -> tuple[int, int] | None:
    """The match with whitespace runs collapsed, as offsets into the original ``text``."""
    words = [(m.start(), m.end()) for m in _NON_SPACE.finditer(text)]
    flat_starts: list[int] = []  # where each word starts in the collapsed text
    position = 0
    for start, end in words:
        flat_starts.append(position)
        position += end - start + 1
    flat = " ".join(text[start:end] for start, end in words)
    offset = flat.find(" ".join(wanted.split()))
    if offset < 0:
        return None
    last = offset + len(" ".join(wanted.split())) - 1
    return _original(words, flat_starts, offset), _original(words, flat_starts, last) + 1


def _original(words: list[tuple[int, int]], flat_starts: list[int], flat: int) -> int:
    """The offset in the original text of the collapsed text's (non-space) offset ``flat``."""
    word = bisect.bisect_right(flat_starts, flat) - 1
    return words[word][0] + (flat - flat_starts[word])
