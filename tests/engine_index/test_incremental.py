"""The index follows edits: new text is findable, old text and deleted files are gone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qgpt_lsp.engine.index import IndexBusy

from .conftest import found_paths, write


def test_editing_on_disk_then_update_file(repo: Path, make_index) -> None:
    index = make_index(repo)
    index.build()
    path = repo / "src" / "client.py"
    assert found_paths(index, "retry_with_backoff") == {"client.py"}
    path.write_text(path.read_text().replace("retry_with_backoff", "pangolin_delay"))
    index.update_file(path)
    assert found_paths(index, "pangolin_delay") == {"client.py"}
    assert found_paths(index, "retry_with_backoff") == set()


def test_unsaved_buffer_wins_until_it_is_dropped(repo: Path, make_index) -> None:
    index = make_index(repo)
    index.build()
    path = repo / "README.md"
    index.update_file(path, "# Demo\n\nNow about an okapi.\n")
    assert found_paths(index, "okapi") == {"README.md"}
    assert found_paths(index, "weather") == set()
    assert index.read_text(path) == "# Demo\n\nNow about an okapi.\n"
    index.build()  # a build keeps the unsaved buffer
    assert found_paths(index, "okapi") == {"README.md"}
    index.update_file(path)  # saved/closed: back to the disk
    assert found_paths(index, "okapi") == set()
    assert found_paths(index, "weather") == {"README.md"}


def test_build_reconciles_changes_and_deletions(repo: Path, make_index) -> None:
    index = make_index(repo)
    first = index.build()
    assert first.indexed == 2 and first.files == 2
    again = index.build()
    assert again.indexed == 0 and again.unchanged == 2
    write(repo, "src/extra.py", "def narwhal_extra(): pass\n")
    (repo / "README.md").unlink()
    client = repo / "src" / "client.py"
    client.write_text(client.read_text() + "\ndef narwhal_added(): pass\n")
    later = index.build()
    assert (later.indexed, later.removed) == (2, 1)
    assert found_paths(index, "narwhal") == {"extra.py", "client.py"}
    assert found_paths(index, "weather") == set()


def test_touched_but_unchanged_file_is_not_reindexed(repo: Path, make_index) -> None:
    index = make_index(repo)
    index.build()
    before = {c.id for c in index.chunks_for_file(repo / "README.md")}
    stat = (repo / "README.md").stat()
    os.utime(repo / "README.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    summary = index.build()
    assert summary.indexed == 0 and summary.unchanged == 2
    assert {c.id for c in index.chunks_for_file(repo / "README.md")} == before


def test_remove_file_and_folder(repo: Path, make_index) -> None:
    write(repo, "docs/a.md", "axolotl one\n\nmore words\n")
    write(repo, "docs/b.md", "axolotl two\n\nmore words\n")
    index = make_index(repo)
    index.build()
    (repo / "README.md").unlink()
    index.remove_file(repo / "README.md")
    assert found_paths(index, "weather") == set()
    assert found_paths(index, "axolotl") == {"a.md", "b.md"}
    index.remove_file(repo / "docs")
    assert found_paths(index, "axolotl") == set()
    assert index.update_file(repo / "docs" / "gone.md") == []


def test_progress_reaches_the_total_and_status_counts(repo: Path, make_index) -> None:
    calls: list[tuple[int, int, str]] = []
    index = make_index(repo)
    assert index.status().state == "idle"
    index.build(lambda done, total, message: calls.append((done, total, message)))
    assert calls and calls[-1][0] == calls[-1][1] == 2
    status = index.status()
    assert (status.state, status.files) == ("ready", 2)
    assert status.chunks == sum(
        len(index.chunks_for_file(repo / p)) for p in ("README.md", "src/client.py")
    )


def test_index_persists_in_the_cache_dir(repo: Path, make_index) -> None:
    first = make_index(repo)
    first.build()
    first.close()
    second = make_index(repo)
    assert second.status().state == "ready"
    assert found_paths(second, "parse_response") == {"client.py"}
    assert second.build().indexed == 0


def test_a_second_writer_gets_a_clear_error_and_nothing_breaks(repo: Path, make_index) -> None:
    first = make_index(repo)
    first.build()
    client = repo / "src" / "client.py"
    first.update_file(client, "def pangolin(): pass\n")  # `first` now holds the writer
    second = make_index(repo)
    with pytest.raises(IndexBusy, match="is writing this index"):
        second.update_file(client, "def okapi(): pass\n")
    assert found_paths(second, "pangolin") == {"client.py"}
    assert found_paths(second, "okapi") == set()
    first.close()
    second.update_file(client, "def okapi(): pass\n")
    assert found_paths(second, "okapi") == {"client.py"}
