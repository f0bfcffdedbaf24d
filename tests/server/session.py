"""A pytest-lsp session with the real ``qgpt-lsp`` server in a subprocess, and helpers."""

from __future__ import annotations

import asyncio
import copy
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER_COMMAND = [sys.executable, "-m", "qgpt_lsp.cli.lsp"]
#: Upper bound for any wait in these tests (they normally take far less).
WAIT_BOUND = 60.0


@dataclass
class LSPSession:
    """A started, initialized client talking to a real server."""

    client: LanguageClient
    root: Path
    deltas: list[dict[str, Any]] = field(default_factory=list)

    def uri(self, relative: str) -> str:
        return (self.root / relative).as_uri()

    def open(self, relative: str, text: str | None = None) -> str:
        uri = self.uri(relative)
        body = (self.root / relative).read_text() if text is None else text
        item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=body)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        return uri

    async def execute(
        self,
        command: str,
        argument: Any = None,
        token: str | None = None,
        msg_id: str | None = None,
    ) -> Any:
        arguments = [] if argument is None else [argument]
        params = types.ExecuteCommandParams(
            command=command, arguments=arguments, work_done_token=token
        )
        if token is not None:
            self.client.progress_reports.setdefault(token, [])
        request = self.client.protocol.send_request_async(
            types.WORKSPACE_EXECUTE_COMMAND, params, msg_id=msg_id
        )
        return await asyncio.wait_for(request, WAIT_BOUND)

    def cancel(self, msg_id: str) -> None:
        self.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=msg_id))

    def reports(self, token: str) -> list[Any]:
        return list(self.client.progress_reports.get(token, []))

    def answer_tokens(self) -> list[str]:
        return [str(token) for token in self.client.progress_reports if "answer" in str(token)]

    def deltas_of(self, conversation: str) -> str:
        return "".join(d["delta"] for d in self.deltas if d["conversation"] == conversation)


async def wait_until(predicate: Callable[[], bool], bound: float = WAIT_BOUND) -> None:
    """Poll ``predicate`` until true; fail after ``bound`` seconds (a hang guard, not a timing)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + bound
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.05)


def capabilities(client: str, progress: bool = True) -> types.ClientCapabilities:
    caps = copy.deepcopy(client_capabilities(client))
    if not progress and caps.window is not None:
        caps.window.work_done_progress = False
    return caps


def server_env(cache_dir: Path, extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "QGPT_LSP_"))}
    env.update({"QGPT_LSP_CACHE_DIR": str(cache_dir), "QGPT_LSP_PIECES_PORTS": ""})
    env.update(extra or {})
    return env


@asynccontextmanager
async def open_session(
    root: Path,
    cache_dir: Path,
    settings: dict[str, Any] | None = None,
    client: str = "visual_studio_code",
    progress: bool = True,
    env: dict[str, str] | None = None,
    initialization_options: Any = None,
) -> AsyncIterator[LSPSession]:
    config = ClientServerConfig(
        server_command=SERVER_COMMAND, server_env=server_env(cache_dir, env)
    )
    lsp_client = await config.start()
    assert isinstance(lsp_client, LanguageClient)
    session = LSPSession(lsp_client, root)

    @lsp_client.feature("qgpt/answerDelta")
    def on_delta(params: Any) -> None:
        session.deltas.append(_plain(params))

    fix_code_action_union(lsp_client)
    lsp_client.set_configuration({"qgpt": settings or {}})
    options = {"qgpt": settings or {}} if initialization_options is None else initialization_options
    params = types.InitializeParams(
        capabilities=capabilities(client, progress),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options,
    )
    try:
        await asyncio.wait_for(lsp_client.initialize_session(params), WAIT_BOUND)
        yield session
    finally:
        await asyncio.wait_for(lsp_client.shutdown_session(), WAIT_BOUND)
        await lsp_client.stop()


def fix_code_action_union(client: LanguageClient) -> None:
    """lsprotocol's client hook reads any object with a ``command`` key as a Command,
    even a CodeAction whose ``command`` is an object; tell them apart by that key's type."""
    converter = client.protocol._converter

    def hook(value: Any, _: Any) -> types.Command | types.CodeAction:
        kind = types.Command if isinstance(value.get("command"), str) else types.CodeAction
        return converter.structure(value, kind)  # type: ignore[no-any-return]

    converter.register_structure_hook(Union[types.Command, types.CodeAction], hook)  # noqa: UP007


def _plain(value: Any) -> Any:
    """pygls hands unknown notifications over as namedtuples: make them dicts."""
    if hasattr(value, "_asdict"):
        return {key: _plain(item) for key, item in value._asdict().items()}
    return value
