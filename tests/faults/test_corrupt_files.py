"""Probe: a damaged, truncated, foreign or half-deleted cache file. Each heals with no
manual step: the index opens, the next build re-indexes, search finds the code again,
the user is told once which file and why, and a damaged file is kept aside."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from qgpt_lsp.engine.index import WorkspaceIndex
from qgpt_lsp.engine.index.locations import store_directory

from .conftest import finds_ledger

Damage = Callable[[Path], Path]  # damages a file of the store directory, returns it


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(max(4096, path.stat().st_size)))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE recipes (name TEXT, steps TEXT)")


def _segment(directory: Path) -> Path:
    return max(directory.glob("*.term"), key=lambda p: p.stat().st_size)


CASES: dict[str, tuple[Callable[[Path], Path], Callable[[Path], None], str]] = {
    "store garbage": (lambda d: d / "index.sqlite3", _garbage, "file is not a database"),
    "store truncated": (lambda d: d / "index.sqlite3", _truncate, "malformed"),
    "store foreign": (lambda d: d / "index.sqlite3", _foreign, "not a qgpt-lsp file"),
    "tantivy segment garbage": (lambda d: _segment(d / "tantivy"), _garbage, "corrupt"),
    "tantivy segment truncated": (lambda d: _segment(d / "tantivy"), _truncate, "corrupt"),
    "tantivy meta.json garbage": (lambda d: d / "tantivy" / "meta.json", _garbage, "meta.json"),
    "regions meta.json truncated": (lambda d: d / "regions" / "meta.json", _truncate, "meta"),
    "regions segment garbage": (lambda d: _segment(d / "regions"), _garbage, "corrupt"),
}


def _built(workspace: Path, cache: Path) -> Path:
    index = WorkspaceIndex([workspace], cache_dir=cache)
    index.build()
    assert finds_ledger(index)
    index.close()
    return store_directory(cache, workspace.resolve())


@pytest.mark.parametrize("case", CASES)
def test_a_damaged_file_is_moved_aside_and_rebuilt(workspace: Path, cache: Path, case: str) -> None:
    where, damage, why = CASES[case]
    directory = _built(workspace, cache)
    damaged = where(directory)
    damage(damaged)
    opened_as = damaged if damaged.parent == directory else damaged.parent

    index = WorkspaceIndex([workspace], cache_dir=cache)
    summary = index.build()
    notices = index.notices.take()
    assert finds_ledger(index)
    assert summary.indexed == summary.files > 0  # every file again
    index.close()

    assert len(notices) == 1 and str(opened_as) in notices[0] and why in notices[0]
    assert list(directory.glob(f"{opened_as.name}.corrupt-*"))
    again = WorkspaceIndex([workspace], cache_dir=cache)
    assert again.build().indexed == 0 and finds_ledger(again)  # healed for good
    assert again.notices.take() == []
    again.close()


@pytest.mark.parametrize("tantivy_dir", ["tantivy", "regions"])
def test_a_deleted_meta_json_means_indexing_again(
    workspace: Path, cache: Path, tantivy_dir: str
) -> None:
    directory = _built(workspace, cache)
    (directory / tantivy_dir / "meta.json").unlink()

    index = WorkspaceIndex([workspace], cache_dir=cache)
    assert index.status().files == 0  # not "ready" with nothing searchable
    summary = index.build()
    assert summary.indexed == summary.files > 0 and finds_ledger(index)
    (notice,) = index.notices.take()
    assert str(directory) in notice and "0 documents" in notice
    index.close()
