"""The code a question was asked about, told apart from what search found, and placed.

The caller's own code (a selection, a file, a fragment) is what the index did not
return: search results always carry both a path and a relevance id, while a
selection comes as a fragment (no path) or as a path and lines with no id. A
fragment is looked up in the workspace by its text, so it is cited by its file
and lines rather than as "snippet 1"; the search results that show the same lines
are dropped, so the code asked about appears once, and first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ... import errors
from ..answerers import CitedCode
from ..people import locate_fragment
from ..people.locate import SearchIndex
from .facts import Labeler

__all__ = ["is_callers_code", "place_selection"]


def is_callers_code(code: CitedCode) -> bool:
    """True for code the caller sent (see the module docstring), not a search result."""
    return code.selected or code.path is None or code.id is None


def place_selection(
    index: SearchIndex, label: Labeler, snippets: Sequence[CitedCode]
) -> list[CitedCode]:
    """The caller's code first (marked ``selected``, with its file and lines when the
    workspace holds it), then the search results that do not repeat it."""
    chosen = [_placed(index, label, code) for code in snippets if is_callers_code(code)]
    found = [code for code in snippets if not is_callers_code(code)]
    kept = [
        code
        for code in found
        if not any(_covers(mine, code) for mine in chosen if mine.path is not None)
    ]
    return chosen + kept


def _placed(index: SearchIndex, label: Labeler, code: CitedCode) -> CitedCode:
    if code.path is not None:
        return replace(code, selected=True)
    try:
        where = locate_fragment(index, code.text)
    except errors.QGPTError:  # the index is busy: the fragment is still answered, unplaced
        where = None
    if where is None:
        return replace(code, selected=True, label=_fragment_label(code))
    return replace(
        code,
        path=where.path,
        start_line=where.start,
        end_line=where.end,
        label=label(where.path, where.start, where.end),
        selected=True,
    )


def _covers(selection: CitedCode, found: CitedCode) -> bool:
    """True when ``found`` shows nothing the selection does not (same file, inside it),
    or the two overlap by more than half of ``found``."""
    if not selection.shares_lines(found.path, found.start_line, found.end_line):
        return False
    shared = min(selection.end_line, found.end_line) - max(selection.start_line, found.start_line)
    return shared + 1 > (found.end_line - found.start_line + 1) / 2


def _fragment_label(code: CitedCode) -> str:
    lines = code.text.rstrip("\n").count("\n") + 1
    return "selection" if lines <= 1 else f"selection:1-{lines}"
