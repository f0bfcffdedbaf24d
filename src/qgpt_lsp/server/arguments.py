"""Typed arguments of the ``qgpt.*`` commands, exactly as docs/architecture.md lists them.

Every command takes ONE argument object (``arguments: [{...}]``). An empty Lua
table often arrives as ``[]``; it is read as ``{}``. Scalars are strict: ``1`` is
not a string, ``"1"`` is not a number.
"""

from __future__ import annotations

from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.v import format_exception
from lsprotocol import converters, types

from ..errors import RequestRejected
from ..wire import QGPTConversationPipeline, QGPTPromptPipeline, QGPTTaskPipeline

__all__ = [
    "AskArgs",
    "AskFileArgs",
    "ConversationArgs",
    "ExplainDiagnosticArgs",
    "FollowUpArgs",
    "NoArgs",
    "RelevanceArgs",
    "WhoCanHelpArgs",
    "structure_arguments",
]

T = TypeVar("T")

#: Longest question accepted; longer ones are refused, not truncated.
MAX_QUESTION = 20_000


def _question(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")
    if len(value) > MAX_QUESTION:
        raise ValueError(f"{attribute.name} is longer than {MAX_QUESTION} characters")


@attrs.define(frozen=True)
class AskArgs:
    """``qgpt.ask``: a question about a document, or a range of it."""

    uri: str
    question: str = attrs.field(validator=_question)
    range: types.Range | None = None
    conversation: str | None = None
    pipeline: QGPTPromptPipeline | None = None


@attrs.define(frozen=True)
class AskFileArgs:
    """``qgpt.askFile``: a question about a whole document."""

    uri: str
    question: str = attrs.field(validator=_question)
    conversation: str | None = None


def _some_diagnostic(args: ExplainDiagnosticArgs, _: object, value: object) -> None:
    if args.diagnostic is None and not args.diagnostics:
        raise ValueError("diagnostic or diagnostics must be given")


@attrs.define(frozen=True)
class ExplainDiagnosticArgs:
    """``qgpt.explainDiagnostic``: explain an editor diagnostic (task ``code_fix``), or the
    ``diagnostics`` an editor collected at one place from all its sources."""

    uri: str
    diagnostic: types.Diagnostic | None = None
    diagnostics: list[types.Diagnostic] = attrs.field(factory=list, validator=_some_diagnostic)

    def all(self) -> list[types.Diagnostic]:
        """Every diagnostic to explain, ``diagnostic`` first."""
        return ([self.diagnostic] if self.diagnostic else []) + list(self.diagnostics)


@attrs.define(frozen=True)
class FollowUpArgs:
    """``qgpt.followUp``: a follow-up question in an existing conversation."""

    conversation: str
    question: str = attrs.field(validator=_question)
    uri: str | None = None
    range: types.Range | None = None


@attrs.define(frozen=True)
class RelevanceArgs:
    """``qgpt.relevance``: the workspace code most relevant to ``query``."""

    query: str = attrs.field(validator=_question)
    uri: str | None = None
    range: types.Range | None = None
    paths: list[str] | None = None


@attrs.define(frozen=True)
class WhoCanHelpArgs:
    """``qgpt.whoCanHelp``: people who know the code at ``uri`` (and ``range``)."""

    uri: str
    range: types.Range | None = None


@attrs.define(frozen=True)
class ConversationArgs:
    """``qgpt.hints`` and ``qgpt.stop``: a conversation id."""

    conversation: str


@attrs.define(frozen=True)
class NoArgs:
    """``qgpt.newConversation``, ``qgpt.conversations``, ``qgpt.indexStatus``."""


def _strict(kind: type[Any]) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if type(value) is not kind:
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return hook


def _pipeline(value: Any, _: Any) -> QGPTPromptPipeline:
    """A pipeline naming only known kinds: the wire models ignore unknown keys (Pieces
    adds kinds), but an editor's ``{"task": {"codeFix": {}}}`` is a mistake to report."""
    if not isinstance(value, dict):
        raise TypeError(f"expected a QGPTPromptPipeline object, got {type(value).__name__}")
    for group in ("task", "conversation"):
        kinds = value.get(group)
        if kinds is not None and not isinstance(kinds, dict):
            raise ValueError(f"pipeline {group} must be an object")
    unknown = _unknown_kinds(value)
    if unknown:
        raise ValueError(f"unknown pipeline {', '.join(unknown)} (known: {_KNOWN_KINDS})")
    return QGPTPromptPipeline.from_wire(value)


def _wire_names(model: type[Any]) -> set[str]:
    """A wire model's field names as they go over the wire."""
    return {field.alias or name for name, field in model.model_fields.items()}


_GROUPS = {
    "task": _wire_names(QGPTTaskPipeline),
    "conversation": _wire_names(QGPTConversationPipeline),
}
_KNOWN_KINDS = "; ".join(
    f"{group}: " + ", ".join(sorted(kinds)) for group, kinds in _GROUPS.items()
)


def _unknown_kinds(value: dict[str, Any]) -> list[str]:
    unknown = [repr(key) for key in value if key not in _GROUPS]
    for group, kinds in _GROUPS.items():
        for key in value.get(group) or {}:
            if key not in kinds:
                unknown.append(f"{group}.{key}")
    return unknown


def _make_converter() -> cattrs.Converter:
    converter = converters.get_converter()
    for kind in (str, int, bool):
        converter.register_structure_hook(kind, _strict(kind))
    converter.register_structure_hook(QGPTPromptPipeline, _pipeline)
    return converter


_CONVERTER = _make_converter()


def structure_arguments(command: str, arguments: list[Any] | None, kind: type[T]) -> T:
    """The one argument object of ``command`` as ``kind``; a clear RequestRejected if not."""
    values = list(arguments or [])
    if len(values) > 1:
        raise RequestRejected(f"{command} takes one argument object, got {len(values)}")
    value = values[0] if values else {}
    if value == []:  # an empty Lua table
        value = {}
    if not isinstance(value, dict):
        raise RequestRejected(f"{command} takes an object, got {type(value).__name__}")
    try:
        return _CONVERTER.structure(value, kind)
    except Exception as error:  # cattrs and pydantic errors both land here
        raise RequestRejected(f"invalid {command} arguments: {_summary(error)}") from None


def _format(error: BaseException, kind: type | None) -> str:
    if type(error) is ValueError:  # our validators say it in words
        return str(error)
    return format_exception(error, kind)


def _summary(error: Exception) -> str:
    if isinstance(error, cattrs.BaseValidationError):
        lines = cattrs.transform_error(error, path="$", format_exception=_format)
        return "; ".join(lines[:3]) + (f" (and {len(lines) - 3} more)" if len(lines) > 3 else "")
    return str(error).splitlines()[0][:200]
