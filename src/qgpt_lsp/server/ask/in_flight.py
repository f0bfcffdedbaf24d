"""The answers streaming now, by conversation, progress token and request id.

This is the one place that keeps "one answer per conversation": a second ask
in a conversation that is still answering is refused here. Every way to stop
an answer lands here too: ``qgpt.stop`` (by conversation),
``window/workDoneProgress/cancel`` (by token), ``$/cancelRequest`` (by the id
of the ``workspace/executeCommand`` request that asked) and shutdown (all).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import Protocol

from lsprotocol import types

from ...errors import RequestRejected
from ..background_tasks import TaskSet
from ..protocol import QGPTProtocol

__all__ = ["AnswersInFlight", "Stoppable"]


class Stoppable(Protocol):
    """An answer in flight, as far as stopping it goes."""

    @property
    def token(self) -> types.ProgressToken | None:
        """Its work-done progress token, if it has one."""
        ...

    async def stop(self) -> None:
        """Stop it; it still ends normally (status "stopped", the answer so far)."""
        ...


class AnswersInFlight:
    """At most one answer per conversation, and the ways to stop them."""

    def __init__(self, protocol: QGPTProtocol, tasks: TaskSet) -> None:
        self._protocol = protocol
        self._tasks = tasks
        self._by_conversation: dict[str, Stoppable] = {}

    def __len__(self) -> int:
        return len(self._by_conversation)

    @contextlib.contextmanager
    def track(self, answer: Stoppable, conversation: str) -> Iterator[None]:
        """Hold ``conversation`` for ``answer`` during the ``with`` block; a conversation
        that is still answering is refused (RequestRejected)."""
        if conversation in self._by_conversation:
            raise RequestRejected(
                f"conversation {conversation} is still answering; stop it or use another one"
            )
        msg_id = self._protocol.msg_id
        if msg_id is not None:
            self._protocol.cancel_hooks[msg_id] = lambda: self._stop_soon(answer, "cancel")
        self._by_conversation[conversation] = answer
        try:
            yield
        finally:
            del self._by_conversation[conversation]
            if msg_id is not None:
                self._protocol.cancel_hooks.pop(msg_id, None)

    async def stop_conversation(self, conversation: str) -> bool:
        """Stop the answer streaming in ``conversation``; False when none is."""
        answer = self._by_conversation.get(conversation)
        if answer is None:
            return False
        await answer.stop()
        return True

    async def stop_all(self) -> None:
        """Stop every answer in flight (on shutdown): each returns "stopped"."""
        answers = list(self._by_conversation.values())
        await asyncio.gather(*(answer.stop() for answer in answers), return_exceptions=True)

    def stop_token(self, token: types.ProgressToken) -> bool:
        """Stop the answer reporting progress on ``token``; False when none does."""
        for answer in self._by_conversation.values():
            if answer.token == token:
                self._stop_soon(answer, "progress-cancel")
                return True
        return False

    def _stop_soon(self, answer: Stoppable, why: str) -> None:
        self._tasks.run(answer.stop(), name=f"stop-{why}")
