"""Which backend answers: setting ``backend`` (auto, pieces, embedded, or a URL).

``auto`` takes a Pieces OS if :func:`qgpt_lsp.client.discover` finds one, else the
embedded engine. The backend is made on first use. A change to what it is
(``backend``, ``index.*``, the workspace roots) closes it, and the next request
makes the new one; a change to who answers (``answerer``, ``openai.*``,
``local.*``) is applied in place (:meth:`Engine.configure`): the index is kept.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from ..backend import Backend, IndexedBackend
from ..errors import BackendUnreachable
from .state.editor_settings import Settings

if TYPE_CHECKING:
    from ..engine import EngineSettings

__all__ = ["BackendSlot", "answerer_key", "backend_key", "engine_settings"]

_log = logging.getLogger(__name__)


def backend_key(settings: Settings) -> tuple[object, ...]:
    """The settings a backend is built from; a change to any of them remakes it."""
    return (settings.backend, settings.index)


def answerer_key(settings: Settings) -> tuple[object, ...]:
    """The settings of who answers; a change to any of them is applied in place."""
    return (settings.answerer, settings.openai, settings.local)


class BackendSlot:
    """Holds the current backend; builds it lazily, once, even under concurrent asks."""

    def __init__(self, cache_dir: Path) -> None:
        self._cache_dir = cache_dir
        self._backend: Backend | None = None
        self._key: tuple[object, ...] | None = None
        self._roots: tuple[Path, ...] = ()
        self._answerer: tuple[object, ...] | None = None
        self._lock = asyncio.Lock()

    @property
    def current(self) -> Backend | None:
        return self._backend

    async def get(self, settings: Settings, roots: list[Path]) -> Backend:
        """The backend for ``settings`` and ``roots`` (made, or reconfigured, if need be)."""
        async with self._lock:
            made_for = (backend_key(settings), tuple(roots))
            if self._backend is None or made_for != (self._key, self._roots):
                await self._close_current()
                self._backend = await _make(settings, roots, self._cache_dir)
                self._key, self._roots = made_for
                self._answerer = answerer_key(settings)
            elif answerer_key(settings) != self._answerer:
                await self._configure(settings)
            return self._backend

    async def apply(self, settings: Settings) -> None:
        """New settings: close the backend they no longer describe, or reconfigure it."""
        async with self._lock:
            if self._backend is None:
                return
            if backend_key(settings) != self._key:
                await self._close_current()
            elif answerer_key(settings) != self._answerer:
                await self._configure(settings)

    def indexed(self) -> IndexedBackend | None:
        backend = self._backend
        return backend if isinstance(backend, IndexedBackend) else None

    async def aclose(self) -> None:
        async with self._lock:
            await self._close_current()

    async def _configure(self, settings: Settings) -> None:
        """Swap the embedded engine's answerer (a remote backend has its own)."""
        from ..engine import Engine

        self._answerer = answerer_key(settings)
        if isinstance(self._backend, Engine):
            _log.info("answerer settings changed: the engine takes them, the index stays")
            await self._backend.configure(engine_settings(settings))

    async def _close_current(self) -> None:
        backend, self._backend, self._key, self._answerer = self._backend, None, None, None
        if backend is not None:
            try:
                await backend.aclose()
            except Exception:
                _log.exception("closing the previous backend failed")


async def _make(settings: Settings, roots: list[Path], cache_dir: Path) -> Backend:
    from ..client import RemoteBackend, discover

    choice = settings.backend
    if choice.startswith(("http://", "https://")):
        return RemoteBackend(choice)
    if choice in ("auto", "pieces"):
        found = await discover()
        if found is not None:
            _log.info("using the QGPT server at %s (version %s)", found.base_url, found.version)
            return RemoteBackend(found.base_url)
        if choice == "pieces":
            raise BackendUnreachable(
                "no Pieces OS found on this machine; make sure Pieces OS is running"
            )
    # importing and opening the engine (index, SQLite) blocks: keep it off the event loop
    return await asyncio.to_thread(_embedded, settings, roots, cache_dir)


def _embedded(settings: Settings, roots: list[Path], cache_dir: Path) -> Backend:
    from ..engine import Engine

    _log.info("using the embedded engine on %s", ", ".join(map(str, roots)) or "(no roots)")
    return Engine(roots, engine_settings(settings), cache_dir)


def engine_settings(settings: Settings) -> EngineSettings:
    """The embedded engine's settings for the ``qgpt`` section ``settings``."""
    from ..engine import EngineSettings
    from ..engine.index import IndexSettings

    return EngineSettings(
        answerer=settings.answerer,
        openai_base_url=settings.openai.base_url,
        openai_model=settings.openai.model,
        openai_api_key=settings.openai.api_key,
        local_model_path=Path(settings.local.model_path) if settings.local.model_path else None,
        index=IndexSettings(
            max_file_size=settings.index.max_file_size,
            semantic_weight=settings.index.semantic_weight,
        ),
        index_in_child=True,  # a long build must not starve the event loop of the GIL
    )
