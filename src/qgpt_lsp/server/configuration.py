"""Settings lifecycle: ``initialize`` (``initializationOptions``), ``initialized``
(``workspace/configuration`` section ``qgpt``) and ``workspace/didChangeConfiguration``.

Bad values are reported (``window/showMessage``), logged and replaced by their
defaults; the server keeps running. A change to the backend settings closes the
current backend (the next request makes the new one) and rebuilds the index.
"""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types

from .backends import backend_key
from .indexing import start_index_build
from .server import QGPTLanguageServer
from .settings import parse_settings

__all__ = ["apply_settings", "register", "section_of"]

_log = logging.getLogger(__name__)
SECTION = "qgpt"


def section_of(raw: Any) -> Any:
    """The ``qgpt`` section of ``raw`` (``{"qgpt": {...}}``), or ``raw`` itself."""
    if isinstance(raw, dict) and isinstance(raw.get(SECTION), dict):
        return raw[SECTION]
    return raw


async def apply_settings(ls: QGPTLanguageServer, raw: Any) -> bool:
    """Take new settings; True when the backend must be remade."""
    settings, problems = parse_settings(section_of(raw))
    if problems:
        ls.tell("; ".join(problems), types.MessageType.Warning)
    changed = backend_key(settings) != backend_key(ls.settings)
    ls.settings = settings
    if changed and ls.backends.current is not None:
        await ls.backends.aclose()
    return changed


async def _pull(ls: QGPTLanguageServer) -> Any:
    workspace = ls.client_capabilities.workspace
    if not (workspace and workspace.configuration):
        return None
    params = types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
    try:
        values = await ls.workspace_configuration_async(params)
    except Exception:
        _log.warning("the client did not answer workspace/configuration", exc_info=True)
        return None
    return values[0] if values else None


def register(server: QGPTLanguageServer) -> None:
    @server.feature(types.INITIALIZE)
    async def initialize(ls: QGPTLanguageServer, params: types.InitializeParams) -> None:
        if params.initialization_options is not None:
            await apply_settings(ls, params.initialization_options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: QGPTLanguageServer, _: types.InitializedParams) -> None:
        pulled = await _pull(ls)
        if pulled is not None:
            await apply_settings(ls, pulled)
        start_index_build(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: QGPTLanguageServer, params: types.DidChangeConfigurationParams
    ) -> None:
        raw = params.settings
        if not isinstance(raw, dict) or SECTION not in raw:
            raw = await _pull(ls)
        if raw is not None and await apply_settings(ls, raw):
            start_index_build(ls)

    @server.feature(types.SHUTDOWN)
    async def shutdown(ls: QGPTLanguageServer, _: None) -> None:
        await ls.asks.stop_all()
        await ls.tasks.cancel_all()
        await ls.backends.aclose()
