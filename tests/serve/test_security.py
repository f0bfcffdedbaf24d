"""Who may talk to the server: Host, Origin, token, sizes (real server on 127.0.0.1)."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import websocket

from qgpt_lsp.serve import RequestGuard, ServeSettings, load_or_create_token, warn_if_exposed
from qgpt_lsp.serve.guard import host_name

from . import sdk
from .live import LiveServer, start_server
from .scripted import ScriptedBackend
from .wsclient import connect, read_until_terminal, send

RELEVANCE = {"query": "where is add"}
TOKEN = "s3cret-token"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    settings = ServeSettings(
        allow_origins=frozenset({"http://localhost:5173"}), max_body_bytes=4096
    )
    live = start_server(ScriptedBackend(tmp_path), replace(settings, max_frame_bytes=4096))
    yield live
    live.stop()


@pytest.fixture
def token_server(tmp_path: Path) -> Iterator[LiveServer]:
    live = start_server(ScriptedBackend(tmp_path), ServeSettings(token=TOKEN))
    yield live
    live.stop()


def post(
    live: LiveServer, headers: dict[str, str] | None = None, **kwargs: object
) -> httpx.Response:
    return httpx.post(live.url + "/qgpt/relevance", json=RELEVANCE, headers=headers, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("origin", "status"),
    [
        (None, 200),
        ("http://evil.example", 403),
        ("null", 403),
        ("vscode-webview://abc123", 403),
        ("http://localhost:3000", 403),
        ("http://localhost:5173", 200),  # --allow-origin
    ],
)
def test_origins(server: LiveServer, origin: str | None, status: int) -> None:
    headers = {"Origin": origin} if origin else {}
    assert post(server, headers).status_code == status


def test_same_origin_is_allowed(server: LiveServer) -> None:
    assert post(server, {"Origin": server.url}).status_code == 200


def test_a_cross_origin_websocket_is_refused(server: LiveServer) -> None:
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        connect(server, origin="http://evil.example")
    assert refused.value.status_code == 403


def test_the_sdk_websocket_client_default_origin_is_accepted(server: LiveServer) -> None:
    socket = connect(server)  # websocket-client sends Origin: http://<host:port> by default
    send(socket, {"relevance": RELEVANCE})
    assert read_until_terminal(socket)[-1].status == "COMPLETED"
    socket.close()


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("evil.example", 403),
        ("evil.example:39350", 403),
        ("127.0.0.1.nip.io", 403),
        ("localhost", 200),
        ("localhost:1234", 200),
        ("127.0.0.1:8", 200),
        ("[::1]:39350", 200),
    ],
)
def test_host_header(server: LiveServer, host: str, status: int) -> None:
    assert post(server, {"Host": host}).status_code == status


def test_a_rebinding_websocket_is_refused(server: LiveServer) -> None:
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        connect(server, host="evil.example", suppress_origin=True)
    assert refused.value.status_code == 403


def test_token_is_required_everywhere(token_server: LiveServer) -> None:
    assert post(token_server).status_code == 401
    assert post(token_server, {"Authorization": "Bearer wrong"}).status_code == 401
    assert httpx.get(token_server.url + "/.well-known/health").status_code == 401
    assert post(token_server, {"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_websocket_token(token_server: LiveServer) -> None:
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(token_server.ws_url, timeout=10)
    assert refused.value.status_code == 401
    for socket in (
        connect(token_server),  # Authorization header
        websocket.create_connection(token_server.ws_url + f"?token={TOKEN}", timeout=10),
    ):
        send(socket, {"relevance": RELEVANCE})
        assert read_until_terminal(socket)[-1].status == "COMPLETED"
        socket.close()


def test_a_body_over_the_limit_is_413(server: LiveServer) -> None:
    big = {"query": "x" * 10_000}
    response = httpx.post(server.url + "/qgpt/relevance", json=big)
    assert response.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
        yield b'{"query": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}'

    response = httpx.post(server.url + "/qgpt/relevance", content=chunks())
    assert response.status_code == 413
    assert post(server).status_code == 200


def test_a_frame_over_the_limit_closes_the_socket_1009(server: LiveServer) -> None:
    socket = connect(server)
    send(socket, {"relevance": {"query": "x" * 10_000}})
    opcode, close = socket.recv_data_frame(control_frame=True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE
    assert int.from_bytes(close.data[:2], "big") == 1009
    assert post(server).status_code == 200  # the server is fine


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("localhost:80", "localhost"),
        ("[::1]:80", "::1"),
        ("[::1]", "::1"),
        ("EVIL.example", "evil.example"),
        ("", ""),
    ],
)
def test_host_name(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize(
    ("bound", "host", "allowed"),
    [
        ("0.0.0.0", "192.0.2.7:39350", True),  # an IP literal cannot be DNS-rebound
        ("0.0.0.0", "evil.example", False),
        ("192.0.2.7", "192.0.2.7", True),
        ("192.0.2.7", "192.0.2.8", False),
        ("127.0.0.1", "localhost", True),
    ],
)
def test_bound_elsewhere_on_purpose(bound: str, host: str, allowed: bool) -> None:
    guard = RequestGuard(ScriptedBackend, ServeSettings(host=bound))  # type: ignore[arg-type]
    assert guard.host_allowed(host) is allowed


def test_binding_elsewhere_warns_loudly(capsys: pytest.CaptureFixture[str]) -> None:
    warn_if_exposed(ServeSettings(host="127.0.0.1"))
    assert capsys.readouterr().err == ""
    warn_if_exposed(ServeSettings(host="0.0.0.0"))
    assert "WARNING" in capsys.readouterr().err


def test_token_file_is_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "token"
    token = load_or_create_token(path)
    assert len(token) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_token(path) == token


def test_the_sdk_with_and_without_the_token(token_server: LiveServer) -> None:
    config = sdk.Configuration(host=token_server.url)
    request = sdk.QGPTRelevanceInput(query="where is add")
    with sdk.ApiClient(config) as client, pytest.raises(sdk.ApiException) as refused:
        sdk.QGPTApi(client).relevance(qgpt_relevance_input=request)
    assert refused.value.status == 401
    bearer = f"Bearer {TOKEN}"
    with sdk.ApiClient(config, header_name="Authorization", header_value=bearer) as client:
        output = sdk.QGPTApi(client).relevance(qgpt_relevance_input=request)
    assert isinstance(output, sdk.QGPTRelevanceOutput)
