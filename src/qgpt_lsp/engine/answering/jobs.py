"""The job an answerer is given for a question: the prompt and, for grounded, the facts.

Dialog pipelines get workspace search results added when the caller gave little code:
found by the question's own words and the name of the code given, never by "find
bugs in this code" (:mod:`..retrieval.question`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from ...wire import QGPTPromptPipeline
from ..answerers import Answerer, AnswerJob, ChatMessage, CitedCode, QuotedLines
from ..retrieval.question import question_terms
from .facts import CodeIndex, FactFinder, Labeler
from .prompts import PipelineChoice, build_messages, pipeline_of
from .selection import place_selection

__all__ = ["AnswerJobs"]

#: Dialog pipelines get workspace search results added when the caller gave few snippets.
_AUGMENTED = frozenset({"contextualized_code_dialog", "contextualized_code_generation"})
_AUGMENT_BELOW = 3
_AUGMENT_SCORE = 0.5


class AnswerJobs:
    """Builds the job for an answerer (prompt and, for grounded, the code's facts)."""

    def __init__(self, index: CodeIndex, labeler: Labeler, max_tokens: int) -> None:
        self._index = index
        self._label = labeler
        self._facts = FactFinder(index, labeler)
        self.max_tokens = max_tokens

    async def job(
        self,
        answerer: Answerer,
        query: str,
        snippets: Sequence[CitedCode],
        pipeline: QGPTPromptPipeline | None,
        history: list[ChatMessage] | None = None,
    ) -> tuple[AnswerJob, list[CitedCode]]:
        """The job, and every snippet it used (the caller's, then any found)."""
        choice = pipeline_of(pipeline)
        used = await asyncio.to_thread(place_selection, self._index, self._label, snippets)
        search = _search_words(query, used)
        if choice.name in _AUGMENTED and len(used) < _AUGMENT_BELOW and search:
            used += await asyncio.to_thread(self._search, search, used)
        facts, evidence = None, ""
        if not answerer.is_model:
            facts = await asyncio.to_thread(self._facts.gather, query, used)
            used = deciding_first(used, facts.deciding)
        elif job_kind_answers(choice):
            quotes = await asyncio.to_thread(self._facts.evidence, query, used)
            evidence = render_evidence(quotes)
        messages = self._messages(answerer, query, used, choice, history)
        return AnswerJob(messages, facts, self.max_tokens, evidence=evidence), used

    def _messages(
        self,
        answerer: Answerer,
        query: str,
        used: list[CitedCode],
        choice: PipelineChoice,
        history: list[ChatMessage] | None,
    ) -> list[ChatMessage]:
        return build_messages(
            query,
            used,
            choice,
            history,
            answerer.context_tokens,
            self.max_tokens,
            answerer.snippet_tokens,
        )

    def _search(self, query: str, have: list[CitedCode]) -> list[CitedCode]:
        found: list[CitedCode] = []
        for hit in self._index.search(query, limit=_AUGMENT_BELOW + len(have)):
            chunk = hit.chunk
            start, end = chunk.start_line + 1, chunk.end_line + 1
            if any(code.shares_lines(chunk.path, start, end) for code in have + found):
                continue
            label = self._label(chunk.path, start, end)
            score = round(min(hit.score, 1.0) * _AUGMENT_SCORE, 3)
            found.append(
                CitedCode(
                    chunk.text, chunk.path, start, end, chunk.language, score, label, chunk.id
                )
            )
            if len(have) + len(found) >= _AUGMENT_BELOW + 2:
                break
        return found


def _search_words(query: str, given: list[CitedCode]) -> str:
    """The question's own words and the definition the first piece of code is about."""
    focus = [given[0].focus] if given and given[0].focus else []
    return " ".join(dict.fromkeys([*question_terms(query), *focus]))


#: Pipelines whose answer is prose about the code (the others return code: no evidence).
_PROSE = frozenset(
    {
        "contextualized_code_dialog",
        "code_explanation",
        "code_fix",
        "generalized_code_dialog",
        "contextualized_code_workstream_dialog",
    }
)


def job_kind_answers(choice: PipelineChoice) -> bool:
    """True when the pipeline answers in prose, so evidence may follow it."""
    return choice.name in _PROSE


def deciding_first(used: list[CitedCode], deciding: CitedCode | None) -> list[CitedCode]:
    """``used`` with the snippet the answer is about first, so sources, hints and who can
    help follow the answer; a selection keeps its place (it is what was asked about)."""
    if deciding is None or any(code.selected for code in used):
        return used
    rest = [code for code in used if code != deciding]
    return used if len(rest) == len(used) else [deciding, *rest]


def render_evidence(quotes: list[QuotedLines]) -> str:
    """The evidence section under a model's answer: the deciding lines, each block
    headed by its ``file:line``."""
    if not quotes:
        return ""
    return "**Evidence** (the deciding lines, from the code):\n\n" + "\n".join(
        quote.markdown() for quote in quotes
    )
