"""Nothing outside the workspace roots is read: such paths are refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine.retrieval import RelevanceFinder
from qgpt_lsp.errors import PathOutsideWorkspace
from qgpt_lsp.wire import QGPTRelevanceInput

from .conftest import write


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    return write(tmp_path, "elsewhere/secret_plan.py", "def capybara(): pass\n")


def test_every_entry_point_refuses_a_path_outside(repo: Path, make_index, outside: Path) -> None:
    index = make_index(repo)
    index.build()
    calls = [
        lambda: index.resolve_inside(outside),
        lambda: index.read_text(outside),
        lambda: index.update_file(outside),
        lambda: index.remove_file(outside),
        lambda: index.chunks_for_file(outside),
        lambda: index.search("capybara", paths=[outside]),
        lambda: index.resolve_inside(repo / ".." / "elsewhere" / "secret_plan.py"),
    ]
    for call in calls:
        with pytest.raises(PathOutsideWorkspace) as raised:
            call()
        message = str(raised.value)
        assert "outside the workspace" in message and str(repo) in message


def test_relevance_refuses_a_path_outside(repo: Path, make_index, outside: Path) -> None:
    finder = RelevanceFinder(make_index(repo))
    request = QGPTRelevanceInput(query="capybara", paths=[str(outside)])
    with pytest.raises(PathOutsideWorkspace, match="outside the workspace"):
        finder.find(request)


def test_symlink_leading_out_is_not_followed(repo: Path, make_index, outside: Path) -> None:
    (repo / "link.py").symlink_to(outside)
    index = make_index(repo)
    index.build()
    assert index.search("capybara") == []
    with pytest.raises(PathOutsideWorkspace):
        index.read_text(repo / "link.py")


def test_relative_paths_start_at_the_first_root(repo: Path, make_index) -> None:
    index = make_index(repo)
    assert index.resolve_inside("src/client.py") == repo / "src" / "client.py"
    with pytest.raises(PathOutsideWorkspace):
        index.resolve_inside("../outside.py")
