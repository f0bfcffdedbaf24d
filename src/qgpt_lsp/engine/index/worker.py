"""The child process that builds the workspace index (see :mod:`.building`, the
parent's side): ``python -m qgpt_lsp.engine.index.worker SPEC``.

It runs below the editor and the language server (idle CPU time only), builds into
the cache directory ``SPEC`` names, and reports progress and its summary as JSON
lines on stdout. It dies with the process that started it (``SPEC``'s ``parent``,
see :func:`~.writer_lock.die_with_parent`), so a killed server never leaves it
holding the index's writer.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .building import BUSY_EXIT
from .settings import IndexSettings
from .tantivy_files import IndexBusy
from .workspace import WorkspaceIndex
from .writer_lock import die_with_parent

__all__ = ["beside_an_editor", "main"]


def _print_step(done: int, total: int, message: str) -> None:
    print(json.dumps({"done": done, "total": total, "message": message}), flush=True)


def _step_aside() -> None:
    """Run below the editor and the language server: only on otherwise idle CPU time
    (Linux SCHED_IDLE), else at a lower priority."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        if hasattr(os, "nice"):
            os.nice(10)


def beside_an_editor(settings: IndexSettings) -> IndexSettings:
    """``settings`` with one core left to the editor and the language server: index
    workers (when not set) one per core but one, at most 4; none on two cores."""
    if settings.index_workers:
        return settings
    workers = max(1, min(4, (os.cpu_count() or 1) - 1))
    return dataclasses.replace(settings, index_workers=workers)


def main(argv: Sequence[str]) -> int:
    spec = json.loads(argv[0])
    if "parent" in spec:
        die_with_parent(int(spec["parent"]))
    _step_aside()
    index = WorkspaceIndex(
        roots=[Path(root) for root in spec["roots"]],
        settings=beside_an_editor(IndexSettings(**spec["settings"])),
        cache_dir=Path(spec["cache_dir"]),
        memory_fallback=False,  # an index in this process's memory helps no one
    )
    try:
        summary = index.build(progress=_print_step)
    except IndexBusy as error:
        print(str(error), file=sys.stderr)
        return BUSY_EXIT
    finally:
        index.close()
    print(json.dumps({"summary": summary.describe()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
