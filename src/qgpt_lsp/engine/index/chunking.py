"""Cut a file into chunks: definitions where a grammar knows the language, line windows elsewhere.

Every chunk covers whole lines. Code between definitions (imports, constants,
class attributes, module scripts) and files without a grammar (Markdown,
config) become overlapping windows; a definition longer than
``max_chunk_lines`` becomes windows that keep its symbol, parent and signature.

With ``file_windows`` (off by default), a file with definitions is also cut into
back-to-back windows of ``window_lines``, so that a question whose words are
spread over neighbouring functions can match their lines together; search then drops a
definition whose lines a better window already returns, and the other way round.
bench/retrieval/README.md says when that paid and when it did not.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from ...wire import extension_for
from .definitions import Definition, find_definitions
from .languages import spec_for_suffix
from .model import Chunk
from .settings import IndexSettings

__all__ = ["LineIndex", "chunk_file", "window_ranges"]


class LineIndex:
    """Character offsets of the lines of a text (0-based lines)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0, *accumulate(len(line) + 1 for line in self.lines)][:-1]

    def __len__(self) -> int:
        return len(self.lines)

    def span(self, start_line: int, end_line: int) -> tuple[int, int]:
        """Offsets from the start of ``start_line`` to the end of ``end_line`` (no newline)."""
        return self.starts[start_line], self.starts[end_line] + len(self.lines[end_line])


def window_ranges(start: int, end: int, size: int, overlap: int) -> list[tuple[int, int]]:
    """Inclusive line ranges of ``size`` lines sharing ``overlap`` lines, covering start..end."""
    step = max(1, size - overlap)
    ranges = []
    first = start
    while True:
        last = min(end, first + size - 1)
        ranges.append((first, last))
        if last >= end:
            return ranges
        first += step


@dataclass(frozen=True)
class _Piece:
    start_line: int
    end_line: int
    symbol: str | None
    kind: str
    parent: str | None
    signature: str | None


def chunk_file(
    path: Path, text: str, settings: IndexSettings, code_aware: bool = True
) -> list[Chunk]:
    """The chunks of ``text`` (already redacted), the content of ``path``.

    ``code_aware=False`` cuts line windows only (the fallback, and the benchmark baseline).
    """
    lines = LineIndex(text)
    spec = spec_for_suffix(path.suffix) if code_aware else None
    source = text.encode("utf-8", "surrogatepass")
    definitions = find_definitions(spec, source, settings.whole_class_lines) if spec else []
    pieces = _definition_pieces(definitions, settings)
    pieces += _leftover_pieces(lines, definitions, settings, bare=not pieces)
    if definitions and settings.file_windows:
        pieces += _file_windows(lines, settings.window_lines)
    pieces.sort(key=lambda p: (p.start_line, p.end_line))
    language = extension_for(path.suffix) if path.suffix else "UNKNOWN"
    return [_chunk(path, language, lines, piece) for piece in pieces]


def _definition_pieces(definitions: list[Definition], settings: IndexSettings) -> list[_Piece]:
    pieces = []
    for d in definitions:
        last = d.header_end
        size = settings.max_chunk_lines
        spans = [(d.start_line, last)]
        if last - d.start_line + 1 > size:
            spans = window_ranges(d.start_line, last, size, settings.window_overlap)
        kind = "class" if d.kind not in ("function", "method") else d.kind
        pieces += [_Piece(a, b, d.symbol, kind, d.parent, d.signature) for a, b in spans]
    return pieces


def _file_windows(lines: LineIndex, size: int) -> list[_Piece]:
    """Back-to-back windows from the first line to the last non-blank one."""
    last = len(lines) - 1
    while last > 0 and not lines.lines[last].strip():
        last -= 1
    return [_Piece(a, b, None, "window", None, None) for a, b in window_ranges(0, last, size, 0)]


def _leftover_pieces(
    lines: LineIndex, definitions: list[Definition], settings: IndexSettings, bare: bool
) -> list[_Piece]:
    """Windows over runs of lines no definition covers (runs of < 2 non-blank lines dropped)."""
    covered = bytearray(len(lines))
    for d in definitions:
        covered[d.start_line : d.header_end + 1] = b"\x01" * (d.header_end + 1 - d.start_line)
    pieces: list[_Piece] = []
    for first, last in _runs(covered):
        filled = sum(1 for line in lines.lines[first : last + 1] if line.strip())
        if filled < 2 and not (bare and filled):
            continue
        parent = _enclosing_class(definitions, first)
        size, overlap = settings.window_lines, settings.window_overlap
        for a, b in window_ranges(first, last, size, overlap):
            pieces.append(_Piece(a, b, None, "window", parent, None))
    return pieces


def _runs(covered: bytearray) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = None
    for line, flag in enumerate(covered):
        if not flag and start is None:
            start = line
        elif flag and start is not None:
            runs.append((start, line - 1))
            start = None
    if start is not None:
        runs.append((start, len(covered) - 1))
    return runs


def _enclosing_class(definitions: list[Definition], line: int) -> str | None:
    inside = [
        d
        for d in definitions
        if d.kind not in ("function", "method") and d.start_line <= line <= d.end_line
    ]
    return max(inside, key=lambda d: d.start_line).symbol if inside else None


def _chunk(path: Path, language: str, lines: LineIndex, piece: _Piece) -> Chunk:
    start, end = lines.span(piece.start_line, piece.end_line)
    text = lines.text[start:end]
    key = f"{path}\0{start}\0{end}\0{piece.symbol}\0{piece.kind}\0{text}"
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()
    return Chunk(
        id=digest,
        path=path,
        language=language,
        start_line=piece.start_line,
        end_line=piece.end_line,
        start_offset=start,
        end_offset=end,
        text=text,
        symbol=piece.symbol,
        kind=piece.kind,
        parent=piece.parent,
        signature=piece.signature,
    )
