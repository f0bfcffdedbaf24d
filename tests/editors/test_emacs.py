"""Emacs (Debian's emacs-nox + elpa-eglot, eglot 1.9: no progress support) in batch mode
runs a qgpt code action and `qgpt-ask` against the real qgpt-lsp."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import EDITORS, make_env, make_workspace, require_tool

HERE = Path(__file__).parent / "emacs"


@pytest.fixture(scope="module")
def emacs_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("emacs") / "ws")


@pytest.fixture(scope="module")
def emacs_run(emacs_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One batch Emacs session; the tests below check what it saw."""
    emacs = require_tool(shutil.which("emacs"), "emacs")
    tmp_path = tmp_path_factory.mktemp("emacs-run")
    result = tmp_path / "emacs-result.json"
    env = {
        **make_env(tmp_path),
        "QGPT_TEST_WORKSPACE": str(emacs_workspace),
        "QGPT_EMACS_RESULT": str(result),
    }
    # No -Q: Debian's site-start puts elpa-eglot on the load path.
    command = [emacs, "--batch", "-L", str(EDITORS / "emacs"), "-l", str(HERE / "ask-test.el")]
    run = subprocess.run(
        command, cwd=emacs_workspace, env=env, capture_output=True, text=True, timeout=280
    )
    assert result.exists(), f"emacs wrote no result (rc {run.returncode}): {run.stderr[-3000:]}"
    data: dict[str, Any] = json.loads(result.read_text())
    assert "error" not in data, f"{data['error']}: {run.stderr[-3000:]}"
    assert run.returncode == 0, run.stderr[-3000:]
    return data


def _check_answer(answer: dict[str, Any], workspace: Path, *, sources: bool) -> None:
    result = answer["result"]
    assert answer["done"] is True and answer["error"] is None
    assert result["status"] == "completed", result.get("error")
    assert answer["text"], "no qgpt/answerDelta arrived"
    assert answer["text"] == result["answer"], "the deltas do not add up to the answer"
    assert result["answer"] in answer["buffer"]
    if sources:
        assert result["sources"], "no sources"
        assert "## Sources" in answer["buffer"]
    for location in result["sources"]:
        path = Path(location["uri"].removeprefix("file://")).relative_to(workspace)
        assert f"- {path}:{location['range']['start']['line'] + 1}" in answer["buffer"]


def test_eglot_is_the_one_without_progress(emacs_run: dict[str, Any]) -> None:
    assert emacs_run["server_class"] == "qgpt-eglot-server"
    assert emacs_run["index"]["state"] == "ready"


def test_code_action_answer_streams(emacs_run: dict[str, Any], emacs_workspace: Path) -> None:
    assert emacs_run["code_actions"], "no code actions"
    # The code action asks "Explain this code.": the engine finds no code beyond the
    # selection for it, so sources may be empty; any it returns must be listed.
    _check_answer(emacs_run["code_action_answer"], emacs_workspace, sources=False)


def test_qgpt_ask_on_a_region_streams(emacs_run: dict[str, Any], emacs_workspace: Path) -> None:
    answer = emacs_run["ask_answer"]
    assert answer["buffer"].startswith("# explain how total uses unit_price\n")
    _check_answer(answer, emacs_workspace, sources=True)
