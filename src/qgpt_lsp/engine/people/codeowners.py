"""CODEOWNERS: the owners GitHub/GitLab would request reviews from for a path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pathspec

LOCATIONS = ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")


@dataclass(frozen=True)
class Ownership:
    owner: str  # "@alice", "@org/team" or "alice@example.com"
    rule: str  # the pattern that matched
    source: Path  # the CODEOWNERS file


def owners_for(repo: Path, relative: str) -> list[Ownership]:
    """The owners of ``relative`` (a POSIX path in ``repo``): the last matching rule wins."""
    for location in LOCATIONS:
        source = repo / location
        if source.is_file():
            return _match(source, relative)
    return []


def _match(source: Path, relative: str) -> list[Ownership]:
    found: list[Ownership] = []
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("["):
            continue
        pattern, *owners = line.split()
        spec = pathspec.PathSpec.from_lines("gitignore", [pattern])
        if spec.match_file(relative):
            found = [Ownership(owner, pattern, source) for owner in owners]
    return found
