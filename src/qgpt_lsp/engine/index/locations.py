"""Where the index lives on disk, and which root a path belongs to."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from ...errors import PathOutsideWorkspace, RequestRejected

__all__ = [
    "SCHEMA_VERSION",
    "check_path",
    "default_cache_dir",
    "resolve_inside",
    "store_directory",
    "workspace_directory",
]

#: Linux's limits: one name, and a whole path, in bytes.
NAME_MAX, PATH_MAX = 255, 4096

#: Bump when the chunking or the tantivy schema changes: old stores are then ignored.
SCHEMA_VERSION = 8


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

    Raises :class:`PathOutsideWorkspace` for anything else, symlinks leading out included,
    and :class:`RequestRejected` for a path no file can have (:func:`check_path`).
    """
    check_path(str(path))
    candidate = Path(path).expanduser()
    if not candidate.is_absolute() and roots:
        candidate = roots[0] / candidate
    try:
        resolved = candidate.resolve()
    except (OSError, ValueError, RuntimeError) as error:  # a symlink loop, a bad name
        raise RequestRejected(f"{str(path)[:80]!r} cannot be resolved: {error}") from error
    holders = [root for root in roots if resolved.is_relative_to(root)]
    if not holders:
        shown = ", ".join(str(root) for root in roots) or "none"
        raise PathOutsideWorkspace(
            f"{path} is outside the workspace (roots: {shown}); "
            "qgpt-lsp only reads files inside the workspace folders"
        )
    return resolved, max(holders, key=lambda root: len(root.parts))


def check_path(path: str) -> None:
    """Raise :class:`RequestRejected` for a path no file can have: a NUL byte, text the
    file system cannot encode (a lone surrogate), a name or a path over the OS limits."""
    shown = repr(path[:80]) + ("..." if len(path) > 80 else "")
    if "\x00" in path:
        raise RequestRejected(f"{shown} is not a path: it holds a NUL byte")
    try:
        encoded = os.fsencode(path)
    except UnicodeEncodeError as error:
        raise RequestRejected(f"{shown} is not a path: {error.reason}") from error
    if len(encoded) > PATH_MAX or any(len(part) > NAME_MAX for part in encoded.split(b"/")):
        raise RequestRejected(f"{shown} is not a path: longer than the file system allows")
