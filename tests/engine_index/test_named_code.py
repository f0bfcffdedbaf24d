"""A definition whose name the question writes as code (``SortedList.update``,
``alabel()``, ``max_length``) ranks above look-alikes sharing its words."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine.index import IndexSettings, WorkspaceIndex
from qgpt_lsp.engine.index.model import Chunk, ScoredChunk
from qgpt_lsp.engine.index.named_code import code_names, weigh_named_code

# Every class has an `update` that talks about sorted values and lists: BM25 alone cannot
# tell which one "SortedList.update" means.
CONTAINERS = '''"""Sorted containers."""


class SortedDict:
    """A dict whose keys stay sorted, backed by a sorted list of keys."""

    def update(self, *args):
        """Update the sorted dict from pairs: keys go into the sorted list of keys."""
        for key, value in args:
            self._keys_sorted_list_insert(key)
            self._values[key] = value


class SortedSet:
    """A set whose values stay sorted, backed by a sorted list."""

    def update(self, *iterables):
        """Update the sorted set: new values are added to its sorted list and set."""
        for values in iterables:
            for value in values:
                self._sorted_list_add(value)
                self._set.add(value)


class SortedList:
    """A list that keeps its values sorted."""

    def update(self, iterable):
        values = sorted(iterable)
        if len(values) * 8 > self._len:
            self._lists = [sorted(self._all() + values)]
        else:
            for value in values:
                self.add(value)
'''


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Does SortedList.update re-sort?", [("SortedList", "update")]),
        ("what can go wrong in alabel()?", [(None, "alabel")]),
        ("why is max_length ignored", [(None, "max_length")]),
        ("what does `check` do", [(None, "check")]),
        ("how does the parser read a date", []),
    ],
)
def test_code_names_are_what_a_question_writes_as_code(
    question: str, names: list[tuple[str | None, str]]
) -> None:
    assert code_names(question) == names


def _chunk(symbol: str, parent: str | None) -> Chunk:
    return Chunk(symbol, Path("pkg/mod.py"), "py", 0, 1, 0, 1, "", symbol, "method", parent)


def test_only_the_named_definition_is_weighed() -> None:
    hits = [
        ScoredChunk(_chunk("update", "SortedSet"), 2.0),
        ScoredChunk(_chunk("update", "SortedList"), 1.0),
    ]
    weighed = weigh_named_code(hits, "Does SortedList.update re-sort?", 1.5)
    assert [hit.score for hit in weighed] == [2.0, 1.5]
    assert [hit.score for hit in weigh_named_code(hits, "SortedList.update", 1.0)] == [2.0, 1.0]


def test_search_ranks_the_method_the_question_names_first(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "containers.py").write_text(CONTAINERS)
    asked = "Does SortedList.update insert values one at a time or re-sort the sorted list?"
    ranked = {}
    for factor in (1.0, IndexSettings().named_code):
        index = WorkspaceIndex(
            [root], IndexSettings(named_code=factor), cache_dir=tmp_path / str(factor)
        )
        index.build()
        found = index.search(asked, limit=3)
        ranked[factor] = [(hit.chunk.parent, hit.chunk.symbol) for hit in found]
        index.close()
    assert ranked[IndexSettings().named_code][0] == ("SortedList", "update")
    assert ranked[1.0][0] != ("SortedList", "update")  # the words alone rank a look-alike first
