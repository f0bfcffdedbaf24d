"""The shared secret for ``--token-file``: read it, or create it private (0600)."""

from __future__ import annotations

import os
import secrets
import stat
import sys
from pathlib import Path


def load_or_create_token(path: Path) -> str:
    """The token in ``path``; a new random one, written with mode 0600, if it is missing."""
    if path.exists():
        token = path.read_text(encoding="utf-8").strip()
        if not token:
            raise ValueError(f"the token file {path} is empty")
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            print(f"WARNING: {path} is readable by other users (chmod 600 it)", file=sys.stderr)
        return token
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    print(f"qgpt-lsp serve: wrote a new token to {path}", file=sys.stderr)
    return token
