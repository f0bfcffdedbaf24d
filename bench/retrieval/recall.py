"""Recall of the index and of the baseline on one labeled question set.

A hit is a returned span overlapping a labeled definition. Besides recall@5 and
@10, "recall at equal context" asks whether the answer is inside the first
``CONTEXT_LINES`` distinct lines of returned code (what fits in a prompt), since
our chunks are smaller than the baseline's 40-line windows.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from question_sets import Question

Span = tuple[Path, int, int]
Searcher = Callable[[str, str, int], list[Span]]  # (corpus, question, limit) -> spans

CONTEXT_LINES = 200
CONTEXT_FETCH = 30  # results read to fill the context budget


def definition_spans(path: Path, qualified: str) -> list[Span]:
    """Lines (0-based, inclusive) of every definition named ``qualified`` (``Class.method``,
    ``function.inner`` for a nested function), those made under ``if``/``try`` included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    spans: list[Span] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if name == qualified:
                    first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                    spans.append((path, first - 1, (child.end_lineno or child.lineno) - 1))
                visit(child, name + ".")  # methods, and functions nested in functions
            else:
                visit(child, prefix)  # under if/try: the enclosing prefix is kept

    visit(tree, "")
    if not spans:
        raise SystemExit(f"label not found: {path} {qualified}")
    return spans


def labels(
    questions: list[Question], corpora: dict[str, Path]
) -> list[tuple[str, str, list[Span]]]:
    resolved = []
    for corpus, question, answers in questions:
        spans = []
        for relative, name in answers:
            spans += definition_spans(corpora[corpus] / relative, name)
        resolved.append((corpus, question, spans))
    return resolved


def hit(found: list[Span], answers: list[Span], k: int) -> bool:
    return any(
        path == a_path and start <= a_end and a_start <= end
        for path, start, end in found[:k]
        for a_path, a_start, a_end in answers
    )


def within_context(found: list[Span], budget: int = CONTEXT_LINES) -> list[Span]:
    """The parts of ``found`` (in rank order) that fit in ``budget`` distinct lines."""
    seen: set[tuple[Path, int]] = set()
    kept: list[Span] = []
    for path, start, end in found:
        for line in range(start, end + 1):
            if len(seen) >= budget:
                return kept
            if (path, line) not in seen:
                seen.add((path, line))
                kept.append((path, line, line))
    return kept


@dataclass
class Tally:
    """Hits of one searcher over a question set."""

    at5: int = 0
    at10: int = 0
    in_context: int = 0
    lines_top5: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, label: str, top10: list[Span], wide: list[Span], answers: list[Span]) -> None:
        self.at5 += hit(top10, answers, 5)
        self.at10 += hit(top10, answers, 10)
        self.in_context += hit(within_context(wide), answers, CONTEXT_LINES)
        self.lines_top5 += sum(end - start + 1 for _, start, end in top10[:5])
        if not hit(top10, answers, 10):
            self.misses.append(label)

    def row(self, name: str, total: int) -> str:
        return (
            f"  {name:28} {self.at5 / total:9.2f} {self.at10 / total:10.2f} "
            f"{self.in_context / total:12.2f} {self.lines_top5 / total:11.0f}"
        )


def report(
    title: str,
    questions: list[Question],
    corpora: dict[str, Path],
    searchers: dict[str, Searcher],
) -> dict[str, Tally]:
    """Print recall of every searcher on ``questions``; returns the tallies by name."""
    tallies = {name: Tally() for name in searchers}
    for corpus, question, answers in labels(questions, corpora):
        for name, search in searchers.items():
            top10 = search(corpus, question, 10)
            wide = search(corpus, question, CONTEXT_FETCH)
            tallies[name].add(f"{corpus}: {question}", top10, wide, answers)
    total = len(questions)
    names = ", ".join(sorted({corpus for corpus, _, _ in questions}))
    print(f"{title}: {total} labeled questions ({names})")
    context = f"@{CONTEXT_LINES} lines"
    print(f"  {'':28} {'recall@5':>9} {'recall@10':>10} {context:>12} {'top-5 lines':>11}")
    for name, tally in tallies.items():
        print(tally.row(name, total))
    first = next(iter(tallies.values()))
    for miss in first.misses:
        print(f"  missed in top 10 by {next(iter(tallies))}: {miss}")
    return tallies
