"""Read one file for indexing, or say why not: secret, binary, too large, unreadable."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from ...redaction import is_secret_path, redact
from .ignore import BINARY_SUFFIXES

__all__ = [
    "Source",
    "buffer_source",
    "content_hash",
    "decode",
    "read_source",
    "skip_reason_by_name",
]

_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Source:
    """A file's redacted text, or the reason it has none (``skipped``)."""

    path: Path
    size: int
    mtime_ns: int
    hash: str
    text: str | None
    skipped: str | None = None


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def skip_reason_by_name(path: Path) -> str | None:
    """A reason to skip ``path`` known without reading it."""
    if is_secret_path(path):
        return "secret"
    if path.suffix.lower() in BINARY_SUFFIXES:
        return "binary"
    return None


def decode(data: bytes) -> str | None:
    """UTF-8 text, or None for binary content (a NUL byte, or not UTF-8)."""
    if b"\0" in data[:_SNIFF_BYTES]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def read_source(path: Path, max_size: int, stat: os.stat_result | None = None) -> Source:
    """Read ``path`` (whose ignore rules were already checked) into a :class:`Source`."""
    try:
        stat = stat or path.stat()
    except OSError:
        return Source(path, 0, 0, "", None, "unreadable")
    size, mtime = stat.st_size, stat.st_mtime_ns
    reason = skip_reason_by_name(path)
    if reason is None and size > max_size:
        reason = "too large"
    if reason is not None:
        return Source(path, size, mtime, "", None, reason)
    try:
        data = path.read_bytes()
    except OSError:
        return Source(path, size, mtime, "", None, "unreadable")
    text = decode(data)
    if text is None:
        return Source(path, size, mtime, content_hash(data), None, "binary")
    return Source(path, size, mtime, content_hash(data), redact(text))


def buffer_source(path: Path, text: str, max_size: int) -> Source:
    """An unsaved editor buffer as a :class:`Source` (same rules as a file on disk)."""
    data = text.encode("utf-8", "surrogatepass")
    reason = skip_reason_by_name(path)
    if reason is None and len(data) > max_size:
        reason = "too large"
    if reason is None and "\0" in text[:_SNIFF_BYTES]:
        reason = "binary"
    kept = redact(text) if reason is None else None
    return Source(path, len(data), time.time_ns(), content_hash(data), kept, reason)
