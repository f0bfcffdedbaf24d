"""The answers in flight, by conversation, progress token and request id.

Every way to stop an answer lands here: ``qgpt.stop`` (by conversation),
``window/workDoneProgress/cancel`` (by token) and ``$/cancelRequest`` (by the
request id of the ``workspace/executeCommand`` that asked).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lsprotocol import types

from .streaming import StreamRun, stop_run

if TYPE_CHECKING:
    from .server import QGPTLanguageServer

__all__ = ["AskRegistry"]


class AskRegistry:
    """Runs in flight; at most one per conversation."""

    def __init__(self, server: QGPTLanguageServer) -> None:
        self._server = server
        self._by_conversation: dict[str, StreamRun] = {}

    def __len__(self) -> int:
        return len(self._by_conversation)

    @contextlib.contextmanager
    def track(self, run: StreamRun, conversation: str) -> Iterator[None]:
        """Register ``run`` for the duration of the ``with`` block."""
        protocol = self._server.protocol
        msg_id = protocol.msg_id
        if msg_id is not None:
            protocol.cancel_hooks[msg_id] = lambda: self._stop_soon(run, "cancel")
        self._by_conversation[conversation] = run
        try:
            yield
        finally:
            self._by_conversation.pop(conversation, None)
            if msg_id is not None:
                protocol.cancel_hooks.pop(msg_id, None)

    async def stop_conversation(self, conversation: str) -> bool:
        """Stop the answer streaming in ``conversation``; False when none is."""
        run = self._by_conversation.get(conversation)
        if run is None:
            return False
        await stop_run(run)
        return True

    async def stop_all(self) -> None:
        """Stop every answer in flight (on shutdown): each returns "stopped"."""
        runs = list(self._by_conversation.values())
        await asyncio.gather(*(stop_run(run) for run in runs), return_exceptions=True)

    def stop_token(self, token: types.ProgressToken) -> bool:
        for run in self._by_conversation.values():
            if run.relay.token == token:
                self._stop_soon(run, "progress-cancel")
                return True
        return False

    def _stop_soon(self, run: StreamRun, why: str) -> None:
        self._server.tasks.run(stop_run(run), name=f"stop-{why}")
