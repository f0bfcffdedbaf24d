"""The planted-secret corpus (``tests/data/secrets/corpus.json``, 50+ fake secrets of 20+
kinds and 50+ look-alikes): no planted secret passes the redaction point, none reaches
``qgpt-lsp ask``'s output or a file in its cache (index store, tantivy, conversations),
and few look-alikes are masked by mistake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qgpt_lsp.redaction import redact

CORPUS = json.loads(
    (Path(__file__).parent / "data" / "secrets" / "corpus.json").read_text(encoding="utf-8")
)
PLANTED: list[dict[str, str]] = CORPUS["planted"]
LOOKALIKES: list[dict[str, str]] = CORPUS["lookalikes"]
#: Look-alikes that may be masked by mistake (5%); README, Reliability, gives the figure.
FALSE_POSITIVE_BOUND = len(LOOKALIKES) // 20
STRIPE = next(case for case in PLANTED if case["secret"].startswith("sk_live_"))


def _pieces(secret: str) -> list[str]:
    """What must not appear: the secret, or each body line of a key block."""
    lines = secret.splitlines()
    return lines[1:-1] if len(lines) > 2 else [secret]


def test_the_corpus_is_as_large_as_promised() -> None:
    assert len(PLANTED) >= 50 and len({case["kind"] for case in PLANTED}) >= 20
    assert len(LOOKALIKES) >= 50


@pytest.mark.parametrize("case", PLANTED, ids=lambda case: case["kind"])
def test_no_planted_secret_passes_the_redaction_point(case: dict[str, str]) -> None:
    masked = redact(case["text"])
    assert not [piece for piece in _pieces(case["secret"]) if piece in masked]
    assert len(masked) == len(case["text"]) and masked.count("\n") == case["text"].count("\n")


def test_few_look_alikes_are_masked() -> None:
    masked = [case["kind"] for case in LOOKALIKES if case["keep"] not in redact(case["text"])]
    assert len(masked) <= FALSE_POSITIVE_BOUND, masked


def _workspace(root: Path) -> Path:
    root.mkdir()
    for number, case in enumerate(PLANTED):
        (root / f"case_{number:02d}.py").write_text(case["text"], encoding="utf-8")
    return root


def _ask(root: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    command = [sys.executable, "-m", "qgpt_lsp.cli.main", "ask", *args, "--cache-dir", str(cache)]
    return subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=240, check=False
    )


def _leaks(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    return [case["kind"] for case in PLANTED if any(p in text for p in _pieces(case["secret"]))]


def test_no_planted_secret_leaves_through_ask_or_its_cache(tmp_path: Path) -> None:
    root, cache = _workspace(tmp_path / "ws"), tmp_path / "cache"
    stripe_file = f"case_{PLANTED.index(STRIPE):02d}.py"
    runs: list[Any] = [
        _ask(root, cache, "what is the api key?", "--file", stripe_file, "--answerer", "grounded"),
        _ask(root, cache, f"is {STRIPE['secret']} a live key?", "--answerer", "grounded"),
        _ask(root, cache, "which passwords and tokens are configured?", "--answerer", "grounded"),
    ]
    for done in runs:
        assert done.returncode == 0, done.stderr
        assert _leaks((done.stdout + done.stderr).encode()) == []
    assert "stripe.api_key" in runs[0].stdout  # the file was shown, its key masked
    stored = [path for path in cache.rglob("*") if path.is_file()]
    names = {path.name for path in stored}
    assert {"conversations.sqlite3"} <= names and any(n.endswith(".sqlite3") for n in names)
    assert {path.name: _leaks(path.read_bytes()) for path in stored} == {p.name: [] for p in stored}
