"""``textDocument/hover``: what QGPT already knows about this code, at once.

Over code an earlier answer asked about or cited: that answer's hints and
sources. Over any line: who can help with the block around it, from git
evidence. A hover never waits on a model; a miss in the people cache starts the
git lookup in the background (one at a time; a newer miss replaces the waiting
one) and the hover waits for it at most ``PEOPLE_WAIT`` seconds (a blame takes
tens of milliseconds); a slower lookup shows on the next hover.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types

from ...errors import QGPTError
from ..results import PersonResult
from ..server import QGPTLanguageServer
from ..state.open_conversations import Exchange

__all__ = ["hover", "region_around", "region_text", "register"]

_MAX_EXCHANGES = 2
#: Most seconds a hover waits for the git lookup it started.
PEOPLE_WAIT = 1.5
#: Most lines a hover region reaches up or down from the hovered line.
REGION_REACH = 60


def region_around(lines: Sequence[str], line: int) -> tuple[int, int]:
    """The top-level block holding ``line``: from its unindented first line to the next one."""

    def starts_block(text: str) -> bool:
        return bool(text.strip()) and not text[0].isspace()

    start = line
    while start > 0 and line - start < REGION_REACH and not starts_block(lines[start]):
        start -= 1
    end = line + 1
    while end < len(lines) and end - line < REGION_REACH and not starts_block(lines[end]):
        end += 1
    return start, max(start, end - 1)


def region_text(lines: Sequence[str], line: int) -> tuple[types.Range, str]:
    """The block around ``line`` (see :func:`region_around`): its range and its text."""
    start, end = region_around(lines, min(line, max(0, len(lines) - 1)))
    region = types.Range(
        start=types.Position(line=start, character=0),
        end=types.Position(line=end + 1, character=0),
    )
    return region, "".join(lines[start : end + 1])


async def hover(ls: QGPTLanguageServer, params: types.HoverParams) -> types.Hover | None:
    if not ls.settings.hover.enabled:
        return None
    try:
        snapshot = ls.files.snapshot(params.text_document.uri)
    except QGPTError:
        return None
    line, lines = params.position.line, snapshot.document.lines
    if line < 0 or line >= len(lines):
        return None
    exchanges = [exchange for _, exchange in ls.conversations.exchanges_at(snapshot.uri, line)]
    region, code = region_text(lines, line)
    persons = ls.people.get(snapshot.uri, code) if code.strip() else []
    if persons is None:
        ls.people.look_up_soon(snapshot, code)
        persons = await ls.people.found_within(snapshot.uri, code, PEOPLE_WAIT)
    parts = [_exchange_markdown(exchange) for exchange in exchanges[:_MAX_EXCHANGES]]
    if persons:
        parts.append(_persons_markdown(persons))
    if not parts:
        return None
    content = types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts))
    return types.Hover(contents=content, range=region if not exchanges else None)


def _exchange_markdown(exchange: Exchange) -> str:
    lines = [f"**QGPT**: {exchange.question.strip().splitlines()[0][:120]}"]
    if exchange.hints:
        lines += ["", "Follow up:"] + [f"- {hint}" for hint in exchange.hints]
    if exchange.sources:
        lines += ["", "Sources:"]
        for source in exchange.sources[:5]:
            name = Path(source.uri).name
            lines.append(f"- [{name}:{source.range.start.line + 1}]({source.uri})")
    return "\n".join(lines)


def _persons_markdown(persons: list[PersonResult]) -> str:
    lines = ["**Who can help**"]
    for person in persons[:3]:
        email = f" <{person.email}>" if person.email else ""
        why = f": {person.explanation}" if person.explanation else ""
        lines.append(f"- {person.name}{email}{why}")
    return "\n".join(lines)


def register(server: QGPTLanguageServer) -> None:
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover)
