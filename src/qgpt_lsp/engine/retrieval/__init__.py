"""Retrieval: finding the code a question is about.

:class:`RelevanceFinder` answers ``/qgpt/relevance`` from the workspace index and
remembers what it returned in a :class:`SnippetRegistry`; :class:`RelevantItemResolver`
turns the relevant items of a question (those ids, the user's selection, fragments)
into the :class:`~..answerers.CitedCode` an answer is built from. A question that
comes with a selection is about the selection's definitions (:class:`SubjectFinder`),
and only its own words are searched (:func:`question_terms`).
"""

from __future__ import annotations

from .question import question_terms
from .registry import SnippetRegistry, item_for_chunk, snippet_item
from .relevance import RelevanceFinder, ScoredSeed
from .resolver import RelevantItemResolver, line_offsets, rank_score
from .subject import Subject, SubjectFinder

__all__ = [
    "RelevanceFinder",
    "RelevantItemResolver",
    "ScoredSeed",
    "SnippetRegistry",
    "Subject",
    "SubjectFinder",
    "item_for_chunk",
    "line_offsets",
    "question_terms",
    "rank_score",
    "snippet_item",
]
