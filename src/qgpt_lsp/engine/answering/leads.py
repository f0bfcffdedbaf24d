"""The first lines of an answer, shaped by what is asked, about the deciding definition.

- "what does it return / when": its returns (and raises) with the conditions that
  lead to each; the one whose conditions match the question first.
- "what happens if": the branch whose condition matches the question, and what it
  does first (raise, return, set); parameter defaults the question names.
- "where is it handled / decided / set": the place, and the lines that decide.
- anything else: the definition, its docstring's first sentence, its best lines.

Every claim cites ``file:line``; the deciding lines are quoted. Without a syntax
tree (a language with no grammar) each kind falls back to the lines that match
the question's terms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..answerers import QuotedLines
from .comparisons import agreement
from .conditions import negate
from .control_flow import Branch, Exit, branches, defaults, exits
from .line_match import (
    DECIDING,
    best_lines,
    docstring_lines,
    line_stems,
    score_lines,
    term_coverage,
)
from .questions import Question, QuestionKind
from .quoting import MAX_QUOTED, Citing
from .tested_names import tested_assignments

__all__ = ["Lead", "first_sentence", "lead_for", "quote_short_whole", "summary_of"]

_VERBS = {"return": "returns", "yield": "yields", "raise": "raises"}
_MOST_EXITS = 8
_OUTLINE_LINES = 12
#: A definition of at most this many code lines is quoted whole.
_SHORT_WHOLE = 16
#: Conditions listed for each exit of a definition, the innermost (the rest: "…").
_LISTED_CONDITIONS = 2


@dataclass
class Lead:
    """The answer's opening: Markdown lines, and the lines it quotes."""

    answer: list[str] = field(default_factory=list)
    quotes: list[QuotedLines] = field(default_factory=list)


def lead_for(question: Question, citing: Citing) -> Lead:
    """The opening for ``question`` about the definition ``citing`` quotes from."""
    shape: dict[QuestionKind, Callable[[Question, Citing], Lead]] = {
        QuestionKind.RETURNS: _returns,
        QuestionKind.WHAT_IF: _what_if,
        QuestionKind.WHERE: _where,
    }
    return shape.get(question.kind, _explain)(question, citing)


def _returns(question: Question, citing: Citing) -> Lead:
    node = citing.candidate.node
    found = exits(citing.candidate.file, node) if node is not None else []
    if not found:
        lead = _matching_lines(question, citing, "has no `return` or `raise` I can read; ")
        return lead
    scores = [_exit_score(exit_, question) for exit_ in found]
    best = max(range(len(found)), key=lambda i: (scores[i], -i))
    lead = Lead()
    if scores[best] > 0:
        lead.answer.append(_exit_sentence(found[best], citing, question) + "\n")
    on_the_way = (
        [] if _conditions_match(found, question) else _matching_branches(question, citing, 2)
    )
    listed = on_the_way  # "when sku is pear": no return tests it, a branch before one does
    if on_the_way and not lead.answer and on_the_way[0].keyword in ("if", "elif"):
        lead.answer.append(_through_branch(on_the_way[0], found[best], citing) + "\n")
        listed = on_the_way[1:]
    if listed:
        lead.answer.append("On the way there, the branches that match the question:\n")
        lead.answer += [_branch_sentence(branch, citing) for branch in listed]
        lead.answer[-1] += "\n"
    lead.answer.append(f"{citing.name} (`{citing.whole}`) ends in one of these ways:\n")
    conditional = False
    python = _is_python(citing)
    for exit_ in found[:_MOST_EXITS]:
        when = _nearest_conditions(exit_) or ("otherwise" if conditional else "in every case")
        conditional = conditional or bool(exit_.conditions)
        what = _what(exit_, python)
        verb = _VERBS[exit_.keyword]
        said = when if when == "in every case" else f"when {when}"
        lead.answer.append(f"- {verb} {what} {said} (`{citing.cite(exit_.line)}`)")
    lead.answer[-1] += "\n"
    order = [found[best], *(e for e in found if e is not found[best])]
    branch_lines = _branch_lines(on_the_way, 2)
    tested = tested_assignments(citing, (c.text for c in found[best].conditions), found[best].line)
    shown = [citing.signature_line(), *tested, *branch_lines, *_exit_lines(order)]
    lead.quotes.append(citing.quote(shown))
    return lead


