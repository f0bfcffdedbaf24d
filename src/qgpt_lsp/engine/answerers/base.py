"""What every answerer takes and gives: a job in, text deltas out."""

from __future__ import annotations

import contextlib
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
    selected: bool = False  # the code the question was asked about (a selection, a file)

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
class QuotedLines:
    """Lines of one file an answer quotes, each with its number, under its ``file:line``."""

    cite: str  # "src/fmt.py:12-16"
    lines: tuple[tuple[int, str], ...]
    language: str = ""

    def markdown(self) -> str:
        """A fenced block headed by the cite; numbered lines, ``…`` where lines are left out."""
        width = len(str(max((n for n, _ in self.lines), default=1)))
        body: list[str] = []
        previous: int | None = None
        for number, text in self.lines:
            if previous is not None and number > previous + 1:
                body.append(f"{'':>{width}}  …")
            body.append(f"{number:>{width}}  {text}".rstrip())
            previous = number
        fence = self.language if self.language not in ("", "UNKNOWN") else ""
        return f"`{self.cite}`\n```{fence}\n" + "\n".join(body) + "\n```\n"


@dataclass(frozen=True)
class CodeFacts:
    """What the code itself says about the question (for grounded answers, and the
    evidence under a model's).

    ``answer`` and ``quotes`` lead: the answer in the question's terms, each claim
    citing ``file:line``, and the deciding lines quoted; the rest supports them.
    """

    subject: str
    kind: str = "explain"  # the question's kind (:class:`~..answering.questions.QuestionKind`)
    answer: list[str] = field(default_factory=list)  # Markdown paragraphs and bullets
    quotes: list[QuotedLines] = field(default_factory=list)
    selection: str = ""  # "src/a.py:10-30": the code asked about, when there is one
    definitions: list[str] = field(default_factory=list)  # "`def f(x)` at a.py:3"
    calls: list[str] = field(default_factory=list)  # "`self._build()` (`a.py:40`)"
    reads: list[str] = field(default_factory=list)  # "`self.max_redirects`", "`MAX_DEPTH`"
    docs: list[str] = field(default_factory=list)
    callers: list[str] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)
    commits: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # "`g` at `b.py:7`: `best line`"
    related_quotes: list[QuotedLines] = field(
        default_factory=list
    )  # the next definitions' best lines
    snippets: list[CitedCode] = field(default_factory=list)
    deciding: CitedCode | None = None  # the snippet the answer's subject was found in


@dataclass(frozen=True)
class AnswerJob:
    """One thing to answer: the chat prompt for a model, the facts for grounded."""

    messages: list[ChatMessage]
    facts: CodeFacts | None = None
    max_tokens: int = 512
    kind: str = "answer"  # "answer", "hints" or "reprompt"
    #: Markdown a model's answer is followed by: the deciding lines, quoted (see stream_answer).
    evidence: str = ""

    def __post_init__(self) -> None:
        """Every prompt leaves the process through here: secret-looking values are masked."""
        masked = [ChatMessage(m.role, redact(m.content)) for m in self.messages]
        object.__setattr__(self, "messages", masked)
        object.__setattr__(self, "evidence", redact(self.evidence))


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


async def stream_answer(answerer: Answerer, job: AnswerJob) -> AsyncGenerator[str, None]:
    """The answerer's deltas; after a model's whole answer, the job's evidence, so a weak
    model cannot hide what the code says (a grounded answer is its own evidence)."""
    async with contextlib.aclosing(answerer.answer(job)) as deltas:
        async for delta in deltas:
            yield delta
    if answerer.is_model and job.evidence:
        yield "\n\n" + job.evidence


async def collect(answerer: Answerer, job: AnswerJob) -> str:
    """The whole answer as one string (the evidence included, as streamed)."""
    parts = [delta async for delta in stream_answer(answerer, job)]
    return "".join(parts)
