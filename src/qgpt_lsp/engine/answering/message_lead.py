"""The first lines of an answer to a question that quotes a message the code writes.

"Why do I get 'Cannot return null for non-nullable field Query.user'?" is answered
by the line that builds the message and the ``raise`` (or ``return``) that sends
it, under the conditions that lead there: "**When `is_non_null_type(return_type)`
and `completed is None`, Executor.complete_value raises `TypeError(msg)`**".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..index.quoted import MIN_RUN, longest_run, quoted_message
from .control_flow import Exit, exits
from .leads import Lead
from .questions import Question
from .quoting import Citing
from .tested_names import tested_assignments

__all__ = ["message_lead", "message_line"]

#: A message is built at most this many lines before the statement that sends it.
_SENT_WITHIN = 8
#: Lines read together: a message is often split over an implicit concatenation.
_JOINED = 3
_MOST_RAISERS = 3
_VERBS = {"raise": "raises", "return": "returns", "yield": "yields"}


def message_line(question: Question, citing: Citing) -> int | None:
    """The line of ``citing``'s definition that writes the most of the quoted message."""
    message = quoted_message(question.text)
    if not message:
        return None
    candidate = citing.candidate
    lines = candidate.file.span_lines(candidate.start, candidate.end)
    best, best_run = None, (0, 0)
    for offset, text in enumerate(lines):
        # a message split over lines is read joined; its own line wins a tie
        run = (
            longest_run(message, " ".join(lines[offset : offset + _JOINED])),
            longest_run(message, text),
        )
        if run > best_run:
            best, best_run = candidate.start + offset, run
    return best if best_run[0] >= min(MIN_RUN, len(message)) else None


def message_lead(question: Question, citing: Citing, others: Sequence[Citing] = ()) -> Lead | None:
    """Where the quoted message is written and what sends it, or None when the
    definition does not write it; when it only builds the error, the places among
    ``others`` (the other definitions found) that raise what it builds."""
    line = message_line(question, citing)
    if line is None:
        return None
    node = citing.candidate.node
    found = exits(citing.candidate.file, node) if node is not None else []
    # the statement holding the message (``raise E(\n "message"\n)``), or one just after
    sent = next((e for e in found if e.line <= line <= e.end_line), None) or next(
        (e for e in found if line <= e.line <= line + _SENT_WITHIN), None
    )
    written = f"{citing.name} writes the message (`{citing.cite(line)}`)"
    if sent is None:
        lead = Lead([f"**{written}.**\n"], [citing.quote([citing.signature_line(), line])])
    else:
        lead = Lead([_sent(citing, sent) + f"; {written}.\n"])
        shown = [citing.signature_line(), *_lines(sent, citing), line, line + 1]
        lead.quotes.append(citing.quote(shown))
    if sent is None or sent.keyword != "raise":
        _add_raisers(lead, citing, others)
    return lead


def _sent(citing: Citing, sent: Exit) -> str:
    """ "**When `c`, `f` raises `E(msg)`** (`file:line`)"."""
    verb = _VERBS.get(sent.keyword, sent.keyword)
    what = f"`{sent.value}`" if sent.value else "it"
    when = sent.when()
    said = f"When {when}, {citing.name} {verb} {what}" if when else f"{citing.name} {verb} {what}"
    return f"**{said}** (`{citing.cite(sent.line)}`)"


def _add_raisers(lead: Lead, writer: Citing, others: Sequence[Citing]) -> None:
    """The raise statements of ``others`` that raise what ``writer`` builds."""
    name = writer.candidate.span.name if writer.candidate.span else ""
    if not name:
        return
    calling = re.compile(rf"(?<![\w]){re.escape(name)}\s*\(")
    raisers = []
    for other in others:
        node = other.candidate.node
        if node is None or other.candidate.span is None or other.candidate.span.name == name:
            continue
        found = exits(other.candidate.file, node)
        raising = [e for e in found if e.keyword == "raise" and calling.search(e.value)]
        if raising:
            raisers.append((other, raising[0]))
        if len(raisers) == _MOST_RAISERS:
            break
    if not raisers:
        return
    lead.answer.append("It is raised where the error is built:")
    for other, sent in raisers:
        lead.answer.append(f"- {_sent(other, sent)}")
        lead.quotes.append(other.quote([other.signature_line(), *_lines(sent, other)]))
    lead.answer[-1] += "\n"


def _lines(sent: Exit, citing: Citing) -> list[int]:
    """The statement sending the message, its conditions and the assignments of the
    local names those conditions test (``has_t_divider = "T" in text``)."""
    conditions = [n for condition in sent.conditions for n in condition.lines]
    tested = tested_assignments(citing, (c.text for c in sent.conditions), sent.line)
    return [*tested, *conditions, *range(sent.line, min(sent.end_line, sent.line + 2) + 1)]
