"""``/qgpt/stream``: the frames each way on the long-lived socket."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, StrictBool, StrictStr

from .base import Number, WireModel
from .enums import QGPTStreamEnum
from .question import QGPTQuestionInput, QGPTQuestionOutput
from .relevance import QGPTRelevanceInput, QGPTRelevanceOutput


class QGPTStreamInput(WireModel):
    """A client frame: a question (relevance or question), a stop, or a reset."""

    __nullable__: ClassVar[frozenset[str]] = frozenset({"conversation"})

    relevance: QGPTRelevanceInput | None = None
    question: QGPTQuestionInput | None = None
    conversation: StrictStr | None = None
    request: StrictStr | None = None
    stop: StrictBool | None = None
    reset: StrictBool | None = None
    agent: StrictBool | None = None

    @property
    def asks_both(self) -> bool:
        """True when relevance and question came in one frame (an error on the wire)."""
        return self.relevance is not None and self.question is not None


class QGPTAgentRelatedRoutes(WireModel):
    """Whether the agent suggests running related people."""

    people: StrictBool | None = None


class QGPTAgentRoutes(WireModel):
    """Agent routing suggestions."""

    related: QGPTAgentRelatedRoutes | None = None


class QGPTStreamOutput(WireModel):
    """A server frame; ``conversation`` is always a string."""

    conversation: StrictStr
    request: StrictStr | None = None
    status: QGPTStreamEnum | None = None
    question: QGPTQuestionOutput | None = None
    relevance: QGPTRelevanceOutput | None = None
    status_code: Number | None = Field(default=None, alias="statusCode")
    error_message: StrictStr | None = Field(default=None, alias="errorMessage")
    agent_routes: QGPTAgentRoutes | None = Field(default=None, alias="agentRoutes")

    @property
    def delta(self) -> str:
        """The new answer text this frame carries (``""`` when none)."""
        return self.question.text if self.question else ""

    @property
    def is_terminal(self) -> bool:
        """True when this frame ends its request."""
        return self.status is not None and self.status.is_terminal
