"""Build the workspace index in a child process, so a busy build never holds the GIL
that the language server's event loop needs (hover and code actions stay fast).

The parent runs :func:`build_in_child`; the child (``python -m
qgpt_lsp.engine.index_worker SPEC``) builds into the same cache directory and
prints one JSON line per progress step, ``{"done", "total", "message"}``, then
``{"summary": ...}``. Exit codes: 0 built; 3 another process holds the index's
writer (``IndexBusy``); 1 anything else (stderr says why). The parent then
reloads its own view of the index (:meth:`WorkspaceIndex.reload`) and applies
what changed meanwhile.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ChildBuild:
    """How a build in the child went: ``built``, and its summary or why it failed."""

    built: bool
    detail: str


async def build_in_child(
    roots: Sequence[Path],
    settings: IndexSettings,
    cache_dir: Path,
    progress: ProgressCallback | None = None,
) -> ChildBuild:
    """Build in a child process; the result says whether it built, and what."""
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
        summary, errors = await asyncio.gather(
            _relay_progress(process.stdout, progress), process.stderr.read()
        )
        code = await process.wait()
    except asyncio.CancelledError:
        process.kill()
        await process.wait()
        raise
    if code == 0:
        return ChildBuild(True, summary)
    if code == BUSY_EXIT:
        return ChildBuild(False, "another process is writing this index")
    reason = errors.decode(errors="replace").strip()[-500:]
    return ChildBuild(False, f"the index worker exited {code}: {reason}")


async def _relay_progress(stream: asyncio.StreamReader, progress: ProgressCallback | None) -> str:
    """Pass the child's progress on; return its summary line."""
    summary = ""
    async for line in stream:
        try:
            step = json.loads(line)
        except ValueError:
            continue
        if not isinstance(step, dict):
            continue
        if "summary" in step:
            summary = str(step["summary"])
        elif progress is not None and "done" in step:
            progress(int(step["done"]), int(step["total"]), str(step["message"]))
    return summary


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
    _step_aside()
    spec = json.loads(argv[0])
    index = WorkspaceIndex(
        roots=[Path(root) for root in spec["roots"]],
        settings=beside_an_editor(IndexSettings(**spec["settings"])),
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
