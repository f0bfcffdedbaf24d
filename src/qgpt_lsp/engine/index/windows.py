"""Where in a file an answer lies: BM25 over fixed windows of lines, a second opinion.

Definitions are the index's unit, but a question often spreads its words over
a few neighbouring functions and the lines between them ("the server sends
both Content-Length and chunked, which one wins"). Each indexed file is also
cut into back-to-back windows of :data:`WINDOW_INDEX_LINES` lines, kept in a tantivy
index of their own (their statistics never mix with the chunks'). A search
adds to each definition's score the score of the best window that overlaps it
(:func:`add_window_scores`); windows are never returned as results.
bench/retrieval/README.md has the figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import tantivy

from .model import ScoredChunk, stored_path
from .tantivy_files import ANALYZER, Fields, FileDocuments, TermStats, rescale
from .terms import expand_identifiers, query_terms

__all__ = [
    "WINDOW_INDEX_LINES",
    "ScoredWindow",
    "WindowIndex",
    "add_window_scores",
    "window_documents",
]

#: Lines per window of this index (back to back; the chunker's own windows overlap and
#: are ``IndexSettings.window_lines`` long).
WINDOW_INDEX_LINES = 40
#: How many windows a search looks at.
WINDOW_POOL = 100


@dataclass(frozen=True)
class ScoredWindow:
    """A window of ``path`` (0-based inclusive lines) and its BM25 score."""

    path: Path
    start_line: int
    end_line: int
    score: float


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("path", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("scope", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("body", tokenizer_name=ANALYZER)
    return builder.build()


def window_documents(path: Path, text: str | None, scopes: list[str]) -> list[Fields]:
    """The back-to-back windows of ``text`` (all-blank ones left out) as documents."""
    if not text:
        return []
    lines = text.split("\n")
    documents: list[Fields] = []
    for start in range(0, len(lines), WINDOW_INDEX_LINES):
        end = min(len(lines), start + WINDOW_INDEX_LINES) - 1
        body = "\n".join(lines[start : end + 1])
        if body.strip():
            key = f"{start}:{end}:{path}"
            body = expand_identifiers(body, compounds=False)
            documents.append({"key": key, "path": str(path), "scope": scopes, "body": body})
    return documents


class WindowIndex(FileDocuments):
    """The windows of every file of one root, in ``directory`` (in memory when None)."""

    def __init__(self, directory: Path | None, heap_bytes: int = 32_000_000) -> None:
        super().__init__(_schema(), directory, heap_bytes)

    def replace_file(self, path: Path, text: str | None, scopes: list[str]) -> None:
        """Drop ``path``'s windows and add those of ``text`` (visible after :meth:`commit`)."""
        self.write_file(path, window_documents(path, text, scopes))

    def term_stats(self, query: str) -> TermStats:
        """How many windows this index holds, and how many contain each query term."""
        return self._term_stats(dict.fromkeys(query_terms(query)), ["body"])

    def search(
        self,
        query: str,
        scopes: Iterable[Path] = (),
        limit: int = WINDOW_POOL,
        shared: TermStats | None = None,
        own: TermStats | None = None,
    ) -> list[ScoredWindow]:
        """The best windows for ``query``, best first (``scopes``: only these files/folders;
        ``shared``: the statistics of every window index searched with this one; ``own``:
        this one's, if the caller has them already)."""
        terms = list(dict.fromkeys(query_terms(query)))
        if not terms:
            return []
        if shared is not None and own is None:
            own = self.term_stats(query)
        clauses = [
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(
                    self._index.parse_query(term, ["body"]), rescale(own, shared, "body", term)
                ),
            )
            for term in terms
        ]
        parsed = self._within(tantivy.Query.boolean_query(clauses), scopes)
        searcher = self._index.searcher()
        windows = []
        for score, address in searcher.search(parsed, limit).hits:
            start, end, path = str(searcher.doc(address)["key"][0]).split(":", 2)
            windows.append(ScoredWindow(stored_path(path), int(start), int(end), float(score)))
        return windows


def add_window_scores(
    hits: list[ScoredChunk], windows: list[ScoredWindow], weight: float
) -> list[ScoredChunk]:
    """Each hit's score over the best hit's, plus ``weight`` times the score of the best
    window overlapping it over the best window's (0 when none does). Order is kept."""
    if not hits or not windows or weight <= 0:
        return hits
    best_hit = max(hit.score for hit in hits)
    best_window = max(window.score for window in windows)
    if best_hit <= 0 or best_window <= 0:
        return hits
    by_file: dict[Path, list[ScoredWindow]] = defaultdict(list)
    for window in windows:
        by_file[window.path].append(window)
    rescored = []
    for hit in hits:
        chunk = hit.chunk
        overlapping = (
            window.score
            for window in by_file.get(chunk.path, ())
            if window.start_line <= chunk.end_line and chunk.start_line <= window.end_line
        )
        window_score = max(overlapping, default=0.0) / best_window
        rescored.append(ScoredChunk(chunk, hit.score / best_hit + weight * window_score))
    return rescored
