"""The answerer that needs no model: a deterministic Markdown answer from the code itself.

Always available, the last fallback. The answer leads with what the question asks
(``CodeFacts.answer``: the deciding definition by ``file:line``, its deciding
lines quoted), then the facts that support it (calls, callers, tests, related
definitions, commits). It streams line by line so streaming is real.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

from .base import AnswerJob, CodeFacts

NO_MODEL_NOTE = (
    "_Read from the code; no language model is configured. For written answers set "
    "`qgpt.openai.baseUrl` and `qgpt.openai.model` (or `OPENAI_BASE_URL`, `OPENAI_MODEL`)._"
)


class GroundedAnswerer:
    """Renders :class:`CodeFacts` as Markdown, citing every fact with ``file:line``."""

    name = "grounded"
    is_model = False
    context_tokens = 8192
    snippet_tokens = 8192

    async def answer(self, job: AnswerJob) -> AsyncGenerator[str, None]:
        facts = job.facts or CodeFacts(subject="the question")
        for line in render(facts, _question(job)).splitlines(keepends=True):
            yield line
            await asyncio.sleep(0)  # let stop/cancel land between lines

    async def aclose(self) -> None:
        return None


def _question(job: AnswerJob) -> str:
    users = [m.content for m in job.messages if m.role == "user"]
    last = users[-1].split("\n\n")[-1].strip() if users else ""
    return last.removeprefix("Question:").strip()


def render(facts: CodeFacts, question: str) -> str:
    """The grounded answer as Markdown: the answer first, the supporting facts after."""
    parts = [f"## {facts.subject}\n"]
    if question:
        parts.append(f"> {question.splitlines()[0][:200]}\n")
    if facts.selection:
        parts.append(f"Selection: `{facts.selection}`\n")
    if facts.answer or facts.quotes:
        parts.append("\n".join(facts.answer))
        parts.extend(quote.markdown() for quote in facts.quotes)
    else:
        parts.append("Nothing in the workspace matched this question.\n")
    parts.extend(_supporting(facts))
    parts.append(NO_MODEL_NOTE + "\n")
    return "\n".join(part for part in parts if part)


def _supporting(facts: CodeFacts) -> list[str]:
    found = []
    if facts.docs and facts.docs[0] not in "\n".join(facts.answer):  # not said twice
        found.append(f"**What it does:** {facts.docs[0]}\n")
    if facts.calls:
        found.append("**Calls:** " + ", ".join(facts.calls) + "\n")
    if facts.reads:
        found.append("**Also reads:** " + ", ".join(facts.reads) + "\n")
    if facts.related_quotes:
        found.append("**Related code, by relevance to the question:**\n")
        found.extend(quote.markdown() for quote in facts.related_quotes)
    found.append(_section("Also relevant", facts.related))
    if facts.kind != "usage":
        found.append(_section("Used by (closest to the question first)", facts.callers))
        found.append(_section("Tests", facts.tests))
    commits = [f"`{c.split(' ', 1)[0]}` {c.split(' ', 1)[1]}" for c in facts.commits if " " in c]
    found.append(_section("Latest commits touching it", commits))
    return found


def _section(title: str, items: list[str]) -> str:
    if not items:
        return ""
    lines = "\n".join(f"- {item}" for item in items)
    return f"**{title}:**\n{lines}\n"
