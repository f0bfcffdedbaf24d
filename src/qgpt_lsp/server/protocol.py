"""``QGPTProtocol``: pygls' protocol, changed only where pygls 2 has no public hook.

Every override of pygls lives here, each with the reason no public API does it:

- ``workspace/executeCommand``: pygls hands a command handler its arguments
  only; the request's ``workDoneToken`` is kept here, by request id.
- ``$/cancelRequest``: pygls cancels the request's future, which answers
  RequestCancelled at once while the command goes on running; an answer in
  flight must instead stop and still return (status "stopped", the answer so
  far). pygls dispatches this notification to its private
  ``_handle_cancel_notification`` only, so that is overridden.
  A cancel for a request already answered is the normal race of a client
  moving on, not worth pygls' warning: it is logged at debug level.
- ``shutdown``: pygls iterates its private ``_request_futures`` while cancelling
  them, and a cancelled request's callback removes itself from that dict
  ("dictionary changed size during iteration"; pygls issue #606). The copy is
  the fix pygls is expected to take.
- ``textDocument/didChange``: pygls applies a range past the end of the document
  without a word; each change is clamped first (:mod:`.state.edits`) and the
  clamp reported as a warning (a notification has no answer to carry an error).
- Unreadable params: pygls only logs them, leaving the client waiting forever.
  A request whose params cannot be read becomes a request for
  ``$/qgpt/invalidParams``, whose handler raises InvalidParams, so the answer
  goes out through pygls' normal request path (public API only).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from typing import Any

import cattrs
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import JsonRPCRequestMessage, LanguageServerProtocol, lsp_method

from .state.edits import clamped

__all__ = ["INVALID_PARAMS", "QGPTProtocol"]

#: The stand-in method of a request whose params could not be read.
INVALID_PARAMS = "$/qgpt/invalidParams"

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

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        for change in params.content_changes:  # pygls' own loop, each change clamped first
            document = self.workspace.text_documents.get(params.text_document.uri)
            if document is not None:
                change, problem = clamped(document.lines, change)
                if problem:
                    self._warn(f"didChange of {document.filename}: {problem}")
            self.workspace.update_text_document(params.text_document, change)
        if (user_handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield user_handler, (params,), None

    def _warn(self, message: str) -> None:
        _log.warning("%s", message)
        log = types.LogMessageParams(type=types.MessageType.Warning, message=message)
        self.notify(types.WINDOW_LOG_MESSAGE, log)

    def _handle_cancel_notification(self, msg_id: MsgId) -> None:
        hook = self.cancel_hooks.get(msg_id)
        if hook is None and msg_id not in self._request_futures:
            # answered already: clients cancel hovers and code actions as the user moves
            # on, and the answer crossed the cancel (pygls warns of an "unknown message id")
            _log.debug("cancel for request %s, already answered", msg_id)
            return
        if hook is None:
            super()._handle_cancel_notification(msg_id)
            return
        _log.info("request %s cancelled: stopping its answer", msg_id)
        hook()

    @lsp_method(types.SHUTDOWN)
    def lsp_shutdown(self, *args: Any) -> Generator[Any, Any, None]:
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
            return JsonRPCRequestMessage(
                id=data["id"], method=INVALID_PARAMS, jsonrpc=self.VERSION, params=message
            )

    @lsp_method(INVALID_PARAMS)
    def answer_invalid_params(self, message: str) -> None:
        """The answer to a request whose params could not be read."""
        raise JsonRpcInvalidParams(message=message)


def _why(cause: BaseException | None) -> str:
    if isinstance(cause, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(cause, path="params")[:3])
    return "unreadable"
