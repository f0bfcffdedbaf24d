"""What the workspace index stores and returns: chunks of code with their place."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Chunk:
    """One indexed piece of a file: a function, method, class, or a window of lines.

    Lines are 0-based and ``end_line`` is inclusive; offsets are character
    offsets into the file's text (``end_offset`` exclusive). ``text`` has had
    secret-looking lines redacted.
    """

    id: str
    path: Path
    language: str  # the wire extension name: "py", "ts", "md", ... or "UNKNOWN"
    start_line: int
    end_line: int
    start_offset: int
    end_offset: int
    text: str
    symbol: str | None = None  # "parse_response"
    kind: str | None = None  # "function", "method", "class", "window"
    parent: str | None = None  # enclosing class or function: "HTTPClient"
    signature: str | None = None  # "def parse_response(self, raw: bytes) -> Response:"


@dataclass(frozen=True)
class ScoredChunk:
    """A chunk and how well it matched a query (higher is better)."""

    chunk: Chunk
    score: float


@dataclass(frozen=True)
class Boost:
    """What the caller is looking at, to rank nearby code higher."""

    path: Path | None = None
    start_line: int | None = None
    end_line: int | None = None


@lru_cache(maxsize=65_536)
def stored_path(text: str) -> Path:
    """The Path of a file path kept as text in an index (one object per path: searches
    make thousands of them, and dict lookups by an identical object are fast)."""
    return Path(text)
