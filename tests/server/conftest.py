"""Fixtures for the language server tests: a real git workspace, a tmp cache dir,
and pytest-lsp sessions with a real ``qgpt-lsp`` subprocess.
"""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from tests.fakes.fixtures import fake_pieces_os, fake_pieces_os_url  # noqa: F401

from .session import LSPSession, open_session

CALC = '''"""Small arithmetic helpers used by the report."""


def add(left: int, right: int) -> int:
    """Add two numbers."""
    return left + right


def divide(total: float, count: int) -> float:
    """The mean of ``count`` values summing to ``total``."""
    return total / count
'''

REPORT = '''"""Builds the monthly report from the ledger."""

from app.calc import add, divide


def monthly_mean(values: list[int]) -> float:
    total = 0
    for value in values:
        total = add(total, value)
    return divide(total, len(values))
'''

README = "# Ledger\n\nComputes monthly means of ledger values with `app.calc.divide`.\n"


def _git(cwd: Path, *args: str, author: tuple[str, str] | None = None) -> None:
    env_author = author or ("Ada Lovelace", "ada@example.com")
    env = {
        "GIT_AUTHOR_NAME": env_author[0],
        "GIT_AUTHOR_EMAIL": env_author[1],
        "GIT_COMMITTER_NAME": env_author[0],
        "GIT_COMMITTER_EMAIL": env_author[1],
        "HOME": str(cwd),
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=30)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A git repository with a few Python files, written by two people."""
    root = tmp_path / "ws"
    (root / "app").mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "calc.py").write_text(CALC)
    (root / "README.md").write_text(README)
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "Add calc helpers")
    (root / "app" / "report.py").write_text(REPORT)
    _git(root, "add", ".")
    _git(
        root,
        "commit",
        "-q",
        "-m",
        "Add the monthly report",
        author=("Grace Hopper", "grace@example.com"),
    )
    return root


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


SessionFactory = Callable[..., AbstractAsyncContextManager[LSPSession]]


@pytest.fixture
def lsp(workspace: Path, cache_dir: Path) -> SessionFactory:
    """``async with lsp(settings={...}, client="neovim") as session:`` a live server."""

    def factory(**kwargs: object) -> AbstractAsyncContextManager[LSPSession]:
        return open_session(workspace, cache_dir, **kwargs)  # type: ignore[arg-type]

    return factory


@pytest.fixture
async def embedded(lsp: SessionFactory) -> AsyncIterator[LSPSession]:
    """A session on the embedded engine (grounded answerer: no model needed)."""
    async with lsp(settings={"backend": "embedded", "answerer": "grounded"}) as session:
        yield session
