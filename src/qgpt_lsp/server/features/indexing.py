"""The embedded index's lifecycle: build after ``initialized`` (with work-done
progress), update on ``textDocument/didSave`` and ``workspace/didChangeWatchedFiles``,
and ``qgpt.indexStatus``. All of it runs in owned background tasks; the event
loop never waits on indexing.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types

from ...backend import IndexedBackend, IndexStatus, ProgressCallback
from ...errors import QGPTError
from ...wire import new_id
from ..arguments import NoArgs
from ..boundary import command, describe
from ..results import IndexStatusResult, to_json
from ..server import QGPTLanguageServer

__all__ = ["register", "start_index_build"]

_log = logging.getLogger(__name__)


def start_index_build(ls: QGPTLanguageServer) -> None:
    """Build the index in the background (replacing a build in progress)."""
    if ls.settings.index.enabled:
        ls.tasks.run(_build(ls), name="index-build", key="index-build")


async def _build(ls: QGPTLanguageServer) -> None:
    try:
        backend = await ls.backend()
    except QGPTError as error:
        ls.tell(f"no backend: {describe(error)}")
        return
    if not isinstance(backend, IndexedBackend):
        return
    token = await _progress_token(ls)
    report = _reporter(ls, token)
    message = "failed"
    try:
        status = await backend.build_index(progress=report)
        message = f"{status.files} files, {status.chunks} chunks indexed"
    except QGPTError as error:
        message = f"failed: {describe(error)}"
        ls.tell(f"indexing {message}")
    finally:
        ls.tell_cache_notices()
        if token is not None:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))


async def _progress_token(ls: QGPTLanguageServer) -> str | None:
    if not ls.supports_progress:
        return None
    token = f"qgpt-index-{new_id()}"
    try:
        await ls.work_done_progress.create_async(token)
    except Exception:
        _log.warning("the client refused a progress token; indexing without progress")
        return None
    begin = types.WorkDoneProgressBegin(title="QGPT: indexing", percentage=0, message="starting")
    ls.work_done_progress.begin(token, begin)
    return token


def _reporter(ls: QGPTLanguageServer, token: str | None) -> ProgressCallback:
    """A thread-safe progress callback: reports hop onto the event loop, throttled."""
    loop = asyncio.get_running_loop()
    last = [-1]

    def report(done: int, total: int, message: str) -> None:
        percentage = int(100 * done / total) if total > 0 else None
        if token is None or percentage == last[0]:
            return
        last[0] = percentage if percentage is not None else last[0]
        value = types.WorkDoneProgressReport(message=message, percentage=percentage)
        loop.call_soon_threadsafe(ls.work_done_progress.report, token, value)

    return report


#: More watched-file changes than this at once are handled by one reconcile.
BATCH_RECONCILE = 20


def _update_soon(ls: QGPTLanguageServer, path: Path, removed: bool = False) -> None:
    """Re-index ``path`` from disk in the background (a newer change cancels this one)."""
    backend = ls.backends.indexed()
    if backend is None or not ls.settings.index.enabled:
        return
    ls.tasks.run(_update(backend, path, removed), name="index-update", key=("index", path))


def _reconcile_soon(ls: QGPTLanguageServer) -> None:
    """Reconcile the whole index with the disk in the background (mtime + hash)."""
    backend = ls.backends.indexed()
    if backend is None or not ls.settings.index.enabled:
        return
    ls.tasks.run(_reconcile(backend), name="index-reconcile", key=("index", "all"))


async def _reconcile(backend: IndexedBackend) -> None:
    try:
        status = await backend.build_index()
    except QGPTError as error:
        _log.warning("could not re-index the workspace: %s", error)
    else:
        _log.info("re-indexed after many file changes: %s", status.message)


async def _update(backend: IndexedBackend, path: Path, removed: bool) -> None:
    try:
        if removed:
            await backend.remove_document(path)
        else:
            await backend.update_document(path)
    except QGPTError as error:
        _log.warning("could not re-index %s: %s", path, error)


def _inside(ls: QGPTLanguageServer, uri: str) -> Path | None:
    try:
        return ls.files.path_of(uri)
    except QGPTError:
        return None


def _status(ls: QGPTLanguageServer) -> IndexStatus:
    backend = ls.backends.indexed()
    if backend is not None:
        return backend.index_status()
    current = ls.backends.current
    if current is None:
        return IndexStatus(state="idle", message="no backend yet")
    return IndexStatus(state="idle", message="the remote backend keeps its own index")


def register(server: QGPTLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: QGPTLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        if (path := _inside(ls, params.text_document.uri)) is not None:
            _update_soon(ls, path)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(
        ls: QGPTLanguageServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        if len(params.changes) > BATCH_RECONCILE:
            _reconcile_soon(ls)  # a checkout or pull: one reconcile (in a child process)
            return
        for change in params.changes:
            if (path := _inside(ls, change.uri)) is not None:
                _update_soon(ls, path, removed=change.type == types.FileChangeType.Deleted)

    async def index_status(ls: QGPTLanguageServer, _: NoArgs) -> object:
        info = await (await ls.backend()).info()
        status = _status(ls)
        fields = (status.state, status.files, status.chunks, status.skipped, status.message)
        return to_json(IndexStatusResult(*fields, info.kind, info.answerer or ""))

    command(server, "qgpt.indexStatus", NoArgs)(index_status)
