"""Words for search: identifiers split the way developers say them.

``parseHTTPResponse`` is also indexed as ``parse http response``; snake_case
and paths are split by the tokenizer itself (it breaks on every non-alphanumeric
character). Queries go through the same splitting, lose their filler words
("how", "does", "the"), and are lowercased so they can never be read as
query-language operators.
"""

from __future__ import annotations

import re

__all__ = ["expand_identifiers", "query_terms", "split_identifier"]

_ALNUM_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[A-Za-z0-9_]+")

_FILLER = """a an and are as at be by can could did do does doing done for from get gets got
    has have how i if in into is it its me my of on or our should so that the their
    them then there these this those to was we were what when where which who whom
    why will with would you your about which any all some used use uses using
    work works happen happens code function method"""
_STOPWORDS = frozenset(_FILLER.split())


def split_identifier(word: str) -> str:
    """``parseHTTPResponse`` -> ``parse HTTP Response`` (other words unchanged)."""
    return _CAMEL_BOUNDARY.sub(" ", word)


def expand_identifiers(text: str) -> str:
    """``text`` followed by the parts of every camelCase word in it (each word once)."""
    words = [word for word in set(_ALNUM_WORD.findall(text)) if _is_camel(word)]
    if not words:
        return text
    return text + "\n" + " ".join(split_identifier(word) for word in sorted(words))


def _is_camel(word: str) -> bool:
    """``parseHTTP``, ``HTTPResponse``, ``getX`` but not ``parse``, ``HTTP``, ``Parse``."""
    return not (word.islower() or word.isupper() or word[1:].islower() or word[1:].isdigit())


def query_terms(query: str) -> list[str]:
    """The lowercase search terms of a question, filler words dropped (unless that is all)."""
    words = _WORD.findall(query)
    terms: list[str] = []
    for word in words:
        parts = split_identifier(word).split()
        terms += [word.lower()] + ([part.lower() for part in parts] if len(parts) > 1 else [])
    kept = [term for term in terms if term.strip("_") and term not in _STOPWORDS]
    return kept or [term for term in terms if term.strip("_")]
