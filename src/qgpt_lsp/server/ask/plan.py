"""What one answer asks: :class:`AskPlan`, and the one stream request it becomes.

The request is the single-call form of ``/qgpt/stream``: a relevance request with
``options.question``, so the backend finds the relevant code and answers in one
go, and the code asked about goes along exactly once (as the relevance seed).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from lsprotocol import types

from ...wire import (
    QGPTPromptPipeline,
    QGPTRelevanceInputOptions,
    QGPTStreamInput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
)
from ..redaction import safe_text
from ..state.documents import Snapshot
from ..state.open_conversations import Conversation
from .citations import relevance_input, selection_seed

__all__ = ["AskPlan"]


@dataclass(frozen=True)
class AskPlan:
    """What to ask: ``query`` goes to the backend, ``question`` is what the user asked;
    ``seeds_text`` is the code asked about (a selection, or the file)."""

    conversation: Conversation
    question: str
    query: str
    snapshot: Snapshot | None = None
    range: types.Range | None = None
    pipeline: QGPTPromptPipeline | None = None
    seeds_text: str | None = None

    @property
    def anchor(self) -> types.Location | None:
        """Where the code asked about is (None: no range was asked about)."""
        if self.snapshot is None or self.range is None:
            return None
        return types.Location(uri=self.snapshot.uri, range=self.range)

    async def redacted(self) -> AskPlan:
        """This plan with nothing secret in it: masked, or refused for a secrets file."""
        if self.snapshot is None:
            return self
        safe = await safe_text(self.snapshot.path, self.seeds_text or "")
        return replace(self, seeds_text=safe or None)

    def stream_request(self, roots: list[Path]) -> QGPTStreamInput:
        """Find the relevant code in ``roots`` and answer, in one ``/qgpt/stream`` request."""
        options = QGPTRelevanceInputOptions(question=True, pipeline=self.pipeline)
        relevance = relevance_input(self.query, self.seeds_text, self.snapshot, roots, options)
        return QGPTStreamInput(relevance=relevance, conversation=self.conversation.backend_id)

    def seeds_sent(self) -> RelevantQGPTSeeds:
        """The code sent along, as relevant items: what the answer used when the backend
        does not say (its final frame carries no ``relevance``)."""
        if not self.seeds_text:
            return RelevantQGPTSeeds(iterable=[])
        seed = selection_seed(self.seeds_text, self.snapshot)
        return RelevantQGPTSeeds(iterable=[RelevantQGPTSeed(seed=seed)])
