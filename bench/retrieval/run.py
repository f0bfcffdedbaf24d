"""Retrieval benchmark: speed on CPython's Lib/, recall on labeled questions vs a baseline.

Run: ``.venv/bin/python bench/retrieval/run.py`` (about a minute or two on 2 cores).
Everything goes to a temporary cache dir; results are printed to stdout.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import click
import httpx
import rich
import starlette
from baseline import WindowIndex
from questions import HELD_OUT, QUESTIONS
from recall import Searcher, Span, report

from qgpt_lsp.engine.index import WorkspaceIndex

STDLIB = Path(sysconfig.get_paths()["stdlib"])
CORPORA = {
    "stdlib": STDLIB,
    "httpx": Path(httpx.__file__).parent.parent,
    "rich": Path(rich.__file__).parent.parent,
    "starlette": Path(starlette.__file__).parent.parent,
    "click": Path(click.__file__).parent.parent,
}
UPDATE_FILES = ["json/decoder.py", "shutil.py", "os.py", "argparse.py", "typing.py"]


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


def searchers(
    indexes: dict[str, WorkspaceIndex], baselines: dict[str, WindowIndex]
) -> dict[str, Searcher]:
    def ours(corpus: str, question: str, limit: int) -> list[Span]:
        hits = indexes[corpus].search(question, limit=limit)
        return [(h.chunk.path, h.chunk.start_line, h.chunk.end_line) for h in hits]

    def base(corpus: str, question: str, limit: int) -> list[Span]:
        return baselines[corpus].search(question, limit=limit)

    return {"qgpt-lsp (code-aware BM25)": ours, "baseline (40-line windows)": base}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recall-only", action="store_true", help="skip the Lib/ speed run")
    args = parser.parse_args()
    queries = [question for _, question, _ in QUESTIONS]
    with tempfile.TemporaryDirectory(prefix="qgpt-bench-") as cache:
        third_party = [CORPORA["httpx"] / "httpx", CORPORA["rich"] / "rich"]
        unseen = [CORPORA["starlette"] / "starlette", CORPORA["click"] / "click"]
        if args.recall_only:
            stdlib = WorkspaceIndex([STDLIB], cache_dir=Path(cache))
            stdlib.build()
        else:
            stdlib, _ = speed_on_stdlib(Path(cache), queries)
        packages = WorkspaceIndex(third_party, cache_dir=Path(cache))
        packages.build()
        held_out = WorkspaceIndex(unseen, cache_dir=Path(cache))
        held_out.build()
        baseline_stdlib, seconds = timed(lambda: WindowIndex([STDLIB]))
        print(f"baseline window index of Lib/: {seconds:.1f} s")
        baseline_packages = WindowIndex(third_party)
        baseline_held_out = WindowIndex(unseen)
        both = searchers(
            {"stdlib": stdlib, "httpx": packages, "rich": packages}
            | {"starlette": held_out, "click": held_out},
            {"stdlib": baseline_stdlib, "httpx": baseline_packages, "rich": baseline_packages}
            | {"starlette": baseline_held_out, "click": baseline_held_out},
        )
        report("tuning set (weights chosen on it)", QUESTIONS, CORPORA, both)
        report("held-out set (never tuned on)", HELD_OUT, CORPORA, both)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process (all indexes above): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
