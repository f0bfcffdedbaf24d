"""Where in a file an answer lies: BM25 over fixed windows of lines, a second opinion.

Definitions are the index's unit, but a question often spreads its words over
a few neighbouring functions and the lines between them ("the server sends
both Content-Length and chunked, which one wins"). Each indexed file is also
cut into back-to-back windows of :data:`REGION_LINES` lines, kept in a tantivy
index of their own (their statistics never mix with the chunks'). A search
adds to each definition's score the score of the best window that overlaps it
(:func:`add_region_scores`); windows are never returned as results.
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

__all__ = ["REGION_LINES", "Region", "RegionIndex", "add_region_scores", "region_documents"]

REGION_LINES = 40
#: How many windows a search looks at.
REGION_POOL = 100


@dataclass(frozen=True)
class Region:
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


def region_documents(path: Path, text: str | None, scopes: list[str]) -> list[Fields]:
    """The back-to-back windows of ``text`` (all-blank ones left out) as documents."""
    if not text:
        return []
    lines = text.split("\n")
    documents: list[Fields] = []
    for start in range(0, len(lines), REGION_LINES):
        end = min(len(lines), start + REGION_LINES) - 1
        body = "\n".join(lines[start : end + 1])
        if body.strip():
            key = f"{start}:{end}:{path}"
            body = expand_identifiers(body, compounds=False)
            documents.append({"key": key, "path": str(path), "scope": scopes, "body": body})
    return documents


class RegionIndex(FileDocuments):
    """The windows of every file of one root, in ``directory`` (in memory when None)."""

    def __init__(self, directory: Path | None, heap_bytes: int = 32_000_000) -> None:
        super().__init__(_schema(), directory, heap_bytes)

    def replace_file(self, path: Path, text: str | None, scopes: list[str]) -> None:
        """Drop ``path``'s windows and add those of ``text`` (visible after :meth:`commit`)."""
        self.write_file(path, region_documents(path, text, scopes))

    def term_stats(self, query: str) -> TermStats:
        """How many windows this index holds, and how many contain each query term."""
        return self._term_stats(dict.fromkeys(query_terms(query)), ["body"])

    def search(
        self,
        query: str,
        scopes: Iterable[Path] = (),
        limit: int = REGION_POOL,
        shared: TermStats | None = None,
        own: TermStats | None = None,
    ) -> list[Region]:
        """The best windows for ``query``, best first (``scopes``: only these files/folders;
        ``shared``: the statistics of every region index searched with this one; ``own``:
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
        regions = []
        for score, address in searcher.search(parsed, limit).hits:
            start, end, path = str(searcher.doc(address)["key"][0]).split(":", 2)
            regions.append(Region(stored_path(path), int(start), int(end), float(score)))
        return regions


def add_region_scores(
    hits: list[ScoredChunk], regions: list[Region], weight: float
) -> list[ScoredChunk]:
    """Each hit's score over the best hit's, plus ``weight`` times the score of the best
    window overlapping it over the best window's (0 when none does). Order is kept."""
    if not hits or not regions or weight <= 0:
        return hits
    best_hit = max(hit.score for hit in hits)
    best_region = max(region.score for region in regions)
    if best_hit <= 0 or best_region <= 0:
        return hits
    by_file: dict[Path, list[Region]] = defaultdict(list)
    for region in regions:
        by_file[region.path].append(region)
    rescored = []
    for hit in hits:
        chunk = hit.chunk
        overlapping = (
            region.score
            for region in by_file.get(chunk.path, ())
            if region.start_line <= chunk.end_line and chunk.start_line <= region.end_line
        )
        region_score = max(overlapping, default=0.0) / best_region
        rescored.append(ScoredChunk(chunk, hit.score / best_hit + weight * region_score))
    return rescored
