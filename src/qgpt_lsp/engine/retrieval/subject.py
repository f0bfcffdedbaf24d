"""What a question about a selection is about: the definitions the selection lies in or defines.

A QGPT seed carries the selected text and no path, so :class:`SubjectFinder`
finds the text in the workspace first (an open buffer is indexed with its
unsaved text). There it reads the definitions the selection defines (a whole
function or class selected), else the innermost one it lies in (a line, a
diagnostic's line, a cursor); their names are what "explain this" searches
(:mod:`.question`), and the code they call is shown beside them.

It also reads an answer's ``file:line`` citations back as the definitions cited,
which is what "it" means in a follow-up (:mod:`..answering.reprompt`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ... import errors
from ..index.model import Chunk, ScoredChunk
from ..people.locate import locate_fragment
from .question import identifiers, question_terms

__all__ = ["Definition", "Subject", "SubjectFinder", "SubjectIndex", "definitions_at"]

#: A selection of at most this many lines is shown as the definition it lies in.
WIDEN_AT_MOST = 3
#: ... unless that definition is longer than this.
WIDEN_LIMIT = 150
MAX_NAMES = 3
#: Fewer non-space characters than this are not looked for (found anywhere).
MIN_LOCATED = 8
_DEFINITION_KINDS = frozenset({"function", "method", "class"})
#: A call of a plain name or of a method on ``self``/``cls``/``this`` (``obj.read()`` could be
#: any ``read``: not looked up).
_CALL = re.compile(r"(?:(?<![\w.])|(?<=self\.)|(?<=cls\.)|(?<=this\.))([A-Za-z_]\w*)\s*\(")
_NOT_CALLED_WORDS = """if elif for while return print len str int float bool list dict set
    tuple super
    isinstance issubclass hasattr getattr setattr def class function func fn switch catch with
    and or not await yield lambda range type sorted reversed enumerate zip map filter min max
    sum any all iter next repr format open self cls"""
_NOT_CALLED = frozenset(_NOT_CALLED_WORDS.split())
_CITATION = re.compile(r"(?<![\w/.-])([\w.-]+(?:/[\w.-]+)*\.\w+):(\d+)(?:-(\d+))?")
#: Most call names looked up for the callees of a subject, and callees kept.
MAX_CALL_LOOKUPS, MAX_CALLEES = 8, 3


class SubjectIndex(Protocol):
    """The part of the workspace index a subject needs."""

    def search(
        self,
        query: str,
        paths: Iterable[Path | str] | None = None,
        limit: int = 10,
        boost: None = None,
        *,
        windows: bool = True,
    ) -> list[ScoredChunk]: ...

    def chunks_for_file(self, path: Path | str) -> list[Chunk]: ...

    def read_text(self, path: Path | str) -> str | None: ...

    def resolve_inside(self, path: Path | str) -> Path: ...


@dataclass(frozen=True)
class Definition:
    """A function, method or class: its name and 1-based, inclusive lines."""

    name: str
    kind: str
    start: int
    end: int
    parent: str | None = None


@dataclass(frozen=True)
class Subject:
    """A selection found in a workspace file (1-based lines) and what it is about."""

    path: Path
    start: int
    end: int
    definitions: tuple[Definition, ...]
    words: tuple[str, ...] = ()  # the selection's identifiers, when it defines nothing

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(d.name for d in self.definitions))[:MAX_NAMES]

    @property
    def shown(self) -> tuple[int, int]:
        """The lines to show: the selection, or the definition a short selection lies in."""
        if self.end - self.start + 1 > WIDEN_AT_MOST or not self.definitions:
            return self.start, self.end
        inner = self.definitions[0]
        inside = inner.start <= self.start and self.end <= inner.end
        if inside and inner.end - inner.start < WIDEN_LIMIT:
            return inner.start, inner.end
        return self.start, self.end

    def query(self, question: str) -> str:
        """The search for ``question`` about this code: its own words, then the names."""
        names = self.names or list(self.words)
        return " ".join(dict.fromkeys([*question_terms(question), *names]))

    def shows(self, path: Path, start: int, end: int) -> bool:
        """True when lines ``start..end`` (1-based) of ``path`` are among those shown."""
        first, last = self.shown
        return path == self.path and start <= last and first <= end


class SubjectFinder:
    """Finds subjects in the workspace ``index`` (whose ``roots`` cited paths are under)."""

    def __init__(self, index: SubjectIndex, roots: Sequence[Path]) -> None:
        self.index = index
        self.roots = [root.resolve() for root in roots]

    def locate(self, fragment: str) -> Subject | None:
        """The subject of a selection given by its text; None when no file holds it, or
        when it is too little to tell where it is (a letter, a bracket)."""
        if len("".join(fragment.split())) < MIN_LOCATED or not identifiers(fragment):
            return None
        found = locate_fragment(self.index, fragment)
        return self.at(found.path, found.start, found.end) if found is not None else None

    def at(self, path: Path, start: int, end: int) -> Subject:
        """The subject of lines ``start..end`` (1-based) of ``path``."""
        found = tuple(definitions_at(self.index.chunks_for_file(path), start, end))
        words: tuple[str, ...] = ()
        if not found:
            text = self.index.read_text(path) or ""
            words = tuple(identifiers("\n".join(text.splitlines()[start - 1 : end]))[:8])
        return Subject(path, start, end, found, words)

    def callees(self, subject: Subject, paths: Sequence[str] | None) -> list[Chunk]:
        """The definitions the subject's code calls (looked up by name), first called first."""
        text = self.index.read_text(subject.path) or ""
        first, last = subject.shown
        body = "\n".join(text.splitlines()[first - 1 : last])
        names = [n for n in dict.fromkeys(_CALL.findall(body)) if n.lower() not in _NOT_CALLED]
        found: list[Chunk] = []
        for name in [n for n in names if n not in subject.names][:MAX_CALL_LOOKUPS]:
            chunk = self._definition_named(name, paths)
            if chunk is not None and not subject.shows(
                chunk.path, chunk.start_line + 1, chunk.end_line + 1
            ):
                found.append(chunk)
            if len(found) >= MAX_CALLEES:
                break
        return found

    def _definition_named(self, name: str, paths: Sequence[str] | None) -> Chunk | None:
        for hit in self.index.search(name, paths, limit=5, windows=False):
            chunk = hit.chunk
            if chunk.symbol == name and chunk.kind in _DEFINITION_KINDS:
                return chunk
        return None

    def cited_names(self, text: str) -> list[str]:
        """The definitions ``text`` cites as ``path:line`` (inside the roots), in order."""
        names: list[str] = []
        for cited, line, _ in _CITATION.findall(text):
            path = self._inside(cited)
            chunks = self.index.chunks_for_file(path) if path is not None else []
            for definition in _enclosing(chunks, int(line), int(line))[:1]:
                if definition.name not in names:
                    names.append(definition.name)
        return names

    def _inside(self, cited: str) -> Path | None:
        for root in self.roots:
            try:
                path = self.index.resolve_inside(root / cited)
            except errors.PathOutsideWorkspace:
                continue
            if path.is_file():
                return path
        return None


