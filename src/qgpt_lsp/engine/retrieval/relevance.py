"""``/qgpt/relevance`` for the embedded engine: the snippets that answer a query.

The search space, as the seed API defines it: ``paths`` (files or folders inside
the workspace roots; folders not indexed yet are indexed first), ``seeds``
(fragment strings, ranked and returned as given), ``assets`` (ids of snippets
returned earlier) and ``options.database`` (the whole index). With none of
them, the whole workspace is searched. ``options.question`` is not handled here.

Search results are snippets of about 40 lines around the ranked chunks
(``WorkspaceIndex.snippets``). Every item returned carries an ``id`` that
:class:`~.registry.SnippetRegistry` resolves later (``/qgpt/question``). Scores
are not on the wire:
:meth:`RelevanceFinder.find_scored` returns them beside the items.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ... import errors
from ...wire import (
    QGPTRelevanceInput,
    QGPTRelevanceOutput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    Seed,
    new_id,
)
from ..index.fragments import score_texts
from ..index.model import Boost
from ..index.tantivy_files import IndexBusy
from ..index.workspace import WorkspaceIndex
from .registry import SnippetRegistry, snippet_item

__all__ = ["RelevanceFinder", "ScoredSeed"]

#: An item relevance returned, and its score (higher is better; BM25, boosted).
ScoredSeed = tuple[RelevantQGPTSeed, float]


class RelevanceFinder:
    """Answers a :class:`QGPTRelevanceInput` from the workspace index."""

    def __init__(
        self,
        index: WorkspaceIndex,
        registry: SnippetRegistry | None = None,
        limit: int = 10,
        wait_for_writer: Callable[[], bool] | None = None,
    ) -> None:
        """``wait_for_writer``: when a path must be indexed first and another process
        holds the index's writer, called to wait until it is free (True: try again)."""
        self.index = index
        self.wait_for_writer = wait_for_writer
        self.registry = registry if registry is not None else SnippetRegistry(index)
        if self.registry.index is None:
            self.registry.index = index
        self.limit = limit

    def find(
        self, request: QGPTRelevanceInput, boost: Boost | None = None, limit: int | None = None
    ) -> QGPTRelevanceOutput:
        """The relevant snippets, best first (raises PathOutsideWorkspace, UnresolvableSnippet)."""
        items = [item for item, _ in self.find_scored(request, boost, limit)]
        return QGPTRelevanceOutput(relevant=RelevantQGPTSeeds(iterable=items))

    def find_scored(
        self, request: QGPTRelevanceInput, boost: Boost | None = None, limit: int | None = None
    ) -> list[ScoredSeed]:
        """Like :meth:`find`, with each item's score; ``limit`` bounds the index results."""
        count = limit if limit is not None else self.limit
        found: list[ScoredSeed] = []
        if request.paths:
            found += self._search(request.query, request.paths, boost, count)
        if request.seeds is not None and request.seeds.iterable:
            found += self._rank_seeds(request.query, request.seeds.iterable)
        if request.assets is not None and request.assets.iterable:
            found += self._rank_assets(request.query, [a.id for a in request.assets.iterable])
        whole = request.options is not None and request.options.database is True
        if whole or (not found and not _has_space(request)):
            found += self._search(request.query, None, boost, count)
        return _unique(sorted(found, key=lambda pair: -pair[1]))

    def _search(
        self, query: str, paths: Sequence[str] | None, boost: Boost | None, limit: int
    ) -> list[ScoredSeed]:
        try:
            snippets = self.index.snippets(query, paths=paths, limit=limit, boost=boost)
        except IndexBusy:
            if self.wait_for_writer is None or not self.wait_for_writer():
                raise
            snippets = self.index.snippets(query, paths=paths, limit=limit, boost=boost)
        found = []
        for snippet in snippets:
            item = snippet_item(snippet)
            self.registry.put(item, snippet.chunks[0])
            found.append((item, snippet.score))
        return found

    def _rank_seeds(self, query: str, seeds: Sequence[Seed]) -> list[ScoredSeed]:
        """Fragment seeds ranked against the query, returned as given (others ignored)."""
        fragments = [seed for seed in seeds if seed.fragment_text is not None]
        scores = score_texts(query, [seed.fragment_text or "" for seed in fragments])
        found = []
        for seed, score in zip(fragments, scores, strict=True):
            item = RelevantQGPTSeed(id=new_id(), seed=seed)
            self.registry.put(item)
            found.append((item, score))
        return found

    def _rank_assets(self, query: str, ids: Sequence[str]) -> list[ScoredSeed]:
        """Snippets returned earlier, by id, ranked against the query."""
        items = {snippet_id: self.registry.get(snippet_id) for snippet_id in ids}
        unknown = [snippet_id for snippet_id, item in items.items() if item is None]
        if unknown:
            raise errors.UnresolvableSnippet(
                f"unknown snippet id(s) {', '.join(unknown)}: "
                "use ids returned by /qgpt/relevance in this session"
            )
        known = [item for item in items.values() if item is not None]
        scores = score_texts(query, [_text_of(item) for item in known])
        return list(zip(known, scores, strict=True))


def _has_space(request: QGPTRelevanceInput) -> bool:
    """True if the request named a search space (even one that turned out empty)."""
    seeds = request.seeds is not None and bool(request.seeds.iterable)
    assets = request.assets is not None and bool(request.assets.iterable)
    return bool(request.paths) or seeds or assets


def _text_of(item: RelevantQGPTSeed) -> str:
    if item.seed is not None and item.seed.fragment_text is not None:
        return item.seed.fragment_text
    return item.location.text if item.location is not None else ""


def _unique(found: list[ScoredSeed]) -> list[ScoredSeed]:
    seen: set[str | None] = set()
    kept = []
    for item, score in found:
        if item.id not in seen:
            seen.add(item.id)
            kept.append((item, score))
    return kept
