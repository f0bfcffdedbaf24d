"""The index follows the workspace: didSave and didChangeWatchedFiles update it."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from .conftest import SessionFactory
from .session import LSPSession, wait_until

GROUNDED = {"backend": "embedded", "answerer": "grounded"}
NEW = "\n\ndef reconcile_ledger_entries(entries: list[int]) -> int:\n    return sum(entries)\n"


async def _finds(session: LSPSession, symbol: str) -> bool:
    hits = await session.execute("qgpt.relevance", {"query": symbol})
    return any(hit.get("symbol") == symbol for hit in hits)


async def _eventually(session: LSPSession, symbol: str, present: bool) -> None:
    for _ in range(600):
        if await _finds(session, symbol) is present:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{symbol} {'never' if present else 'still'} found")


def _index_built(session: LSPSession) -> bool:
    return any(
        "index" in str(token) and any(isinstance(v, types.WorkDoneProgressEnd) for v in values)
        for token, values in session.client.progress_reports.items()
    )


async def test_save_and_delete_update_the_index(lsp: SessionFactory) -> None:
    async with lsp(settings=GROUNDED) as session:
        path = session.root / "app" / "ledger.py"
        uri = path.as_uri()
        await wait_until(lambda: _index_built(session))
        assert not await _finds(session, "reconcile_ledger_entries")
        path.write_text(NEW)
        session.client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        await _eventually(session, "reconcile_ledger_entries", present=True)
        path.unlink()
        change = types.FileEvent(uri=uri, type=types.FileChangeType.Deleted)
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(changes=[change])
        )
        await _eventually(session, "reconcile_ledger_entries", present=False)


async def test_many_watched_changes_at_once_reconcile_the_index(lsp: SessionFactory) -> None:
    """A checkout or pull (more than BATCH_RECONCILE changes) is one reconcile."""
    async with lsp(settings=GROUNDED) as session:
        await wait_until(lambda: _index_built(session))
        folder = session.root / "pulled"
        folder.mkdir()
        changes = []
        for n in range(25):
            path = folder / f"part_{n}.py"
            path.write_text(f"def pulled_function_{n}(x: int) -> int:\n    return x + {n}\n")
            changes.append(types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Created))
        session.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(changes=changes)
        )
        for _ in range(300):  # the reconcile runs in a child process: allow it a start-up
            if await _finds(session, "pulled_function_24"):
                break
            await asyncio.sleep(0.1)
        assert await _finds(session, "pulled_function_24")
        assert await _finds(session, "pulled_function_0")
