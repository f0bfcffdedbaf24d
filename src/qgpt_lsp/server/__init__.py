"""The qgpt-lsp language server (pygls 2): one LSP feature per module.

=========================  ==============================================
module                     implements
=========================  ==============================================
``configuration``          initialize, initialized, didChangeConfiguration
``code_actions``           textDocument/codeAction
``hover``                  textDocument/hover
``ask_commands``           qgpt.ask, qgpt.askFile, qgpt.explainDiagnostic, qgpt.followUp
``conversation_commands``  qgpt.newConversation, qgpt.conversations, qgpt.hints, qgpt.stop
``relevance``              qgpt.relevance
``people``                 qgpt.whoCanHelp
``indexing``               qgpt.indexStatus, didSave, didChangeWatchedFiles
``cancellation``           window/workDoneProgress/cancel ($/cancelRequest: ``protocol``)
=========================  ==============================================
"""

from __future__ import annotations

from . import (
    ask_commands,
    cancellation,
    code_actions,
    configuration,
    conversation_commands,
    hover,
    indexing,
    people,
    relevance,
)
from .server import CACHE_DIR_ENV, QGPTLanguageServer
from .streaming import STREAM_DELAY_ENV

__all__ = ["CACHE_DIR_ENV", "COMMANDS", "STREAM_DELAY_ENV", "QGPTLanguageServer", "create_server"]

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
    relevance,
    people,
    indexing,
    cancellation,
)


def create_server() -> QGPTLanguageServer:
    """A new server with every feature registered."""
    server = QGPTLanguageServer()
    for feature in _FEATURES:
        feature.register(server)
    return server
