"""``qgpt-lsp ask`` and ``qgpt-lsp who`` as a user runs them, on a real git repo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qgpt_lsp.cli.who import parse_target

from .gitrepo import GitRepo


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(
        [sys.executable, "-m", "qgpt_lsp.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ask_streams_the_answer_then_sources_hints_and_people(
    sample_repo: GitRepo, tmp_path: Path
) -> None:
    done = _run(
        sample_repo.root,
        "ask",
        "what does this do?",
        "--file",
        "src/cache.py",
        "--lines",
        "12-17",
        "--answerer",
        "grounded",
        "--cache-dir",
        str(tmp_path / "c"),
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "evict_oldest (src/cache.py:12-17): Drop the oldest entry and return its key." in out
    assert "12  def evict_oldest(items: dict[str, str]) -> str:" in out
    assert "answered by grounded" in out
    assert "Sources\n  src/cache.py:12-17\n" in out
    assert "• How is `evict_oldest` tested?" in out
    assert "Who can help with src/cache.py:12-17" in out
    assert out.index("Bob Builder") < out.index("Alice Archer")


def test_ask_outside_the_workspace_is_a_clear_error(sample_repo: GitRepo, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.py"
    outside.write_text("x = 1\n")
    done = _run(
        sample_repo.root,
        "ask",
        "what?",
        "--file",
        str(outside),
        "--answerer",
        "grounded",
        "--cache-dir",
        str(tmp_path / "c"),
    )
    assert done.returncode == 1
    assert "error:" in done.stderr and "elsewhere.py" in done.stderr


def test_who_prints_people_and_evidence(sample_repo: GitRepo) -> None:
    done = _run(sample_repo.root, "who", "src/cache.py:14-16")
    assert done.returncode == 0, done.stderr
    assert "Bob Builder" in done.stdout and "bob@example.com" in done.stdout
    assert "wrote 100% of lines 14-16 of src/cache.py" in done.stdout
    assert "Alice" not in done.stdout


def test_who_refuses_a_missing_file(sample_repo: GitRepo) -> None:
    done = _run(sample_repo.root, "who", "missing.py:1-2")
    assert done.returncode == 2 and "no such file" in done.stderr


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("src/a.py:10-20", (Path("src/a.py"), 10, 20)),
        ("src/a.py:7", (Path("src/a.py"), 7, 7)),
        ("src/a.py", (Path("src/a.py"), 1, None)),
        ("C:odd/name.py:3-4", (Path("C:odd/name.py"), 3, 4)),
    ],
)
def test_parse_target(target: str, expected: tuple[Path, int, int | None]) -> None:
    assert parse_target(target) == expected
