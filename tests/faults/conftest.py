"""Fault injection: a small workspace, a private cache dir, and small tmpfs mounts
(full or read-only) when this machine lets the tests mount them (root with
CAP_SYS_ADMIN; otherwise those tests skip and say why)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from qgpt_lsp.engine.index import WorkspaceIndex

#: A function only this workspace defines, and a question that finds it.
QUESTION = "ledger monthly mean"
DEFINED = "monthly_ledger_mean"

LEDGER = '''"""Monthly figures of the ledger."""


def monthly_ledger_mean(values: list[int]) -> float:
    """The monthly mean of the ledger's values."""
    return sum(values) / len(values)
'''


def make_workspace(root: Path, extra_files: int = 6) -> Path:
    (root / "books").mkdir(parents=True)
    (root / "books" / "ledger.py").write_text(LEDGER)
    for n in range(extra_files):
        (root / "books" / f"page_{n}.py").write_text(
            f'"""Page {n}."""\n\n\ndef page_{n}_total(rows: list[int]) -> int:\n'
            f"    return sum(rows) + {n}\n"
        )
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def finds_ledger(index: WorkspaceIndex) -> bool:
    return any(hit.chunk.symbol == DEFINED for hit in index.search(QUESTION, limit=5))


def _mount(target: Path, options: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        why = f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}"
        if os.environ.get("CI"):  # CI has the rights: a skip there would hide the probes
            pytest.fail(why)
        pytest.skip(why)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str, str], Path]]:
    """``tmpfs(name, options)``: a tmpfs mounted at ``tmp_path/name`` (unmounted after)."""
    mounted: list[Path] = []

    def mount(name: str, options: str) -> Path:
        target = tmp_path / name
        _mount(target, options)
        mounted.append(target)
        return target

    yield mount
    for target in reversed(mounted):
        subprocess.run(["umount", "-l", str(target)], check=False, capture_output=True)


def fill(directory: Path) -> None:
    """Write into ``directory`` until its file system is full."""
    descriptor = os.open(directory / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(descriptor, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(descriptor)
