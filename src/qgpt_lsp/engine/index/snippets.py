"""What a search hands out: about :data:`SNIPPET_LINES` lines of code per hit.

A definition is the right unit to rank but not always to read: a five-line
helper means little without its neighbours, and a 150-line class floods a
prompt. Each ranked chunk therefore becomes one snippet of about 40 lines
(the size of one screen, and of the window baseline in bench/retrieval):
- a shorter chunk comes with the lines around it, as many before as after;
- a longer one is cut to its 40 lines that hold the most of the question's words;
- a chunk whose lines a better snippet already shows joins that snippet, and
  padding stops where a better snippet of the same file begins (no line twice).
Snippets are cut from the redacted text the file was last indexed from (an
unsaved buffer's, when that was indexed last), so they agree with the chunks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

from .chunking import LineIndex
from .model import Chunk, ScoredChunk
from .tantivy_files import code_analyzer
from .terms import expand_identifiers, query_terms

__all__ = ["SNIPPET_LINES", "LineCache", "Snippet", "make_snippets"]

SNIPPET_LINES = 40
_CUT_STEP = 5  # lines between two candidate cuts of a long chunk

#: A file inside the roots as lines of redacted text, or None if it cannot be shown.
TextOf = Callable[[Path], LineIndex | None]


class LineCache:
    """The last ``capacity`` files read for snippets, as lines, each with the version
    (content hash) it was read at. Thread-safe."""

    def __init__(self, capacity: int = 64) -> None:
        self._capacity = capacity
        self._files: OrderedDict[Path, tuple[Hashable, LineIndex | None]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self, path: Path, version: Hashable, read: Callable[[], str | None]
    ) -> LineIndex | None:
        """``path``'s lines at ``version``, read again with ``read`` if it changed."""
        with self._lock:
            known = self._files.get(path)
            if known is not None and known[0] == version:
                self._files.move_to_end(path)
                return known[1]
        text = read()
        lines = LineIndex(text) if text is not None else None
        with self._lock:
            self._files[path] = (version, lines)
            self._files.move_to_end(path)
            while len(self._files) > self._capacity:
                self._files.popitem(last=False)
        return lines


@dataclass(frozen=True)
class Snippet:
    """Lines of one file around one or more ranked chunks; ``chunks[0]`` scored best."""

    chunks: tuple[Chunk, ...]
    score: float
    start_line: int
    end_line: int
    start_offset: int
    end_offset: int
    text: str

    @property
    def path(self) -> Path:
        return self.chunks[0].path


def make_snippets(
    hits: list[ScoredChunk],
    query: str,
    text_of: TextOf,
    size: int = SNIPPET_LINES,
    limit: int | None = None,
) -> list[Snippet]:
    """``hits`` (best first) as snippets of about ``size`` lines, best first; at most
    ``limit`` (hits after that could only join snippets, not move them)."""
    words = _Words(query)
    files: dict[Path, LineIndex | None] = {}
    snippets: list[Snippet] = []
    for hit in hits:
        if limit is not None and len(snippets) >= limit:
            break
        chunk = hit.chunk
        joined = next((i for i, s in enumerate(snippets) if _overlaps(s, chunk)), None)
        if joined is not None:
            kept = snippets[joined]
            snippets[joined] = Snippet((*kept.chunks, chunk), *_fields(kept))
            continue
        if chunk.path not in files:
            files[chunk.path] = text_of(chunk.path)
        free = _free_lines(snippets, chunk)
        snippets.append(_snippet(hit, files[chunk.path], words, size, free))
    return snippets


def _free_lines(snippets: list[Snippet], chunk: Chunk) -> tuple[int, int | None]:
    """The lines around ``chunk`` that no snippet of its file shows yet (last: None = EOF)."""
    same = [s for s in snippets if s.path == chunk.path]
    low = max((s.end_line + 1 for s in same if s.end_line < chunk.start_line), default=0)
    high = min((s.start_line - 1 for s in same if s.start_line > chunk.end_line), default=None)
    return low, high


def _fields(snippet: Snippet) -> tuple[float, int, int, int, int, str]:
    s = snippet
    return s.score, s.start_line, s.end_line, s.start_offset, s.end_offset, s.text


def _overlaps(snippet: Snippet, chunk: Chunk) -> bool:
    return (
        snippet.path == chunk.path
        and chunk.start_line <= snippet.end_line
        and snippet.start_line <= chunk.end_line
    )


def _snippet(
    hit: ScoredChunk,
    lines: LineIndex | None,
    words: _Words,
    size: int,
    free: tuple[int, int | None],
) -> Snippet:
    """``hit`` cut or padded to ``size`` lines, padding only into the ``free`` lines."""
    chunk = hit.chunk
    if lines is None or chunk.end_line >= len(lines):  # the file is gone or changed
        return Snippet((chunk,), hit.score, *_span_of(chunk))
    length = chunk.end_line - chunk.start_line + 1
    if length > size:
        first = words.best_cut(lines, chunk.start_line, chunk.end_line, size)
        last = first + size - 1
    else:
        low, high = free[0], len(lines) - 1 if free[1] is None else free[1]
        first = max(low, chunk.start_line - (size - length) // 2)
        last = min(high, first + size - 1)
        first = max(low, min(first, last - size + 1))
    start, end = lines.span(first, last)
    return Snippet((chunk,), hit.score, first, last, start, end, lines.text[start:end])


def _span_of(chunk: Chunk) -> tuple[int, int, int, int, str]:
    """The chunk as it was indexed (when its file can no longer be read)."""
    c = chunk
    return c.start_line, c.end_line, c.start_offset, c.end_offset, c.text


class _Words:
    """The question's word stems, to find the part of a long chunk that is about them."""

    def __init__(self, query: str) -> None:
        self._analyzer = code_analyzer()
        self.stems = set(self._analyzer.analyze(" ".join(query_terms(query))))

    def best_cut(self, lines: LineIndex, first: int, last: int, size: int) -> int:
        """The first line of the ``size`` lines in ``first..last`` with the most stems."""
        found = [self._on(lines.lines[line]) for line in range(first, last + 1)]
        best, best_count = first, -1
        for start in range(0, len(found) - size + 1, _CUT_STEP):
            count = len(set().union(*found[start : start + size]))
            if count > best_count:
                best, best_count = first + start, count
        return best

    def _on(self, line: str) -> set[str]:
        if not line.strip():
            return set()
        return self.stems.intersection(self._analyzer.analyze(expand_identifiers(line)))
