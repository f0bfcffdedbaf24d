"""Search gives each piece of code one slot: no hit inside a better one, repeats ranked lower."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine.index.model import Chunk, ScoredChunk
from qgpt_lsp.engine.index.ranking import REPEATED_SYMBOL, diversify

HERE = Path("/repo/a.py")
THERE = Path("/repo/b.py")


def chunk(name: str, lines: tuple[int, int], path: Path = HERE, parent: str | None = None) -> Chunk:
    return Chunk(name, path, "py", lines[0], lines[1], 0, 0, "", name, "function", parent)


CLASS = chunk("Cart", (0, 20))
METHOD = chunk("add", (5, 9), parent="Cart")
OTHER_FILE = chunk("add", (5, 9), path=THERE, parent="Cart")
OVERLOAD = chunk("add", (11, 12), parent="Cart")
WINDOW = chunk("Cart", (15, 30))

# hits best first -> expected (id, score) best first
CASES = [
    ([(CLASS, 9.0), (METHOD, 8.0)], [("Cart", 9.0)]),
    ([(METHOD, 9.0), (CLASS, 8.0)], [("add", 9.0), ("Cart", 8.0)]),
    ([(CLASS, 9.0), (OTHER_FILE, 8.0)], [("Cart", 9.0), ("add", 8.0)]),
    ([(METHOD, 9.0), (OVERLOAD, 8.0)], [("add", 9.0), ("add", 8.0 * REPEATED_SYMBOL)]),
    ([(CLASS, 9.0), (WINDOW, 8.0)], [("Cart", 9.0), ("Cart", 8.0 * REPEATED_SYMBOL)]),
    ([], []),
]


@pytest.mark.parametrize(("hits", "expected"), CASES)
def test_diversify(hits: list[tuple[Chunk, float]], expected: list[tuple[str, float]]) -> None:
    result = diversify([ScoredChunk(c, score) for c, score in hits])
    assert [(h.chunk.id, h.score) for h in result] == expected


def test_repeats_fall_below_other_code() -> None:
    other = chunk("remove", (40, 45))
    result = diversify(
        [ScoredChunk(METHOD, 9.0), ScoredChunk(OVERLOAD, 8.0), ScoredChunk(other, 5.0)]
    )
    assert [h.chunk.symbol for h in result] == ["add", "remove", "add"]


def test_sync_and_async_twins_share_a_slot() -> None:
    sync = chunk("send", (10, 20), parent="Client")
    twin = chunk("send", (60, 70), parent="AsyncClient")
    other = chunk("close", (80, 85), parent="Client")
    result = diversify([ScoredChunk(sync, 9.0), ScoredChunk(twin, 8.0), ScoredChunk(other, 5.0)])
    assert [(h.chunk.parent, h.score) for h in result] == [
        ("Client", 9.0),
        ("Client", 5.0),
        ("AsyncClient", 8.0 * REPEATED_SYMBOL),
    ]
