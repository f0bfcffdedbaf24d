"""Prompts per pipeline, with the code trimmed to the model's window.

The code asked about (a selection, ``CitedCode.selected``) goes first and once,
headed by its ``file:line``; then the best-scored snippets.

Trimming rule (stated once): a token is estimated as 3 characters (code tokenizes
denser than prose; 4 overflowed SmolLM2's window in the benchmark; a test measures
the prompt with llama.cpp's own tokenizer), and 5% of the window is kept spare.
The budget for code is the rest of the window minus the answer's ``max_tokens``,
the system prompt, the question and the history, and at most the answerer's
``snippet_tokens`` (``EngineSettings.snippet_tokens``: 768 for the local model by
default, since reading the prompt is most of its time to first token on a CPU;
3072 for openai). Snippets go in the selection first, then highest score first;
the first one that does not fit is cut at a line boundary to what is left (when
at least 200 characters are left), and the rest are dropped. History keeps the
newest turns that fit in a quarter of the window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...wire import QGPTPromptPipeline
from ..answerers import ChatMessage, CitedCode

CHARS_PER_TOKEN = 3
SPARE = 0.05
_MIN_CUT = 200

_BASE = (
    "You are a senior engineer answering questions about the user's code base. "
    "Answer in Markdown. Ground every claim in the snippets below and cite them by "
    "their `file:line` label, e.g. `src/cache.py:40`. If the snippets do not hold "
    "the answer, say so plainly instead of guessing."
)

_TASKS = {
    "code_explanation": "Explain what the code does, how, and why, step by step.",
    "code_commentation": "Return the code with comments and docstrings added; change nothing else.",
    "code_fix": "Find the cause of the error in the code and give the fixed code.",
    "code_modification": "Modify the code as instructed and return the changed code.",
    "code_completion": "Complete the code where it is unfinished; return only the completed code.",
    "contextualized_code_dialog": "Answer the question using the code as context.",
    "contextualized_code_generation": "Write the code the user asks for, fitting the code shown.",
    "generalized_code_dialog": "Answer the general programming question; snippets are optional.",
    "contextualized_code_workstream_dialog": "Answer from the code and the recent work shown.",
}


@dataclass(frozen=True)
class PipelineChoice:
    """The pipeline's name and its one argument (error, instruction, context)."""

    name: str
    detail: str = ""


def pipeline_of(pipeline: QGPTPromptPipeline | None) -> PipelineChoice:
    """The pipeline asked for; the default is ``contextualized_code_dialog``."""
    task = pipeline.task if pipeline else None
    if task is not None:
        if task.code_fix is not None:
            return PipelineChoice("code_fix", task.code_fix.error or "")
        if task.code_modification is not None:
            return PipelineChoice("code_modification", task.code_modification.instruction or "")
        if task.code_completion is not None:
            return PipelineChoice("code_completion", "\n".join(task.code_completion.context or []))
        for name in ("code_explanation", "code_commentation"):
            if getattr(task, name) is not None:
                return PipelineChoice(name)
    dialog = pipeline.conversation if pipeline else None
    if dialog is not None:
        for name in _TASKS:
            if getattr(dialog, name, None) is not None:
                return PipelineChoice(name)
    return PipelineChoice("contextualized_code_dialog")


def estimate_tokens(text: str) -> int:
    """The token estimate the trimming rule uses: ``ceil(len / 3)``."""
    return -(-len(text) // CHARS_PER_TOKEN)


def build_messages(
    query: str,
    snippets: list[CitedCode],
    pipeline: PipelineChoice,
    history: list[ChatMessage] | None = None,
    context_tokens: int = 8192,
    max_tokens: int = 512,
    snippet_tokens: int | None = None,
) -> list[ChatMessage]:
    """The chat for one answer: system, recent history, then snippets and the question."""
    system = f"{_BASE}\n\nTask: {_TASKS[pipeline.name]}"
    question = _question(query, pipeline)
    usable = int(context_tokens * (1 - SPARE))
    budget = usable - max_tokens - estimate_tokens(system + question) - 16
    kept = _fit_history(history or [], max(budget, 0) // 4)
    budget -= sum(estimate_tokens(m.content) for m in kept)
    if snippet_tokens is not None:
        budget = min(budget, snippet_tokens)
    code = render_snippets(trim_snippets(snippets, budget * CHARS_PER_TOKEN))
    user = f"{code}\n\n{question}" if code else question
    return [ChatMessage("system", system), *kept, ChatMessage("user", user)]


def _question(query: str, pipeline: PipelineChoice) -> str:
    labels = {"code_fix": "Error", "code_modification": "Instruction", "code_completion": "Context"}
    extra = f"\n{labels[pipeline.name]}: {pipeline.detail}" if pipeline.detail else ""
    return f"Question: {query.strip()}{extra}"


def _fit_history(history: list[ChatMessage], budget: int) -> list[ChatMessage]:
    kept: list[ChatMessage] = []
    for message in reversed(history):  # newest first
        budget -= estimate_tokens(message.content)
        if budget < 0:
            break
        kept.insert(0, message)
    return kept


def trim_snippets(snippets: list[CitedCode], budget_chars: int) -> list[CitedCode]:
    """The selection, then highest score first; cut the first that overflows, drop the rest."""
    kept: list[CitedCode] = []
    for snippet in sorted(snippets, key=lambda s: (not s.selected, -s.score)):
        cost = len(snippet.text) + len(snippet.cite) + _extra(snippet) + 16
        if cost <= budget_chars:
            kept.append(snippet)
            budget_chars -= cost
            continue
        if budget_chars >= _MIN_CUT:
            kept.append(_cut(snippet, budget_chars - len(snippet.cite) - _extra(snippet) - 16))
        break
    return kept


def _cut(snippet: CitedCode, chars: int) -> CitedCode:
    lines: list[str] = []
    for line in snippet.text.splitlines():
        if sum(len(x) + 1 for x in lines) + len(line) + 1 > chars:
            break
        lines.append(line)
    end = snippet.start_line + max(len(lines) - 1, 0)
    label = (
        snippet.cite if snippet.path is None else _relabel(snippet.cite, snippet.start_line, end)
    )
    return replace(snippet, text="\n".join(lines), end_line=end, label=label)


def _relabel(label: str, start: int, end: int) -> str:
    file = label.rsplit(":", 1)[0]
    return f"{file}:{start}" if start == end else f"{file}:{start}-{end}"


def render_snippets(snippets: list[CitedCode]) -> str:
    """Snippets as fenced blocks, each headed by its ``file:line`` label (the selection's
    says it is the code asked about)."""
    blocks = []
    for snippet in snippets:
        fence = snippet.language if snippet.language != "UNKNOWN" else ""
        blocks.append(f"{_head(snippet)}:\n```{fence}\n{snippet.text}\n```")
    return "\n\n".join(blocks)


_ASKED = "The code asked about, "


def _head(snippet: CitedCode) -> str:
    """A snippet's heading: its label, and for the selection that it is the code asked about."""
    label = f"`{snippet.cite}`"
    return _ASKED + label if snippet.selected else label


def _extra(snippet: CitedCode) -> int:
    """The characters a selection's heading adds (counted in the trimming)."""
    return len(_ASKED) if snippet.selected else 0
