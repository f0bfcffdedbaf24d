"""What the code says in answer to a question: the deciding definition, read whole, its
deciding lines quoted, then its calls, callers, tests and recent commits.

The question's kind (:mod:`.questions`) shapes the opening (:mod:`.leads`,
:mod:`.problem_leads`); "how is it used / tested" opens with the callers and
tests, ranked by the question's terms. Blocking (index search, git, ruff):
callers run :meth:`FactFinder.gather` in a thread.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ..answerers.base import CitedCode, CodeFacts, QuotedLines
from ..index.model import Chunk
from ..people.git import latest_commits
from .attributes import attribute_origins
from .constants import ConstantSearch, constant_values
from .control_flow import calls, reads
from .deciding import Candidate, deciding_definitions
from .diagnostics import names_a_name
from .leads import Lead, lead_for, quote_short_whole, summary_of
from .line_match import best_lines, docstring_lines, term_coverage
from .message_lead import message_lead
from .problem_leads import bugs_lead, error_lead
from .questions import Question, QuestionKind, read_question, word_stems
from .quoting import Citing, Labeler
from .syntax import Span

__all__ = ["CodeIndex", "FactFinder", "Labeler"]

log = logging.getLogger(__name__)

_DEFINITION = re.compile(
    r"^\s*(?:export\s+)?(?:async\s+)?(?:def|class|function|func|fn|interface|struct)\s+(\w+)"
)
#: Calls too common to say anything about what a definition does.
_COMMON_WORDS = """print len str int float bool list dict set tuple super isinstance issubclass
    range type getattr setattr hasattr enumerate zip sorted min max repr iter next any all map"""
_COMMON_CALLS = frozenset(_COMMON_WORDS.split())
_TEST_PATH = re.compile(r"(^|/)(tests?/|test_[^/]*$|[^/]*_test\.\w+$|[^/]*\.(spec|test)\.\w+$)")
_IMPORT = re.compile(r"^\s*(from|import)\b")
_LIMIT = 8
_MOST_CALLS = 12
_MOST_READS = 10
_RELATED = 5
#: Of those, how many are quoted (their best lines), and how many lines each.
_RELATED_QUOTED = 3
_RELATED_LINES = 4
#: A related definition of at most this many code lines is quoted whole.
_RELATED_WHOLE = 10
#: Callers and tests shown when the question is not about usage.
_LIMIT_SUPPORTING = 4


class CodeIndex(ConstantSearch, Protocol):
    """The part of the workspace index the facts need: its search, and files' chunks."""

    def chunks_for_file(self, path: Path) -> list[Chunk]: ...

    def read_text(self, path: Path) -> str | None: ...

    def resolve_inside(self, path: Path) -> Path: ...

    def with_named_numbers(self, query: str) -> str: ...

    @property
    def roots(self) -> Sequence[Path]: ...