def _nearest_conditions(exit_: Exit) -> str:
    """An exit's innermost conditions in words: in a long function the guards passed on
    the way ("`length != 0`") repeat for every exit and bury the one that decides."""
    shown = exit_.conditions[-_LISTED_CONDITIONS:]
    said = " and ".join(condition.describe() for condition in shown)
    return f"… and {said}" if len(exit_.conditions) > len(shown) else said


def _through_branch(branch: Branch, exit_: Exit, citing: Citing) -> str:
    """ "When `c`, f first sets `x`, then returns `y`" for a branch on the way to ``exit_``."""
    what = _what(exit_, _is_python(citing))
    return (
        f"**When `{branch.condition}`, {citing.name} first {_does(branch.first)} "
        f"(`{citing.cite(branch.line)}`), then {_VERBS[exit_.keyword]} {what}** "
        f"(`{citing.cite(exit_.line)}`)."
    )


def _conditions_match(found: list[Exit], question: Question) -> bool:
    """True when some exit's own conditions hold the question's terms."""
    texts = [condition.text for exit_ in found for condition in exit_.conditions]
    return any(question.concepts(line_stems(text)) for text in texts)


def _exit_score(exit_: Exit, question: Question) -> float:
    """The question's terms in the exit's conditions and value, and which way it compares."""
    held = [c.text for c in exit_.conditions if c.keyword != "else"]
    failed = [c.text for c in exit_.conditions if c.keyword == "else"]
    # "when X" asks about X holding: a condition that must fail only breaks ties
    score = 2 * term_coverage([*held, exit_.value], question)
    score += 0.25 * term_coverage(failed, question)
    for condition in exit_.conditions:
        score += agreement(question, condition.text, condition.keyword == "else")
    return score


def _what(exit_: Exit, python: bool) -> str:
    """The value an exit gives, in words: a bare ``return`` gives None in Python."""
    if exit_.value:
        return f"`{exit_.value}`"
    if exit_.keyword == "raise":
        return "the exception being handled again"
    return "`None` (a bare `return`)" if python else "nothing"


def _is_python(citing: Citing) -> bool:
    spec = citing.candidate.file.spec
    return spec is not None and spec.name == "python"


def _exit_sentence(exit_: Exit, citing: Citing, question: Question) -> str:
    """The exit the question asks about, under the conditions that speak to the question
    (the others are counted, and listed with every exit below)."""
    what = _what(exit_, _is_python(citing))
    verb = _VERBS[exit_.keyword]
    at = f"(`{citing.cite(exit_.line)}`)"
    if not exit_.conditions:
        return f"**{citing.name} {verb} {what}** {at}."
    asked = [c for c in exit_.conditions if question.concepts(line_stems(c.text))]
    shown = asked or list(exit_.conditions)
    when = " and ".join(condition.describe() for condition in shown)
    more = len(exit_.conditions) - len(shown)
    also = f" (and {more} more condition{'s' if more > 1 else ''}, below)" if more else ""
    return f"**When {when}, {citing.name} {verb} {what}** {at}{also}."


def _exit_lines(found: list[Exit]) -> list[int]:
    lines: list[int] = []
    for exit_ in found:
        lines += [line for condition in exit_.conditions for line in condition.lines]
        lines += range(exit_.line, min(exit_.end_line, exit_.line + 2) + 1)
    return lines


