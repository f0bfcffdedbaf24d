"""Setting ``backend``: auto finds a Pieces OS (else embedded), pieces insists on one."""

from __future__ import annotations

from pathlib import Path

import pytest
from pygls.exceptions import JsonRpcException

from qgpt_lsp.engine import Engine
from qgpt_lsp.server.backends import _embedded
from qgpt_lsp.server.state.editor_settings import parse_settings
from tests.fakes.pieces_os import FakePiecesOS

from .conftest import SessionFactory

DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}


async def test_auto_takes_a_running_pieces_os(
    lsp: SessionFactory, fake_pieces_os: FakePiecesOS
) -> None:
    ports = {"QGPT_LSP_PIECES_PORTS": str(fake_pieces_os.port)}
    async with lsp(settings={"backend": "auto"}, env=ports) as session:
        uri = session.open("app/calc.py")
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "Explain divide"}
        )
        status = await session.execute("qgpt.indexStatus", {})
    assert result["model"] == "pieces" and result["answer"] == "Answer to: Explain divide"
    assert status["state"] == "idle" and "remote" in status["message"]


async def test_auto_falls_back_to_the_embedded_engine(lsp: SessionFactory) -> None:
    async with lsp(settings={"backend": "auto", "answerer": "grounded"}) as session:
        uri = session.open("app/calc.py")
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "Explain divide"}
        )
    assert result["status"] == "completed" and result["model"] == "grounded"


async def test_pieces_without_pieces_os_says_so(lsp: SessionFactory) -> None:
    async with lsp(settings={"backend": "pieces"}) as session:
        uri = session.open("app/calc.py")
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "Explain divide"}
        )
        with pytest.raises(JsonRpcException, match="make sure Pieces OS is running"):
            await session.execute("qgpt.relevance", {"query": "divide"})
        messages = [m.message for m in session.client.messages]
    assert result["status"] == "failed" and "make sure Pieces OS is running" in result["error"]
    assert any("make sure Pieces OS is running" in message for message in messages)


async def test_index_settings_reach_the_embedded_engine(tmp_path: Path) -> None:
    settings, problems = parse_settings(
        {"backend": "embedded", "index": {"maxFileSize": 2048, "semanticWeight": 1.5}}
    )
    assert problems == []
    engine = _embedded(settings, [tmp_path], tmp_path / "cache")
    try:
        assert isinstance(engine, Engine)
        assert engine.index.settings.max_file_size == 2048
        assert engine.index.settings.semantic_weight == 1.5
    finally:
        await engine.aclose()


def test_a_bad_semantic_weight_is_reported_and_replaced() -> None:
    settings, problems = parse_settings({"index": {"semanticWeight": -1}})
    assert settings.index.semantic_weight == 0.0
    assert any("semanticWeight" in problem for problem in problems)
