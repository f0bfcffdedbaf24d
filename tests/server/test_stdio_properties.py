"""Property test over raw stdio: random valid-shaped and malformed messages, written as bytes
to the real server's stdin, and after each one a known-good request must be answered.

Valid-shaped: requests and notifications of the methods the server has (hover, code
actions, every command, didOpen/didChange/didClose with random text and ranges, cancel),
with random params. Malformed: wrong ``Content-Length``, broken or non-object JSON, bytes
that are not UTF-8, garbage between frames, JSON-RPC with missing or odd fields.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qgpt_lsp.server import COMMANDS

from .raw_stdio import RawServer, frame
from .strategies import json_value, positions, ranges

EXAMPLES = 120


def _documents(uri: str) -> st.SearchStrategy[Any]:
    return st.one_of(st.fixed_dictionaries({"uri": st.just(uri)}), json_value)


def _valid_shaped(uri: str) -> st.SearchStrategy[tuple[str, Any, bool]]:
    """``(method, params, is_request)`` shaped like the protocol, values at random."""
    change = st.one_of(
        st.fixed_dictionaries({"range": ranges, "text": st.text(max_size=20)}),  # any range
        st.fixed_dictionaries({"text": st.text(max_size=40)}),
        json_value,
    )
    arguments = st.one_of(
        st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "uri": st.sampled_from([uri, "file:///etc/passwd", "", "untitled:x"]),
                    "range": ranges,
                    "question": st.text(max_size=30),
                    "query": st.text(max_size=30),
                    "pipeline": json_value,
                    "conversation": json_value,
                },
            ),
            max_size=1,
        ),
        json_value,
    )
    at = st.fixed_dictionaries({"textDocument": _documents(uri), "position": positions})
    return st.one_of(
        st.tuples(st.just("textDocument/hover"), st.one_of(at, json_value), st.just(True)),
        st.tuples(
            st.just("textDocument/codeAction"),
            st.one_of(
                st.fixed_dictionaries(
                    {"textDocument": _documents(uri), "range": ranges, "context": json_value}
                ),
                json_value,
            ),
            st.just(True),
        ),
        st.tuples(
            st.just("workspace/executeCommand"),
            st.fixed_dictionaries(
                {"command": st.sampled_from([*COMMANDS, "qgpt.nothing"]), "arguments": arguments}
            ),
            st.just(True),
        ),
        st.tuples(
            st.just("textDocument/didChange"),
            st.fixed_dictionaries(
                {
                    "textDocument": st.fixed_dictionaries(
                        {"uri": st.just(uri), "version": st.integers(-5, 10**6)}
                    ),
                    "contentChanges": st.lists(change, max_size=3),
                }
            ),
            st.just(False),
        ),
        st.tuples(
            st.sampled_from(["textDocument/didOpen", "textDocument/didClose"]),
            st.fixed_dictionaries(
                {
                    "textDocument": st.fixed_dictionaries(
                        {
                            "uri": st.sampled_from([uri, uri + ".other", "file:///etc/x"]),
                            "languageId": st.just("python"),
                            "version": st.integers(0, 5),
                            "text": st.text(max_size=80),
                        }
                    )
                }
            ),
            st.just(False),
        ),
        st.tuples(
            st.sampled_from(["$/cancelRequest", "qgpt/unknown", "$/setTrace"]),
            json_value,
            st.booleans(),
        ),
    )


def _frames(uri: str) -> st.SearchStrategy[bytes]:
    """The bytes of one valid-shaped message, or of something broken."""

    def message(shape: tuple[str, Any, bool]) -> dict[str, Any]:
        method, params, is_request = shape
        built = {"jsonrpc": "2.0", "method": method, "params": params}
        return {**built, "id": str(uuid.uuid4())} if is_request else built

    valid = _valid_shaped(uri).map(message)
    return st.one_of(
        valid.map(frame),
        st.tuples(valid, st.integers(-30, 300).filter(bool)).map(lambda m: frame(m[0], m[1])),
        json_value.map(frame),  # JSON, but not a JSON-RPC message
        st.fixed_dictionaries(
            {},
            optional={
                "jsonrpc": st.sampled_from(["2.0", "1.0", None]),
                "id": json_value,
                "method": json_value,
                "params": json_value,
                "result": json_value,
            },
        ).map(frame),
        st.binary(max_size=60).map(lambda b: b"Content-Length: %d\r\n\r\n" % len(b) + b),
        st.binary(max_size=60),  # garbage between frames
    )


def test_the_server_keeps_answering_whatever_it_reads(workspace: Path, cache_dir: Path) -> None:
    server = RawServer(workspace, cache_dir)
    server.initialize()
    uri = server.open("app/calc.py", (workspace / "app" / "calc.py").read_text())
    alive = {"command": "qgpt.newConversation", "arguments": [{}]}
    sent: list[int] = []

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=_frames(uri))
    def check(data: bytes) -> None:
        msg_id = f"alive-{uuid.uuid4()}"
        server.write(data)
        sent.append(len(data))
        reply = server.request(msg_id, "workspace/executeCommand", alive)
        assert "conversation" in json.dumps(reply.get("result")), reply

    try:
        check()
    finally:
        assert server.stop() == 0
    assert len(sent) >= EXAMPLES
