"""From the editor to the wire and back: the relevance request for the code asked
about, and the relevant snippets a backend found as LSP locations (only inside
the workspace).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from lsprotocol import types

from ...errors import QGPTError
from ...wire import (
    QGPTRelevanceInput,
    QGPTRelevanceInputOptions,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    Seed,
    Seeds,
    fragment_seed,
)
from ..state.documents import Snapshot, WorkspaceFiles

__all__ = [
    "relevance_input",
    "selection_seed",
    "sources_of",
    "symbol_of",
    "with_selection",
]

_log = logging.getLogger(__name__)
_SYMBOL = re.compile(r"^\s*(?:async\s+)?(?:def|class|function|func|fn|struct|interface)\s+(\w+)")
#: Most sources listed for one answer.
MAX_SOURCES = 20


def selection_seed(text: str, snapshot: Snapshot | None) -> Seed:
    return fragment_seed(text, snapshot.language if snapshot else None)


def relevance_input(
    query: str,
    seeds_text: str | None,
    snapshot: Snapshot | None,
    roots: list[Path],
    options: QGPTRelevanceInputOptions | None = None,
) -> QGPTRelevanceInput:
    """Search the workspace (its roots) for ``query``, seeded with the code asked about
    (sent once, as the only seed); ``options.question`` asks for the answer too."""
    seeds = Seeds(iterable=[selection_seed(seeds_text, snapshot)]) if seeds_text else None
    paths = [str(root) for root in roots] or None
    return QGPTRelevanceInput(query=query, seeds=seeds, paths=paths, options=options)


def sources_of(files: WorkspaceFiles, relevant: RelevantQGPTSeeds) -> list[types.Location]:
    """The snippets that have a path inside the workspace, as locations (no duplicates)."""
    found: list[types.Location] = []
    for item in relevant.iterable:
        location = _location(files, item)
        if location is not None and location not in found:
            found.append(location)
        if len(found) >= MAX_SOURCES:
            break
    return found


def with_selection(
    selection: types.Location | None, found: list[types.Location]
) -> list[types.Location]:
    """The code asked about first (the answer is about it), then ``found`` without the
    sources that are that same code (its range, or a part of it)."""
    if selection is None:
        return found
    others = [source for source in found if not _within(source, selection)]
    return [selection, *others][:MAX_SOURCES]


def _within(source: types.Location, selection: types.Location) -> bool:
    start, end = source.range.start, source.range.end
    outer = selection.range
    return (
        source.uri == selection.uri
        and (outer.start.line, outer.start.character) <= (start.line, start.character)
        and (end.line, end.character) <= (outer.end.line, outer.end.character)
    )


def _location(files: WorkspaceFiles, item: RelevantQGPTSeed) -> types.Location | None:
    if not item.path:
        return None
    path = Path(item.path)
    roots = files.roots()
    if not path.is_absolute() and roots:
        path = roots[0] / path
    try:
        snapshot = files.snapshot_of_path(path)
    except QGPTError as error:
        _log.debug("source %s skipped: %s", item.path, error)
        return None
    if item.location is None:
        range_ = snapshot.range_of_offsets(0, 0)
    else:
        range_ = snapshot.range_of_offsets(item.location.start, item.location.end)
    return types.Location(uri=snapshot.uri, range=range_)


def symbol_of(item: RelevantQGPTSeed) -> str | None:
    """The name a snippet is about (``def parse(...)`` -> ``parse``), if it defines one.

    The embedded engine centres each snippet on the definition it ranked, so of the
    definitions in the text, the one whose first line is nearest the middle wins
    (ties: the earlier one).
    """
    text = item.location.text if item.location else (item.seed.fragment_text if item.seed else None)
    lines = (text or "").splitlines()
    found = [(n, match.group(1)) for n, line in enumerate(lines) if (match := _SYMBOL.match(line))]
    middle = (len(lines) - 1) / 2
    return min(found, key=lambda pair: abs(pair[0] - middle))[1] if found else None
