"""Building the index in a child process (``index_in_child``), as the language server does."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine

from .conftest import GROUNDED
from .gitrepo import GitRepo

IN_CHILD = dataclasses.replace(GROUNDED, index_in_child=True)


def symbols(engine: Engine, query: str) -> set[str | None]:
    return {hit.chunk.symbol for hit in engine.index.search(query, limit=10)}


async def test_child_build_is_searchable_and_reports_progress(
    sample_repo: GitRepo, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = Engine([sample_repo.root], IN_CHILD, cache_dir=tmp_path / "cache")
    steps: list[tuple[int, int]] = []
    try:
        with caplog.at_level(logging.INFO, logger="qgpt_lsp"):
            status = await engine.build_index(lambda done, total, _: steps.append((done, total)))
        assert status.state == "ready" and status.files >= 3
        # the child did the work (4 files indexed there); this process built nothing
        assert "index (child process): 4 files" in caplog.text
        assert not [r for r in caplog.records if r.name == "qgpt_lsp.engine.index.workspace"]
        assert "4 files" in status.message
        assert "evict_oldest" in symbols(engine, "evict the oldest entry")
        assert steps and steps[-1][0] == steps[-1][1]
    finally:
        await engine.aclose()


async def test_changes_during_a_child_build_are_applied_after_it(
    sample_repo: GitRepo, tmp_path: Path
) -> None:
    engine = Engine([sample_repo.root], IN_CHILD, cache_dir=tmp_path / "cache")
    cache = sample_repo.root / "src" / "cache.py"
    try:
        building = asyncio.create_task(engine.build_index())
        await asyncio.sleep(0)  # the build has started: the child holds the writer
        unsaved = cache.read_text() + "\n\ndef rotate_ledger_pages() -> None:\n    pass\n"
        await engine.update_document(cache, unsaved)
        await building
        assert "rotate_ledger_pages" in symbols(engine, "rotate ledger pages")
    finally:
        await engine.aclose()


async def test_a_busy_index_falls_back_to_building_here(
    sample_repo: GitRepo, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = Engine([sample_repo.root], IN_CHILD, cache_dir=tmp_path / "cache")
    cache = sample_repo.root / "src" / "cache.py"
    try:
        await engine.update_document(cache)  # this process now holds the index's writer
        with caplog.at_level(logging.WARNING, logger="qgpt_lsp.engine.index.building"):
            status = await engine.build_index()
        assert "another process is writing this index" in caplog.text
        assert status.state == "ready"
        assert "shrink" in symbols(engine, "shrink items until size")
    finally:
        await engine.aclose()


async def test_status_says_indexing_while_the_child_builds(
    sample_repo: GitRepo, tmp_path: Path
) -> None:
    engine = Engine([sample_repo.root], IN_CHILD, cache_dir=tmp_path / "cache")
    try:
        building = asyncio.create_task(engine.build_index())
        await asyncio.sleep(0)
        assert engine.index_status().state == "indexing"
        await building
        assert engine.index_status().state == "ready"
    finally:
        await engine.aclose()
