"""The qgpt-lsp language server (pygls 2), grouped by job.

==================================  =====================================================
module                              what it is
==================================  =====================================================
``server``                          QGPTLanguageServer: shared state, lifetime (shutdown)
``protocol``                        every pygls override, each with why (executeCommand
                                    tokens, $/cancelRequest, shutdown, unreadable params)
``boundary``                        command registration, errors -> JSON-RPC and messages
``arguments``, ``results``          typed command arguments and results
``backends``                        which backend; answerer changes applied in place
``redaction``                       editor text fit to leave the process
``background_tasks``                TaskSet: owned background tasks
**features/**                       one LSP feature per module:
``features.configuration``          initialize, initialized, didChangeConfiguration
``features.code_actions``           textDocument/codeAction
``features.hover``                  textDocument/hover
``features.ask_commands``           qgpt.ask, qgpt.askFile, qgpt.explainDiagnostic,
                                    qgpt.followUp
``features.conversation_commands``  qgpt.newConversation, qgpt.conversations,
                                    qgpt.hints, qgpt.stop
``features.relevance_command``      qgpt.relevance
``features.who_can_help``           qgpt.whoCanHelp
``features.indexing``               qgpt.indexStatus, didSave, didChangeWatchedFiles
``features.cancellation``           window/workDoneProgress/cancel ($/cancelRequest:
                                    ``protocol``)
**ask/**                            the path of one answer:
``ask.plan``                        AskPlan: what to ask, as one single-call stream request
``ask.run``                         AnswerRun: one answer from request to last delta
``ask.relay``                       AnswerRelay: progress reports and qgpt/answerDelta
``ask.document``                    AnswerDocument: the live Markdown answer
``ask.in_flight``                   AnswersInFlight: one answer per conversation; stops
``ask.citations``                   relevance requests; snippets as cited locations
``ask.hints_and_persons``           follow-up hints and who can help, after an answer
**state/**                          what lives between requests:
``state.documents``                 Snapshot, WorkspaceFiles
``state.open_conversations``        Conversation, Exchange, OpenConversations (in memory)
``state.saved_conversations``       conversations the backend keeps across restarts
``state.editor_settings``           Settings: the typed ``qgpt`` section of the editor
``state.people_cache``              PeopleCache: who can help, for hovers
==================================  =====================================================
"""

from __future__ import annotations

from .features import (
    ask_commands,
    cancellation,
    code_actions,
    configuration,
    conversation_commands,
    hover,
    indexing,
    relevance_command,
    who_can_help,
)
from .server import CACHE_DIR_ENV, QGPTLanguageServer

__all__ = ["CACHE_DIR_ENV", "COMMANDS", "QGPTLanguageServer", "create_server"]

#: Every command the server offers (``workspace/executeCommand``).
COMMANDS = (
    "qgpt.ask",
    "qgpt.askFile",
    "qgpt.explainDiagnostic",
    "qgpt.followUp",
    "qgpt.relevance",
    "qgpt.hints",
    "qgpt.whoCanHelp",
    "qgpt.stop",
    "qgpt.newConversation",
    "qgpt.conversations",
    "qgpt.indexStatus",
)

_FEATURES = (
    configuration,
    code_actions,
    hover,
    ask_commands,
    conversation_commands,
    relevance_command,
    who_can_help,
    indexing,
    cancellation,
)


def create_server() -> QGPTLanguageServer:
    """A new server with every feature registered."""
    server = QGPTLanguageServer()
    for feature in _FEATURES:
        feature.register(server)
    return server
