"""Several roots, one scale: each root's BM25 uses the whole workspace's term rarity."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from qgpt_lsp.engine.index import WorkspaceIndex
from qgpt_lsp.engine.index.lexical import LexicalIndex, TermStats
from qgpt_lsp.engine.index.model import Chunk


def test_idf_follows_tantivy() -> None:
    stats = TermStats(20, {("body", "alpha"): 11})
    assert stats.idf("body", "alpha") == pytest.approx(math.log(1 + (20 - 11 + 0.5) / 11.5))
    assert stats.idf("body", "never") is None
    assert TermStats().idf("body", "alpha") is None


def test_statistics_add_up() -> None:
    one = TermStats(10, {("body", "alpha"): 10, ("symbol", "alpha"): 1})
    two = TermStats(10, {("body", "alpha"): 1, ("body", "gamma"): 9})
    both = one + two
    assert both.documents == 20
    assert both.containing == {
        ("body", "alpha"): 11,
        ("symbol", "alpha"): 1,
        ("body", "gamma"): 9,
    }


def _lexical(root: Path, texts: list[str]) -> LexicalIndex:
    """An in-memory index of one-line files, one chunk each, all the same length."""
    index = LexicalIndex(None)
    for n, text in enumerate(texts):
        path = root / f"file{n}.txt"
        chunk = Chunk(f"{root.name}-{n}", path, "txt", 0, 0, 0, len(text), text)
        index.replace_file(path, [chunk], root)
    index.commit()
    return index


def test_a_shared_scale_makes_two_roots_comparable() -> None:
    # "alpha" is in every file of the first root and in one file of the second
    common = _lexical(Path("/ws/common"), ["alpha beta"] * 10)
    rare = _lexical(Path("/ws/rare"), ["alpha beta"] + ["gamma beta"] * 9)
    own_common = dict(common.search("alpha", limit=1))["common-0"]
    own_rare = dict(rare.search("alpha", limit=1))["rare-0"]
    assert own_rare > 2 * own_common  # each root alone: the same text scores very differently

    shared = common.term_stats("alpha") + rare.term_stats("alpha")
    assert shared.documents == 20 and shared.containing[("body", "alpha")] == 11
    on_common = dict(common.search("alpha", limit=1, shared=shared))["common-0"]
    on_rare = dict(rare.search("alpha", limit=1, shared=shared))["rare-0"]
    assert on_common == pytest.approx(on_rare, rel=1e-3)


def _two_roots(tmp_path: Path) -> tuple[Path, Path]:
    """ "socket" is in every file of ``busy`` and in one of ``quiet``; "idle" in 6 of ``busy``."""
    busy, quiet = tmp_path / "busy", tmp_path / "quiet"
    busy.mkdir()
    quiet.mkdir()
    for n in range(12):
        extra = ", idle=True" if n < 5 else ""
        (busy / f"net{n}.py").write_text(f"def open_{n}(host):\n    return socket(host{extra})\n")
    (busy / "sweep.py").write_text("def sweep(pool):\n    return [s for s in pool if s.idle]\n")
    for n in range(12):
        (quiet / f"page{n}.py").write_text(f"def render_page_{n}(title):\n    return title\n")
    (quiet / "banner.py").write_text("def banner(title):\n    return title + ' socket'\n")
    return busy, quiet


def _ranked(index: WorkspaceIndex) -> list[str | None]:
    return [hit.chunk.symbol for hit in index.search("idle socket", limit=10)]


def test_a_workspace_with_two_roots_ranks_on_one_scale(
    tmp_path: Path, make_index: Callable[..., WorkspaceIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    # BM25's scale alone: matching more of the question would hide the old failure
    index = make_index(*_two_roots(tmp_path), coverage_power=0)
    index.build()
    shared = _ranked(index)
    # code with both words first; the quiet root's lone "socket" below all of it
    assert shared[:5] == [f"open_{n}" for n in range(5)]
    assert "banner" not in shared or shared.index("banner") > shared.index("sweep")

    # the same workspace, each root on its own scale: the rare-there word wins
    monkeypatch.setattr(WorkspaceIndex, "_term_stats", lambda self, query: {})
    assert _ranked(index)[0] == "banner"


def test_one_root_keeps_its_own_scale(
    tmp_path: Path, make_index: Callable[..., WorkspaceIndex]
) -> None:
    busy, quiet = _two_roots(tmp_path)
    assert set(make_index(busy, quiet)._term_stats("socket")) == {busy, quiet}
    assert make_index(quiet)._term_stats("socket") == {}
