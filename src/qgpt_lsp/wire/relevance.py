"""``/qgpt/relevance``: find the code that answers a query (and optionally answer)."""

from __future__ import annotations

from pydantic import StrictBool, StrictStr

from .base import WireModel
from .pipeline import QGPTPromptPipeline
from .question import QGPTQuestionOutput
from .refs import FlattenedAnchors, FlattenedAssets, FlattenedConversationMessages
from .relevant import RelevantQGPTSeeds
from .seeds import Seeds


class QGPTRelevanceInputOptions(WireModel):
    """``question``: answer too; ``database``: search everything; ``pipeline``: how."""

    question: StrictBool | None = None
    database: StrictBool | None = None
    pipeline: QGPTPromptPipeline | None = None


class QGPTRelevanceInput(WireModel):
    """A query and the space to search: paths, seeds, assets, or the whole database."""

    query: StrictStr
    paths: list[StrictStr] | None = None
    seeds: Seeds | None = None
    assets: FlattenedAssets | None = None
    anchors: FlattenedAnchors | None = None
    messages: FlattenedConversationMessages | None = None
    application: StrictStr | None = None
    model: StrictStr | None = None
    options: QGPTRelevanceInputOptions | None = None


class QGPTRelevanceOutput(WireModel):
    """The relevant snippets, and the answer when ``options.question`` was set."""

    relevant: RelevantQGPTSeeds
    answer: QGPTQuestionOutput | None = None
