"""Probe: a cache dir that is full or read-only, from the start or in the middle of a
build. The index moves into memory with one notice and keeps answering; a commit
that fails leaves the previous state on disk usable.

Full and read-only disks are real tmpfs mounts (``mount -t tmpfs -o size=...`` and
``-o ro``: root alone does not stop root, a read-only mount does); the last test
injects ENOSPC into a tantivy commit instead."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest

from qgpt_lsp.engine.index import WorkspaceIndex
from qgpt_lsp.engine.index.lexical import LexicalIndex

from .conftest import fill, finds_ledger, make_workspace

Tmpfs = Callable[[str, str], Path]


def _in_memory_and_searching(index: WorkspaceIndex, why: str) -> None:
    index.build()
    assert index.in_memory and finds_ledger(index)
    (notice,) = index.notices.take()
    assert "keeping the index in memory" in notice and why in notice


def test_a_read_only_cache_dir_keeps_the_index_in_memory(workspace: Path, tmpfs: Tmpfs) -> None:
    cache = tmpfs("ro-cache", "size=1m,ro")
    index = WorkspaceIndex([workspace], cache_dir=cache)
    _in_memory_and_searching(index, "Read-only file system")
    index.close()


def test_a_full_cache_dir_keeps_the_index_in_memory(workspace: Path, tmpfs: Tmpfs) -> None:
    cache = tmpfs("full-cache", "size=256k")
    fill(cache)
    index = WorkspaceIndex([workspace], cache_dir=cache)
    _in_memory_and_searching(index, "full")
    index.close()


def test_a_disk_that_fills_during_a_build(tmp_path: Path, tmpfs: Tmpfs) -> None:
    workspace = make_workspace(tmp_path / "ws", extra_files=40)
    cache = tmpfs("filling-cache", "size=2m")
    index = WorkspaceIndex([workspace], cache_dir=cache)  # opens fine: there is room
    assert not index.in_memory
    fill(cache)
    _in_memory_and_searching(index, "")  # tantivy's thread may say only "I/O error"
    index.close()


def test_a_failed_commit_leaves_the_previous_index_usable(
    workspace: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = WorkspaceIndex([workspace], cache_dir=cache)
    index.build()
    index.close()

    commit = LexicalIndex.commit

    def no_space(self: LexicalIndex) -> None:  # on disk only: the index in memory commits
        if self._directory is not None:
            raise OSError(errno.ENOSPC, "No space left on device")
        commit(self)

    with monkeypatch.context() as patched:
        patched.setattr(LexicalIndex, "commit", no_space)
        index = WorkspaceIndex([workspace], cache_dir=cache)
        ledger = workspace / "books" / "ledger.py"
        index.update_file(ledger, ledger.read_text() + "\n\ndef audit_trail() -> None: ...\n")
        assert index.in_memory and finds_ledger(index)
        assert any(hit.chunk.symbol == "audit_trail" for hit in index.search("audit trail"))
        index.close()

    reopened = WorkspaceIndex([workspace], cache_dir=cache)
    assert finds_ledger(reopened)  # the last committed state, as it was
    assert not any("unusable" in notice for notice in reopened.notices.take())
    reopened.build()
    assert finds_ledger(reopened) and not reopened.in_memory
    reopened.close()
