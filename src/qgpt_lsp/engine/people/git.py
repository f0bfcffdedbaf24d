"""Running git: blocking calls, meant to run in a worker thread, never on the loop."""

from __future__ import annotations

import functools
import logging
import subprocess
from pathlib import Path

from ...errors import GitFailed

log = logging.getLogger(__name__)

#: Seconds any single git call may take before we give up on it.
GIT_TIMEOUT = 60.0


def git(cwd: Path, *args: str, timeout: float = GIT_TIMEOUT) -> str:
    """The stdout of ``git args`` run in ``cwd``; raises :class:`GitFailed`."""
    try:
        done = subprocess.run(
            ["git", "--no-pager", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitFailed(f"git {args[0]} failed: {error}") from error
    if done.returncode != 0:
        raise GitFailed(done.stderr.strip() or f"git {args[0]} exited {done.returncode}")
    return done.stdout


@functools.lru_cache(maxsize=256)
def repo_root(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder``, or None."""
    try:
        return Path(git(folder, "rev-parse", "--show-toplevel", timeout=10).strip())
    except GitFailed:
        return None


def repo_of(path: Path) -> Path | None:
    """The repository holding the file or folder ``path``."""
    folder = path if path.is_dir() else path.parent
    return repo_root(folder) if folder.is_dir() else None


def head_commit(repo: Path) -> str | None:
    """The commit HEAD points to (None in a repository without commits).

    Read from ``.git`` when it is a plain folder (no process to start: this runs
    before every blame), else asked of ``git rev-parse HEAD``.
    """
    found = _head_from_files(repo / ".git")
    if found is not None:
        return found
    try:
        return git(repo, "rev-parse", "HEAD", timeout=10).strip()
    except GitFailed:
        return None


def _head_from_files(gitdir: Path) -> str | None:
    """HEAD's commit from ``.git/HEAD``, a loose ref or ``packed-refs``; None if unsure."""
    try:
        head = (gitdir / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head if _is_commit_id(head) else None
        ref = head.removeprefix("ref: ")
        loose = gitdir / ref
        if loose.is_file():
            commit = loose.read_text().strip()
            return commit if _is_commit_id(commit) else None
        for line in (gitdir / "packed-refs").read_text().splitlines():
            commit, _, name = line.partition(" ")
            if name == ref and _is_commit_id(commit):
                return commit
    except OSError:
        return None
    return None


def _is_commit_id(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


def latest_commits(path: Path, start: int, end: int, count: int = 3) -> list[str]:
    """The latest commits that touched lines ``start..end`` (1-based) of ``path``.

    Falls back to the file's history when ``git log -L`` cannot follow the range.
    Each entry reads ``abc1234 2026-11-20 Alice: fix eviction race``.
    """
    repo = repo_of(path)
    if repo is None:
        return []
    rel = path.relative_to(repo).as_posix()
    form = "--format=%h%x1f%ad%x1f%aN%x1f%s"
    attempts = [
        ["log", "-s", f"-n{count}", form, "--date=short", f"-L{start},{end}:{rel}"],
        ["log", f"-n{count}", form, "--date=short", "--", rel],
    ]
    for args in attempts:
        try:
            out = git(repo, *args, timeout=20)
        except GitFailed as error:
            log.debug("git log on %s: %s", rel, error)
            continue
        lines = [line.split("\x1f") for line in out.splitlines() if "\x1f" in line]
        return [f"{h} {d} {who}: {subject}" for h, d, who, subject in lines[:count]]
    return []
