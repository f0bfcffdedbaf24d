"""Re-rank hits for what the user looks at, and merge hits that overlap into one span."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .model import Boost, Chunk, ScoredChunk

__all__ = [
    "REPEATED_SYMBOL",
    "SAME_DIRECTORY",
    "SAME_FILE",
    "SELECTION",
    "TEST_CODE",
    "MergedHit",
    "apply_boost",
    "apply_priors",
    "diversify",
    "is_test_path",
    "merge_overlaps",
]

#: Score multipliers: a chunk in the current file, one overlapping the selection (on top
#: of the file's), one in the current file's folder.
SAME_FILE = 1.5
SELECTION = 2.0
SAME_DIRECTORY = 1.1
#: Tests answer "how does X work" less often than the code they test (unless asked for).
TEST_CODE = 0.6
#: A second chunk of a definition already ranked (an overload, a window of a long function).
REPEATED_SYMBOL = 0.5

_TEST_PATH = re.compile(
    r"(^|/)(tests?|testing|__tests__|spec)(/|$)|(^|/)test_[^/]*$|_test\.\w+$|\.(test|spec)\.\w+$"
)
_ASKS_FOR_TESTS = re.compile(r"\b(tests?|testing|tested|spec|specs|unittest|pytest)\b", re.I)


def is_test_path(path: Path) -> bool:
    return _TEST_PATH.search(path.as_posix()) is not None


def apply_priors(hits: list[ScoredChunk], query: str) -> list[ScoredChunk]:
    """Test code ranks lower unless the query is about tests."""
    if _ASKS_FOR_TESTS.search(query):
        return hits
    return [
        ScoredChunk(h.chunk, h.score * TEST_CODE) if is_test_path(h.chunk.path) else h for h in hits
    ]


def boost_factor(chunk: Chunk, boost: Boost) -> float:
    if boost.path is None:
        return 1.0
    if chunk.path != boost.path:
        return SAME_DIRECTORY if chunk.path.parent == boost.path.parent else 1.0
    factor = SAME_FILE
    first = boost.start_line
    last = boost.end_line if boost.end_line is not None else first
    if first is None or last is None:
        return factor
    if chunk.start_line <= last and first <= chunk.end_line:
        factor *= SELECTION
    return factor


def apply_boost(hits: list[ScoredChunk], boost: Boost | None) -> list[ScoredChunk]:
    """``hits`` re-scored for ``boost`` and sorted, best first."""
    if boost is not None:
        hits = [ScoredChunk(h.chunk, h.score * boost_factor(h.chunk, boost)) for h in hits]
    return sorted(hits, key=lambda h: -h.score)


def diversify(hits: list[ScoredChunk]) -> list[ScoredChunk]:
    """One slot per piece of code: ``hits`` (best first) without chunks whose lines a better
    hit already covers (a method inside its whole class), and with later chunks of an
    already-ranked definition (overloads, windows of a long function) scored lower.

    Not tuned: the lines dropped are in the result already; see bench/retrieval.
    """
    seen: set[tuple[Path, str | None, str]] = set()
    rescored = []
    for hit in hits:
        chunk = hit.chunk
        key = (chunk.path, chunk.parent, chunk.symbol) if chunk.symbol else None
        repeated = key is not None and key in seen
        rescored.append(ScoredChunk(chunk, hit.score * REPEATED_SYMBOL) if repeated else hit)
        if key is not None:
            seen.add(key)
    kept: list[ScoredChunk] = []
    for hit in sorted(rescored, key=lambda h: -h.score):
        if not any(_contains(k.chunk, hit.chunk) for k in kept):
            kept.append(hit)
    return kept


def _contains(outer: Chunk, inner: Chunk) -> bool:
    return (
        outer.path == inner.path
        and outer.start_line <= inner.start_line
        and inner.end_line <= outer.end_line
    )


@dataclass(frozen=True)
class MergedHit:
    """One span of a file made of one or more overlapping chunks; ``chunks[0]`` scored best."""

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


def merge_overlaps(hits: list[ScoredChunk]) -> list[MergedHit]:
    """Hits with overlapping lines in the same file become one hit (best score kept), best first.

    Chunks cover whole lines, so the merged text is the union of their lines.
    """
    merged: list[MergedHit] = []
    ordered = sorted(hits, key=lambda h: (str(h.chunk.path), h.chunk.start_line, -h.score))
    for hit in ordered:
        last = merged[-1] if merged else None
        if last is not None and _overlaps(last, hit.chunk):
            merged[-1] = _join(last, hit)
        else:
            merged.append(_single(hit))
    return sorted(merged, key=lambda m: -m.score)


def _single(hit: ScoredChunk) -> MergedHit:
    c = hit.chunk
    return MergedHit(
        (c,), hit.score, c.start_line, c.end_line, c.start_offset, c.end_offset, c.text
    )


def _overlaps(hit: MergedHit, chunk: Chunk) -> bool:
    return hit.path == chunk.path and chunk.start_line <= hit.end_line


def _join(hit: MergedHit, scored: ScoredChunk) -> MergedHit:
    """``hit`` extended by a chunk that starts inside it (hits arrive sorted by start line)."""
    chunk = scored.chunk
    text = hit.text
    if chunk.end_line > hit.end_line:
        extra = chunk.text.split("\n")
        text += "\n" + "\n".join(extra[len(extra) - (chunk.end_line - hit.end_line) :])
    chunks = (*hit.chunks, chunk) if hit.score >= scored.score else (chunk, *hit.chunks)
    return MergedHit(
        chunks,
        max(hit.score, scored.score),
        hit.start_line,
        max(hit.end_line, chunk.end_line),
        hit.start_offset,
        max(hit.end_offset, chunk.end_offset),
        text,
    )
