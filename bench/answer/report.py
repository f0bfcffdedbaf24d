"""The answer benchmark's printed table, per-question misses and saved results.

Key names is the mean, over questions, of the share of a question's key names the
scored text names; deciding lines is the share of questions whose scored text
quotes at least one deciding line. Rows per package, then the whole set.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring import BUDGET, Result, Score

TARGET_NAMES = 0.70
TARGET_MARGIN = 0.15


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    names: float
    lines: float
    paste_names: float
    paste_lines: float
    head_names: float
    seconds: float
    errors: int

    @property
    def margin(self) -> float:
        return self.names - self.paste_names


def _names(results: Sequence[Result], pick: str) -> float:
    shares = [getattr(r, pick).name_share(r.question) for r in results]
    return statistics.fmean(shares) if shares else 0.0


def _lines(results: Sequence[Result], pick: str) -> float:
    hits = [bool(getattr(r, pick).lines) for r in results]
    return sum(hits) / len(hits) if hits else 0.0


def row(label: str, results: Sequence[Result]) -> Row:
    return Row(
        label,
        len(results),
        _names(results, "answer"),
        _lines(results, "answer"),
        _names(results, "paste"),
        _lines(results, "paste"),
        _names(results, "paste_head"),
        statistics.median(r.seconds for r in results) if results else 0.0,
        sum(r.error is not None for r in results),
    )


def rows(results: Sequence[Result]) -> list[Row]:
    corpora = list(dict.fromkeys(r.question.corpus for r in results))
    per_corpus = [row(c, [r for r in results if r.question.corpus == c]) for c in corpora]
    return [*per_corpus, row("all", results)] if len(corpora) > 1 else per_corpus


def print_table(set_name: str, answerer: str, results: Sequence[Result]) -> None:
    print(f"\nset {set_name}, answerer {answerer}: first {BUDGET:,} characters of each answer")
    print(
        "| package | n | key names | deciding lines | BM25 paste: key names | lines "
        f"| BM25 paste, first {BUDGET:,} chars: key names | difference | median s | failed |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows(results):
        print(
            f"| {r.label} | {r.count} | {r.names:.2f} | {r.lines:.2f} | {r.paste_names:.2f} "
            f"| {r.paste_lines:.2f} | {r.head_names:.2f} | {r.margin:+.2f} | {r.seconds:.1f} "
            f"| {r.errors} |"
        )
    total = row("all", results)
    met = total.names >= TARGET_NAMES and total.margin >= TARGET_MARGIN
    print(
        f"target (key names >= {TARGET_NAMES:.2f} and >= BM25 paste + {TARGET_MARGIN:.2f}): "
        f"{'met' if met else 'not met'} ({total.names:.2f}, {total.margin:+.2f})"
    )


def _misses(score: Score, names: Sequence[str]) -> str:
    missing = [name for name in names if name not in score.names]
    lines = f"{len(score.lines)} deciding line(s) quoted" if score.lines else "no deciding line"
    return f"missing {', '.join(missing) or 'nothing'}; {lines}"


def print_misses(results: Sequence[Result]) -> None:
    print("\nper question (answer | BM25 paste):")
    for number, r in enumerate(results, 1):
        q = r.question
        print(f"{number:3}. [{q.corpus}] {q.question}")
        if r.error:
            print(f"     ERROR {r.error}")
        took = f"{r.answer.chars} chars, {r.seconds:.1f} s"
        print(f"     answer ({took}): {_misses(r.answer, q.key_names)}")
        print(f"     BM25 paste ({r.paste.chars} chars): {_misses(r.paste, q.key_names)}")


def save(path: Path, set_name: str, answerer: str, results: Sequence[Result]) -> None:
    """Every question's scores and scored answer text, for reading later."""
    entries: list[dict[str, Any]] = [
        {
            "corpus": r.question.corpus,
            "question": r.question.question,
            "key_names": list(r.question.key_names),
            "answer": {"names": r.answer.names, "lines": r.answer.lines, "text": r.answer_head},
            "paste": {"names": r.paste.names, "lines": r.paste.lines},
            "seconds": round(r.seconds, 2),
            "error": r.error,
        }
        for r in results
    ]
    table = [row.__dict__ | {"margin": row.margin} for row in rows(results)]
    document = {"set": set_name, "answerer": answerer, "rows": table, "questions": entries}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
