"""No secret in the server's log: a ``?token=`` in a logged URL, or anything the one
redaction point masks, is masked before uvicorn writes a line.

uvicorn logs each WebSocket handshake with its full path and query string
(``"WebSocket /qgpt/stream?token=..." [accepted]``), and the access log every URL.
"""

from __future__ import annotations

import logging
import re

from ..redaction import MASK, redact

__all__ = ["SecretsOutOfLogs", "keep_secrets_out_of_logs"]

_QUERY_SECRET = re.compile(
    r"([?&](?:token|access_token|api_key|apikey|key|password|secret)=)[^&\s\"']*", re.I
)
#: The loggers uvicorn writes its lines to (a filter acts where a record is made).
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


def scrub(text: str) -> str:
    """``text`` with query-string secrets and secret-looking values masked."""
    return redact(_QUERY_SECRET.sub(lambda m: m.group(1) + MASK, text))


class SecretsOutOfLogs(logging.Filter):
    """Masks secrets in a record's message and its string arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = scrub(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(scrub(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: scrub(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True


def keep_secrets_out_of_logs() -> None:
    """Install :class:`SecretsOutOfLogs` on uvicorn's loggers (once)."""
    for name in UVICORN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SecretsOutOfLogs) for f in logger.filters):
            logger.addFilter(SecretsOutOfLogs())
