"""Location recall of an answer set: is a labelled definition in the first five results?

Each answer-set question lists the definitions that answer it (``answers``). This
asks the question of the index, as ``qgpt-lsp search`` and ``/qgpt/relevance`` do
(``WorkspaceIndex.snippets``, about 40 lines each), and of plain BM25 over 40-line
windows (bench/retrieval/baseline.py, ``plain=True``), and reports recall@5 and @10
of both, per package. A hit is a returned span overlapping a labelled definition.

Run:
  .venv/bin/python bench/answer/locations.py --set blind
A blind set is only run with ``--read-blind``, as with keynames.py: run both in the
same reading.
"""

from __future__ import annotations

import argparse
import sys
import sysconfig
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "retrieval"))

from answer_sets import AnswerQuestion, load
from baseline import WindowIndex
from recall import Span, definition_spans

from qgpt_lsp.engine.index import IndexSettings, WorkspaceIndex

SITE = Path(sysconfig.get_paths()["purelib"])


def _labels(question: AnswerQuestion) -> list[Span]:
    return [s for rel, name in question.answers for s in definition_spans(SITE / rel, name)]


def _rank(found: list[Span], answers: list[Span]) -> int | None:
    for rank, (path, start, end) in enumerate(found, 1):
        if any(path == p and start <= e and s <= end for p, s, e in answers):
            return rank
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", default="tuning")
    parser.add_argument("--read-blind", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--semantic-weight", type=float, default=0.0, help="the opt-in semantic stage's weight"
    )
    args = parser.parse_args()
    answer_set = load(args.set)
    if answer_set.is_blind and not args.read_blind:
        sys.exit(f"{args.set} is a blind set; running it reads it: add --read-blind to do so")
    rows: dict[str, list[tuple[int | None, int | None]]] = {}
    with tempfile.TemporaryDirectory(prefix="qgpt-locations-") as cache:
        ours: dict[str, WorkspaceIndex] = {}
        plain: dict[str, WindowIndex] = {}
        for number, question in enumerate(answer_set.questions, 1):
            root = SITE / question.corpus
            if question.corpus not in ours:
                settings = IndexSettings(semantic_weight=args.semantic_weight)
                ours[question.corpus] = WorkspaceIndex([root], settings, cache_dir=Path(cache))
                ours[question.corpus].build()
                plain[question.corpus] = WindowIndex([root], plain=True)
            answers = _labels(question)
            found = ours[question.corpus].snippets(question.question, limit=10)
            mine = _rank([(Path(s.path), s.start_line, s.end_line) for s in found], answers)
            theirs = _rank(plain[question.corpus].search(question.question, 10), answers)
            rows.setdefault(question.corpus, []).append((mine, theirs))
            if args.verbose:
                print(f"{number:3}. [{question.corpus}] qgpt-lsp {mine}, BM25 {theirs}")
    print(f"set {args.set}: location recall (a labelled definition in the first k results)")
    print("| package | n | qgpt-lsp @5 | @10 | plain BM25, 40-line windows @5 | @10 |")
    print("|---|---|---|---|---|---|")
    every = [row for found in rows.values() for row in found]
    for name, found in [*rows.items(), ("all", every)]:

        def share(k: int, side: int, found: list[tuple[int | None, int | None]] = found) -> str:
            hits = sum(1 for row in found if row[side] is not None and row[side] <= k)
            return f"{hits / len(found):.2f}"

        print(
            f"| {name} | {len(found)} | {share(5, 0)} | {share(10, 0)} | "
            f"{share(5, 1)} | {share(10, 1)} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
