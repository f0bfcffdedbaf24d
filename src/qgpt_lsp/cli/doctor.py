"""``qgpt-lsp doctor``: which backend the language server would use and why, and versions.

The backend: a Pieces OS found by discovery -> ``pieces``, else ``embedded``;
the embedded engine's answerer comes from ``qgpt_lsp.engine.describe_answerer``.
Answers in about a second at most when nothing runs (discovery is bounded).
``--json`` prints the same report for machines. Also runs as
``python -m qgpt_lsp.cli.doctor``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from ..client import DiscoveredPiecesOS, default_port_groups, discover

#: The distributions whose versions matter when something goes wrong.
PACKAGES: tuple[str, ...] = (
    "qgpt-lsp",
    "pygls",
    "lsprotocol",
    "httpx",
    "websockets",
    "pydantic",
    "tantivy",
    "tree-sitter",
    "wordllama",
)

SEMANTIC_READY = "installed, opt-in (qgpt.index.semanticWeight, search --semantic-weight)"

#: Seconds discovery may take in total.
DISCOVERY_TIMEOUT = 0.8


@dataclass(frozen=True)
class DoctorReport:
    """What ``doctor`` found (``--json`` prints it as is)."""

    backend: str
    reason: str
    pieces_url: str | None
    pieces_version: str | None
    python: str
    packages: dict[str, str] = field(default_factory=dict)
    answerer: str | None = None
    semantic: str | None = None


def package_versions(names: Sequence[str] = PACKAGES) -> dict[str, str]:
    """Installed version of each distribution, or ``"not installed"``."""
    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def describe_ports(groups: Sequence[Sequence[int]]) -> str:
    """``39300-39333, 1000, 5323``: runs of consecutive ports written as ranges."""
    runs: list[tuple[int, int]] = []
    for port in (port for group in groups for port in group):
        if runs and port == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], port)
        else:
            runs.append((port, port))
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in runs) or "no ports"


def choose_backend(
    found: DiscoveredPiecesOS | None, groups: Sequence[Sequence[int]]
) -> tuple[str, str]:
    """The backend ``auto`` picks, and why."""
    if found is None:
        return "embedded", f"no Pieces OS answered on 127.0.0.1 ports {describe_ports(groups)}"
    what = f"Pieces OS {found.version}" if found.is_pieces else "a QGPT server"
    note = "" if found.is_pieces else f" (version {found.version or 'unknown'}, not 12.x)"
    return "pieces", f"{what} answers at {found.base_url}{note} (found by discovery)"


async def describe_answerer() -> str:
    """The embedded engine's answerer for the default settings (env ``OPENAI_*`` included)."""
    from ..engine import EngineSettings
    from ..engine import describe_answerer as describe

    return await describe(EngineSettings())


async def collect(ports: Sequence[int] | None = None) -> DoctorReport:
    """Discover Pieces OS, then describe the embedded answerer, and gather versions.

    In that order: the engine's import would stall the event loop under
    discovery's clock.
    """
    groups = (tuple(ports),) if ports is not None else default_port_groups()
    found = await discover(DISCOVERY_TIMEOUT, ports=ports)
    answerer = await describe_answerer()
    backend, reason = choose_backend(found, groups)
    from ..engine.index.semantic import unavailable

    missing = unavailable()
    return DoctorReport(
        backend=backend,
        reason=reason,
        pieces_url=found.base_url if found else None,
        pieces_version=found.version if found else None,
        python=f"{platform.python_version()} ({sys.executable})",
        packages=package_versions(),
        answerer=answerer,
        semantic=f"not available: {missing}" if missing else SEMANTIC_READY,
    )


def render_text(report: DoctorReport) -> str:
    """The report for people."""
    running = f"{report.pieces_version or 'unknown version'} at {report.pieces_url}"
    lines = [
        f"backend:   {report.backend}: {report.reason}",
        f"pieces os: {running if report.pieces_url else 'not running'}",
    ]
    if report.answerer is not None:
        lines.append(f"answerer:  {report.answerer} (when embedded)")
    if report.semantic is not None:
        lines.append(f"semantic:  {report.semantic}")
    lines.append(f"python:    {report.python}")
    lines.append("packages:")
    width = max(len(name) for name in report.packages)
    lines += [f"  {name:<{width}}  {ver}" for name, ver in report.packages.items()]
    return "\n".join(lines)


def parse_ports(text: str) -> list[int]:
    """``"39300,5323"`` -> ports; anything else is an argparse error."""
    try:
        ports = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of ports: {text!r}") from None
    if not all(0 < port < 65536 for port in ports):
        raise argparse.ArgumentTypeError(f"ports must be between 1 and 65535: {text!r}")
    return ports


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "doctor", help="show which backend would answer, and the versions in use"
    )
    configure(parser)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--ports",
        type=parse_ports,
        default=None,
        help="comma-separated ports to look for Pieces OS on, instead of the defaults "
        "(39300-39333, then 1000 and 5323; env QGPT_LSP_PIECES_PORTS does the same)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    report = asyncio.run(collect(args.ports))
    print(json.dumps(asdict(report), indent=2) if args.json else render_text(report))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qgpt-lsp doctor", description=__doc__)
    configure(parser)
    args = parser.parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
