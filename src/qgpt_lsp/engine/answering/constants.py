"""The values of the constants quoted lines use: ``DEFAULT_REDIRECT_LIMIT = 30``.

A question about a limit or a default is answered by a line such as
``self.max_redirects = DEFAULT_REDIRECT_LIMIT``; the number itself is where the
constant is assigned, usually at the top of some module. It is looked up in the
quoted file first, then wherever the index finds the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from ..index.model import ScoredChunk
from .quoting import Labeler

__all__ = ["ConstantSearch", "constant_values"]

_CONSTANT = re.compile(r"\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,}[0-9]*)\b")
_MOST = 4


class ConstantSearch(Protocol):
    """The part of the index the lookup needs."""

    def search(
        self,
        query: str,
        paths: list[Path] | None = None,
        limit: int = 10,
        boost: None = None,
        *,
        windows: bool = True,
    ) -> list[ScoredChunk]: ...


def constant_values(
    lines: Iterable[str], own: tuple[Path | None, str], index: ConstantSearch, label: Labeler
) -> list[str]:
    """``DEFAULT_REDIRECT_LIMIT = 30`` (`models.py:47`) for each constant in ``lines``;
    ``own`` is the quoted file and its text, searched first."""
    names = dict.fromkeys(name for line in lines for name in _CONSTANT.findall(line))
    found = []
    for name in list(names)[:_MOST]:
        place = _assigned(name, *own) or _searched(name, index)
        if place is not None:
            path, number, value = place
            found.append(f"`{name} = {value}` (`{label(path, number, number)}`)")
    return found


def _assigned(
    name: str, path: Path | None, text: str, first: int = 1
) -> tuple[Path, int, str] | None:
    if path is None:
        return None
    pattern = re.compile(rf"^{re.escape(name)}\s*(?::[^=\n]+)?=\s*(.+?)\s*$", re.MULTILINE)
    match = pattern.search(text)
    if match is None or match.group(1).startswith("="):
        return None
    number = first + text.count("\n", 0, match.start())
    return path, number, match.group(1)[:80]


def _searched(name: str, index: ConstantSearch) -> tuple[Path, int, str] | None:
    for hit in index.search(name, limit=10, windows=False):
        chunk = hit.chunk
        place = _assigned(name, chunk.path, chunk.text, chunk.start_line + 1)
        if place is not None:
            return place
    return None
