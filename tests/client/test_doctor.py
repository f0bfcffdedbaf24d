"""``qgpt-lsp doctor`` as a real subprocess, against nothing and against the fake Pieces OS."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
from typing import Any

import pytest

from qgpt_lsp.cli import doctor
from qgpt_lsp.client import PORTS_ENV, DiscoveredPiecesOS
from tests.fakes import FakePiecesOS


async def run(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *argv,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode() + err.decode()


async def test_nothing_running_means_embedded(closed_port: int) -> None:
    code, out = await run(sys.executable, "-m", "qgpt_lsp.cli.doctor", "--ports", str(closed_port))
    assert code == 0, out
    assert f"backend:   embedded: no Pieces OS answered on 127.0.0.1 ports {closed_port}" in out
    assert "pieces os: not running" in out
    for package in ("pygls", "lsprotocol", "httpx", "websockets", "pydantic", "tantivy"):
        assert package in out


async def test_a_running_pieces_os_means_pieces(fake_pieces_os: FakePiecesOS) -> None:
    code, out = await run(
        sys.executable, "-m", "qgpt_lsp.cli.doctor", "--json", "--ports", str(fake_pieces_os.port)
    )
    assert code == 0, out
    report = json.loads(out)
    assert report["backend"] == "pieces"
    assert report["pieces_url"] == fake_pieces_os.base_url
    assert report["pieces_version"] == "12.3.0"
    assert report["python"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    assert set(report["packages"]) == set(doctor.PACKAGES)
    assert report["packages"]["qgpt-lsp"] == "0.1.0"


async def test_the_qgpt_lsp_entry_point(fake_pieces_os: FakePiecesOS) -> None:
    script = shutil.which("qgpt-lsp", path=os.path.dirname(sys.executable))
    assert script is not None
    code, out = await run(script, "doctor", env={PORTS_ENV: str(fake_pieces_os.port)})
    assert code == 0, out
    assert f"backend:   pieces: Pieces OS 12.3.0 answers at {fake_pieces_os.base_url}" in out


def test_bad_ports_are_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        doctor.main(["--ports", "39300,abc"])
    assert "not a comma-separated list of ports" in capsys.readouterr().err


def test_add_parser_registers_doctor() -> None:
    parser = argparse.ArgumentParser()
    doctor.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["doctor", "--json", "--ports", "1,2"])
    assert (args.json, args.ports, args.handler) == (True, [1, 2], doctor.run)


@pytest.mark.parametrize(
    ("groups", "text"),
    [
        (((39300, 39301, 39302), (1000, 5323)), "39300-39302, 1000, 5323"),
        (((5, 7, 8),), "5, 7-8"),
        ((), "no ports"),
    ],
)
def test_describe_ports(groups: Any, text: str) -> None:
    assert doctor.describe_ports(groups) == text


@pytest.mark.parametrize(
    ("found", "backend", "words"),
    [
        (None, "embedded", "no Pieces OS answered on 127.0.0.1 ports 1"),
        (DiscoveredPiecesOS("http://h:1", 1, "12.1.0"), "pieces", "Pieces OS 12.1.0 answers"),
        (DiscoveredPiecesOS("http://h:1", 1, "0.1.0"), "pieces", "version 0.1.0, not 12.x"),
    ],
)
def test_choose_backend(found: DiscoveredPiecesOS | None, backend: str, words: str) -> None:
    chosen, reason = doctor.choose_backend(found, ((1,),))
    assert chosen == backend and words in reason


async def test_the_engine_answerer_is_described(closed_port: int) -> None:
    base_url = f"http://127.0.0.1:{closed_port}/v1"
    code, out = await run(
        sys.executable,
        "-m",
        "qgpt_lsp.cli.doctor",
        "--ports",
        str(closed_port),
        env={"OPENAI_BASE_URL": base_url, "OPENAI_MODEL": "tiny-model"},
    )
    assert code == 0, out
    assert f"answerer:  openai:tiny-model ({base_url}) (when embedded)" in out
    assert f"semantic:  {doctor.SEMANTIC_READY}" in out  # the test install has the extra


def test_a_missing_semantic_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from qgpt_lsp.engine.index import semantic

    assert semantic.unavailable() is None
    monkeypatch.setattr(semantic, "NEEDS", ("numpy", "qgpt_no_such_package"))
    reason = semantic.unavailable()
    assert reason is not None
    assert "qgpt_no_such_package not installed" in reason and "qgpt-lsp[semantic]" in reason
