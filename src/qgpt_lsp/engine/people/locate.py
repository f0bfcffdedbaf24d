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
from .matching import find_lines

_CITATION = re.compile(r"(?<![\w/.-])([\w.-]+(?:/[\w.-]+)*\.\w+):(\d+)(?:-(\d+))?")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")
_KEYWORD_WORDS = """and async await break case catch class const continue def elif else
    except export false finally for from function import lambda let none not null pass raise
    return self static this true try var void while with yield"""
_KEYWORDS = frozenset(_KEYWORD_WORDS.split())
MAX_RANGES = 5
#: Identifiers of a fragment searched for, chunks fetched, files read at most.
MAX_IDENTIFIERS, CANDIDATE_CHUNKS, MAX_CANDIDATES = 24, 30, 12


class SearchIndex(Protocol):
    """The part of the workspace index locating needs."""

    def search(
        self, query: str, paths: list[Path] | None = None, limit: int = 10, *, windows: bool = True
    ) -> list[ScoredChunk]: ...

    def read_text(self, path: Path) -> str | None: ...

    def resolve_inside(self, path: Path) -> Path: ...


def locate_fragment(index: SearchIndex, fragment: str) -> LineRange | None:
    """The lines of the workspace file that holds ``fragment`` (by its content).

    The fragment may span many chunks (a whole file, two functions), so chunks
    only nominate candidate files: those the index finds for the fragment's
    identifiers. Each candidate's text is then searched for the fragment itself
    (see :mod:`.matching`), best-ranked file first.
    """
    if not fragment.strip():
        return None
    query = " ".join(fragment_identifiers(fragment)) or fragment.strip()[:200]
    for path in _candidate_files(index, query):
        text = index.read_text(path)
        lines = find_lines(text, fragment) if text else None
        if lines is not None:
            return LineRange(path, *lines)
    return None


def fragment_identifiers(fragment: str) -> list[str]:
    """The fragment's most telling identifiers: the longest distinct ones, keywords left out."""
    found = dict.fromkeys(
        word for word in _IDENTIFIER.findall(fragment) if word.lower() not in _KEYWORDS
    )
    return sorted(found, key=len, reverse=True)[:MAX_IDENTIFIERS]


def _candidate_files(index: SearchIndex, query: str) -> list[Path]:
    files: dict[Path, None] = {}
    for hit in index.search(query, limit=CANDIDATE_CHUNKS, windows=False):
        files.setdefault(hit.chunk.path, None)
    return list(files)[:MAX_CANDIDATES]


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