class FactFinder:
    """Gathers :class:`CodeFacts` for a question and the code found for it."""

    def __init__(self, index: CodeIndex, label: Labeler) -> None:
        self._index = index
        self._label = label

    def gather(self, query: str, snippets: Sequence[CitedCode]) -> CodeFacts:
        """The whole grounded answer's facts (searches the index, runs git and ruff)."""
        if not snippets:
            return CodeFacts(subject=query)
        question = read_question(self._index.with_named_numbers(query), self._project())
        candidates = deciding_definitions(question, snippets, self._index)
        citing = Citing(candidates[0], self._label)
        callers, tests = self._usages(citing, question)
        lead = self._lead(question, candidates)
        if question.kind is QuestionKind.USAGE:
            lead = _usage_lead(question, citing, callers, tests, lead)
        elif question.kind not in (QuestionKind.BUGS, QuestionKind.ERROR):
            self._add_values(lead, citing)
        summary = summary_of(citing)
        related_quotes, related = self._related(question, candidates)
        if question.kind is not QuestionKind.USAGE:
            callers, tests = callers[:_LIMIT_SUPPORTING], tests[:_LIMIT_SUPPORTING]
        return CodeFacts(
            subject=citing.name,
            deciding=citing.candidate.code,
            kind=question.kind.value,
            answer=lead.answer,
            quotes=lead.quotes,
            selection=citing.candidate.code.cite if citing.candidate.code.selected else "",
            definitions=[f"`{citing.candidate.span.signature}` at `{citing.whole}`"]
            if citing.candidate.span
            else [],
            calls=self._calls(citing, question),
            reads=_unshown_reads(citing, lead.quotes),
            docs=[summary] if summary else [],
            callers=callers,
            tests=tests,
            commits=_commits(citing.candidate),
            related=related,
            related_quotes=related_quotes,
            snippets=list(snippets[:5]),
        )

    def evidence(self, query: str, snippets: Sequence[CitedCode]) -> list[QuotedLines]:
        """The deciding lines alone (for the evidence under a model's answer): no git,
        no usages, no ruff."""
        if not snippets:
            return []
        question = read_question(query, self._project())
        if question.kind in (QuestionKind.BUGS, QuestionKind.USAGE):
            # the lines, not the checks
            question = read_question(f"Explain: {query}", self._project())
        candidates = deciding_definitions(question, snippets, self._index)
        return self._lead(question, candidates).quotes

    def _project(self) -> frozenset[str]:
        """The workspace's own names (its root folders'), which a question uses for the
        project, not for one piece of code in it."""
        return frozenset(root.name.lower() for root in self._index.roots)

    def _lead(self, question: Question, candidates: list[Candidate]) -> Lead:
        """The opening for the question's kind; should reading the code fail, the
        definition and its place (the facts below still follow)."""
        try:
            return self._shaped_lead(question, candidates)
        except Exception:  # a grammar's surprise must not cost the whole answer
            log.exception("shaping the answer to %r failed", question.text)
            citing = Citing(candidates[0], self._label)
            return Lead([f"{citing.name} (`{citing.whole}`)\n"])

    def _shaped_lead(self, question: Question, candidates: list[Candidate]) -> Lead:
        citing = Citing(candidates[0], self._label)
        if question.kind is QuestionKind.BUGS:
            asked = [c for c in candidates if c.code.selected] or candidates[:1]
            return bugs_lead([Citing(c, self._label) for c in asked])
        others = [Citing(c, self._label) for c in candidates[1:]]
        message = message_lead(question, citing, others)
        if question.kind is QuestionKind.ERROR and (
            message is None or citing.candidate.code.selected or names_a_name(question.detail)
        ):
            return error_lead(question, citing)
        if message is None:
            return lead_for(question, citing)
        if question.kind in (QuestionKind.ERROR, QuestionKind.EXPLAIN):
            return message
        shaped = lead_for(question, citing)  # "what happens if ...": its branch, after
        return Lead(message.answer + shaped.answer, message.quotes + shaped.quotes)

    def _calls(self, citing: Citing, question: Question) -> list[str]:
        """The definition's calls (call nodes), each with the place of the definition it
        reaches when that is in the same file: "`self._build()` (`a.py:40`)". Those whose
        name holds the question's words first, then those into the code around it
        (``headers.append()`` says less)."""
        candidate = citing.candidate
        node = candidate.node
        names = [c for c in calls(node) if c not in _COMMON_CALLS] if node is not None else []
        ranked: list[tuple[int, str]] = []
        for name in names:
            span = _callee(name, candidate)
            asked = bool(question.concepts(word_stems(name.rpartition(".")[2])))
            shown = f"`{name}()`" if span is None else f"`{name}()` (`{citing.cite(span.start)}`)"
            ranked.append((-2 * asked - (span is not None), shown))
        ranked.sort(key=lambda item: item[0])  # stable: the code's order within a rank
        return [shown for _, shown in ranked][:_MOST_CALLS]

    def _add_values(self, lead: Lead, citing: Citing) -> None:
        """The values of the constants the quoted lines use, after the answer."""
        quoted = [text for quote in lead.quotes for _, text in quote.lines]
        origins = attribute_origins(quoted, citing)
        if origins:
            lead.answer.append("**Set:** " + "; ".join(o.markdown(citing) for o in origins) + "\n")
        own = (citing.candidate.code.path, citing.candidate.file.text)
        read = [*quoted, *(origin.default for origin in origins)]
        values = constant_values(read, own, self._index, self._label)
        if values:
            lead.answer.append("**Values:** " + ", ".join(values) + "\n")

    def _related(
        self, question: Question, candidates: list[Candidate]
    ) -> tuple[list[QuotedLines], list[str]]:
        """Other definitions that speak to the question: the first few with their best
        lines quoted, the rest by name, place and best line."""
        quoted: list[QuotedLines] = []
        found: list[str] = []
        names = {candidates[0].span.name} if candidates[0].span else set()
        for candidate in candidates[1:]:
            if len(quoted) + len(found) >= _RELATED or candidate.span is None:
                continue
            if candidate.span.name in names:
                continue  # a sync/async twin, or an override: shown once
            names.add(candidate.span.name)
            citing = Citing(candidate, self._label)
            lines = candidate.file.span_lines(candidate.start, candidate.end)
            first = max(candidate.start, candidate.file.first_line)
            if len(quoted) < _RELATED_QUOTED:
                best = [first + i for i in best_lines(lines, question, _RELATED_LINES)]
                quoted.append(
                    quote_short_whole(citing, [citing.signature_line(), *best], _RELATED_WHOLE)
                )
                continue
            best = best_lines(lines, question, 1)
            line = first + best[0] if best else citing.signature_line()
            shown = candidate.file.line(line).strip()[:100]
            found.append(f"{citing.name} at `{citing.cite(line)}`: `{shown}`")
        return quoted, found

    def _usages(self, citing: Citing, question: Question) -> tuple[list[str], list[str]]:
        """Where the deciding definition's name is used, closest to the question first."""
        span = citing.candidate.span
        if span is None:
            return [], []
        name = span.parent if span.name.startswith("__") and span.parent else span.name
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        scored: list[tuple[float, int, str]] = []
        for hit in self._index.search(name, limit=30, windows=False):
            place = self._usage_in(hit.chunk, pattern, citing, question)
            if place is not None and place[1] not in (s for _, _, s in scored):
                scored.append((place[0], len(scored), place[1]))
        scored.sort(key=lambda item: (-item[0], item[1]))
        callers = [s for _, _, s in scored if not _TEST_PATH.search(s)][:_LIMIT]
        tests = [s for _, _, s in scored if _TEST_PATH.search(s)][:_LIMIT]
        return callers, tests

    def _usage_in(
        self, chunk: Chunk, pattern: re.Pattern[str], citing: Citing, question: Question
    ) -> tuple[float, str] | None:
        """The first line of ``chunk`` using the name (outside the definition itself),
        scored by the question's terms in it, its definition's name and its path."""
        own = citing.candidate
        lines = chunk.text.splitlines()
        prose = docstring_lines(lines)  # a name in a docstring or comment is not a use
        for offset, line in enumerate(lines):
            number = chunk.start_line + 1 + offset
            inside = chunk.path == own.code.path and own.start <= number <= own.end
            if inside or not pattern.search(line) or _DEFINITION.match(line):
                continue
            if offset in prose or line.lstrip().startswith(("#", "//")):
                continue
            where = f" in `{chunk.symbol}`" if chunk.symbol else ""
            at = self._label(chunk.path, number, number)
            score = term_coverage([line, chunk.symbol or "", str(chunk.path)], question)
            score -= _IMPORT.match(line) is not None  # an import says least about a use
            return score, f"`{at}`{where}: `{line.strip()[:100]}`"
        return None


