"""The who-can-help cache hovers read from (filled by hovers and ``qgpt.whoCanHelp``).

Git evidence is slow (blame, log), so hovers only read this cache; a miss
starts the lookup in the background. One lookup runs at a time (its git work
runs in a thread, which cannot be cancelled); a newer miss replaces the one
waiting, so a burst of hovers costs at most two lookups, and nothing sleeps.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsprotocol import types

from .documents import Snapshot
from .extras import persons_for
from .results import PersonResult
from .sources import safe_text

if TYPE_CHECKING:
    from .server import QGPTLanguageServer

__all__ = ["PeopleCache", "region_around", "region_text"]

_log = logging.getLogger(__name__)
#: Most lines a hover region reaches up or down from the hovered line.
REGION_REACH = 60
#: Most regions remembered.
CACHE_SIZE = 512
#: Seconds an empty answer ("nobody found") is trusted.
EMPTY_TTL = 30.0


def region_around(lines: Sequence[str], line: int) -> tuple[int, int]:
    """The top-level block holding ``line``: from its unindented first line to the next one."""

    def starts_block(text: str) -> bool:
        return bool(text.strip()) and not text[0].isspace()

    start = line
    while start > 0 and line - start < REGION_REACH and not starts_block(lines[start]):
        start -= 1
    end = line + 1
    while end < len(lines) and end - line < REGION_REACH and not starts_block(lines[end]):
        end += 1
    return start, max(start, end - 1)


class PeopleCache:
    """Persons per piece of code (keyed by document and the code's text).

    "Nobody found" is kept only for ``EMPTY_TTL`` seconds: the index may simply
    not have been ready yet.
    """

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], tuple[float, list[PersonResult]]] = {}
        self._running_key: tuple[str, str] | None = None
        self._waiting: tuple[QGPTLanguageServer, Snapshot, str] | None = None

    @staticmethod
    def key(uri: str, code: str) -> tuple[str, str]:
        return uri, hashlib.blake2b(code.encode(), digest_size=16).hexdigest()

    def get(self, uri: str, code: str) -> list[PersonResult] | None:
        found = self._found.get(self.key(uri, code))
        if found is None:
            return None
        at, persons = found
        return persons if persons or time.monotonic() - at < EMPTY_TTL else None

    def put(self, uri: str, code: str, persons: list[PersonResult]) -> None:
        if len(self._found) >= CACHE_SIZE:
            self._found.pop(next(iter(self._found)))
        self._found[self.key(uri, code)] = (time.monotonic(), persons)

    async def look_up(self, ls: QGPTLanguageServer, snapshot: Snapshot, code: str) -> None:
        backend = await ls.backend()
        text = await safe_text(snapshot.path, code)
        self.put(snapshot.uri, code, await persons_for(backend, text, snapshot))

    def look_up_soon(self, ls: QGPTLanguageServer, snapshot: Snapshot, code: str) -> None:
        """Look ``code`` up in the background: one lookup runs at a time (git work in a
        thread cannot be cancelled), and only the newest waiting request is kept."""
        key = self.key(snapshot.uri, code)
        if key == self._running_key:
            return
        self._waiting = (ls, snapshot, code)
        if self._running_key is None:
            self._start_waiting()

    def _start_waiting(self) -> None:
        if self._waiting is None:
            return
        ls, snapshot, code = self._waiting
        self._waiting = None
        self._running_key = self.key(snapshot.uri, code)
        ls.tasks.run(self._run(ls, snapshot, code), name="who-can-help")

    async def _run(self, ls: QGPTLanguageServer, snapshot: Snapshot, code: str) -> None:
        try:
            await self.look_up(ls, snapshot, code)
        except asyncio.CancelledError:
            self._waiting = None  # shutting down: start nothing new
            raise
        finally:
            self._running_key = None
            self._start_waiting()


def region_text(lines: Sequence[str], line: int) -> tuple[types.Range, str]:
    """The block around ``line`` (see :func:`region_around`): its range and its text."""
    start, end = region_around(lines, min(line, max(0, len(lines) - 1)))
    region = types.Range(
        start=types.Position(line=start, character=0),
        end=types.Position(line=end + 1, character=0),
    )
    return region, "".join(lines[start : end + 1])
