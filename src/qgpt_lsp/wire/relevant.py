"""Relevant seeds: the snippets relevance found, each with an id to refer to later."""

from __future__ import annotations

from pydantic import StrictStr

from .base import WireModel
from .refs import ReferencedAnchor, ReferencedAsset
from .seeds import Seed, TextLocation


class RelevantQGPTSeed(WireModel):
    """A snippet: an id, where it lives, and (optionally) the seed itself."""

    id: StrictStr | None = None
    path: StrictStr | None = None
    location: TextLocation | None = None
    seed: Seed | None = None
    asset: ReferencedAsset | None = None
    anchor: ReferencedAnchor | None = None


class RelevantQGPTSeeds(WireModel):
    """A list of relevant snippets."""

    iterable: list[RelevantQGPTSeed]
