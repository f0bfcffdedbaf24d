"""The window index: a definition gains the score of the best 40-line window around it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qgpt_lsp.engine.index import IndexSettings, WorkspaceIndex
from qgpt_lsp.engine.index.model import Chunk, ScoredChunk
from qgpt_lsp.engine.index.windows import (
    WINDOW_INDEX_LINES,
    ScoredWindow,
    WindowIndex,
    add_window_scores,
)

from .conftest import write

A, B = Path("/ws/a.py"), Path("/ws/b.py")


def hit(path: Path, start: int, end: int, score: float) -> ScoredChunk:
    chunk = Chunk(f"{path.name}:{start}", path, "py", start, end, 0, 0, "", symbol="f")
    return ScoredChunk(chunk, score)


#: Two windows of a.py, the first the best of all.
WINDOWS = [ScoredWindow(A, 0, 39, 10.0), ScoredWindow(A, 40, 79, 5.0)]


@pytest.mark.parametrize(
    ("hits", "windows", "weight", "expected"),
    [
        # inside the best window: its share of the best hit, plus exactly `weight`
        ([hit(A, 2, 6, 4.0), hit(A, 50, 55, 2.0)], WINDOWS, 0.6, [1.6, 0.5 + 0.6 * 0.5]),
        # spanning two windows: the better one counts; the edge line is inside (inclusive)
        ([hit(A, 30, 45, 2.0)], WINDOWS, 1.0, [1.0 + 1.0]),
        ([hit(A, 79, 90, 2.0)], WINDOWS, 1.0, [1.0 + 0.5]),
        # no window overlaps (other lines, other file): only the share of the best hit
        ([hit(A, 80, 90, 8.0), hit(B, 0, 5, 2.0)], WINDOWS, 0.6, [1.0, 0.25]),
        # the order is kept, even when the scores no longer agree with it
        ([hit(A, 50, 55, 4.0), hit(A, 2, 6, 3.0)], WINDOWS, 1.0, [1.5, 0.75 + 1.0]),
    ],
)
def test_window_scores_add_to_the_share_of_the_best_hit(
    hits: list[ScoredChunk], windows: list[ScoredWindow], weight: float, expected: list[float]
) -> None:
    rescored = add_window_scores(hits, windows, weight)
    assert [h.chunk for h in rescored] == [h.chunk for h in hits]
    assert [h.score for h in rescored] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("windows", "weight"),
    [(WINDOWS, 0.0), (WINDOWS, -1.0), ([], 0.6), ([ScoredWindow(A, 0, 39, 0.0)], 0.6)],
)
def test_nothing_to_add_leaves_the_hits_as_they_are(
    windows: list[ScoredWindow], weight: float
) -> None:
    hits = [hit(A, 2, 6, 4.0), hit(B, 0, 5, 2.0)]
    assert add_window_scores(hits, windows, weight) == hits  # raw scores, not rescaled
    assert add_window_scores([], windows, weight) == []


def test_windows_are_back_to_back_and_skip_blank_ones() -> None:
    windows = WindowIndex(None)
    lines = ["x = 1"] * 100
    lines[5], lines[85] = "ocelot = 1", "ocelot = 2"
    lines[40:80] = [""] * 40  # a blank window is not indexed
    windows.replace_file(A, "\n".join(lines), [str(A)])
    windows.commit()
    found = windows.search("ocelot")
    assert sorted((r.start_line, r.end_line) for r in found) == [(0, 39), (80, 99)]
    assert WINDOW_INDEX_LINES == 40 and {r.path for r in found} == {A}
    windows.close()


def _index(root: Path, cache: Path, weight: float) -> WorkspaceIndex:
    index = WorkspaceIndex([root], IndexSettings(window_weight=weight), cache)
    index.build()
    return index


def _zoo(repo: Path) -> None:
    """Six animals spread over three neighbouring chores, two of them paired in one function
    of a longer file, and each of the four others named by a function of a file of its own
    (so every name is as rare as "walrus" and "penguin")."""
    write(
        repo,
        "spread.py",
        '"""Chores at the zoo."""\n\n\n'
        "def feed_walrus(zoo):\n    return zoo.walrus.feed(zoo.penguin)\n\n\n"
        "def wash_otter(zoo):\n    return zoo.otter.wash(zoo.heron)\n\n\n"
        "def groom_badger(zoo):\n    return zoo.badger.groom(zoo.lynx)\n",
    )
    gates = "".join(
        f"\n\ndef {verb}_gates(zoo, hour):\n    for gate in zoo.gates:\n"
        f"        gate.{verb}(hour)\n    return len(zoo.gates)\n"
        for verb in ("open", "close")
    )
    write(
        repo,
        "lone.py",
        '"""Pairs of animals."""\n\n\n'
        "def pair_walrus_penguin(zoo):\n    return zoo.walrus.share(zoo.penguin)\n" + gates,
    )
    for animal in ("otter", "heron", "badger", "lynx"):
        write(repo, f"keepers/{animal}.py", f"def tidy_{animal}(zoo):\n    return zoo.cage()\n")


ZOO_QUESTION = "walrus penguin otter heron badger lynx"


def test_the_window_around_spread_words_outranks_a_lone_definition(
    repo: Path, tmp_path: Path
) -> None:
    _zoo(repo)
    chores = {"feed_walrus", "wash_otter", "groom_badger"}
    plain = _index(repo, tmp_path / "cache-plain", 0.0)
    ranked = [h.chunk.symbol for h in plain.search(ZOO_QUESTION, limit=5)]
    plain.close()
    assert ranked[0] == "pair_walrus_penguin"
    assert set(ranked[1:4]) == chores

    weighted = _index(repo, tmp_path / "cache-windows", IndexSettings().window_weight)
    hits = weighted.search(ZOO_QUESTION, limit=5)
    weighted.close()
    assert {h.chunk.symbol for h in hits[:3]} == chores
    assert hits[3].chunk.symbol == "pair_walrus_penguin"
    assert all(hits[2].score > h.score for h in hits[3:])


def _windows(index: WorkspaceIndex, root: Path, word: str) -> list[tuple[str, int, int]]:
    part = index._parts[root.resolve()]  # no public way to the window index
    return sorted((r.path.name, r.start_line, r.end_line) for r in part.windows.search(word))


def test_edits_and_deletions_reach_the_window_index(
    repo: Path, make_index: Callable[..., WorkspaceIndex]
) -> None:
    path = write(repo, "src/caracal.py", "def hunt():\n    return 'caracal'\n")
    index = make_index(repo)
    index.build()
    assert _windows(index, repo, "caracal") == [("caracal.py", 0, 2)]

    lines = ["def hunt():", *(["    pass"] * 80), "    return 'serval'", ""]
    path.write_text("\n".join(lines))
    index.update_file(path)  # from disk
    assert _windows(index, repo, "caracal") == []
    assert _windows(index, repo, "serval") == [("caracal.py", 80, 82)]

    index.update_file(path, "def hunt():\n    return 'margay'\n")  # an unsaved buffer
    assert _windows(index, repo, "serval") == []
    assert _windows(index, repo, "margay") == [("caracal.py", 0, 2)]

    path.unlink()
    index.remove_file(path)
    assert _windows(index, repo, "margay") == []
    assert _windows(index, repo, "parse_response") == [("client.py", 0, 23)]


def test_a_scoped_search_sees_only_windows_in_scope(
    repo: Path, make_index: Callable[..., WorkspaceIndex]
) -> None:
    write(repo, "one/a.py", "def a():\n    return 'civet'\n")
    write(repo, "two/b.py", "def b():\n    return 'civet civet'\n")
    index = make_index(repo)
    index.build()
    windows = index._parts[repo.resolve()].windows
    assert {r.path.name for r in windows.search("civet")} == {"a.py", "b.py"}
    assert {r.path.name for r in windows.search("civet", [repo.resolve() / "one"])} == {"a.py"}


def _windows_index(texts: list[str]) -> WindowIndex:
    """An in-memory window index of one-line files."""
    windows = WindowIndex(None)
    for n, text in enumerate(texts):
        path = Path(f"/ws/file{n}.txt")
        windows.replace_file(path, text, [str(path)])
    windows.commit()
    return windows


def test_several_roots_score_windows_on_one_scale() -> None:
    # "alpha" is in every window of the first index and in one window of the second
    common = _windows_index(["alpha beta"] * 10)
    rare = _windows_index(["alpha beta"] + ["gamma beta"] * 9)
    [own_common, *_] = common.search("alpha")
    [own_rare] = rare.search("alpha")
    assert own_rare.score > 2 * own_common.score

    shared = common.term_stats("alpha") + rare.term_stats("alpha")
    assert shared.documents == 20 and shared.containing[("body", "alpha")] == 11
    [on_common, *_] = common.search("alpha", shared=shared)
    [on_rare] = rare.search("alpha", shared=shared)
    assert on_common.score == pytest.approx(on_rare.score, rel=1e-3)
