"""Property test: malformed and random params to every feature and command.

Each request gets a result or a JSON-RPC error that is not an internal error,
and the server answers the next request. Hypothesis runs in a worker thread and
sends through the session's event loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import uuid
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from qgpt_lsp.server import COMMANDS

from .session import LSPSession
from .strategies import HUGE, json_value, positions, ranges

EXAMPLES = 30
#: Bound per request (an ask on the grounded engine takes well under a second).
REQUEST_BOUND = 60.0

FIELDS = ("uri", "range", "question", "conversation", "pipeline", "diagnostic", "query", "paths")


def uris(session: LSPSession) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(
            [
                session.uri("app/calc.py"),
                session.uri("app/missing.py"),
                session.uri("app"),
                "file:///etc/passwd",
                "untitled:Untitled-1",
                "https://example.com/x.py",
                "",
            ]
        ),
        json_value,
    )


def field_values(session: LSPSession) -> dict[str, st.SearchStrategy[Any]]:
    text = st.one_of(st.text(max_size=60), st.just(HUGE), json_value)
    return {
        "uri": uris(session),
        "range": ranges,
        "question": text,
        "query": text,
        "conversation": st.one_of(st.text(max_size=20), json_value),
        "pipeline": json_value,
        "paths": st.one_of(st.lists(st.text(max_size=20), max_size=3), json_value),
        "diagnostic": st.one_of(
            st.fixed_dictionaries({"range": ranges, "message": text}), json_value
        ),
    }


def command_arguments(session: LSPSession) -> st.SearchStrategy[Any]:
    values = field_values(session)
    objects = st.fixed_dictionaries({}, optional={name: values[name] for name in FIELDS})
    return st.one_of(
        st.lists(objects, min_size=1, max_size=1), st.lists(json_value, max_size=3), st.none()
    )


def feature_params(session: LSPSession) -> st.SearchStrategy[Any]:
    document = st.one_of(st.fixed_dictionaries({"uri": uris(session)}), json_value)
    return st.one_of(
        st.fixed_dictionaries(
            {"textDocument": document, "position": st.one_of(positions, json_value)}
        ),
        st.fixed_dictionaries(
            {
                "textDocument": document,
                "range": ranges,
                "context": st.one_of(
                    st.fixed_dictionaries({"diagnostics": st.lists(json_value, max_size=2)}),
                    json_value,
                ),
            }
        ),
        json_value,
    )


def _send(session: LSPSession, loop: asyncio.AbstractEventLoop, method: str, params: Any) -> Any:
    async def request() -> Any:
        # raw JSON-RPC: the test client's typed messages could not even carry these params
        protocol = session.client.protocol
        msg_id = f"fuzz-{uuid.uuid4()}"
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        protocol._request_futures[msg_id] = future
        protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return await asyncio.wait_for(asyncio.wrap_future(future), REQUEST_BOUND)

    return asyncio.run_coroutine_threadsafe(request(), loop).result(REQUEST_BOUND + 5)


def _answered(
    session: LSPSession, loop: asyncio.AbstractEventLoop, method: str, params: Any
) -> None:
    try:
        _send(session, loop, method, params)
    except JsonRpcException as error:
        assert "see the server log" not in error.message, error.message  # an unexpected failure
    alive = _send(
        session,
        loop,
        types.WORKSPACE_EXECUTE_COMMAND,
        {"command": "qgpt.newConversation", "arguments": [{}]},
    )
    assert isinstance(getattr(alive, "conversation", None), str), alive


def _run(check: Callable[[], None]) -> Callable[[], None]:
    return settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))(
        check
    )


async def test_random_params_never_break_the_server(embedded: LSPSession) -> None:
    loop = asyncio.get_running_loop()
    embedded.open("app/calc.py")

    def commands(command: str) -> None:
        @_run
        @given(arguments=command_arguments(embedded))
        def check(arguments: Any) -> None:
            params: dict[str, Any] = {"command": command}
            if arguments is not None:
                params["arguments"] = arguments
            _answered(embedded, loop, types.WORKSPACE_EXECUTE_COMMAND, params)

        check()

    def features() -> None:
        @_run
        @given(
            method=st.sampled_from([types.TEXT_DOCUMENT_HOVER, types.TEXT_DOCUMENT_CODE_ACTION]),
            params=feature_params(embedded),
        )
        def check(method: str, params: Any) -> None:
            _answered(embedded, loop, method, params)

        check()

    await asyncio.to_thread(features)
    for command in COMMANDS:  # EXAMPLES per command
        await asyncio.to_thread(commands, command)
    assert embedded.client.error is None
