"""In-process handler time: hover and code action on a 5,000-line open document.

What the server itself spends per request (no pipe, no client, no JSON), so the
round-trip figures of ``run.py`` can be read against it.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.workspace import Workspace

from qgpt_lsp.server import create_server
from qgpt_lsp.server.features.code_actions import code_actions
from qgpt_lsp.server.features.hover import hover


def handler_times(text: str, samples: int) -> tuple[list[float], list[float]]:
    """(code action ms, hover ms) per call; hover's background lookup is not started."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big = root / "big.py"
        big.write_text(text)
        server = create_server()
        folder = types.WorkspaceFolder(uri=root.as_uri(), name="bench")
        server.protocol._workspace = Workspace(root.as_uri(), workspace_folders=[folder])
        server.protocol.client_capabilities = types.ClientCapabilities()
        item = types.TextDocumentItem(uri=big.as_uri(), language_id="python", version=1, text=text)
        server.workspace.put_text_document(item)
        server.people.look_up_soon = lambda *args: None  # type: ignore[method-assign]
        return _actions(server, big.as_uri(), samples), _hovers(
            server, big.as_uri(), samples, len(text.splitlines())
        )


def _actions(server: object, uri: str, samples: int) -> list[float]:
    doc = types.TextDocumentIdentifier(uri=uri)
    selection = types.Range(
        start=types.Position(line=2000, character=0), end=types.Position(line=2010, character=0)
    )
    params = types.CodeActionParams(
        text_document=doc, range=selection, context=types.CodeActionContext(diagnostics=[])
    )
    times = []
    for _ in range(samples):
        began = time.perf_counter()
        code_actions(server, params)  # type: ignore[arg-type]
        times.append((time.perf_counter() - began) * 1000)
    return times


def _hovers(server: object, uri: str, samples: int, lines: int) -> list[float]:
    doc = types.TextDocumentIdentifier(uri=uri)
    times = []
    for i in range(samples):
        params = types.HoverParams(
            text_document=doc, position=types.Position(line=(i * 37) % lines, character=4)
        )
        began = time.perf_counter()
        hover(server, params)  # type: ignore[arg-type]
        times.append((time.perf_counter() - began) * 1000)
    return times
