"""Runs the VS Code extension's node tests (`npm ci && npm test`) against the venv's server."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .conftest import EDITORS, require_tool

VSCODE = EDITORS / "vscode"


def _npm(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    npm = require_tool(shutil.which("npm"), "npm")
    return subprocess.run(
        [npm, *args], cwd=VSCODE, env=env, capture_output=True, text=True, timeout=600
    )


def test_vscode_extension_against_the_server(editor_env: dict[str, str], workspace: Path) -> None:
    if not (VSCODE / "node_modules" / "vscode-languageclient").exists():
        installed = _npm(["ci", "--no-audit", "--no-fund"], dict(os.environ))
        assert installed.returncode == 0, installed.stderr[-3000:]
    # npm keeps the user's HOME (its cache); only the qgpt variables come from editor_env.
    qgpt = {k: v for k, v in editor_env.items() if k.startswith("QGPT_")}
    run = _npm(["test"], {**os.environ, **qgpt, "QGPT_TEST_WORKSPACE": str(workspace)})
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-6000:]
    assert "# fail 0" in output, output[-3000:]
