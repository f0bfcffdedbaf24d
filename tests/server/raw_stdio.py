"""The real ``qgpt-lsp`` server in a subprocess, driven by writing raw bytes to its stdin.

For what a typed client cannot send: wrong ``Content-Length`` headers, broken JSON,
garbage between messages. Replies are read from stdout in a thread; requests the server
makes of the client (configuration, progress) get a plain answer.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any, BinaryIO

from .session import SERVER_COMMAND, WAIT_BOUND, server_env

SETTINGS = {"backend": "embedded", "answerer": "grounded"}


def frame(message: object, length_change: int = 0) -> bytes:
    """``message`` as one stdio frame; ``length_change`` makes its length header wrong."""
    body = json.dumps(message).encode("utf-8", "surrogatepass")
    return b"Content-Length: %d\r\n\r\n" % (len(body) + length_change) + body


class RawServer:
    """A started server: write bytes in, wait for the reply to a request id."""

    def __init__(self, root: Path, cache_dir: Path, log: BinaryIO | None = None) -> None:
        """``log``: where the server's stderr (its log) goes; nowhere when None."""
        self.root = root
        self.process = subprocess.Popen(
            SERVER_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log if log is not None else subprocess.DEVNULL,
            env=server_env(cache_dir, None),
        )
        self._replies: dict[object, queue.Queue[dict[str, Any]]] = {}
        self.notifications: queue.Queue[dict[str, Any]] = queue.Queue()
        self._lock = threading.Lock()
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def reply(self, msg_id: object, bound: float = WAIT_BOUND) -> dict[str, Any]:
        """The server's reply to request ``msg_id`` (fails after ``bound`` seconds)."""
        return self._queue(msg_id).get(timeout=bound)

    def request(self, msg_id: object, method: str, params: object) -> dict[str, Any]:
        self.write(frame({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}))
        return self.reply(msg_id)

    def notify(self, method: str, params: object) -> None:
        self.write(frame({"jsonrpc": "2.0", "method": method, "params": params}))

    def notification(self, method: str, bound: float = WAIT_BOUND) -> dict[str, Any]:
        """The next notification of ``method`` from the server (others are passed over)."""
        while True:
            message = self.notifications.get(timeout=bound)
            if message.get("method") == method:
                return message

    def open(self, relative: str, text: str) -> str:
        uri = (self.root / relative).as_uri()
        item = {"uri": uri, "languageId": "python", "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": item})
        return uri

    def initialize(self) -> None:
        uri = self.root.as_uri()
        params = {
            "processId": None,
            "rootUri": uri,
            "capabilities": {},
            "workspaceFolders": [{"uri": uri, "name": self.root.name}],
            "initializationOptions": {"qgpt": SETTINGS},
        }
        assert "result" in self.request("init", "initialize", params)
        self.notify("initialized", {})

    def stop(self) -> int:
        """Shut down and exit as an editor does; the exit code (or kill after the bound)."""
        try:
            self.request("bye", "shutdown", None)
            self.notify("exit", None)
            assert self.process.stdin is not None
            self.process.stdin.close()
            return self.process.wait(timeout=WAIT_BOUND)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()

    def _queue(self, msg_id: object) -> queue.Queue[dict[str, Any]]:
        with self._lock:
            return self._replies.setdefault(json.dumps(msg_id), queue.Queue())

    def _read(self, stdout: BinaryIO) -> None:
        while header := stdout.readline():
            if not header.lower().startswith(b"content-length:"):
                continue
            length = int(header.split(b":")[1])
            while stdout.readline().strip():
                pass
            message = json.loads(stdout.read(length))
            if "method" in message and "id" in message:
                self._answer(message)
            elif "id" in message:
                self._queue(message["id"]).put(message)
            else:
                self.notifications.put(message)

    def _answer(self, request: dict[str, Any]) -> None:
        result: object = None
        if request["method"] == "workspace/configuration":
            result = [SETTINGS for _ in request.get("params", {}).get("items", [])]
        self.write(frame({"jsonrpc": "2.0", "id": request["id"], "result": result}))
