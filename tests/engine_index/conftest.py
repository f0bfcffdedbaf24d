"""Real git repositories in tmp dirs, and indexes over them with a private cache."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from qgpt_lsp.engine.index import IndexSettings, WorkspaceIndex

CLIENT_PY = '''"""A tiny HTTP client."""

import json

DEFAULT_TIMEOUT = 5.0


class HTTPClient:
    """Sends requests and follows redirects."""

    max_redirects = 20

    def parse_response(self, raw: bytes) -> dict:
        """Decode the JSON body of a response."""
        return json.loads(raw)

    def follow_redirects(self, response: dict) -> dict:
        location = response["location"]
        return {"url": location}


def retry_with_backoff(attempts: int) -> float:
    return 0.5 * 2 ** attempts
'''

README_MD = "# Demo\n\nThe demo client speaks plain HTTP to the weather service.\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=30)


def write(repo: Path, relative: str, content: str | bytes) -> Path:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with a small Python package and a README, committed."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    write(root, "src/client.py", CLIENT_PY)
    write(root, "README.md", README_MD)
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "init")
    return root


@pytest.fixture
def make_index(tmp_path: Path) -> Callable[..., WorkspaceIndex]:
    """Open an index over given roots with a private cache; closed at teardown."""
    opened: list[WorkspaceIndex] = []

    def make(*roots: Path, **settings: int) -> WorkspaceIndex:
        index = WorkspaceIndex(list(roots), IndexSettings(**settings), tmp_path / "cache")
        opened.append(index)
        return index

    yield make
    for index in opened:
        index.close()


def found_paths(index: WorkspaceIndex, query: str) -> set[str]:
    """Names of the files whose chunks match ``query``."""
    return {hit.chunk.path.name for hit in index.search(query, limit=50)}
