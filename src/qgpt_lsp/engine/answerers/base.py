"""What every answerer takes and gives: a job in, text deltas out."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from ...redaction import redact


@dataclass(frozen=True)
class ChatMessage:
    """One chat message for a language model."""

    role: str  # "system", "user" or "assistant"
    content: str


@dataclass(frozen=True)
class CitedCode:
    """A piece of code an answer is built from and cites by its ``label``; lines are
    1-based and inclusive."""

    text: str
    path: Path | None = None  # absolute, inside a workspace root; None for a bare fragment
    start_line: int = 1
    end_line: int = 1
    language: str = "UNKNOWN"
    score: float = 1.0
    label: str = ""  # how answers cite it: "src/cache.py:40-80" or "snippet 2"
    id: str | None = None
    focus: str | None = None  # the definition search ranked; the other lines are its context

    @property
    def cite(self) -> str:
        return self.label or f"snippet {self.id or ''}".strip()

    def shares_lines(self, path: Path | None, start: int, end: int) -> bool:
        """True when this code shows any of lines ``start..end`` of the file ``path``."""
        return (
            path is not None
            and self.path == path
            and self.start_line <= end
            and start <= self.end_line
        )


@dataclass(frozen=True)
class CodeFacts:
    """What the code itself says about the question's subject (for grounded answers)."""

    subject: str
    definitions: list[str] = field(default_factory=list)  # "`def f(x)` at a.py:3"
    calls: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    callers: list[str] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)
    commits: list[str] = field(default_factory=list)
    snippets: list[CitedCode] = field(default_factory=list)


@dataclass(frozen=True)
class AnswerJob:
    """One thing to answer: the chat prompt for a model, the facts for grounded."""

    messages: list[ChatMessage]
    facts: CodeFacts | None = None
    max_tokens: int = 512
    kind: str = "answer"  # "answer", "hints" or "reprompt"

    def __post_init__(self) -> None:
        """Every prompt leaves the process through here: secret-looking values are masked."""
        masked = [ChatMessage(m.role, redact(m.content)) for m in self.messages]
        object.__setattr__(self, "messages", masked)


@runtime_checkable
class Answerer(Protocol):
    """Turns a job into a stream of text deltas.

    Closing the iterator early (``aclose()``, or cancelling the task iterating
    it) stops generation: the HTTP stream is closed, the local thread stops.
    """

    #: Which model answers: "openai:qwen2.5-coder", "local:SmolLM2-135M-Instruct", "grounded".
    name: str
    #: The context window in tokens the prompts are trimmed to.
    context_tokens: int
    #: The most tokens of code snippets a prompt carries (the top-scored are kept).
    snippet_tokens: int

    @property
    def is_model(self) -> bool:
        """True for a language model (hints and reprompt may ask it)."""
        ...

    def answer(self, job: AnswerJob) -> AsyncGenerator[str, None]: ...

    async def aclose(self) -> None: ...


async def collect(answerer: Answerer, job: AnswerJob) -> str:
    """The whole answer as one string."""
    parts = [delta async for delta in answerer.answer(job)]
    return "".join(parts)
