"""The first lines of an answer about problems: "find bugs" and "explain this error".

- "find bugs / what can go wrong": the findings of :mod:`.findings` in each
  definition asked about, each at its ``file:line``, their lines quoted; or a
  plain statement that none of the checks found anything.
- "explain this error: <message>": the names the message quotes, where the code
  uses them, and the nearest names it does define (``valeu`` -> ``value``).
"""

from __future__ import annotations

from collections.abc import Sequence

from .diagnostics import NameInError, names_in_error
from .findings import RUFF_RULES, find_problems
from .leads import Lead, outline, quote_short_whole
from .questions import Question
from .quoting import Citing

__all__ = ["bugs_lead", "error_lead"]

_MOST_FINDINGS = 12


def bugs_lead(citings: Sequence[Citing]) -> Lead:
    """The findings in every definition of ``citings`` (the code asked about)."""
    lead = Lead()
    for citing in citings:
        candidate = citing.candidate
        file = candidate.file
        node = candidate.node or (file.tree.root_node if file.tree is not None else None)
        start, end = _asked_lines(citing)
        found = find_problems(file, node, start, end, candidate.located) if node else []
        found = [finding for finding in found if start <= finding.line <= end]
        if not found:
            continue
        lead.answer.append(f"In {citing.name} (`{citing.whole}`):\n")
        for finding in found[:_MOST_FINDINGS]:
            lead.answer.append(f"- `{citing.cite(finding.line)}`: {finding.text}")
        lead.answer[-1] += "\n"
        lines = [citing.signature_line(), *(f.line for f in found[:_MOST_FINDINGS])]
        lead.quotes.append(quote_short_whole(citing, lines))
    if not lead.answer:
        names = ", ".join(f"{c.name} (`{c.whole}`)" for c in citings)
        lead.answer.append(
            f"**Nothing concrete found** in {names}: it raises nothing, swallows no exception, "
            f"uses no value that may be `None` unchecked, and ruff ({RUFF_RULES}) reports "
            "nothing, where ruff is installed. Its code, to judge for yourself:\n"
        )
        # the code itself, so the reader can check the cases the checks do not know
        lead.quotes += [quote_short_whole(c, [c.signature_line(), *outline(c)]) for c in citings]
    else:
        lead.answer.insert(0, "**What can go wrong:**\n")
    return lead


def error_lead(question: Question, citing: Citing) -> Lead:
    """The diagnostic's names read against the code it was reported on."""
    start, end = _asked_lines(citing)
    names = names_in_error(question.detail or question.text, citing.candidate.file, start, end)
    lead = Lead()
    lines: list[int] = []
    for name in names:
        lead.answer.append(_name_sentence(name, citing))
        lines += name.used_at[:4] + [line for _, line in name.nearest[:1]]
        lines += [name.defined_at] if name.defined_at else []
    if not names:
        return Lead([f"The message names nothing {citing.name} uses.\n"])
    lead.answer[-1] += "\n"
    lead.quotes.append(citing.quote(lines or [citing.signature_line()]))
    return lead


def _name_sentence(name: NameInError, citing: Citing) -> str:
    used = ", ".join(f"`{citing.cite(line)}`" for line in name.used_at[:4])
    where = f"is used at {used}" if used else "is not used in the lines asked about"
    if name.defined_at is not None:
        defined = f"and defined at `{citing.cite(name.defined_at)}`"
    else:
        defined = "but nothing in scope defines it"
    sentence = f"- **`{name.name}`** {where} {defined}."
    if name.nearest:
        near, line = name.nearest[0]
        others = ", ".join(f"`{other}`" for other, _ in name.nearest[1:])
        also = f" (or {others})" if others else ""
        sentence += (
            f" The nearest defined name is **`{near}`** (`{citing.cite(line)}`){also}: "
            f"probably what was meant."
        )
    return sentence


def _asked_lines(citing: Citing) -> tuple[int, int]:
    """The definition's lines, widened to the selection's when they reach further."""
    candidate = citing.candidate
    code = candidate.code
    if code.selected and code.path is not None:
        return min(candidate.start, code.start_line), max(candidate.end, code.end_line)
    return candidate.start, candidate.end
