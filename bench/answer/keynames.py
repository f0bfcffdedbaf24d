"""Answer benchmark: does the answer name the key names and quote the deciding lines?

For each question of a set (``sets/<name>.json``, see ``answer_sets``) this runs
the command users and outside graders run, ``qgpt-lsp ask`` with the package's
directory as the workspace root (``asking``), and scores the first 3,000
characters of the answer (``scoring``): the share of the question's key names it
names, and whether it quotes any line of the deciding ranges. The baseline is
pasting the top five plain-BM25 40-line windows (bench/retrieval/baseline.py,
``WindowIndex(roots, plain=True)``), scored whole and cut to 3,000 characters.
Target (issue 16): key names >= 0.70 and >= the pasted windows' + 0.15.

Run:
  .venv/bin/python bench/answer/keynames.py --set tuning [--verbose] [--limit N]
  .venv/bin/python bench/answer/keynames.py --answerer openai --serve-packaged-model
  .venv/bin/python bench/answer/keynames.py --answerer openai \\
      --base-url http://127.0.0.1:11434/v1 --model qwen2.5-coder:7b
A blind set is only run with ``--read-blind``: running it is its one reading.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
import sysconfig
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent / "retrieval"))  # baseline.py, as bench/retrieval/run.py

from answer_sets import AnswerQuestion, AnswerSet, load  # noqa: E402
from asking import AskCommand, ask, default_executable, packaged_model_server  # noqa: E402
from scoring import Result, Score, answer_part, deciding_texts, head, named, quoted  # noqa: E402

SITE = Path(sysconfig.get_paths()["purelib"])
BASELINE_WINDOWS = 5


class WindowSearcher(Protocol):
    def search(self, query: str, limit: int) -> list[tuple[Path, int, int]]: ...


def score(text: str, question: AnswerQuestion) -> Score:
    lines = deciding_texts(SITE, question.deciding_lines)
    return Score(named(text, question.key_names), quoted(text, lines), len(text))


class Baseline:
    """Plain BM25 over 40-line windows, one index per package, built when first asked."""

    def __init__(self) -> None:
        self._indexes: dict[str, WindowSearcher] = {}
        self._window_index = importlib.import_module("baseline").WindowIndex

    def paste(self, question: AnswerQuestion) -> str:
        index = self._indexes.get(question.corpus)
        if index is None:
            index = self._window_index([SITE / question.corpus], plain=True)
            self._indexes[question.corpus] = index
        parts = []
        for path, start, end in index.search(question.question, BASELINE_WINDOWS):
            lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
            label = path.relative_to(SITE)
            parts.append(f"# {label}:{start + 1}-{end + 1}\n" + "\n".join(lines[start : end + 1]))
        return "\n\n".join(parts)


def run_question(command: AskCommand, baseline: Baseline, question: AnswerQuestion) -> Result:
    asked = ask(command, SITE / question.corpus, question.question)
    answer = head(answer_part(asked.stdout))
    paste = baseline.paste(question)
    return Result(
        question,
        score(answer, question),
        score(paste, question),
        score(head(paste), question),
        asked.seconds,
        asked.error,
        answer,
    )


def run_set(answer_set: AnswerSet, command: AskCommand, limit: int | None) -> list[Result]:
    baseline = Baseline()
    results = []
    chosen = answer_set.questions[:limit] if limit else answer_set.questions
    for number, question in enumerate(chosen, 1):
        result = run_question(command, baseline, question)
        state = result.error or f"{len(result.answer.names)}/{len(question.key_names)} names"
        print(f"  [{number}/{len(chosen)}] {question.corpus}: {state}", file=sys.stderr)
        results.append(result)
    return results


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", default="tuning", help="tuning, blind, or a set file's path")
    parser.add_argument("--limit", type=int, default=None, help="only the first N questions")
    parser.add_argument(
        "--answerer", default="grounded", choices=("grounded", "openai", "local", "auto")
    )
    parser.add_argument("--base-url", help="an OpenAI-compatible /v1 URL (sets OPENAI_BASE_URL)")
    parser.add_argument("--model", help="the model to ask there (sets OPENAI_MODEL)")
    parser.add_argument(
        "--serve-packaged-model",
        action="store_true",
        help="start llama.cpp's server with the packaged SmolLM2 and ask it (--answerer openai)",
    )
    parser.add_argument("--qgpt", type=Path, default=None, help="the qgpt-lsp executable")
    parser.add_argument("--columns", type=int, default=200, help="COLUMNS for rich's rendering")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per question")
    parser.add_argument("--verbose", action="store_true", help="per-question misses")
    parser.add_argument("--save", type=Path, help="write every question's result here (JSON)")
    parser.add_argument(
        "--read-blind", action="store_true", help="allow a blind set: this run is its one reading"
    )
    return parser.parse_args(argv)


@contextlib.contextmanager
def endpoint(args: argparse.Namespace) -> Iterator[tuple[str | None, str | None]]:
    """The (base URL, model) to ask: given, or the packaged model's server started here."""
    if not args.serve_packaged_model:
        yield args.base_url, args.model
        return
    with packaged_model_server() as url:
        yield url, "smollm2"


def main(argv: Sequence[str] | None = None) -> int:
    from report import print_misses, print_table, save

    args = parse_args(argv)
    answer_set = load(args.set)
    if answer_set.is_blind and not args.read_blind:
        sys.exit(f"{args.set} is a blind set; running it reads it: add --read-blind to do so")
    answerer = "openai" if args.serve_packaged_model else args.answerer
    cache_dir = tempfile.TemporaryDirectory(prefix="qgpt-answer-bench-")
    with cache_dir as cache, endpoint(args) as (url, model):
        executable = args.qgpt or default_executable()
        command = AskCommand(
            executable, answerer, Path(cache), url, model, args.columns, args.timeout
        )
        results = run_set(answer_set, command, args.limit)
    label = answerer if not model else f"{answerer} ({model})"
    print_table(answer_set.name, label, results)
    if args.verbose:
        print_misses(results)
    if args.save:
        save(args.save, answer_set.name, label, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
