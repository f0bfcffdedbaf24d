"""discover(): finds a real loopback fake Pieces OS, and answers None when nothing runs."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from qgpt_lsp.client import (
    LEGACY_PIECES_PORTS,
    PIECES_PORT_RANGE,
    PORTS_ENV,
    DiscoveredPiecesOS,
    default_port_groups,
    discover,
)
from tests.fakes import FakePiecesOS


async def test_finds_the_fake_among_closed_ports(
    fake_pieces_os: FakePiecesOS, closed_port: int
) -> None:
    found = await discover(ports=[closed_port, fake_pieces_os.port])
    assert found == DiscoveredPiecesOS(fake_pieces_os.base_url, fake_pieces_os.port, "12.3.0")
    assert found.is_pieces


async def test_nothing_listening_is_none(closed_port: int) -> None:
    assert await discover(ports=[closed_port, closed_port]) is None


async def test_an_unhealthy_server_is_skipped(fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.healthy = False
    assert await discover(ports=[fake_pieces_os.port]) is None


async def test_a_server_that_never_answers_is_none(silent_server: str) -> None:
    port = urlsplit(silent_server).port
    assert port is not None
    assert await discover(0.3, ports=[port]) is None


async def test_the_first_port_in_scan_order_wins(fake_pieces_os: FakePiecesOS) -> None:
    async with FakePiecesOS(version="12.0.1").running() as other:
        found = await discover(ports=[other.port, fake_pieces_os.port])
        assert found is not None and found.port == other.port and found.version == "12.0.1"
        found = await discover(ports=[fake_pieces_os.port, other.port])
        assert found is not None and found.port == fake_pieces_os.port


async def test_a_server_that_is_not_pieces(fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.version = "qgpt-lsp 0.1.0"
    found = await discover(ports=[fake_pieces_os.port])
    assert found is not None and found.version == "qgpt-lsp 0.1.0"
    assert not found.is_pieces


async def test_ports_from_the_environment(
    fake_pieces_os: FakePiecesOS, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PORTS_ENV, f"{fake_pieces_os.port}")
    found = await discover()
    assert found is not None and found.base_url == fake_pieces_os.base_url


@pytest.mark.parametrize(
    ("value", "groups"),
    [
        (None, (PIECES_PORT_RANGE, LEGACY_PIECES_PORTS)),
        ("39301, 5323", ((39301, 5323),)),
        ("", ()),
        ("abc", (PIECES_PORT_RANGE, LEGACY_PIECES_PORTS)),
        ("70000", (PIECES_PORT_RANGE, LEGACY_PIECES_PORTS)),
    ],
)
def test_default_port_groups(
    value: str | None, groups: tuple[tuple[int, ...], ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv(PORTS_ENV, raising=False)
    else:
        monkeypatch.setenv(PORTS_ENV, value)
    assert default_port_groups() == groups


def test_default_ports_are_the_documented_ones() -> None:
    assert PIECES_PORT_RANGE[0] == 39300 and PIECES_PORT_RANGE[-1] == 39333
    assert len(PIECES_PORT_RANGE) == 34
    assert LEGACY_PIECES_PORTS == (1000, 5323)
