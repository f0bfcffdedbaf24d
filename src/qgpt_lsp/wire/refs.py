"""Flattened id lists: references to assets, anchors and messages stored elsewhere."""

from __future__ import annotations

from pydantic import StrictInt, StrictStr

from .base import WireModel


class ReferencedAsset(WireModel):
    """An asset by id."""

    id: StrictStr


class FlattenedAssets(WireModel):
    """Asset ids; QGPT relevance treats them as the search space."""

    iterable: list[ReferencedAsset] | None = None
    indices: dict[str, StrictInt] | None = None


class ReferencedAnchor(WireModel):
    """An anchor (a file or folder Pieces OS tracks) by id."""

    id: StrictStr


class FlattenedAnchors(WireModel):
    """Anchor ids."""

    iterable: list[ReferencedAnchor]
    indices: dict[str, StrictInt] | None = None


class ReferencedConversationMessage(WireModel):
    """A stored conversation message by id."""

    id: StrictStr


class FlattenedConversationMessages(WireModel):
    """Conversation message ids."""

    iterable: list[ReferencedConversationMessage]
    indices: dict[str, StrictInt] | None = None
