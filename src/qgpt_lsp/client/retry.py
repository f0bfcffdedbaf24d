"""Bounded retries for the two statuses that ask for them: 429 and 503."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from ..errors import Overloaded, RateLimited

__all__ = ["RetryPolicy"]

_log = logging.getLogger(__name__)
_T = TypeVar("_T")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait when the server answers 429 or 503.

    ``attempts`` counts every try (1 = never retry). The wait doubles from
    ``base_delay`` up to ``max_delay``; a 429's ``Retry-After`` replaces it, but
    one longer than ``max_retry_after`` is not waited for: the error is raised
    at once (an editor should not hang for minutes). ``sleep`` is the waiting
    function (a seam for tests that want to see the delays).
    """

    attempts: int = 4
    base_delay: float = 0.25
    max_delay: float = 8.0
    max_retry_after: float = 30.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)

    def delay(self, error: RateLimited | Overloaded, attempt: int) -> float | None:
        """Seconds to wait before try ``attempt + 1`` (0-based ``attempt``), or None to give up."""
        if attempt + 1 >= self.attempts:
            return None
        if isinstance(error, RateLimited) and error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.max_retry_after else None
        return float(min(self.max_delay, self.base_delay * (2**attempt)))

    async def run(self, call: Callable[[], Awaitable[_T]]) -> _T:
        """``await call()``, retried on :class:`RateLimited` / :class:`Overloaded` as above."""
        attempt = 0
        while True:
            try:
                return await call()
            except (RateLimited, Overloaded) as error:
                wait = self.delay(error, attempt)
                if wait is None:
                    raise
                _log.info(
                    "%s; retrying in %.2f s (try %d of %d)", error, wait, attempt + 2, self.attempts
                )
                await self.sleep(wait)
                attempt += 1


def as_policy(retries: RetryPolicy | int) -> RetryPolicy:
    """``retries`` as a policy: a :class:`RetryPolicy`, or how many retries follow the first try."""
    if isinstance(retries, RetryPolicy):
        return retries
    if retries < 0:
        raise ValueError(f"retries must be >= 0, not {retries}")
    return RetryPolicy(attempts=retries + 1)
