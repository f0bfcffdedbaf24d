"""/qgpt/relevance over paths, seeds, assets and the whole database: valid wire, ids resolve."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import pytest

from qgpt_lsp.engine.index import Boost, IndexBusy, WorkspaceIndex
from qgpt_lsp.engine.index.ranking import SAME_FILE, SELECTION
from qgpt_lsp.engine.retrieval import RelevanceFinder, SnippetRegistry
from qgpt_lsp.errors import UnresolvableSnippet
from qgpt_lsp.wire import (
    QGPTRelevanceInput,
    QGPTRelevanceOutput,
    RelevantQGPTSeed,
    fragment_seed,
)

from .conftest import write


@pytest.fixture
def finder(repo: Path, make_index) -> RelevanceFinder:
    write(repo, "docs/guide.md", "# Guide\n\nRedirects are followed up to max_redirects.\n")
    index = make_index(repo)
    index.build()
    return RelevanceFinder(index, SnippetRegistry())


def ask(finder: RelevanceFinder, **fields: object) -> QGPTRelevanceOutput:
    """Round-trip the request and the answer through the wire format, as a server would."""
    request = QGPTRelevanceInput.from_wire(QGPTRelevanceInput(**fields).to_wire())
    output = finder.find(request)
    return QGPTRelevanceOutput.from_wire(output.to_wire())


def assert_resolvable(finder: RelevanceFinder, output: QGPTRelevanceOutput) -> None:
    assert output.relevant.iterable
    for item in output.relevant.iterable:
        assert item.id is not None
        assert finder.registry.get(item.id) == item


def test_paths_limit_the_search_to_a_file(finder: RelevanceFinder, repo: Path) -> None:
    output = ask(finder, query="follow redirects", paths=[str(repo / "src" / "client.py")])
    assert_resolvable(finder, output)
    assert {item.path for item in output.relevant.iterable} == {str(repo / "src" / "client.py")}
    top = output.relevant.iterable[0]
    assert top.location is not None and "def follow_redirects" in top.location.text
    text = (repo / "src" / "client.py").read_text()
    assert text[top.location.start : top.location.end] == top.location.text
    assert top.seed is not None and top.seed.fragment_text == top.location.text
    assert top.seed.fragment_ext == "py"
    for item in output.relevant.iterable:
        best = finder.registry.chunk(item.id or "")
        assert best is not None and best.path == repo / "src" / "client.py"
        if not (item.id or "").startswith("s"):  # exactly one chunk: its id is the chunk's id
            assert finder.index.get_chunk(item.id or "") == best


def test_a_folder_not_indexed_yet_is_indexed_first(finder: RelevanceFinder, repo: Path) -> None:
    write(repo, "later/tapir.py", "def tapir_gallop(speed):\n    return speed * 2\n")
    output = ask(finder, query="tapir gallop", paths=[str(repo / "later")])
    assert [item.path for item in output.relevant.iterable] == [str(repo / "later" / "tapir.py")]
    assert_resolvable(finder, output)


def test_seeds_are_ranked_and_returned_as_given(finder: RelevanceFinder) -> None:
    seeds = [
        fragment_seed("def add(a, b):\n    return a + b\n", "py"),
        fragment_seed("def parse_header(line):\n    return line.split(':')\n", "py"),
    ]
    output = ask(finder, query="parse a header line", seeds={"iterable": seeds})
    items = output.relevant.iterable
    assert [item.seed for item in items] == [seeds[1], seeds[0]]
    assert_resolvable(finder, output)


def test_assets_are_earlier_snippets_by_id(finder: RelevanceFinder) -> None:
    earlier = ask(finder, query="redirects").relevant.iterable[:2]
    earlier += ask(finder, query="parse response").relevant.iterable[:1]
    ids = list(dict.fromkeys(item.id for item in earlier))  # two queries may share one
    assert len(ids) >= 2
    output = ask(finder, query="json body", assets={"iterable": [{"id": i} for i in ids]})
    assert sorted(item.id or "" for item in output.relevant.iterable) == sorted(ids)
    assert output.relevant.iterable[0].location is not None
    assert "json" in output.relevant.iterable[0].location.text
    with pytest.raises(UnresolvableSnippet, match="nope"):
        ask(finder, query="x", assets={"iterable": [{"id": "nope"}]})


def test_database_and_no_space_search_the_whole_workspace(finder: RelevanceFinder) -> None:
    whole = ask(finder, query="redirects", options={"database": True})
    default = ask(finder, query="redirects")
    names = {Path(item.path or "").name for item in whole.relevant.iterable}
    assert {"client.py", "guide.md"} <= names
    assert [i.id for i in whole.relevant.iterable] == [i.id for i in default.relevant.iterable]
    assert_resolvable(finder, whole)
    guide = next(i for i in whole.relevant.iterable if (i.path or "").endswith("guide.md"))
    assert guide.seed is not None and guide.seed.fragment_ext == "md"


def test_scores_are_available_and_sorted(finder: RelevanceFinder) -> None:
    scored = finder.find_scored(QGPTRelevanceInput(query="redirects"))
    scores = [score for _, score in scored]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_overlapping_chunks_are_not_repeated(repo: Path, make_index) -> None:
    lines = [f"line {n} about the walrus" for n in range(100)]
    write(repo, "notes.md", "\n".join(lines) + "\n")
    index = make_index(repo, window_lines=20, window_overlap=5)
    index.build()
    windows = index.chunks_for_file(repo / "notes.md")
    assert len(windows) >= 6 and windows[0].end_line >= windows[1].start_line
    output = RelevanceFinder(index).find(QGPTRelevanceInput(query="walrus"))
    items = [i for i in output.relevant.iterable if (i.path or "").endswith("notes.md")]
    text = (repo / "notes.md").read_text()
    spans = []
    for item in items:
        assert item.location is not None
        assert item.location.text == text[item.location.start : item.location.end]
        spans.append((item.location.start, item.location.end))
    assert 2 <= len(items) < len(windows)  # six overlapping windows, fewer snippets
    spans.sort()
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
    assert all(index.get_chunk(i.id or "") is None and i.id for i in items)  # registry ids


def test_boost_ranks_the_current_file_and_selection_first(repo: Path, make_index) -> None:
    write(
        repo,
        "a/one.py",
        "def first():\n    return 'hedgehog'\n"
        + "\n" * 60  # far apart: two snippets
        + "def second():\n    return 'hedgehog'\n",
    )
    write(repo, "b/two.py", "def hedgehog_b():\n    return 'hedgehog hedgehog'\n")
    index = make_index(repo)
    index.build()
    finder = RelevanceFinder(index)
    request = QGPTRelevanceInput(query="hedgehog")

    def best_chunk(item: RelevantQGPTSeed) -> str:  # snippet ids depend on the order
        chunk = finder.registry.chunk(item.id or "")
        assert chunk is not None
        return chunk.id

    plain = {best_chunk(item): (item, s) for item, s in finder.find_scored(request)}
    boost = Boost(repo / "a" / "one.py", 63, 64)  # the selection is `second`
    boosted = finder.find_scored(request, boost)
    assert max(plain.values(), key=lambda pair: pair[1])[0].path == str(repo / "b" / "two.py")
    assert boosted[0][0].path == str(repo / "a" / "one.py")
    assert "def second" in (boosted[0][0].location.text if boosted[0][0].location else "")
    factors = {best_chunk(item): score / plain[best_chunk(item)][1] for item, score in boosted}
    assert sorted(round(f, 6) for f in factors.values()) == [1.0, SAME_FILE, SAME_FILE * SELECTION]


def test_a_search_that_must_index_first_waits_for_the_writer(
    repo: Path, make_index, tmp_path: Path
) -> None:
    # another view of the same index builds it and keeps its writer (as the language
    # server's build child does while it runs)
    holder = WorkspaceIndex([repo], cache_dir=tmp_path / "cache")
    holder.build()
    index = make_index(repo)
    new = write(repo, "late/okapi.py", "def okapi_stripes(zebra):\n    return zebra\n")
    request = QGPTRelevanceInput(query="okapi stripes", paths=[str(new)])
    try:
        with pytest.raises(IndexBusy):
            RelevanceFinder(index).find(request)
        free = threading.Event()
        waiting = RelevanceFinder(index, wait_for_writer=lambda: free.wait(10))
        found: list[QGPTRelevanceOutput] = []
        search = threading.Thread(target=lambda: found.append(waiting.find(request)))
        search.start()
        search.join(0.3)
        assert search.is_alive() and not found  # waiting for the writer
    finally:
        holder.close()
    free.set()
    search.join(10)
    [item] = found[0].relevant.iterable
    assert item.path == str(new) and item.location is not None
    assert "okapi_stripes" in item.location.text
