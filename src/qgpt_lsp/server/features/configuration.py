"""Settings lifecycle: ``initialize`` (``initializationOptions``), ``initialized``
(``workspace/configuration`` section ``qgpt``) and ``workspace/didChangeConfiguration``.

Bad values are reported (``window/showMessage``), logged and replaced by their
defaults; the server keeps running. A change to what the backend is (``backend``,
``index.*``) closes it (the next request makes the new one) and rebuilds the
index; a change to who answers (``answerer``, ``openai.*``, ``local.*``) is applied
to the running engine, and its index is kept. Shutdown belongs to the server
(:meth:`QGPTLanguageServer.close`).
"""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types

from ..backends import backend_key
from ..server import QGPTLanguageServer
from ..state.editor_settings import parse_settings
from .indexing import start_index_build

__all__ = ["apply_settings", "register", "section_of"]

_log = logging.getLogger(__name__)
SECTION = "qgpt"


def section_of(raw: Any) -> Any:
    """The ``qgpt`` section of ``raw`` (``{"qgpt": {...}}``), or ``raw`` itself."""
    if isinstance(raw, dict) and isinstance(raw.get(SECTION), dict):
        return raw[SECTION]
    return raw


async def apply_settings(ls: QGPTLanguageServer, raw: Any) -> bool:
    """Take new settings; True when the backend is remade (and the index with it)."""
    settings, problems = parse_settings(section_of(raw))
    if problems:
        ls.tell("; ".join(problems), types.MessageType.Warning)
    remade = backend_key(settings) != backend_key(ls.settings)
    ls.settings = settings
    await ls.backends.apply(settings)
    return remade


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
        ls.client_name = params.client_info.name.lower() if params.client_info else ""
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
