"""``/qgpt/question`` and ``/qgpt/hints``: answers with scores."""

from __future__ import annotations

from pydantic import StrictStr

from .base import Number, WireModel
from .pipeline import QGPTPromptPipeline
from .refs import FlattenedConversationMessages
from .relevant import RelevantQGPTSeeds


class QGPTQuestionAnswer(WireModel):
    """One answer and its score from 0 to 1."""

    score: Number
    text: StrictStr


class QGPTQuestionAnswers(WireModel):
    """A list of answers."""

    iterable: list[QGPTQuestionAnswer]


class QGPTQuestionOutput(WireModel):
    """The reply of ``/qgpt/question`` (and of ``/qgpt/hints``: one answer per hint)."""

    answers: QGPTQuestionAnswers

    @property
    def text(self) -> str:
        """The first answer's text, or ``""``."""
        return self.answers.iterable[0].text if self.answers.iterable else ""


class QGPTQuestionInput(WireModel):
    """A question and the snippets (by id or fragment) to answer it from."""

    query: StrictStr
    relevant: RelevantQGPTSeeds
    application: StrictStr | None = None
    model: StrictStr | None = None
    pipeline: QGPTPromptPipeline | None = None
    messages: FlattenedConversationMessages | None = None


class QGPTHintsInput(WireModel):
    """What the user asked and was told; the reply suggests follow-up questions."""

    relevant: RelevantQGPTSeeds
    query: StrictStr | None = None
    answer: QGPTQuestionAnswer | None = None
    application: StrictStr | None = None
    model: StrictStr | None = None
