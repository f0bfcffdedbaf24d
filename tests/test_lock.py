"""The venv holds exactly what uv.lock pins, and the user-install pins agree with it."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, set[str]]:
    """Each locked package's versions (more than one where Pythons differ, e.g. numpy)."""
    versions: dict[str, set[str]] = {}
    for package in tomllib.loads((REPO / "uv.lock").read_text())["package"]:
        if "version" in package:
            versions.setdefault(_normal(package["name"]), set()).add(package["version"])
    return versions


def test_every_installed_distribution_is_the_locked_version() -> None:
    locked = _locked()
    installed = {_normal(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    strays = {n: v for n, v in installed.items() if n not in locked}
    drifted = {n: v for n, v in installed.items() if n in locked and v not in locked[n]}
    assert not strays, f"installed but not in uv.lock: {strays}"
    assert not drifted, f"installed version != locked version: {drifted}"


def test_the_runtime_constraints_pin_the_locked_versions() -> None:
    locked = _locked()
    lines = (REPO / "requirements" / "runtime.txt").read_text().splitlines()
    pins = [line.split(" ")[0].split("==") for line in lines if "==" in line]
    assert pins, "requirements/runtime.txt pins nothing: run make lock"
    wrong = [(n, v) for n, v in pins if v not in locked.get(_normal(n), set())]
    assert not wrong, f"requirements/runtime.txt disagrees with uv.lock (make lock): {wrong}"
    pinned = {name for name, _ in pins}
    for runtime in ("pygls", "pydantic", "httpx", "websockets", "xllamacpp"):
        assert runtime in pinned


def test_no_package_in_the_lock_needs_a_compiler() -> None:
    lock = tomllib.loads((REPO / "uv.lock").read_text())
    sdist_only = [
        p["name"]
        for p in lock["package"]
        if "wheels" not in p and "editable" not in p.get("source", {})
    ]
    assert not sdist_only, f"locked without a wheel (would compile): {sdist_only}"
