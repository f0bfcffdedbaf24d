"""``QGPTLanguageServer``: the state every feature shares, and the server's lifetime.

Features live one per module (:mod:`.features`) and register themselves in
:func:`qgpt_lsp.server.create_server`. The server owns what outlives a request
(settings, conversations, the backend, background tasks, answers in flight) and
ends all of it on ``shutdown``.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import BinaryIO

from lsprotocol import types
from platformdirs import user_cache_dir
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..backend import Backend
from .ask.in_flight import AnswersInFlight
from .backends import BackendSlot
from .background_tasks import TaskSet
from .framing import ResyncingReader
from .protocol import QGPTProtocol
from .state.documents import WorkspaceFiles
from .state.editor_settings import Settings
from .state.open_conversations import OpenConversations
from .state.people_cache import PeopleCache

__all__ = ["CACHE_DIR_ENV", "QGPTLanguageServer", "cache_dir"]

#: Where answers (and the embedded index) are cached; default: the user cache dir.
CACHE_DIR_ENV = "QGPT_LSP_CACHE_DIR"

#: Clients that drop ``workspace/executeCommand`` results and never reload a file that
#: changed on disk (Helix: ``execute_lsp_command`` in ``helix-term/src/commands/lsp.rs``
#: ignores the result; ``handle_show_document`` opens an already open file as it is).
_RESULTLESS_CLIENTS = frozenset({"helix"})

_log = logging.getLogger(__name__)


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_DIR_ENV)
    return Path(configured) if configured else Path(user_cache_dir("qgpt-lsp"))


class QGPTLanguageServer(LanguageServer):
    """The language server and the state its features share."""

    protocol: QGPTProtocol

    def __init__(self) -> None:
        super().__init__("qgpt-lsp", __version__, protocol_cls=QGPTProtocol)
        self.settings = Settings()
        self.client_name = ""  # clientInfo.name of initialize, lower case
        self.cache_dir = cache_dir()
        self.conversations = OpenConversations()
        self.backends = BackendSlot(self.cache_dir)
        self.tasks = TaskSet()
        self.answers = AnswersInFlight(self.protocol, self.tasks)
        self.people = PeopleCache(self.tasks, self.backend)
        self.feature(types.SHUTDOWN)(_shutdown)

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """Serve stdio; a message with a wrong ``Content-Length`` costs only itself."""
        reader = ResyncingReader(stdin or sys.stdin.buffer)
        super().start_io(reader, stdout)  # type: ignore[arg-type]  # readline/read is all

    @property
    def files(self) -> WorkspaceFiles:
        return WorkspaceFiles(self.workspace)

    @property
    def supports_progress(self) -> bool:
        window = self.client_capabilities.window
        return bool(window and window.work_done_progress)

    @property
    def supports_show_document(self) -> bool:
        window = self.client_capabilities.window
        return bool(window and window.show_document and window.show_document.support)

    @property
    def shows_command_results(self) -> bool:
        """False for a client that drops what ``workspace/executeCommand`` returns."""
        return self.client_name not in _RESULTLESS_CLIENTS

    @property
    def reloads_changed_files(self) -> bool:
        """False for a client that shows an open file as it was, whatever the disk says."""
        return self.client_name not in _RESULTLESS_CLIENTS

    def request_token(self) -> types.ProgressToken | None:
        """The ``workDoneToken`` the client sent with the request being handled."""
        msg_id = self.protocol.msg_id
        return None if msg_id is None else self.protocol.work_done_tokens.get(msg_id)

    async def backend(self) -> Backend:
        """The backend the settings name (made on first use)."""
        backend = await self.backends.get(self.settings, self.files.roots())
        self.tell_cache_notices()
        return backend

    def tell_cache_notices(self) -> None:
        """Warn about what happened to the embedded engine's cache files (a damaged file
        rebuilt, the index kept in memory): each once."""
        indexed = self.backends.indexed()
        for notice in indexed.take_notices() if indexed is not None else []:
            self.tell(notice, types.MessageType.Warning)

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        """A short ``window/showMessage`` (and the same line in the log)."""
        _log.log(logging.ERROR if kind == types.MessageType.Error else logging.INFO, message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=f"QGPT: {message}"))

    async def close(self) -> None:
        """End everything this server started: answers (each returns "stopped"),
        background tasks, then the backend."""
        await self.answers.stop_all()
        await self.tasks.cancel_all()
        await self.backends.aclose()


async def _shutdown(ls: QGPTLanguageServer, _: None) -> None:
    """``shutdown``: the client is done with this server."""
    await ls.close()
