"""Emacs (Debian's emacs-nox + elpa-eglot, eglot 1.9: no progress support) in batch mode
against the real qgpt-lsp: a code action and `qgpt-ask`, a hint button and `qgpt-follow-up`
in the answer buffer, hover only when asked, `qgpt-explain-error` on another flymake
backend's error, and `qgpt-stop` in the answer buffer (slow OpenAI-compatible server)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import EDITORS, make_env, make_workspace, require_tool
from .slow_openai import WORDS, slow_openai

HERE = Path(__file__).parent / "emacs"


@pytest.fixture(scope="module")
def emacs_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("emacs") / "ws")


def _run_emacs(script: str, workspace: Path, tmp_path: Path, **env: str) -> dict[str, Any]:
    """One batch Emacs session running ``script``; what it wrote as JSON."""
    emacs = require_tool(shutil.which("emacs"), "emacs")
    result = tmp_path / "emacs-result.json"
    environment = {
        **make_env(tmp_path),
        "QGPT_TEST_WORKSPACE": str(workspace),
        "QGPT_EMACS_RESULT": str(result),
        **env,
    }
    # No -Q: Debian's site-start puts elpa-eglot on the load path.
    command = [emacs, "--batch", "-L", str(EDITORS / "emacs"), "-l", str(HERE / script)]
    run = subprocess.run(
        command, cwd=workspace, env=environment, capture_output=True, text=True, timeout=280
    )
    assert result.exists(), f"emacs wrote no result (rc {run.returncode}): {run.stderr[-3000:]}"
    data: dict[str, Any] = json.loads(result.read_text())
    assert "error" not in data, f"{data['error']}: {run.stderr[-3000:]}"
    assert run.returncode == 0, run.stderr[-3000:]
    return data


@pytest.fixture(scope="module")
def emacs_run(emacs_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One batch Emacs session; the tests below check what it saw."""
    return _run_emacs("ask-test.el", emacs_workspace, tmp_path_factory.mktemp("emacs-run"))


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


def test_what_does_this_return_when_says_what_it_does(emacs_run: dict[str, Any]) -> None:
    said = emacs_run["returns_when"]["buffer"]
    assert (
        'When `quantity <= 0`, `Cart.add` raises `ValueError("quantity must be positive")`'
        in said
    ), said[:1500]


def test_answers_share_one_window(emacs_run: dict[str, Any]) -> None:
    # the code's window and one answer window, after five answers
    assert (emacs_run["windows"], emacs_run["answer_windows"]) == (2, 1)


def test_a_hint_button_and_follow_up_in_the_answer_buffer(emacs_run: dict[str, Any]) -> None:
    hint = emacs_run["hint"]
    assert hint["question"] == hint["asked"] and hint["same_buffer"]
    assert hint["answer"]["result"]["status"] == "completed"
    assert hint["conversation"] == hint["asked_conversation"]
    assert f"# {hint['asked']}\n" in hint["answer"]["buffer"]
    follow = emacs_run["follow_up_in_answer"]
    assert follow["status"] == "completed", follow["error"]
    assert follow["same_buffer"] and follow["conversation"] == hint["conversation"]


def test_hover_only_when_asked_and_plain(emacs_run: dict[str, Any]) -> None:
    assert emacs_run["eldoc_hover"] is None, "qgpt-lsp's hover is in eldoc"
    hover = emacs_run["hover"]
    assert hover and "Follow up:" in hover
    assert "**" not in hover and "](file://" not in hover, hover


def test_explain_an_error_another_flymake_backend_reported(emacs_run: dict[str, Any]) -> None:
    explained = emacs_run["explained"]
    assert explained["result"]["status"] == "completed", explained["result"].get("error")
    assert explained["buffer"].startswith("# Explain this error: undefined name 'unit_prise'\n")
    assert explained["result"]["sources"][0]["range"]["start"]["line"] == 19


def test_stop_called_in_the_answer_buffer(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    with slow_openai() as url:
        data = _run_emacs("stop-test.el", workspace, tmp_path, QGPT_TEST_OPENAI_URL=url)
    assert data["in_answer_buffer"] is True, "qgpt-stop ran where eglot manages the buffer"
    stopped = data["stopped"]
    assert stopped["result"]["status"] == "stopped", stopped
    assert f"word{WORDS - 1}" not in stopped["text"], "the answer ran to its end"
