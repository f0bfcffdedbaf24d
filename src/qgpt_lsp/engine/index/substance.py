"""Where a hit's words are: in code that does something, or only in what it passes on.

BM25 cannot tell ``def get(..., follow_redirects=...): return self.request(...,
follow_redirects=follow_redirects)`` from the loop that decides whether to follow a
redirect: both hold the words. Fourteen such wrappers can fill the first page of
"how does httpx decide whether to follow a redirect?". This module weighs a hit
by how much of the question it matches *outside* its parameter list and the
arguments it forwards unchanged (``name=name``): in its name, its docstring and
comments, and the statements of its body.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import tantivy

from .model import Chunk, ScoredChunk
from .tantivy_files import code_analyzer
from .terms import expand_identifiers, query_terms

__all__ = ["Substance", "substance_of", "weigh_by_substance"]

#: ``name=name`` and ``name = name``: an argument passed on unchanged.
_FORWARDED = re.compile(r"\b(\w+)\s*=\s*\1\b")
_OPENERS = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class Substance:
    """A chunk's word stems: all of them, and those in its names (its own, its class's,
    its file's), prose and own statements."""

    every: frozenset[str]
    own: frozenset[str]


def header_end(text: str, symbol: str | None) -> int:
    """The offset in ``text`` where a function's parameter list ends (0 if it has none).

    The list is the bracketed run after the first ``symbol(``; brackets inside it are
    matched, so defaults such as ``x=dict()`` do not end it early.
    """
    if not symbol:
        return 0
    start = text.find(symbol + "(")
    if start < 0:
        return 0
    depth = 0
    for offset in range(start + len(symbol), len(text)):
        char = text[offset]
        if char in _OPENERS:
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                newline = text.find("\n", offset)
                return len(text) if newline < 0 else newline
    return 0


class _Stems:
    """Word stems of texts, as the index analyses them (one analyzer per thread)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def __call__(self, text: str) -> frozenset[str]:
        analyzer: tantivy.TextAnalyzer | None = getattr(self._local, "analyzer", None)
        if analyzer is None:
            analyzer = self._local.analyzer = code_analyzer()
        return frozenset(analyzer.analyze(expand_identifiers(text)))


_stems = _Stems()
_cache: OrderedDict[str, Substance] = OrderedDict()
_cache_lock = threading.Lock()
_CACHE_SIZE = 8192


def substance_of(chunk: Chunk) -> Substance:
    """``chunk``'s stems, everywhere and outside its parameters and forwarded arguments
    (cached by chunk id: an id changes when the text does)."""
    with _cache_lock:
        known = _cache.get(chunk.id)
        if known is not None:
            _cache.move_to_end(chunk.id)
            return known
    place = " ".join(chunk.path.parts[-3:])  # the file and its folders: "httpx _client.py"
    names = " ".join(name for name in (place, chunk.symbol, chunk.parent) if name)
    body = chunk.text[header_end(chunk.text, chunk.symbol) :]
    found = Substance(
        every=_stems(f"{names}\n{chunk.text}"),
        own=_stems(f"{names}\n{_FORWARDED.sub(' ', body)}"),
    )
    with _cache_lock:
        _cache[chunk.id] = found
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found


def weigh_by_substance(
    hits: list[ScoredChunk], query: str, signature_only: float, coverage_power: float
) -> list[ScoredChunk]:
    """``hits`` with each score scaled twice, by the word stems of ``query``:

    - by the share of its matched stems that the chunk holds outside its parameter
      list and forwarded arguments: from ``signature_only`` (none) to 1 (all);
    - by the share of the question's stems it matches at all, to ``coverage_power``
      (a chunk that matches one word many times ranks below one that matches most of
      the question; weighing stems by rarity measured worse on bench/retrieval).
    """
    wanted = _stems(" ".join(query_terms(query)))
    if not wanted:
        return hits
    weighed = []
    for hit in hits:
        found = substance_of(hit.chunk)
        matched = len(wanted & found.every)
        if not matched:
            weighed.append(hit)
            continue
        factor = signature_only + (1 - signature_only) * len(wanted & found.own) / matched
        factor *= (matched / len(wanted)) ** coverage_power
        weighed.append(ScoredChunk(hit.chunk, hit.score * factor))
    return weighed
