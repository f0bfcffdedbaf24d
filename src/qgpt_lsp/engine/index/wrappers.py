"""Thin wrappers and the code they reach.

``Client.get`` is one statement: ``return self.request("GET", url, ...)``. When a
wrapper ranks high, what the question is about is usually in the function it
forwards to. This module recognises such wrappers (Python functions whose body,
docstring aside, is one call, possibly returned or awaited) and names the function
they call, so the search can put that function next to them.
"""

from __future__ import annotations

import ast
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from .model import Chunk, ScoredChunk

__all__ = ["FOLLOWED", "follow_wrappers", "forwarded_to"]

#: The share of a wrapper's score the function it forwards to gets (if it has less).
FOLLOWED = 0.75

_CACHE_SIZE = 8192
_cache: OrderedDict[str, str | None] = OrderedDict()
_lock = threading.Lock()


def forwarded_to(chunk: Chunk) -> str | None:
    """The name of the function ``chunk`` only forwards to (``request`` for
    ``return self.request(...)``), or None if it is not a thin Python wrapper."""
    if chunk.language != "py" or chunk.kind not in ("function", "method"):
        return None
    with _lock:
        if chunk.id in _cache:
            _cache.move_to_end(chunk.id)
            return _cache[chunk.id]
    callee = _callee(chunk.text)
    with _lock:
        _cache[chunk.id] = callee
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return callee


def _callee(text: str) -> str | None:
    try:
        tree = ast.parse(textwrap.dedent(text))
    except (SyntaxError, ValueError):
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    body = tree.body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Return | ast.Expr):
        return None
    value = body[0].value
    if isinstance(value, ast.Await):
        value = value.value
    if not isinstance(value, ast.Call):
        return None
    if isinstance(value.func, ast.Attribute):
        return value.func.attr
    if isinstance(value.func, ast.Name):
        return value.func.id
    return None


def follow_wrappers(
    hits: list[ScoredChunk], chunks_of: Callable[[Path], list[Chunk]], top: int = 10
) -> list[ScoredChunk]:
    """``hits`` (best first) where each thin wrapper among the first ``top`` lifts the
    function it forwards to (found in the same file, in the same class if there is
    one) to :data:`FOLLOWED` of its own score, or adds it with that score."""
    scores = {hit.chunk.id: hit for hit in hits}
    for hit in hits[:top]:
        name = forwarded_to(hit.chunk)
        if name is None:
            continue
        target = _definition(chunks_of(hit.chunk.path), name, hit.chunk)
        if target is None:
            continue
        lifted = hit.score * FOLLOWED
        known = scores.get(target.id)
        if known is None or known.score < lifted:
            scores[target.id] = ScoredChunk(target, lifted)
    return sorted(scores.values(), key=lambda h: -h.score)


def _definition(chunks: list[Chunk], name: str, caller: Chunk) -> Chunk | None:
    """The function ``name`` among ``chunks``: the caller's class's own first."""
    named = [c for c in chunks if c.symbol == name and c.id != caller.id and c.kind != "window"]
    named.sort(key=lambda c: (c.parent != caller.parent, c.start_line))
    return named[0] if named else None
