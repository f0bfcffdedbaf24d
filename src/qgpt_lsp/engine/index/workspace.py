"""WorkspaceIndex: the searchable index of the workspace roots (the engine's retrieval).

Synchronous and thread-safe: the engine calls it from worker threads. A build
takes the lock per file, so searches and edits interleave with a long build.
Only files inside the roots are ever read (:class:`~qgpt_lsp.errors.PathOutsideWorkspace`).

A cache dir that refuses writes (read-only, full, not a folder), when the index opens or
later while it writes, moves the index into memory for the rest of the session, with
one line in :attr:`WorkspaceIndex.notices` (unless ``memory_fallback`` is off: the index
worker process then fails, and the process that started it builds instead).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from ...backend import IndexStatus, ProgressCallback
from ..cache_health import CacheNotices, is_disk_failure, short_reason
from .chunking import LineIndex
from .ignore import IGNORE_FILES
from .locations import default_cache_dir, resolve_inside, store_directory
from .model import Boost, Chunk, ScoredChunk
from .named_code import weigh_named_code
from .numbers import names_assigned, numbers_in
from .prepare import Preparer
from .quoted import merged, quoted_message, weigh_quoted
from .ranking import apply_boost, apply_priors, diversify
from .root import RootIndex, Tick
from .semantic import SemanticRanker
from .settings import IndexSettings, IndexSummary
from .snippets import LineCache, Snippet, make_snippets
from .sources import buffer_source, read_source
from .substance import weigh_by_substance
from .tantivy_files import TermStats
from .windows import ScoredWindow, add_window_scores
from .wrappers import follow_wrappers

__all__ = ["WorkspaceIndex"]

log = logging.getLogger(__name__)
Written = TypeVar("Written")

_BATCH = 100  # files indexed per lock hold during a build


class WorkspaceIndex:
    """Files, chunks and a BM25 index for each root, kept under ``cache_dir``."""

    def __init__(
        self,
        roots: Sequence[Path | str],
        settings: IndexSettings | None = None,
        cache_dir: Path | str | None = None,
        notices: CacheNotices | None = None,
        *,
        memory_fallback: bool = True,
    ) -> None:
        self.roots = sorted({Path(root).expanduser().resolve() for root in roots})
        self.settings = settings or IndexSettings()
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        #: What happened to the cache files (healed, or the index kept in memory).
        self.notices = notices or CacheNotices()
        self._memory_fallback = memory_fallback
        self._parts = {root: self._open_part(root) for root in self.roots}
        self._semantic = SemanticRanker()
        self._lock = threading.RLock()
        self._building = threading.Lock()
        self._overlays: dict[Path, str] = {}
        self._lines = LineCache()
        self._state = "ready" if self._counts()[0] else "idle"
        self._message = ""

    def _open_part(self, root: Path) -> RootIndex:
        directory = store_directory(self.cache_dir, root)
        try:
            return RootIndex(root, directory, self.settings, self.notices)
        except Exception as error:
            if not (self._memory_fallback and is_disk_failure(error)):
                raise
            self._tell_in_memory(directory, error)
            return RootIndex(root, None, self.settings, self.notices)

    def _tell_in_memory(self, directory: Path, error: Exception) -> None:
        self.notices.add(
            f"cannot write the index cache {directory} ({short_reason(error)}); "
            "keeping the index in memory for this session"
        )

    @property
    def in_memory(self) -> bool:
        """True when every root's index lives in memory (the cache dir refused writes)."""
        return all(part.directory is None for part in self._parts.values())

    def _to_memory(self, error: Exception) -> bool:
        """After a disk failure: move every root's index into memory (True), or False
        when that is not allowed or already done (the caller then raises)."""
        if not (self._memory_fallback and is_disk_failure(error)) or self.in_memory:
            return False
        with self._lock:
            for root, part in list(self._parts.items()):
                if part.directory is not None:
                    self._tell_in_memory(part.directory, error)
                    with contextlib.suppress(Exception):
                        part.close()
                    self._parts[root] = RootIndex(root, None, self.settings, self.notices)
        return True

    def close(self) -> None:
        with self._lock:
            for part in self._parts.values():
                part.close()

    def reload(self, message: str = "") -> None:
        """See what another process (:mod:`.worker`) wrote to these indexes;
        ``message`` is that build's summary, for :meth:`status`."""
        with self._lock:
            for part in self._parts.values():
                part.reload()
            if self._counts()[0]:
                self._set_state("ready", message or self._message)

    # -- paths ---------------------------------------------------------------------------

    def resolve_inside(self, path: Path | str) -> Path:
        """``path`` made absolute and resolved; raises PathOutsideWorkspace outside the roots."""
        return resolve_inside(path, self.roots)[0]

    def _locate(self, path: Path | str) -> tuple[Path, RootIndex]:
        resolved, root = resolve_inside(path, self.roots)
        return resolved, self._parts[root]

    def _nested_roots(self, root: Path) -> list[Path]:
        return [other for other in self.roots if other != root and other.is_relative_to(root)]

    # -- building ------------------------------------------------------------------------

    def build(self, progress: ProgressCallback | None = None) -> IndexSummary:
        """Bring the index up to date with the disk (changed files by size+mtime, then hash)."""
        return self._build([(root, None) for root in self.roots], progress)

    def ensure_indexed(self, paths: Iterable[Path | str]) -> list[Path]:
        """Resolve ``paths`` (refusing outside ones) and index those not indexed yet."""
        resolved = [self._locate(path) for path in paths]
        missing: list[tuple[Path, Path | None]] = []
        for path, part in resolved:
            with self._lock:
                known = part.store.file(path) is not None or part.store.has_files_under(path)
            if not known and path.is_dir():
                missing.append((part.root, path))
            elif not known and path.is_file():
                self.update_file(path)
        if missing:
            self._build(missing, None)
        return [path for path, _ in resolved]

    def _build(
        self, jobs: list[tuple[Path, Path | None]], progress: ProgressCallback | None
    ) -> IndexSummary:
        with self._building:
            started = time.perf_counter()
            summary = IndexSummary()
            self._set_state("indexing", "scanning files")
            try:
                self._run_jobs(jobs, summary, progress)
            except Exception as error:
                if not self._to_memory(error):
                    self._set_state("failed", f"indexing failed: {error}")
                    raise
                summary = IndexSummary()  # again, into memory: every file this time
                self._run_jobs([(root, None) for root in self.roots], summary, progress)
            summary.files, summary.chunks, _ = self._counts()
            summary.seconds = time.perf_counter() - started
            self._set_state("ready", summary.describe())
            log.info("index: %s", summary.describe())
            return summary

    def _run_jobs(
        self,
        jobs: list[tuple[Path, Path | None]],
        summary: IndexSummary,
        progress: ProgressCallback | None,
    ) -> None:
        scans = []
        for root, top in jobs:
            files, ignored = self._parts[root].scan(top, self._nested_roots(root))
            summary.ignored += ignored
            scans.append((root, top, files))
        total = sum(len(files) for _, _, files in scans)
        done = 0
        step = max(1, total // 200)

        def tick(message: str) -> None:
            nonlocal done
            done += 1
            if progress is not None and (done % step == 0 or done == total):
                progress(done, total, message)

        for root, top, files in scans:
            self._reconcile(self._parts[root], files, top, summary, tick)

    def _reconcile(
        self,
        part: RootIndex,
        files: list[Path],
        top: Path | None,
        summary: IndexSummary,
        tick: Tick,
    ) -> None:
        with self._lock:
            known = part.store.files()
            buffers = set(self._overlays)
        for path in files:
            if path in buffers:  # an unsaved buffer wins over the disk
                tick(path.name)
        jobs = part.jobs([p for p in files if p not in buffers], known, summary, tick)
        with Preparer(len(jobs), self.settings) as preparer:
            prepared = preparer.run(jobs, part.root)
            for first in range(0, len(jobs), _BATCH):
                with self._lock:  # searches and edits get in between batches
                    for job in jobs[first : first + _BATCH]:
                        ready = next(prepared)
                        tick(job.path.name)
                        if job.path not in self._overlays:  # opened in the editor meanwhile
                            part.take(ready, summary)
        with self._lock:
            gone = part.stale({*files, *self._overlays}, top)
            summary.removed += part.remove(gone)
            part.commit()

    # -- keeping it current --------------------------------------------------------------

    def update_file(self, path: Path | str, text: str | None = None) -> list[Chunk]:
        """Re-index one file from ``text`` (an unsaved buffer) or, when None, from disk.

        Ignored, secret, binary and oversized files end up with no chunks. Returns the
        file's new chunks.
        """
        return self._write_healing(lambda: self._update_file(path, text))

    def _write_healing(self, write: Callable[[], Written]) -> Written:
        """``write()``; after a disk failure, again into memory (built first: it starts
        empty)."""
        try:
            return write()
        except Exception as error:
            if not self._to_memory(error):
                raise
        self.build()
        return write()

    def _update_file(self, path: Path | str, text: str | None) -> list[Chunk]:
        resolved, part = self._locate(path)
        with self._lock:
            if resolved.name in IGNORE_FILES:
                part.ignore.invalidate(resolved.parent)  # takes full effect on the next build
            if text is None:
                self._overlays.pop(resolved, None)
            else:
                self._overlays[resolved] = text
            if part.ignore.is_ignored(resolved) or (text is None and not resolved.is_file()):
                part.remove([resolved])
                part.commit()
                return []
            source = (
                buffer_source(resolved, text, self.settings.max_file_size)
                if text is not None
                else None
            )
            chunks = part.index_source(source or read_source(resolved, self.settings.max_file_size))
            part.commit()
            return chunks

    def remove_file(self, path: Path | str) -> None:
        """Forget a deleted file (or every file under a deleted folder)."""
        self._write_healing(lambda: self._remove_file(path))

    def _remove_file(self, path: Path | str) -> None:
        resolved, part = self._locate(path)
        with self._lock:
            self._overlays.pop(resolved, None)
            part.remove([resolved])
            part.commit()

    # -- reading -------------------------------------------------------------------------

    def search(
        self,
        query: str,
        paths: Iterable[Path | str] | None = None,
        limit: int = 10,
        boost: Boost | None = None,
        *,
        windows: bool = True,
    ) -> list[ScoredChunk]:
        """The chunks that best match ``query``, best first; ``paths`` limits to files/folders.

        Folders in ``paths`` not indexed yet are indexed first; a path outside the roots
        raises PathOutsideWorkspace. ``boost`` ranks the current file and selection higher.
        ``windows=False`` skips the window index's opinion (for lookups of exact identifiers,
        where it costs time and adds nothing).
        """
        scopes = self.ensure_indexed(paths) if paths is not None else None
        # the semantic stage, priors, boost and diversify re-rank these
        fetch = max(limit * 3 + 10, self.settings.semantic_pool)
        windows = windows and self.settings.window_weight > 0
        message = quoted_message(query)
        query = self.with_named_numbers(query)
        with self._lock:
            hits, scored_windows = self._lexical_hits(query, scopes, fetch, windows)
            if message:  # the code writing a quoted message, however common its words
                hits = merged(hits, self._lexical_hits(" ".join(message), scopes, fetch, False)[0])
        hits = add_window_scores(hits, scored_windows, self.settings.window_weight)
        hits = weigh_quoted(hits, message)
        hits = weigh_by_substance(
            hits, query, self.settings.signature_only, self.settings.coverage_power
        )
        hits = weigh_named_code(hits, query, self.settings.named_code)
        hits = self._semantic.rerank(
            query, hits, self.settings.semantic_weight, self.settings.semantic_pool
        )
        if boost is not None and boost.path is not None:
            boost = replace(boost, path=Path(boost.path).expanduser().resolve())
        ranked = apply_boost(apply_priors(hits, query), boost)
        return diversify(follow_wrappers(ranked, self._chunks_of))[:limit]

    def with_named_numbers(self, query: str) -> str:
        """``query`` followed by the names the code gives its numbers (``303``: SEE_OTHER)."""
        numbers = numbers_in(query)
        if not numbers:
            return query
        with self._lock:
            hits, _ = self._lexical_hits(" ".join(numbers), None, 30, False)
        names = names_assigned(numbers, (hit.chunk.text for hit in hits))
        return f"{query} {' '.join(names)}" if names else query

    def _lexical_hits(
        self, query: str, scopes: list[Path] | None, fetch: int, windows: bool
    ) -> tuple[list[ScoredChunk], list[ScoredWindow]]:
        """Every root's ``fetch`` best chunks and (with ``windows``) best windows for
        ``query``, scored on one scale. Call with the lock held."""
        own = self._term_stats(query)
        shared = sum(own.values(), TermStats()) if own else None
        own_windows = self._window_stats(query) if windows else {}
        all_windows = sum(own_windows.values(), TermStats()) if own_windows else None
        hits: list[ScoredChunk] = []
        scored_windows: list[ScoredWindow] = []
        for root, part in self._parts.items():
            mine = [p for p in scopes or [] if resolve_inside(p, self.roots)[1] == root]
            if scopes is not None and not mine:
                continue
            found = part.lexical.search(query, mine, fetch, shared, own.get(root))
            chunks = part.store.chunks([chunk_id for chunk_id, _ in found])
            hits += [ScoredChunk(chunks[i], s) for i, s in found if i in chunks]
            if windows:
                scored_windows += part.windows.search(
                    query, mine, shared=all_windows, own=own_windows.get(root)
                )
        return hits, scored_windows

    def snippets(
        self,
        query: str,
        paths: Iterable[Path | str] | None = None,
        limit: int = 10,
        boost: Boost | None = None,
    ) -> list[Snippet]:
        """What to read for ``query``: the :meth:`search` hits as snippets of about 40
        lines each (see :mod:`.snippets`), best first."""
        hits = self.search(query, paths, limit * 3 + 10, boost)
        return make_snippets(hits, query, self._lines_of, limit=limit)

    def _lines_of(self, path: Path) -> LineIndex | None:
        """The lines ``path`` (an indexed chunk's) was indexed from: the redacted text in
        the store, so snippets always agree with the chunks' lines."""
        part = self._part_of(path)
        if part is None:
            return None
        with self._lock:
            version = part.store.version(path)
        if version is None:
            return None

        def stored() -> str | None:
            with self._lock:
                return part.store.text(path)

        return self._lines.get(path, version, stored)

    def _part_of(self, path: Path) -> RootIndex | None:
        """The innermost root holding ``path``, an already resolved absolute path."""
        holders = [root for root in self.roots if path.is_relative_to(root)]
        return self._parts[max(holders, key=lambda root: len(root.parts))] if holders else None

    def _term_stats(self, query: str) -> dict[Path, TermStats]:
        """Each root's statistics for ``query`` when there are several roots (one index
        each, so their BM25 scores need one scale); empty for a single root."""
        if len(self._parts) < 2:
            return {}
        return {root: part.lexical.term_stats(query) for root, part in self._parts.items()}

    def _window_stats(self, query: str) -> dict[Path, TermStats]:
        """Each root's window statistics for ``query`` (several roots only, as chunks)."""
        if len(self._parts) < 2:
            return {}
        return {root: part.windows.term_stats(query) for root, part in self._parts.items()}

    def get_chunk(self, chunk_id: str) -> Chunk | None:
        with self._lock:
            for part in self._parts.values():
                found = part.store.chunks([chunk_id])
                if found:
                    return found[chunk_id]
        return None

    def _chunks_of(self, path: Path) -> list[Chunk]:
        """The chunks of ``path``, an indexed (resolved) file; empty if it is not one."""
        part = self._part_of(path)
        if part is None:
            return []
        with self._lock:
            return part.store.chunks_for_file(path)

    def chunks_for_file(self, path: Path | str) -> list[Chunk]:
        """The file's chunks in line order (empty for files not indexed)."""
        resolved, part = self._locate(path)
        with self._lock:
            return part.store.chunks_for_file(resolved)

    def read_text(self, path: Path | str) -> str | None:
        """The redacted text of a file inside the roots (its unsaved buffer if there is one).

        None for ignored, secret, binary, oversized or unreadable files.
        """
        resolved, part = self._locate(path)
        with self._lock:
            if part.ignore.is_ignored(resolved):
                return None
            overlay = self._overlays.get(resolved)
        if overlay is not None:
            return buffer_source(resolved, overlay, self.settings.max_file_size).text
        return read_source(resolved, self.settings.max_file_size).text

    def status(self) -> IndexStatus:
        files, chunks, skipped = self._counts()
        return IndexStatus(self._state, files, chunks, skipped, self._message)

    def _counts(self) -> tuple[int, int, int]:
        with self._lock:
            counts = [part.store.counts() for part in self._parts.values()]
        return sum(c[0] for c in counts), sum(c[1] for c in counts), sum(c[2] for c in counts)

    def _set_state(self, state: str, message: str) -> None:
        self._state, self._message = state, message
