"""``qgpt-lsp index`` and ``qgpt-lsp search`` on a real repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.cli import index as index_cli
from qgpt_lsp.cli import search as search_cli

from .conftest import write


def test_index_then_search(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "big.txt", "x" * 5000)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert index_cli.main([str(repo), *cache, "--max-file-size", "4000"]) == 0
    out = capsys.readouterr().out
    assert "files    2" in out and "too large: 1" in out and "chunks" in out
    code = search_cli.main(["parse the json response", "--root", str(repo), *cache, "--limit", "3"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0 and 1 <= len(lines) <= 3
    assert lines[0].startswith("src/client.py:13  method HTTPClient.parse_response")


def test_search_errors_are_clear(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache")]
    code = search_cli.main(["x", "--root", str(repo), "--path", str(tmp_path), *cache])
    assert code == 1 and "outside the workspace" in capsys.readouterr().err
    assert search_cli.main(["zzzunknownzzz", "--root", str(repo), *cache]) == 1
    assert index_cli.main([str(repo / "missing"), *cache]) == 2
    assert "not a folder" in capsys.readouterr().err
