"""Builds prepare files in worker processes and end up with what an in-process build has.

The workers are real (forkserver processes); a pool is broken for real by killing its
processes from the progress callback, which runs in this process while the pool lives.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import qgpt_lsp.engine.index.prepare as preparing
from qgpt_lsp.engine.index import IndexSettings, IndexSummary, WorkspaceIndex
from qgpt_lsp.engine.index.prepare import Job, Prepared, Preparer, prepare
from qgpt_lsp.engine.index.tantivy_files import Fields
from qgpt_lsp.engine.index.worker import beside_an_editor

from .conftest import found_paths, git, write

ANIMALS = ("ocelot", "lynx", "margay", "serval", "caracal", "kodkod", "oncilla", "jaguar")

PY_MODULE = '''"""Request handling for the {animal} service."""

import json


class {title}Handler:
    """Parses a request and renders the {animal} response."""

    def parse_request(self, raw: bytes) -> dict:
        """Decode the JSON body of a request."""
        return json.loads(raw)

    def render_response(self, body: dict) -> str:
        return json.dumps({{"{animal}": body}})


def {animal}_burrow(depth: int) -> int:
    """How deep the {animal} digs before the request times out."""
    return depth * {n} + 1
'''

JS_MODULE = """// The {animal} widget: renders a request form.
export function render{title}Widget(container) {{
  const form = document.createElement("form");
  form.dataset.animal = "{animal}";
  container.appendChild(form);
  return form;
}}

export function parse{title}Request(text) {{
  return JSON.parse(text).{animal};
}}
"""

MD_NOTE = """# Notes on the {animal}

The {animal} service parses each request before it renders a widget.

## Migration guide

Version {n} of the {animal} request format renames the depth field.
"""

SETTINGS_PY = 'API_KEY = "zq81Xk2mPq7Lw9Vt"\n\ndef settings_token():\n    return API_KEY\n'

QUERIES = ("parse request", "render widget", "migration guide depth", "ocelot burrow")


def corpus() -> dict[str, str | bytes]:
    """30 files: Python, JavaScript and Markdown, a secret, and two binaries."""
    files: dict[str, str | bytes] = {}
    for n, animal in enumerate(ANIMALS):
        names = {"animal": animal, "title": animal.title(), "n": n}
        files[f"pkg/{animal}.py"] = PY_MODULE.format(**names)
        files[f"web/{animal}.js"] = JS_MODULE.format(**names)
        files[f"docs/{animal}.md"] = MD_NOTE.format(**names)
    files["pkg/settings.py"] = SETTINGS_PY
    files["README.md"] = "# Cats\n\nEvery service parses a request and renders a widget.\n"
    files[".env"] = "CATS_TOKEN=cats-env-secret-value\n"
    files["pkg/blob.py"] = b"def not_code():\n\x00\x01\x02\n"  # binary by content
    files["web/logo.png"] = b"\x89PNG\r\n\x1a\n"  # binary by name
    files["web/index.js"] = "import { renderOcelotWidget } from './ocelot.js';\n"
    return files


INDEXED_FILES = len(corpus()) - 3  # .env, blob.py and logo.png are skipped


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "cats"
    root.mkdir()
    git(root, "init", "-q")
    for relative, content in corpus().items():
        write(root, relative, content)
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "init")
    return root


@pytest.fixture
def workers_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let even a one-file build use workers."""
    monkeypatch.setattr(preparing, "POOL_THRESHOLD", 1)


OpenIndex = Callable[[Path, str, int], WorkspaceIndex]


@pytest.fixture
def open_index(tmp_path: Path) -> Iterator[OpenIndex]:
    """An index over ``root`` in its own cache dir, with ``workers`` index workers."""
    opened: list[WorkspaceIndex] = []

    def make(root: Path, cache: str, workers: int) -> WorkspaceIndex:
        settings = IndexSettings(index_workers=workers)
        opened.append(WorkspaceIndex([root], settings, tmp_path / cache))
        return opened[-1]

    yield make
    for index in opened:
        index.close()


