"""The who-can-help cache hovers read from (filled by hovers and ``qgpt.whoCanHelp``).

Git evidence is slow (blame, log), so hovers only read this cache; a miss
starts the lookup in the background. One lookup runs at a time (its git work
runs in a thread, which cannot be cancelled); a newer miss replaces the one
waiting, so a burst of hovers costs at most two lookups, and nothing sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from collections.abc import Awaitable, Callable

from ...backend import Backend
from ..ask.hints_and_persons import persons_for
from ..background_tasks import TaskSet
from ..redaction import safe_text
from ..results import PersonResult
from .documents import Snapshot

__all__ = ["PeopleCache"]

#: Most regions remembered.
CACHE_SIZE = 512
#: Seconds an empty answer ("nobody found") is trusted.
EMPTY_TTL = 30.0

CodeKey = tuple[str, str]


class PeopleCache:
    """Persons per piece of code (keyed by document and the code's text).

    "Nobody found" is kept only for ``EMPTY_TTL`` seconds: the index may simply
    not have been ready yet. Lookups run as ``tasks`` and ask ``backend()``.
    """

    def __init__(self, tasks: TaskSet, backend: Callable[[], Awaitable[Backend]]) -> None:
        self._tasks = tasks
        self._backend = backend
        self._found: dict[CodeKey, tuple[float, list[PersonResult]]] = {}
        self._running_key: CodeKey | None = None
        self._waiting: tuple[Snapshot, str] | None = None
        self._settled = asyncio.Event()  # set (and replaced) each time a lookup ends

    @staticmethod
    def key(uri: str, code: str) -> CodeKey:
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

    async def look_up(self, snapshot: Snapshot, code: str) -> None:
        backend = await self._backend()
        text = await safe_text(snapshot.path, code)
        self.put(snapshot.uri, code, await persons_for(backend, text, snapshot))

    async def found_within(self, uri: str, code: str, seconds: float) -> list[PersonResult] | None:
        """The people for ``code`` once a lookup has put them, waiting at most ``seconds``."""
        deadline = time.monotonic() + seconds
        while (persons := self.get(uri, code)) is None:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._settled.wait(), left)
        return persons

    def look_up_soon(self, snapshot: Snapshot, code: str) -> None:
        """Look ``code`` up in the background: one lookup runs at a time (git work in a
        thread cannot be cancelled), and only the newest waiting request is kept."""
        if self.key(snapshot.uri, code) == self._running_key:
            return
        self._waiting = (snapshot, code)
        if self._running_key is None:
            self._start_waiting()

    def _start_waiting(self) -> None:
        if self._waiting is None:
            return
        snapshot, code = self._waiting
        self._waiting = None
        self._running_key = self.key(snapshot.uri, code)
        self._tasks.run(self._run(snapshot, code), name="who-can-help")

    async def _run(self, snapshot: Snapshot, code: str) -> None:
        try:
            await self.look_up(snapshot, code)
        except asyncio.CancelledError:
            self._waiting = None  # shutting down: start nothing new
            raise
        finally:
            self._running_key = None
            settled, self._settled = self._settled, asyncio.Event()
            settled.set()
            self._start_waiting()
