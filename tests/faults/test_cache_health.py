"""Which errors mean "the disk refuses writes" (fall back to memory) and which mean
"this file is damaged" (move it aside), as the libraries word them."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from qgpt_lsp.engine.cache_health import is_disk_failure, short_reason

CASES = [
    (OSError(errno.ENOSPC, "No space left on device"), True, "No space left on device"),
    (OSError(errno.EROFS, "Read-only file system"), True, "Read-only file system"),
    (FileExistsError(errno.EEXIST, "File exists"), True, "File exists"),
    (sqlite3.OperationalError("database or disk is full"), True, "database or disk is full"),
    (sqlite3.OperationalError("attempt to write a readonly database"), True, "attempt"),
    (ValueError("An IO error occurred: 'No space left on device (os error 28)'"), True, "An IO"),
    (ValueError("An index writer was killed.. (io::Error most likely)"), True, "I/O error"),
    (sqlite3.DatabaseError("file is not a database"), False, "file is not a database"),
    (sqlite3.DatabaseError("database disk image is malformed"), False, "malformed"),
    (ValueError("Schema error: 'An index exists but the schema does not match.'"), False, "Sch"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory"), False, "No such file"),
]


@pytest.mark.parametrize(("error", "disk", "reason"), CASES)
def test_disk_failures_are_told_from_damage(error: Exception, disk: bool, reason: str) -> None:
    assert is_disk_failure(error) is disk
    assert reason in short_reason(error)
