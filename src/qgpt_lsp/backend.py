"""The one interface the language server (and ``serve``) talk to.

Two implementations: :class:`qgpt_lsp.client.RemoteBackend` (a Pieces OS or any
QGPT server, over HTTP/WebSocket) and :class:`qgpt_lsp.engine.Engine` (the
embedded QGPT engine, in process). Both speak the wire models and raise the
exceptions of :mod:`qgpt_lsp.errors`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from .wire import (
    QGPTHintsInput,
    QGPTPersonsRelatedInput,
    QGPTPersonsRelatedOutput,
    QGPTQuestionInput,
    QGPTQuestionOutput,
    QGPTRelevanceInput,
    QGPTRelevanceOutput,
    QGPTRepromptInput,
    QGPTRepromptOutput,
    QGPTStreamInput,
    QGPTStreamOutput,
)


@dataclass(frozen=True)
class BackendInfo:
    """What a backend is, for ``doctor``, hovers and answer headers."""

    kind: str  # "pieces", "remote" or "embedded"
    location: str  # a URL, or the workspace roots
    version: str | None = None  # the server's version, when it tells
    answerer: str | None = None  # which model answers ("grounded", "openai:qwen2.5", ...)
    details: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class Backend(Protocol):
    """A QGPT backend: the six endpoints, plus stop/reset/close."""

    async def info(self) -> BackendInfo: ...

    async def relevance(self, request: QGPTRelevanceInput) -> QGPTRelevanceOutput: ...

    async def question(self, request: QGPTQuestionInput) -> QGPTQuestionOutput: ...

    async def hints(self, request: QGPTHintsInput) -> QGPTQuestionOutput: ...

    async def reprompt(self, request: QGPTRepromptInput) -> QGPTRepromptOutput: ...

    async def persons_related(
        self, request: QGPTPersonsRelatedInput, transferables: bool = True
    ) -> QGPTPersonsRelatedOutput: ...

    def stream(self, request: QGPTStreamInput) -> AsyncIterator[QGPTStreamOutput]:
        """The frames of ONE request: IN-PROGRESS deltas, then exactly one terminal frame.

        A request without ``conversation`` gets a new conversation id, carried by
        every frame. A failure after the stream started arrives as a FAILED frame
        with ``errorMessage``; a failure before it (unreachable, 401, ...) raises.
        """
        ...

    async def stop(self, conversation: str) -> None:
        """Stop the answer streaming in ``conversation`` (its request ends STOPPED)."""
        ...

    async def reset(self) -> None:
        """Stop everything in flight."""
        ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True)
class IndexStatus:
    """How far the embedded index is."""

    state: str  # "idle", "indexing", "ready", "failed"
    files: int = 0
    chunks: int = 0
    skipped: int = 0
    message: str = ""


#: Called with (done, total, message) while indexing.
ProgressCallback = Callable[[int, int, str], None]


@runtime_checkable
class IndexedBackend(Backend, Protocol):
    """A backend with a workspace index the editor keeps current (the engine)."""

    async def build_index(self, progress: ProgressCallback | None = None) -> IndexStatus: ...

    async def update_document(self, path: Path, text: str | None = None) -> None:
        """Re-index ``path`` from ``text`` (an unsaved buffer) or from disk."""
        ...

    async def remove_document(self, path: Path) -> None: ...

    def index_status(self) -> IndexStatus: ...

    def take_notices(self) -> list[str]:
        """What happened to its cache files since last asked (a damaged file rebuilt, the
        index kept in memory), one line each, handed out once: the user sees each once."""
        ...
