"""The job an answerer is given for a question: the prompt and, for grounded, the facts.

Dialog pipelines get workspace search results added when the caller gave little code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from ...wire import QGPTPromptPipeline
from ..answerers import Answerer, AnswerJob, ChatMessage, CitedCode
from .facts import CodeIndex, FactFinder, Labeler
from .prompts import PipelineChoice, build_messages, pipeline_of

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
        used = list(snippets)
        if choice.name in _AUGMENTED and len(used) < _AUGMENT_BELOW and query.strip():
            used += await asyncio.to_thread(self._search, query, used)
        facts = None
        if not answerer.is_model:
            facts = await asyncio.to_thread(self._facts.gather, query, used)
        messages = self._messages(answerer, query, used, choice, history)
        return AnswerJob(messages, facts, self.max_tokens), used

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
