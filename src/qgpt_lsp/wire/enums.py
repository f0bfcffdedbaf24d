"""The enums the QGPT endpoints use, with the SDK's values."""

from __future__ import annotations

from .base import WireEnum


class QGPTStreamEnum(WireEnum):
    """The status of a ``/qgpt/stream`` frame."""

    UNKNOWN = "UNKNOWN"
    CANCELED = "CANCELED"
    INITIALIZED = "INITIALIZED"
    IN_PROGRESS = "IN-PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    STOPPED = "STOPPED"
    RESET = "RESET"

    @property
    def is_terminal(self) -> bool:
        """True for a status that ends a request (anything but IN-PROGRESS/INITIALIZED)."""
        return self not in (QGPTStreamEnum.IN_PROGRESS, QGPTStreamEnum.INITIALIZED)


class QGPTConversationMessageRoleEnum(WireEnum):
    """Who wrote a conversation message."""

    UNKNOWN = "UNKNOWN"
    USER = "USER"
    SYSTEM = "SYSTEM"
    ASSISTANT = "ASSISTANT"
    SYSTEM_THINKING = "SYSTEM_THINKING"


class SeedTypeEnum(WireEnum):
    """What a seed wraps."""

    UNKNOWN = "UNKNOWN"
    SEEDED_FORMAT = "SEEDED_FORMAT"
    SEEDED_ASSET = "SEEDED_ASSET"


class PlatformEnum(WireEnum):
    """The operating system of an application."""

    UNKNOWN = "UNKNOWN"
    WEB = "WEB"
    MACOS = "MACOS"
    LINUX = "LINUX"
    WINDOWS = "WINDOWS"
    FUCHSIA = "FUCHSIA"
    IOS = "IOS"
    ANDROID = "ANDROID"


class PrivacyEnum(WireEnum):
    """An application's privacy setting."""

    UNKNOWN = "UNKNOWN"
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    ANONYMOUS = "ANONYMOUS"


class ApplicationNameEnum(WireEnum):
    """The applications Pieces OS knows by name (the ones a QGPT client sends)."""

    UNKNOWN = "UNKNOWN"
    SUBLIME = "SUBLIME"
    VS_CODE = "VS_CODE"
    JETBRAINS = "JETBRAINS"
    PIECES_FOR_DEVELOPERS = "PIECES_FOR_DEVELOPERS"
    PIECES_FOR_DEVELOPERS_CLI = "PIECES_FOR_DEVELOPERS_CLI"
    OS_SERVER = "OS_SERVER"
    VISUAL_STUDIO = "VISUAL_STUDIO"
    OPEN_SOURCE = "OPEN_SOURCE"
    VIM = "VIM"
    ECLIPSE = "ECLIPSE"
    X_CODE = "X_CODE"
    NETBEANS = "NETBEANS"
    NOTEPAD_PLUS_PLUS = "NOTEPAD_PLUS_PLUS"
    JUPYTER_HUB = "JUPYTER_HUB"
    OBSIDIAN = "OBSIDIAN"
    MCP_CLIENT = "MCP_CLIENT"