class WorkerWatch:
    """A progress callback noting the worker processes alive while files come in."""

    def __init__(self, kill: bool = False) -> None:
        self.kill = kill
        self.seen: set[int] = set()
        self.killed: list[int] = []

    def __call__(self, done: int, total: int, message: str) -> None:
        children = multiprocessing.active_children()
        self.seen.update(child.pid for child in children if child.pid is not None)
        if self.kill and not self.killed:
            for child in children:
                child.kill()
                self.killed.append(child.pid or 0)


def comparable(prepared: Prepared) -> tuple[object, ...]:
    """``prepared`` with the last line of each search field as a sorted list of words:
    the identifier parts that line holds come in set order, which differs per process
    (string hashes are salted), and word order does not change a BM25 score."""

    def fields(documents: list[Fields]) -> list[dict[str, object]]:
        return [{name: words(value) for name, value in doc.items()} for doc in documents]

    def words(value: str | list[str]) -> object:
        if isinstance(value, list):
            return value
        text, _, last = value.rpartition("\n")
        return text, sorted(last.split())

    p = prepared
    return p.source, p.same, p.chunks, fields(p.chunk_documents), fields(p.window_documents)


def counts(summary: IndexSummary) -> IndexSummary:
    return replace(summary, seconds=0.0)


def assert_same_index(built: WorkspaceIndex, expected: WorkspaceIndex, root: Path) -> None:
    """Same chunks for every file, same search hits and scores, same snippet spans."""
    for path in sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts):
        assert built.chunks_for_file(path) == expected.chunks_for_file(path), path
    for query in QUERIES:
        hits = built.search(query, limit=20)
        wanted = expected.search(query, limit=20)
        assert hits, query
        assert [h.chunk.id for h in hits] == [h.chunk.id for h in wanted], query
        assert [h.score for h in hits] == pytest.approx([h.score for h in wanted]), query
        assert spans(built, query) == spans(expected, query), query


def spans(index: WorkspaceIndex, query: str) -> list[tuple[object, ...]]:
    return [
        (s.path, s.start_line, s.end_line, [c.id for c in s.chunks], s.text)
        for s in index.snippets(query)
    ]


@pytest.fixture
def in_process(workspace: Path, open_index: OpenIndex) -> tuple[WorkspaceIndex, IndexSummary]:
    """The reference: the workspace built without workers."""
    index = open_index(workspace, "serial", 1)
    summary = index.build()
    assert summary.indexed == INDEXED_FILES
    assert summary.skipped == {"secret": 1, "binary": 2}
    return index, summary


@pytest.mark.usefixtures("workers_on")
def test_workers_build_the_same_index_as_one_process(
    workspace: Path, open_index: OpenIndex, in_process: tuple[WorkspaceIndex, IndexSummary]
) -> None:
    expected, expected_summary = in_process
    assert Preparer(len(corpus()), IndexSettings(index_workers=2)).workers == 2
    index = open_index(workspace, "pooled", 2)
    watch = WorkerWatch()
    summary = index.build(watch)
    assert len(watch.seen) == 2 and os.getpid() not in watch.seen
    assert not watch.seen & {child.pid for child in multiprocessing.active_children()}
    assert counts(summary) == counts(expected_summary)
    assert_same_index(index, expected, workspace)
    assert found_paths(index, "zq81Xk2mPq7Lw9Vt") == set()  # redacted in the workers too


@pytest.mark.usefixtures("workers_on")
def test_rebuilds_with_workers_read_only_what_changed(
    workspace: Path, open_index: OpenIndex
) -> None:
    index = open_index(workspace, "pooled", 2)
    index.build()
    idle = WorkerWatch()
    again = index.build(idle)
    assert (again.indexed, again.unchanged, again.skipped_total) == (0, INDEXED_FILES, 3)
    assert idle.seen == set()  # nothing to read: no pool at all

    touched = workspace / "docs" / "lynx.md"
    before = index.chunks_for_file(touched)
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    watch = WorkerWatch()
    same = index.build(watch)
    assert watch.seen, "the touched file was read by a worker"
    assert (same.indexed, same.unchanged) == (0, INDEXED_FILES)
    assert index.chunks_for_file(touched) == before

    edited = workspace / "pkg" / "lynx.py"
    edited.write_text(edited.read_text().replace("lynx_burrow", "wombat_tunnel"))
    changed = index.build(WorkerWatch())
    assert (changed.indexed, changed.unchanged) == (1, INDEXED_FILES - 1)
    assert found_paths(index, "wombat_tunnel") == {"lynx.py"}
    assert found_paths(index, "lynx_burrow") == set()


