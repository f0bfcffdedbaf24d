"""``qgpt-lsp``: with no subcommand, the language server on stdio (what editors run).

Each subcommand lives in its own module ``qgpt_lsp.cli.<name>`` with a function
``add_parser(subparsers)`` that registers it and sets ``handler`` to a callable
taking the parsed arguments and returning the exit code. An OSError any of them
lets out ends the command with one line on stderr (exit code 1), not a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from .. import __version__
from .report import disk_error_line, keep_notices_off_stderr

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = ("lsp", "ask", "who", "index", "search", "serve", "doctor")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that subcommand (each module imports what it needs,
    some of it heavy, so running one command does not pay for all the others)."""
    parser = argparse.ArgumentParser(
        prog="qgpt-lsp",
        description="Ask questions about your code: a QGPT language server and its tools.",
    )
    parser.add_argument("--version", action="version", version=f"qgpt-lsp {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (only,) if only in COMMANDS else COMMANDS:
        module = importlib.import_module(f"{__package__}.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (
        args_list[0].startswith("--") and args_list[0] not in ("--help", "--version")
    ):
        args_list.insert(0, "lsp")  # editors run plain `qgpt-lsp` (maybe with --tcp/--stdio)
    parser = build_parser(only=args_list[0])
    args = parser.parse_args(args_list)
    handler: Callable[[argparse.Namespace], int] = args.handler
    keep_notices_off_stderr()
    try:
        return handler(args)
    except OSError as error:  # a full, read-only or missing disk: one line, no traceback
        print(disk_error_line(args.command or "lsp", error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
