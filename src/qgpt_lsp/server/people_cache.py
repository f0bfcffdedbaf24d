"""The who-can-help cache hovers read from (filled by hovers and ``qgpt.whoCanHelp``).

Git evidence is slow (blame, log), so hovers only read this cache; a miss
starts the lookup in the background, keyed per document so a newer hover
cancels the pending one (debounce by cancelling, never by sleeping).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsprotocol import types

from .documents import Snapshot
from .extras import persons_for
from .results import PersonResult

if TYPE_CHECKING:
    from .server import QGPTLanguageServer

__all__ = ["PeopleCache", "region_around", "region_text"]

_log = logging.getLogger(__name__)
#: Most lines a hover region reaches up or down from the hovered line.
REGION_REACH = 60
#: Most regions remembered.
CACHE_SIZE = 512


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


class PeopleCache:
    """Persons per piece of code (keyed by document and the code's text)."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], list[PersonResult]] = {}

    @staticmethod
    def key(uri: str, code: str) -> tuple[str, str]:
        return uri, hashlib.blake2b(code.encode(), digest_size=16).hexdigest()

    def get(self, uri: str, code: str) -> list[PersonResult] | None:
        return self._found.get(self.key(uri, code))

    def put(self, uri: str, code: str, persons: list[PersonResult]) -> None:
        if len(self._found) >= CACHE_SIZE:
            self._found.pop(next(iter(self._found)))
        self._found[self.key(uri, code)] = persons

    async def look_up(self, ls: QGPTLanguageServer, snapshot: Snapshot, code: str) -> None:
        backend = await ls.backend()
        self.put(snapshot.uri, code, await persons_for(backend, code, snapshot))

    def look_up_soon(self, ls: QGPTLanguageServer, snapshot: Snapshot, code: str) -> None:
        """Start the lookup in the background, cancelling this document's pending one."""
        key = ("people", snapshot.uri)
        ls.tasks.run(self.look_up(ls, snapshot, code), name="who-can-help", key=key)


def region_text(lines: Sequence[str], line: int) -> tuple[types.Range, str]:
    """The block around ``line`` (see :func:`region_around`): its range and its text."""
    start, end = region_around(lines, min(line, max(0, len(lines) - 1)))
    region = types.Range(
        start=types.Position(line=start, character=0),
        end=types.Position(line=end + 1, character=0),
    )
    return region, "".join(lines[start : end + 1])
