"""Run a real ``qgpt-lsp serve`` app on 127.0.0.1 (uvicorn in a thread), for the tests."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

import httpx

from qgpt_lsp.backend import Backend
from qgpt_lsp.serve import GracefulServer, ServeSettings, build_app, make_server


@dataclass
class LiveServer:
    """A started server: its base URL, and how to stop it."""

    url: str
    server: GracefulServer
    thread: threading.Thread
    backend: Backend
    settings: ServeSettings

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/qgpt/stream"

    def headers(self) -> dict[str, str]:
        token = self.settings.token
        return {"Authorization": f"Bearer {token}"} if token else {}

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=60)


def start_server(backend: Backend, settings: ServeSettings | None = None) -> LiveServer:
    """Start ``backend`` behind the app on a free loopback port; returns once healthy."""
    settings = replace(settings or ServeSettings(), host="127.0.0.1", port=0)
    server = make_server(build_app(backend, settings), settings, log_level="warning")
    thread = threading.Thread(target=server.run, name="qgpt-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    live = LiveServer(f"http://127.0.0.1:{server.port}", server, thread, backend, settings)
    response = httpx.get(live.url + "/.well-known/health", headers=live.headers(), timeout=10)
    response.raise_for_status()
    return live
