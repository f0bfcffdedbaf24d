"""The LSP protocol with four changes: ``$/cancelRequest`` stops a streaming answer
(so the request still returns, with status "stopped" and the partial answer);
``workspace/executeCommand`` keeps the request's ``workDoneToken`` for the command;
and a request whose params cannot be read is answered with an InvalidParams error
(pygls only logs it, which leaves the client waiting forever); and shutdown with
requests in flight does not fail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from typing import Any

import cattrs
from lsprotocol import types
from lsprotocol.types import ResponseError
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import JsonRPCNotification, LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

__all__ = ["QGPTProtocol"]

#: A no-op notification standing in for a request already answered with an error.
_ANSWERED = "$/qgpt/answeredInvalid"

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

    @lsp_method(types.SHUTDOWN)
    def lsp_shutdown(self, *args: Any) -> Generator[Any, Any, None]:
        """pygls' shutdown, iterating over a copy: cancelling a request future runs its
        callback at once, which removes it from the dict being iterated."""
        if (user_handler := self.fm.features.get(types.SHUTDOWN)) is not None:
            yield user_handler, args, None
        current_id = self.msg_id
        for msg_id, future in list(self._request_futures.items()):
            if msg_id != current_id and not future.done():
                future.cancel()
        self._shutdown = True
        return None

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if not (
                isinstance(data, dict) and "id" in data and isinstance(data.get("method"), str)
            ):
                raise
            method = data["method"][:80]
            detail = _why(error.__cause__)
            _log.info("unreadable params for %s: %s", method, detail)
            message = f"invalid params for {method}: {detail}"
            self._send_response(
                data["id"], error=ResponseError(code=JsonRpcInvalidParams.CODE, message=message)
            )
            return JsonRPCNotification(method=_ANSWERED, params=None, jsonrpc=self.VERSION)

    def _handle_cancel_notification(self, msg_id: MsgId) -> None:
        hook = self.cancel_hooks.get(msg_id)
        if hook is None:
            super()._handle_cancel_notification(msg_id)
            return
        _log.info("request %s cancelled: stopping its answer", msg_id)
        hook()


def _why(cause: BaseException | None) -> str:
    if isinstance(cause, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(cause, path="params")[:3])
    return "unreadable"
