"""``qgpt-lsp serve`` as a user runs it: a real process on the real engine."""

from __future__ import annotations

import queue
import re
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websocket

from .workspace import make_workspace


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


@pytest.fixture
def served_process(
    tmp_path: Path,
) -> Iterator[tuple[subprocess.Popen[str], str, Path, queue.Queue[str]]]:
    workspace = make_workspace(tmp_path / "repo")
    token_file = tmp_path / "secret" / "token"
    command = [
        sys.executable,
        "-m",
        "qgpt_lsp.cli.main",
        "serve",
        "--port",
        "0",
        "--workspace",
        str(workspace),
        "--token-file",
        str(token_file),
        "--answerer",
        "grounded",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--log-level",
        "info",  # uvicorn logs each WebSocket handshake's URL: the token must not show
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", lines.get(timeout=180))
        assert found, "no URL printed"
        yield process, found.group(1), token_file, lines
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def test_serve_with_a_token_file_then_stop_cleanly(
    served_process: tuple[subprocess.Popen[str], str, Path, queue.Queue[str]],
) -> None:
    process, url, token_file, output = served_process
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = token_file.read_text().strip()
    body = {"query": "add two numbers", "options": {"database": True}}
    assert httpx.post(url + "/qgpt/relevance", json=body).status_code == 401
    answer = httpx.post(
        url + "/qgpt/relevance", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200
    assert "add_numbers" in answer.text
    process.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises the signal (exit -15, as systemd expects)
    assert process.wait(timeout=60) in (0, -signal.SIGTERM)
    assert "shutting down" in output.get(timeout=10)
    assert token not in (process.stderr.read() if process.stderr else "")


def test_a_token_in_the_url_never_reaches_the_log(
    served_process: tuple[subprocess.Popen[str], str, Path, queue.Queue[str]],
) -> None:
    process, url, token_file, _ = served_process
    token = token_file.read_text().strip()
    assert httpx.get(f"{url}/.well-known/health?token={token}").status_code == 200
    stream_url = url.replace("http://", "ws://") + f"/qgpt/stream?token={token}"
    websocket.create_connection(stream_url, timeout=30).close()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    log = process.stderr.read() if process.stderr else ""
    assert "/qgpt/stream?token=[REDACTED]" in log
    assert token not in log


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--workspace", "/no/such/dir"], "not a directory"),
        (["--port", "70000"], "not a TCP port"),
        (["--token", " "], "must not be empty"),
    ],
)
def test_bad_arguments_exit_2_with_a_reason(arguments: list[str], message: str) -> None:
    command = [sys.executable, "-m", "qgpt_lsp.cli.main", "serve", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert message in done.stderr
