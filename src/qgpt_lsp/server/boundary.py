"""The feature boundary: typed command registration and error handling in one place.

A command handler is ``async def handler(ls, args: SomeArgs) -> result``; the
boundary structures the one argument object, and turns every failure into a
JSON-RPC error with a short message (shown to the user for commands, which the
user asked for; only logged for hovers and code actions, which editors send on
their own). The server keeps serving either way.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pygls.exceptions import JsonRpcException, JsonRpcInternalError, JsonRpcInvalidParams

from ..errors import QGPTError, RequestRejected
from .arguments import structure_arguments
from .server import QGPTLanguageServer, describe

__all__ = ["as_rpc_error", "command", "quiet_feature"]

_log = logging.getLogger(__name__)

A = TypeVar("A")
P = TypeVar("P")
R = TypeVar("R")
Handler = Callable[[QGPTLanguageServer, A], Awaitable[Any]]


def as_rpc_error(error: BaseException) -> JsonRpcException:
    if isinstance(error, JsonRpcException):
        return error
    if isinstance(error, RequestRejected):
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


def quiet_feature(
    handler: Callable[[QGPTLanguageServer, P], Awaitable[R]],
) -> Callable[[QGPTLanguageServer, P], Awaitable[R]]:
    """Guard an editor-initiated request: errors go to the log and the JSON-RPC error only."""

    @functools.wraps(handler)
    async def run(ls: QGPTLanguageServer, params: P) -> R:
        try:
            return await handler(ls, params)
        except QGPTError as error:
            _log.info("%s: %s", handler.__name__, describe(error))
            raise as_rpc_error(error) from None
        except Exception as error:
            _log.exception("%s failed", handler.__name__)
            raise as_rpc_error(error) from None

    return run
