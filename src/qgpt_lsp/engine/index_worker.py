"""Build the workspace index in a child process, so a busy build never holds the GIL
that the language server's event loop needs (hover and code actions stay fast).

The parent runs :func:`build_in_child`; the child (``python -m
qgpt_lsp.engine.index_worker SPEC``) builds into the same cache directory and
prints one JSON line per progress step, ``{"done", "total", "message"}``, then
``{"summary": ...}``. Exit codes: 0 built; 3 another process holds the index's
writer (``IndexBusy``); 1 anything else (stderr says why). The parent then
reloads its own view of the index (:meth:`WorkspaceIndex.reload`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..backend import ProgressCallback
from .index import IndexBusy, IndexSettings, WorkspaceIndex

BUSY_EXIT = 3


def worker_spec(roots: Sequence[Path], settings: IndexSettings, cache_dir: Path) -> str:
    """The child's one argument: what to index, how, and where."""
    return json.dumps(
        {
            "roots": [str(root) for root in roots],
            "cache_dir": str(cache_dir),
            "settings": dataclasses.asdict(settings),
        }
    )


async def build_in_child(
    roots: Sequence[Path],
    settings: IndexSettings,
    cache_dir: Path,
    progress: ProgressCallback | None = None,
) -> str | None:
    """Build in a child process; None when it built, else why it did not."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        __name__,
        worker_spec(roots, settings, cache_dir),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        _, errors = await asyncio.gather(
            _relay_progress(process.stdout, progress), process.stderr.read()
        )
        code = await process.wait()
    except asyncio.CancelledError:
        process.kill()
        await process.wait()
        raise
    if code == 0:
        return None
    if code == BUSY_EXIT:
        return "another process is writing this index"
    return f"the index worker exited {code}: {errors.decode(errors='replace').strip()[-500:]}"


async def _relay_progress(stream: asyncio.StreamReader, progress: ProgressCallback | None) -> None:
    async for line in stream:
        try:
            step = json.loads(line)
        except ValueError:
            continue
        if progress is not None and isinstance(step, dict) and "done" in step:
            progress(int(step["done"]), int(step["total"]), str(step["message"]))


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


def main(argv: Sequence[str]) -> int:
    _step_aside()
    spec = json.loads(argv[0])
    index = WorkspaceIndex(
        roots=[Path(root) for root in spec["roots"]],
        settings=IndexSettings(**spec["settings"]),
        cache_dir=Path(spec["cache_dir"]),
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
