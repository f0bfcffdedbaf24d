"""A small real git workspace for the engine: two authors, a few Python files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

CALC = '''"""Arithmetic helpers."""


def add_numbers(left: int, right: int) -> int:
    """Add two numbers and return their sum."""
    return left + right


def multiply_numbers(left: int, right: int) -> int:
    """Multiply two numbers."""
    total = 0
    for _ in range(right):
        total = add_numbers(total, left)
    return total
'''

TOKENS = '''"""Session tokens."""

import hmac


def check_session_token(given: str, expected: str) -> bool:
    """Compare a session token in constant time."""
    return hmac.compare_digest(given.encode(), expected.encode())
'''

AUTHORS = {
    "calc.py": ("Alice Adder", "alice@example.com"),
    "tokens.py": ("Bob Guard", "bob@example.com"),
}


def git(repo: Path, *args: str, author: tuple[str, str] | None = None) -> None:
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    if author:
        name, email = author
        env |= {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
        env |= {"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, timeout=60)


def make_workspace(repo: Path) -> Path:
    """``repo`` as a git repository with ``calc.py`` (Alice) and ``tokens.py`` (Bob)."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    for name, text in (("calc.py", CALC), ("tokens.py", TOKENS)):
        (repo / name).write_text(text, encoding="utf-8")
        git(repo, "add", name)
        git(repo, "commit", "-q", "-m", f"add {name}", author=AUTHORS[name])
    return repo.resolve()