def _what_if(question: Question, citing: Citing) -> Lead:
    node = citing.candidate.node
    matching = _matching_branches(question, citing, 2)
    lead = Lead([_branch_sentence(branch, citing) for branch in matching])
    for line, name, value in defaults(citing.candidate.file, node) if node is not None else []:
        if question.matches(name):
            lead.answer.append(
                f"- `{name}` defaults to `{value}` (`{citing.cite(line)}`) when not given."
            )
    if not lead.answer:
        return _matching_lines(question, citing, "has no branch that tests the question's terms; ")
    lead.answer.insert(0, f"In {citing.name} (`{citing.whole}`):\n")
    lead.answer[-1] += "\n"
    tested = (
        tested_assignments(citing, [matching[0].condition], matching[0].line) if matching else []
    )
    shown = [citing.signature_line(), *tested, *_branch_lines(matching, 5)]
    lead.quotes.append(quote_short_whole(citing, shown))
    return lead


def _matching_branches(question: Question, citing: Citing, limit: int) -> list[Branch]:
    """The branches whose condition (or, less, body) holds the question's terms, best
    first."""
    node = citing.candidate.node
    found = branches(citing.candidate.file, node) if node is not None else []
    scored = sorted(
        ((_branch_score(b, question, citing), i, b) for i, b in enumerate(found)),
        key=lambda item: (-item[0], item[1]),
    )
    return [branch for score, _, branch in scored if score > 0][:limit]


def _branch_lines(found: list[Branch], body_lines: int) -> list[int]:
    lines: list[int] = []
    for branch in found:
        lines += range(branch.line, min(branch.body_end, branch.body_start + body_lines) + 1)
    return lines


def _branch_score(branch: Branch, question: Question, citing: Citing) -> float:
    body = citing.candidate.file.span_lines(branch.body_start, branch.body_end)
    score = 2 * term_coverage([branch.condition], question) + 0.5 * term_coverage(body, question)
    return score + agreement(question, branch.condition, branch.keyword == "else")


def _branch_sentence(branch: Branch, citing: Citing) -> str:
    at = f"(`{citing.cite(branch.line)}`)"
    if branch.keyword == "else":
        when = _else_of(branch.condition) if branch.condition else "none of the above holds"
    elif branch.keyword == "except":
        when = f"`{branch.condition}` is raised" if branch.condition else "anything is raised"
    elif branch.keyword == "case":
        when = f"the value matches `{branch.condition}`"
    else:
        when = f"`{branch.condition}`"
    return f"- **If {when}** {at}, it {_does(branch.first)}."


def _else_of(condition: str) -> str:
    """An ``else`` branch's condition: the opposite as code where that is plain, else
    "`condition` is false" (never "not `not x or y`")."""
    opposite = negate(condition)
    return f"`{condition}` is false" if opposite.startswith("not `") else opposite


def _does(first: str) -> str:
    """What a branch's first statement does, in words."""
    word = first.split(" ", 1)[0].rstrip(";:")
    rest = first[len(word) :].strip().rstrip(";")
    if word in ("raise", "throw"):
        return f"raises `{rest}`" if rest else "re-raises the exception being handled"
    if word == "return":
        return f"returns `{rest}`" if rest else "returns"
    if word in ("pass", "continue", "break"):
        return f"does nothing more (`{word}`)" if word == "pass" else f"does `{word}`"
    if "=" in first and "==" not in first.split("=", 1)[0] + "=":
        return f"sets `{first}`"
    return f"runs `{first}`"


def _where(question: Question, citing: Citing) -> Lead:
    lines = _best(question, citing, 10)
    if not lines:
        return _matching_lines(question, citing, "")
    top = _top(question, citing)
    text = citing.candidate.file.line(top).strip()
    lead = Lead(
        [
            f"**It is decided in {citing.name}** (`{citing.whole}`), at "
            f"`{citing.cite(top)}`: `{text}`\n"
        ]
    )
    lead.quotes.append(quote_short_whole(citing, [citing.signature_line(), *lines]))
    return lead


