"""The one redaction point: secret files are never read, secret-looking values are masked.

Everything that leaves the process passes here:

- what is indexed (``engine/index/sources.py``) and every piece of code cited
  (``engine/retrieval/resolver.py``), so redacted text is all the engine holds;
- every stored conversation message (``engine/answering/conversation_database.py``);
- every prompt to a model: an ``AnswerJob`` masks its messages when it is made
  (``engine/answerers/base.py``), answers, hints and follow-up rewrites alike;
- every ``serve`` response and stream frame (:func:`redact_strings` over the wire
  payload, ``serve/endpoints.py`` and ``serve/frames.py``);
- what the language server sends a backend (``server/redaction.py``) and writes
  to the answer document (``server/ask/document.py``, line by line).

What counts as a secret (each module says how it decides):

- ``tokens``: every regex rule of ``detect-secrets`` (AWS, GitHub, Stripe, Slack, JWT,
  Twilio...), a few more token formats, and private key blocks;
- ``assignments``: values given to secret-sounding names (``detect-secrets``'
  KeywordDetector shapes) and high-entropy values in any assignment;
- ``arguments``: passwords passed by position to a credential-named call.

Masking keeps every line and column where it was (the mask has the secret's
length), so chunk offsets into redacted text are offsets into the file.
``bench/secrets`` measures it on a planted corpus (README, Reliability).
"""

from __future__ import annotations

from collections.abc import Iterable

from .arguments import positional_password_spans
from .assignments import entropy_spans, keyword_spans
from .paths import is_secret_path
from .tokens import PRIVATE_KEY, token_spans

__all__ = ["MASK", "is_secret_path", "redact", "redact_strings", "secret_spans"]

MASK = "[REDACTED]"


def secret_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every secret in ``text``, sorted, overlaps merged."""
    found: list[tuple[int, int]] = []
    if "PRIVATE KEY" in text:
        found.extend(match.span() for match in PRIVATE_KEY.finditer(text))
    found.extend(token_spans(text))
    found.extend(keyword_spans(text))
    found.extend(entropy_spans(text))
    found.extend(positional_password_spans(text))
    return _merged(found)


def redact(text: str) -> str:
    """``text`` with token- and key-looking values masked, lines and offsets unchanged."""
    spans = secret_spans(text)
    if not spans:
        return text
    parts, previous = [], 0
    for start, end in spans:
        parts.append(text[previous:start])
        parts.append(_mask_lines(text[start:end]))
        previous = end
    parts.append(text[previous:])
    return "".join(parts)


def redact_strings(value: object) -> object:
    """A JSON-like value (dicts, lists, strings) with every string passed through :func:`redact`."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_strings(item) for item in value]
    return value


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(span for span in spans if span[1] > span[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _mask(value: str) -> str:
    """A same-length mask: ``[REDACTED]`` padded with ``*`` (or only ``*`` if shorter)."""
    if len(value) < len(MASK):
        return "*" * len(value)
    return MASK[:-1] + "*" * (len(value) - len(MASK)) + "]"


def _mask_lines(block: str) -> str:
    return "\n".join(_mask(line) if line else line for line in block.split("\n"))
