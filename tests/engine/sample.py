"""A small project with a known function, its caller, its test and its history."""

from __future__ import annotations

from pathlib import Path

from qgpt_lsp.wire import RelevantQGPTSeed, TextLocation

from .gitrepo import GitRepo

CACHE_V1 = '''"""A tiny LRU cache."""


class LRUCache:
    """Keeps the most recently used values."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.items: dict[str, str] = {}


def evict_oldest(items: dict[str, str]) -> str:
    """Drop the oldest entry and return its key."""
    oldest = list(items)[0]
    items.pop(oldest)
    return oldest
'''

CACHE_V2 = CACHE_V1.replace(
    "    oldest = list(items)[0]\n    items.pop(oldest)\n",
    "    # dicts keep insertion order, so the first key is the oldest\n"
    "    oldest = next(iter(items))\n    del items[oldest]\n",
)

STORE = '''"""Where values live."""

from .cache import evict_oldest


def shrink(items: dict[str, str], size: int) -> None:
    """Evict until at most ``size`` items remain."""
    while len(items) > size:
        evict_oldest(items)
'''

TEST = """from src.cache import evict_oldest


def test_evict_oldest() -> None:
    items = {"a": "1", "b": "2"}
    assert evict_oldest(items) == "a"
"""

#: 1-based lines of ``evict_oldest`` in CACHE_V2 (def .. return).
EVICT_START, EVICT_END = 12, 17


def evict_selection(root: Path) -> RelevantQGPTSeed:
    """The lines of ``evict_oldest`` as an editor sends a selection: path and offsets."""
    lines = CACHE_V2.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: EVICT_START - 1])
    end = start + sum(len(line) for line in lines[EVICT_START - 1 : EVICT_END])
    return RelevantQGPTSeed(
        path=str(root / "src/cache.py"),
        location=TextLocation(start=start, end=end, text=CACHE_V2[start:end]),
    )


def build_sample(root: Path) -> GitRepo:
    """The project, committed by Alice (long ago), Bob (3 days ago) and Carol (tests)."""
    repo = GitRepo(root)
    repo.commit(
        {"src/__init__.py": "", "src/cache.py": CACHE_V1, "src/store.py": STORE},
        "Alice Archer",
        "alice@example.com",
        200.04,
        "add the cache",
    )
    repo.commit(
        {"tests/test_cache.py": TEST}, "Carol Chen", "carol@example.com", 10.04, "test eviction"
    )
    repo.commit(
        {"src/cache.py": CACHE_V2}, "Bob Builder", "bob@example.com", 3.04, "fix eviction race"
    )
    return repo
