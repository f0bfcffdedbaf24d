"""What a selection within one line is about: the definition it lies in.

A word, or Helix's cursor (a one-character selection), says where the user is,
not what they mean: "explain this" on it asks about the innermost function,
method or class holding it (found as the index finds definitions), else about its
whole line. Every client and every backend gets the same widened range.
"""

from __future__ import annotations

from lsprotocol import types

from ..state.documents import Snapshot

__all__ = ["definition_at", "lines_of", "widened"]


def widened(snapshot: Snapshot, range_: types.Range) -> types.Range:
    """``range_``, or for one within one line its enclosing definition (else the line);
    an empty range stays empty (it asks about the file)."""
    if range_.start == range_.end or not _within_one_line(range_):
        return range_
    return definition_at(snapshot, range_.start.line) or lines_of(snapshot, range_)


def definition_at(snapshot: Snapshot, line: int) -> types.Range | None:
    """The whole lines of the innermost definition holding ``line`` (a cursor's), if any."""
    definition = _enclosing_definition(snapshot, line)
    if definition is None:
        return None
    first, last = definition
    return lines_of(
        snapshot,
        types.Range(
            start=types.Position(line=first, character=0),
            end=types.Position(line=last, character=1),
        ),
    )


def lines_of(snapshot: Snapshot, range_: types.Range) -> types.Range:
    """The whole lines ``range_`` touches (a diagnostic's range may be one character)."""
    start = types.Position(line=range_.start.line, character=0)
    last = range_.end.line
    if range_.end.character == 0 and range_.end.line > range_.start.line:
        last -= 1
    if last + 1 > len(snapshot.document.lines):
        return types.Range(start=start, end=snapshot.whole().end)
    return types.Range(start=start, end=types.Position(line=last + 1, character=0))


def _within_one_line(range_: types.Range) -> bool:
    start, end = range_.start, range_.end
    return end.line == start.line or (end.line == start.line + 1 and end.character == 0)


def _enclosing_definition(snapshot: Snapshot, line: int) -> tuple[int, int] | None:
    """(first, last) line of the innermost definition holding ``line``, if the file's
    language is one the index parses."""
    from ...engine.index.definitions import find_definitions
    from ...engine.index.languages import spec_for_suffix

    spec = spec_for_suffix(snapshot.path.suffix)
    if spec is None:
        return None
    definitions = find_definitions(spec, snapshot.text.encode())
    holding = [d for d in definitions if d.start_line <= line <= d.end_line]
    if not holding:
        return None
    inner = min(holding, key=lambda d: d.end_line - d.start_line)
    return inner.start_line, inner.end_line
