"""The selection asked about reaches the backend once: one single-call stream request
(relevance with ``options.question``), the selection its only seed."""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.pieces_os import FakePiecesOS

from .conftest import CALC, SessionFactory

DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}
SELECTED = "".join(CALC.splitlines(keepends=True)[8:11])


def _occurrences(value: Any, text: str) -> int:
    """How often ``text`` occurs in a JSON value as it went over the wire."""
    return json.dumps(value).count(json.dumps(text)[1:-1])


async def test_the_selection_is_sent_once(
    lsp: SessionFactory, fake_pieces_os: FakePiecesOS
) -> None:
    async with lsp(settings={"backend": fake_pieces_os.base_url}) as session:
        uri = session.open("app/calc.py")
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "What does divide do?"}
        )
    asks = [frame for frame in fake_pieces_os.stream_inputs if "stop" not in frame]
    answering = [
        r.path for r in fake_pieces_os.requests if r.path in ("/qgpt/relevance", "/qgpt/question")
    ]
    assert result["status"] == "completed"
    assert answering == [], "no separate relevance or question request"
    [ask] = asks
    assert ask["relevance"]["options"]["question"] is True and "question" not in ask
    assert "def divide" in SELECTED and _occurrences(ask, SELECTED) == 1
    assert _occurrences(ask, "def divide") == 1, "no second copy of any part of it"
