"""Helix: editors/helix/*.toml checked by Helix's own rules, and qgpt-lsp driven by a
client that behaves as Helix's source says Helix does (:mod:`.helix_client`; there is
no Helix binary here: Debian 12 has no helix package)."""

from __future__ import annotations

import asyncio
import tomllib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from qgpt_lsp.server.features.configuration import section_of
from qgpt_lsp.server.state.editor_settings import parse_settings

from .conftest import EDITORS, make_env, make_workspace, server_command
from .helix_client import HelixClient, helix_capabilities

#: Helix's default ``language-servers`` (languages.toml of helix-editor/helix at
#: 0003a117b46146bc72dd2858503b41f4bf6501ad); a user list REPLACES these.
HELIX_DEFAULTS = {
    "python": ["ty", "ruff", "jedi", "pylsp", "zuban"],
    "rust": ["rust-analyzer"],
    "go": ["gopls", "golangci-lint-lsp"],
    "typescript": ["typescript-language-server"],
    "tsx": ["typescript-language-server"],
    "javascript": ["typescript-language-server"],
    "jsx": ["typescript-language-server"],
    "c": ["clangd"],
    "cpp": ["clangd"],
    "java": ["jdtls"],
}
#: ``return sum(unit_price(sku) ...`` in Cart.total (0-based), and its definition's lines.
TOTAL_BODY, TOTAL_DEF = 19, (17, 19)


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((EDITORS / "helix" / name).read_text())


@pytest.mark.parametrize("name", sorted(HELIX_DEFAULTS))
def test_language_keeps_helix_defaults_and_adds_qgpt(name: str) -> None:
    languages = {entry["name"]: entry for entry in _toml("languages.toml")["language"]}
    assert languages[name]["language-servers"] == [*HELIX_DEFAULTS[name], "qgpt-lsp"]


def test_server_config_is_valid_settings() -> None:
    server = _toml("languages.toml")["language-server"]["qgpt-lsp"]
    assert server["command"] == "qgpt-lsp"
    settings, problems = parse_settings(section_of(server["config"]))
    assert problems == []
    assert settings.open_answer_document is True
    assert settings.backend == "auto"


def test_config_shows_progress_messages() -> None:
    assert _toml("config.toml")["editor"]["lsp"]["display-progress-messages"] is True


