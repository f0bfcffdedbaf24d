"""Relays one streaming answer: work-done progress, ``qgpt/answerDelta``, the Markdown file.

Progress is created only when the client advertises ``window.workDoneProgress``
(or passed a ``workDoneToken``). Report messages are the answer cut at line
ends (or every ~80 characters at a space): each is showable on its own, and
together they are the whole answer. The end message says how it ended.
"""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types

from ...wire import new_id
from ..server import QGPTLanguageServer
from .document import AnswerDocument

__all__ = ["ANSWER_DELTA", "AnswerRelay", "cut_showable"]

#: Our custom notification: ``{token, conversation, delta, done}``.
ANSWER_DELTA = "qgpt/answerDelta"

_log = logging.getLogger(__name__)
_REPORT_WIDTH = 80


def cut_showable(pending: str) -> tuple[str, str]:
    """Split ``pending`` into (text to report now, text to keep buffering)."""
    newline = pending.rfind("\n")
    if newline >= 0:
        return pending[: newline + 1], pending[newline + 1 :]
    if len(pending) < _REPORT_WIDTH:
        return "", pending
    space = pending.rfind(" ", _REPORT_WIDTH // 2)
    cut = space + 1 if space >= 0 else len(pending)
    return pending[:cut], pending[cut:]


class AnswerRelay:
    """Where the deltas of one answer go; ``begin`` ... ``delta``* ... ``end`` (always)."""

    def __init__(
        self,
        server: QGPTLanguageServer,
        conversation: str,
        document: AnswerDocument,
        token: types.ProgressToken | None,
    ) -> None:
        self._server = server
        self.conversation = conversation
        self.document = document
        self.token = token
        self._pending = ""
        self._ended = False

    async def begin(self, title: str) -> None:
        """Create the progress (if the client supports it) and send ``begin``."""
        if self.token is None and self._server.supports_progress:
            self.token = await self._create_token()
        if self.token is not None:
            begin = types.WorkDoneProgressBegin(title=title, cancellable=True, message="asking")
            self._server.work_done_progress.begin(self.token, begin)

    async def _create_token(self) -> types.ProgressToken | None:
        token = f"qgpt-answer-{new_id()}"
        try:
            await self._server.work_done_progress.create_async(token)
        except Exception:
            _log.warning("the client refused a progress token; answering without progress")
            return None
        return token

    def delta(self, text: str) -> None:
        self.document.append(text)
        self._notify(text, done=False)
        if self.token is None:
            return
        self._pending += text
        report, self._pending = cut_showable(self._pending)
        if report:
            self._report(report)

    def end(self, message: str) -> None:
        if self._ended:
            return
        self._ended = True
        if self.token is not None:
            if self._pending:
                self._report(self._pending)
                self._pending = ""
            end = types.WorkDoneProgressEnd(message=message)
            self._server.work_done_progress.end(self.token, end)
        self._notify("", done=True)

    def _report(self, text: str) -> None:
        if self.token is not None:
            report = types.WorkDoneProgressReport(message=text)
            self._server.work_done_progress.report(self.token, report)

    def _notify(self, delta: str, done: bool) -> None:
        params: dict[str, Any] = {
            "token": self.token,
            "conversation": self.conversation,
            "delta": delta,
            "done": done,
        }
        self._server.protocol.notify(ANSWER_DELTA, params)
