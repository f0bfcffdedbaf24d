"""How the CLI tells a person about trouble: one line on stderr each, never a traceback.

Cache notices (a damaged cache file rebuilt, the index kept in memory) come from the
engine's :class:`~qgpt_lsp.engine.cache_health.CacheNotices`; the CLI prints them
itself, so their log records are kept off stderr (:func:`keep_notices_off_stderr`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

__all__ = ["disk_error_line", "keep_notices_off_stderr", "warn"]


def warn(lines: Iterable[str]) -> None:
    """Each of ``lines`` as one ``qgpt-lsp: warning:`` line on stderr."""
    for line in lines:
        print(f"qgpt-lsp: warning: {line}", file=sys.stderr, flush=True)


def disk_error_line(command: str, error: OSError) -> str:
    """One line for an OSError: what failed, on which file, and why."""
    reason = error.strerror or str(error) or type(error).__name__
    where = f" ({error.filename})" if error.filename else ""
    return f"qgpt-lsp {command}: {reason}{where}"


def keep_notices_off_stderr() -> None:
    """The cache notices' log records reach configured handlers only (not Python's
    last-resort stderr handler): the CLI prints them once, with :func:`warn`."""
    logging.getLogger("qgpt_lsp.engine.cache_health").addHandler(logging.NullHandler())