def definitions_at(chunks: Sequence[Chunk], start: int, end: int) -> list[Definition]:
    """What lines ``start..end`` (1-based) of a file with these chunks are about: the
    definitions they define, else the innermost one holding them."""
    return _defined(chunks, start, end) or _enclosing(chunks, start, end)[:1]


def _definitions(chunks: Sequence[Chunk]) -> list[Definition]:
    """The definitions of a file (a long one is indexed in pieces: joined again)."""
    found: list[Definition] = []
    for chunk in sorted(chunks, key=lambda c: c.start_line):
        if not chunk.symbol or chunk.kind not in _DEFINITION_KINDS:
            continue
        piece = Definition(
            chunk.symbol, chunk.kind, chunk.start_line + 1, chunk.end_line + 1, chunk.parent
        )
        same = [i for i, d in enumerate(found) if _continues(d, piece)]
        if same:
            known = found[same[-1]]
            found[same[-1]] = Definition(
                known.name, known.kind, known.start, piece.end, known.parent
            )
        else:
            found.append(piece)
    return sorted(found, key=lambda d: (d.start, -d.end))


def _continues(known: Definition, piece: Definition) -> bool:
    """True when ``piece`` is the next window of the long definition ``known``."""
    same = (known.name, known.kind, known.parent) == (piece.name, piece.kind, piece.parent)
    return same and known.start < piece.start <= known.end + 1


def _defined(chunks: Sequence[Chunk], start: int, end: int) -> list[Definition]:
    """The definitions that begin inside the lines, those nested in another one left out."""
    inside = [d for d in _definitions(chunks) if start <= d.start <= end]
    names = {d.name for d in inside}
    return [d for d in inside if d.parent not in names]


def _enclosing(chunks: Sequence[Chunk], start: int, end: int) -> list[Definition]:
    """The definitions holding the lines, innermost first; else the class their lines sit in."""
    definitions = _definitions(chunks)
    holding = [d for d in definitions if d.start <= start and end <= d.end]
    if holding:
        return sorted(holding, key=lambda d: d.end - d.start)
    parents = {c.parent for c in chunks if c.parent and c.start_line + 1 <= start <= c.end_line + 1}
    return [d for d in definitions if d.name in parents and d.kind == "class"][:1]
