"""The one redaction point: secret files are never read, secret-looking values are masked.

Everything that leaves the process passes here:

- what is indexed (``engine/index/sources.py``) and every piece of code cited
  (``engine/retrieval/resolver.py``), so redacted text is all the engine holds;
- every prompt to a model: an ``AnswerJob`` masks its messages when it is made
  (``engine/answerers/base.py``), answers, hints and follow-up rewrites alike;
- every ``serve`` response and stream frame (:func:`redact_strings` over the wire
  payload, ``serve/endpoints.py`` and ``serve/frames.py``);
- what the language server sends a backend (``server/redaction.py``) and writes
  to the answer document (``server/ask/document.py``, line by line).

Masking keeps every line and column where it was (the mask has the secret's
length), so chunk offsets into redacted text are offsets into the file. This module
imports nothing of ours, so every layer may use it.
"""

from __future__ import annotations

import re
from pathlib import PurePath

__all__ = ["MASK", "is_secret_path", "redact", "redact_strings"]

MASK = "[REDACTED]"

_SECRET_NAMES = frozenset(
    {
        ".netrc",
        "_netrc",
        ".npmrc",
        ".pypirc",
        ".pgpass",
        ".htpasswd",
        ".git-credentials",
        ".dockercfg",
        "credentials",
        "credentials.json",
        "credentials.yml",
        "credentials.yaml",
        "secrets.json",
        "secrets.yml",
        "secrets.yaml",
        "secrets.toml",
        "id_rsa",
        "id_dsa",
        "id_ecdsa",
        "id_ed25519",
        "terraform.tfvars",
    }
)
_SECRET_SUFFIXES = frozenset(
    {".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".kdbx", ".asc", ".gpg", ".ovpn"}
)
_SECRET_NAME_PATTERN = re.compile(
    r"^(\.env(\..*)?|.*\.env|id_(rsa|dsa|ecdsa|ed25519)(_.*)?|.*service[-_]account.*\.json)$",
    re.IGNORECASE,
)


def is_secret_path(path: PurePath | str) -> bool:
    """True for files that hold credentials by their nature (``.env``, keys, ``.netrc``...)."""
    name = PurePath(path).name
    lowered = name.lower()
    if lowered.endswith(".pub"):
        return False  # public keys are public
    if lowered in _SECRET_NAMES or PurePath(lowered).suffix in _SECRET_SUFFIXES:
        return True
    return _SECRET_NAME_PATTERN.match(name) is not None


# Each pattern's group "v" is the secret value to mask. Patterns that start with a
# literal run only on texts containing it (a plain substring test, fast); the
# ``name = "value"`` patterns run only on lines that contain a secret-ish word.
_LITERAL_PATTERNS = tuple(
    (literal, re.compile(pattern))
    for literal, pattern in (
        ("AKIA", r"(?P<v>AKIA[0-9A-Z]{16})"),  # AWS access key id
        ("gh", r"(?P<v>(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})"),
        ("glpat-", r"(?P<v>glpat-[A-Za-z0-9_\-]{20,})"),  # GitLab
        ("xox", r"(?P<v>xox[abprs]-[A-Za-z0-9\-]{10,})"),  # Slack
        ("sk-", r"(?P<v>sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,})"),  # OpenAI / Anthropic style
        ("AIza", r"(?P<v>AIza[0-9A-Za-z_\-]{35})"),  # Google API key
        ("eyJ", r"(?P<v>eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,})"),
        ("npm_", r"(?P<v>npm_[A-Za-z0-9]{36})"),
        ("://", r"://(?P<v>[^\s:/@]+:[^\s:/@]{3,})@"),  # credentials in a URL
    )
)
_SECRET_WORDS = ("key", "secret", "token", "passw", "pwd", "auth", "credential")
_ASSIGNMENTS = (
    re.compile(
        r"(?i:(?:api[_-]?key|access[_-]?key|secret|token|passw(?:or)?d|pwd|auth|credential"
        r"|private[_-]?key)[A-Za-z0-9_\-]*[\"']?\s*[:=]\s*[\"'])"
        r"(?P<v>(?=[^\"'\s]*[A-Za-z])[A-Za-z0-9_\-/+=.~!@#$^&*]{8,})(?=[\"'])"
    ),
    # .env style, unquoted: ``export SECRET_KEY=abc123...`` (a dotted name is code, not a key)
    re.compile(
        r"^\s*(?:export\s+)?(?i:[A-Za-z0-9_]*(?:key|secret|token|passw(?:or)?d|auth)"
        r"[A-Za-z0-9_]*\s*[=:]\s*)(?P<v>(?=[^\s]*\d)[A-Za-z0-9_\-/+=]{16,})\s*$"
    ),
)
_PRIVATE_KEY = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)", re.DOTALL
)


def _mask(value: str) -> str:
    """A same-length mask: ``[REDACTED]`` padded with ``*`` (or only ``*`` if shorter)."""
    if len(value) < len(MASK):
        return "*" * len(value)
    return MASK[:-1] + "*" * (len(value) - len(MASK)) + "]"


def _mask_lines(block: str) -> str:
    return "\n".join(_mask(line) if line else line for line in block.split("\n"))


def redact(text: str) -> str:
    """``text`` with token- and key-looking values masked, lines and offsets unchanged."""
    if "PRIVATE KEY-----" in text:
        text = _PRIVATE_KEY.sub(lambda m: _mask_lines(m.group(0)), text)
    for literal, pattern in _LITERAL_PATTERNS:
        if literal in text:
            text = pattern.sub(_replace_value, text)
    lines = _lines_with_secret_words(text)
    if not lines:
        return text
    parts = text.split("\n")
    for number in lines:
        for pattern in _ASSIGNMENTS:
            parts[number] = pattern.sub(_replace_value, parts[number])
    return "\n".join(parts)


def redact_strings(value: object) -> object:
    """A JSON-like value (dicts, lists, strings) with every string passed through :func:`redact`."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_strings(item) for item in value]
    return value


def _lines_with_secret_words(text: str) -> list[int]:
    """Numbers of the lines that contain a secret-ish word (any case)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # rare: lowercasing changed lengths; look at every line
        return list(range(text.count("\n") + 1))
    offsets: set[int] = set()
    for word in _SECRET_WORDS:
        found = lowered.find(word)
        while found != -1:
            offsets.add(lowered.rfind("\n", 0, found) + 1)
            found = lowered.find(word, found + len(word))
    if not offsets:
        return []
    numbers = []
    line, previous = 0, 0
    for start in sorted(offsets):  # count newlines between neighbours: one pass in total
        line += text.count("\n", previous, start)
        numbers.append(line)
        previous = start
    return numbers


def _replace_value(match: re.Match[str]) -> str:
    start, end = match.span("v")
    offset = match.start()
    whole = match.group(0)
    return whole[: start - offset] + _mask(match.group("v")) + whole[end - offset :]
