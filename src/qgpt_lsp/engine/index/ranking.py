"""Re-rank hits for what the user looks at, and merge hits that overlap into one span."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Boost, Chunk, ScoredChunk

__all__ = ["SAME_DIRECTORY", "SAME_FILE", "SELECTION", "MergedHit", "apply_boost", "merge_overlaps"]

#: Score multipliers: a chunk in the current file, one overlapping the selection (on top
#: of the file's), one in the current file's folder.
SAME_FILE = 1.5
SELECTION = 2.0
SAME_DIRECTORY = 1.1


def boost_factor(chunk: Chunk, boost: Boost) -> float:
    if boost.path is None:
        return 1.0
    if chunk.path != boost.path:
        return SAME_DIRECTORY if chunk.path.parent == boost.path.parent else 1.0
    factor = SAME_FILE
    first = boost.start_line
    last = boost.end_line if boost.end_line is not None else first
    if first is None or last is None:
        return factor
    if chunk.start_line <= last and first <= chunk.end_line:
        factor *= SELECTION
    return factor


def apply_boost(hits: list[ScoredChunk], boost: Boost | None) -> list[ScoredChunk]:
    """``hits`` re-scored for ``boost`` and sorted, best first."""
    if boost is not None:
        hits = [ScoredChunk(h.chunk, h.score * boost_factor(h.chunk, boost)) for h in hits]
    return sorted(hits, key=lambda h: -h.score)


@dataclass(frozen=True)
class MergedHit:
    """One span of a file made of one or more overlapping chunks; ``chunks[0]`` scored best."""

    chunks: tuple[Chunk, ...]
    score: float
    start_line: int
    end_line: int
    start_offset: int
    end_offset: int
    text: str

    @property
    def path(self) -> Path:
        return self.chunks[0].path


def merge_overlaps(hits: list[ScoredChunk]) -> list[MergedHit]:
    """Hits with overlapping lines in the same file become one hit (best score kept), best first.

    Chunks cover whole lines, so the merged text is the union of their lines.
    """
    merged: list[MergedHit] = []
    ordered = sorted(hits, key=lambda h: (str(h.chunk.path), h.chunk.start_line, -h.score))
    for hit in ordered:
        last = merged[-1] if merged else None
        if last is not None and _overlaps(last, hit.chunk):
            merged[-1] = _join(last, hit)
        else:
            merged.append(_single(hit))
    return sorted(merged, key=lambda m: -m.score)


def _single(hit: ScoredChunk) -> MergedHit:
    c = hit.chunk
    return MergedHit(
        (c,), hit.score, c.start_line, c.end_line, c.start_offset, c.end_offset, c.text
    )


def _overlaps(hit: MergedHit, chunk: Chunk) -> bool:
    return hit.path == chunk.path and chunk.start_line <= hit.end_line


def _join(hit: MergedHit, scored: ScoredChunk) -> MergedHit:
    """``hit`` extended by a chunk that starts inside it (hits arrive sorted by start line)."""
    chunk = scored.chunk
    text = hit.text
    if chunk.end_line > hit.end_line:
        extra = chunk.text.split("\n")
        text += "\n" + "\n".join(extra[len(extra) - (chunk.end_line - hit.end_line) :])
    chunks = (*hit.chunks, chunk) if hit.score >= scored.score else (chunk, *hit.chunks)
    return MergedHit(
        chunks,
        max(hit.score, scored.score),
        hit.start_line,
        max(hit.end_line, chunk.end_line),
        hit.start_offset,
        max(hit.end_offset, chunk.end_offset),
        text,
    )