def _explain(question: Question, citing: Citing) -> Lead:
    summary = summary_of(citing)
    opening = f"**{citing.name}** (`{citing.whole}`)"
    lead = Lead([f"{opening}: {summary}\n" if summary else f"{opening}:\n"])
    decisions = _matching_branches(question, citing, 4)
    if decisions:
        lead.answer.append("The branches that bear on the question, in order of relevance:\n")
        lead.answer += [_branch_sentence(branch, citing) for branch in decisions]
        lead.answer[-1] += "\n"
    lines = _best(question, citing, 10) or outline(citing)
    lead.quotes.append(
        quote_short_whole(citing, [citing.signature_line(), *lines, *_branch_lines(decisions, 1)])
    )
    return lead


def _matching_lines(question: Question, citing: Citing, why: str) -> Lead:
    """The fallback: the definition's lines that match the question's terms."""
    lines = _best(question, citing, 10)
    shown = "the lines that match the question" if lines else "its outline"
    lead = Lead([f"{citing.name} (`{citing.whole}`) {why}{shown}:\n"])
    lead.quotes.append(
        quote_short_whole(citing, [citing.signature_line(), *(lines or outline(citing))])
    )
    return lead


def _best(question: Question, citing: Citing, limit: int) -> list[int]:
    """The numbers of the definition's lines that best match the question."""
    candidate = citing.candidate
    lines = candidate.file.span_lines(candidate.start, candidate.end)
    first = max(candidate.start, candidate.file.first_line)
    return [first + index for index in best_lines(lines, question, limit)]


def _top(question: Question, citing: Citing) -> int:
    """The number of the definition's best line for the question."""
    candidate = citing.candidate
    lines = candidate.file.span_lines(candidate.start, candidate.end)
    scores = score_lines(lines, question)
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    return max(candidate.start, candidate.file.first_line) + best


def quote_short_whole(citing: Citing, lines: list[int], most: int = _SHORT_WHOLE) -> QuotedLines:
    """``lines`` quoted; a definition of at most ``most`` code lines all of them (its
    docstring and comments left out): what it reads and calls is the answer's detail,
    and it fits."""
    candidate = citing.candidate
    first = max(candidate.start, candidate.file.first_line)
    body = candidate.file.span_lines(first, candidate.end)
    prose = docstring_lines(body)
    code = [
        first + index
        for index, line in enumerate(body)
        if index not in prose and line.strip() and not line.lstrip().startswith("#")
    ]
    if len(code) > most:
        return citing.quote(lines)
    return citing.quote([*lines, *code], limit=max(MAX_QUOTED, len(code) + len(lines)))


def outline(citing: Citing) -> list[int]:
    """When nothing matches the question: a short definition whole, else its deciding
    lines (branches, returns, raises)."""
    candidate = citing.candidate
    numbers = list(range(citing.signature_line() + 1, candidate.end + 1))
    if len(numbers) < _OUTLINE_LINES:
        return numbers
    found = [n for n in numbers if DECIDING.match(candidate.file.line(n))]
    return found[:_OUTLINE_LINES] or numbers[:_OUTLINE_LINES]


def summary_of(citing: Citing) -> str:
    """The first sentence of the definition's docstring, or of the comment above it."""
    candidate = citing.candidate
    body = candidate.file.span_lines(candidate.body_start(), candidate.end)
    above = candidate.file.span_lines(candidate.start, citing.signature_line() - 1)
    return first_sentence(body, above)


def first_sentence(body: list[str], above: list[str]) -> str:
    """The docstring's first sentence at the start of ``body``, else that of the comment
    lines in ``above``."""
    text = "\n".join(body[:12]).strip().lstrip("rRuU")
    for quote in ('"""', "'''"):
        if text.startswith(quote):
            end = text.find(quote, 3)
            return _sentence(text[3 : end if end > 0 else None])
    comments = [
        line.strip().lstrip("/#*-! ").strip()
        for line in above
        if line.strip().startswith(("//", "#", "/*", "*", "--"))
    ]
    return _sentence(" ".join(comments))


def _sentence(text: str) -> str:
    words = " ".join(text.split())
    end = words.find(". ")
    sentence = words[: end + 1] if end >= 0 else words
    return sentence if len(sentence) <= 240 else sentence[:239] + "…"
