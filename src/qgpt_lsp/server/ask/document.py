"""The live Markdown answer: ``<cache>/answers/<conversation>.md``, written as it streams.

One document per conversation; each question appends a section. An editor that
opened it (``window/showDocument``) and reloads changed files sees the answer grow;
one that does not (Helix) is shown a :meth:`AnswerDocument.copy` per answer.
The document is a copy: when the disk refuses it (full, read-only), writing stops,
:attr:`AnswerDocument.trouble` says why, and the answer goes on streaming.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from pathlib import Path
from typing import TextIO

from lsprotocol import types

from ...redaction import redact
from ..results import PersonResult

__all__ = ["AnswerDocument"]

_log = logging.getLogger(__name__)


class AnswerDocument:
    """Appends one exchange (question, streamed answer, footer) to a conversation's file."""

    def __init__(self, cache_dir: Path, conversation: str) -> None:
        self.path = cache_dir / "answers" / f"{conversation}.md"
        self._handle: TextIO | None = None
        #: Why the document could not be written (None while it can).
        self.trouble: str | None = None
        self._pending = ""  # the answer's unfinished last line, not yet redacted
        self.holds_answer = False  # a line of this answer is in the file

    @property
    def uri(self) -> str:
        return self.path.as_uri()

    def start(self, title: str, question: str) -> None:
        """A section for ``question``; a new file first gets the conversation's title,
        which is not the question again when the title is just the first question."""
        heading = "QGPT conversation" if title.strip() == question.strip() else title
        try:
            header = "" if self.path.exists() else f"# {redact(heading)}\n"
        except OSError:
            header = f"# {redact(heading)}\n"
        self._write(f"{header}\n## {redact(question.strip())}\n\n", create=True)

    def append(self, delta: str) -> None:
        """Adds answer text; whole lines are written (redacted: a secret is never split)."""
        self._pending += delta
        if "\n" in self._pending:
            lines, self._pending = self._pending.rsplit("\n", 1)
            self._write(redact(lines + "\n"))
            self.holds_answer = self.trouble is None

    def finish(
        self,
        status: str,
        sources: list[types.Location],
        hints: list[str],
        persons: list[PersonResult],
        error: str | None = None,
    ) -> None:
        """Write how the answer ended, its sources, hints and people; close the file."""
        self._flush_pending()
        self._write("\n".join(_footer(status, sources, hints, persons, error)) + "\n")
        self.close()

    def copy(self, number: int) -> str | None:
        """A copy of the document as it is now, named for answer ``number``: its URI."""
        if self.trouble is not None:
            return None
        target = self.path.with_name(f"{self.path.stem}-{number}.md")
        try:
            shutil.copyfile(self.path, target)
        except OSError:
            _log.exception("cannot copy the answer document %s", self.path)
            return None
        return target.as_uri()

    def close(self) -> None:
        self._flush_pending()
        handle, self._handle = self._handle, None
        if handle is not None:
            try:
                handle.close()
            except OSError as error:  # what was buffered cannot reach the disk
                self._fail(error)

    def _flush_pending(self) -> None:
        pending, self._pending = self._pending, ""
        if pending:
            self._write(redact(pending))

    def _write(self, text: str, create: bool = False) -> None:
        """Append and flush (an open editor sees each delta); the file stays open meanwhile."""
        if self.trouble is not None:
            return
        try:
            if self._handle is None:
                if create:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = self.path.open("a", encoding="utf-8")
            self._handle.write(text)
            self._handle.flush()
        except OSError as error:  # the answer still streams to the editor
            self._fail(error)
            handle, self._handle = self._handle, None
            if handle is not None:
                with contextlib.suppress(OSError):
                    handle.close()

    def _fail(self, error: OSError) -> None:
        if self.trouble is None:
            self.trouble = error.strerror or str(error)
            _log.warning("cannot write the answer document %s: %s", self.path, self.trouble)


def _footer(
    status: str,
    sources: list[types.Location],
    hints: list[str],
    persons: list[PersonResult],
    error: str | None,
) -> list[str]:
    lines = ["", ""]
    if status != "completed":
        lines.append(f"*{status}{': ' + error if error else ''}*\n")
    sections = (
        ("Sources", [_place(source) for source in sources]),
        ("Follow up", hints),
        ("Who can help", [f"{p.name} <{p.email}>: {p.explanation}" for p in persons]),
    )
    for title, items in sections:
        if items:
            lines += [f"**{title}**\n", *[f"- {item}" for item in items], ""]
    return lines


def _place(location: types.Location) -> str:
    start = location.range.start
    return f"[{Path(location.uri).name}:{start.line + 1}]({location.uri}#L{start.line + 1})"
