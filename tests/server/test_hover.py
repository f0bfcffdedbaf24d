"""textDocument/hover: earlier answers' hints and sources; who can help, from cached git."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from .conftest import SessionFactory
from .session import LSPSession, wait_until
from .test_streaming import _index_done

GROUNDED = {"backend": "embedded", "answerer": "grounded"}
DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}


async def _hover(session: LSPSession, uri: str, line: int) -> str | None:
    params = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=line, character=6),
    )
    hover = await session.client.text_document_hover_async(params)
    if hover is None:
        return None
    assert isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


async def _hover_until(session: LSPSession, uri: str, line: int, text: str) -> str:
    """Hovers return at once; the git lookup lands in the cache, and a later hover shows it."""
    seen: list[str | None] = []

    async def shows() -> bool:
        seen.append(await _hover(session, uri, line))
        return text in (seen[-1] or "")

    for _ in range(600):
        if await shows():
            return seen[-1] or ""
        await asyncio.sleep(0.05)
    raise AssertionError(f"{text!r} never shown; last hover: {seen[-1]!r}")


async def test_hover_shows_hints_sources_and_people(lsp: SessionFactory) -> None:
    async with lsp(settings=GROUNDED) as session:
        uri = session.open("app/calc.py")
        report = session.open("app/report.py")
        await wait_until(lambda: _index_done(session))  # report.py must be findable
        result = await session.execute(
            "qgpt.ask", {"uri": uri, "range": DIVIDE, "question": "What does divide do?"}
        )
        over_divide = await _hover_until(session, uri, 9, "Ada Lovelace")
        over_report = await _hover_until(session, report, 7, "Grace Hopper")
    assert "**QGPT**: What does divide do?" in over_divide
    for hint in result["hints"]:
        assert hint in over_divide
    assert "Sources:" in over_divide and "report.py" in over_divide
    assert "**Who can help**" in over_report and "Ada Lovelace" not in over_report
    assert "QGPT**:" in over_report, "report.py was cited as a source of the answer"


async def test_hover_first_answer_is_immediate_and_disabled_means_none(lsp: SessionFactory) -> None:
    async with lsp(settings={**GROUNDED, "hover": {"enabled": False}}) as session:
        uri = session.open("app/calc.py")
        assert await _hover(session, uri, 4) is None
        assert await _hover(session, session.uri("app/nope.py"), 0) is None


async def test_the_first_hover_over_committed_code_shows_who_can_help(
    lsp: SessionFactory,
) -> None:
    # the hover waits (a bounded time) for the git lookup it starts: the first hover a
    # user makes shows the people, not only a later one
    async with lsp(settings=GROUNDED) as session:
        report = session.open("app/report.py")
        await wait_until(lambda: _index_done(session))
        first = await _hover(session, report, 7)
    assert first is not None and "**Who can help**" in first and "Grace Hopper" in first
