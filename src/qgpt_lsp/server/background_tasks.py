"""Background tasks the server owns: referenced until done, exceptions logged.

Nothing here outlives the server: :meth:`TaskSet.cancel_all` runs on shutdown.
A keyed task replaces (cancels) the pending task with the same key, which is
how hovers debounce (cancel the pending work, never sleep).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

__all__ = ["TaskSet"]

_log = logging.getLogger(__name__)


class TaskSet:
    """A set of owned asyncio tasks, optionally keyed for debouncing."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._keyed: dict[object, asyncio.Task[Any]] = {}

    def __len__(self) -> int:
        return len(self._tasks)

    def run(
        self, coroutine: Coroutine[Any, Any, Any], name: str, key: object = None
    ) -> asyncio.Task[Any]:
        """Start ``coroutine``; with ``key``, first cancel the pending task of that key."""
        if key is not None and (pending := self._keyed.pop(key, None)) is not None:
            pending.cancel()
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self._tasks.add(task)
        if key is not None:
            self._keyed[key] = task
        task.add_done_callback(lambda done: self._finished(done, key))
        return task

    def pending(self, key: object) -> bool:
        task = self._keyed.get(key)
        return task is not None and not task.done()

    def _finished(self, task: asyncio.Task[Any], key: object) -> None:
        self._tasks.discard(task)
        if key is not None and self._keyed.get(key) is task:
            del self._keyed[key]
        if not task.cancelled() and (error := task.exception()) is not None:
            _log.error("task %s failed", task.get_name(), exc_info=error)

    async def cancel_all(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
