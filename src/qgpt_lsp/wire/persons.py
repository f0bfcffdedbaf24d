"""``/qgpt/persons/related``: the people who can help with some code."""

from __future__ import annotations

from pydantic import StrictInt, StrictStr

from .base import WireModel
from .conversation import GroupedTimestamp, QGPTConversation
from .seeds import Seed


class PersonBasicType(WireModel):
    """What we know of a person outside Pieces: name, email, handle."""

    name: StrictStr | None = None
    email: StrictStr | None = None
    username: StrictStr | None = None
    picture: StrictStr | None = None
    url: StrictStr | None = None


class PersonType(WireModel):
    """A person's kind; ``basic`` carries the display data (``{}`` is valid)."""

    basic: PersonBasicType | None = None


class Person(WireModel):
    """A person, with a stable id."""

    id: StrictStr
    created: GroupedTimestamp
    updated: GroupedTimestamp
    type: PersonType
    interactions: StrictInt | None = None


class Persons(WireModel):
    """A list of persons."""

    iterable: list[Person]
    indices: dict[str, StrictInt] | None = None


class QGPTPersonsRelatedInput(WireModel):
    """The code (a fragment seed) or the conversation to find helpers for."""

    seed: Seed | None = None
    conversation: QGPTConversation | None = None
    application: StrictStr | None = None
    model: StrictStr | None = None


class QGPTPersonsRelatedOutput(WireModel):
    """The persons, and per person id the evidence for them."""

    persons: Persons
    explanations: dict[str, StrictStr] | None = None
