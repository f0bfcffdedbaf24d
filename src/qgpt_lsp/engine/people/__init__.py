"""Who can help: people from git history (blame of the asked lines), CODEOWNERS, no bots."""

from __future__ import annotations

from .finder import LineRange, PeopleFinder
from .locate import locate_fragment, ranges_in_conversation

__all__ = ["LineRange", "PeopleFinder", "locate_fragment", "ranges_in_conversation"]
