"""``qgpt-lsp serve``: the embedded engine as a QGPT-compatible HTTP/WebSocket server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..serve import (
    DEFAULT_PORT,
    ServeSettings,
    build_app,
    load_or_create_token,
    make_server,
    warn_if_exposed,
)
from .report import warn


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the workspace as a QGPT server (HTTP + WebSocket)",
        description="Serve the embedded QGPT engine over the Pieces QGPT API, on loopback.",
    )
    _add_access_options(parser)
    _add_engine_options(parser)
    parser.add_argument("--max-body", type=int, default=2 * 1024 * 1024, metavar="BYTES")
    parser.add_argument(
        "--log-level", default="info", choices=["debug", "info", "warning", "error"]
    )
    parser.set_defaults(handler=run)


def _add_access_options(parser: argparse.ArgumentParser) -> None:
    """Where it listens and who may call."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument("--token", help="require this token (Authorization: Bearer T)")
    secret.add_argument(
        "--token-file", type=Path, metavar="FILE",
        help="require the token in FILE (created 0600 with a random token if missing)",
    )  # fmt: skip
    parser.add_argument(
        "--allow-origin", action="append", default=[], metavar="ORIGIN",
        help="a web origin allowed to call (e.g. http://localhost:3000; repeatable)",
    )  # fmt: skip
    parser.add_argument(
        "--allow-host", action="append", default=[], metavar="NAME",
        help="an extra Host header name to accept (repeatable)",
    )  # fmt: skip


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    """What is served and who answers."""
    parser.add_argument(
        "--workspace", action="append", type=Path, default=[], metavar="DIR",
        help="a workspace root to serve (repeatable; default: the current directory)",
    )  # fmt: skip
    parser.add_argument(
        "--answerer", default="auto", choices=["auto", "openai", "local", "grounded"],
        help="which model answers (default auto; grounded needs no model)",
    )  # fmt: skip
    parser.add_argument("--cache-dir", type=Path, metavar="DIR", help="index and conversations")


def settings_from(args: argparse.Namespace) -> ServeSettings:
    """The server settings the arguments ask for; ``ValueError`` when they make no sense."""
    if not 0 <= args.port <= 65535:
        raise ValueError(f"--port {args.port} is not a TCP port")
    if args.max_body < 1024:
        raise ValueError("--max-body must be at least 1024 bytes")
    token = args.token
    if args.token_file is not None:
        token = load_or_create_token(args.token_file.expanduser())
    if token is not None and not token.strip():
        raise ValueError("--token must not be empty")
    return ServeSettings(
        host=args.host,
        port=args.port,
        token=token,
        allow_origins=frozenset(o.rstrip("/") for o in args.allow_origin),
        allow_hosts=frozenset(args.allow_host),
        max_body_bytes=args.max_body,
        max_frame_bytes=args.max_body,
    )


def workspaces_from(args: argparse.Namespace) -> list[Path]:
    roots = [path.expanduser().resolve() for path in (args.workspace or [Path.cwd()])]
    missing = [str(root) for root in roots if not root.is_dir()]
    if missing:
        raise ValueError("not a directory: " + ", ".join(missing))
    return roots


def run(args: argparse.Namespace) -> int:
    try:
        settings = settings_from(args)
        roots = workspaces_from(args)
    except (ValueError, OSError) as error:
        print(f"qgpt-lsp serve: {error}", file=sys.stderr)
        return 2
    from ..engine import Engine, EngineSettings  # heavy (index, parsers): only when serving

    warn_if_exposed(settings)
    print("qgpt-lsp serve: indexing " + ", ".join(map(str, roots)), file=sys.stderr, flush=True)
    engine = Engine(roots, EngineSettings(answerer=args.answerer), cache_dir=args.cache_dir)
    warn(engine.take_notices())
    server = make_server(build_app(engine, settings), settings, args.log_level)
    server.run()
    return 0 if server.started else 1


if __name__ == "__main__":
    standalone = argparse.ArgumentParser(prog="qgpt-lsp")
    add_parser(standalone.add_subparsers())
    parsed = standalone.parse_args(["serve", *sys.argv[1:]])
    sys.exit(parsed.handler(parsed))
