"""``window/showDocument`` of the answer document, once it holds text.

A client that reloads a file changed on disk (VS Code) is shown the live document
as soon as the first answer line is in it, and watches it grow. Helix opens a
file as it is and never reloads an open one (``handle_show_document`` in
``helix-term/src/application.rs`` calls ``editor.open``, which switches to the
open document), so it is shown a copy of the conversation under a new name for
each answer, once that answer is complete.
"""

from __future__ import annotations

from lsprotocol import types

from ..server import QGPTLanguageServer
from .document import AnswerDocument

__all__ = ["AnswerShowing"]


class AnswerShowing:
    """Shows one answer's document at most once; ``after_delta``* then ``at_end``."""

    def __init__(self, ls: QGPTLanguageServer, document: AnswerDocument) -> None:
        self._ls = ls
        self._document = document
        self._shown = False
        self._wanted = ls.supports_show_document and ls.settings.open_answer_document

    def after_delta(self) -> None:
        """The live document, once it holds a line of the answer (clients that reload)."""
        if self._document.holds_answer and self._ls.reloads_changed_files:
            self._show(self._document.uri)

    def at_end(self, number: int) -> None:
        """The live document if not shown yet; for Helix, answer ``number``'s own copy."""
        if self._ls.reloads_changed_files:
            self._show(self._document.uri)
        else:
            self._show(self._document.copy(number))

    def _show(self, uri: str | None) -> None:
        if self._shown or not self._wanted or uri is None or self._document.trouble is not None:
            return
        self._shown = True
        ls = self._ls
        params = types.ShowDocumentParams(uri=uri, take_focus=False)
        ls.tasks.run(ls.window_show_document_async(params), name="show-answer")
