"""The index of one workspace root: its ignore rules, SQLite store and tantivy indexes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..cache_health import CacheNotices
from .ignore import IgnoreRules
from .model import Chunk
from .opening import open_index_files
from .prepare import Job, Prepared, prepare_source
from .settings import IndexSettings, IndexSummary
from .sources import Source
from .store import FileRecord

__all__ = ["RootIndex"]

log = logging.getLogger(__name__)

#: Called with a short message as each file is handled.
Tick = Callable[[str], None]


class RootIndex:
    """Everything indexed under ``root``, kept in ``directory`` (in memory when None;
    damaged files are healed as they open, see :mod:`.opening`). Not thread-safe by itself."""

    def __init__(
        self,
        root: Path,
        directory: Path | None,
        settings: IndexSettings,
        notices: CacheNotices | None = None,
    ) -> None:
        self.root = root
        self.directory = directory
        self.settings = settings
        self.ignore = IgnoreRules(root)
        self._files = open_index_files(
            directory, settings.writer_heap_bytes, notices or CacheNotices()
        )
        self.store = self._files.store
        self.lexical = self._files.lexical
        self.windows = self._files.windows
        self._committer = ThreadPoolExecutor(1, thread_name_prefix="qgpt-index-commit")

    def close(self) -> None:
        self._committer.shutdown()
        self._files.close()

    def reload(self) -> None:
        """See what another process wrote (the store reads SQLite afresh anyway)."""
        self.lexical.reload()
        self.windows.reload()

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

    def jobs(
        self,
        files: Iterable[Path],
        known: dict[Path, FileRecord],
        summary: IndexSummary,
        tick: Tick,
    ) -> list[Job]:
        """The files among ``files`` to read: new, or with another size or mtime than
        ``known`` says (the others are counted as unchanged, and ticked)."""
        jobs = []
        for path in files:
            record = known.get(path)
            try:
                stat = path.stat()
            except OSError:
                tick(path.name)
                summary.skipped["unreadable"] += 1
                continue
            if record and (record.size, record.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                tick(path.name)
                self._count(record.skipped, summary, unchanged=True)
                continue
            jobs.append(Job(path, stat, record.hash if record else None, _skipped(record)))
        return jobs

    def take(self, prepared: Prepared, summary: IndexSummary) -> None:
        """Write one prepared file, or only its new size and mtime if its content is the same."""
        source = prepared.source
        if prepared.same:
            self.store.touch_file(
                FileRecord(source.path, source.size, source.mtime_ns, source.hash, source.skipped)
            )
            self._count(source.skipped, summary, unchanged=True)
            return
        self.write(prepared)
        self._count(source.skipped, summary, unchanged=False)

    def stale(self, seen: set[Path], top: Path | None) -> list[Path]:
        """Known files under ``top`` (default: the root) that are not in ``seen``."""
        scope = top or self.root
        return [p for p in self.store.files() if p.is_relative_to(scope) and p not in seen]

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
        return self.write(prepare_source(source, self.settings, self.root))

    def write(self, prepared: Prepared) -> list[Chunk]:
        """Replace the file's chunks and windows with ``prepared``'s (not committed)."""
        source = prepared.source
        if source.skipped:
            log.info("not indexing %s: %s", source.path, source.skipped)
        if prepared.trouble:
            log.warning("chunking %s by lines only: %s", source.path, prepared.trouble)
        record = FileRecord(source.path, source.size, source.mtime_ns, source.hash, source.skipped)
        self.lexical.write_file(source.path, prepared.chunk_documents)  # first: may raise IndexBusy
        self.windows.write_file(source.path, prepared.window_documents)
        self.store.put_file(record, prepared.chunks, source.text)
        return prepared.chunks

    def remove(self, paths: Iterable[Path]) -> int:
        """Forget ``paths`` and every file under those that are folders (not committed)."""
        doomed = set()
        for path in paths:
            doomed.add(path)
            doomed.update(self.store.paths_under(path))
        for path in doomed:
            self.lexical.delete_file(path)
            self.windows.delete_file(path)
        self.store.delete_files(doomed)
        return len(doomed)

    def commit(self) -> None:
        """Make everything written visible. The two tantivy indexes commit side by side
        (a commit mostly waits for the disk), then the store, with their document counts:
        a file the store calls indexed is searchable. When a tantivy commit fails, the
        store keeps its previous state."""
        try:
            windows = self._committer.submit(self.windows.commit)
            self.lexical.commit()
            windows.result()
        except BaseException:
            self.store.rollback()
            raise
        self.store.record_document_counts(self._files.document_counts())
        self.store.commit()


def _skipped(record: FileRecord | None) -> str | None:
    return record.skipped if record else None
