"""A seed spanning several chunks (a whole file, two functions) is found by the file's text."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.people.matching import find_lines
from qgpt_lsp.wire import QGPTPersonsRelatedInput, fragment_seed

from .conftest import GROUNDED
from .gitrepo import GitRepo

HEADER = "from __future__ import annotations\n\nimport functools\n\n\n"
LOGGING = "import logging\n\nlog = logging.getLogger(__name__)\n\n\n"
PARSE = '''@functools.lru_cache(maxsize=None)
def parse_ledger_entry(line: str) -> tuple[str, int]:
    """Split ``name:amount`` into its parts."""
    name, amount = line.split(":")
    return name.strip(), int(amount)
'''
TOTAL = '''

@functools.lru_cache(maxsize=None)
def render_ledger_total(entries: tuple[str, ...]) -> str:
    """The sum of the entries' amounts."""
    total = sum(parse_ledger_entry(entry)[1] for entry in entries)
    return f"total: {total}"
'''
LEDGER = HEADER.replace("\n\n\n", "\n") + LOGGING + PARSE + TOTAL  # Alice 1-13, Bob 14-20
HANDLER = HEADER + "@functools.lru_cache(maxsize=None)\ndef handler_{n}() -> int:\n    return {n}\n"


@pytest.fixture
async def ledger_engine(tmp_path: Path) -> AsyncIterator[Engine]:
    """src/ledger.py among 40 files that open with the same lines (so the first line of a
    fragment finds many chunks of other files)."""
    repo = GitRepo(tmp_path / "ledger")
    handlers = {f"src/handlers/handler_{n:02d}.py": HANDLER.format(n=n) for n in range(40)}
    repo.commit(handlers, "Carol Chen", "carol@example.com", 100.04, "add handlers")
    repo.commit(
        {"src/ledger.py": LEDGER.replace(TOTAL, "")},
        "Alice Archer",
        "alice@example.com",
        200.04,
        "parse",
    )
    repo.commit({"src/ledger.py": LEDGER}, "Bob Builder", "bob@example.com", 3.04, "add total")
    engine = Engine([repo.root], GROUNDED, cache_dir=tmp_path / "cache")
    await engine.build_index()
    yield engine
    await engine.aclose()


async def _people(engine: Engine, fragment: str) -> list[tuple[str | None, str]]:
    request = QGPTPersonsRelatedInput(seed=fragment_seed(fragment, "py"))
    output = await engine.persons_related(request)
    notes = output.explanations or {}
    return [(p.type.basic.name, notes[p.id]) for p in output.persons.iterable]


async def test_a_whole_file_fragment_blames_the_whole_file(ledger_engine: Engine) -> None:
    scope = "lines 1-20 of src/ledger.py"
    assert await _people(ledger_engine, LEDGER) == [
        ("Alice Archer", f"wrote 65% of {scope}; last change 6 months ago: 'parse'"),
        ("Bob Builder", f"wrote 35% of {scope}; last change 3 days ago: 'add total'"),
    ]


async def test_two_adjacent_functions_blame_both(ledger_engine: Engine) -> None:
    scope = "lines 9-20 of src/ledger.py"
    expected = [
        ("Bob Builder", f"wrote 58% of {scope}; last change 3 days ago: 'add total'"),
        ("Alice Archer", f"wrote 42% of {scope}; last change 6 months ago: 'parse'"),
    ]
    assert await _people(ledger_engine, PARSE + TOTAL) == expected
    copied = (PARSE + TOTAL).replace("    ", "\t").replace("\n", "\r\n")  # tabs, CRLF
    assert await _people(ledger_engine, copied) == expected


@pytest.mark.parametrize(
    ("fragment", "lines"),
    [
        ("beta", (2, 2)),
        ("alpha\nbeta\n", (1, 2)),
        ("  beta\n    gamma  ", (2, 3)),  # re-indented, trailing spaces
        ("beta\r\ngamma\r\n", (2, 3)),  # CRLF
        ("alpha beta gamma", (1, 3)),  # joined onto one line
        ("eta\nga", (2, 3)),  # starts and ends inside words
        ("delta", None),
        ("   \n", None),
    ],
)
def test_find_lines(fragment: str, lines: tuple[int, int] | None) -> None:
    assert find_lines("alpha\n  beta\n\tgamma\n", fragment) == lines