async def _until(predicate: Callable[[], bool], bound: float = 120.0) -> None:
    """Poll ``predicate``; fail after ``bound`` seconds (a hang guard, not a timing)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + bound
    while not predicate():
        assert loop.time() < deadline, "condition not reached"
        await asyncio.sleep(0.05)


@pytest_asyncio.fixture
async def helix(tmp_path: Path) -> AsyncIterator[tuple[HelixClient, Path]]:
    """qgpt-lsp started as languages.toml says, the test answering as Helix; embedded
    engine with grounded answers (the two settings the test changes)."""
    root = make_workspace(tmp_path / "ws")
    env = make_env(tmp_path)
    config = _toml("languages.toml")["language-server"]["qgpt-lsp"]["config"]
    config["qgpt"].update({"backend": "embedded", "answerer": "grounded"})
    started = ClientServerConfig(
        server_command=server_command().split(), server_env=env, client_factory=HelixClient
    )
    client = await started.start()
    assert isinstance(client, HelixClient)
    client.config = config
    params = types.InitializeParams(
        capabilities=helix_capabilities(),
        client_info=types.ClientInfo(name="helix", version="25.07.1"),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=config,
    )
    await asyncio.wait_for(client.initialize_session(params), 60)
    try:
        yield client, root
    finally:
        await asyncio.wait_for(client.shutdown_session(), 60)
        await client.stop()


async def _open_cart(client: HelixClient, root: Path) -> str:
    uri = (root / "shop" / "cart.py").as_uri()
    text = (root / "shop" / "cart.py").read_text()
    item = types.TextDocumentItem(uri=uri, language_id="python", version=0, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    status = types.ExecuteCommandParams(command="qgpt.indexStatus", arguments=[{}])
    ready: dict[str, Any] = {}

    async def poll() -> None:  # setup only: Helix has no way to ask this
        nonlocal ready
        while ready.get("state") != "ready":
            ready = await client.workspace_execute_command_async(status)
            await asyncio.sleep(0.2)

    await asyncio.wait_for(poll(), 120)
    return uri


async def _actions(
    client: HelixClient, uri: str, line: int, column: int, diagnostics: list[types.Diagnostic]
) -> dict[str, types.Command]:
    """Space-a with the cursor at (line, column): a one-character selection."""
    cursor = types.Range(
        start=types.Position(line=line, character=column),
        end=types.Position(line=line, character=column + 1),
    )
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=cursor,
        context=types.CodeActionContext(
            diagnostics=diagnostics, trigger_kind=types.CodeActionTriggerKind.Invoked
        ),
    )
    actions = await asyncio.wait_for(client.text_document_code_action_async(params), 60)
    found = {}
    for action in actions or []:
        command = action.command if isinstance(action, types.CodeAction) else action
        assert isinstance(command, types.Command)
        found[action.title] = command
    return found


def _starts(result: dict[str, Any]) -> list[int]:
    return [source["range"]["start"]["line"] for source in result["sources"]]


async def test_explain_this_at_the_cursor_shows_the_complete_answer(
    helix: tuple[HelixClient, Path],
) -> None:
    client, root = helix
    uri = await _open_cart(client, root)
    column = (root / "shop" / "cart.py").read_text().splitlines()[TOTAL_BODY].index("unit_price")
    actions = await _actions(client, uri, TOTAL_BODY, column, [])
    result = await client.execute(actions["Ask QGPT: explain this"])
    assert result["status"] == "completed", result.get("error")
    first = result["sources"][0]["range"]
    assert (first["start"]["line"], first["end"]["line"]) == (TOTAL_DEF[0], TOTAL_DEF[1] + 1), (
        "the cursor widens to the definition it is in, Cart.total"
    )
    await _until(lambda: len(client.opened) == 1)
    shown = client.views[client.opened[0]]
    assert result["answer"].strip().splitlines()[-1] in shown, "shown before the answer ended"
    assert "**Sources**" in shown and "shop/cart.py" not in client.opened[0]
    reports = [r for token in client.progress_reports for r in client.progress_reports[token]]
    assert any(isinstance(r, types.WorkDoneProgressReport) and r.message for r in reports), (
        "the answer streams as progress messages (display-progress-messages)"
    )

    follow = [title for title in await _actions(client, uri, TOTAL_BODY, column, [])]
    hint = next(title for title in follow if title.startswith("Follow up: "))
    again = await client.execute((await _actions(client, uri, TOTAL_BODY, column, []))[hint])
    assert again["status"] == "completed" and again["conversation"] == result["conversation"]
    await _until(lambda: len(client.opened) == 2)
    assert client.opened[1] != client.opened[0], "Helix never reloads: a new file per answer"
    assert again["answer"].strip().splitlines()[-1] in client.views[client.opened[1]]


async def test_explain_this_error_from_another_server(helix: tuple[HelixClient, Path]) -> None:
    client, root = helix
    uri = await _open_cart(client, root)
    ruff = types.Diagnostic(
        range=types.Range(
            start=types.Position(line=TOTAL_BODY, character=19),
            end=types.Position(line=TOTAL_BODY, character=29),
        ),
        message="F821 undefined name `unit_prise`",
        severity=types.DiagnosticSeverity.Error,
        source="ruff",
    )
    actions = await _actions(client, uri, TOTAL_BODY, 19, [ruff])
    result = await client.execute(actions["Explain this error"])
    assert result["status"] == "completed", result.get("error")
    await _until(lambda: len(client.opened) == 1)
    assert "Explain this error: F821 undefined name" in client.views[client.opened[0]]


async def test_who_can_help_shows_in_the_status_line(helix: tuple[HelixClient, Path]) -> None:
    client, root = helix
    uri = await _open_cart(client, root)
    actions = await _actions(client, uri, TOTAL_BODY, 8, [])
    result = await client.execute(actions["Who can help with this code?"])
    assert [p["email"] for p in result["persons"]] == ["ada@example.com"]
    await _until(lambda: any("ada@example.com" in line for line in client.status))
    assert any(line.startswith("QGPT: who can help: Ada Lovelace") for line in client.status)
