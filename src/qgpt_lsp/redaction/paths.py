"""Files that hold credentials by their nature: never read, never sent."""

from __future__ import annotations

import re
from pathlib import PurePath

__all__ = ["is_secret_path"]

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
