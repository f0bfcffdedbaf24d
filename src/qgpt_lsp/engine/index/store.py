"""The SQLite half of the index: every file seen (with why it was skipped), the redacted
text it was indexed from (what snippets are cut from), and every chunk.

One connection, used from whichever thread the caller runs the index in
(``check_same_thread=False``); :class:`~.workspace.WorkspaceIndex` serialises access.
The file is checked when opened (:func:`~..cache_health.open_sqlite`); the ``meta`` table
holds how many documents each tantivy index had at the last commit, so that an index
that lost documents (a deleted ``meta.json``, a crash between two commits) is noticed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..cache_health import open_sqlite
from .model import Chunk, stored_path

__all__ = ["STORE_FORMAT", "ChunkStore", "FileRecord"]

#: The store's format (SQLite ``user_version``); a file with another one is not ours.
STORE_FORMAT = 7

_SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, hash TEXT, skipped TEXT, text TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, language TEXT, start_line INTEGER,
    end_line INTEGER, start_offset INTEGER, end_offset INTEGER, text TEXT,
    symbol TEXT, kind TEXT, parent TEXT, signature TEXT
);
CREATE INDEX IF NOT EXISTS chunks_by_path ON chunks (path, start_line);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER);
"""
_CHUNK_COLUMNS = (
    "id, path, language, start_line, end_line, start_offset, end_offset, text, "
    "symbol, kind, parent, signature"
)


@dataclass(frozen=True)
class FileRecord:
    """A file as last indexed; ``skipped`` is the reason it was not (or None)."""

    path: Path
    size: int
    mtime_ns: int
    hash: str
    skipped: str | None = None


def _row_chunk(row: sqlite3.Row) -> Chunk:
    values = tuple(row)
    return Chunk(values[0], stored_path(values[1]), *values[2:])


class ChunkStore:
    """Files and chunks of one workspace root, in ``<dir>/index.sqlite3`` (in memory
    when None). Raises :class:`~..cache_health.DamagedFile` for a corrupt or foreign file."""

    def __init__(self, path: Path | None) -> None:
        self._db = open_sqlite(path, _SCHEMA, STORE_FORMAT)

    def close(self) -> None:
        self._db.close()

    def commit(self) -> None:
        self._db.commit()

    def rollback(self) -> None:
        """Drop what was written since the last commit (the previous state stays)."""
        self._db.rollback()

    def clear(self) -> None:
        """Forget every file and chunk (committed): the next build indexes everything."""
        with self._db:
            self._db.execute("DELETE FROM chunks")
            self._db.execute("DELETE FROM files")
            self._db.execute("DELETE FROM meta")

    def document_counts(self) -> dict[str, int]:
        """The tantivy document counts recorded at the last commit, by index name."""
        return {str(key): int(value) for key, value in self._db.execute("SELECT * FROM meta")}

    def record_document_counts(self, counts: dict[str, int]) -> None:
        """Record the tantivy indexes' document counts (with the next commit)."""
        self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", counts.items())

    def files(self) -> dict[Path, FileRecord]:
        rows = self._db.execute("SELECT path, size, mtime_ns, hash, skipped FROM files")
        return {Path(r[0]): FileRecord(Path(r[0]), *r[1:]) for r in rows}

    def file(self, path: Path) -> FileRecord | None:
        row = self._db.execute(
            "SELECT path, size, mtime_ns, hash, skipped FROM files WHERE path = ?", (str(path),)
        ).fetchone()
        return FileRecord(Path(row[0]), *row[1:]) if row else None

    def version(self, path: Path) -> str | None:
        """The content hash ``path`` was last indexed at (None if it has no text here)."""
        row = self._db.execute(
            "SELECT hash FROM files WHERE path = ? AND text IS NOT NULL", (str(path),)
        ).fetchone()
        return str(row[0]) if row else None

    def text(self, path: Path) -> str | None:
        """The redacted text ``path`` was last indexed from (None if skipped or unknown)."""
        row = self._db.execute("SELECT text FROM files WHERE path = ?", (str(path),)).fetchone()
        return str(row[0]) if row and row[0] is not None else None

    def paths_under(self, folder: Path) -> list[Path]:
        """Known files inside ``folder`` (none when it is a file)."""
        prefix = str(folder).rstrip("/") + "/"
        rows = self._db.execute(
            "SELECT path FROM files WHERE substr(path, 1, ?) = ?", (len(prefix), prefix)
        )
        return [Path(row[0]) for row in rows]

    def has_files_under(self, folder: Path) -> bool:
        prefix = str(folder).rstrip("/") + "/"
        row = self._db.execute(
            "SELECT 1 FROM files WHERE substr(path, 1, ?) = ? LIMIT 1", (len(prefix), prefix)
        ).fetchone()
        return row is not None

    def touch_file(self, record: FileRecord) -> None:
        """Update a file's size and mtime when its content did not change."""
        self._db.execute(
            "UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?",
            (record.size, record.mtime_ns, str(record.path)),
        )

    def put_file(
        self, record: FileRecord, chunks: Sequence[Chunk], text: str | None = None
    ) -> None:
        """Record ``record``, the redacted ``text`` it was indexed from, and replace its
        chunks (not committed)."""
        r = record
        self._db.execute("DELETE FROM chunks WHERE path = ?", (str(r.path),))
        self._db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
            (str(r.path), r.size, r.mtime_ns, r.hash, r.skipped, text),
        )
        self._db.executemany(
            f"INSERT OR REPLACE INTO chunks ({_CHUNK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [_chunk_row(chunk) for chunk in chunks],
        )

    def delete_files(self, paths: Iterable[Path]) -> None:
        keys = [(str(path),) for path in paths]
        self._db.executemany("DELETE FROM chunks WHERE path = ?", keys)
        self._db.executemany("DELETE FROM files WHERE path = ?", keys)

    def chunks(self, ids: Sequence[str]) -> dict[str, Chunk]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE id IN ({marks})", ids)
        return {row[0]: _row_chunk(row) for row in rows}

    def chunks_for_file(self, path: Path) -> list[Chunk]:
        rows = self._db.execute(
            f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE path = ? ORDER BY start_line, end_line",
            (str(path),),
        )
        return [_row_chunk(row) for row in rows]

    def counts(self) -> tuple[int, int, int]:
        """(indexed files, chunks, skipped files)."""
        files, skipped = self._db.execute(
            "SELECT count(*) - count(skipped), count(skipped) FROM files"
        ).fetchone()
        (chunks,) = self._db.execute("SELECT count(*) FROM chunks").fetchone()
        return int(files), int(chunks), int(skipped)


def _chunk_row(chunk: Chunk) -> tuple[object, ...]:
    return (
        chunk.id,
        str(chunk.path),
        chunk.language,
        chunk.start_line,
        chunk.end_line,
        chunk.start_offset,
        chunk.end_offset,
        chunk.text,
        chunk.symbol,
        chunk.kind,
        chunk.parent,
        chunk.signature,
    )
