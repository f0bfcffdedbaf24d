"""HEAD's commit read from .git files agrees with ``git rev-parse HEAD``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from qgpt_lsp.engine.people.git import _head_from_files, head_commit


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "ada@example.com")
    git(tmp_path, "config", "user.name", "Ada")
    for n in range(2):
        (tmp_path / "a.txt").write_text(f"version {n}\n")
        git(tmp_path, "add", "a.txt")
        git(tmp_path, "commit", "-q", "-m", f"commit {n}")
    return tmp_path


@pytest.mark.parametrize("state", ["loose ref", "packed ref", "detached"])
def test_head_from_files_matches_git(repo: Path, state: str) -> None:
    if state == "packed ref":
        git(repo, "pack-refs", "--all")
        assert not (repo / ".git" / "refs" / "heads" / "main").exists()
    if state == "detached":
        git(repo, "checkout", "-q", "--detach", "HEAD~1")
    assert _head_from_files(repo / ".git") == git(repo, "rev-parse", "HEAD")
    assert head_commit(repo) == git(repo, "rev-parse", "HEAD")


def test_a_repository_without_commits_has_no_head(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    assert _head_from_files(tmp_path / ".git") is None
    assert head_commit(tmp_path) is None
