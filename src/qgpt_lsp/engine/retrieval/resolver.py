"""The code a question is about: its relevant items (ids from /qgpt/relevance, the
user's selection, fragments) as :class:`~..answerers.CitedCode`.

An item resolves through its id (the relevance registry), else through its own
fragment text or its ``path`` + ``location``; anything else is
:class:`errors.UnresolvableSnippet`. Text from files is read only inside the
workspace roots, and every piece is passed through secret redaction.

No code is given twice: an indexed snippet that shows lines of a selection sent
beside it (the same file) is left out, since the selection shows them, and an item
that repeats an earlier one exactly (same place, same text) is too. A selection's
``focus`` is the definition it defines or lies in, as an indexed snippet's is the
definition search ranked.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ... import errors
from ...redaction import redact
from ...wire import RelevantQGPTSeed, TextLocation, extension_for, fragment_seed
from ..answerers import CitedCode
from ..index.model import Chunk
from .subject import definitions_at

__all__ = ["FileReader", "RelevantItemResolver", "SeedLookup", "line_offsets", "rank_score"]


class FileReader(Protocol):
    """The part of the workspace index the resolver needs."""

    def resolve_inside(self, path: Path) -> Path: ...

    def read_text(self, path: Path) -> str | None: ...

    def chunks_for_file(self, path: Path) -> list[Chunk]: ...


class SeedLookup(Protocol):
    """The relevance registry: the item a relevance id stands for, and its best chunk."""

    def get(self, snippet_id: str) -> RelevantQGPTSeed | None: ...

    def chunk(self, snippet_id: str) -> Chunk | None: ...


def rank_score(rank: int) -> float:
    """The score of the item at ``rank`` (0-based) when the wire gives none."""
    return round(max(1.0 - 0.1 * rank, 0.1), 2)


class RelevantItemResolver:
    """Turns the ``relevant`` items of a request into labelled code."""

    def __init__(self, files: FileReader, registry: SeedLookup, roots: Sequence[Path]) -> None:
        self._files = files
        self._registry = registry
        self._roots = [root.resolve() for root in roots]

    def resolve(self, items: Sequence[RelevantQGPTSeed]) -> list[CitedCode]:
        """The items as code, in their order, without code given twice (see above)."""
        resolved = [self._resolve(item, rank) for rank, item in enumerate(items)]
        selections = [code for code, indexed in resolved if not indexed]
        kept: list[CitedCode] = []
        for code, indexed in resolved:
            if indexed and any(_within_sight(code, selection) for selection in selections):
                continue
            if not any(_same_code(code, earlier) for earlier in kept):
                kept.append(code)
        return kept

    def _resolve(self, item: RelevantQGPTSeed, rank: int) -> tuple[CitedCode, bool]:
        """The item as code, and whether it is an indexed snippet (not the caller's own)."""
        known = self._registry.get(item.id) if item.id else None
        if known is not None:
            item = _merge(known, item)
        fragment = item.seed.fragment_text if item.seed else None
        location_text = item.location.text if item.location else None
        if not fragment and not location_text and not (item.path and item.location):
            raise errors.UnresolvableSnippet(_unresolvable(item, rank))
        path = self._files.resolve_inside(Path(item.path)) if item.path else None
        text = fragment or location_text or ""
        start, end, text = self._place(path, item, text)
        language = (item.seed.fragment_ext if item.seed else None) or _language(path)
        label = self.label(path, start, end) if path else f"snippet {rank + 1}"
        best = self._registry.chunk(item.id) if item.id and known is not None else None
        focus = best.symbol if best is not None else self._focus(path, start, end)
        score = rank_score(rank)
        code = CitedCode(
            redact(text),
            path,
            start,
            end,
            language,
            score,
            label,
            item.id,
            focus,
            selected=best is None,  # not an indexed snippet: the caller's own code
        )
        return code, best is not None

    def _focus(self, path: Path | None, start: int, end: int) -> str | None:
        """The definition a selection's lines define or lie in (None: none, or no file)."""
        if path is None:
            return None
        found = definitions_at(self._files.chunks_for_file(path), start, end)
        return found[0].name if found else None

    def _place(self, path: Path | None, item: RelevantQGPTSeed, text: str) -> tuple[int, int, str]:
        """1-based first and last line of the item in its file, and its text."""
        whole = self._files.read_text(path) if path else None
        if whole is None:
            return 1, max(text.count("\n") + 1, 1), text
        if item.location is not None:
            start, end = item.location.start, max(item.location.end, item.location.start)
            text = text or whole[start:end]
        else:
            start = max(whole.find(text), 0) if text else 0
            end = start + len(text)
        first = whole.count("\n", 0, start) + 1
        last = first + max(whole[start:end].rstrip("\n").count("\n"), 0)
        return first, last, text or whole[start:end]

    def to_relevant(self, snippet: CitedCode) -> RelevantQGPTSeed:
        """The snippet as a relevant item: id, path, and its place as character offsets."""
        location = None
        whole = self._files.read_text(snippet.path) if snippet.path else None
        if whole is not None:
            start, end = line_offsets(whole, snippet.start_line, snippet.end_line)
            location = TextLocation(start=start, end=end, text=redact(whole[start:end]))
        return RelevantQGPTSeed(
            id=snippet.id,
            path=str(snippet.path) if snippet.path else None,
            location=location,
            seed=None if location else fragment_seed(snippet.text, snippet.language),
        )

    def label(self, path: Path | None, start: int, end: int) -> str:
        """``src/cache.py:40-80``: the path relative to its root, and the lines."""
        if path is None:
            return f"snippet:{start}"
        shown = path.as_posix()
        for root in self._roots:
            if path.is_relative_to(root):
                shown = path.relative_to(root).as_posix()
                break
        return f"{shown}:{start}" if start == end else f"{shown}:{start}-{end}"


def _within_sight(indexed: CitedCode, selection: CitedCode) -> bool:
    """True when ``selection`` shows some of the lines of ``indexed`` (of the same file)."""
    return selection.shares_lines(indexed.path, indexed.start_line, indexed.end_line)


def _same_code(one: CitedCode, other: CitedCode) -> bool:
    return (one.path, one.start_line, one.end_line, one.text) == (
        other.path,
        other.start_line,
        other.end_line,
        other.text,
    )


def _merge(known: RelevantQGPTSeed, given: RelevantQGPTSeed) -> RelevantQGPTSeed:
    return RelevantQGPTSeed(
        id=given.id,
        path=given.path or known.path,
        location=given.location or known.location,
        seed=given.seed or known.seed,
    )


def _unresolvable(item: RelevantQGPTSeed, rank: int) -> str:
    if item.id:
        return (
            f"relevant item {rank + 1} has id {item.id!r}, which no /qgpt/relevance call "
            "returned, and no fragment: send the code as seed.asset.format.fragment"
        )
    return (
        f"relevant item {rank + 1} has neither an id from /qgpt/relevance nor a fragment: "
        "send the code as seed.asset.format.fragment.string.raw"
    )


def _language(path: Path | None) -> str:
    return extension_for(path.suffix) if path and path.suffix else "UNKNOWN"


def line_offsets(text: str, start: int, end: int) -> tuple[int, int]:
    """Character offsets of lines ``start..end`` (1-based, inclusive) in ``text``."""
    lines = text.splitlines(keepends=True)
    first = sum(len(line) for line in lines[: start - 1])
    last = first + sum(len(line) for line in lines[start - 1 : end])
    return first, last
