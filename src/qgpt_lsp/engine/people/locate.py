"""Where the code asked about lives: a seed's text, or a conversation's citations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ... import errors
from ...wire import QGPTConversation
from ..index.model import ScoredChunk
from .finder import LineRange

_CITATION = re.compile(r"(?<![\w/.-])([\w.-]+(?:/[\w.-]+)*\.\w+):(\d+)(?:-(\d+))?")
MAX_RANGES = 5


class SearchIndex(Protocol):
    """The part of the workspace index locating needs."""

    def search(
        self, query: str, paths: list[Path] | None = None, limit: int = 10
    ) -> list[ScoredChunk]: ...

    def read_text(self, path: Path) -> str | None: ...

    def resolve_inside(self, path: Path) -> Path: ...


def locate_fragment(index: SearchIndex, fragment: str) -> LineRange | None:
    """The lines of the workspace file that holds ``fragment`` (by its content)."""
    wanted = fragment.strip("\n")
    probe = next((line.strip() for line in wanted.splitlines() if len(line.strip()) > 3), "")
    if not probe:
        return None
    seen: set[Path] = set()
    for hit in index.search(probe, limit=10):
        path = hit.chunk.path
        if path in seen:
            continue
        seen.add(path)
        text = index.read_text(path)
        offset = text.find(wanted) if text else -1
        if text is not None and offset >= 0:
            start = text.count("\n", 0, offset) + 1
            return LineRange(path, start, start + wanted.count("\n"))
    return None


def ranges_in_conversation(
    index: SearchIndex, conversation: QGPTConversation, roots: Sequence[Path]
) -> list[LineRange]:
    """The ``file:line`` ranges the conversation's messages cite, inside the roots."""
    found: list[LineRange] = []
    for message in conversation.iterable or []:
        for name, start, end in _CITATION.findall(message.text):
            item = _resolve(index, roots, name, int(start), int(end or start))
            if item is not None and item not in found:
                found.append(item)
            if len(found) >= MAX_RANGES:
                return found
    return found


def _resolve(
    index: SearchIndex, roots: Sequence[Path], name: str, start: int, end: int
) -> LineRange | None:
    for root in roots:
        try:
            path = index.resolve_inside(root / name)
        except errors.PathOutsideWorkspace:
            continue
        if path.is_file() and 0 < start <= end:
            return LineRange(path, start, end)
    return None
