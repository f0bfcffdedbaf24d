"""Retrieval benchmark: speed on CPython's Lib/, recall on labeled questions vs a baseline.

Run: ``.venv/bin/python bench/retrieval/run.py`` (about a minute or two on 2 cores).
Everything goes to a temporary cache dir; results are printed to stdout.
"""

from __future__ import annotations

import argparse
import ast
import resource
import statistics
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
import rich
from baseline import WindowIndex
from questions import QUESTIONS

from qgpt_lsp.engine.index import WorkspaceIndex

STDLIB = Path(sysconfig.get_paths()["stdlib"])
CORPORA = {
    "stdlib": STDLIB,
    "httpx": Path(httpx.__file__).parent.parent,
    "rich": Path(rich.__file__).parent.parent,
}
UPDATE_FILES = ["json/decoder.py", "shutil.py", "os.py", "argparse.py", "typing.py"]

Span = tuple[Path, int, int]


def definition_spans(path: Path, qualified: str) -> list[Span]:
    """Lines (0-based, inclusive) of every definition named ``qualified`` (``Class.method``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    spans: list[Span] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if name == qualified:
                    first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                    spans.append((path, first - 1, (child.end_lineno or child.lineno) - 1))
                if isinstance(child, ast.ClassDef):
                    visit(child, name + ".")

    visit(tree, "")
    if not spans:
        raise SystemExit(f"label not found: {path} {qualified}")
    return spans


def labels() -> list[tuple[str, str, list[Span]]]:
    resolved = []
    for corpus, question, answers in QUESTIONS:
        spans = []
        for relative, name in answers:
            spans += definition_spans(CORPORA[corpus] / relative, name)
        resolved.append((corpus, question, spans))
    return resolved


def hit(found: list[Span], answers: list[Span], k: int) -> bool:
    return any(
        path == a_path and start <= a_end and a_start <= end
        for path, start, end in found[:k]
        for a_path, a_start, a_end in answers
    )


def timed(action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def speed_on_stdlib(cache: Path, queries: list[str]) -> tuple[WorkspaceIndex, dict[str, float]]:
    index = WorkspaceIndex([STDLIB], cache_dir=cache)
    cpu = cpu_seconds()
    summary, cold = timed(index.build)
    figures = {"cold_s": cold, "cold_cpu_s": cpu_seconds() - cpu}
    print(f"cold index of {STDLIB}: {cold:.1f} s wall, {figures['cold_cpu_s']:.1f} s CPU")
    print(f"  {summary.describe()}")
    _, figures["warm_s"] = timed(index.build)
    print(f"warm re-index (nothing changed): {figures['warm_s']:.2f} s")
    latencies = []
    for _ in range(3):
        for query in queries:
            _, seconds = timed(lambda q=query: index.search(q, limit=10))
            latencies.append(seconds * 1000)
    figures["p50_ms"], figures["p95_ms"] = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print(
        f"query latency over {len(latencies)} searches (limit 10): "
        f"p50 {figures['p50_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms, "
        f"max {max(latencies):.2f} ms"
    )
    updates = []
    for relative in UPDATE_FILES:
        path = STDLIB / relative
        text = path.read_text(encoding="utf-8") + "\ndef bench_marker_function():\n    pass\n"
        _, seconds = timed(lambda p=path, t=text: index.update_file(p, t))
        updates.append(seconds * 1000)
        assert index.search("bench_marker_function", paths=[path], limit=1)
        index.update_file(path)  # back to the disk version
    figures["update_ms"] = statistics.median(updates)
    each = ", ".join(
        f"{name} ({len((STDLIB / name).read_text().splitlines())} lines) {ms:.0f} ms"
        for name, ms in zip(UPDATE_FILES, updates, strict=True)
    )
    print(f"one-file update (unsaved buffer): median {figures['update_ms']:.1f} ms; {each}")
    return index, figures


def recall(indexes: dict[str, WorkspaceIndex], baselines: dict[str, WindowIndex]) -> None:
    questions = labels()
    ours = {5: 0, 10: 0}
    base = {5: 0, 10: 0}
    lines = {"ours": 0, "base": 0}
    misses = []
    for corpus, question, answers in questions:
        found = [
            (h.chunk.path, h.chunk.start_line, h.chunk.end_line)
            for h in indexes[corpus].search(question, limit=10)
        ]
        windows = baselines[corpus].search(question, limit=10)
        for k in (5, 10):
            ours[k] += hit(found, answers, k)
            base[k] += hit(windows, answers, k)
        lines["ours"] += sum(end - start + 1 for _, start, end in found[:5])
        lines["base"] += sum(end - start + 1 for _, start, end in windows[:5])
        if not hit(found, answers, 10):
            misses.append(f"{corpus}: {question}")
    total = len(questions)
    corpora = sorted({q[0] for q in questions})
    print(f"recall on {total} labeled questions ({', '.join(corpora)}):")
    print(f"  {'':28} {'recall@5':>9} {'recall@10':>10}")
    print(f"  {'qgpt-lsp (code-aware BM25)':28} {ours[5] / total:9.2f} {ours[10] / total:10.2f}")
    print(f"  {'baseline (40-line windows)':28} {base[5] / total:9.2f} {base[10] / total:10.2f}")
    print(
        f"  lines of code in the top 5 (mean): qgpt-lsp {lines['ours'] / total:.0f}, "
        f"baseline {lines['base'] / total:.0f}"
    )
    for miss in misses:
        print(f"  missed by qgpt-lsp in top 10: {miss}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recall-only", action="store_true", help="skip the Lib/ speed run")
    args = parser.parse_args()
    queries = [question for _, question, _ in QUESTIONS]
    with tempfile.TemporaryDirectory(prefix="qgpt-bench-") as cache:
        third_party = [CORPORA["httpx"] / "httpx", CORPORA["rich"] / "rich"]
        if args.recall_only:
            stdlib = WorkspaceIndex([STDLIB], cache_dir=Path(cache))
            stdlib.build()
        else:
            stdlib, _ = speed_on_stdlib(Path(cache), queries)
        packages = WorkspaceIndex(third_party, cache_dir=Path(cache))
        packages.build()
        baseline_stdlib, seconds = timed(lambda: WindowIndex([STDLIB]))
        print(f"baseline window index of Lib/: {seconds:.1f} s")
        baseline_packages = WindowIndex(third_party)
        recall(
            {"stdlib": stdlib, "httpx": packages, "rich": packages},
            {"stdlib": baseline_stdlib, "httpx": baseline_packages, "rich": baseline_packages},
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process (all indexes above): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
