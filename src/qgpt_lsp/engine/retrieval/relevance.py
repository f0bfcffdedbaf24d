"""``/qgpt/relevance`` for the embedded engine: the snippets that answer a query.

The search space, as the seed API defines it: ``paths`` (files or folders inside
the workspace roots; folders not indexed yet are indexed first), ``seeds``
(fragment strings, ranked and returned as given), ``assets`` (ids of snippets
returned earlier) and ``options.database`` (the whole index). With none of
them, the whole workspace is searched. ``options.question`` is not handled here.

A request with a fragment seed asks about that code (an editor's selection): the
seed is found in the workspace (:class:`~.subject.SubjectFinder`) and returned
first, as its file and lines, widened to the definition a line or a cursor lies
in; the search is then for the question's own words and the definitions'
names, never for "explain this" (:mod:`.question`), and returns the code that
names them (callers, tests) and the definitions they call; nothing that shows
the selection's lines again. A seed found nowhere is ranked as given, first when
the question has no words of its own.

Search results are snippets of about 40 lines around the ranked chunks
(``WorkspaceIndex.snippets``). Every item returned carries an ``id`` that
:class:`~.registry.SnippetRegistry` resolves later (``/qgpt/question``). Scores
are not on the wire:
:meth:`RelevanceFinder.find_scored` returns them beside the items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from ... import errors
from ...wire import (
    QGPTRelevanceInput,
    QGPTRelevanceOutput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    Seed,
    TextLocation,
    new_id,
)
from ..index.fragments import score_texts
from ..index.model import Boost, Chunk
from ..index.snippets import Snippet
from ..index.tantivy_files import IndexBusy
from ..index.workspace import WorkspaceIndex
from .question import asks_about_usage, fragment_query, question_terms
from .registry import SnippetRegistry, item_for_chunk, snippet_item
from .resolver import line_offsets
from .subject import Subject, SubjectFinder

__all__ = ["RelevanceFinder", "ScoredSeed"]

_T = TypeVar("_T")

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
        self.subjects = SubjectFinder(index, index.roots)
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
        fragments = _fragments(request)
        subject = self._subject(request, fragments[0]) if fragments else None
        if subject is not None:
            about = self._about(subject, request, count)
            return _unique(about + _best_first(self._others(request, fragments[1:])))
        query = request.query
        if fragments and not question_terms(query):
            query = fragment_query(query, fragments[0].fragment_text or "")
        found = self._search(query, request.paths, boost, count) if request.paths else []
        if _searches_everything(request) or not _has_space(request):
            found += self._search(query, None, boost, count)
        seeds = self._rank_seeds(query, fragments)
        if seeds and not question_terms(request.query):  # the seeds are what it asks about
            return _unique(seeds + _best_first(found + self._assets(request)))
        return _unique(_best_first(found + seeds + self._assets(request)))

    def _subject(self, request: QGPTRelevanceInput, seed: Seed) -> Subject | None:
        """Where the seed is in the workspace (the paths asked for are indexed first)."""
        paths = request.paths
        if paths:
            self._retrying(lambda: self.index.ensure_indexed(paths))
        return self.subjects.locate(seed.fragment_text or "")

    def _others(self, request: QGPTRelevanceInput, fragments: Sequence[Seed]) -> list[ScoredSeed]:
        """The fragment seeds and the earlier snippets (assets), ranked against the query."""
        return self._rank_seeds(request.query, fragments) + self._assets(request)

    def _assets(self, request: QGPTRelevanceInput) -> list[ScoredSeed]:
        if request.assets is None or not request.assets.iterable:
            return []
        return self._rank_assets(request.query, [a.id for a in request.assets.iterable])

    def _about(self, subject: Subject, request: QGPTRelevanceInput, count: int) -> list[ScoredSeed]:
        """The selection (as its file and lines), then the code related to it."""
        related = self._related(subject, request, max(count - 1, 0))
        text = self.index.read_text(subject.path) or ""
        start, end = line_offsets(text, *subject.shown)
        location = TextLocation(start=start, end=end, text=text[start:end])
        selection = RelevantQGPTSeed(id=new_id(), path=str(subject.path), location=location)
        self.registry.put(selection)
        top = max((score for _, score in related), default=0.0) + 1.0
        return [(selection, top), *related]

    def _related(
        self, subject: Subject, request: QGPTRelevanceInput, count: int
    ) -> list[ScoredSeed]:
        """Code that names the subject (callers, tests; with the question's own words,
        code about them too) and the definitions it calls; searched where the request
        says (paths, the database), nowhere when it named only the seed."""
        whole = _searches_everything(request)
        if count == 0 or not (request.paths or whole):
            return []
        paths = None if whole else request.paths
        names = subject.names or list(subject.words)
        own_words = bool(question_terms(request.query))
        hits = [
            snippet
            for snippet in self._snippets(subject.query(request.query), paths, None, count + 3)
            if not subject.shows(snippet.path, snippet.start_line + 1, snippet.end_line + 1)
            and (own_words or _names_any(snippet.text, names))
        ]
        found = [self._register(snippet) for snippet in hits]
        callees = []
        for chunk in self.subjects.callees(subject, paths):
            if any(_shares_lines(snippet, chunk) for snippet in hits):
                continue
            item = item_for_chunk(chunk)
            self.registry.put(item, chunk)
            callees.append((item, 0.0))
        ordered = found + callees if asks_about_usage(request.query) else callees + found
        return ordered[:count]

    def _search(
        self, query: str, paths: Sequence[str] | None, boost: Boost | None, limit: int
    ) -> list[ScoredSeed]:
        return [self._register(snippet) for snippet in self._snippets(query, paths, boost, limit)]

    def _snippets(
        self, query: str, paths: Sequence[str] | None, boost: Boost | None, limit: int
    ) -> list[Snippet]:
        return self._retrying(
            lambda: self.index.snippets(query, paths=paths, limit=limit, boost=boost)
        )

    def _retrying(self, call: Callable[[], _T]) -> _T:
        """``call()``, once more when another process held the index's writer."""
        try:
            return call()
        except IndexBusy:
            if self.wait_for_writer is None or not self.wait_for_writer():
                raise
            return call()

    def _register(self, snippet: Snippet) -> ScoredSeed:
        item = snippet_item(snippet)
        self.registry.put(item, snippet.chunks[0])
        return item, snippet.score

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


def _fragments(request: QGPTRelevanceInput) -> list[Seed]:
    seeds = request.seeds.iterable if request.seeds is not None else []
    return [seed for seed in seeds if seed.fragment_text and seed.fragment_text.strip()]


def _searches_everything(request: QGPTRelevanceInput) -> bool:
    return request.options is not None and request.options.database is True


def _best_first(found: list[ScoredSeed]) -> list[ScoredSeed]:
    return sorted(found, key=lambda pair: -pair[1])


def _shares_lines(snippet: Snippet, chunk: Chunk) -> bool:
    return (
        snippet.path == chunk.path
        and snippet.start_line <= chunk.end_line
        and chunk.start_line <= snippet.end_line
    )


def _names_any(text: str, names: Sequence[str]) -> bool:
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)


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
