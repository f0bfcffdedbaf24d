"""The feature boundary: typed command registration and error handling in one place.

A command handler is ``async def handler(ls, args: SomeArgs) -> result``; the
boundary structures the one argument object, and turns every failure into a
JSON-RPC error with a short message, also shown to the user (who asked for the
command). The server keeps serving either way.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams

from ..errors import INVALID_PARAMS, QGPTError, rpc_code
from .arguments import structure_arguments
from .server import QGPTLanguageServer

__all__ = ["as_rpc_error", "command", "describe"]

_log = logging.getLogger(__name__)

A = TypeVar("A")
Handler = Callable[[QGPTLanguageServer, A], Awaitable[Any]]


def describe(error: BaseException) -> str:
    """A short sentence for the user: our errors say it themselves."""
    if isinstance(error, QGPTError):
        return str(error) or type(error).__name__
    return f"internal error ({type(error).__name__}); see the server log"


def as_rpc_error(error: BaseException) -> JsonRpcException:
    """The JSON-RPC error for ``error``, its code from the one map (``errors.rpc_code``)."""
    if isinstance(error, JsonRpcException):
        return error
    if rpc_code(error) == INVALID_PARAMS:
        return JsonRpcInvalidParams(message=describe(error))
    return JsonRpcInternalError(message=describe(error))


def command(
    server: QGPTLanguageServer, name: str, kind: type[A]
) -> Callable[[Handler[A]], Handler[A]]:
    """Register ``name``: structure its argument object as ``kind``, guard the call."""

    def register(handler: Handler[A]) -> Handler[A]:
        @server.command(name)
        async def run(ls: QGPTLanguageServer, *arguments: Any) -> Any:
            try:
                args = structure_arguments(name, list(arguments), kind)
                return await handler(ls, args)
            except (QGPTError, JsonRpcException) as error:
                ls.tell(f"{name}: {describe(error) if isinstance(error, QGPTError) else error}")
                raise as_rpc_error(error) from None
            except Exception as error:
                _log.exception("%s failed", name)
                ls.tell(f"{name}: {describe(error)}")
                raise as_rpc_error(error) from None

        return handler

    return register
