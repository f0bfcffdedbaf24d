"""What the ``qgpt.*`` commands return, exactly as docs/architecture.md lists it.

Results are attrs classes; :func:`to_json` turns one into the JSON value sent back
(optional keys that are ``None`` are left out).
"""

from __future__ import annotations

from typing import Any, Literal

import attrs
import cattrs
from lsprotocol import converters, types

from ..wire import QGPTPersonsRelatedOutput

__all__ = [
    "AskResult",
    "AskStatus",
    "ConversationEntry",
    "IndexStatusResult",
    "PersonResult",
    "RelevantLocation",
    "persons_of",
    "to_json",
]

AskStatus = Literal["completed", "stopped", "failed"]


@attrs.define(frozen=True)
class PersonResult:
    """Someone who can help, and why (the git evidence)."""

    id: str
    name: str
    email: str
    explanation: str


@attrs.define
class AskResult:
    """The answer of ``qgpt.ask``, ``askFile``, ``explainDiagnostic`` and ``followUp``."""

    conversation: str
    status: AskStatus
    answer: str
    sources: list[types.Location] = attrs.Factory(list)
    hints: list[str] = attrs.Factory(list)
    persons: list[PersonResult] = attrs.Factory(list)
    model: str = ""
    document: str | None = None
    error: str | None = None
    #: The question as the backend was asked it: a follow-up rewritten to stand alone.
    asked: str = ""


@attrs.define(frozen=True)
class RelevantLocation:
    """One ``qgpt.relevance`` hit; ``score`` is 1.0 for the best and falls with rank."""

    location: types.Location
    score: float
    symbol: str | None = None


@attrs.define(frozen=True)
class ConversationEntry:
    """One ``qgpt.conversations`` entry; ``messages`` lists ``{role, text, timestamp}``."""

    id: str
    title: str
    updated: str
    messages: list[dict[str, str]]


@attrs.define(frozen=True)
class IndexStatusResult:
    """``qgpt.indexStatus``; ``backend`` and ``answerer`` say what answers (for health checks)."""

    state: str
    files: int = 0
    chunks: int = 0
    skipped: int = 0
    message: str = ""
    backend: str = ""
    answerer: str = ""


_LSP = converters.get_converter()


def _make_converter() -> cattrs.Converter:
    """Our results keep every key (empty lists too); LSP types are written the LSP way."""
    converter = cattrs.Converter()
    converter.register_unstructure_hook_func(
        lambda kind: getattr(kind, "__module__", "").startswith("lsprotocol"), _LSP.unstructure
    )
    return converter


_CONVERTER = _make_converter()


def to_json(value: Any) -> Any:
    """The JSON value for a result (or a list of them); ``None`` optionals are left out."""
    if isinstance(value, list):
        return [to_json(item) for item in value]
    data = _CONVERTER.unstructure(value)
    if isinstance(data, dict):
        return {key: item for key, item in data.items() if item is not None}
    return data


def persons_of(output: QGPTPersonsRelatedOutput) -> list[PersonResult]:
    """The persons of a ``/qgpt/persons/related`` reply, with their explanations."""
    explanations = output.explanations or {}
    persons = []
    for person in output.persons.iterable:
        basic = person.type.basic
        name = (basic.name or basic.username or "") if basic else ""
        email = (basic.email or "") if basic else ""
        explanation = explanations.get(person.id, "")
        persons.append(PersonResult(person.id, name or email or person.id, email, explanation))
    return persons