@pytest.mark.usefixtures("workers_on")
def test_a_build_whose_workers_die_finishes_in_process(
    workspace: Path,
    open_index: OpenIndex,
    in_process: tuple[WorkspaceIndex, IndexSummary],
    caplog: pytest.LogCaptureFixture,
) -> None:
    expected, expected_summary = in_process
    index = open_index(workspace, "broken", 2)
    killer = WorkerWatch(kill=True)
    with caplog.at_level(logging.WARNING, logger=preparing.__name__):
        summary = index.build(killer)
    assert len(killer.killed) == 2
    assert "index workers stopped" in caplog.text
    assert counts(summary) == counts(expected_summary)
    assert_same_index(index, expected, workspace)


@pytest.mark.usefixtures("workers_on")
@pytest.mark.parametrize("kill", [False, True], ids=["alive", "killed"])
def test_workers_hand_back_every_file_in_order(
    workspace: Path, kill: bool, caplog: pytest.LogCaptureFixture
) -> None:
    settings = IndexSettings(index_workers=2)
    paths = sorted(p for p in workspace.rglob("*") if p.is_file() and ".git" not in p.parts)
    jobs = [Job(path, path.stat(), None, None) for path in paths]
    expected = [prepare(job, settings, workspace) for job in jobs]
    watch = WorkerWatch(kill)
    got = []
    quiet = caplog.at_level(logging.WARNING, logger=preparing.__name__)
    with quiet, Preparer(len(jobs), settings) as preparer:
        for prepared in preparer.run(jobs, workspace):
            got.append(prepared)
            watch(len(got), len(jobs), "")
    assert len(watch.seen) == 2
    assert [p.source.path for p in got] == paths
    assert [comparable(p) for p in got] == [comparable(p) for p in expected]
    assert ("index workers stopped" in caplog.text) == kill


@pytest.mark.parametrize(
    ("files", "settings", "cores", "workers"),
    [
        (10, IndexSettings(), 8, 0),  # below the threshold
        (10_000, IndexSettings(index_workers=1), 8, 0),
        (preparing.POOL_THRESHOLD - 1, IndexSettings(index_workers=3), 8, 0),
        (preparing.POOL_THRESHOLD, IndexSettings(index_workers=3), 8, 3),
        (10_000, IndexSettings(), 8, 4),  # one per core, at most 4
        (10_000, IndexSettings(), 2, 2),
        (10_000, IndexSettings(), 1, 0),  # one core: in-process
        (10_000, IndexSettings(), None, 0),  # unknown cores
    ],
)
def test_how_many_workers(
    files: int,
    settings: IndexSettings,
    cores: int | None,
    workers: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert Preparer(files, settings).workers == workers


@pytest.mark.parametrize(
    ("cores", "given", "workers"),
    [(2, 0, 1), (1, 0, 1), (None, 0, 1), (3, 0, 2), (16, 0, 4), (16, 3, 3), (2, 2, 2)],
)
def test_a_build_beside_an_editor_leaves_it_a_core(
    cores: int | None, given: int, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert beside_an_editor(IndexSettings(index_workers=given)).index_workers == workers


def test_without_workers_files_are_prepared_here(workspace: Path) -> None:
    settings = IndexSettings()
    path = workspace / "pkg" / "ocelot.py"
    job = Job(path, path.stat(), None, None)
    with Preparer(10, settings) as preparer:
        [prepared] = preparer.run([job], workspace)
        assert multiprocessing.active_children() == []
    assert prepared == prepare(job, settings, workspace)
    assert [c.symbol for c in prepared.chunks if c.kind == "function"] == ["ocelot_burrow"]
