"""Prompt pipelines: what kind of answer the caller wants (a task, or a dialog)."""

from __future__ import annotations

from pydantic import StrictStr

from .base import WireModel


class QGPTTaskPipelineForCodeExplanation(WireModel):
    """Explain the relevant code."""


class QGPTTaskPipelineForCodeCommentation(WireModel):
    """Comment the relevant code."""


class QGPTTaskPipelineForCodeFix(WireModel):
    """Fix the relevant code; ``error`` is the message the editor showed."""

    error: StrictStr | None = None


class QGPTTaskPipelineForCodeModification(WireModel):
    """Modify the relevant code as ``instruction`` says."""

    instruction: StrictStr | None = None


class QGPTTaskPipelineForCodeCompletion(WireModel):
    """Complete the relevant code; ``context`` is extra text from the same file."""

    context: list[StrictStr] | None = None


class QGPTTaskPipeline(WireModel):
    """One of the one-shot tasks."""

    code_explanation: QGPTTaskPipelineForCodeExplanation | None = None
    code_commentation: QGPTTaskPipelineForCodeCommentation | None = None
    code_fix: QGPTTaskPipelineForCodeFix | None = None
    code_modification: QGPTTaskPipelineForCodeModification | None = None
    code_completion: QGPTTaskPipelineForCodeCompletion | None = None


class QGPTConversationPipelineForContextualizedCodeDialog(WireModel):
    """A dialog about code, with context."""


class QGPTConversationPipelineForContextualizedCodeGeneration(WireModel):
    """A dialog that generates code, with context."""


class QGPTConversationPipelineForGeneralizedCodeDialog(WireModel):
    """A dialog about code without context."""


class QGPTConversationPipelineForContextualizedCodeWorkstreamDialog(WireModel):
    """A dialog with workstream context."""


class QGPTConversationPipeline(WireModel):
    """One of the dialog kinds."""

    contextualized_code_dialog: QGPTConversationPipelineForContextualizedCodeDialog | None = None
    contextualized_code_generation: (
        QGPTConversationPipelineForContextualizedCodeGeneration | None
    ) = None
    generalized_code_dialog: QGPTConversationPipelineForGeneralizedCodeDialog | None = None
    contextualized_code_workstream_dialog: (
        QGPTConversationPipelineForContextualizedCodeWorkstreamDialog | None
    ) = None


class QGPTPromptPipeline(WireModel):
    """A task or a conversation pipeline."""

    task: QGPTTaskPipeline | None = None
    conversation: QGPTConversationPipeline | None = None
