"""Re-rank hits for what the user looks at: priors, the caller's boost, one slot per code."""

from __future__ import annotations

import re
from pathlib import Path

from .model import Boost, Chunk, ScoredChunk

__all__ = [
    "REPEATED_SYMBOL",
    "SAME_DIRECTORY",
    "SAME_FILE",
    "SELECTION",
    "TEST_CODE",
    "apply_boost",
    "apply_priors",
    "asks_for_tests",
    "diversify",
    "is_test_path",
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


def asks_for_tests(query: str) -> bool:
    return _ASKS_FOR_TESTS.search(query) is not None


def apply_priors(hits: list[ScoredChunk], query: str) -> list[ScoredChunk]:
    """Test code ranks lower unless the query is about tests."""
    if asks_for_tests(query):
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
        twin = (chunk.path, None, chunk.symbol) if chunk.symbol and chunk.parent else None
        repeated = (key is not None and key in seen) or (twin is not None and twin in seen)
        rescored.append(ScoredChunk(chunk, hit.score * REPEATED_SYMBOL) if repeated else hit)
        seen.update(k for k in (key, twin) if k is not None)
    kept: list[ScoredChunk] = []
    spans: dict[Path, list[tuple[int, int]]] = {}  # lines kept so far, per file
    for hit in sorted(rescored, key=lambda h: -h.score):
        first, last = hit.chunk.start_line, hit.chunk.end_line
        mine = spans.setdefault(hit.chunk.path, [])
        if not any(start <= first and last <= end for start, end in mine):
            kept.append(hit)
            mine.append((first, last))
    return kept
