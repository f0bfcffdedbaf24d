"""The LSP protocol with two changes: ``$/cancelRequest`` stops a streaming answer
(so the request still returns, with status "stopped" and the partial answer), and
``workspace/executeCommand`` keeps the request's ``workDoneToken`` for the command.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from typing import Any

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

__all__ = ["QGPTProtocol"]

_log = logging.getLogger(__name__)

MsgId = int | str


class QGPTProtocol(LanguageServerProtocol):
    """pygls' protocol, plus cancel hooks and work-done tokens per request id."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cancel_hooks: dict[MsgId, Callable[[], None]] = {}
        self.work_done_tokens: dict[MsgId, types.ProgressToken] = {}

    @lsp_method(types.WORKSPACE_EXECUTE_COMMAND)
    def lsp_workspace__execute_command(
        self, params: types.ExecuteCommandParams
    ) -> Generator[Any, Any, Any]:
        msg_id = self.msg_id
        if params.work_done_token is not None and msg_id is not None:
            self.work_done_tokens[msg_id] = params.work_done_token
        try:
            return (yield from super().lsp_workspace__execute_command(params))
        finally:
            if msg_id is not None:
                self.work_done_tokens.pop(msg_id, None)

    def _handle_cancel_notification(self, msg_id: MsgId) -> None:
        hook = self.cancel_hooks.get(msg_id)
        if hook is None:
            super()._handle_cancel_notification(msg_id)
            return
        _log.info("request %s cancelled: stopping its answer", msg_id)
        hook()
