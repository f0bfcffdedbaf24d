"""Where the index lives on disk, and which root a path belongs to."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from ...errors import PathOutsideWorkspace

__all__ = [
    "SCHEMA_VERSION",
    "default_cache_dir",
    "resolve_inside",
    "store_directory",
    "workspace_directory",
]

#: Bump when the chunking or the tantivy schema changes: old stores are then ignored.
SCHEMA_VERSION = 7


def default_cache_dir() -> Path:
    """``$QGPT_LSP_CACHE_DIR``, else the user cache dir (``~/.cache/qgpt-lsp`` on Linux)."""
    configured = os.environ.get("QGPT_LSP_CACHE_DIR")
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("qgpt-lsp"))


def store_directory(cache_dir: Path, root: Path) -> Path:
    """The folder holding one root's index: readable name plus a hash of the full path.

    One per root whoever opens it (CLI, ``serve``, the language server), so each warms
    the others' index; processes share it safely (see :mod:`.building`)."""
    digest = hashlib.sha1(str(root).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", root.name) or "root"
    return cache_dir / "index" / f"{name}-{digest}" / f"v{SCHEMA_VERSION}"


def workspace_directory(cache_dir: Path, roots: Sequence[Path]) -> Path:
    """The folder of what belongs to one set of roots, not to each root (conversations);
    every entry point (CLI, ``serve``, the language server) finds it here."""
    key = "\n".join(str(root) for root in roots).encode("utf-8", "surrogatepass")
    return cache_dir / "engine" / hashlib.sha1(key).hexdigest()[:16]


def resolve_inside(path: Path | str, roots: Sequence[Path]) -> tuple[Path, Path]:
    """(absolute resolved path, the innermost root holding it); relative paths start at roots[0].

    Raises :class:`PathOutsideWorkspace` for anything else, symlinks leading out included.
    """
    candidate = Path(path).expanduser()
    if not candidate.is_absolute() and roots:
        candidate = roots[0] / candidate
    resolved = candidate.resolve()
    holders = [root for root in roots if resolved.is_relative_to(root)]
    if not holders:
        shown = ", ".join(str(root) for root in roots) or "none"
        raise PathOutsideWorkspace(
            f"{path} is outside the workspace (roots: {shown}); "
            "qgpt-lsp only reads files inside the workspace folders"
        )
    return resolved, max(holders, key=lambda root: len(root.parts))
