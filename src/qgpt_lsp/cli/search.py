"""``qgpt-lsp search "question"``: the best matching code, as ranked ``file:line`` lines.

Searches the index of ``--root`` (default: the current folder), refreshing it
first (only changed files are re-read). ``--path`` limits the search to files
or folders inside the root. Also runs as ``python -m qgpt_lsp.cli.search``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..engine.index import Chunk, ScoredChunk, WorkspaceIndex
from ..errors import IndexBusy, QGPTError
from .index import add_index_options, open_index
from .report import warn


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "search",
        help="find the code that matches a question",
        description="Search the workspace index; prints ranked file:line lines.",
    )
    parser.add_argument("question")
    parser.add_argument(
        "--path", action="append", default=None, metavar="P", help="search only here (repeatable)"
    )
    parser.add_argument("--limit", type=int, default=10, metavar="N")
    parser.add_argument("--root", type=Path, default=Path("."), help="workspace folder")
    add_index_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = args.root.expanduser().resolve()
    if not root.is_dir():
        print(f"error: {args.root} is not a folder", file=sys.stderr)
        return 2
    if args.limit < 1:
        print("error: --limit must be at least 1", file=sys.stderr)
        return 2
    index = open_index(root, args)
    try:
        return _search(index, args, root)
    except QGPTError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        warn(index.notices.take())
        index.close()


def _search(index: WorkspaceIndex, args: argparse.Namespace, root: Path) -> int:
    try:
        index.build()
    except IndexBusy:  # another process (an editor's server) is updating it: search as is
        warn(["another process is updating this index; searching it as it is"])
    hits = index.search(args.question, paths=args.path, limit=args.limit * 3)
    shown: list[ScoredChunk] = []
    for hit in hits:  # a hit overlapping a better one already shown adds nothing
        if len(shown) < args.limit and not any(_overlap(hit, seen) for seen in shown):
            shown.append(hit)
    if not shown:
        print("no match", file=sys.stderr)
        return 1
    for hit in shown:
        chunk = hit.chunk
        print(
            f"{_where(chunk.path, root)}:{chunk.start_line + 1}  {_label(chunk)}  ({hit.score:.2f})"
        )
    return 0


def _overlap(one: ScoredChunk, other: ScoredChunk) -> bool:
    a, b = one.chunk, other.chunk
    return a.path == b.path and a.start_line <= b.end_line and b.start_line <= a.end_line


def _where(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _label(chunk: Chunk) -> str:
    if chunk.symbol is None:
        return f"[{chunk.kind}]" + (f" in {chunk.parent}" if chunk.parent else "")
    name = f"{chunk.parent}.{chunk.symbol}" if chunk.parent else chunk.symbol
    return f"{chunk.kind} {name}"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m qgpt_lsp.cli.search`` (the same as ``qgpt-lsp search``)."""
    parser = argparse.ArgumentParser(prog="qgpt-lsp")
    add_parser(parser.add_subparsers())
    args = parser.parse_args(["search", *(sys.argv[1:] if argv is None else argv)])
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
