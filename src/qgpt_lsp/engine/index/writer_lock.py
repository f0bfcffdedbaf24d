"""Who holds a tantivy index's writer lock, and taking it from an orphaned index worker.

tantivy's writer lock is an ``flock``: the kernel lets go of it when its process dies.
So a lock is only ever stale when its owner lives on after the process it worked for:
an index worker (:mod:`.worker`) whose language server was killed. Workers die with
their server (:func:`die_with_parent`), but one started by an older version, or on a
system without a parent-death signal, may not; the next process that needs the
writer then ends it (:func:`end_orphaned_owner`).

Each process that takes a writer records itself in ``qgpt-writer.json`` beside the
index: its pid and start time, and for a worker, its parent's. Start times (Linux
``/proc``) make sure a reused pid is never taken for the owner.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import threading
import time
from pathlib import Path

__all__ = ["OWNER_FILE", "die_with_parent", "end_orphaned_owner", "record_owner"]

OWNER_FILE = "qgpt-writer.json"
#: Linux prctl option: the signal this process gets when its parent dies.
_PR_SET_PDEATHSIG = 1
#: The parent this process is an index worker for (None: not a worker).
_working_for: tuple[int, int | None] | None = None


def _started(pid: int) -> int | None:
    """The start time of process ``pid`` (clock ticks since boot); None when it does not
    exist (or is a zombie) or this system cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else int(fields[19])


def _alive(pid: int, started: int | None) -> bool:
    if started is None:
        return False
    return _started(pid) == started


def die_with_parent(parent: int) -> None:
    """Make this process (an index worker) end when ``parent`` does: Linux's parent-death
    signal, and everywhere a thread that exits when stdin (a pipe from the parent)
    closes. Ends at once if ``parent`` is already gone."""
    global _working_for
    _working_for = (parent, _started(parent))
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(4)
    threading.Thread(target=_exit_on_eof, name="qgpt-parent-watch", daemon=True).start()


def _exit_on_eof() -> None:
    """Read stdin's file descriptor (unbuffered: no lock held at shutdown) until EOF."""
    with contextlib.suppress(OSError):
        while os.read(0, 4096):
            pass
    os._exit(4)


def record_owner(directory: Path) -> None:
    """Note that this process holds the writer of the index in ``directory``."""
    me = os.getpid()
    owner: dict[str, int | None] = {"pid": me, "started": _started(me)}
    if _working_for is not None:
        owner["parent"], owner["parent_started"] = _working_for
    with contextlib.suppress(OSError):
        (directory / OWNER_FILE).write_text(json.dumps(owner))


def end_orphaned_owner(directory: Path, wait: float = 10.0) -> bool:
    """End the owner of ``directory``'s writer if it is an index worker whose parent is
    gone; True when it did (the lock is then free), False when the owner is not one."""
    try:
        owner = json.loads((directory / OWNER_FILE).read_text())
        pid, started = int(owner["pid"]), owner.get("started")
        parent = owner.get("parent")
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if parent is None or not _alive(pid, started):
        return False
    if _alive(int(parent), owner.get("parent_started")):
        return False  # its parent is still there: a real build in progress
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + wait
    while _alive(pid, started) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _alive(pid, started)
