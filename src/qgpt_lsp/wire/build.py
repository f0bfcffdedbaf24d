"""Small constructors for what callers build all the time."""

from __future__ import annotations

import platform
import uuid

from .enums import (
    ApplicationNameEnum,
    PlatformEnum,
    PrivacyEnum,
    QGPTStreamEnum,
    SeedTypeEnum,
)
from .extensions import extension_for
from .question import QGPTQuestionAnswer, QGPTQuestionAnswers, QGPTQuestionOutput
from .seeds import (
    Application,
    FragmentMetadata,
    Seed,
    SeededAsset,
    SeededFormat,
    SeededFragment,
    TransferableString,
)
from .stream import QGPTStreamOutput

_PLATFORMS = {"Linux": PlatformEnum.LINUX, "Darwin": PlatformEnum.MACOS}


def this_application(version: str = "0.1.0") -> Application:
    """The :class:`Application` qgpt-lsp sends as the origin of its seeds."""
    return Application(
        id="qgpt-lsp",
        name=ApplicationNameEnum.OPEN_SOURCE,
        version=version,
        platform=_PLATFORMS.get(platform.system(), PlatformEnum.WINDOWS),
        onboarded=True,
        privacy=PrivacyEnum.OPEN,
    )


def fragment_seed(text: str, language: str | None = None) -> Seed:
    """A fragment seed for ``text``; ``language`` is a suffix or name (``py``, ``.ts``)."""
    metadata = FragmentMetadata(ext=extension_for(language)) if language else None
    fragment = SeededFragment(string=TransferableString(raw=text), metadata=metadata)
    asset = SeededAsset(application=this_application(), format=SeededFormat(fragment=fragment))
    return Seed(type=SeedTypeEnum.SEEDED_ASSET, asset=asset)


def answer_output(text: str, score: float = 1.0) -> QGPTQuestionOutput:
    """A question output with one answer."""
    answer = QGPTQuestionAnswer(score=score, text=text)
    return QGPTQuestionOutput(answers=QGPTQuestionAnswers(iterable=[answer]))


def new_id() -> str:
    """A fresh id for a conversation, request or snippet."""
    return str(uuid.uuid4())


def delta_frame(conversation: str, request: str, text: str) -> QGPTStreamOutput:
    """An IN-PROGRESS frame carrying ``text`` as new answer text."""
    return QGPTStreamOutput(
        conversation=conversation,
        request=request,
        status=QGPTStreamEnum.IN_PROGRESS,
        question=answer_output(text),
    )


def terminal_frame(
    conversation: str,
    request: str | None,
    status: QGPTStreamEnum,
    error: str | None = None,
    status_code: int | None = None,
) -> QGPTStreamOutput:
    """The one terminal frame of a request (COMPLETED, FAILED, STOPPED, ...)."""
    if status_code is None:
        status_code = 200 if status is QGPTStreamEnum.COMPLETED else None
    return QGPTStreamOutput(
        conversation=conversation,
        request=request,
        status=status,
        status_code=status_code,
        error_message=error,
    )
