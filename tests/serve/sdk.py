"""The official Pieces SDK's pieces, by their module paths (its top package exports nothing)."""

from __future__ import annotations

from pieces_os_client.api.qgpt_api import QGPTApi
from pieces_os_client.api_client import ApiClient
from pieces_os_client.configuration import Configuration
from pieces_os_client.exceptions import ApiException
from pieces_os_client.models.qgpt_conversation import QGPTConversation
from pieces_os_client.models.qgpt_hints_input import QGPTHintsInput
from pieces_os_client.models.qgpt_persons_related_input import QGPTPersonsRelatedInput
from pieces_os_client.models.qgpt_persons_related_output import QGPTPersonsRelatedOutput
from pieces_os_client.models.qgpt_question_input import QGPTQuestionInput
from pieces_os_client.models.qgpt_question_output import QGPTQuestionOutput
from pieces_os_client.models.qgpt_relevance_input import QGPTRelevanceInput
from pieces_os_client.models.qgpt_relevance_input_options import QGPTRelevanceInputOptions
from pieces_os_client.models.qgpt_relevance_output import QGPTRelevanceOutput
from pieces_os_client.models.qgpt_reprompt_input import QGPTRepromptInput
from pieces_os_client.models.qgpt_reprompt_output import QGPTRepromptOutput
from pieces_os_client.models.relevant_qgpt_seed import RelevantQGPTSeed
from pieces_os_client.models.relevant_qgpt_seeds import RelevantQGPTSeeds
from pieces_os_client.models.seed import Seed
from pieces_os_client.models.seeds import Seeds

__all__ = [
    "ApiClient",
    "ApiException",
    "Configuration",
    "QGPTApi",
    "QGPTConversation",
    "QGPTHintsInput",
    "QGPTPersonsRelatedInput",
    "QGPTPersonsRelatedOutput",
    "QGPTQuestionInput",
    "QGPTQuestionOutput",
    "QGPTRelevanceInput",
    "QGPTRelevanceInputOptions",
    "QGPTRelevanceOutput",
    "QGPTRepromptInput",
    "QGPTRepromptOutput",
    "RelevantQGPTSeed",
    "RelevantQGPTSeeds",
    "Seed",
    "Seeds",
]
