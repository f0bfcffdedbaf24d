"""Real git repositories for the engine tests, with chosen authors and dates per commit."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

DAY = 86400


class GitRepo:
    """A git work tree in ``root``; every commit names its author and age."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def commit(
        self, files: dict[str, str], name: str, email: str, days_ago: float, message: str
    ) -> str:
        """Write ``files`` and commit them as ``name <email>``, ``days_ago`` days back."""
        for relative, text in files.items():
            self.write(relative, text)
        self.git("add", "-A")
        stamp = f"@{int(time.time() - days_ago * DAY)} +0000"
        env = {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_COMMITTER_DATE": stamp,
        }
        self.git("commit", "-q", "-m", message, env=env)
        return self.git("rev-parse", "--short", "HEAD").strip()
