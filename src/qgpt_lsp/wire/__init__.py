"""The QGPT wire format, typed once, exactly as Pieces OS speaks it.

Every layer (client, engine, ``serve``, the language server) speaks these models.
Read a document with ``Model.from_wire(data)``; write one with ``model.to_wire()``.
"""

from __future__ import annotations

from .base import Extension, IsoTimestamp, Number, WireEnum, WireModel
from .build import (
    answer_output,
    delta_frame,
    fragment_seed,
    new_id,
    terminal_frame,
    this_application,
)
from .conversation import (
    GroupedTimestamp,
    QGPTConversation,
    QGPTConversationMessage,
    QGPTRepromptInput,
    QGPTRepromptOutput,
)
from .enums import (
    ApplicationNameEnum,
    PlatformEnum,
    PrivacyEnum,
    QGPTConversationMessageRoleEnum,
    QGPTStreamEnum,
    SeedTypeEnum,
)
from .extensions import KNOWN_EXTENSIONS, extension_for
from .persons import (
    Person,
    PersonBasicType,
    Persons,
    PersonType,
    QGPTPersonsRelatedInput,
    QGPTPersonsRelatedOutput,
)
from .pipeline import (
    QGPTConversationPipeline,
    QGPTConversationPipelineForContextualizedCodeDialog,
    QGPTConversationPipelineForContextualizedCodeGeneration,
    QGPTConversationPipelineForContextualizedCodeWorkstreamDialog,
    QGPTConversationPipelineForGeneralizedCodeDialog,
    QGPTPromptPipeline,
    QGPTTaskPipeline,
    QGPTTaskPipelineForCodeCommentation,
    QGPTTaskPipelineForCodeCompletion,
    QGPTTaskPipelineForCodeExplanation,
    QGPTTaskPipelineForCodeFix,
    QGPTTaskPipelineForCodeModification,
)
from .question import (
    QGPTHintsInput,
    QGPTQuestionAnswer,
    QGPTQuestionAnswers,
    QGPTQuestionInput,
    QGPTQuestionOutput,
)
from .refs import (
    FlattenedAnchors,
    FlattenedAssets,
    FlattenedConversationMessages,
    ReferencedAnchor,
    ReferencedAsset,
    ReferencedConversationMessage,
)
from .relevance import QGPTRelevanceInput, QGPTRelevanceInputOptions, QGPTRelevanceOutput
from .relevant import RelevantQGPTSeed, RelevantQGPTSeeds
from .seeds import (
    Application,
    FragmentFormat,
    FragmentMetadata,
    Seed,
    SeededAsset,
    SeededFormat,
    SeededFragment,
    Seeds,
    TextLocation,
    TransferableString,
)
from .stream import QGPTAgentRelatedRoutes, QGPTAgentRoutes, QGPTStreamInput, QGPTStreamOutput

__all__ = [
    "KNOWN_EXTENSIONS",
    "Application",
    "ApplicationNameEnum",
    "Extension",
    "FlattenedAnchors",
    "FlattenedAssets",
    "FlattenedConversationMessages",
    "FragmentFormat",
    "FragmentMetadata",
    "GroupedTimestamp",
    "IsoTimestamp",
    "Number",
    "Person",
    "PersonBasicType",
    "PersonType",
    "Persons",
    "PlatformEnum",
    "PrivacyEnum",
    "QGPTAgentRelatedRoutes",
    "QGPTAgentRoutes",
    "QGPTConversation",
    "QGPTConversationMessage",
    "QGPTConversationMessageRoleEnum",
    "QGPTConversationPipeline",
    "QGPTConversationPipelineForContextualizedCodeDialog",
    "QGPTConversationPipelineForContextualizedCodeGeneration",
    "QGPTConversationPipelineForContextualizedCodeWorkstreamDialog",
    "QGPTConversationPipelineForGeneralizedCodeDialog",
    "QGPTHintsInput",
    "QGPTPersonsRelatedInput",
    "QGPTPersonsRelatedOutput",
    "QGPTPromptPipeline",
    "QGPTQuestionAnswer",
    "QGPTQuestionAnswers",
    "QGPTQuestionInput",
    "QGPTQuestionOutput",
    "QGPTRelevanceInput",
    "QGPTRelevanceInputOptions",
    "QGPTRelevanceOutput",
    "QGPTRepromptInput",
    "QGPTRepromptOutput",
    "QGPTStreamEnum",
    "QGPTStreamInput",
    "QGPTStreamOutput",
    "QGPTTaskPipeline",
    "QGPTTaskPipelineForCodeCommentation",
    "QGPTTaskPipelineForCodeCompletion",
    "QGPTTaskPipelineForCodeExplanation",
    "QGPTTaskPipelineForCodeFix",
    "QGPTTaskPipelineForCodeModification",
    "ReferencedAnchor",
    "ReferencedAsset",
    "ReferencedConversationMessage",
    "RelevantQGPTSeed",
    "RelevantQGPTSeeds",
    "Seed",
    "SeedTypeEnum",
    "SeededAsset",
    "SeededFormat",
    "SeededFragment",
    "Seeds",
    "TextLocation",
    "TransferableString",
    "WireEnum",
    "WireModel",
    "answer_output",
    "delta_frame",
    "extension_for",
    "fragment_seed",
    "new_id",
    "terminal_frame",
    "this_application",
]
