"""What each id ``/qgpt/relevance`` returned stands for, so ``/qgpt/question`` can use it.

Every item relevance returns carries an ``id``; an item that is exactly one indexed
chunk has that chunk's id, which ``WorkspaceIndex.get_chunk`` resolves too (after
the item left the registry, or after a restart); other snippets get an id of
their own, made from their place and text.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

from ...wire import RelevantQGPTSeed, TextLocation, fragment_seed
from ..index.model import Chunk
from ..index.snippets import Snippet
from ..index.workspace import WorkspaceIndex

__all__ = ["SnippetRegistry", "item_for_chunk", "snippet_item"]


def item_for_chunk(chunk: Chunk) -> RelevantQGPTSeed:
    """The wire item for one indexed chunk (its id is the chunk id)."""
    return _item(chunk.id, chunk.path, chunk.start_offset, chunk.end_offset, chunk.text, chunk)


def _item(
    item_id: str, path: Path, start: int, end: int, text: str, chunk: Chunk
) -> RelevantQGPTSeed:
    language = chunk.language if chunk.language != "UNKNOWN" else None
    return RelevantQGPTSeed(
        id=item_id,
        path=str(path),
        location=TextLocation(start=start, end=end, text=text),
        seed=fragment_seed(text, language),
    )


def snippet_item(snippet: Snippet) -> RelevantQGPTSeed:
    """One chunk shown as indexed keeps the chunk's id; other snippets get their own."""
    best = snippet.chunks[0]
    if (snippet.start_offset, snippet.end_offset) == (best.start_offset, best.end_offset):
        return item_for_chunk(best)
    key = f"{snippet.path}\0{snippet.start_offset}\0{snippet.end_offset}\0{snippet.text}"
    snippet_id = (
        "s" + hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()
    )
    s = snippet
    return _item(snippet_id, s.path, s.start_offset, s.end_offset, s.text, best)


class SnippetRegistry:
    """What each id relevance returned stands for (the newest ``capacity`` ids are kept).

    Ids of single chunks also resolve through ``index`` after they left the registry
    (or after a restart), as long as the chunk is unchanged. Thread-safe.
    """

    def __init__(self, index: WorkspaceIndex | None = None, capacity: int = 20_000) -> None:
        self.index = index
        self._capacity = capacity
        self._items: OrderedDict[str, tuple[RelevantQGPTSeed, Chunk | None]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def put(self, item: RelevantQGPTSeed, chunk: Chunk | None = None) -> None:
        """Remember ``item`` under its id (``chunk``: the best chunk it was made of)."""
        if item.id is None:
            raise ValueError("a registered snippet needs an id")
        with self._lock:
            self._items[item.id] = (item, chunk)
            self._items.move_to_end(item.id)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)

    def get(self, snippet_id: str) -> RelevantQGPTSeed | None:
        """The item returned under ``snippet_id``, or None if unknown."""
        with self._lock:
            known = self._items.get(snippet_id)
        if known is not None:
            return known[0]
        chunk = self.index.get_chunk(snippet_id) if self.index is not None else None
        return item_for_chunk(chunk) if chunk is not None else None

    def chunk(self, snippet_id: str) -> Chunk | None:
        """The (best) indexed chunk behind an id: its symbol, kind and lines."""
        with self._lock:
            known = self._items.get(snippet_id)
        if known is not None:
            return known[1]
        return self.index.get_chunk(snippet_id) if self.index is not None else None
