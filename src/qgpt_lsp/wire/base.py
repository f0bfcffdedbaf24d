"""The base of every QGPT wire model, and the scalar types the wire allows.

Rules (``shared/pieces-wire/README.md``, checked against the official SDK):
unknown keys are ignored; scalars are strict (``"1"`` is no number, ``0.0`` no
int); unknown enum values read as ``UNKNOWN``; ``None`` fields are left out when
a model is written, except a field listed in ``__nullable__`` that the caller
set to ``None`` on purpose (the wire allows an explicit ``null`` there).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    StrictFloat,
    StrictInt,
    StrictStr,
    model_serializer,
)

from .extensions import KNOWN_EXTENSIONS

#: A JSON number as the SDK reads it: an int stays an int, a float a float, no strings.
Number = StrictInt | StrictFloat


class WireEnum(StrEnum):
    """A wire enum: a value this build does not know reads as ``UNKNOWN``."""

    @classmethod
    def _missing_(cls, value: object) -> Self:
        return cls("UNKNOWN")


def _check_iso_timestamp(value: str) -> str:
    parse_timestamp(value)
    return value


def parse_timestamp(value: str) -> datetime:
    """Read an ISO-8601 timestamp (``...Z`` or ``...+00:00``) as an aware datetime."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise ValueError(f"not an ISO-8601 timestamp: {value!r}") from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def format_timestamp(moment: datetime) -> str:
    """Write a datetime the way Pieces OS does: UTC, milliseconds, ``Z``."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


#: An ISO-8601 timestamp, kept as the exact string that came over the wire.
IsoTimestamp = Annotated[StrictStr, AfterValidator(_check_iso_timestamp)]


def _known_extension(value: str) -> str:
    return value if value in KNOWN_EXTENSIONS else "UNKNOWN"


#: A ``ClassificationSpecificEnum`` value (``py``, ``ts``, ...); unknown ones read as UNKNOWN.
Extension = Annotated[StrictStr, AfterValidator(_known_extension)]


class WireModel(BaseModel):
    """Base of all wire models: wire names, unknown keys ignored, ``None`` omitted."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, validate_assignment=False)

    #: Fields that may be written as an explicit ``null`` when the caller set them so.
    __nullable__: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _omit_none(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        keep: set[str] = set()
        for name in self.__nullable__ & self.model_fields_set:
            field = type(self).model_fields[name]
            keep.add(field.alias if info.by_alias and field.alias else name)
        return {key: value for key, value in data.items() if value is not None or key in keep}

    def to_wire(self) -> dict[str, Any]:
        """The JSON-ready dict exactly as it goes over the wire."""
        return self.model_dump(mode="json", by_alias=True)

    def to_json(self) -> str:
        """The JSON text exactly as it goes over the wire."""
        return self.model_dump_json(by_alias=True)

    @classmethod
    def from_wire(cls, data: Any) -> Self:
        """Read a wire document (a dict, or JSON text or bytes)."""
        if isinstance(data, str | bytes | bytearray):
            return cls.model_validate_json(data)
        return cls.model_validate(data)
