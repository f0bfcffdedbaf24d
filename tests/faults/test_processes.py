"""Probe: processes that die or meet. A build killed with SIGKILL half way; an index
worker whose language server is killed; an orphaned worker (from before workers died
with their parent) holding the writer lock; two processes on one index. Each ends
with a working index and no manual step."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qgpt_lsp.engine.index import IndexSettings, WorkspaceIndex
from qgpt_lsp.engine.index.building import worker_spec
from qgpt_lsp.errors import IndexBusy

from .conftest import finds_ledger, make_workspace

BOUND = 60.0  # seconds a dying process is given (a bound, not a measured figure)
WORKER = [sys.executable, "-m", "qgpt_lsp.engine.index.worker"]


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def _wait_gone(pid: int) -> bool:
    deadline = time.monotonic() + BOUND
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return _gone(pid)


@pytest.fixture
def big_workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "big", extra_files=600)


def _spec(workspace: Path, cache: Path) -> str:
    """The worker's argument, for a worker that has no parent to die with."""
    spec = json.loads(worker_spec([workspace.resolve()], IndexSettings(index_workers=1), cache))
    del spec["parent"]
    return json.dumps(spec)


def test_a_build_killed_half_way_recovers(big_workspace: Path, cache: Path) -> None:
    spec = _spec(big_workspace, cache)
    child = subprocess.Popen([*WORKER, spec], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    step = json.loads(child.stdout.readline())  # it is indexing
    child.send_signal(signal.SIGKILL)
    child.wait(BOUND)
    assert step["done"] < step["total"]

    index = WorkspaceIndex([big_workspace], cache_dir=cache)
    summary = index.build()
    assert summary.files == 601 and finds_ledger(index)
    assert not any("unusable" in notice for notice in index.notices.take())
    index.close()


PARENT = """
import subprocess, sys, os, json
spec = json.loads(sys.argv[1]); spec["parent"] = os.getpid()
with open(sys.argv[2], "wb") as out:
    child = subprocess.Popen(sys.argv[3:] + [json.dumps(spec)], stdin=subprocess.PIPE,
                             stdout=out, stderr=subprocess.DEVNULL)
print(child.pid, flush=True)
child.wait()
"""


def test_the_worker_dies_with_its_parent(big_workspace: Path, cache: Path, tmp_path: Path) -> None:
    """The parent plays the language server: it starts the worker as
    :func:`~qgpt_lsp.engine.index.building.build_in_child` does, and is killed."""
    spec = _spec(big_workspace, cache)
    output = tmp_path / "worker.out"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, spec, str(output), *WORKER], stdout=subprocess.PIPE
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait(BOUND)
    assert _wait_gone(worker)
    assert '"summary"' not in output.read_text()  # it died, it did not finish

    index = WorkspaceIndex([big_workspace], cache_dir=cache)  # the restarted server
    assert index.build().files == 601 and finds_ledger(index)
    index.close()


HOLDER = """
import sys, time
from pathlib import Path
from qgpt_lsp.engine.index import WorkspaceIndex, writer_lock
writer_lock._working_for = (int(sys.argv[3]), int(sys.argv[4]))
index = WorkspaceIndex([Path(sys.argv[1])], cache_dir=Path(sys.argv[2]))
index.update_file(Path(sys.argv[1]) / "books" / "ledger.py")  # takes and keeps the writer
print("holding", flush=True)
time.sleep(600)
"""


def _holder(workspace: Path, cache: Path, parent: int, started: int) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(workspace), str(cache), str(parent), str(started)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def _start_time(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])


def test_an_orphaned_worker_holding_the_writer_is_ended(workspace: Path, cache: Path) -> None:
    ended = subprocess.run(["true"], check=True)
    assert ended.returncode == 0
    dead_parent = subprocess.Popen(["true"])
    dead_parent.wait()
    holder = _holder(workspace, cache, dead_parent.pid, 1)
    try:
        index = WorkspaceIndex([workspace], cache_dir=cache)
        index.build()  # takes the writer over
        assert finds_ledger(index)
        index.close()
        assert holder.wait(BOUND) == -signal.SIGKILL
    finally:
        holder.kill()
        holder.wait()


def test_a_worker_whose_parent_lives_keeps_the_writer(workspace: Path, cache: Path) -> None:
    me = os.getpid()
    holder = _holder(workspace, cache, me, _start_time(me))
    try:
        index = WorkspaceIndex([workspace], cache_dir=cache)
        with pytest.raises(IndexBusy):
            index.build()
        index.close()
        assert holder.poll() is None
    finally:
        holder.kill()
        holder.wait()


def test_two_processes_on_one_index(big_workspace: Path, cache: Path) -> None:
    command = [sys.executable, "-m", "qgpt_lsp.cli.main"]
    runs = [
        subprocess.Popen(
            [*command, *args, "--cache-dir", str(cache)],
            cwd=big_workspace,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in (["index", "."], ["index", "."], ["search", "ledger monthly mean"])
    ]
    results = [(run.wait(BOUND), *run.communicate()) for run in runs]
    for code, _, errors in results:  # done, or told why not in a line (no traceback)
        assert code == 0 or "another qgpt-lsp process" in errors or "no match" in errors
        assert "Traceback" not in errors
    assert any(code == 0 for code, _, _ in results)  # one of them built (search builds too)

    index = WorkspaceIndex([big_workspace], cache_dir=cache)
    summary = index.build()
    assert summary.indexed == 0 and summary.unchanged == 601  # one whole, agreeing index
    assert index.notices.take() == [] and finds_ledger(index)
    index.close()
