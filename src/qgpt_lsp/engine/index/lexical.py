"""The tantivy (BM25) index of chunks: symbol names and paths weigh more than body text.

Only chunk ids are stored here; the chunks themselves live in SQLite
(:mod:`.store`). Each file's chunks carry the file path (to replace or delete
them together) and every folder above it (to search inside a folder).
Everything is synchronous: callers run it in a thread.

A workspace with several roots has one index per root, and BM25 weighs a term
by how rare it is *in that index*: a word every file of one root uses counts
for little there and for a lot in the others, so scores from two roots would
not compare. :meth:`LexicalIndex.term_stats` and the ``shared`` argument of
:meth:`LexicalIndex.search` give every root the workspace's own rarity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import tantivy

from .model import Chunk
from .tantivy_files import ANALYZER, Fields, FileDocuments, IndexBusy, TermStats, rescale
from .terms import doc_text, expand_identifiers, expanded_terms, query_terms

__all__ = [
    "FIELD_BOOSTS",
    "IndexBusy",
    "LexicalIndex",
    "TermStats",
    "chunk_documents",
    "scopes_of",
]

#: How much a match in each field counts (symbol = the chunk's name and its class).
#: Each query term scores by its best field (a disjunction-max), so a word that is
#: both in a name and in the body is not counted twice. Chosen with bench/retrieval.
FIELD_BOOSTS = {"symbol": 2.0, "file": 1.0, "signature": 1.0, "doc": 1.0, "body": 1.0}
TIE_BREAKER = 0.0


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("path", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("scope", tokenizer_name="raw", index_option="basic")
    for name in FIELD_BOOSTS:
        builder.add_text_field(name, tokenizer_name=ANALYZER)
    return builder.build()


def chunk_fields(chunk: Chunk, file_words: str) -> dict[str, str]:
    """The searchable text of a chunk, per field (``file_words``: its path's words)."""
    names = " ".join(name for name in (chunk.symbol, chunk.parent) if name)
    return {
        "symbol": expand_identifiers(names),
        "file": file_words,
        "signature": expand_identifiers(chunk.signature or ""),
        "doc": doc_text(chunk.text),
        "body": expand_identifiers(chunk.text),
    }


def chunk_documents(path: Path, chunks: Sequence[Chunk], root: Path) -> list[Fields]:
    """The documents of ``path``'s chunks: id, path, scopes and the searchable fields."""
    scopes = scopes_of(path, root)
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    file_words = expand_identifiers(relative)
    return [
        {"id": chunk.id, "path": str(path), "scope": scopes, **chunk_fields(chunk, file_words)}
        for chunk in chunks
    ]


def scopes_of(path: Path, root: Path) -> list[str]:
    """What a scoped search may name to include ``path``: the file and its folders in ``root``."""
    return [*(str(parent) for parent in path.parents if parent.is_relative_to(root)), str(path)]


class LexicalIndex(FileDocuments):
    """The chunks' tantivy index in ``directory`` (or in memory when None)."""

    def __init__(self, directory: Path | None, heap_bytes: int = 64_000_000) -> None:
        super().__init__(_schema(), directory, heap_bytes)

    def replace_file(self, path: Path, chunks: Sequence[Chunk], root: Path) -> None:
        """Drop ``path``'s chunks and add ``chunks`` (visible after :meth:`commit`)."""
        self.write_file(path, chunk_documents(path, chunks, root))

    def term_stats(self, query: str) -> TermStats:
        """Document counts for ``query``'s terms in this index (see :class:`TermStats`)."""
        return self._term_stats((term for term, _ in expanded_terms(query)), FIELD_BOOSTS)

    def _query(self, query: str, shared: TermStats | None, own: TermStats | None) -> tantivy.Query:
        """Should-clauses, one per term: the max over fields of the term's boosted BM25.

        With ``shared`` (the whole workspace's statistics), each term is re-weighted
        from this index's rarity (``own``, computed if not given) to the workspace's.
        """
        if shared is not None and own is None:
            own = self.term_stats(query)
        clauses = []
        for term, weight in expanded_terms(query):
            per_field = [
                tantivy.Query.boost_query(
                    self._index.parse_query(term, [name]),
                    boost * weight * rescale(own, shared, name, term),
                )
                for name, boost in FIELD_BOOSTS.items()
            ]
            best = tantivy.Query.disjunction_max_query(per_field, TIE_BREAKER)
            clauses.append((tantivy.Occur.Should, best))
        return tantivy.Query.boolean_query(clauses)

    def search(
        self,
        query: str,
        scopes: Iterable[Path] = (),
        limit: int = 10,
        shared: TermStats | None = None,
        own: TermStats | None = None,
    ) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) pairs, best first; ``scopes`` limits to files/folders;
        ``shared``: the statistics of every index searched with this one (``own``: this
        one's, if the caller has them already)."""
        if not query_terms(query) or limit <= 0:
            return []
        parsed = self._within(self._query(query, shared, own), scopes)
        searcher = self._index.searcher()
        hits = searcher.search(parsed, limit).hits
        return [(str(searcher.doc(address)["id"][0]), float(score)) for score, address in hits]
