"""What the code says about a question's subject: definitions, calls, callers, tests, commits.

Blocking (index search, git): callers run :meth:`FactFinder.gather` in a thread.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ..answerers.base import CitedCode, CodeFacts
from ..index.model import Chunk, ScoredChunk
from ..people.git import latest_commits

_DEFINITION = re.compile(
    r"^\s*(?:export\s+)?(?:async\s+)?(?:def|class|function|func|fn|interface|struct)\s+(\w+)",
    re.MULTILINE,
)
_CALL = re.compile(r"\b([A-Za-z_][\w.]*)\s*\(")
_NOT_CALLS = frozenset(
    [
        "if",
        "for",
        "while",
        "return",
        "print",
        "len",
        "str",
        "int",
        "list",
        "dict",
        "set",
        "tuple",
        "super",
        "isinstance",
        "def",
        "class",
        "function",
        "func",
        "fn",
        "switch",
        "catch",
        "with",
        "and",
        "or",
        "not",
        "elif",
        "await",
        "yield",
        "lambda",
        "range",
        "type",
    ]
)
_TEST_PATH = re.compile(r"(^|/)(tests?/|test_[^/]*$|[^/]*_test\.\w+$|[^/]*\.(spec|test)\.\w+$)")
_LIMIT = 8


class CodeIndex(Protocol):
    """The part of the workspace index the facts need."""

    def search(
        self,
        query: str,
        paths: list[Path] | None = None,
        limit: int = 10,
        boost: None = None,
        *,
        windows: bool = True,
    ) -> list[ScoredChunk]: ...

    def chunks_for_file(self, path: Path) -> list[Chunk]: ...


class FactFinder:
    """Gathers :class:`CodeFacts` for the first (most relevant) snippet."""

    def __init__(self, index: CodeIndex, label: Labeler) -> None:
        self._index = index
        self._label = label

    def gather(self, query: str, snippets: Sequence[CitedCode]) -> CodeFacts:
        if not snippets:
            return CodeFacts(subject=query)
        primary = snippets[0]
        definitions = self._definitions(primary)
        names = [name for name, _ in definitions][:3]
        callers, tests = self._usages(names, primary)
        return CodeFacts(
            subject=", ".join(f"`{n}`" for n in names) or primary.cite,
            definitions=[text for _, text in definitions],
            calls=_calls(primary.text, set(names)),
            docs=_docs(primary.text),
            callers=callers,
            tests=tests,
            commits=_commits(primary),
            snippets=list(snippets[:5]),
        )

    def _definitions(self, snippet: CitedCode) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if snippet.path is not None:
            for chunk in self._index.chunks_for_file(snippet.path):
                first, last = chunk.start_line + 1, chunk.end_line + 1
                inside = snippet.start_line <= first <= snippet.end_line or (
                    first <= snippet.start_line and last >= snippet.end_line
                )
                if chunk.symbol and chunk.kind != "window" and inside:
                    shown = chunk.signature or f"{chunk.kind or 'symbol'} {chunk.symbol}"
                    at = self._label(chunk.path, first, first)
                    found.append((chunk.symbol, f"`{shown.strip()}` at `{at}`"))
        if not found:
            for match in _DEFINITION.finditer(snippet.text):
                line = snippet.start_line + snippet.text.count("\n", 0, match.start())
                at = self._label(snippet.path, line, line) if snippet.path else snippet.cite
                whole = snippet.text[match.start() :].split("\n", 1)[0].strip()
                found.append((match.group(1), f"`{whole}` at `{at}`"))
        found.sort(key=lambda pair: pair[0] != snippet.focus)  # the ranked definition first
        return found[:_LIMIT]

    def _usages(self, names: list[str], primary: CitedCode) -> tuple[list[str], list[str]]:
        callers: list[str] = []
        tests: list[str] = []
        for name in names:
            pattern = re.compile(rf"\b{re.escape(name)}\b")
            for hit in self._index.search(name, limit=30, windows=False):
                place = self._usage_in(hit.chunk, pattern, primary)
                if place is None:
                    continue
                bucket = tests if _TEST_PATH.search(place) else callers
                if place not in bucket and len(bucket) < _LIMIT:
                    bucket.append(place)
        return callers, tests

    def _usage_in(self, chunk: Chunk, pattern: re.Pattern[str], primary: CitedCode) -> str | None:
        for offset, line in enumerate(chunk.text.splitlines()):
            number = chunk.start_line + 1 + offset
            own = chunk.path == primary.path and (primary.start_line <= number <= primary.end_line)
            if own or not pattern.search(line) or _DEFINITION.match(line):
                continue
            where = f" in `{chunk.symbol}`" if chunk.symbol else ""
            return f"`{self._label(chunk.path, number, number)}`{where}: `{line.strip()[:100]}`"
        return None


class Labeler(Protocol):
    def __call__(self, path: Path | None, start: int, end: int) -> str: ...


def _calls(text: str, defined: set[str]) -> list[str]:
    seen: list[str] = []
    body = "\n".join(text.splitlines()[1:]) if defined else text
    for match in _CALL.finditer(body):
        name = match.group(1)
        if name.split(".")[-1] in _NOT_CALLS or name in defined or name in seen:
            continue
        seen.append(name)
    return seen[:10]


def _docs(text: str) -> list[str]:
    lines: list[str] = []
    docstring = re.search(r'(?s)("""|\'\'\')(.+?)\1', text)
    if docstring:
        lines.extend(part.strip() for part in docstring.group(2).strip().splitlines()[:4])
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("#", "//", "/*", "* ", "--")) and not stripped.startswith("#!"):
            lines.append(stripped.lstrip("#/*- ").strip())
    return [line for line in lines if line][:6]


def _commits(snippet: CitedCode) -> list[str]:
    if snippet.path is None or not snippet.path.is_file():
        return []
    return latest_commits(snippet.path, snippet.start_line, snippet.end_line)
