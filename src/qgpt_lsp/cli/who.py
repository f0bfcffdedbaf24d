"""``qgpt-lsp who FILE[:A-B]``: who can help with these lines, from git history.

Blames exactly the asked lines (``.mailmap`` honoured, bots left out), adds the
CODEOWNERS owners, and prints each person with the evidence.
"""

from __future__ import annotations

import argparse
import asyncio
import re
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ..engine.people import LineRange, PeopleFinder
from ..wire import QGPTPersonsRelatedOutput

_TARGET = re.compile(r"^(?P<path>.+?)(?::(?P<start>\d+)(?:-(?P<end>\d+))?)?$")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "who",
        help="who can help with a file or some of its lines (git blame, CODEOWNERS)",
        description="Rank the people who wrote these lines, weighted toward recent work.",
    )
    parser.add_argument(
        "target", metavar="FILE[:A-B]", help="a file, optionally with 1-based lines"
    )
    parser.add_argument(
        "--blame-timeout", type=float, default=10.0, help="seconds before answering from git log"
    )
    parser.set_defaults(handler=run)


def parse_target(target: str) -> tuple[Path, int, int | None]:
    """``a.py:10-20`` -> (a.py, 10, 20); ``a.py:7`` -> (a.py, 7, 7); ``a.py`` -> (a.py, 1, None)."""
    match = _TARGET.match(target)
    assert match is not None  # the pattern matches any non-empty string
    start = int(match["start"]) if match["start"] else 1
    end = int(match["end"]) if match["end"] else (start if match["start"] else None)
    return Path(match["path"]), start, end


def run(args: argparse.Namespace) -> int:
    console = Console()
    path, start, end = parse_target(args.target)
    path = path.expanduser().resolve()
    if not path.is_file():
        Console(stderr=True).print(f"[red]error:[/] {args.target}: no such file")
        return 2
    last = end if end is not None else max(len(path.read_bytes().splitlines()), 1)
    if last < start:
        Console(stderr=True).print(f"[red]error:[/] {args.target}: the range ends before it starts")
        return 2
    output = asyncio.run(_find(LineRange(path, start, last), args.blame_timeout))
    print_people(console, output)
    return 0


async def _find(item: LineRange, blame_timeout: float) -> QGPTPersonsRelatedOutput:
    finder = PeopleFinder(blame_timeout=blame_timeout)
    try:
        return await finder.for_ranges([item])
    finally:
        await finder.aclose()


def print_people(console: Console, output: QGPTPersonsRelatedOutput) -> None:
    """A table of people: name, email, and the evidence for them."""
    if not output.persons.iterable:
        console.print("Nobody found: the lines are not in git history and no CODEOWNERS match.")
        return
    table = Table("who", "email", "why", show_lines=False)
    notes = output.explanations or {}
    for person in output.persons.iterable:
        basic = person.type.basic
        name = (basic.name if basic else None) or "?"
        email = (basic.email if basic else None) or ""
        table.add_row(name, email, notes.get(person.id, ""))
    console.print(table)
