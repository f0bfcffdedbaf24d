"""A project where the words of "explain this code" / "find bugs" lead astray.

``pkg/query.py`` defines ``standalone_query`` (the selection asked about); it is
called from ``pkg/follow.py``, tested in ``tests/test_query.py``, and calls
``split_words`` (``pkg/words.py``). Two decoys match a fixed question's words:
a doc page that "explains this code" and ``find_root``, whose docstring talks
about bugs in this code. ``notes.md`` holds the misspelt name a diagnostic
quotes (``timout``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from qgpt_lsp.engine import Engine
from qgpt_lsp.wire import RelevantQGPTSeed

from .conftest import GROUNDED

QUERY = '''"""Follow-up questions rewritten as standalone queries."""

from .words import split_words


def standalone_query(query: str, subject: str) -> str:
    """Name the subject where the follow-up says "it"."""
    words = split_words(query)
    if not subject:
        raise ValueError("a follow-up needs a subject")
    return " ".join(subject if word == "it" else word for word in words)


def wait_seconds(value: float) -> float:
    """How long to wait before asking again."""
    return max(value, 0.5)
'''

FILES = {
    "pkg/__init__.py": "",
    "pkg/query.py": QUERY,
    "pkg/words.py": '''def split_words(text: str) -> list[str]:
    """The words of a text, split at white space."""
    return text.split()
''',
    "pkg/follow.py": '''from .query import standalone_query


def rewrite_follow_up(question: str, previous: str) -> str:
    """A follow-up as a question that stands on its own."""
    return standalone_query(question, previous)
''',
    "pkg/paths.py": '''from pathlib import Path


def find_root(start: Path) -> Path:
    """Find the root folder: find bugs in this code by finding its root first."""
    for folder in [start, *start.parents]:
        if (folder / ".git").exists():
            return folder
    return start
''',
    "tests/test_query.py": """from pkg.query import standalone_query


def test_standalone_query_names_the_subject() -> None:
    assert standalone_query("how is it tested", "parse") == "how is parse tested"
""",
    "docs/explain.md": """# Explain this code

This page explains the code. To explain this code to a new user, explain what this
code does, then explain how the code is used, and find bugs in this code.
""",
    "notes.md": "# Notes\n\nOld configs spell the setting timout; it was renamed.\n",
}

#: 1-based lines of ``standalone_query`` in QUERY (def .. return).
DEF_START, DEF_END = 6, 11
#: The line a diagnostic points at inside it (``words = split_words(query)``).
DIAGNOSED = 8


@dataclass(frozen=True)
class Project:
    root: Path
    engine: Engine

    def lines(self, first: int, last: int) -> str:
        """Lines ``first..last`` (1-based) of ``pkg/query.py``, as an editor sends them."""
        return "".join(QUERY.splitlines(keepends=True)[first - 1 : last])

    def place(self, item: RelevantQGPTSeed) -> str:
        """``pkg/query.py:6-11`` for an item with a path and a location ("" without)."""
        if item.path is None or item.location is None:
            return ""
        path = Path(item.path)
        text = path.read_text()
        first = text.count("\n", 0, item.location.start) + 1
        last = first + item.location.text.rstrip("\n").count("\n")
        return f"{path.relative_to(self.root).as_posix()}:{first}-{last}"


def write_project(root: Path) -> Path:
    """The files under ``root``; the resolved root."""
    for relative, text in FILES.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    return root.resolve()


async def open_project(root: Path, cache: Path) -> AsyncIterator[Project]:
    """The project in ``root`` with its engine (grounded answerer), index built."""
    engine = Engine([root], GROUNDED, cache_dir=cache)
    await engine.build_index()
    try:
        yield Project(root, engine)
    finally:
        await engine.aclose()
