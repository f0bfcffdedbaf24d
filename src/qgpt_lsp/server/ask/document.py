"""The live Markdown answer: ``<cache>/answers/<conversation>.md``, written as it streams.

One document per conversation; each question appends a section. An editor that
opened it (``window/showDocument``) sees the answer grow as the file changes.
"""

from __future__ import annotations

import logging
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
        self._broken = False
        self._pending = ""  # the answer's unfinished last line, not yet redacted

    @property
    def uri(self) -> str:
        return self.path.as_uri()

    def start(self, title: str, question: str) -> None:
        """A section for ``question``; a new file first gets the conversation's title,
        which is not the question again when the title is just the first question."""
        heading = "QGPT conversation" if title.strip() == question.strip() else title
        header = "" if self.path.exists() else f"# {redact(heading)}\n"
        self._write(f"{header}\n## {redact(question.strip())}\n\n", create=True)

    def append(self, delta: str) -> None:
        """Adds answer text; whole lines are written (redacted: a secret is never split)."""
        self._pending += delta
        if "\n" in self._pending:
            lines, self._pending = self._pending.rsplit("\n", 1)
            self._write(redact(lines + "\n"))

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

    def close(self) -> None:
        self._flush_pending()
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()

    def _flush_pending(self) -> None:
        pending, self._pending = self._pending, ""
        if pending:
            self._write(redact(pending))

    def _write(self, text: str, create: bool = False) -> None:
        """Append and flush (an open editor sees each delta); the file stays open meanwhile."""
        if self._broken:
            return
        try:
            if self._handle is None:
                if create:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                self._handle = self.path.open("a", encoding="utf-8")
            self._handle.write(text)
            self._handle.flush()
        except OSError:
            self._broken = True  # the answer still streams to the editor
            self.close()
            _log.exception("cannot write the answer document %s", self.path)


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
