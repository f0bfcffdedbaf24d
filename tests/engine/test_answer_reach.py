"""The grounded answer reaches past the deciding definition's first matching lines: the
code a comment speaks of, where an attribute it reads is set (and its default), the
next definitions' best lines; docstrings and mentions in prose count less than code."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.answering.line_match import best_lines, docstring_lines, score_lines
from qgpt_lsp.engine.answering.questions import read_question

from .conftest import ask_in_words, line_in, project_of
from .gitrepo import GitRepo

POOL = '''"""A connection pool."""

DEFAULT_POOL_LIMIT = 10


class PoolFull(Exception):
    """Raised when every connection of the pool is taken."""


class Pool:
    """Connections to reuse. The pool limit says how many may be open at once."""

    def __init__(self, limit: int = DEFAULT_POOL_LIMIT) -> None:
        self.limit = limit
        self.taken: list[str] = []

    def acquire(self, name: str) -> str:
        """Take a connection from the pool."""
        if len(self.taken) >= self.limit:
            raise PoolFull(name)
        self.taken.append(name)
        return name

    def release(self, name: str) -> None:
        """Give a connection back to the pool."""
        self.taken.remove(name)
'''

ROUTES = '''"""Routing of requests."""


def route(path: str, table: dict[str, str]) -> str:
    """Pick the handler for path."""
    cleaned = path.strip()
    # A relative path is joined to the root before the table is read.
    if not cleaned.startswith("/"):
        cleaned = "/" + cleaned
    return table.get(cleaned, "not_found")


def describe_routing() -> str:
    """Routing picks the handler of a relative path once it is joined to the root."""
    return "see route"
'''

PRICES = '''"""Prices."""


def discount(price: float, member: bool) -> float:
    """The price to pay."""
    total = price
    if member:
        total *= 0.9
    return total
'''

TOKENS = '''"""Tokens."""
import hashlib
import hmac


def check_token(token: str, expected: str, key: bytes) -> bool:
    """Whether the client's token is the expected one."""
    digest = hmac.new(key, expected.encode(), hashlib.sha256).hexdigest()
    given = token.strip().lower()
    if not given:
        return False
    return hmac.compare_digest(digest, given)
'''

FILES = {
    "src/pool.py": POOL,
    "src/routes.py": ROUTES,
    "src/prices.py": PRICES,
    "src/tokens.py": TOKENS,
}


def _line(name: str, needle: str) -> int:
    return line_in(FILES, name, needle)


@pytest.fixture
def sample_repo(tmp_path: Path) -> GitRepo:
    """This module's files instead of the shared sample (conftest's ``engine`` uses it)."""
    return project_of(tmp_path, FILES)


def test_a_matching_comment_brings_the_code_it_speaks_of() -> None:
    lines = ROUTES.splitlines()
    question = read_question("How is a relative path joined to the root?")
    picked = [lines[i].strip() for i in best_lines(lines, question, 1)]
    assert picked[0].startswith("# A relative path is joined")
    assert 'if not cleaned.startswith("/"):' in picked
    assert 'cleaned = "/" + cleaned' in picked


def test_docstring_lines_are_told_apart_from_code() -> None:
    lines = POOL.splitlines()
    inside = {lines[i].strip() for i in docstring_lines(lines)}
    assert '"""Take a connection from the pool."""' in inside
    assert "self.taken.append(name)" not in inside
    assert '"""Connections to reuse. The pool limit says how many may be open at once."""' in (
        inside
    )


def test_code_outranks_a_docstring_with_the_same_words() -> None:
    lines = POOL.splitlines()
    question = read_question("What happens when the pool limit is reached?")
    scores = dict(zip((line.strip() for line in lines), score_lines(lines, question), strict=True))
    prose = '"""Connections to reuse. The pool limit says how many may be open at once."""'
    assert scores["if len(self.taken) >= self.limit:"] > scores[prose] > 0


async def test_the_answer_says_where_an_attribute_is_set_and_its_default(engine: Engine) -> None:
    text = await ask_in_words(engine, "What happens when the pool limit is reached in acquire?")
    set_at = _line("src/pool.py", "self.limit = limit")
    constant = _line("src/pool.py", "DEFAULT_POOL_LIMIT = 10")
    assert (
        f"`self.limit` is set at `src/pool.py:{set_at}`: `self.limit = limit`, "
        "default `DEFAULT_POOL_LIMIT`" in text
    )
    assert f"`DEFAULT_POOL_LIMIT = 10` (`src/pool.py:{constant}`)" in text


async def test_the_next_definitions_are_quoted_and_prose_mentions_are_not_uses(
    engine: Engine,
) -> None:
    text = await ask_in_words(engine, "How does route handle a relative path?")
    assert "**Related code, by relevance to the question:**" in text
    related = text[text.index("**Related code") :]
    summary = _line("src/routes.py", "def describe_routing")
    assert f"`src/routes.py:{summary}" in related  # the other definition, quoted
    # `describe_routing`'s docstring mentions routing but does not use `route`
    used = text[text.index("**Used by") :] if "**Used by" in text else ""
    assert "Routing picks the handler" not in used


async def test_what_it_returns_when_names_the_branch_on_the_way_to_the_return(
    engine: Engine,
) -> None:
    # no return tests `member`; the branch before the one return does
    text = await ask_in_words(engine, "What does discount return when member is true?")
    branch = _line("src/prices.py", "if member:")
    done = _line("src/prices.py", "return total")
    assert (
        f"**When `member`, `discount` first sets `total *= 0.9` (`src/prices.py:{branch}`), "
        f"then returns `total`** (`src/prices.py:{done}`)." in text
    )
    assert f"- returns `total` in every case (`src/prices.py:{done}`)" in text


async def test_a_short_definition_is_quoted_whole(engine: Engine) -> None:
    # the lines that build the digest share no word with the question: quoted all the same
    text = await ask_in_words(engine, "How does check_token check the client's token?")
    assert "hmac.new(key, expected.encode(), hashlib.sha256).hexdigest()" in text
    assert "hmac.compare_digest(digest, given)" in text
