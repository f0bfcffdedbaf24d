"""Fixtures for the editor tests: a real git workspace, a tmp cache, the server command.

Editor binaries that are missing skip their tests, unless QGPT_EDITOR_TESTS_REQUIRED=1
(set by editors/run-tests.sh), where a missing editor is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EDITORS = REPO / "editors"

CART = '''"""A shopping cart."""

from shop.prices import unit_price


class Cart:
    """Items and their quantities."""

    def __init__(self) -> None:
        self.items: dict[str, int] = {}

    def add(self, sku: str, quantity: int = 1) -> None:
        """Add quantity of sku to the cart."""
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.items[sku] = self.items.get(sku, 0) + quantity

    def total(self) -> float:
        """The total price of the cart, discounts included."""
        return sum(unit_price(sku) * qty for sku, qty in self.items.items())
'''

PRICES = '''"""Unit prices and discounts."""

PRICES = {"apple": 0.5, "pear": 0.75}


def unit_price(sku: str) -> float:
    """The price of one sku, with the bulk discount for pears."""
    price = PRICES[sku]
    if sku == "pear":
        price *= 0.9
    return price
'''

AUTHOR = ["-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com"]


def require_tool(path: str | None, what: str) -> str:
    """The tool's path; a skip (or, under run-tests.sh, a failure) when it is missing."""
    if path:
        return path
    message = f"{what} is not installed (editors/run-tests.sh installs it)"
    if os.environ.get("QGPT_EDITOR_TESTS_REQUIRED") == "1":
        pytest.fail(message)
    pytest.skip(message)


def make_workspace(root: Path) -> Path:
    """A git repository with two Python files, committed by Ada Lovelace."""
    (root / "shop").mkdir(parents=True)
    (root / "shop" / "cart.py").write_text(CART)
    (root / "shop" / "prices.py").write_text(PRICES)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", *AUTHOR, "add", "."], cwd=root, check=True)
    subprocess.run(["git", *AUTHOR, "commit", "-q", "-m", "Add the shop"], cwd=root, check=True)
    return root


def server_command() -> str:
    """$QGPT_LSP_COMMAND (words split on spaces), else the venv's qgpt-lsp."""
    if os.environ.get("QGPT_LSP_COMMAND"):
        return os.environ["QGPT_LSP_COMMAND"]
    command = Path(sys.executable).parent / "qgpt-lsp"
    return str(command) if command.exists() else require_tool(shutil.which("qgpt-lsp"), "qgpt-lsp")


def make_env(tmp_path: Path) -> dict[str, str]:
    """The environment of an editor process: cache in tmp, an empty HOME."""
    home = tmp_path / "home"
    home.mkdir()
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "QGPT_LSP_CACHE_DIR": str(tmp_path / "cache"),
        "QGPT_LSP_COMMAND": server_command(),
    }


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def editor_env(tmp_path: Path) -> dict[str, str]:
    return make_env(tmp_path)
