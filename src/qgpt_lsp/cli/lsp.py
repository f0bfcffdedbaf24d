"""``qgpt-lsp lsp``: the language server, on stdio (what editors run) or TCP (debugging).

``qgpt-lsp`` with no arguments runs it on stdio; ``--stdio`` is accepted (and
changes nothing) because some editors always pass it.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Any

__all__ = ["SWITCH_INTERVAL", "add_parser", "run"]

#: Seconds a thread may hold the GIL before another (the event loop) gets a turn.
SWITCH_INTERVAL = 0.0005

#: Imported before the server reads its first message. Imported later, in the worker
#: thread that opens the embedded engine, they held the GIL (extension modules,
#: pydantic schemas) and pushed the first hovers' p99 from ~5 ms to ~10 ms.
PRELOADED_MODULES = (
    "qgpt_lsp.client",
    "qgpt_lsp.engine",
    "qgpt_lsp.engine.index.lexical",
    "qgpt_lsp.engine.index.languages",
    "qgpt_lsp.engine.index.workspace",
)


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    return host, int(port)


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("lsp", help="run the language server (default)")
    parser.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    parser.add_argument("--tcp", type=_host_port, metavar="HOST:PORT", help="listen on TCP")
    parser.add_argument("--log-level", default="INFO", help="log level on stderr")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..server import create_server

    logging.basicConfig(
        stream=sys.stderr,
        level=str(args.log_level).upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("pygls").setLevel(logging.WARNING)  # it logs every message at INFO
    # Indexing and git run in worker threads; a shorter GIL switch interval (default
    # 5 ms) lets the event loop answer hovers and code actions promptly meanwhile.
    sys.setswitchinterval(SWITCH_INTERVAL)
    for module in PRELOADED_MODULES:
        importlib.import_module(module)
    server = create_server()
    if args.tcp:
        server.start_tcp(*args.tcp)
    else:
        server.start_io()
    return 0


def main() -> int:
    """Run the language server without the other subcommands (``python -m qgpt_lsp.cli.lsp``)."""
    parser = argparse.ArgumentParser(prog="qgpt-lsp")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["lsp", *sys.argv[1:]])
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
