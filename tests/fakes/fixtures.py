"""Pytest fixtures for the fakes; import them into your area's conftest.py::

from tests.fakes.fixtures import fake_pieces_os, fake_pieces_os_url  # noqa: F401
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .pieces_os import FakePiecesOS


@pytest.fixture
async def fake_pieces_os() -> AsyncIterator[FakePiecesOS]:
    """A running :class:`FakePiecesOS` on 127.0.0.1 (``.base_url``); turn its knobs freely."""
    async with FakePiecesOS().running() as fake:
        yield fake


@pytest.fixture
async def fake_pieces_os_url(fake_pieces_os: FakePiecesOS) -> str:
    """Just the base URL of a running fake Pieces OS (``http://127.0.0.1:<port>``)."""
    return fake_pieces_os.base_url
