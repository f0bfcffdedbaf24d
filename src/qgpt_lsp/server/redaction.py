"""Editor text fit to leave the process: secret-looking values masked, secrets files refused.

Every piece of a document the server sends to a backend (a question's seed,
who-can-help code, a relevance seed) passes :func:`safe_text` first.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from ..errors import RequestRejected
from ..redaction import is_secret_path, redact

__all__ = ["safe_text"]


async def safe_text(path: Path, text: str) -> str:
    """``text`` fit to send: secret-looking values masked; a secrets file is refused."""
    return await asyncio.to_thread(_safe_text, path, text)


def _safe_text(path: Path, text: str) -> str:
    if is_secret_path(path):
        raise RequestRejected(f"{path.name} looks like a secrets file; nothing was sent")
    return redact(text)
