"""The grounded answer answers what is asked: one test per kind of question, each on a
real file in a real workspace index, each failing on the old one-size template."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine
from qgpt_lsp.wire import (
    QGPTQuestionInput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    fragment_seed,
)

from .answer_sample import build_answer_sample, line_of, selection
from .conftest import GROUNDED, ask_in_words
from .gitrepo import GitRepo
from .sample import evict_selection


@pytest.fixture
async def answering(tmp_path: Path) -> AsyncIterator[Engine]:
    repo = build_answer_sample(tmp_path / "project")
    engine = Engine([repo.root], GROUNDED, cache_dir=tmp_path / "cache")
    await engine.build_index()
    yield engine
    await engine.aclose()


async def _ask(engine: Engine, query: str, *items: RelevantQGPTSeed) -> str:
    request = QGPTQuestionInput(query=query, relevant=RelevantQGPTSeeds(iterable=list(items)))
    output = await engine.question(request)
    return output.answers.iterable[0].text


async def test_what_it_returns_when_quotes_the_return_under_the_matching_condition(
    answering: Engine,
) -> None:
    # the selection is the signature alone: the deciding lines are past it (and past
    # line 12 of the definition, all the old template showed)
    root = answering.roots[0]
    first = line_of("src/helptext.py", "def shorten_help")
    asked = selection(root, "src/helptext.py", first, first)
    text = await _ask(
        answering, "What does this return when the help text is longer than max_length?", asked
    )
    cut = line_of("src/helptext.py", 'return help_text[: max_length - 3].rstrip() + "..."')
    lead = text[: text.index("```")]
    assert (
        "**When `len(help_text) > max_length`, `shorten_help` returns "
        '`help_text[: max_length - 3].rstrip() + "..."`** '
        f"(`src/helptext.py:{cut}`)" in lead
    )
    assert (
        "- returns `help_text` when `words` and `len(help_text) <= max_length` "
        f"(`src/helptext.py:{cut + 1}`)" in text
    )
    assert f'{cut}          return help_text[: max_length - 3].rstrip() + "..."' in text
    assert f"{cut - 1}      if len(help_text) > max_length:" in text
    assert "snippet 1" not in text


async def test_what_it_returns_when_reads_a_guard_clause_the_right_way_round(
    answering: Engine,
) -> None:
    # `if len(sentence) <= max_length: return sentence` shares every word with the question
    # and means the opposite: the answer is the return after it
    root = answering.roots[0]
    first = line_of("src/helptext.py", "def first_sentence")
    asked = selection(root, "src/helptext.py", first, first)
    text = await _ask(
        answering, "What does it return when the sentence is longer than max_length?", asked
    )
    cut = line_of("src/helptext.py", 'return sentence[: max_length - 3] + "..."')
    assert (
        "**When `len(sentence) > max_length` and `max_length >= 3`, `first_sentence` returns "
        f'`sentence[: max_length - 3] + "..."`** (`src/helptext.py:{cut}`)' in text
    )


async def test_what_happens_if_names_the_branch_and_what_it_does(answering: Engine) -> None:
    root = answering.roots[0]
    first = line_of("src/settings.py", "def load_settings")
    asked = selection(root, "src/settings.py", first, first + 8)
    text = await _ask(answering, "What happens if the settings file does not exist?", asked)
    branch = line_of("src/settings.py", "if not path.exists():")
    assert (
        f"- **If `not path.exists()`** (`src/settings.py:{branch}`), it returns `default or {{}}`."
        in text
    )
    assert f"{branch}      if not path.exists():" in text


async def test_where_is_it_set_names_the_place_the_line_and_the_constant(
    answering: Engine,
) -> None:
    text = await ask_in_words(answering, "Where is the retry limit set?")
    line = line_of("src/retry.py", "self.retry_limit = limit")
    assert text.startswith("## `Retrier.__init__`")
    assert (
        f"**It is decided in `Retrier.__init__`** (`src/retry.py:9-11`), at "
        f"`src/retry.py:{line}`: `self.retry_limit = limit if limit is not None else "
        "DEFAULT_RETRY_LIMIT`" in text
    )
    assert "**Values:** `DEFAULT_RETRY_LIMIT = 5` (`src/retry.py:3`)" in text


async def test_find_bugs_lists_concrete_findings_at_their_lines(answering: Engine) -> None:
    root = answering.roots[0]
    first = line_of("src/ports.py", "def read_port")
    asked = selection(root, "src/ports.py", first, first + 11)
    text = await _ask(answering, "Find bugs in this code.", asked)
    at = {
        needle: line_of("src/ports.py", needle) for needle in ("port = match", "except:", "raise")
    }
    assert f"`src/ports.py:{at['port = match']}`: `match` may be `None` here" in text
    assert "(from `re.match()`" in text
    assert f"`src/ports.py:{at['except:']}`: swallows every exception (bare `except:`)" in text
    assert (
        f'`src/ports.py:{at["raise"]}`: raises `ValueError("negative port")` when `value < 0`'
        in text
    )
    if shutil.which("ruff") or (Path(sys.executable).parent / "ruff").is_file():
        assert "ruff B006" in text and "ruff E722" in text


async def test_explain_this_error_names_the_undefined_name_and_the_nearest_one(
    answering: Engine,
) -> None:
    root = answering.roots[0]
    used = line_of("src/scale.py", "result = valeu * factor")
    asked = selection(root, "src/scale.py", used, used)
    text = await _ask(answering, "Explain this error: undefined name 'valeu'", asked)
    defined = line_of("src/scale.py", "def scale")
    assert (
        f"- **`valeu`** is used at `src/scale.py:{used}` but nothing in scope defines it. "
        f"The nearest defined name is **`value`** (`src/scale.py:{defined}`)" in text
    )
    assert f"{used}      result = valeu * factor" in text


async def test_how_is_it_tested_leads_with_the_tests(engine: Engine, sample_repo: GitRepo) -> None:
    text = await _ask(engine, "How is this tested?", evict_selection(sample_repo.root))
    tests = text.index("**`evict_oldest` is tested in:**")
    used = text.index("**`evict_oldest` is used by**")
    assert tests < used < text.index("```")
    assert (
        '- `tests/test_cache.py:6` in `test_evict_oldest`: `assert evict_oldest(items) == "a"`'
        in text
    )
    assert text.index("`src/store.py:9` in `shrink`") < text.index("`src/store.py:3`")


async def test_a_question_in_words_leads_with_the_definition_that_decides(
    answering: Engine,
) -> None:
    text = await ask_in_words(answering, "How does the client decide whether to follow a redirect?")
    assert text.startswith("## `Client._send_handling_redirects`")
    follow = line_of("src/client.py", "if not follow_redirects:")
    single = line_of("src/client.py", "def _send_single")
    assert f"`self._send_single()` (`src/client.py:{single}`)" in text
    assert (
        f"- **If `not follow_redirects`** (`src/client.py:{follow}`), it returns `response`."
        in text
    )


async def test_calls_are_call_nodes_not_words_in_comments(answering: Engine) -> None:
    root = answering.roots[0]
    first = line_of("src/ports.py", "def read_port")
    text = await _ask(
        answering, "Explain this code.", selection(root, "src/ports.py", first, first)
    )
    calls = next(line for line in text.splitlines() if line.startswith("**Calls:**"))
    assert "`re.match()`" in calls and "`config.get()`" in calls and "`seen.append()`" in calls
    assert "marker" not in calls and "`b()`" not in calls and "`ok()`" not in calls


async def test_the_selection_is_shown_once_by_its_file_and_lines(
    engine: Engine, sample_repo: GitRepo
) -> None:
    # an editor sends the selection as a bare fragment; the answer finds its file
    item = evict_selection(sample_repo.root)
    fragment = item.location.text if item.location else ""
    bare = RelevantQGPTSeed(seed=fragment_seed(fragment, "py"))
    text = await _ask(engine, "what does this do?", bare)
    assert text.count("Selection: `src/cache.py:12-17`") == 1
    assert "snippet 1" not in text
    assert "**`evict_oldest`** (`src/cache.py:12-17`): Drop the oldest entry" in text
