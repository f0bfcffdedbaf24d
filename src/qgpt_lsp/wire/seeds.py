"""Seeds: the code fragments a client hands to QGPT, and where they sit in a file."""

from __future__ import annotations

from pydantic import StrictBool, StrictInt, StrictStr

from .base import Extension, WireModel
from .enums import ApplicationNameEnum, PlatformEnum, PrivacyEnum, SeedTypeEnum


class TransferableString(WireModel):
    """Text in one of its forms; QGPT reads ``raw``."""

    raw: StrictStr | None = None
    html: StrictStr | None = None
    base64: StrictStr | None = None
    base64_url: StrictStr | None = None
    data_url: StrictStr | None = None


class FragmentMetadata(WireModel):
    """The fragment's language, as a wire extension name (``py``, ``ts``...)."""

    ext: Extension | None = None


class SeededFragment(WireModel):
    """A piece of text with its language."""

    string: TransferableString | None = None
    metadata: FragmentMetadata | None = None


class FragmentFormat(WireModel):
    """A stored fragment (the non-seeded twin of :class:`SeededFragment`)."""

    string: TransferableString | None = None
    metadata: FragmentMetadata | None = None


class SeededFormat(WireModel):
    """The format of a seeded asset; QGPT uses ``fragment``."""

    fragment: SeededFragment | None = None


class Application(WireModel):
    """The application a seed came from; the SDK requires every one of these fields."""

    id: StrictStr
    name: ApplicationNameEnum
    version: StrictStr
    platform: PlatformEnum
    onboarded: StrictBool
    privacy: PrivacyEnum
    descriptor: StrictStr | None = None


class SeededAsset(WireModel):
    """An asset-to-be: an application and a format (both required on the wire)."""

    application: Application
    format: SeededFormat
    pseudo: StrictBool | None = None
    discovered: StrictBool | None = None
    demo: StrictBool | None = None


class Seed(WireModel):
    """A seed, wrapping a seeded asset."""

    type: SeedTypeEnum | None = None
    asset: SeededAsset | None = None

    @property
    def fragment_text(self) -> str | None:
        """The fragment's raw text, if this seed carries one."""
        fragment = self.asset.format.fragment if self.asset else None
        return fragment.string.raw if fragment and fragment.string else None

    @property
    def fragment_ext(self) -> str | None:
        """The fragment's language extension, if given."""
        fragment = self.asset.format.fragment if self.asset else None
        return fragment.metadata.ext if fragment and fragment.metadata else None


class Seeds(WireModel):
    """A list of seeds."""

    iterable: list[Seed]


class TextLocation(WireModel):
    """A span of text inside a file: character offsets and the text found there."""

    start: StrictInt
    end: StrictInt
    text: StrictStr
