"""The detail that makes a grounded answer an answer: the raise holding a quoted
message with the assignments its condition tests, an ``else`` said plainly, the
project's own name never taken for a word about one piece of code, and a related
definition short enough to read quoted whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.answering.questions import read_question

from .conftest import ask_in_words, line_in, project_of
from .gitrepo import GitRepo

DATES = '''"""Parsing dates."""


class ParserError(ValueError):
    """A date that cannot be parsed."""


def parse_stamp(text: str) -> tuple[str, str]:
    """Split a date and time written with one divider."""
    has_space_divider = " " in text
    has_t_divider = "T" in text
    num_spaces = text.count(" ")
    if has_space_divider and num_spaces != 1 or has_t_divider and num_spaces > 0:
        raise ParserError(
            f"Expected a stamp with one divider, but was given {text!r}. "
            "Try passing a format string instead."
        )
    day, _, time = text.replace("T", " ").partition(" ")
    return day, time
'''

GRADES = '''"""Grades."""


def grade(score: int, bonus: int) -> str:
    """The grade of a score."""
    total = score + bonus
    passed = total >= 50
    if passed:
        return "pass"
    return "fail"
'''

HEADERS = '''"""Handshake headers."""


def handshake_key(options: dict) -> str:
    """The key sent in the handshake."""
    if not options.get("header") or "key" not in options["header"]:
        key = "generated"
    else:
        key = options["header"]["key"]
    return key
'''

RETRIES = '''"""Retries."""


def retry_delay(attempt: int) -> float:
    """The delay before a retry attempt."""
    if attempt <= 0:
        return 0.0
    return min(2.0 ** attempt, 60.0)


def retry_budget(attempts: int) -> float:
    """The total delay of all retry attempts."""
    total = 0.0
    step = 1
    while step <= attempts:
        total += min(2.0 ** step, 60.0)
        step += 1
    spent = round(total, 3)
    return spent


def schedule(attempts: int, log: list[str]) -> list[float]:
    """The delays of a retry schedule."""
    delays: list[float] = []
    for attempt in range(attempts):
        log.append(str(attempt))
        delays.append(retry_delay(attempt))
    return delays
'''

PICKS = '''"""Picking items."""


def pick(items: list[str], key: str, strict: bool) -> str:
    """Pick the item for a key."""
    if not items:
        return ""
    if key == "":
        raise ValueError("empty key")
    for item in items:
        if item.startswith(key):
            return item
    return items[0]
'''

FILES = {
    "clock/picks.py": PICKS,
    "clock/dates.py": DATES,
    "clock/grades.py": GRADES,
    "clock/headers.py": HEADERS,
    "clock/retries.py": RETRIES,
}


def _line(name: str, needle: str) -> int:
    return line_in(FILES, name, needle)


@pytest.fixture
def sample_repo(tmp_path: Path) -> GitRepo:
    """This module's files instead of the shared sample (conftest's ``engine`` uses it)."""
    return project_of(tmp_path, FILES)


async def test_a_message_inside_the_raise_names_the_raise_and_what_its_condition_tests(
    engine: Engine,
) -> None:
    text = await ask_in_words(
        engine,
        'Explain this error: "Expected a stamp with one divider, but was given '
        "'2013-05-05 12:30 PM'. Try passing a format string instead.\"",
    )
    raised = _line("clock/dates.py", "raise ParserError(")
    assert (
        "**When `has_space_divider and num_spaces != 1 or has_t_divider and num_spaces > 0`, "
        "`parse_stamp` raises" in text
    )
    assert f"(`clock/dates.py:{raised}`)" in text
    # the quote shows where the names the condition tests get their values
    assert 'has_space_divider = " " in text' in text
    assert 'num_spaces = text.count(" ")' in text


async def test_what_it_returns_when_shows_how_a_tested_local_is_computed(engine: Engine) -> None:
    text = await ask_in_words(engine, "What does grade return when passed?")
    assert "passed = total >= 50" in text
    assert 'return "pass"' in text


async def test_an_else_of_a_compound_condition_is_said_plainly(engine: Engine) -> None:
    text = await ask_in_words(
        engine, "What happens if the header already holds a key in handshake_key?"
    )
    condition = 'not options.get("header") or "key" not in options["header"]'
    assert f"**If `{condition}` is false**" in text
    assert f"not `{condition}`" not in text


def test_the_project_name_is_not_a_word_about_its_code() -> None:
    asked = read_question("How does clock parse a stamp?", frozenset({"clock"}))
    assert "clock" not in asked.terms
    assert "stamp" in asked.terms
    # written as code, it is a name
    named = read_question("How does `clock` parse a stamp?", frozenset({"clock"}))
    assert "clock" in named.terms
    # the project's name alone is still searched
    alone = read_question("clock?", frozenset({"clock"}))
    assert "clock" in alone.terms


async def test_a_short_related_definition_is_quoted_whole(engine: Engine) -> None:
    text = await ask_in_words(engine, "How long is the delay before a retry attempt?")
    assert text.index("retry_delay") < text.index("retry_budget")
    related = text[text.index("**Related code") :]
    # a line sharing no word with the question, shown because the definition is short
    assert "spent = round(total, 3)" in related


async def test_calls_into_the_code_around_it_are_listed_first(engine: Engine) -> None:
    text = await ask_in_words(engine, "How does schedule build the retry schedule?")
    calls = next(line for line in text.splitlines() if line.startswith("**Calls:**"))
    delay = _line("clock/retries.py", "def retry_delay")
    assert calls.index(f"`retry_delay()` (`clock/retries.py:{delay}`)") < calls.index(
        "`log.append()`"
    )


async def test_each_exit_lists_its_innermost_conditions(engine: Engine) -> None:
    text = await ask_in_words(engine, "What does pick return when an item starts with the key?")
    found = _line("clock/picks.py", "return item")
    # not the guards passed on the way (`items`, `key != ""`) again for every exit
    listed = "when … and for `item in items` and `item.startswith(key)`"
    assert f"- returns `item` {listed} (`clock/picks.py:{found}`)" in text
