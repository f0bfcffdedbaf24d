"""What ``qgpt-lsp ask`` sends: a selection (``--file --lines``) or a workspace search."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..engine import Engine, line_offsets
from ..wire import (
    QGPTQuestionInput,
    QGPTRelevanceInput,
    QGPTRelevanceInputOptions,
    QGPTStreamInput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    TextLocation,
)


def parse_lines(text: str) -> tuple[int, int]:
    """``40-80`` -> (40, 80); ``7`` -> (7, 7); argparse reports anything else."""
    first, _, last = text.partition("-")
    try:
        start, end = int(first), int(last or first)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a line range: {text!r} (use A-B)") from error
    if not 1 <= start <= end:
        raise argparse.ArgumentTypeError(f"not a line range: {text!r} (1 <= A <= B)")
    return start, end


def stream_input(engine: Engine, args: argparse.Namespace) -> QGPTStreamInput:
    """The stream frame for the question as asked on the command line."""
    if args.file is not None:
        path = engine.index.resolve_inside(args.file.expanduser().resolve())
        text = path.read_text(encoding="utf-8", errors="replace")
        start, end = args.lines or (1, max(len(text.splitlines()), 1))
        first, last = line_offsets(text, start, end)
        item = RelevantQGPTSeed(
            path=str(path), location=TextLocation(start=first, end=last, text=text[first:last])
        )
        question = QGPTQuestionInput(
            query=args.question, relevant=RelevantQGPTSeeds(iterable=[item])
        )
        return QGPTStreamInput(question=question, conversation=args.conversation)
    paths = [str(Path(p).expanduser().resolve()) for p in args.path] or None
    relevance = QGPTRelevanceInput(
        query=args.question, paths=paths, options=QGPTRelevanceInputOptions(question=True)
    )
    return QGPTStreamInput(relevance=relevance, conversation=args.conversation)


def where(item: RelevantQGPTSeed, root: Path) -> tuple[str, Path, int, int] | None:
    """``(src/a.py:3-9, path, 3, 9)`` for a relevant item with a path and location."""
    if item.path is None or item.location is None:
        return None
    path = Path(item.path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    start = text.count("\n", 0, item.location.start) + 1
    end = start + text[item.location.start : item.location.end].rstrip("\n").count("\n")
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    label = f"{shown}:{start}" if start == end else f"{shown}:{start}-{end}"
    return label, path, start, end
