"""Passwords passed by position: ``login(user, "p@ssw0rd")``, ``connect("db", "S3cret!")``.

The rule: in a call whose function name says credentials, a string literal argument is a
password when it is 6+ characters without spaces, holds a letter and a digit,
and is neither a host, a path nor a placeholder. Which arguments count depends on the name:

- ``set_password``, ``passwd``, ``secret``, ``credential``, ``token``: every argument;
- ``login``, ``sign_in``, ``auth*``, ``connect*``, ``bind``: every argument after the first
  (the first is the user, host or database); ``auth=("user", "S3cret!")`` too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lines import line_starts_mentioning, lines_at

__all__ = ["positional_password_spans"]

_CALL = re.compile(
    r"(?<!\w)(?P<callee>[\w.]*?(?P<word>passw(?:or)?d|secret|credential|token|login|log_in"
    r"|sign_?in|auth\w*|connect\w*|bind)\w*)\s*=?\s*\(",
    re.IGNORECASE,
)
_EVERY_ARGUMENT = re.compile(r"passw|secret|credential|token", re.IGNORECASE)
_LINE_WORDS = (
    "passw",
    "secret",
    "credential",
    "token",
    "login",
    "log_in",
    "sign",
    "auth",
    "connect",
)
_HOST_OR_PATH = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?$|^[\w.-]*:\d+$|/|\\|://")
_PLACEHOLDER = re.compile(
    r"example|changeme|your[-_ ]|placeholder|dummy|xxx|<|\*\*|passw|secret|token|user", re.I
)


def positional_password_spans(text: str) -> Iterator[tuple[int, int]]:
    """String literals passed as passwords, as ``(start, end)`` in ``text``."""
    for offset, line in lines_at(text, line_starts_mentioning(text, (*_LINE_WORDS, "bind"))):
        for call in _CALL.finditer(line):
            first = 0 if _EVERY_ARGUMENT.search(call.group("word")) else 1
            for position, start, end in _string_arguments(line, call.end()):
                if position >= first and _looks_like_password(line[start:end]):
                    yield offset + start, offset + end


def _string_arguments(line: str, index: int) -> Iterator[tuple[int, int, int]]:
    """``(position, start, end)`` of each string literal argument of the call opened before
    ``index`` (the values inside the quotes), up to its closing parenthesis."""
    position, depth = 0, 0
    while index < len(line):
        character = line[index]
        if character in "\"'":
            close = _closing_quote(line, index)
            if close == -1:
                return
            if depth == 0:
                yield position, index + 1, close
            index = close
        elif character in "([{":
            depth += 1
        elif character in ")]}":
            if depth == 0:
                return
            depth -= 1
        elif character == "," and depth == 0:
            position += 1
        index += 1


def _closing_quote(line: str, opening: int) -> int:
    quote, index = line[opening], opening + 1
    while index < len(line):
        if line[index] == "\\":
            index += 2
            continue
        if line[index] == quote:
            return index
        index += 1
    return -1


def _looks_like_password(value: str) -> bool:
    if len(value) < 6 or any(c.isspace() for c in value):
        return False
    if _HOST_OR_PATH.search(value) or _PLACEHOLDER.search(value):
        return False
    return any(c.isalpha() for c in value) and any(c.isdigit() for c in value)
