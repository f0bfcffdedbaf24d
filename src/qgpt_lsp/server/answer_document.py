"""The live Markdown answer: ``<cache>/answers/<conversation>.md``, written as it streams.

One document per conversation; each question appends a section. An editor that
opened it (``window/showDocument``) sees the answer grow as the file changes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from lsprotocol import types

from .results import PersonResult

__all__ = ["AnswerDocument"]

_log = logging.getLogger(__name__)


class AnswerDocument:
    """Appends one exchange (question, streamed answer, footer) to a conversation's file."""

    def __init__(self, cache_dir: Path, conversation: str) -> None:
        self.path = cache_dir / "answers" / f"{conversation}.md"
        self._broken = False

    @property
    def uri(self) -> str:
        return self.path.as_uri()

    def start(self, title: str, question: str) -> None:
        header = "" if self.path.exists() else f"# {title}\n"
        self._write(f"{header}\n## {question.strip()}\n\n", create=True)

    def append(self, delta: str) -> None:
        self._write(delta)

    def finish(
        self,
        status: str,
        sources: list[types.Location],
        hints: list[str],
        persons: list[PersonResult],
        error: str | None = None,
    ) -> None:
        lines = ["", ""]
        if status != "completed":
            lines.append(f"*{status}{': ' + error if error else ''}*\n")
        if sources:
            lines.append("**Sources**\n")
            lines += [f"- {_place(source)}" for source in sources]
            lines.append("")
        if hints:
            lines.append("**Follow up**\n")
            lines += [f"- {hint}" for hint in hints]
            lines.append("")
        if persons:
            lines.append("**Who can help**\n")
            lines += [
                f"- {person.name} <{person.email}>: {person.explanation}" for person in persons
            ]
            lines.append("")
        self._write("\n".join(lines) + "\n")

    def _write(self, text: str, create: bool = False) -> None:
        if self._broken:
            return
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(text)
        except OSError:
            self._broken = True  # the answer still streams to the editor
            _log.exception("cannot write the answer document %s", self.path)


def _place(location: types.Location) -> str:
    start = location.range.start
    return f"[{Path(location.uri).name}:{start.line + 1}]({location.uri}#L{start.line + 1})"
