"""Shared fixtures: where the verified wire facts live."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
WIRE_FACTS = ROOT.parent / "shared" / "pieces-wire" / "examples.json"
LOCAL_FACTS = ROOT / "tests" / "data" / "pieces-wire-examples.json"


def load_wire_examples() -> dict[str, Any]:
    """The 48 documents the official SDK validated (shared copy, else the vendored one)."""
    path = WIRE_FACTS if WIRE_FACTS.exists() else LOCAL_FACTS
    return dict(json.loads(path.read_text()))


@pytest.fixture(scope="session")
def wire_examples() -> dict[str, Any]:
    return load_wire_examples()
