"""What the index's two tantivy indexes share: documents kept per file, one writer,
the ``code`` analyzer, and the statistics that put several roots on one BM25 scale.

:class:`FileDocuments` is a tantivy index whose documents each carry the ``path``
of the file they came from (to replace or delete a file's documents together).
Everything is synchronous: callers run it in a thread. A directory tantivy cannot open
(a corrupt or truncated file, another schema) raises
:class:`~..cache_health.DamagedFile`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from ...errors import IndexBusy
from ..cache_health import DamagedFile, is_disk_failure
from .writer_lock import end_orphaned_owner, record_owner

__all__ = [
    "ANALYZER",
    "Fields",
    "FileDocuments",
    "IndexBusy",
    "TermStats",
    "code_analyzer",
    "rescale",
    "storable",
]

#: The name the ``code`` analyzer is registered under (text fields use it).
ANALYZER = "code"

#: One tantivy document as plain data (field -> text or texts), so worker processes
#: can prepare documents and the process owning the index write them.
Fields = dict[str, str | list[str]]


def storable(value: str | list[str]) -> str | list[str]:
    """Text tantivy accepts: a lone surrogate (an editor buffer can hold one) becomes
    ``?``, one character for one, so offsets into the text stay right."""
    if isinstance(value, list):
        return [text if text.isascii() else _encodable(text) for text in value]
    return value if value.isascii() else _encodable(value)


def _encodable(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace").decode("utf-8")
    return text


def code_analyzer() -> tantivy.TextAnalyzer:
    """Words split on anything not alphanumeric, lowercased, English stems."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


@dataclass(frozen=True)
class TermStats:
    """How many documents an index holds, and how many contain each (field, query term)."""

    documents: int = 0
    containing: dict[tuple[str, str], int] = field(default_factory=dict)

    def __add__(self, other: TermStats) -> TermStats:
        """The statistics of two indexes together."""
        merged = dict(self.containing)
        for key, count in other.containing.items():
            merged[key] = merged.get(key, 0) + count
        return TermStats(self.documents + other.documents, merged)

    def idf(self, field_name: str, term: str) -> float | None:
        """BM25's inverse document frequency (tantivy's formula); None if never seen."""
        count = self.containing.get((field_name, term), 0)
        if count <= 0 or self.documents <= 0:
            return None
        return math.log(1 + (self.documents - count + 0.5) / (count + 0.5))


def rescale(own: TermStats | None, shared: TermStats | None, field_name: str, term: str) -> float:
    """The factor that turns this index's idf of ``term`` into the shared one."""
    if own is None or shared is None:
        return 1.0
    mine, everyone = own.idf(field_name, term), shared.idf(field_name, term)
    return everyone / mine if mine and everyone else 1.0


class FileDocuments:
    """A tantivy index of ``schema`` in ``directory`` (in memory when None); the schema
    needs raw ``path`` and ``scope`` fields. Its writer opens on the first change and stays open
    (holding the index's lock) until :meth:`close`."""

    def __init__(self, schema: tantivy.Schema, directory: Path | None, heap_bytes: int) -> None:
        self._schema = schema
        self._directory = directory
        if directory is None:
            self._index = tantivy.Index(schema)
        else:
            self._index = _open(schema, directory)
        self._analyzer = code_analyzer()
        self._index.register_tokenizer(ANALYZER, self._analyzer)
        self._heap = heap_bytes
        self._writer: tantivy.IndexWriter | None = None

    def _writing(self) -> tantivy.IndexWriter:
        """The writer (raises :class:`IndexBusy` if another process holds the lock; an
        orphaned index worker holding it is ended first, see :mod:`.writer_lock`)."""
        if self._writer is None:
            try:
                self._writer = self._index.writer(heap_size=self._heap, num_threads=1)
            except ValueError as error:
                taken_over = self._directory is not None and end_orphaned_owner(self._directory)
                self._writer = self._writer_once_free() if taken_over else None
                if self._writer is None:
                    raise IndexBusy(
                        "another qgpt-lsp process (or a second index on the same cache dir) "
                        "is writing this index; try again when it is done"
                    ) from error
            if self._directory is not None:
                record_owner(self._directory)
        return self._writer

    def _writer_once_free(self, wait: float = 10.0) -> tantivy.IndexWriter | None:
        """The writer, once the ended owner's last thread has let go of the lock (None
        if that takes longer than ``wait`` seconds)."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                return self._index.writer(heap_size=self._heap, num_threads=1)
            except ValueError:
                time.sleep(0.05)
        return None

    def write_file(self, path: Path, documents: Sequence[Fields]) -> None:
        """Drop ``path``'s documents and add ``documents`` (visible after :meth:`commit`)."""
        writer = self._writing()
        writer.delete_documents_by_term("path", str(path))
        for fields in documents:
            writer.add_document(tantivy.Document(**{k: storable(v) for k, v in fields.items()}))

    def delete_file(self, path: Path) -> None:
        self._writing().delete_documents_by_term("path", str(path))

    def commit(self) -> None:
        """Make pending changes searchable (the writer stays open; merges run in background)."""
        if self._writer is None:
            return
        self._writer.commit()
        self._index.reload()

    def reload(self) -> None:
        """See what another process committed to this index since it was opened."""
        self._index.reload()

    def close(self) -> None:
        """Finish background merges and let go of the writer lock."""
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    def document_count(self) -> int:
        """How many documents the last commit holds (whichever process made it)."""
        self._index.reload()
        return int(self._index.searcher().num_docs)

    def clear(self) -> None:
        """Delete every document (committed; raises :class:`IndexBusy` if another
        process writes this index), then let go of the writer lock."""
        self._writing().delete_all_documents()
        self.commit()
        self.close()

    def _within(self, query: tantivy.Query, scopes: Iterable[Path]) -> tantivy.Query:
        """``query`` limited to documents of these files or folders (none: unlimited);
        the schema's raw ``scope`` field holds each document's file and its folders."""
        inside = [str(scope) for scope in scopes]
        if not inside:
            return query
        limit = tantivy.Query.term_set_query(self._schema, "scope", inside)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.Must, limit)]
        )

    def _term_stats(self, terms: Iterable[str], fields: Iterable[str]) -> TermStats:
        """Document counts for ``terms`` in each of ``fields`` (see :class:`TermStats`)."""
        searcher = self._index.searcher()
        names = list(fields)
        containing = {}
        for term in terms:
            tokens = self._analyzer.analyze(term)
            if len(tokens) == 1:
                for name in names:
                    containing[(name, term)] = searcher.doc_freq(name, tokens[0])
        return TermStats(searcher.num_docs, containing)


def _open(schema: tantivy.Schema, directory: Path) -> tantivy.Index:
    """The index in ``directory`` (made when missing); :class:`DamagedFile` when tantivy
    finds it corrupt or of another schema."""
    directory.mkdir(parents=True, exist_ok=True)
    try:
        return tantivy.Index(schema, path=str(directory), reuse=True)
    except ValueError as error:
        if is_disk_failure(error):
            raise
        raise DamagedFile(directory, _why_unreadable(str(error))) from error


#: What tantivy's messages about an index it cannot open mean, for the user.
_UNREADABLE = {
    "magic byte mismatch": "a segment file is corrupt or truncated",
    "meta file": "meta.json is corrupt",
    "schema does not match": "it was made with another schema",
}


def _why_unreadable(message: str) -> str:
    lowered = message.lower()
    known = (meaning for words, meaning in _UNREADABLE.items() if words in lowered)
    return next(known, message.split("\n", 1)[0][:120])
