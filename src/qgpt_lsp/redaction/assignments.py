"""Secrets by where they stand: a value given to a secret-sounding name, or a random one.

Secret-sounding names are ``detect-secrets``' KeywordDetector list (password, secret,
api_key, private_key...) widened by :data:`_MORE_WORDS`, with its assignment shapes
(``=``, ``:``, ``:=``, ``=>``, comparisons, C++ constructors). Quoted values count unless
they are a placeholder or a label (letters, spaces, ``_`` and ``-`` only); unquoted ones
(``.env``, ``.ini``, YAML) only when they end the line after ``=`` or ``:`` and hold a digit
or a symbol, so code such as ``password: str`` or ``self.token = token`` stays readable.

High-entropy values: a quoted or ``.env`` value of 20+ base64/hex characters assigned to
any name, judged by ``detect-secrets``' Shannon entropy limits (base64 4.5, hex 3.0),
unless the name says it is an identifier or a checksum (hash, sha, integrity, uuid, id,
commit...), or the value decodes to readable text (base64 test data).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Iterator

from detect_secrets.filters.heuristic import (
    is_indirect_reference,
    is_potential_uuid,
    is_sequential_string,
    is_templated_secret,
)
from detect_secrets.plugins import keyword
from detect_secrets.plugins.high_entropy_strings import (
    Base64HighEntropyString,
    HexHighEntropyString,
)

from .lines import line_starts_mentioning, lines_at

__all__ = ["entropy_spans", "keyword_spans"]

_MORE_WORDS = ("token", "credential", "passphrase", "access_?key", "secret_?key", "passwort")
_NAMES = r"({words}|{more})\w*".format(words="|".join(keyword.DENYLIST), more="|".join(_MORE_WORDS))
_SHAPES = (  # (regex, group of the value), as KeywordDetector uses them
    (keyword.FOLLOWED_BY_COLON_EQUAL_SIGNS_REGEX, 4),
    (keyword.FOLLOWED_BY_COLON_REGEX, 4),
    (keyword.FOLLOWED_BY_EQUAL_SIGNS_REGEX, 5),
    (keyword.PRECEDED_BY_EQUAL_COMPARISON_SIGNS_QUOTES_REQUIRED_REGEX, 2),
    (keyword.FOLLOWED_BY_QUOTES_AND_SEMICOLON_REGEX, 3),
    (keyword.FOLLOWED_BY_ARROW_FUNCTION_SIGN_QUOTES_REQUIRED_REGEX, 4),
    (keyword.FOLLOWED_BY_EQUAL_SIGNS_OPTIONAL_BRACKETS_OPTIONAL_AT_SIGN_QUOTES_REQUIRED_REGEX, 6),
    (keyword.FOLLOWED_BY_OPTIONAL_ASSIGN_QUOTES_REQUIRED_REGEX, 4),
    # ours: any quoted value, also one starting with a symbol (Django's SECRET_KEY)
    (
        re.compile(
            keyword.DENYLIST_REGEX + r"[\]'\"]{0,2}\s*(?::=|=>|=|:)\s*([\"'`])([^\"'`\n]+)\2"
        ),
        3,
    ),
)
_KEYWORD_SHAPES = tuple(
    (
        re.compile(
            regex.pattern.replace(keyword.DENYLIST_REGEX_WITH_PREFIX, r"\w*" + _NAMES).replace(
                keyword.DENYLIST_REGEX, _NAMES
            ),
            regex.flags | re.IGNORECASE,
        ),
        group,
    )
    for regex, group in _SHAPES
)
#: What every shape needs: a name, then an operator or a quote; or a quote compared to it.
_ANY_SHAPE = re.compile(
    _NAMES + r"""(?:[\]'"]{0,2}\s*(?:[=:!(]|\.assign)|\S{0,50}?\s*["'`])|["'`]\s*[!=]=""",
    re.IGNORECASE,
)
_LINE_WORDS = ("key", "secret", "token", "passw", "pwd", "credential", "passphrase", "contras")
_QUOTES = "\"'`"
_PLACEHOLDER = re.compile(
    r"example|changeme|change[-_ ]me|your[-_ ]|placeholder|dummy|redacted|xxxx|\*\*\*|<|\.\.\.|"
    r"^(?:none|null|true|false|undefined|nil|str|string|bytes|int|password|secret|token)$",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^[A-Za-z _\-]+$")
_UNQUOTED_SIGNAL = re.compile(r"[0-9!@#$%^&*+=~?]")
_NOT_A_PASSWORD = re.compile(r"^(?:/|\./|~/)|%[sd(]|\{\}|^#[0-9a-fA-F]{3,8}$")
_CODE_SIGNAL = re.compile(r"[()\[\]{},;]|^[\d.]+$|^0x|^\$|://")


def keyword_spans(text: str) -> Iterator[tuple[int, int]]:
    """Values given to a secret-sounding name, as ``(start, end)`` in ``text``."""
    for offset, line in lines_at(text, line_starts_mentioning(text, _LINE_WORDS)):
        if len(line) > 1000 or not _ANY_SHAPE.search(line):
            continue
        for regex, group in _KEYWORD_SHAPES:
            for match in regex.finditer(line):
                start, end = match.span(group)
                if start >= 0 and _is_secret_value(line, start, end):
                    yield offset + start, offset + end


def _is_secret_value(line: str, start: int, end: int) -> bool:
    value = line[start:end].strip()
    if len(value) < 4 or is_templated_secret(value) or _PLACEHOLDER.search(value):
        return False
    if _NOT_A_PASSWORD.search(value) or value.count(" ") >= 2:  # a path, a format, prose
        return False
    quoted = start > 0 and line[start - 1] in _QUOTES
    if not quoted:
        return _is_unquoted_secret(line, start, value) and not is_indirect_reference(line)
    return not _LABEL.match(value)


def _is_unquoted_secret(line: str, start: int, value: str) -> bool:
    """``NAME=value`` or ``name: value`` ending its line, with a digit or symbol in it."""
    operator = line[:start].rstrip()
    if not operator.endswith(("=", ":")) or operator.endswith(("==", "!=", "<=", ">=")):
        return False
    if line[start:].strip() != value or any(c.isspace() for c in value):
        return False
    return bool(_UNQUOTED_SIGNAL.search(value)) and not _CODE_SIGNAL.search(value)


_BASE64 = Base64HighEntropyString()
_HEX = HexHighEntropyString()
_VALUE = re.compile(
    r"(?P<q>[\"'`])(?P<v>[A-Za-z0-9+/_\-]{20,}={0,2})(?P=q)"
    r"|[=:][ \t]*(?P<bare>[A-Za-z0-9+/_\-]{20,}={0,2})(?=[\s`]|$)",
    re.MULTILINE,
)
_NAME_BEFORE = re.compile(r"(?P<name>[A-Za-z_][\w\-]*)[\"'\]]*\s*(?::=|=>|==?|:)\s*$")
_HEX_VALUE = re.compile(r"[0-9a-fA-F]+")
_WORD_PIECE = re.compile(
    r"[A-Z]{2,}(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+|[A-Z](?=\d)|\d{1,4}|[_\-.]"
)
_DIGIT, _LOWER, _UPPER = re.compile(r"\d"), re.compile(r"[a-z]"), re.compile(r"[A-Z]")
_NOT_SECRET_NAME = re.compile(
    r"hash|sha\d*|md5|digest|checksum|integrity|sum$|uuid|guid|(?:^|_)id$|commit|rev|etag|"
    r"version|url|path|file|name|nonce|salt|fingerprint|example|sample|fixture|test",
    re.IGNORECASE,
)


def entropy_spans(text: str) -> Iterator[tuple[int, int]]:
    """Random-looking values in assignments, as ``(start, end)`` in ``text``."""
    for match in _VALUE.finditer(text):
        group = "v" if match.group("v") else "bare"
        start, end = match.span(group)
        if not _is_random(match.group(group)):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(line_start, start - 200) : start - (group == "v")]
        name = _NAME_BEFORE.search(before)
        if name and not _NOT_SECRET_NAME.search(name.group("name")):
            yield start, end


def _is_random(value: str) -> bool:
    if _HEX_VALUE.fullmatch(value):
        return _HEX.calculate_shannon_entropy(value) > _HEX.entropy_limit
    if not (_DIGIT.search(value) and _LOWER.search(value) and _UPPER.search(value)):
        return False  # 20+ random base64 characters hold all three
    if _made_of_words(value):
        return False  # an identifier: AWSBatchPolicyStatement1, GRPCOrHTTP2Connection
    if is_potential_uuid(value) or is_sequential_string(value) or _decodes_to_text(value):
        return False
    return _BASE64.calculate_shannon_entropy(value) > _base64_limit(len(value))


def _made_of_words(value: str) -> bool:
    """True when ``value`` splits into words and numbers, with at most one lone letter."""
    pieces = _WORD_PIECE.findall(value)
    lone_letters = sum(1 for piece in pieces if len(piece) == 1 and piece.isalpha())
    return "".join(pieces) == value and lone_letters <= 1


def _base64_limit(length: int) -> float:
    """``detect-secrets``' base64 limit, lowered for short values (whose entropy cannot
    reach it: a 32-character key has at most 5 bits a character)."""
    return min(_BASE64.entropy_limit, math.log2(length) - 0.7)


def _decodes_to_text(value: str) -> bool:
    """True for base64 of readable text: test data, not a key."""
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), altchars=b"-_", validate=False)
        text = decoded.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    return text.isprintable() or all(c.isprintable() or c in "\n\t\r" for c in text)
