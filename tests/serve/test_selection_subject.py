"""Over the wire: "Explain this code." with a selection as its seed, as any QGPT client sends
it to ``qgpt-lsp serve``, is answered about the selection (found in the workspace by its
text), its caller first beside it; the final frame cites the selection by its file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qgpt_lsp.wire import fragment_seed

from .live import LiveServer
from .workspace import CALC
from .wsclient import connect, send

ADD_NUMBERS = "".join(CALC.splitlines(keepends=True)[3:6])


def _final_frame(live: LiveServer, frame: dict[str, Any]) -> dict[str, Any]:
    socket = connect(live)
    try:
        send(socket, frame)
        for _ in range(10_000):
            received: dict[str, Any] = json.loads(socket.recv())
            if received["status"] != "IN-PROGRESS":
                return received
    finally:
        socket.close()
    raise AssertionError("no terminal frame")


def test_a_fixed_question_over_the_wire_is_about_the_seed(
    engine_server: LiveServer, workspace: Path
) -> None:
    relevance = {
        "query": "Explain this code.",
        "seeds": {"iterable": [fragment_seed(ADD_NUMBERS, "py").to_wire()]},
        "paths": [str(workspace)],
        "options": {"question": True},
    }
    final = _final_frame(engine_server, {"relevance": relevance})
    assert final["status"] == "COMPLETED"
    items = final["relevance"]["relevant"]["iterable"]
    first = items[0]
    assert Path(first["path"]).name == "calc.py"
    assert first["location"]["text"].startswith("def add_numbers")
    texts = [item["location"]["text"] for item in items[1:] if item.get("location")]
    assert any("add_numbers(total, left)" in text for text in texts), "its caller"
    assert not any(Path(item.get("path") or "").name == "tokens.py" for item in items)
