"""The index of one workspace root: its ignore rules, SQLite store and tantivy indexes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from .chunking import chunk_file
from .ignore import IgnoreRules
from .lexical import LexicalIndex, scopes_of
from .model import Chunk
from .regions import RegionIndex
from .settings import IndexSettings, IndexSummary
from .sources import Source, read_source
from .store import ChunkStore, FileRecord

__all__ = ["RootIndex"]

log = logging.getLogger(__name__)

#: Called with a short message as each file is handled.
Tick = Callable[[str], None]


class RootIndex:
    """Everything indexed under ``root``, kept in ``directory``. Not thread-safe by itself."""

    def __init__(self, root: Path, directory: Path, settings: IndexSettings) -> None:
        self.root = root
        self.settings = settings
        self.ignore = IgnoreRules(root)
        self.store = ChunkStore(directory / "index.sqlite3")
        self.lexical = LexicalIndex(directory / "tantivy", settings.writer_heap_bytes)
        self.regions = RegionIndex(directory / "regions", settings.writer_heap_bytes // 2)

    def close(self) -> None:
        self.lexical.close()
        self.regions.close()
        self.store.close()

    def reload(self) -> None:
        """See what another process wrote (the store reads SQLite afresh anyway)."""
        self.lexical.reload()
        self.regions.reload()

    def scan(self, top: Path | None = None, skip: Iterable[Path] = ()) -> tuple[list[Path], int]:
        """Files under ``top`` to index, and how many entries ignore rules excluded.

        ``skip`` holds nested roots (indexed on their own); symlinks that lead out of the
        root are never followed.
        """
        skipped = set(skip)
        files: list[Path] = []
        ignored = 0
        for path in self.ignore.walk(top):
            if path is None or self._leaves(path, skipped):
                ignored += 1
            else:
                files.append(path)
        return files, ignored

    def _leaves(self, path: Path, nested: set[Path]) -> bool:
        """True for files of nested roots and symlinks that lead out of this root."""
        if any(path.is_relative_to(other) for other in nested):
            return True
        return path.is_symlink() and not path.resolve().is_relative_to(self.root)

    def refresh(
        self,
        files: Iterable[Path],
        known: dict[Path, FileRecord],
        summary: IndexSummary,
        tick: Tick,
    ) -> None:
        """Index what changed among ``files``: size+mtime first, then the content hash."""
        for path in files:
            tick(path.name)
            self._refresh(path, known.get(path), summary)

    def stale(self, seen: set[Path], top: Path | None) -> list[Path]:
        """Known files under ``top`` (default: the root) that are not in ``seen``."""
        scope = top or self.root
        return [p for p in self.store.files() if p.is_relative_to(scope) and p not in seen]

    def _refresh(self, path: Path, record: FileRecord | None, summary: IndexSummary) -> None:
        try:
            stat = path.stat()
        except OSError:
            summary.skipped["unreadable"] += 1
            return
        if record and (record.size, record.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            self._count(record.skipped, summary, unchanged=True)
            return
        source = read_source(path, self.settings.max_file_size, stat)
        same = record is not None and (record.hash, record.skipped) == (source.hash, source.skipped)
        if same and source.hash:
            self.store.touch_file(
                FileRecord(path, source.size, source.mtime_ns, source.hash, source.skipped)
            )
            self._count(source.skipped, summary, unchanged=True)
            return
        self.index_source(source)
        self._count(source.skipped, summary, unchanged=False)

    @staticmethod
    def _count(skipped: str | None, summary: IndexSummary, unchanged: bool) -> None:
        if skipped:
            summary.skipped[skipped] += 1
        elif unchanged:
            summary.unchanged += 1
        else:
            summary.indexed += 1

    def index_source(self, source: Source) -> list[Chunk]:
        """Replace the chunks of ``source.path`` with those of ``source`` (not committed)."""
        if source.skipped:
            log.info("not indexing %s: %s", source.path, source.skipped)
        chunks = self._chunks(source) if source.text is not None else []
        record = FileRecord(source.path, source.size, source.mtime_ns, source.hash, source.skipped)
        self.lexical.replace_file(source.path, chunks, self.root)  # first: it may raise IndexBusy
        self.regions.replace_file(source.path, source.text, scopes_of(source.path, self.root))
        self.store.put_file(record, chunks, source.text)
        return chunks

    def _chunks(self, source: Source) -> list[Chunk]:
        assert source.text is not None
        try:
            return chunk_file(source.path, source.text, self.settings)
        except (ValueError, RecursionError, UnicodeError) as error:
            log.warning("chunking %s by lines only: %s", source.path, error)
            return chunk_file(source.path, source.text, self.settings, code_aware=False)

    def remove(self, paths: Iterable[Path]) -> int:
        """Forget ``paths`` and every file under those that are folders (not committed)."""
        doomed = set()
        for path in paths:
            doomed.add(path)
            doomed.update(self.store.paths_under(path))
        for path in doomed:
            self.lexical.delete_file(path)
            self.regions.delete_file(path)
        self.store.delete_files(doomed)
        return len(doomed)

    def commit(self) -> None:
        self.store.commit()
        self.lexical.commit()
        self.regions.commit()
