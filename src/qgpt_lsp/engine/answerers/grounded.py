"""The answerer that needs no model: a deterministic Markdown answer from the code itself.

Always available, the last fallback. It streams line by line so streaming is real.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

from .base import AnswerJob, CodeFacts

NO_MODEL_NOTE = (
    "_No language model is configured, so this answer lists what the code itself says. "
    "For written answers point `OPENAI_BASE_URL` and `OPENAI_MODEL` (or the `qgpt.openai.*` "
    "settings) at an OpenAI-compatible server such as Ollama, llama.cpp or LM Studio, "
    "or set `qgpt.local.modelPath` to a GGUF model (needs the `[local]` extra)._"
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
    """The grounded answer as Markdown."""
    parts = [f"## {facts.subject}\n"]
    if question:
        parts.append(f"> {question.splitlines()[0][:200]}\n")
    parts.extend(_section(title, items) for title, items in _sections(facts) if items)
    if facts.snippets:
        parts.append("**Most relevant code:**\n")
        for snippet in facts.snippets:
            body = "\n".join(snippet.text.splitlines()[:12])
            fence = snippet.language if snippet.language != "UNKNOWN" else ""
            parts.append(
                f"- `{snippet.cite}` (score {snippet.score:.2f})\n\n```{fence}\n{body}\n```\n"
            )
    if len(parts) == 1 + bool(question):
        parts.append("Nothing in the workspace matched this question.\n")
    parts.append(NO_MODEL_NOTE + "\n")
    return "\n".join(parts)


def _sections(facts: CodeFacts) -> list[tuple[str, list[str]]]:
    return [
        ("Defined", facts.definitions),
        ("What the code says", [f"“{line}”" for line in facts.docs]),
        ("Calls", [f"`{name}()`" for name in facts.calls]),
        ("Used by", facts.callers),
        ("Tests", facts.tests),
        (
            "Latest commits touching it",
            [f"`{c.split(' ', 1)[0]}` {c.split(' ', 1)[1]}" for c in facts.commits if " " in c],
        ),
    ]


def _section(title: str, items: list[str]) -> str:
    if not items:
        return ""
    lines = "\n".join(f"- {item}" for item in items)
    return f"**{title}:**\n{lines}\n"
