"""Rank loose texts (seeds, earlier snippets) against a query with the index's own BM25."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .lexical import LexicalIndex
from .model import Chunk

__all__ = ["score_texts"]

_ROOT = Path("/fragments")


def score_texts(query: str, texts: Sequence[str]) -> list[float]:
    """One BM25 score per text (0.0 when nothing matched), in the order given.

    Uses a throwaway in-memory tantivy index with the same analyzer as the workspace index.
    """
    if not texts:
        return []
    index = LexicalIndex(None, heap_bytes=15_000_000)
    for number, text in enumerate(texts):
        path = _ROOT / str(number)
        chunk = Chunk(str(number), path, "UNKNOWN", 0, text.count("\n"), 0, len(text), text)
        index.replace_file(path, [chunk], _ROOT)
    index.commit()
    scores = dict(index.search(query, limit=len(texts)))
    return [scores.get(str(number), 0.0) for number in range(len(texts))]
