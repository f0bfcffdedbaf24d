"""Who can help with some lines: git blame of exactly those lines, CODEOWNERS, no bots.

Blame runs in a worker thread. When it takes longer than ``blame_timeout``
seconds, the answer comes at once from ``git log -- path`` and the blame keeps
running in the background to fill the cache for the next ask.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from ...errors import GitFailed
from ...wire import Persons, QGPTPersonsRelatedOutput
from .blame import Authored, BlameCache, blame_lines, log_commits
from .codeowners import owners_for
from .git import head_commit, repo_of
from .rank import Contribution, explain_commits, explain_lines, tally, to_person

log = logging.getLogger(__name__)
MAX_PEOPLE = 8


@dataclass(frozen=True)
class LineRange:
    """Lines ``start..end`` (1-based, inclusive) of a file in a git work tree."""

    path: Path
    start: int
    end: int


class PeopleFinder:
    """Answers ``/qgpt/persons/related`` for line ranges."""

    def __init__(self, blame_timeout: float = 2.0) -> None:
        self.blame_timeout = blame_timeout
        self._cache = BlameCache()
        self._background: set[asyncio.Task[list[Authored]]] = set()

    async def for_ranges(self, ranges: list[LineRange]) -> QGPTPersonsRelatedOutput:
        """The people for these ranges, best first, each with the evidence."""
        now = time.time()
        ranges = [r for r in [await asyncio.to_thread(_clamp, r) for r in ranges] if r]
        if not ranges:
            return _output([], {})
        blamed: list[Authored] = []
        complete = True
        for item in ranges:
            lines = await self._blame(item)
            complete = complete and lines is not None
            blamed.extend(lines or [])
        if complete:
            people = tally(blamed, now)
            scope = _scope(ranges)
            notes = {p.id: explain_lines(p, len(blamed), scope, now) for p in people}
        else:
            people, notes = await self._from_log(ranges[0], now)
        return await self._with_owners(people[:MAX_PEOPLE], notes, ranges[0])

    async def _blame(self, item: LineRange) -> list[Authored] | None:
        """Blame lines (cached); None when it is still running after the timeout."""
        key = await asyncio.to_thread(self._key, item)
        if key is None:
            return []
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        task = asyncio.create_task(asyncio.to_thread(self._blame_and_store, item, key))
        self._background.add(task)
        task.add_done_callback(self._done)
        done, _ = await asyncio.wait({task}, timeout=self.blame_timeout)
        return task.result() if task in done else None

    def _key(self, item: LineRange) -> tuple[str, ...] | None:
        repo = repo_of(item.path)
        head = head_commit(repo) if repo else None
        if repo is None or head is None:
            return None
        return self._cache.key(repo, head, item.path, item.start, item.end)

    def _blame_and_store(self, item: LineRange, key: tuple[str, ...]) -> list[Authored]:
        repo = Path(key[0])
        try:
            lines = blame_lines(repo, _relative(repo, item.path), item.start, item.end)
        except GitFailed as error:
            log.info("git blame %s: %s", item.path, error)
            lines = []
        self._cache.put(key, lines)
        return lines

    def _done(self, task: asyncio.Task[list[Authored]]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background blame failed", exc_info=task.exception())

    async def settle(self) -> None:
        """Wait for background blames (tests, shutdown)."""
        if self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)

    async def _from_log(
        self, item: LineRange, now: float
    ) -> tuple[list[Contribution], dict[str, str]]:
        repo = repo_of(item.path)
        if repo is None:
            return [], {}
        relative = _relative(repo, item.path)
        try:
            commits = await asyncio.to_thread(log_commits, repo, relative)
        except GitFailed:
            return [], {}
        people = tally(commits, now)
        return people, {p.id: explain_commits(p, len(commits), relative, now) for p in people}

    async def _with_owners(
        self, people: list[Contribution], notes: dict[str, str], item: LineRange
    ) -> QGPTPersonsRelatedOutput:
        repo = repo_of(item.path)
        owners = owners_for(repo, _relative(repo, item.path)) if repo else []
        by_email = {p.email.lower(): p for p in people}
        for owner in owners:
            known = by_email.get(owner.owner.lower())
            shown = _relative(repo, item.path) if repo else item.path.name
            note = f"code owner of {shown} (CODEOWNERS `{owner.rule}`)"
            if known is not None:
                notes[known.id] += f"; {note}"
                continue
            stamp = int(owner.source.stat().st_mtime)
            email = owner.owner if not owner.owner.startswith("@") else ""
            who = Contribution(owner.owner, email, first=stamp, last=stamp)
            people.append(who)
            notes[who.id] = note
        return _output(people, notes)

    async def aclose(self) -> None:
        for task in list(self._background):
            task.cancel()
        await self.settle()


def _clamp(item: LineRange) -> LineRange | None:
    """The range cut to the file's length (git blame refuses lines past the end)."""
    try:
        data = item.path.read_bytes()
    except OSError:
        return None
    count = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    end = min(max(item.end, item.start), count)
    return LineRange(item.path, item.start, end) if 1 <= item.start <= end else None


def _relative(repo: Path, path: Path) -> str:
    return path.resolve().relative_to(repo.resolve()).as_posix()


def _scope(ranges: list[LineRange]) -> str:
    parts = []
    for item in ranges:
        repo = repo_of(item.path)
        shown = _relative(repo, item.path) if repo else item.path.name
        parts.append(f"lines {item.start}-{item.end} of {shown}")
    return parts[0] if len(parts) == 1 else "the " + "; ".join(parts)


def _output(people: list[Contribution], notes: dict[str, str]) -> QGPTPersonsRelatedOutput:
    persons = [to_person(p) for p in people]
    return QGPTPersonsRelatedOutput(
        persons=Persons(iterable=persons),
        explanations={p.id: notes[p.id] for p in people if p.id in notes},
    )
