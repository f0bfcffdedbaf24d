"""Rank people by the lines they own, weighted toward recent work, with the evidence.

Weight of a line (or commit) ``w = 0.5 + 0.5 * 2 ** (-age_days / 90)``: a line
written today counts 1.0, one written 90 days ago 0.75, an old one about 0.5.
Ties break by lines owned, then by the most recent change, then by name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ...wire import GroupedTimestamp, Person, PersonBasicType, PersonType
from .blame import Authored
from .bots import is_bot

HALF_LIFE_DAYS = 90.0


@dataclass
class Contribution:
    """What one person wrote of the lines (or commits) asked about."""

    name: str
    email: str
    count: int = 0
    weight: float = 0.0
    first: int = 0
    last: int = 0
    last_summary: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return person_id(self.email or self.name)


def person_id(key: str) -> str:
    """A person's stable id: sha1 of the lowercased email (or handle)."""
    return hashlib.sha1(key.strip().lower().encode()).hexdigest()


def line_weight(time: int, now: float) -> float:
    age_days = max(now - time, 0) / 86400
    return 0.5 + 0.5 * 2 ** (-age_days / HALF_LIFE_DAYS)


def tally(items: Iterable[Authored], now: float) -> list[Contribution]:
    """Per-person contributions, bots left out, best first."""
    people: dict[str, Contribution] = {}
    for item in items:
        if is_bot(item.name, item.email):
            continue
        who = people.setdefault(item.email.lower(), Contribution(item.name, item.email))
        who.count += 1
        who.weight += line_weight(item.time, now)
        who.first = min(who.first or item.time, item.time)
        if item.time >= who.last:
            who.last, who.last_summary = item.time, item.summary
    return sorted(people.values(), key=lambda c: (-c.weight, -c.count, -c.last, c.name))


def ago(time: int, now: float) -> str:
    """``today``, ``3 days ago``, ``4 months ago``, ``2 years ago``."""
    days = int(max(now - time, 0) // 86400)
    if days == 0:
        return "today"
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''} ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def explain_lines(who: Contribution, total: int, scope: str, now: float) -> str:
    """``wrote 62% of lines 40-80 of src/cache.py; last change 3 days ago: 'fix race'``."""
    share = round(100 * who.count / total) if total else 0
    return f"wrote {share}% of {scope}; last change {ago(who.last, now)}: '{who.last_summary}'"


def explain_commits(who: Contribution, total: int, relative: str, now: float) -> str:
    """The evidence when blame has not finished: commits to the file."""
    return (
        f"made {who.count} of the last {total} commits to {relative}; "
        f"last change {ago(who.last, now)}: '{who.last_summary}'"
    )


def to_person(who: Contribution) -> Person:
    """The wire person: stable id, name and email in ``type.basic``, first/last commit."""
    first = datetime.fromtimestamp(who.first or who.last, UTC)
    last = datetime.fromtimestamp(who.last, UTC)
    basic = PersonBasicType(
        name=who.name or None,
        email=who.email or None,
        username=who.name[1:] if who.name.startswith("@") else None,
    )
    return Person(
        id=who.id,
        created=GroupedTimestamp.of(first),
        updated=GroupedTimestamp.of(last),
        type=PersonType(basic=basic),
        interactions=who.count or None,
    )
