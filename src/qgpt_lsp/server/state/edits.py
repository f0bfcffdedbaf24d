"""Edits kept inside their document: an out-of-range ``didChange`` range is clamped.

``textDocument/didChange`` is a notification: there is no answer to carry an error, and
dropping the edit would leave the buffer out of step with the editor for good. So a
range past the end (or before the start, or ending before it starts) is clamped to the
document, applied, and reported as a warning in the log and the editor's output
(``window/logMessage``). The editor's next full sync puts the text right if the clamp
guessed wrong.
"""

from __future__ import annotations

from lsprotocol import types

__all__ = ["clamped"]


def clamped(
    lines: list[str], change: types.TextDocumentContentChangeEvent
) -> tuple[types.TextDocumentContentChangeEvent, str | None]:
    """``change`` with its range inside ``lines`` (UTF-16 columns), and what was wrong."""
    if not isinstance(change, types.TextDocumentContentChangePartial):
        return change, None
    given = change.range
    start, end = _inside(lines, given.start), _inside(lines, given.end)
    if (end.line, end.character) < (start.line, start.character):
        start, end = end, start
    fixed = types.Range(start=start, end=end)
    if fixed == given:
        return change, None
    problem = f"range {_show(given)} is outside the document ({len(lines)} lines)"
    partial = types.TextDocumentContentChangePartial(
        range=fixed, text=change.text, range_length=None
    )
    return partial, f"{problem}; applied at {_show(fixed)}"


def _inside(lines: list[str], position: types.Position) -> types.Position:
    line = min(max(position.line, 0), len(lines))
    if line == len(lines):
        return types.Position(line=line, character=0)
    width = len(lines[line].rstrip("\r\n").encode("utf-16-le")) // 2
    return types.Position(line=line, character=min(max(position.character, 0), width))


def _show(range_: types.Range) -> str:
    start, end = range_.start, range_.end
    return f"{start.line}:{start.character}-{end.line}:{end.character}"
