"""A pytest-lsp client that behaves as Helix does (no Helix binary can be installed here).

Each behaviour is Helix's own, read from its source (helix-editor/helix, master of 2026):

- ``initialize`` (helix-lsp/src/client.rs): ``clientInfo.name`` "helix", work-done
  progress, ``window.showDocument``, code action literals; ``initializationOptions`` is
  the server's ``config`` table from languages.toml, and ``workspace/configuration`` is
  answered from the same table, section path by path (helix-term/src/application.rs).
- code actions (helix-term/src/commands/lsp.rs ``code_action``): the range is the primary
  selection, which for a cursor is ONE character; the context holds the document's
  diagnostics on that range, whichever server reported them.
- ``workspace/executeCommand`` (``execute_lsp_command``): the result is dropped.
- ``window/showDocument`` (application.rs ``handle_show_document``): ``editor.open`` reads
  a file from disk the first time; a file already open is switched to as it is, never
  reloaded. :attr:`HelixClient.views` is what the user sees for each URI.
- ``window/showMessage``: a line in the status bar (:attr:`HelixClient.status`).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, default_converter, register_lsp_features

from tests.server.session import fix_code_action_union

__all__ = ["HelixClient", "helix_capabilities"]


class HelixClient(LanguageClient):  # type: ignore[misc]
    """What a Helix user sees: opened documents as first read, status messages."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.views: dict[str, str] = {}
        self.opened: list[str] = []
        self.status: list[str] = []
        self.config: dict[str, Any] = {}
        features = {
            **DEFAULT_CLIENT_FEATURES,
            types.WINDOW_SHOW_DOCUMENT: _show_document,
            types.WINDOW_SHOW_MESSAGE: _show_message,
            types.WORKSPACE_CONFIGURATION: _configuration,
        }
        register_lsp_features(self, features)
        fix_code_action_union(self)

    async def execute(self, command: types.Command) -> Any:
        """Run a code action's command as Helix does; the result is returned for the
        test to compare with, Helix itself drops it."""
        params = types.ExecuteCommandParams(command=command.command, arguments=command.arguments)
        return await asyncio.wait_for(self.workspace_execute_command_async(params), 120)


def _show_document(client: HelixClient, params: types.ShowDocumentParams) -> types.ShowDocumentResult:
    client.shown_documents.append(params)
    if params.uri not in client.views:  # editor.open: an open document is not read again
        path = Path(unquote(urlparse(params.uri).path))
        client.views[params.uri] = path.read_text(encoding="utf-8")
    client.opened.append(params.uri)
    return types.ShowDocumentResult(success=True)


def _show_message(client: HelixClient, params: types.ShowMessageParams) -> None:
    client.messages.append(params)
    client.status.append(params.message)


def _configuration(client: HelixClient, params: types.ConfigurationParams) -> list[Any]:
    answers = []
    for item in params.items:
        value: Any = client.config
        for part in (item.section or "").split("."):
            value = value.get(part) if isinstance(value, dict) and part else value
        answers.append(value)
    return answers


def helix_capabilities() -> types.ClientCapabilities:
    """The parts of Helix's ``ClientCapabilities`` the server reads."""
    kinds = ["", "quickfix", "refactor", "refactor.extract", "refactor.inline",
             "refactor.rewrite", "source", "source.organizeImports"]  # fmt: skip
    return types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            configuration=True,
            workspace_folders=True,
            execute_command=types.ExecuteCommandClientCapabilities(dynamic_registration=False),
            did_change_configuration=types.DidChangeConfigurationClientCapabilities(
                dynamic_registration=False
            ),
        ),
        text_document=types.TextDocumentClientCapabilities(
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=kinds)
                ),
                is_preferred_support=True,
                disabled_support=True,
                data_support=True,
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
        window=types.WindowClientCapabilities(
            work_done_progress=True,
            show_document=types.ShowDocumentClientCapabilities(support=True),
        ),
        general=types.GeneralClientCapabilities(
            position_encodings=[
                types.PositionEncodingKind.Utf8,
                types.PositionEncodingKind.Utf32,
                types.PositionEncodingKind.Utf16,
            ]
        ),
    )
