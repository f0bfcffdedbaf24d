"""The workspace index: code-aware chunks of the workspace, searchable with BM25 (tantivy).

See ``docs/architecture.md`` ("Engine index API") for the contract::

    index = WorkspaceIndex(roots=[Path(...)], settings=IndexSettings(), cache_dir=None)
    summary = index.build(progress=None)
    hits = index.search("where are cookies parsed", paths=None, limit=10, boost=None)
    snippets = index.snippets("where are cookies parsed", limit=10)  # ~40 lines each

Chunks are definitions, or windows of lines where there are none (:mod:`.chunking`);
a second tantivy index of back-to-back windows adds its opinion to their scores
(:mod:`.windows`). :class:`~.building.IndexBuilder` keeps the index current for the
engine, building in a child process (:mod:`.worker`) when asked to.
"""

from __future__ import annotations

from ...redaction import is_secret_path, redact
from .locations import default_cache_dir
from .model import Boost, Chunk, ScoredChunk
from .settings import IndexSettings, IndexSummary
from .snippets import Snippet
from .tantivy_files import IndexBusy
from .workspace import WorkspaceIndex

__all__ = [
    "Boost",
    "Chunk",
    "IndexBusy",
    "IndexSettings",
    "IndexSummary",
    "ScoredChunk",
    "Snippet",
    "WorkspaceIndex",
    "default_cache_dir",
    "is_secret_path",
    "redact",
]
