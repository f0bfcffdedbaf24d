"""Keeping the workspace index current for the engine: builds, here or in a child process.

A build in a child process (the parent's side is here, the child's in :mod:`.worker`)
never holds the GIL the language server's event loop needs. The child holds the
index's writer, so while it runs, edits to documents are held back and applied once
it ended (the last change of each path wins), and a search that must index a path
first waits for it. The parent then reloads its view of the index
(:meth:`WorkspaceIndex.reload`). When the child cannot build (another process writes
this index, or it failed), the build runs here instead.

The child (``python -m qgpt_lsp.engine.index.worker SPEC``) dies with this process
(a parent-death signal, and its stdin, a pipe from here, closing), builds into the same
cache directory and prints one JSON line per progress step, ``{"done", "total",
"message"}``, then ``{"summary": ...}``. Exit codes: 0 built; 3 another process
holds the index's writer (``IndexBusy``); 1 anything else (stderr says why).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...backend import IndexStatus, ProgressCallback
from .settings import IndexSettings
from .workspace import WorkspaceIndex

__all__ = [
    "BUSY_EXIT",
    "WRITER_WAIT_SECONDS",
    "ChildBuild",
    "IndexBuilder",
    "build_in_child",
    "worker_spec",
]

_log = logging.getLogger(__name__)
#: How long a search that must index a path first waits for a child build to end.
WRITER_WAIT_SECONDS = 120.0
#: The child process's module (not imported here: ``python -m`` runs it afresh).
WORKER_MODULE = f"{__package__}.worker"
#: The child's exit code when another process holds the index's writer.
BUSY_EXIT = 3


def worker_spec(roots: Sequence[Path], settings: IndexSettings, cache_dir: Path) -> str:
    """The child's one argument: what to index, how, and where."""
    return json.dumps(
        {
            "roots": [str(root) for root in roots],
            "cache_dir": str(cache_dir),
            "settings": dataclasses.asdict(settings),
            "parent": os.getpid(),
        }
    )


@dataclass(frozen=True)
class ChildBuild:
    """How a build in the child went: ``built``, and its summary or why it failed."""

    built: bool
    detail: str


async def build_in_child(
    roots: Sequence[Path],
    settings: IndexSettings,
    cache_dir: Path,
    progress: ProgressCallback | None = None,
) -> ChildBuild:
    """Build in a child process; the result says whether it built, and what."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        WORKER_MODULE,
        worker_spec(roots, settings, cache_dir),
        stdin=asyncio.subprocess.PIPE,  # never written: the child ends when it closes
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdin is not None
    try:
        summary, errors = await asyncio.gather(
            _relay_progress(process.stdout, progress), process.stderr.read()
        )
        code = await process.wait()
    except asyncio.CancelledError:
        process.kill()
        await process.wait()
        raise
    finally:
        process.stdin.close()
    if code == 0:
        return ChildBuild(True, summary)
    if code == BUSY_EXIT:
        return ChildBuild(False, "another process is writing this index")
    reason = errors.decode(errors="replace").strip()[-500:]
    return ChildBuild(False, f"the index worker exited {code}: {reason}")


async def _relay_progress(stream: asyncio.StreamReader, progress: ProgressCallback | None) -> str:
    """Pass the child's progress on; return its summary line."""
    summary = ""
    async for line in stream:
        try:
            step = json.loads(line)
        except ValueError:
            continue
        if not isinstance(step, dict):
            continue
        if "summary" in step:
            summary = str(step["summary"])
        elif progress is not None and "done" in step:
            progress(int(step["done"]), int(step["total"]), str(step["message"]))
    return summary


class IndexBuilder:
    """Builds ``index`` and applies document changes to it, holding them back while a
    child process builds."""

    def __init__(self, index: WorkspaceIndex) -> None:
        self.index = index
        #: Set while no child process holds the index's writer.
        self._writer_free = threading.Event()
        self._writer_free.set()
        self._child_building = False
        self._child_progress = ""
        #: Changes that came while a child process built the index: path -> (removed, text).
        self._deferred: dict[Path, tuple[bool, str | None]] = {}

    async def build(self, progress: ProgressCallback | None, in_child: bool) -> IndexStatus:
        """Reconcile the index with the files; ``in_child``: in a child process (this one
        then reloads, and applies the changes that came meanwhile)."""
        if not (in_child and await self._build_in_child(progress)):
            await asyncio.to_thread(self.index.build, progress)
        return self.index.status()

    async def _build_in_child(self, progress: ProgressCallback | None) -> bool:
        def track(done: int, total: int, message: str) -> None:
            self._child_progress = f"{done}/{total} files: {message}"
            if progress is not None:
                progress(done, total, message)

        self._child_building = True
        self._child_progress = "starting"
        self._writer_free.clear()
        index = self.index
        try:
            child = await build_in_child(index.roots, index.settings, index.cache_dir, track)
            return await self._after_child(child)
        finally:
            self._child_building = False
            self._writer_free.set()

    async def _after_child(self, child: ChildBuild) -> bool:
        """See what the child built, and apply the changes that came meanwhile."""
        self._child_building = False
        if child.built:
            await asyncio.to_thread(self.index.reload, child.detail)
            _log.info("index (child process): %s", child.detail)
        else:
            _log.warning(
                "index: building in a child process failed (%s); building here", child.detail
            )
        deferred, self._deferred = self._deferred, {}
        for path, (removed, text) in deferred.items():
            if removed:
                await self.remove_document(path)
            else:
                await self.update_document(path, text)
        return child.built

    def wait_for_writer(self) -> bool:
        """Block (in a worker thread) until no child build holds the index's writer;
        False when it still does after :data:`WRITER_WAIT_SECONDS`."""
        return self._writer_free.wait(WRITER_WAIT_SECONDS)

    async def update_document(self, path: Path, text: str | None = None) -> None:
        """Re-index ``path`` from ``text`` (an unsaved buffer) or, when None, from disk."""
        if self._child_building:  # the child holds the index's writer: apply it after
            self._deferred[path] = (False, text)
            return
        await asyncio.to_thread(self.index.update_file, path, text)

    async def remove_document(self, path: Path) -> None:
        """Forget a deleted file (or folder)."""
        if self._child_building:
            self._deferred[path] = (True, None)
            return
        await asyncio.to_thread(self.index.remove_file, path)

    def status(self) -> IndexStatus:
        """The index's state; "indexing" with the child's progress while one builds."""
        if self._child_building:
            return IndexStatus(state="indexing", message=self._child_progress)
        return self.index.status()
