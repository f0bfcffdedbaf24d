"""``qgpt-lsp ask "question"``: stream an answer about the code in this folder.

The answer renders live as Markdown, then come its sources (``file:line``),
follow-up questions and who can help. Ctrl-C stops the answer.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.markdown import Markdown

from ..engine import Engine, EngineSettings
from ..errors import IndexBusy, QGPTError
from ..wire import (
    QGPTHintsInput,
    QGPTQuestionAnswer,
    QGPTStreamEnum,
    QGPTStreamInput,
    QGPTStreamOutput,
    RelevantQGPTSeeds,
)
from .ask_input import parse_lines, stream_input, where
from .report import warn
from .who import print_people


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ask",
        help="ask a question about the code (streamed Markdown answer)",
        description="Answer a question from the workspace's code, with sources and hints.",
    )
    parser.add_argument("question")
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="workspace folder (default: .)"
    )
    parser.add_argument("--path", action="append", default=[], help="search only here (repeatable)")
    parser.add_argument("--file", type=Path, help="ask about this file (or its --lines)")
    parser.add_argument("--lines", type=parse_lines, help="1-based lines of --file, e.g. 40-80")
    parser.add_argument("--conversation", help="continue this conversation")
    parser.add_argument(
        "--answerer", default="auto", choices=("auto", "openai", "local", "grounded")
    )
    parser.add_argument("--cache-dir", type=Path, default=None, help="index and conversations")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = args.root.expanduser().resolve()
    if not root.is_dir():
        Console(stderr=True).print(f"[red]error:[/] {args.root} is not a folder")
        return 2
    try:
        return asyncio.run(_ask(root, args))
    except KeyboardInterrupt:
        return 130
    except QGPTError as error:
        Console(stderr=True).print(f"[red]error:[/] {error}")
        return 1


async def _ask(root: Path, args: argparse.Namespace) -> int:
    console, status = Console(), Console(stderr=True)
    engine = Engine([root], EngineSettings(answerer=args.answerer), cache_dir=args.cache_dir)
    try:
        await _refresh_index(engine, status)
        request = stream_input(engine, args)
        final, answer = await _stream(engine, request, console)
        if final.status is not QGPTStreamEnum.COMPLETED:
            status.print(
                f"[red]{final.status.value if final.status else 'FAILED'}:[/] "
                f"{final.error_message or 'the answer did not complete'}"
            )
            return 1
        await _after(engine, args, final, answer, console)
        return 0
    finally:
        await engine.aclose()


async def _refresh_index(engine: Engine, status: Console) -> None:
    """Bring the index up to date (as it is, if another process is updating it)."""
    try:
        with status.status("indexing the workspace…"):
            await engine.build_index()
    except IndexBusy:
        warn(["another process is updating this index; answering from it as it is"])
    warn(engine.take_notices())


async def _stream(
    engine: Engine, request: QGPTStreamInput, console: Console
) -> tuple[QGPTStreamOutput, str]:
    """The terminal frame and the whole answer, rendered live while it streams."""
    text = ""
    final: QGPTStreamOutput | None = None
    with Live(Markdown(""), console=console, refresh_per_second=8) as live:
        async for frame in engine.stream(request):
            if frame.is_terminal:
                final = frame
                break
            text += frame.delta
            live.update(Markdown(text))
    assert final is not None  # every stream ends with one terminal frame
    return final, text


async def _after(
    engine: Engine,
    args: argparse.Namespace,
    final: QGPTStreamOutput,
    answer: str,
    console: Console,
) -> None:
    """Sources, follow-up questions and who can help, after the answer."""
    items = final.relevance.relevant.iterable if final.relevance else []
    places = [where(item, engine.roots[0]) for item in items]
    sources = [p for p in places if p is not None]
    console.print()
    console.rule(f"answered by {engine.answerer_name} · conversation {final.conversation}")
    if sources:
        console.print("[bold]Sources[/]")
        for label, _, _, _ in sources:
            console.print(f"  {label}")
    if final.relevance is not None:
        await _print_hints(engine, args.question, answer, final.relevance.relevant, console)
    if sources:
        label, path, start, end = sources[0]
        console.print(f"[bold]Who can help[/] with {label}")
        print_people(console, await engine.who_can_help(path, start, end))


async def _print_hints(
    engine: Engine, query: str, answer: str, relevant: RelevantQGPTSeeds, console: Console
) -> None:
    answered = QGPTQuestionAnswer(score=1.0, text=answer)
    hints = await engine.hints(QGPTHintsInput(relevant=relevant, query=query, answer=answered))
    console.print("[bold]You could ask next[/]")
    for hint in hints.answers.iterable:
        console.print(f"  • {hint.text}")
