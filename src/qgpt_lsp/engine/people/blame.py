"""``git blame --porcelain -L a,b`` parsed, and cached per HEAD commit and file content.

git applies ``.mailmap`` to blame's author name and mail itself, so the
authors read here are already the canonical identities.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from .git import git

#: The author git blame reports for lines changed in the work tree.
UNCOMMITTED_EMAIL = "not.committed.yet"


@dataclass(frozen=True)
class Authored:
    """One line (blame) or one commit (log): who, when, and the commit's subject."""

    commit: str
    name: str
    email: str
    time: int  # seconds since the epoch
    summary: str
    line: int = 0  # the 1-based line it covers now (0 for a commit from log)


def parse_porcelain(text: str) -> list[Authored]:
    """The lines of ``git blame --porcelain`` output, with their commits' authors."""
    commits: dict[str, dict[str, str]] = {}
    lines: list[Authored] = []
    current: dict[str, str] = {}
    sha, final = "", 0
    for row in text.splitlines():
        if row.startswith("\t"):
            info = commits.setdefault(sha, current)
            lines.append(_line(sha, info, final))
            continue
        head, _, rest = row.partition(" ")
        if len(head) == 40 and rest[:1].isdigit():
            sha, final = head, int(rest.split()[1])
            current = commits.get(sha, {})
            continue
        current[head] = rest
    return lines


def _line(sha: str, info: dict[str, str], final: int) -> Authored:
    return Authored(
        commit=sha,
        name=info.get("author", ""),
        email=info.get("author-mail", "").strip("<>"),
        time=int(info.get("author-time", "0") or 0),
        summary=info.get("summary", ""),
        line=final,
    )


def blame_lines(repo: Path, relative: str, start: int, end: int) -> list[Authored]:
    """Blame lines ``start..end`` (1-based, inclusive) of ``relative`` (blocking)."""
    out = git(repo, "blame", "--porcelain", "-w", f"-L{start},{end}", "--", relative)
    return [line for line in parse_porcelain(out) if line.email != UNCOMMITTED_EMAIL]


def log_commits(repo: Path, relative: str, count: int = 200) -> list[Authored]:
    """The latest commits touching ``relative``, mailmapped (``%aN``/``%aE``)."""
    out = git(repo, "log", f"-n{count}", "--format=%H%x1f%aN%x1f%aE%x1f%at%x1f%s", "--", relative)
    commits = []
    for row in out.splitlines():
        parts = row.split("\x1f")
        if len(parts) == 5:
            commits.append(Authored(parts[0], parts[1], parts[2], int(parts[3]), parts[4]))
    return commits


class BlameCache:
    """Blame results by (repo, HEAD, file, content hash, range); thread-safe."""

    def __init__(self, limit: int = 512) -> None:
        self._entries: dict[tuple[str, ...], list[Authored]] = {}
        self._lock = threading.Lock()
        self._limit = limit

    @staticmethod
    def key(repo: Path, head: str, path: Path, start: int, end: int) -> tuple[str, ...]:
        try:
            digest = hashlib.sha1(path.read_bytes()).hexdigest()
        except OSError:
            digest = "missing"
        return (str(repo), head, str(path), digest, str(start), str(end))

    def get(self, key: tuple[str, ...]) -> list[Authored] | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: tuple[str, ...], lines: list[Authored]) -> None:
        with self._lock:
            if len(self._entries) >= self._limit:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = lines
