"""Fixtures: real servers on 127.0.0.1 (scripted backend, and the real engine on a git repo)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine, EngineSettings

from .live import LiveServer, start_server
from .scripted import ScriptedBackend
from .workspace import make_workspace


@pytest.fixture
def slow_backend(tmp_path: Path) -> ScriptedBackend:
    """Streams 40 words 50 ms apart: long enough to stop, vanish or shut down mid-answer."""
    return ScriptedBackend(tmp_path, words=40, delay=0.05)


@pytest.fixture
def slow_server(slow_backend: ScriptedBackend) -> Iterator[LiveServer]:
    live = start_server(slow_backend)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("ws") / "repo")


@pytest.fixture(scope="module")
def engine_server(
    workspace: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The real embedded engine (grounded answerer: no LLM) served on a free port."""
    settings = EngineSettings(answerer="grounded", probe_local_servers=False)
    engine = Engine([workspace], settings, cache_dir=tmp_path_factory.mktemp("cache"))
    live = start_server(engine)
    yield live
    live.stop()
