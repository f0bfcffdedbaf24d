"""``workspace/executeCommand`` ``qgpt.relevance``: the workspace code most relevant to a query."""

from __future__ import annotations

from pathlib import Path

from ...wire import QGPTRelevanceInput
from ..arguments import RelevanceArgs
from ..ask.citations import relevance_input, sources_of, symbol_of
from ..boundary import command
from ..redaction import safe_text
from ..results import RelevantLocation, to_json
from ..server import QGPTLanguageServer

__all__ = ["register", "relevance"]


def _inside(ls: QGPTLanguageServer, path: str) -> str:
    """``path`` (absolute, or relative to the first root) if it lies inside the workspace."""
    candidate, roots = Path(path), ls.files.roots()
    if not candidate.is_absolute() and roots:
        candidate = roots[0] / candidate
    return str(ls.files.path_of(candidate.resolve().as_uri()))


async def _request(ls: QGPTLanguageServer, args: RelevanceArgs) -> QGPTRelevanceInput:
    snapshot = ls.files.snapshot(args.uri) if args.uri else None
    seeds = snapshot.text_in(args.range) if snapshot and args.range else None
    if snapshot is not None:
        seeds = await safe_text(snapshot.path, seeds or "")
    request = relevance_input(args.query, seeds or None, snapshot, ls.files.roots())
    if args.paths:  # each must lie inside the workspace
        paths = [_inside(ls, path) for path in args.paths]
        request = request.model_copy(update={"paths": paths})
    return request


async def relevance(ls: QGPTLanguageServer, args: RelevanceArgs) -> object:
    backend = await ls.backend()
    output = await backend.relevance(await _request(ls, args))
    hits: list[RelevantLocation] = []
    items = output.relevant.iterable
    for rank, item in enumerate(items):
        locations = sources_of(ls.files, type(output.relevant)(iterable=[item]))
        if locations:
            score = round(1.0 - rank / max(1, len(items)), 4)
            hits.append(RelevantLocation(locations[0], score, symbol_of(item)))
    return to_json(hits)


def register(server: QGPTLanguageServer) -> None:
    command(server, "qgpt.relevance", RelevanceArgs)(relevance)
