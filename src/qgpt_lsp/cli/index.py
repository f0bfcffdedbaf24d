"""``qgpt-lsp index [DIR]``: build or refresh the workspace index, with a progress bar.

Incremental: a second run re-reads only files whose size or mtime changed.
Prints a summary: files, chunks, what was skipped and why, and the time taken.
Also runs as ``python -m qgpt_lsp.cli.index``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..engine.index import IndexSettings, IndexSummary, WorkspaceIndex
from ..errors import QGPTError
from .report import warn


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "index",
        help="index a folder for questions and search",
        description="Build or refresh the search index of a workspace folder.",
    )
    parser.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR")
    add_index_options(parser)
    parser.set_defaults(handler=run)


def add_index_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``index`` and ``search``."""
    parser.add_argument(
        "--cache-dir", type=Path, default=None, help="where indexes live (default: user cache)"
    )
    parser.add_argument(
        "--max-file-size",
        type=int,
        default=IndexSettings.max_file_size,
        help="skip files bigger than this many bytes (default: %(default)s)",
    )
    parser.add_argument(
        "--semantic-weight",
        type=float,
        default=IndexSettings.semantic_weight,
        metavar="W",
        help="re-rank by meaning too, 0 = off, 1.0 suggested (needs qgpt-lsp[semantic])",
    )


def open_index(root: Path, args: argparse.Namespace) -> WorkspaceIndex:
    settings = IndexSettings(
        max_file_size=args.max_file_size, semantic_weight=max(0.0, args.semantic_weight)
    )
    return WorkspaceIndex([root], settings=settings, cache_dir=args.cache_dir)


def run(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    root = args.directory.expanduser().resolve()
    if not root.is_dir():
        console.print(f"[red]error:[/] {args.directory} is not a folder")
        return 2
    index = open_index(root, args)
    try:
        summary = build_with_progress(index, console)
    except QGPTError as error:
        console.print(f"[red]error:[/] {error}")
        return 1
    finally:
        warn(index.notices.take())
        index.close()
    print_summary(summary, root)
    return 0


def build_with_progress(index: WorkspaceIndex, console: Console) -> IndexSummary:
    columns = (
        TextColumn("[bold]indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, message: str) -> None:
            bar.update(task, completed=done, total=total, description=message[:40])

        return index.build(progress)


def print_summary(summary: IndexSummary, root: Path) -> None:
    console = Console()
    console.print(f"[bold]{root}[/]")
    console.print(
        f"  files    {summary.files} ({summary.indexed} indexed, "
        f"{summary.unchanged} unchanged, {summary.removed} removed)"
    )
    console.print(f"  chunks   {summary.chunks}")
    reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(summary.skipped.items()))
    console.print(f"  skipped  {summary.skipped_total}" + (f" ({reasons})" if reasons else ""))
    console.print(f"  ignored  {summary.ignored} (ignore files, build and tool folders)")
    console.print(f"  time     {summary.seconds:.2f} s")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m qgpt_lsp.cli.index`` (the same as ``qgpt-lsp index``)."""
    parser = argparse.ArgumentParser(prog="qgpt-lsp")
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["index", *(sys.argv[1:] if argv is None else argv)])
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
