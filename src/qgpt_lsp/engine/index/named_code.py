"""Names a question writes as code, and the definitions that carry them.

"Does `SortedList.update` re-sort everything?" or "what can go wrong in alabel()?"
names the definition it is about: BM25 sees only the words ``sorted``, ``list`` and
``update``, which every ``update`` method and every mention of ``SortedList`` share.
A definition whose own name (and class, for a dotted name) is one the question
writes as code ranks higher.
"""

from __future__ import annotations

import re

from .model import ScoredChunk

__all__ = ["code_names", "weigh_named_code"]

#: ``a.b``, ``f()``, ``snake_case``, ``camelCase``, ``PascalCase`` with two capitals,
#: or anything in backticks: what a question writes as code, not as a word.
_DOTTED = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\(\))?")
_CALLED = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\(\)")
_SNAKE = re.compile(r"(?<![\w.])([A-Za-z]\w*_\w+|_+[A-Za-z]\w*)")
_CAMEL = re.compile(r"(?<![\w.])([a-z]+[A-Z]\w*|[A-Z][a-z0-9]+[A-Z]\w*)")
_BACKTICKED = re.compile(r"`([A-Za-z_][\w.]*)(?:\(\))?`")


def code_names(question: str) -> list[tuple[str | None, str]]:
    """The (class or None, name) pairs the question writes as code, in order."""
    found: dict[tuple[str | None, str], None] = {}
    for pattern in (_BACKTICKED, _DOTTED, _CALLED, _SNAKE, _CAMEL):
        for match in pattern.finditer(question):
            parts = match.group(1).split(".")
            owner = parts[-2] if len(parts) > 1 else None
            found.setdefault((owner, parts[-1]), None)
    owners = {owner for owner, _ in found if owner}
    # ``SortedList.update`` names the method; ``SortedList`` alone in it is no second name
    return [(owner, name) for owner, name in found if owner or name not in owners]


def weigh_named_code(hits: list[ScoredChunk], question: str, factor: float) -> list[ScoredChunk]:
    """``hits`` with the definitions the question names as code scaled by ``factor``:
    ``a.b`` names method ``b`` of class ``a`` (or ``b`` in module ``a``), ``b`` alone
    any definition called ``b``."""
    named = code_names(question) if factor != 1.0 else []
    if not named:
        return hits
    weighed = []
    for hit in hits:
        chunk = hit.chunk
        symbol = chunk.symbol
        matches = symbol is not None and any(
            symbol == name and (owner is None or owner in (chunk.parent, chunk.path.stem))
            for owner, name in named
        )
        weighed.append(ScoredChunk(chunk, hit.score * factor) if matches else hit)
    return weighed
