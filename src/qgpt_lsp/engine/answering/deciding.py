"""Which definition decides what a question asks, read whole, among the code found.

Search returns ~40-line snippets centred on a ranked chunk; the definition that
answers is often a neighbour in the same snippet, or longer than the window. So
every definition a snippet touches is read whole from its file and scored by the
question's terms: in its body (its signature counts less: a parameter list
repeats words without deciding anything), in its name, in the lines that decide
(conditions, returns, raises), and by the snippet's own rank; an argument only
passed on (``timeout=timeout``) counts for nothing. A term every candidate holds
(the one search found them all by) weighs least. The code the question was asked
about (a selection) always comes first; for "find bugs in X", the X it names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import tree_sitter

from ... import errors
from ..answerers import CitedCode
from ..index.quoted import MIN_RUN, longest_run, quoted_message
from ..index.ranking import asks_for_tests, is_test_path
from .control_flow import is_forwarding
from .line_match import DECIDING, line_stems, term_coverage
from .questions import Question, QuestionKind, word_stems
from .syntax import SourceFile, Span

__all__ = ["Candidate", "FileText", "deciding_definitions"]

#: Snippets whose definitions are considered, best first.
SNIPPETS_READ = 8
#: How much each feature of a candidate counts (see :func:`_features`):
FEATURE_WEIGHTS = {
    "rank": 3.0,  # the search's own score (at most 1), less after the first snippet
    "body": 0.5,  # the question's words in the body (signature, forwarded args left out)
    "densest": 0.5,  # ... in its densest lines: what decides is in one place
    "signature": 0.3,  # a parameter list repeats words without deciding anything
    "deciding_lines": 0.5,  # conditions, returns, raises holding the question's words
    "name": 2.0,  # the question's words in the definition's name
    "named_exactly": 3.0,  # the question names it
    "uses_named": 3.0,  # a name the question writes as code (``SEE_OTHER``) is used
    "focus": 0.5,  # the snippet was found for this definition
    "message": 6.0,  # writing the message a question quotes (not scaled down below)
}
_SELECTED = 100.0
#: The definition a "find bugs in X" question names: its subject, as a selection is.
_NAMED_TO_CHECK = 50.0
_MOST_DECIDING = 4
_MOST_USED_NAMES = 2
_DENSE_LINES = 20
#: A thin wrapper (``return self.request(...)``) decides less than what it calls.
_FORWARDING = 0.5
#: A class's head (its docstring and fields) decides less than the functions found.
_CLASS_HEAD = 0.5
#: A test decides nothing about the code it tests, unless the question asks about tests.
_TEST_CODE = 0.25
#: ``timeout=timeout``: a wrapper passing an argument on says nothing about it.
_FORWARDED = re.compile(r"\b(\w+)\s*=\s*\1\b(?!\s*[(.\[])")


class FileText(Protocol):
    """Where whole files are read from (the index's redacted text)."""

    def read_text(self, path: Path) -> str | None: ...


@dataclass(frozen=True)
class Candidate:
    """A definition (or, without one, a snippet's lines) that may answer the question."""

    code: CitedCode  # the snippet it was found in
    file: SourceFile  # the whole file when it could be read, else the snippet's text
    span: Span | None
    start: int
    end: int
    score: float
    located: bool  # ``file`` is the whole file, not only the snippet's text

    @property
    def name(self) -> str:
        return self.span.qualified if self.span else ""

    @property
    def node(self) -> tree_sitter.Node | None:
        return self.file.node(self.span) if self.span else None

    def body_start(self) -> int:
        """The first line after the signature (the whole span without a syntax tree)."""
        node = self.node
        body = node.child_by_field_name("body") if node is not None else None
        return self.file.row_line(body) if body is not None else self.start


def deciding_definitions(
    question: Question, snippets: Sequence[CitedCode], files: FileText
) -> list[Candidate]:
    """Every candidate, best first; the selection's definitions before anything else."""
    found: dict[tuple[Path | None, int, int], tuple[Candidate, int]] = {}
    read: dict[Path, tuple[SourceFile, bool]] = {}  # each file read and parsed once
    for rank, code in enumerate(snippets[:SNIPPETS_READ]):
        if code.path is None:
            file = _file_of(code, files)
        else:
            file = read.get(code.path) or read.setdefault(code.path, _file_of(code, files))
        for candidate in _candidates(code, *file):
            found.setdefault((code.path, candidate.start, candidate.end), (candidate, rank))
    every = [candidate for candidate, _ in found.values()]
    context = _Context(
        question,
        _rarity(question, every),
        asks_for_tests(question.text),
        quoted_message(question.text),
    )
    scored = [
        replace(candidate, score=_score(context, candidate, rank))
        for candidate, rank in found.values()
    ]
    return sorted(scored, key=lambda c: -c.score)


def _file_of(code: CitedCode, files: FileText) -> tuple[SourceFile, bool]:
    """The whole file of ``code`` (True), or only its own text (False)."""
    suffix = code.path.suffix if code.path else f".{code.language}"
    try:
        text = files.read_text(code.path) if code.path is not None else None
    except errors.QGPTError:  # a path outside the workspace: only the snippet is read
        text = None
    if text is None:
        return SourceFile(_dedented(code.text), suffix, code.start_line), False
    return SourceFile(text, suffix), True


def _candidates(code: CitedCode, file: SourceFile, located: bool) -> list[Candidate]:
    spans = _spans_for(code, file)
    if not spans:
        return [Candidate(code, file, None, code.start_line, code.end_line, 0.0, located)]
    found = []
    for span in spans:
        whole = code.selected or span.is_function or not span.head_end
        end = span.end if whole else span.head_end  # a class found: its head, not its methods
        found.append(Candidate(code, file, span, span.start, end, 0.0, located))
    return found


def _spans_for(code: CitedCode, file: SourceFile) -> list[Span]:
    """The definitions a snippet stands for: for a selection inside one definition, that
    definition; else the functions it touches (the classes when it touches none)."""
    touched = file.overlapping(code.start_line, code.end_line)
    if code.selected:
        inside = file.innermost(code.start_line)
        if inside is not None and inside.end >= code.end_line:
            return [inside]
        within = [s for s in touched if code.start_line <= s.start and s.end <= code.end_line]
        return [s for s in within if s.is_function] or within
    functions = [s for s in touched if s.is_function]
    return functions or touched


def _rarity(question: Question, candidates: list[Candidate]) -> dict[str, float]:
    """Each term's weight: rarer among the candidates is worth more (a word every
    candidate holds, the one search found them by, tells them apart least)."""
    holding: dict[str, int] = {}
    for candidate in candidates:
        lines = candidate.file.span_lines(candidate.start, candidate.end)
        for word in question.concepts(frozenset().union(*map(line_stems, lines))):
            holding[word] = holding.get(word, 0) + 1
    total = max(len(candidates), 1)
    return {term: math.log(1 + total / count) / math.log(2) for term, count in holding.items()}


@dataclass(frozen=True)
class _Context:
    """What scoring a candidate needs to know of the question and of all candidates."""

    question: Question
    weights: dict[str, float]  # each question word's rarity among the candidates
    tests_asked: bool
    message: list[str]  # the words of a message the question quotes


def _score(context: _Context, candidate: Candidate, rank: int) -> float:
    found = _features(context, candidate, rank)
    message = FEATURE_WEIGHTS["message"] * found.pop("message")
    score = sum(FEATURE_WEIGHTS[name] * value for name, value in found.items())
    score += _SELECTED * candidate.code.selected
    if context.question.kind is QuestionKind.BUGS and found["named_exactly"]:
        score += _NAMED_TO_CHECK  # "find bugs in alabel()": the code to check is named
    path = candidate.code.path
    selected = candidate.code.selected
    if not context.tests_asked and not selected and path and is_test_path(path):
        score *= _TEST_CODE
    span = candidate.span
    if span is not None and not span.is_function and not selected:
        score *= _CLASS_HEAD  # what a class says of itself; its methods do the work
    node = candidate.node
    if span is not None and span.is_function and node is not None and is_forwarding(node):
        score *= _FORWARDING  # a thin wrapper: the code it calls decides
    return score + message  # the code writing the quoted message, test or wrapper alike


def _features(context: _Context, candidate: Candidate, rank: int) -> dict[str, float]:
    """What speaks for ``candidate`` deciding the question, each weighed by
    :data:`FEATURE_WEIGHTS`."""
    question, weights = context.question, context.weights
    found = dict.fromkeys(FEATURE_WEIGHTS, 0.0)
    found["rank"] = max(candidate.code.score, 0.1) * (1.0 if rank == 0 else 0.8)
    found["message"] = _writes(context.message, candidate)
    span = candidate.span
    if span is None:
        lines = candidate.file.span_lines(candidate.start, candidate.end)
        found["body"] = found["densest"] = term_coverage(lines, question, weights)
        return found
    body_start = min(candidate.body_start(), candidate.end + 1)
    header = candidate.file.span_lines(span.start, body_start - 1)
    raw = candidate.file.span_lines(body_start, candidate.end)
    body = [_FORWARDED.sub("", line) for line in raw]
    whole = term_coverage(body, question, weights)
    found["body"] = whole
    found["densest"] = _densest(body, question, weights, whole)
    found["signature"] = term_coverage(header, question, weights)
    deciding = sum(
        1 for line in body if DECIDING.match(line) and question.concepts(line_stems(line))
    )
    found["deciding_lines"] = min(deciding, _MOST_DECIDING)
    named = question.concepts(word_stems(span.name))
    found["name"] = sum(weights.get(word, 1.0) for word in named)
    found["named_exactly"] = float(span.name in question.names or span.qualified in question.names)
    found["uses_named"] = min(_uses(body, question.names, span.name), _MOST_USED_NAMES)
    found["focus"] = float(span.name == candidate.code.focus)
    return found


def _uses(body: list[str], names: Sequence[str], own: str) -> int:
    """How many of the names the question writes as code ``body`` uses (``SEE_OTHER``)."""
    text = "\n".join(body)
    return sum(
        1
        for name in dict.fromkeys(names)
        if name != own and re.search(rf"(?<![\w]){re.escape(name.split('.')[-1])}\b", text)
    )


def _densest(body: list[str], question: Question, weights: dict[str, float], whole: float) -> float:
    """The coverage of the best ``_DENSE_LINES`` lines of ``body`` (the code that decides
    is in one place; a long function touching every word in passing is not)."""
    if len(body) <= _DENSE_LINES:
        return whole
    step = _DENSE_LINES // 2
    return max(
        term_coverage(body[start : start + _DENSE_LINES], question, weights)
        for start in range(0, len(body) - step, step)
    )


def _writes(message: list[str], candidate: Candidate) -> float:
    """How much of a message the question quotes the definition writes (0 to 1)."""
    if not message:
        return 0.0
    text = "\n".join(candidate.file.span_lines(candidate.start, candidate.end))
    run = longest_run(message, text)
    return run / len(message) if run >= min(MIN_RUN, len(message)) else 0.0


def _dedented(text: str) -> str:
    """A fragment without its common indent, lines kept (so a method parses on its own)."""
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines)
