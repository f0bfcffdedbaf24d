"""After an answer: follow-up hints and the people who can help.

Both are extras: a backend that fails them leaves them empty (logged), it never
fails the answer. Hints are asked with the items the answer used (never a new
relevance search).
"""

from __future__ import annotations

import logging

from ...backend import Backend
from ...errors import QGPTError
from ...wire import (
    QGPTHintsInput,
    QGPTPersonsRelatedInput,
    QGPTQuestionAnswer,
    RelevantQGPTSeeds,
    fragment_seed,
)
from ..results import PersonResult, persons_of
from ..state.documents import Snapshot

__all__ = ["MAX_HINTS", "hints_for", "persons_for"]

_log = logging.getLogger(__name__)
MAX_HINTS = 5
#: Most characters of code sent to find who can help.
MAX_SEED_CHARS = 20_000


async def hints_for(
    backend: Backend, relevant: RelevantQGPTSeeds, query: str | None, answer: str | None
) -> list[str]:
    reply = QGPTQuestionAnswer(score=1.0, text=answer) if answer else None
    request = QGPTHintsInput(relevant=relevant, query=query, answer=reply)
    try:
        output = await backend.hints(request)
    except QGPTError as error:
        _log.warning("no follow-up hints: %s", error)
        return []
    hints: list[str] = []
    for item in output.answers.iterable:
        text = item.text.strip()
        if text and text not in hints:
            hints.append(text)
    return hints[:MAX_HINTS]


async def persons_for(
    backend: Backend, code: str | None, snapshot: Snapshot | None, strict: bool = False
) -> list[PersonResult]:
    """Who can help with ``code`` (else the snapshot's text); ``strict`` raises failures."""
    text = code if code else (snapshot.text if snapshot else None)
    if not text:
        return []
    language = snapshot.language if snapshot else None
    request = QGPTPersonsRelatedInput(seed=fragment_seed(text[:MAX_SEED_CHARS], language))
    try:
        output = await backend.persons_related(request)
    except QGPTError as error:
        if strict:
            raise
        _log.warning("no persons: %s", error)
        return []
    return persons_of(output)
