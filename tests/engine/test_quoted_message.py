"""A question that quotes a message the code writes ("why do I get '...'?") finds the
code that writes it, however common its words, and answers with the statement that
sends it and the conditions that lead there; an error message that is not about a
name is never read as a list of misspelt names."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.index import WorkspaceIndex
from qgpt_lsp.engine.index.quoted import longest_run, quoted_message
from qgpt_lsp.wire import QGPTRelevanceInput

from .conftest import line_in, project_of
from .gitrepo import GitRepo

# Every word of the message is common in this code base: BM25 alone ranks the
# functions that talk about fields and values above the one that writes it.
EXECUTOR = '''"""Completing the values of fields."""


def complete_value(field_type: str, result: object, field: str) -> object:
    """Complete a value of a field for its type."""
    if field_type.endswith("!"):
        completed = complete_value(field_type[:-1], result, field)
        if completed is None:
            msg = (
                "Cannot return null for non-nullable field"
                f" {field}."
            )
            raise TypeError(msg)
        return completed
    return result
'''

NOISE = '''"""Nullable and non-nullable fields."""


def is_non_nullable_field(field: str) -> bool:
    """Whether a field is non-nullable: a non-nullable field cannot return null."""
    return field.endswith("!")


def nullable_field(field: str) -> str:
    """The nullable field for a non-nullable one (a field that can return null)."""
    return field.rstrip("!")


def return_null_for_field(field: str) -> None:
    """Return null for a nullable field; a non-nullable field cannot return null."""
    return None
'''

FILES = {"lib/executor.py": EXECUTOR, "lib/fields.py": NOISE}


def _line(name: str, needle: str) -> int:
    return line_in(FILES, name, needle)


def test_the_quoted_message_is_read_from_quotes_or_after_error() -> None:
    asked = 'Why do I get "Cannot return null for non-nullable field Query.user."?'
    assert quoted_message(asked)[:4] == ["cannot", "return", "null", "for"]
    assert quoted_message("Explain this error: Document is nested too deeply.")[:3] == [
        "document",
        "is",
        "nested",
    ]
    assert quoted_message("What does 'max_length' do?") == []  # a name, not a message


def test_a_run_counts_words_in_order_and_skips_the_runtime_parts() -> None:
    message = quoted_message('"Cannot return null for non-nullable field Query.user."')
    code = '"Cannot return null for non-nullable field"\n f" {info.parent_type}."'
    assert longest_run(message, code) == 7  # everything but the formatted `Query.user`
    assert longest_run(message, "return null for a field") == 3
    assert longest_run(message, "a field cannot be null") == 1


@pytest.fixture
def sample_repo(tmp_path: Path) -> GitRepo:
    """This module's files instead of the shared sample (conftest's ``engine`` uses it)."""
    return project_of(tmp_path, FILES)


def test_search_ranks_the_code_writing_the_message_first(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "project")
    repo.commit(FILES, "Alice Archer", "alice@example.com", 3, "add the executor")
    index = WorkspaceIndex([repo.root], cache_dir=tmp_path / "cache")
    index.build()
    found = index.search('Why "Cannot return null for non-nullable field Query.user."?', limit=3)
    assert found[0].chunk.symbol == "complete_value"
    # without the quotes, the same words are common ones: no message lookup happens
    plain = index.search("why cannot return null for non nullable field", limit=3)
    assert plain[0].chunk.symbol != "complete_value" or len(plain) == 1
    index.close()


async def test_the_answer_names_the_raise_and_the_conditions_that_lead_there(
    engine: Engine,
) -> None:
    request = QGPTRelevanceInput.from_wire(
        {
            "query": 'Explain this error: "Cannot return null for non-nullable field Query.user."',
            "options": {"question": True},
        }
    )
    output = await engine.relevance(request)
    assert output.answer is not None
    text = output.answer.text
    raised = _line("lib/executor.py", "raise TypeError(msg)")
    written = _line("lib/executor.py", '"Cannot return null')
    assert (
        f'**When `field_type.endswith("!")` and `completed is None`, `complete_value` raises '
        f"`TypeError(msg)`** (`lib/executor.py:{raised}`); `complete_value` writes the message "
        f"(`lib/executor.py:{written}`)." in text
    )
    assert "probably what was meant" not in text  # no word of it read as a misspelt name