def _usage_lead(
    question: Question, citing: Citing, callers: list[str], tests: list[str], lead: Lead
) -> Lead:
    """ "How is it used / tested": the callers and tests lead (tests first when the
    question asks about tests), each ranked by the question's terms."""
    if not callers and not tests:
        none = f"No caller or test of {citing.name} was found in the workspace.\n"
        return Lead([none, *lead.answer], lead.quotes)
    used = [f"**{citing.name} is used by** (closest to the question first):\n"]
    used += [f"- {caller}" for caller in callers] + [""]
    tested = [f"**{citing.name} is tested in:**\n"] + [f"- {test}" for test in tests] + [""]
    parts = [used if callers else [], tested if tests else []]
    if "test" in question.text.lower():
        parts.reverse()
    return Lead([*parts[0], *parts[1], *lead.answer], lead.quotes)


def _callee(name: str, candidate: Candidate) -> Span | None:
    """The definition in the same file a call reaches: a plain name, or a method of the
    caller's own class through ``self``/``this``/``cls``."""
    receiver, _, called = name.rpartition(".")
    if receiver not in ("", "self", "this", "cls"):
        return None
    own = candidate.span
    named = [s for s in candidate.file.definitions if s.name == called and s != own]
    if receiver:  # a method: of the caller's class, else the one method of that name
        parent = own.parent if own is not None else None
        mine = [span for span in named if span.parent == parent]
        named = mine or (named if len(named) == 1 else [])
    else:
        named = [span for span in named if span.parent is None]
    return named[0] if named else None


def _commits(candidate: Candidate) -> list[str]:
    path = candidate.code.path
    if path is None or not candidate.located or not path.is_file():
        return []
    return latest_commits(path, candidate.start, candidate.end)


def _unshown_reads(citing: Citing, quotes: Sequence[QuotedLines]) -> list[str]:
    """The attributes and constants the definition reads that its quoted lines do not show."""
    node = citing.candidate.node
    if node is None:
        return []
    shown = "\n".join(text for quote in quotes for _, text in quote.lines)
    unseen = [name for name in reads(node) if not re.search(rf"\b{re.escape(name)}\b", shown)]
    return [f"`{name}`" for name in unseen[:_MOST_READS]]
