"""Retrieval benchmark: speed on CPython's Lib/, recall on labeled questions vs a baseline.

Run: ``.venv/bin/python bench/retrieval/run.py`` (about a minute or two on 2 cores).
Everything goes to a temporary cache dir; results are printed to stdout.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
import httpx
import rich
import starlette
from baseline import WindowIndex
from question_sets import ALL_SETS, load
from recall import Searcher, Span, report

from qgpt_lsp.engine.index import WorkspaceIndex

T = TypeVar("T")
STDLIB = Path(sysconfig.get_paths()["stdlib"])
SITE = Path(httpx.__file__).parent.parent  # every other corpus is an installed package
CORPORA = {
    "stdlib": STDLIB,
    "httpx": SITE,
    "rich": Path(rich.__file__).parent.parent,
    "starlette": Path(starlette.__file__).parent.parent,
    "click": Path(click.__file__).parent.parent,
} | {
    name: SITE
    for name in (
        *("jinja2", "werkzeug", "urllib3"),
        *("requests", "yaml", "markdown_it"),
        *("dateutil", "packaging", "attr"),
        *("fsspec", "anyio", "cattrs", "tqdm"),
        *("tenacity", "cachetools", "itsdangerous", "sqlparse"),
        *("pluggy", "tomlkit", "humanize", "boltons"),
    )
}
#: Each workspace is indexed on its own (one root per package), as is each baseline.
WORKSPACES = {
    "stdlib": [STDLIB],
    "packages": [SITE / "httpx", SITE / "rich"],
    "held-out": [SITE / "starlette", SITE / "click"],
    "fresh": [SITE / "jinja2", SITE / "werkzeug", SITE / "urllib3"],
    "final": [SITE / "requests", SITE / "yaml", SITE / "markdown_it"],
    "blind2": [SITE / "dateutil", SITE / "packaging", SITE / "attr"],
    "blind3": [SITE / "fsspec", SITE / "anyio", SITE / "cattrs", SITE / "tqdm"],
    "blind4": [SITE / name for name in ("tenacity", "cachetools", "itsdangerous", "sqlparse")],
    "blind5": [SITE / name for name in ("pluggy", "tomlkit", "humanize", "boltons")],
}
WORKSPACE_OF = (
    {
        "stdlib": "stdlib",
        "httpx": "packages",
        "rich": "packages",
        "starlette": "held-out",
        "click": "held-out",
        "jinja2": "fresh",
        "werkzeug": "fresh",
        "urllib3": "fresh",
        "requests": "final",
        "yaml": "final",
        "markdown_it": "final",
        "dateutil": "blind2",
        "packaging": "blind2",
        "attr": "blind2",
        "fsspec": "blind3",
        "anyio": "blind3",
        "cattrs": "blind3",
        "tqdm": "blind3",
    }
    | {name: "blind4" for name in ("tenacity", "cachetools", "itsdangerous", "sqlparse")}
    | {name: "blind5" for name in ("pluggy", "tomlkit", "humanize", "boltons")}
)
UPDATE_FILES = ["json/decoder.py", "shutil.py", "os.py", "argparse.py", "typing.py"]
#: How the report titles each set of ``question_sets.ALL_SETS``.
TITLES = {
    "tuning": "tuning set (weights chosen on it)",
    "held_out": "first held-out set (a development set since)",
    "fresh": "fresh set (a development set since its first reading)",
    "final": "first blind set (decided: both new stages opt-in)",
    "blind2": "second blind set (read once; a development set since)",
    "blind3": "third blind set (written before it was read, nothing chosen on it)",
    "blind4": "fourth blind set (questions in words; read once 2026-12-05, development since)",
    "blind5": "fifth blind set (questions in words; read once 2026-12-05, development since)",
}


def timed(action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def cpu_seconds() -> float:
    """CPU time of this process (index workers not included: they are not our children)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def descendants_rss_mb() -> float:
    """The resident memory of every process below this one (the index workers and the
    process that starts them), from /proc (0 elsewhere)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        pid = int(status.parent.name)
        parents[pid] = int(fields.get("PPid", "0"))
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    below = {os.getpid()}
    grew = True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in below} - below
        below |= found
        grew = bool(found)
    return sum(rss[pid] for pid in below if pid != os.getpid()) / 1024


@contextmanager
def peak_of_workers() -> Iterator[list[float]]:
    """Samples :func:`descendants_rss_mb` every 0.2 s; yields a list holding the peak."""
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            peak[0] = max(peak[0], descendants_rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        stop.set()
        sampler.join()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def speed_on_stdlib(cache: Path, queries: list[str]) -> tuple[WorkspaceIndex, dict[str, float]]:
    index = WorkspaceIndex([STDLIB], cache_dir=cache)
    cpu = cpu_seconds()
    with peak_of_workers() as workers:
        summary, cold = timed(index.build)
    figures = {"cold_s": cold, "cold_cpu_s": cpu_seconds() - cpu, "workers_mb": workers[0]}
    print(
        f"cold index of {STDLIB}: {cold:.1f} s wall, {figures['cold_cpu_s']:.1f} s CPU in "
        f"this process; its index workers peaked at {workers[0]:.0f} MB together"
    )
    print(f"  {summary.describe()}")
    _, figures["warm_s"] = timed(index.build)
    print(f"warm re-index (nothing changed): {figures['warm_s']:.2f} s")
    latencies = search_latencies(index, queries)
    figures["p50_ms"], figures["p95_ms"] = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print(
        f"query latency over {len(latencies)} searches (snippets, limit 10): "
        f"p50 {figures['p50_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms, "
        f"max {max(latencies):.2f} ms"
    )
    with with_semantic_stage(index):
        _, first = timed(lambda: index.snippets("open a file", limit=10))
        print(f"with the semantic stage: first search (loads the table) {first * 1000:.0f} ms")
        latencies = search_latencies(index, queries)
        print(
            f"  then {len(latencies)} searches: p50 {percentile(latencies, 0.5):.2f} ms, "
            f"p95 {percentile(latencies, 0.95):.2f} ms, max {max(latencies):.2f} ms"
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
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS so far (the Lib/ index, searched and updated): {rss:.0f} MB")
    each = ", ".join(
        f"{name} ({len((STDLIB / name).read_text().splitlines())} lines) {ms:.0f} ms"
        for name, ms in zip(UPDATE_FILES, updates, strict=True)
    )
    print(f"one-file update (unsaved buffer): median {figures['update_ms']:.1f} ms; {each}")
    return index, figures


#: The opt-in semantic stage's weight, as measured (its suggested setting).
SEMANTIC_WEIGHT = 1.0


@contextmanager
def with_settings(index: WorkspaceIndex, **changes: float) -> Iterator[None]:
    """The same index with some search settings changed."""
    settings = index.settings
    index.settings = dataclasses.replace(settings, **changes)
    try:
        yield
    finally:
        index.settings = settings


def with_semantic_stage(index: WorkspaceIndex) -> contextlib.AbstractContextManager[None]:
    """The same index with the opt-in semantic re-rank switched on."""
    return with_settings(index, semantic_weight=SEMANTIC_WEIGHT)


def search_latencies(index: WorkspaceIndex, queries: list[str]) -> list[float]:
    """Milliseconds per search: three rounds of ``queries`` (the first one new to the index)."""
    latencies = []
    for round_ in range(3):
        for query in queries:
            _, seconds = timed(lambda q=query: index.snippets(q, limit=10))
            latencies.append(seconds * 1000)
        if round_ == 0:
            print(
                f"  first round ({len(latencies)}): p50 {percentile(latencies, 0.5):.2f} ms, "
                f"p95 {percentile(latencies, 0.95):.2f} ms"
            )
    return latencies


def searchers(
    indexes: dict[str, WorkspaceIndex],
    baselines: dict[str, WindowIndex],
    plain: dict[str, WindowIndex],
) -> dict[str, Searcher]:
    def ours(corpus: str, question: str, limit: int) -> list[Span]:
        """What /qgpt/relevance returns: snippets of about 40 lines."""
        found = indexes[WORKSPACE_OF[corpus]].snippets(question, limit=limit)
        return [(s.path, s.start_line, s.end_line) for s in found]

    def ours_semantic(corpus: str, question: str, limit: int) -> list[Span]:
        with with_semantic_stage(indexes[WORKSPACE_OF[corpus]]):
            return ours(corpus, question, limit)

    def definitions(corpus: str, question: str, limit: int) -> list[Span]:
        """The ranked definitions themselves, without the 40-line snippets around them."""
        hits = indexes[WORKSPACE_OF[corpus]].search(question, limit=limit)
        return [(h.chunk.path, h.chunk.start_line, h.chunk.end_line) for h in hits]

    def no_regions(corpus: str, question: str, limit: int) -> list[Span]:
        with with_settings(indexes[WORKSPACE_OF[corpus]], window_weight=0.0):
            return ours(corpus, question, limit)

    def neither(corpus: str, question: str, limit: int) -> list[Span]:
        with with_settings(indexes[WORKSPACE_OF[corpus]], window_weight=0.0):
            return definitions(corpus, question, limit)

    def base(corpus: str, question: str, limit: int) -> list[Span]:
        return baselines[WORKSPACE_OF[corpus]].search(question, limit=limit)

    def plain_base(corpus: str, question: str, limit: int) -> list[Span]:
        return plain[WORKSPACE_OF[corpus]].search(question, limit=limit)

    return {
        "qgpt-lsp": ours,
        "  without window scores": no_regions,
        "  definitions, not snippets": definitions,
        "  neither (the old ranking)": neither,
        "qgpt-lsp + semantic stage": ours_semantic,
        "plain BM25, 40-line windows": plain_base,
        "BM25 + our analyzer, windows": base,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recall-only", action="store_true", help="skip the Lib/ speed run")
    parser.add_argument(
        "--sets", default=",".join(ALL_SETS), help="comma-separated set names (sets/<name>.json)"
    )
    parser.add_argument(
        "--searchers", default="", help="searcher names separated by ; (default: all)"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep the indexes here between runs (default: a temp dir)",
    )
    args = parser.parse_args()
    names = args.sets.split(",")
    sets = {name: load(name) for name in names}  # read first: a bad file fails at once
    needed = {WORKSPACE_OF[corpus] for questions in sets.values() for corpus, _, _ in questions}
    with contextlib.ExitStack() as stack:
        cache = args.cache or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="qgpt-")))
        indexes: dict[str, WorkspaceIndex] = {}
        if not args.recall_only:
            queries = [question for _, question, _ in load("tuning")]
            indexes["stdlib"], _ = speed_on_stdlib(cache, queries)
        for name in sorted(needed - indexes.keys()):
            indexes[name] = WorkspaceIndex(WORKSPACES[name], cache_dir=cache)
            indexes[name].build()
        baselines, plain = {}, {}
        for name in sorted(needed):
            baselines[name], seconds = timed(lambda r=WORKSPACES[name]: WindowIndex(r))
            plain[name] = WindowIndex(WORKSPACES[name], plain=True)
            if name == "stdlib":
                print(f"baseline window index of Lib/: {seconds:.1f} s")
        every = searchers(indexes, baselines, plain)
        if args.searchers:
            every = {
                name: every[name] for name in every if name.strip() in args.searchers.split(";")
            }
        for name, questions in sets.items():
            report(TITLES.get(name, name), questions, CORPORA, every)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process (all indexes above): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
