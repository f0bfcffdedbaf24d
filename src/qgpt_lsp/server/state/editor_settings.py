"""The ``qgpt`` settings section, typed once; keys match the editors' settings one-to-one.

Read from ``initializationOptions``, ``workspace/configuration`` (section ``qgpt``)
and ``workspace/didChangeConfiguration``. A bad value is dropped (its default is
used) and reported, so one typo never stops the server.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

__all__ = [
    "HoverSettings",
    "IndexSection",
    "LocalSettings",
    "OpenAISettings",
    "Settings",
    "parse_settings",
]

_BACKENDS = ("auto", "pieces", "embedded")
_ANSWERERS = ("auto", "openai", "local", "grounded")
_MAX_REPAIRS = 20


class _Section(BaseModel):
    model_config = ConfigDict(
        extra="ignore", populate_by_name=True, frozen=True, use_attribute_docstrings=True
    )


class OpenAISettings(_Section):
    """``qgpt.openai``: an OpenAI-compatible chat endpoint for the embedded engine."""

    base_url: str | None = Field(default=None, alias="baseUrl")
    """Base URL of the endpoint (env ``OPENAI_BASE_URL`` when unset)."""
    model: str | None = None
    """Model name (env ``OPENAI_MODEL`` when unset)."""
    api_key: str | None = Field(default=None, alias="apiKey", repr=False)
    """API key (env ``OPENAI_API_KEY`` when unset); never logged."""


class LocalSettings(_Section):
    """``qgpt.local``: the local GGUF model for the embedded engine."""

    model_path: str | None = Field(default=None, alias="modelPath")
    """A GGUF file for the in-process model; unset, `local` takes the packaged SmolLM2-135M."""


class IndexSection(_Section):
    """``qgpt.index``: the embedded engine's workspace index."""

    max_file_size: int = Field(default=1_048_576, alias="maxFileSize", gt=0)
    """Files larger than this many bytes are not indexed."""
    semantic_weight: float = Field(default=0.0, alias="semanticWeight", ge=0, le=10)
    """Re-rank search hits by meaning too (0: off; 1.0 suggested; needs the semantic extra)."""
    enabled: bool = True
    """Index the workspace on start and keep it current on save."""


class HoverSettings(_Section):
    """``qgpt.hover``: hovers with hints, sources and who can help."""

    enabled: bool = True
    """Answer ``textDocument/hover``."""


class Settings(_Section):
    """The whole ``qgpt`` section."""

    backend: str = "auto"
    """``auto`` (a Pieces OS if one is found, else embedded), ``pieces``, ``embedded``, or a URL."""
    answerer: str = "auto"
    """Who writes the embedded engine's answers: ``auto``, ``openai``, ``local``, ``grounded``."""
    openai: OpenAISettings = OpenAISettings()
    """See :class:`OpenAISettings`."""
    local: LocalSettings = LocalSettings()
    """See :class:`LocalSettings`."""
    index: IndexSection = IndexSection()
    """See :class:`IndexSection`."""
    open_answer_document: bool = Field(default=True, alias="openAnswerDocument")
    """Ask the client to open the live Markdown answer (``window/showDocument``)."""
    hover: HoverSettings = HoverSettings()
    """See :class:`HoverSettings`."""

    @field_validator("backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if value in _BACKENDS or value.startswith(("http://", "https://")):
            return value
        raise ValueError("must be auto, pieces, embedded or an http(s) URL")

    @field_validator("answerer")
    @classmethod
    def _known_answerer(cls, value: str) -> str:
        if value in _ANSWERERS:
            return value
        raise ValueError("must be auto, openai, local or grounded")


def parse_settings(raw: Any) -> tuple[Settings, list[str]]:
    """The settings in ``raw``, and one line per value that was bad (and dropped).

    ``None`` means "no settings": all defaults, no problems. Each bad key falls
    back to its default on its own; the rest of the section is kept.
    """
    if raw is None:
        return Settings(), []
    if not isinstance(raw, dict):
        return Settings(), [f"qgpt settings must be an object, not {type(raw).__name__}"]
    data: dict[str, Any] = _copy(raw)
    problems: list[str] = []
    for _ in range(_MAX_REPAIRS):
        try:
            return Settings.model_validate(data), problems
        except ValidationError as error:
            if not _drop_bad_keys(data, error, problems):
                break
    return Settings(), [*problems, "qgpt settings are unreadable; using the defaults"]


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _copy(item) for key, item in value.items()}
    return value


def _drop_bad_keys(data: dict[str, Any], error: ValidationError, problems: list[str]) -> bool:
    """Remove each key the error points at; False when nothing could be removed."""
    dropped = False
    for item in error.errors():
        path = [str(part) for part in item["loc"]]
        if _remove(data, path):
            problems.append(f"qgpt.{'.'.join(path)}: {item['msg']}; using the default")
            dropped = True
    return dropped


def _remove(data: dict[str, Any], path: list[str]) -> bool:
    node: Any = data
    for part in path[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict) and path and path[-1] in node:
        del node[path[-1]]
        return True
    if len(path) > 1:  # the parent itself is not an object: drop it whole
        return _remove(data, path[:-1])
    return False
