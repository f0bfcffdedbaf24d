"""A message quoted in a question, found where the code writes it.

"Why do I get 'Cannot return null for non-nullable field Query.user'?": ``rg``
finds the line that builds that message at once; BM25 over single words may not
(every word is common). A question that quotes a message of three words or more
(in quotes, or after "error:") ranks the code holding the longest run of its
words, in order, first. Runtime parts (``Query.user``) are simply not found, so
a run, not the whole message, is what counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import ScoredChunk

__all__ = ["MIN_RUN", "longest_run", "merged", "quoted_message", "weigh_quoted"]

#: Fewer words in order than this are not a message (``'max_length'``, ``"utf-8"``).
MIN_RUN = 3
#: How much the code writing the whole message is raised above the best hit.
_WHOLE_MESSAGE = 2.0
_QUOTED = re.compile(r"'([^'\n]{8,300})'|\"([^\"\n]{8,300})\"|`([^`\n]{8,300})`|“([^”\n]{8,300})”")
_AFTER_LABEL = re.compile(
    r"\b(?:error|exception|warning|message)\s*:\s*(.{8,300})", re.IGNORECASE | re.DOTALL
)
_WORD = re.compile(r"[a-z0-9]+")


def quoted_message(question: str) -> list[str]:
    """The words of the longest message ``question`` quotes (lowercase), or ``[]``."""
    texts = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(question)]
    if not texts:
        texts = [m.group(1) for m in _AFTER_LABEL.finditer(question)]
    messages = [_words(text) for text in texts]
    best = max(messages, key=len, default=[])
    return best if len(best) >= MIN_RUN else []


def longest_run(message: Sequence[str], text: str) -> int:
    """How many of ``message``'s words ``text`` holds one after another, at most."""
    words = f" {' '.join(_words(text))} "
    best = 0
    for start in range(len(message)):
        end = start + best + 1  # only a longer run than the best so far matters
        while end <= len(message) and f" {' '.join(message[start:end])} " in words:
            best = end - start
            end += 1
    return best


def weigh_quoted(hits: list[ScoredChunk], message: Sequence[str]) -> list[ScoredChunk]:
    """``hits`` with the code writing ``message`` raised by the share of it found."""
    if not message or not hits:
        return hits
    top = max(hit.score for hit in hits)
    weighed = []
    for hit in hits:
        run = longest_run(message, hit.chunk.text)
        if run < min(MIN_RUN, len(message)):
            weighed.append(hit)
            continue
        raised = hit.score + top * _WHOLE_MESSAGE * run / len(message)
        weighed.append(ScoredChunk(hit.chunk, raised))
    return weighed


def merged(hits: list[ScoredChunk], more: list[ScoredChunk]) -> list[ScoredChunk]:
    """``hits`` and the chunks of ``more`` they lack (a chunk found twice keeps its best)."""
    best = {hit.chunk.id: hit for hit in hits}
    for hit in more:
        if hit.chunk.id not in best or best[hit.chunk.id].score < hit.score:
            best[hit.chunk.id] = hit
    return sorted(best.values(), key=lambda hit: -hit.score)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())
