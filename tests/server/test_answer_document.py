"""The live Markdown answer and ``window/showDocument`` (pytest-lsp's client answers the
request and records it in ``shown_documents``)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from .conftest import SessionFactory
from .session import LSPSession, wait_until

GROUNDED = {"backend": "embedded", "answerer": "grounded"}
DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}
QUESTION = "What does divide do?"


async def _ask(session: LSPSession) -> dict[str, Any]:
    uri = session.open("app/calc.py")
    result = await session.execute("qgpt.ask", {"uri": uri, "range": DIVIDE, "question": QUESTION})
    assert result["status"] == "completed" and result["answer"]
    return result


def _link(source: dict[str, Any]) -> str:
    line = source["range"]["start"]["line"] + 1
    return f"- [{Path(source['uri']).name}:{line}]({source['uri']}#L{line})"


async def _document(result: dict[str, Any], cache_dir: Path) -> str:
    path = cache_dir / "answers" / f"{result['conversation']}.md"
    assert result["document"] == path.as_uri()
    return await asyncio.to_thread(path.read_text, encoding="utf-8")


def _check_document(text: str, result: dict[str, Any]) -> None:
    """The question's section holds the whole answer, then the sources as file:line links."""
    assert text.splitlines()[0] == "# QGPT conversation", "the question twice (title and section)"
    section = text.split(f"## {QUESTION}\n\n", 1)[1]
    assert section.startswith(result["answer"])
    after = section[len(result["answer"]) :]
    sources = after.split("**Sources**\n\n", 1)[1].split("\n\n", 1)[0]
    assert result["sources"] and sources.splitlines() == [_link(s) for s in result["sources"]]


@pytest.mark.parametrize("client", ["visual_studio_code", "neovim"])
async def test_answer_document_is_shown_without_focus(
    lsp: SessionFactory, cache_dir: Path, client: str
) -> None:
    async with lsp(settings=GROUNDED, client=client) as session:
        result = await _ask(session)
        await wait_until(lambda: bool(session.client.shown_documents))
        shown = list(session.client.shown_documents)
    assert [(s.uri, s.take_focus) for s in shown] == [(result["document"], False)]
    _check_document(await _document(result, cache_dir), result)


async def test_answer_document_not_shown_when_the_setting_is_off(
    lsp: SessionFactory, cache_dir: Path
) -> None:
    async with lsp(settings={**GROUNDED, "openAnswerDocument": False}) as session:
        result = await _ask(session)
        await session.execute("qgpt.indexStatus", {})  # one more round trip after the answer
        shown = list(session.client.shown_documents)
    assert shown == []
    _check_document(await _document(result, cache_dir), result)
