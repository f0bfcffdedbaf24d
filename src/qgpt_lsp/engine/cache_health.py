"""Cache files that heal: a damaged or foreign file is moved aside and made afresh.

Every file the engine keeps (the index store, the two tantivy directories, the
conversations) is checked when it is opened. One that fails the check raises
:class:`DamagedFile`; :func:`open_healing` then renames it ``<name>.corrupt-<time>``
(kept for a bug report, never read again), opens a fresh one, and records a
:class:`CacheNotices` line naming the file and why, which the language server shows
once (``window/showMessage``), the CLI prints on stderr, and the log keeps.

A cache dir the process cannot write (read-only, full, not a folder) is not damage:
:func:`is_disk_failure` tells it apart, and callers fall back to memory.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = [
    "CacheNotices",
    "DamagedFile",
    "is_disk_failure",
    "move_aside",
    "open_healing",
    "open_sqlite",
    "short_reason",
]

_log = logging.getLogger(__name__)
Opened = TypeVar("Opened")

#: errno values that mean "this disk will not take our writes", not "this file is bad"
#: (ENOTDIR, EEXIST: a file stands where a cache folder goes).
_DISK_ERRNOS = {
    errno.ENOSPC,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.EDQUOT,
    errno.EIO,
    errno.ENOTDIR,
    errno.EEXIST,
}
_DISK_WORDS = (
    "no space left",
    "read-only file system",
    "readonly database",
    "permission denied",
    "database or disk is full",
    "disk i/o error",
    "unable to open database",
    "not a directory",
    "file exists",
    "quota exceeded",
    "index writer was killed",  # tantivy: its thread met an I/O error
)


class DamagedFile(Exception):
    """A cache file that is corrupt, truncated or not ours; ``reason`` says how."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class CacheNotices:
    """What happened to the cache files, one line each, to tell the user once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[str] = []
        #: How many lines were ever added.
        self.added = 0

    def add(self, message: str) -> None:
        _log.warning("%s", message)
        with self._lock:
            self._pending.append(message)
            self.added += 1

    def take(self) -> list[str]:
        """The lines not taken yet (each line is handed out once)."""
        with self._lock:
            taken, self._pending = self._pending, []
        return taken


def is_disk_failure(error: BaseException) -> bool:
    """True when ``error`` says the disk refuses writes (full, read-only, no access)."""
    if isinstance(error, OSError) and error.errno in _DISK_ERRNOS:
        return True
    if isinstance(error, (sqlite3.OperationalError, ValueError, OSError)):
        text = str(error).lower()
        return any(words in text for words in _DISK_WORDS)
    return False


def short_reason(error: BaseException) -> str:
    """The why of a disk failure for the user: ``strerror`` without the path, else the
    first line of the message."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    if "index writer was killed" in str(error):
        return "the index writer met an I/O error: is the disk full?"
    return str(error).split("\n", 1)[0][:160]


def move_aside(path: Path) -> Path:
    """Rename ``path`` (a file with its SQLite side files, or a folder) to
    ``<name>.corrupt-<time>``; returns the new name."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    serial = 1
    while target.exists():
        serial += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{serial}")
    path.rename(target)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def open_healing(
    path: Path, opener: Callable[[], Opened], notices: CacheNotices, what: str
) -> Opened:
    """``opener()``; when it finds ``path`` damaged, move that aside, say so in
    ``notices`` (``what`` names the file for the user), and open afresh."""
    try:
        return opener()
    except DamagedFile as damage:
        try:
            moved = move_aside(damage.path)
        except FileNotFoundError:
            moved = None
        except OSError:  # cannot rename: remove it, the cache rebuilds anyway
            _remove(damage.path)
            moved = None
        kept = f"; moved to {moved.name}" if moved else ""
        notices.add(f"the {what} {damage.path} was unusable ({damage.reason}){kept}; rebuilding it")
        return opener()


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def open_sqlite(path: Path | None, schema: str, version: int) -> sqlite3.Connection:
    """A connection to ``path`` (in memory when None) with ``schema`` applied, after
    ``PRAGMA quick_check`` and a format check (``user_version``; 0 only with our tables).

    Raises :class:`DamagedFile` for a corrupt or foreign file; a disk that refuses
    writes raises its own error (see :func:`is_disk_failure`).
    """
    if path is None:
        db = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30.0, check_same_thread=False)
    try:
        if path is not None:
            _check(db, path, schema, version)
        db.executescript(schema)
        db.execute(f"PRAGMA user_version = {int(version)}")
        db.commit()
    except BaseException:
        db.close()
        raise
    return db


def _check(db: sqlite3.Connection, path: Path, schema: str, version: int) -> None:
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
        found = db.execute("PRAGMA user_version").fetchone()[0]
        tables = _tables(db)
    except sqlite3.OperationalError as error:
        if is_disk_failure(error) or "locked" in str(error):
            raise
        raise DamagedFile(path, str(error)) from error
    except sqlite3.DatabaseError as error:
        raise DamagedFile(path, str(error)) from error
    if verdict != "ok":
        raise DamagedFile(path, f"quick_check says {verdict}")
    if found not in (0, version):
        raise DamagedFile(path, f"format {found}, this qgpt-lsp writes format {version}")
    if tables and not _ours(tables, _expected_tables(schema)):
        raise DamagedFile(path, "not a qgpt-lsp file (other tables)")


def _ours(found: dict[str, list[str]], expected: dict[str, list[str]]) -> bool:
    """True when ``found`` has some of our tables, each with our columns (tables added
    since the file was made are created when it opens)."""
    shared = found.keys() & expected.keys()
    return bool(shared) and all(found[name] == expected[name] for name in shared)


def _tables(db: sqlite3.Connection) -> dict[str, list[str]]:
    names = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {
        name: [row[1] for row in db.execute(f"PRAGMA table_info('{name}')")] for (name,) in names
    }


def _expected_tables(schema: str) -> dict[str, list[str]]:
    with contextlib.closing(sqlite3.connect(":memory:")) as scratch:
        scratch.executescript(schema)
        return _tables(scratch)
