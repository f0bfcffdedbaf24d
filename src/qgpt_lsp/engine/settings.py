"""The embedded engine's settings: which model answers and how much it may read.

The keys line up with the editor's ``qgpt`` section (``answerer``, ``openai.*``,
``local.modelPath``); the language server maps one to the other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .index.settings import IndexSettings


@dataclass(frozen=True)
class EngineSettings:
    """How the engine answers."""

    #: ``"auto"`` (openai if configured or found on localhost, then local, then
    #: grounded), ``"openai"``, ``"local"`` or ``"grounded"``.
    answerer: str = "auto"
    #: An OpenAI-compatible base URL (``.../v1``); env ``OPENAI_BASE_URL``.
    openai_base_url: str | None = None
    #: The model to ask; env ``OPENAI_MODEL`` (else the server's first model).
    openai_model: str | None = None
    #: The API key; env ``OPENAI_API_KEY`` (local servers accept any).
    openai_api_key: str | None = None
    #: A GGUF file for the in-process model; ``auto`` uses it only when set, and
    #: ``local`` falls back to the packaged SmolLM2-135M.
    local_model_path: Path | None = None
    #: The model's context window in tokens (None: 8192 for openai, 2048 local).
    context_tokens: int | None = None
    #: The most tokens of code snippets one prompt carries, the top-scored kept
    #: (None: 768 for local, where prompt reading dominates the time to first
    #: token on a CPU, 3072 for openai). The rule is in :mod:`.answering.prompts`.
    snippet_tokens: int | None = None
    #: The most tokens an answer may take.
    max_answer_tokens: int = 512
    #: Probe localhost servers (Ollama, llama.cpp, LM Studio) in ``auto`` mode.
    probe_local_servers: bool = True
    #: Seconds to wait for ``git blame`` before answering from ``git log``.
    blame_timeout: float = 2.0
    #: How the workspace index behaves.
    index: IndexSettings = field(default_factory=IndexSettings)
    #: Build the index in a child process (:mod:`.index.worker`): the language
    #: server sets it, so a long build never starves its event loop of the GIL.
    index_in_child: bool = False
    #: Extra environment (tests); ``None`` reads ``os.environ``.
    environ: dict[str, str] | None = field(default=None, repr=False)

    def env(self, name: str) -> str | None:
        """An environment variable, from ``environ`` when given, else the process."""
        source = self.environ if self.environ is not None else os.environ
        value = source.get(name)
        return value or None

    @property
    def base_url(self) -> str | None:
        return self.openai_base_url or self.env("OPENAI_BASE_URL")

    @property
    def model(self) -> str | None:
        return self.openai_model or self.env("OPENAI_MODEL")

    @property
    def api_key(self) -> str | None:
        return self.openai_api_key or self.env("OPENAI_API_KEY")
