"""Bad stdio framing, written as raw bytes to the real server's stdin: a wrong
``Content-Length`` or garbage costs at most that message, and the server keeps answering."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from .raw_stdio import RawServer, frame

NEW_CONVERSATION = {"command": "qgpt.newConversation", "arguments": [{}]}


def _command(msg_id: object) -> dict[str, object]:
    return {
        "jsonrpc": "2.0",
        "id": msg_id,
        "method": "workspace/executeCommand",
        "params": NEW_CONVERSATION,
    }


@pytest.fixture
def server(workspace: Path, cache_dir: Path) -> Iterator[RawServer]:
    raw = RawServer(workspace, cache_dir)
    raw.initialize()
    yield raw
    if raw.process.poll() is None:
        raw.process.kill()
        raw.process.wait()


def _answered(server: RawServer, msg_id: object) -> bool:
    return "conversation" in json.dumps(server.reply(msg_id).get("result"))


@pytest.mark.parametrize("length_change", [-7, -1, 1, 25, 4000])
def test_a_wrong_length_costs_at_most_its_message(server: RawServer, length_change: int) -> None:
    server.write(frame(_command("wrong"), length_change) + frame(_command("next")))
    assert _answered(server, "next")
    server.write(frame(_command("alone"), length_change))  # then wait, as an editor does
    server.write(frame(_command("after")))
    assert _answered(server, "after")
    assert server.stop() == 0


@pytest.mark.parametrize(
    "junk",
    [
        b"garbage\r\n\r\n",
        b"Content-Length: 12\r\n\r\n{not json!!}",
        b'Content-Length: 40\r\n\r\n{"jsonrpc": "2.0", "id": 9, "method"',
        b"Content-Type: text/plain\r\n\r\nhello",
        b"\x00\xff\xfe" * 10,
        b"Content-Length: 2\r\n\r\n[]",
    ],
    ids=["no-header", "not-json", "cut-json", "no-length", "binary", "not-an-object"],
)
def test_garbage_between_messages_is_skipped(server: RawServer, junk: bytes) -> None:
    server.write(junk + frame(_command("next")))
    assert _answered(server, "next")
    assert server.stop() == 0


def test_a_cancel_for_an_answered_request_is_not_a_warning(
    workspace: Path, cache_dir: Path
) -> None:
    # an editor cancels a hover or code action as the user moves on; the answer may
    # already have crossed the cancel (VS Code showed pygls' "unknown message id" warning)
    log_path = workspace.parent / "server.log"
    with log_path.open("wb") as log:
        server = RawServer(workspace, cache_dir, log)
        try:
            server.initialize()
            server.write(frame(_command("done")))
            assert _answered(server, "done")
            server.notify("$/cancelRequest", {"id": "done"})
            server.write(frame(_command("next")))
            assert _answered(server, "next")  # still answering
            assert server.stop() == 0
        finally:
            if server.process.poll() is None:
                server.process.kill()
                server.process.wait()
    text = log_path.read_text(encoding="utf-8", errors="replace")
    assert "unknown message id" not in text
