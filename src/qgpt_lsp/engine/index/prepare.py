"""Turn one file into what the index stores: the CPU-heavy half of indexing.

Reading, redacting, parsing with tree-sitter, and spelling out every search
field are plain functions of the file, so a build of many files runs them in
worker processes (:class:`Preparer`) while the process that owns the index
writes the results, in the same order as a build without workers would. Workers
log nothing: what is worth logging travels back in :class:`Prepared`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import chunk_file
from .lexical import chunk_documents, scopes_of
from .model import Chunk
from .settings import IndexSettings
from .sources import Source, read_source
from .tantivy_files import Fields
from .windows import window_documents

__all__ = ["Job", "Prepared", "Preparer", "prepare", "prepare_source"]

log = logging.getLogger(__name__)

#: Builds with fewer files than this to read run in-process (workers take ~1 s to start).
POOL_THRESHOLD = 400
#: Files each worker may have prepared before the writer takes them.
_AHEAD_PER_WORKER = 8


@dataclass(frozen=True)
class Job:
    """A file to read, with what the index knew of it (to spot a content-less change)."""

    path: Path
    stat: os.stat_result
    known_hash: str | None
    known_skipped: str | None


@dataclass
class Prepared:
    """A file ready to write: its source, chunks and search documents.

    ``same`` means its content is what the index already has (only mtime changed);
    then nothing else was computed.
    """

    source: Source
    same: bool = False
    chunks: list[Chunk] = field(default_factory=list)
    chunk_documents: list[Fields] = field(default_factory=list)
    window_documents: list[Fields] = field(default_factory=list)
    trouble: str | None = None  # why it was cut by lines only (logged by the writer)


def prepare(job: Job, settings: IndexSettings, root: Path) -> Prepared:
    """Read ``job``'s file and, unless its content is unchanged, cut it into documents."""
    source = read_source(job.path, settings.max_file_size, job.stat)
    if (job.known_hash, job.known_skipped) == (source.hash, source.skipped) and source.hash:
        return Prepared(source, same=True)
    return prepare_source(source, settings, root)


def prepare_source(source: Source, settings: IndexSettings, root: Path) -> Prepared:
    """Chunks and documents of ``source`` (none when it was skipped)."""
    if source.text is None:
        return Prepared(source)
    trouble = None
    try:
        chunks = chunk_file(source.path, source.text, settings)
    except (ValueError, RecursionError, UnicodeError) as error:
        trouble = str(error)
        chunks = chunk_file(source.path, source.text, settings, code_aware=False)
    return Prepared(
        source,
        chunks=chunks,
        chunk_documents=chunk_documents(source.path, chunks, root),
        window_documents=window_documents(source.path, source.text, scopes_of(source.path, root)),
        trouble=trouble,
    )


class Preparer:
    """Prepares files in worker processes (one per core, at most 4, or
    ``settings.index_workers``), or in this process for small builds and on one core.
    Use as a context manager."""

    def __init__(self, files: int, settings: IndexSettings) -> None:
        wanted = settings.index_workers or min(os.cpu_count() or 1, 4)
        self.workers = wanted if files >= POOL_THRESHOLD and wanted > 1 else 0
        self._settings = settings
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Preparer:
        if self.workers:
            # workers start from a clean process, not from a fork of one running threads
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def run(self, jobs: list[Job], root: Path) -> Iterator[Prepared]:
        """Each job prepared, in order. In-process, each is prepared when asked for."""
        if self._pool is None:
            return (prepare(job, self._settings, root) for job in jobs)
        return self._in_workers(self._pool, jobs, root)

    def _in_workers(
        self, pool: ProcessPoolExecutor, jobs: list[Job], root: Path
    ) -> Iterator[Prepared]:
        """At most a few files per worker run ahead of the writer (bounded memory); if the
        workers die, the rest is prepared here."""
        ahead = self.workers * _AHEAD_PER_WORKER
        pending: deque[Future[Prepared]] = deque()
        done = 0
        try:
            for job in jobs[:ahead]:
                pending.append(pool.submit(prepare, job, self._settings, root))
            while pending:
                prepared = pending.popleft().result()
                following = done + ahead
                if following < len(jobs):
                    pending.append(pool.submit(prepare, jobs[following], self._settings, root))
                done += 1
                yield prepared
        except BrokenProcessPool as error:
            log.warning("index workers stopped (%s); preparing the rest in-process", error)
            for job in jobs[done:]:
                yield prepare(job, self._settings, root)
