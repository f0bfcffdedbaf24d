"""The /qgpt/stream protocol on a real socket, with a backend whose timing we control."""

from __future__ import annotations

import json
import time

import httpx
import pytest
import websocket

from qgpt_lsp.serve import ServeSettings

from .live import LiveServer, start_server
from .scripted import ScriptedBackend
from .wsclient import answer_text, connect, read_until_terminal, send


def ask(
    query: str, request: str | None = None, conversation: str | None = None
) -> dict[str, object]:
    frame: dict[str, object] = {"relevance": {"query": query, "options": {"question": True}}}
    if request:
        frame["request"] = request
    if conversation:
        frame["conversation"] = conversation
    return frame


def test_several_requests_share_one_socket(slow_server: LiveServer) -> None:
    socket = connect(slow_server)
    for name in ("a", "b", "c"):
        send(socket, ask("q", request=name))
    frames: dict[str, list[dict[str, object]]] = {"a": [], "b": [], "c": []}
    ended: set[str] = set()
    while ended != {"a", "b", "c"}:
        frame = json.loads(socket.recv())
        frames[str(frame["request"])].append(frame)
        if frame["status"] != "IN-PROGRESS":
            ended.add(str(frame["request"]))
    socket.close()
    for name in frames:
        assert [f["status"] for f in frames[name]][-1] == "COMPLETED"
        assert len(frames[name]) == 41
        assert len({f["conversation"] for f in frames[name]}) == 1


def test_stop_ends_the_request_stopped(slow_server: LiveServer) -> None:
    socket = connect(slow_server)
    send(socket, ask("q", request="r1"))
    first = json.loads(socket.recv())
    assert first["status"] == "IN-PROGRESS"
    send(socket, {"conversation": first["conversation"], "stop": True})
    rest = read_until_terminal(socket)
    socket.close()
    assert rest[-1].status == "STOPPED"
    assert rest[-1].request == "r1"
    assert len(rest) < 40


def test_stop_of_an_idle_conversation_is_acknowledged(slow_server: LiveServer) -> None:
    socket = connect(slow_server)
    send(socket, {"conversation": "idle", "stop": True, "request": "s"})
    frames = read_until_terminal(socket)
    socket.close()
    assert (frames[-1].status, frames[-1].conversation, frames[-1].request) == (
        "STOPPED",
        "idle",
        "s",
    )


def test_reset_replies_reset_and_ends_what_was_running(slow_server: LiveServer) -> None:
    socket = connect(slow_server)
    send(socket, ask("q", request="r1"))
    assert json.loads(socket.recv())["status"] == "IN-PROGRESS"
    send(socket, {"reset": True, "request": "reset-1"})
    statuses: dict[str, str] = {}
    while len(statuses) < 2:
        frame = json.loads(socket.recv())
        if frame["status"] != "IN-PROGRESS":
            statuses[frame["request"]] = frame["status"]
    socket.close()
    assert statuses == {"r1": "STOPPED", "reset-1": "RESET"}


@pytest.mark.parametrize(
    ("raw", "status_code", "conversation"),
    [
        (
            '{"relevance": {"query": "q"}, "conversation": "c1",'
            ' "question": {"query": "q", "relevant": {"iterable": []}}}',
            400,
            "c1",
        ),
        ('{"relevance": {"query": 5}, "conversation": "c2"}', 422, "c2"),
        ("not json at all", 422, None),
        ("[1, 2]", 422, None),
        ('{"conversation": "c3"}', 400, "c3"),
        ('{"stop": true}', 400, None),
    ],
)
def test_bad_frames_fail_alone(
    slow_server: LiveServer, raw: str, status_code: int, conversation: str | None
) -> None:
    socket = connect(slow_server)
    socket.send(raw)
    frames = read_until_terminal(socket)
    assert frames[-1].status == "FAILED"
    assert frames[-1].status_code == status_code
    assert frames[-1].error_message
    assert isinstance(frames[-1].conversation, str) and frames[-1].conversation
    if conversation:
        assert frames[-1].conversation == conversation
    send(socket, ask("still there?"))  # the socket survives a bad frame
    assert read_until_terminal(socket)[-1].status == "COMPLETED"
    socket.close()


def test_a_failing_backend_fails_the_request_not_the_socket(slow_server: LiveServer) -> None:
    socket = connect(slow_server)
    send(socket, ask("boom", request="bug"))
    failed = read_until_terminal(socket)[-1]
    assert (failed.status, failed.status_code, failed.request) == ("FAILED", 500, "bug")
    assert "KeyError" in (failed.error_message or "")
    send(socket, ask("fine", request="ok"))
    frames = read_until_terminal(socket)
    socket.close()
    assert frames[-1].status == "COMPLETED"
    assert answer_text(frames).startswith("word0 word1")


def test_a_path_outside_the_workspace_fails_400(slow_server: LiveServer) -> None:
    socket = connect(slow_server)
    frame = {"relevance": {"query": "q", "paths": ["/etc/passwd"]}, "request": "out"}
    send(socket, frame)
    failed = read_until_terminal(socket)[-1]
    socket.close()
    assert (failed.status, failed.status_code) == ("FAILED", 400)
    assert "outside" in (failed.error_message or "")


def _wait_for(condition: object, limit: float = 20.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.02)
    return False


def test_a_vanished_client_frees_its_work(
    slow_server: LiveServer, slow_backend: ScriptedBackend
) -> None:
    socket = connect(slow_server)
    send(socket, ask("q", conversation="gone"))
    assert json.loads(socket.recv())["status"] == "IN-PROGRESS"
    socket.sock.close()  # no close frame: the client just disappears
    assert _wait_for(lambda: "gone" in slow_backend.cancelled)
    assert "gone" in slow_backend.stopped
    assert "gone" not in slow_backend.finished


def test_shutdown_ends_streams_with_a_terminal_frame(slow_backend: ScriptedBackend) -> None:
    live = start_server(slow_backend)
    socket = connect(live)
    send(socket, ask("q", request="long"))
    assert json.loads(socket.recv())["status"] == "IN-PROGRESS"
    live.server.should_exit = True
    frames = read_until_terminal(socket)
    assert frames[-1].status in ("STOPPED", "COMPLETED")
    assert frames[-1].request == "long"
    opcode, close = socket.recv_data_frame(control_frame=True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE
    assert int.from_bytes(close.data[:2], "big") == 1001  # going away, not 1012
    live.thread.join(timeout=60)
    assert slow_backend.closed
    assert not live.thread.is_alive()


def test_plain_http_get_on_the_stream_path_asks_for_an_upgrade(slow_server: LiveServer) -> None:
    response = httpx.get(slow_server.url + "/qgpt/stream")
    assert response.status_code == 426


def test_too_many_requests_on_one_socket_fail_429(slow_backend: ScriptedBackend) -> None:
    live = start_server(slow_backend, ServeSettings(max_requests_per_socket=2))
    try:
        socket = connect(live)
        for name in ("a", "b", "c"):
            send(socket, ask("q", request=name))
        ended: dict[str, tuple[str, object]] = {}
        while len(ended) < 3:
            frame = json.loads(socket.recv())
            if frame["status"] != "IN-PROGRESS":
                ended[frame["request"]] = (frame["status"], frame.get("statusCode"))
        socket.close()
    finally:
        live.stop()
    assert ended == {"a": ("COMPLETED", 200), "b": ("COMPLETED", 200), "c": ("FAILED", 429)}
