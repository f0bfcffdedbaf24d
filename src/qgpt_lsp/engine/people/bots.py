"""Who is a bot: they own lines, but nobody can ask them for help."""

from __future__ import annotations

import re

_BOT = re.compile(
    r"\[bot\]|dependabot|renovate|github-actions|greenkeeper|snyk-bot|pre-commit-ci"
    r"|(^|[^a-z])bot($|[^a-z])",
    re.IGNORECASE,
)


def is_bot(name: str, email: str) -> bool:
    """True for ``dependabot[bot]``, ``renovate-bot``, ``github-actions``, ``ci-bot@...``."""
    local = email.split("@", 1)[0]
    return bool(_BOT.search(name) or _BOT.search(local) or _BOT.search(email.split("+")[-1]))
