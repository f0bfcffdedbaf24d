"""Failures say what happened (message, progress end, result or error); the server keeps serving."""

from __future__ import annotations

import socket

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from tests.fakes.pieces_os import FakePiecesOS

from .conftest import SessionFactory
from .session import LSPSession

DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _progress_end(session: LSPSession) -> str:
    [token] = session.answer_tokens()
    end = session.reports(token)[-1]
    assert isinstance(end, types.WorkDoneProgressEnd)
    return end.message or ""


async def _still_serving(session: LSPSession, uri: str) -> None:
    assert "conversation" in await session.execute("qgpt.newConversation", {})
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(
            start=types.Position(line=8, character=0), end=types.Position(line=9, character=0)
        ),
        context=types.CodeActionContext(diagnostics=[]),
    )
    assert await session.client.text_document_code_action_async(params)


async def test_unreachable_backend(lsp: SessionFactory) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    async with lsp(settings={"backend": url}) as session:
        uri = session.open("app/calc.py")
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "Explain divide"}
        )
        end = _progress_end(session)
        messages = [m.message for m in session.client.messages]
        await _still_serving(session, uri)
    assert result["status"] == "failed" and result["answer"] == ""
    assert "127.0.0.1" in result["error"]
    assert end.startswith("failed: ") and result["error"] in end
    assert any(result["error"] in message for message in messages)


@pytest.mark.parametrize(
    ("status", "expected"),
    [(401, "401"), (429, "429"), (503, "503")],
)
async def test_backend_error_statuses(
    lsp: SessionFactory, fake_pieces_os: FakePiecesOS, status: int, expected: str
) -> None:
    # the answer is asked over the stream (one single-call request): its handshake fails
    fake_pieces_os.script(
        status, count=20, path="/qgpt/stream", retry_after="0" if status != 401 else None
    )
    async with lsp(settings={"backend": fake_pieces_os.base_url}) as session:
        uri = session.open("app/calc.py")
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "Explain divide"}
        )
        end = _progress_end(session)
        fake_pieces_os.script(200, count=0)
        await _still_serving(session, uri)
    assert result["status"] == "failed"
    assert expected in result["error"] or expected in end, result["error"]
    assert end == f"failed: {result['error']}"


async def test_dropped_stream_keeps_the_partial_answer(
    lsp: SessionFactory, fake_pieces_os: FakePiecesOS
) -> None:
    fake_pieces_os.answers["Explain divide"] = "alpha beta gamma delta epsilon"
    fake_pieces_os.drop_after = 2
    async with lsp(settings={"backend": fake_pieces_os.base_url}) as session:
        uri = session.open("app/calc.py")
        dropped = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "Explain divide"}
        )
        again = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "Explain divide"}
        )
    assert dropped["status"] == "failed" and dropped["answer"] == "alpha beta "
    assert dropped["error"]
    assert again["status"] == "completed" and again["answer"] == "alpha beta gamma delta epsilon"


async def test_failed_frame(lsp: SessionFactory, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.fail_next("the model ran out of memory", status_code=500)
    async with lsp(settings={"backend": fake_pieces_os.base_url}) as session:
        uri = session.open("app/calc.py")
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "Explain divide"}
        )
        end = _progress_end(session)
    assert result["status"] == "failed" and result["error"] == "the model ran out of memory"
    assert end == "failed: the model ran out of memory"


@pytest.mark.parametrize(
    ("argument", "says"),
    [
        ({"uri": "app/calc.py", "question": "q"}, "not a file URI"),
        (
            {
                "uri": "RELATIVE:app/calc.py",
                "question": "q",
                "range": {
                    "start": {"line": 40, "character": 0},
                    "end": {"line": 41, "character": 0},
                },
            },
            "outside calc.py",
        ),
        ({"uri": "RELATIVE:app/nope.py", "question": "q"}, "does not exist"),
        ({"uri": "file:///etc/hostname", "question": "q"}, "outside the workspace"),
        ({"uri": "RELATIVE:app/calc.py", "question": ""}, "must not be empty"),
        (
            {"uri": "RELATIVE:app/calc.py", "question": "q", "conversation": "nope"},
            "unknown conversation",
        ),
        ({"uri": "RELATIVE:app/calc.py", "question": 7}, "expected str"),
    ],
)
async def test_bad_requests_get_clear_errors(
    embedded: LSPSession, argument: dict[str, object], says: str
) -> None:
    if isinstance(argument["uri"], str) and argument["uri"].startswith("RELATIVE:"):
        argument = {**argument, "uri": embedded.uri(str(argument["uri"]).removeprefix("RELATIVE:"))}
    with pytest.raises(JsonRpcInvalidParams, match=says):
        await embedded.execute("qgpt.ask", argument)
    assert any(says in m.message for m in embedded.client.messages)
    await _still_serving(embedded, embedded.open("app/calc.py"))


async def test_bad_settings_fall_back_and_keep_running(lsp: SessionFactory) -> None:
    settings = {
        "backend": "ftp://nowhere",
        "answerer": "grounded",
        "index": {"maxFileSize": "big"},
        "hover": 1,
    }
    async with lsp(settings=settings) as session:
        status = await session.execute("qgpt.indexStatus", {})
        warnings = [m for m in session.client.messages if m.type == types.MessageType.Warning]
        session.client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(
                settings={"qgpt": {"backend": "embedded", "hover": {"enabled": "maybe"}}}
            )
        )
        after = await session.execute("qgpt.indexStatus", {})
        later = [m.message for m in session.client.messages if m.type == types.MessageType.Warning]
    assert status["state"] in ("idle", "indexing", "ready")
    text = " ".join(m.message for m in warnings)
    assert "qgpt.backend" in text and "qgpt.index.maxFileSize" in text and "qgpt.hover" in text
    assert after["state"] in ("idle", "indexing", "ready")
    assert any("qgpt.hover.enabled" in message for message in later)


async def test_configuration_change_switches_backend(
    lsp: SessionFactory, fake_pieces_os: FakePiecesOS
) -> None:
    async with lsp(settings={"backend": "embedded", "answerer": "grounded"}) as session:
        uri = session.open("app/calc.py")
        embedded = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "Explain divide"}
        )
        settings = {"qgpt": {"backend": fake_pieces_os.base_url}}
        session.client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings=settings)
        )
        remote = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "Explain divide"}
        )
    assert embedded["model"] == "grounded"
    assert remote["model"] == "pieces" and remote["answer"] == "Answer to: Explain divide"
