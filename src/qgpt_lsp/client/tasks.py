"""Background tasks the client owns: their failures are logged, never lost."""

from __future__ import annotations

import asyncio
import logging

_log = logging.getLogger(__name__)


def log_task_exception(task: asyncio.Task[None]) -> None:
    """A ``done`` callback: log what a background task died of (cancellation is fine)."""
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        _log.error("background task %s failed", task.get_name(), exc_info=error)
