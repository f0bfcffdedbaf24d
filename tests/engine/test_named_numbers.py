"""A number in a question is read as the name the code gives it: "a 303 redirect"
finds the code that tests ``SEE_OTHER``, and the answer is about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.index import WorkspaceIndex
from qgpt_lsp.engine.index.numbers import names_assigned, numbers_in
from qgpt_lsp.wire import QGPTRelevanceInput

from .gitrepo import GitRepo

CODES = '''"""Status codes."""
from enum import IntEnum


class codes(IntEnum):
    OK = 200, "OK"
    FOUND = 302, "Found"
    SEE_OTHER = 303, "See Other"
    NOT_FOUND = 404, "Not Found"
'''

# Every function below talks of methods, bodies and redirects; only one decides
# what a 303 does, and it never writes the number.
CLIENT = '''"""Following redirects."""
from .codes import codes


def redirect_method(method: str, status: int) -> str:
    """The method of the next request."""
    if status == codes.SEE_OTHER and method != "HEAD":
        method = "GET"
    return method


def describe_redirects(method: str, body: bytes) -> str:
    """A redirect keeps the method and the body of the request, or changes the method
    of the request and drops its body: how a redirect treats a method and a body."""
    return f"a redirect of {method} with a body of {len(body)} bytes"


def send_body(method: str, body: bytes) -> bytes:
    """Send the body of a request with its method, before any redirect."""
    return method.encode() + body
'''

FILES = {"pkg/codes.py": CODES, "pkg/client.py": CLIENT}


def test_numbers_are_read_as_the_names_assigned_them() -> None:
    assert numbers_in("what does a 302 or 303 redirect do, and 30 or 1.5?") == ["302", "303"]
    assert names_assigned(["303", "302"], [CODES]) == ["FOUND", "SEE_OTHER"]
    assert names_assigned(["3030"], [CODES]) == []


@pytest.fixture
def sample_repo(tmp_path: Path) -> GitRepo:
    """This module's files instead of the shared sample (conftest's ``engine`` uses it)."""
    repo = GitRepo(tmp_path / "project")
    repo.commit(FILES, "Alice Archer", "alice@example.com", 3, "add the client")
    return repo


def test_search_finds_the_code_that_tests_the_name(sample_repo: GitRepo, tmp_path: Path) -> None:
    index = WorkspaceIndex([sample_repo.root], cache_dir=tmp_path / "cache")
    index.build()
    question = "What happens to the method and body of a request on a 303 redirect?"
    assert index.with_named_numbers(question).endswith(" SEE_OTHER")
    found = index.search(question, limit=5)
    assert found[0].chunk.symbol == "redirect_method", [h.chunk.symbol for h in found]
    index.close()


async def test_the_answer_is_about_the_code_that_tests_the_name(engine: Engine) -> None:
    question = "What happens to the method and body of a request on a 303 redirect?"
    request = QGPTRelevanceInput.from_wire({"query": question, "options": {"question": True}})
    output = await engine.relevance(request)
    assert output.answer is not None
    assert output.answer.text.startswith("## `redirect_method`"), output.answer.text[:300]
    assert "codes.SEE_OTHER" in output.answer.text
