"""``window/workDoneProgress/cancel``: the user pressed cancel on an answer's progress.

The answer's stream is stopped; the command still returns, with status "stopped"
and the answer so far, and the progress ends saying "stopped". ``$/cancelRequest``
on the ``workspace/executeCommand`` lands in the same place (``AnswersInFlight``),
through the hook in :mod:`..protocol` (pygls has no public one).
"""

from __future__ import annotations

import logging

from lsprotocol import types

from ..server import QGPTLanguageServer

__all__ = ["register"]

_log = logging.getLogger(__name__)


def register(server: QGPTLanguageServer) -> None:
    @server.feature(types.WINDOW_WORK_DONE_PROGRESS_CANCEL)
    def progress_cancel(ls: QGPTLanguageServer, params: types.WorkDoneProgressCancelParams) -> None:
        if not ls.answers.stop_token(params.token):
            _log.info("progress %s is not an answer in flight; nothing to stop", params.token)
