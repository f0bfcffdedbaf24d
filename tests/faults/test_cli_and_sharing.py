"""Probe: the CLI on a cache dir it cannot write prints one line and goes on; and the
CLI, ``serve`` and the language server keep one index per workspace root, so each
warms the others'."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from qgpt_lsp.backend import IndexedBackend
from qgpt_lsp.engine.index import default_cache_dir
from qgpt_lsp.server.backends import BackendSlot
from qgpt_lsp.server.server import cache_dir as server_cache_dir
from qgpt_lsp.server.state.editor_settings import Settings

from .conftest import QUESTION, fill

CLI = [sys.executable, "-m", "qgpt_lsp.cli.main"]


def _run(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], cwd=workspace, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("disk", ["size=1m,ro", "size=256k"])
@pytest.mark.parametrize("command", [["index", "."], ["search", QUESTION]])
def test_the_cli_on_an_unwritable_cache_says_one_line(
    workspace: Path, tmpfs: Callable[[str, str], Path], disk: str, command: list[str]
) -> None:
    cache = tmpfs("cache", disk)
    if "ro" not in disk:
        fill(cache)
    done = _run(workspace, *command, "--cache-dir", str(cache))
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("qgpt-lsp:")]
    assert len(warnings) == 1 and "keeping the index in memory" in warnings[0]
    assert "Traceback" not in done.stderr
    if command[0] == "search":
        assert "books/ledger.py" in done.stdout


def test_the_cli_says_one_line_for_an_os_error(workspace: Path, cache: Path) -> None:
    done = _run(
        workspace, "ask", "why?", "--file", "books", "--answerer", "grounded",
        "--cache-dir", str(cache),
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"qgpt-lsp ask: Is a directory ({workspace / 'books'})"
    ]


async def test_the_language_server_uses_the_index_the_cli_built(
    workspace: Path, cache: Path
) -> None:
    done = await asyncio.to_thread(_run, workspace, "index", ".", "--cache-dir", str(cache))
    assert done.returncode == 0, done.stderr
    slot = BackendSlot(cache)  # how the language server makes its engine
    engine = await slot.get(Settings(backend="embedded", answerer="grounded"), [workspace])
    try:
        assert isinstance(engine, IndexedBackend)
        status = await engine.build_index()  # in a child process, as in the editor
        assert "0 indexed, 7 unchanged" in status.message
    finally:
        await slot.aclose()


@pytest.mark.parametrize("configured", [None, "/srv/qgpt-cache"])
def test_every_entry_point_finds_the_same_cache_dir(
    monkeypatch: pytest.MonkeyPatch, configured: str | None
) -> None:
    if configured is None:
        monkeypatch.delenv("QGPT_LSP_CACHE_DIR", raising=False)
    else:
        monkeypatch.setenv("QGPT_LSP_CACHE_DIR", configured)
    assert server_cache_dir() == default_cache_dir()  # the language server's, the CLI's
