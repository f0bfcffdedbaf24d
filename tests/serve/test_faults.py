"""Clients that misbehave on purpose: slow ones (slow-loris) are cut off while others are
served, and every malformed path, in the URL or in a body, gets 400, never 500."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from qgpt_lsp.serve import ServeSettings

from .live import LiveServer, start_server
from .scripted import ScriptedBackend

SLOW_CLIENTS = 50
#: A bound for reading from a socket the server should close (not a timing assertion).
SOCKET_BOUND = 60.0


@pytest.fixture
def impatient_server(tmp_path: Path) -> Iterator[LiveServer]:
    live = start_server(ScriptedBackend(tmp_path), ServeSettings(header_timeout=1, body_timeout=1))
    yield live
    live.stop()


def _open(live: LiveServer, first_bytes: bytes) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", live.server.port), timeout=SOCKET_BOUND)
    connection.sendall(first_bytes)
    return connection


def _closed_by_server(connection: socket.socket) -> bool:
    """True when the server closes: reads reach end of stream (any answer before it is
    read past); a socket timeout means the server held the connection."""
    with connection:
        try:
            while connection.recv(65536):
                pass
        except ConnectionResetError:
            pass
    return True


def test_slow_clients_are_cut_off_and_others_are_served(impatient_server: LiveServer) -> None:
    half = SLOW_CLIENTS // 2
    slow = [_open(impatient_server, b"") for _ in range(half // 2)]  # connect, say nothing
    slow += [
        _open(impatient_server, b"GET /.well-known/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for _ in range(half - half // 2)
    ]  # headers never finished
    slow += [
        _open(
            impatient_server,
            b"POST /qgpt/relevance HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b'Content-Type: application/json\r\nContent-Length: 400\r\n\r\n{"query": ',
        )
        for _ in range(SLOW_CLIENTS - half)
    ]  # body never finished
    health = httpx.get(impatient_server.url + "/.well-known/health", timeout=SOCKET_BOUND)
    assert health.status_code == 200
    assert all(_closed_by_server(connection) for connection in slow)
    again = httpx.get(impatient_server.url + "/.well-known/health", timeout=SOCKET_BOUND)
    assert again.status_code == 200


def _status_of(live: LiveServer, target: bytes) -> int:
    request = b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    with _open(live, request) as connection:
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize(
    "target",
    [
        b"/%00",
        b"/qgpt/relevance%00",
        b"/%0a/x",
        b"/" + b"a" * 5000,
        b"/%zz",
        b"/qgpt/%4",
        b"/%ff%fe",
    ],
    ids=["nul", "nul-in-route", "newline", "5000-chars", "bad-percent", "cut-percent", "not-utf8"],
)
def test_a_malformed_url_path_is_400(engine_server: LiveServer, target: bytes) -> None:
    assert _status_of(engine_server, target) == 400


@pytest.mark.parametrize(
    "path",
    ["\x00", "src/\x00calc.py", "a" * 5000, "src/" + "b" * 300],
    ids=["nul", "nul-inside", "5000-chars", "long-name"],
)
def test_a_malformed_path_in_a_body_is_400(engine_server: LiveServer, path: str) -> None:
    body = json.dumps({"query": "add", "paths": [path]})
    answer = httpx.post(
        engine_server.url + "/qgpt/relevance",
        content=body,
        headers={"Content-Type": "application/json"},
        timeout=SOCKET_BOUND,
    )
    assert answer.status_code == 400, answer.text
    assert "not a path" in answer.text
