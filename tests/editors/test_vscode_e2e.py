"""The VS Code extension in a real VS Code: code-server, driven through Debian's Chromium.

The .vsix is packaged with the README's command (``npm run package``) and installed
with ``code-server --install-extension``; qgpt-lsp is found in the workspace's
``.venv`` (code-server's PATH does not have it); a slow loopback OpenAI-compatible
server makes an answer stream long enough to be stopped. The user's steps and the
assertions on what the page shows are in ``vscode_e2e/drive.test.mjs`` (Playwright,
node's test runner); screenshots are kept in the folder this test prints. The driver
also reads code-server's user data: settings.json and the log of the QGPT output
channel (written through install.sh's ``spdlog.js``).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from .conftest import EDITORS, make_env, make_workspace, require_tool, server_command
from .vscode_e2e.slow_openai import REPLY_WORDS, SlowOpenAI

E2E = Path(__file__).parent / "vscode_e2e"
CODE_SERVER = E2E / "node_modules" / "code-server" / "out" / "node" / "entry.js"
#: install.sh puts spdlog.js here: VS Code then writes its log files (output channels too).
SPDLOG = (
    CODE_SERVER.parents[2] / "lib" / "vscode" / "node_modules" / "@vscode" / "spdlog" / "index.js"
)
VSIX = EDITORS / "vscode" / "qgpt-lsp.vsix"
#: Seconds code-server has to listen: it takes about one.
LISTEN_BOUND = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _workspace_venv(workspace: Path) -> None:
    """``.venv/bin/qgpt-lsp`` in the workspace: how a developer of the project has it."""
    bin_dir = workspace / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "qgpt-lsp").write_text(f'#!/bin/sh\nexec {server_command()} "$@"\n')
    (bin_dir / "qgpt-lsp").chmod(0o755)


def _user_settings(user_data: Path) -> None:
    settings = {
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": False,
        "security.workspace.trust.enabled": False,
        "telemetry.telemetryLevel": "off",
        "extensions.autoCheckUpdates": False,
        "qgpt.backend": "embedded",
        "qgpt.answerer": "grounded",
    }
    (user_data / "User").mkdir(parents=True)
    (user_data / "User" / "settings.json").write_text(json.dumps(settings, indent=2))


def _package_vsix() -> None:
    npm = require_tool(shutil.which("npm"), "npm")
    run = subprocess.run(
        [npm, "run", "package"], cwd=VSIX.parent, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]


async def _wait_listening(port: int, server: asyncio.subprocess.Process) -> None:
    async def connect() -> None:
        while True:
            assert server.returncode is None, "code-server exited"
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.2)
                continue
            writer.close()
            return

    await asyncio.wait_for(connect(), LISTEN_BOUND)


class CodeServer:
    """code-server on a free loopback port, with its own user data and extensions."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env, self.port = root, env, _free_port()
        self.user_data, self.extensions = root / "user-data", root / "extensions"
        self.log = root / "code-server.log"

    def command(self, *args: str) -> list[str]:
        dirs = ["--user-data-dir", str(self.user_data), "--extensions-dir", str(self.extensions)]
        return ["node", str(CODE_SERVER), *dirs, *args]

    def install_extension(self) -> None:
        run = subprocess.run(
            self.command("--install-extension", str(VSIX)),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "successfully installed" in run.stdout, (run.stdout + run.stderr)[-3000:]

    @staticmethod
    def flags() -> list[str]:
        return ["--auth", "none", "--disable-telemetry", "--disable-update-check"]

    @asynccontextmanager
    async def serve(self, workspace: Path) -> AsyncIterator[str]:
        bind = f"127.0.0.1:{self.port}"
        with self.log.open("w") as log:
            server = await asyncio.create_subprocess_exec(
                *self.command(*self.flags(), "--bind-addr", bind, str(workspace)),
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                await _wait_listening(self.port, server)
                yield f"http://{bind}/?folder={workspace}"
            finally:
                server.terminate()
                await server.wait()


def _code_server_env(tmp_path: Path) -> dict[str, str]:
    """An empty HOME; a PATH without the venv (the extension must find qgpt-lsp itself)."""
    env = make_env(tmp_path)
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != venv_bin)
    env.pop("QGPT_LSP_COMMAND")
    return env


async def _drive(
    url: str, user_data: Path, workspace: Path, openai: SlowOpenAI, shots: Path
) -> str:
    node = require_tool(shutil.which("node"), "node")
    env = {
        **os.environ,
        "QGPT_E2E_URL": url,
        "QGPT_E2E_USER_DATA": str(user_data),
        "QGPT_E2E_WORKSPACE": str(workspace),
        "QGPT_E2E_OPENAI": openai.base_url,
        "QGPT_E2E_SHOTS": str(shots),
    }
    driver = await asyncio.create_subprocess_exec(
        node,
        "--test",
        "--test-reporter=tap",
        str(E2E / "drive.test.mjs"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    out, _ = await driver.communicate()
    output = out.decode()
    assert driver.returncode == 0, output[-8000:]
    return output


async def test_vscode_extension_in_code_server(tmp_path: Path) -> None:
    require_tool(str(CODE_SERVER) if CODE_SERVER.exists() else None, "code-server")
    require_tool(shutil.which("chromium"), "chromium")
    logs_written = SPDLOG.read_bytes() == (E2E / "spdlog.js").read_bytes()
    require_tool("spdlog.js" if logs_written else None, "VS Code's log writer (spdlog.js)")
    shots = Path(tempfile.mkdtemp(prefix="qgpt-vscode-e2e-shots-"))
    print(f"\nscreenshots: {shots}")
    workspace = make_workspace(tmp_path / "ws")
    _workspace_venv(workspace)
    _package_vsix()
    code_server = CodeServer(tmp_path / "code-server", _code_server_env(tmp_path))
    _user_settings(code_server.user_data)
    code_server.install_extension()
    async with SlowOpenAI().running() as openai, code_server.serve(workspace) as url:
        output = await _drive(url, code_server.user_data, workspace, openai, shots)
    print(output[-4000:])
    assert "# fail 0" in output, output[-4000:]
    assert openai.chats, "the openai answerer was never asked"
    assert openai.words_sent < REPLY_WORDS, "the stopped answer streamed to its end"
