"""Opening one root's index files so that a damaged one never stops the index.

A root's index is three things in its store directory: the SQLite store
(``index.sqlite3``), the chunks' tantivy directory (``tantivy``) and the windows'
(``regions``). Each is checked as it opens (:mod:`..cache_health`); a damaged one is
moved aside and made afresh. Then the three are checked against each other: the
store records how many documents each tantivy index held at its last commit, and an
index holding another number (its ``meta.json`` deleted, a crash between the commits)
means the store no longer says what is searchable, so all three are emptied and the
next build indexes every file again. That happens only when this process can take the
writer: while another process writes, its counts are in flux.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from ...errors import IndexBusy
from ..cache_health import CacheNotices, open_healing
from .lexical import LexicalIndex
from .store import ChunkStore
from .tantivy_files import FileDocuments
from .windows import WindowIndex

__all__ = ["IndexFiles", "open_index_files"]

#: The tantivy indexes as the user reads about them.
_SHOWN = {"lexical": "search index", "windows": "window index"}

#: The window index's folder in a root's store (named before windows were called windows;
#: kept so that existing indexes stay valid).
WINDOW_INDEX_DIRECTORY = "regions"


@dataclass
class IndexFiles:
    """The store and the two tantivy indexes of one root."""

    store: ChunkStore
    lexical: LexicalIndex
    windows: WindowIndex

    @property
    def tantivy(self) -> dict[str, FileDocuments]:
        """The tantivy indexes by the name the store records their counts under."""
        return {"lexical": self.lexical, "windows": self.windows}

    def document_counts(self) -> dict[str, int]:
        return {name: index.document_count() for name, index in self.tantivy.items()}

    def close(self) -> None:
        self.lexical.close()
        self.windows.close()
        self.store.close()


def open_index_files(directory: Path | None, heap_bytes: int, notices: CacheNotices) -> IndexFiles:
    """The index files in ``directory`` (in memory when None), healed if need be."""
    if directory is None:
        return IndexFiles(ChunkStore(None), LexicalIndex(None, heap_bytes), WindowIndex(None))
    before = notices.added  # a file made afresh is told once, not again as a mismatch
    with contextlib.ExitStack() as opened:
        store_path = directory / "index.sqlite3"
        store = open_healing(store_path, lambda: ChunkStore(store_path), notices, "index store")
        opened.callback(store.close)
        lexical_path, windows_path = directory / "tantivy", directory / WINDOW_INDEX_DIRECTORY
        lexical = open_healing(
            lexical_path, lambda: LexicalIndex(lexical_path, heap_bytes), notices, "search index"
        )
        windows = open_healing(
            windows_path,
            lambda: WindowIndex(windows_path, heap_bytes // 2),
            notices,
            "window index",
        )
        files = IndexFiles(store, lexical, windows)
        _agree(files, directory, notices if notices.added == before else CacheNotices())
        opened.pop_all()
    return files


def _agree(files: IndexFiles, directory: Path, notices: CacheNotices) -> None:
    """Empty all three when the tantivy indexes do not hold what the store recorded."""
    trouble = _disagreement(files)
    if trouble is None:
        return
    try:
        for index in files.tantivy.values():
            index.clear()
    except IndexBusy:
        return  # another process is writing: its counts are in flux
    files.store.clear()
    notices.add(f"the index in {directory} was incomplete ({trouble}); indexing every file again")


def _disagreement(files: IndexFiles) -> str | None:
    """Why the tantivy indexes and the store disagree, or None when they agree."""
    recorded = files.store.document_counts()
    found = files.document_counts()
    _, chunks, _ = files.store.counts()
    for name, count in found.items():
        expected = recorded.get(name)
        if expected is not None and count != expected:
            shown = _SHOWN[name]
            return f"the {shown} holds {count} documents, the store recorded {expected}"
    if recorded:
        return None
    if chunks and not found["lexical"]:  # a store from before counts were recorded
        return f"the search index is empty, the store holds {chunks} chunks"
    if not chunks and found["lexical"]:  # a store made afresh beside an old index
        return f"the store is empty, the search index holds {found['lexical']} documents"
    return None
