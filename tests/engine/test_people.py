"""Who can help: blame of exactly the asked lines, .mailmap, no bots, CODEOWNERS, recency."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from qgpt_lsp.engine.people import LineRange, PeopleFinder
from qgpt_lsp.engine.people.blame import parse_porcelain
from qgpt_lsp.engine.people.bots import is_bot
from qgpt_lsp.wire import QGPTPersonsRelatedOutput

from .gitrepo import GitRepo

BASE = [f"line {n}" for n in range(1, 21)]


def _with(changes: dict[int, str]) -> str:
    lines = list(BASE)
    for number, text in changes.items():
        lines[number - 1] = text
    return "\n".join(lines) + "\n"


BOB_OLD = {n: f"bob old {n}" for n in (11, 12, 13)}
BOB_NEW = {n: f"bob new {n}" for n in (14, 15, 16)}
CAROL = {18: "carol 18", 19: "carol 19"}
BOT = {17: "bumped 17"}


@pytest.fixture
def people_repo(tmp_path: Path) -> GitRepo:
    """src/cache.py: Alice wrote it; Bob (two emails, one mailmapped) rewrote 11-16;
    a bot changed 17; Carol changed 18-19; CODEOWNERS gives /src/ to @cache-team and Alice."""
    repo = GitRepo(tmp_path / "people")
    owners = "# owners\n/src/ @cache-team alice@example.com\n"
    mailmap = "Bob Builder <bob@example.com> bobby <bob@old.example.com>\n"
    repo.commit(
        {"src/cache.py": _with({}), "CODEOWNERS": owners, ".mailmap": mailmap},
        "Alice Archer",
        "alice@example.com",
        200.04,
        "add the cache",
    )
    repo.commit(
        {"src/cache.py": _with(BOB_OLD)}, "bobby", "bob@old.example.com", 40.04, "first fix"
    )
    repo.commit(
        {"src/cache.py": _with(BOB_OLD | CAROL)},
        "Carol Chen",
        "carol@example.com",
        30.04,
        "handle empty cache",
    )
    changed = BOB_OLD | CAROL | BOB_NEW
    repo.commit(
        {"src/cache.py": _with(changed)},
        "Bob Builder",
        "bob@example.com",
        3.04,
        "fix eviction race",
    )
    bot = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
    repo.commit({"src/cache.py": _with(changed | BOT)}, *bot, 1.04, "bump")
    return repo


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _rows(output: QGPTPersonsRelatedOutput) -> list[tuple[str | None, str | None, str]]:
    explanations = output.explanations or {}
    rows = []
    for person in output.persons.iterable:
        basic = person.type.basic
        assert basic is not None
        rows.append((basic.name, basic.email, explanations[person.id]))
    return rows


async def test_blame_of_the_asked_lines_ranks_people_with_evidence(people_repo: GitRepo) -> None:
    finder = PeopleFinder(blame_timeout=60)
    output = await finder.for_ranges([LineRange(people_repo.root / "src/cache.py", 10, 20)])
    scope = "lines 10-20 of src/cache.py"
    owner = "code owner of src/cache.py (CODEOWNERS `/src/`)"
    assert _rows(output) == [
        (
            "Bob Builder",
            "bob@example.com",
            f"wrote 55% of {scope}; last change 3 days ago: 'fix eviction race'",
        ),
        (
            "Carol Chen",
            "carol@example.com",
            f"wrote 18% of {scope}; last change 30 days ago: 'handle empty cache'",
        ),
        (
            "Alice Archer",
            "alice@example.com",
            f"wrote 18% of {scope}; last change 6 months ago: 'add the cache'; {owner}",
        ),
        ("@cache-team", None, owner),
    ]
    bob = output.persons.iterable[0]
    assert bob.id == _sha1("bob@example.com")
    assert bob.created.moment < bob.updated.moment  # first (40 days) and last (3 days) commit


async def test_only_the_asked_lines_count(people_repo: GitRepo) -> None:
    finder = PeopleFinder(blame_timeout=60)
    output = await finder.for_ranges([LineRange(people_repo.root / "src/cache.py", 18, 19)])
    assert [row[0] for row in _rows(output)] == ["Carol Chen", "@cache-team", "alice@example.com"]
    assert _rows(output)[0][2] == (
        "wrote 100% of lines 18-19 of src/cache.py; last change 30 days ago: 'handle empty cache'"
    )


async def test_slow_blame_answers_from_git_log_then_fills_the_cache(people_repo: GitRepo) -> None:
    finder = PeopleFinder(blame_timeout=0)
    asked = LineRange(people_repo.root / "src/cache.py", 10, 20)
    quick = await finder.for_ranges([asked])
    assert _rows(quick)[0] == (
        "Bob Builder",
        "bob@example.com",
        "made 2 of the last 5 commits to src/cache.py; last change 3 days ago: 'fix eviction race'",
    )
    assert "dependabot[bot]" not in [row[0] for row in _rows(quick)]
    await finder.settle()
    cached = await finder.for_ranges([asked])
    assert _rows(cached)[0][2].startswith("wrote 55% of lines 10-20 of src/cache.py")


async def test_a_range_past_the_end_is_cut_to_the_file(people_repo: GitRepo) -> None:
    finder = PeopleFinder(blame_timeout=60)
    output = await finder.for_ranges([LineRange(people_repo.root / "src/cache.py", 19, 400)])
    assert _rows(output)[0][2].startswith("wrote 50% of lines 19-20 of src/cache.py")


async def test_a_file_outside_git_has_nobody(tmp_path: Path) -> None:
    loose = tmp_path / "loose.py"
    loose.write_text("x = 1\n")
    output = await PeopleFinder().for_ranges([LineRange(loose, 1, 1)])
    assert output.persons.iterable == []


@pytest.mark.parametrize(
    ("name", "email", "bot"),
    [
        ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", True),
        ("renovate-bot", "bot@renovateapp.com", True),
        ("github-actions", "41898282+github-actions[bot]@users.noreply.github.com", True),
        ("CI Bot", "ci@example.com", True),
        ("Alice Archer", "1234+alice@users.noreply.github.com", False),
        ("Bob Bottleneck", "bob@example.com", False),
    ],
)
def test_bots(name: str, email: str, bot: bool) -> None:
    assert is_bot(name, email) is bot


def test_porcelain_reuses_commit_headers() -> None:
    sha = "a" * 40
    text = (
        f"{sha} 1 1 2\nauthor Ann\nauthor-mail <ann@x.org>\nauthor-time 100\nsummary s\n"
        f"filename f\n\tone\n{sha} 2 2\n\ttwo\n"
    )
    lines = parse_porcelain(text)
    assert [(line.name, line.email, line.line, line.time) for line in lines] == [
        ("Ann", "ann@x.org", 1, 100),
        ("Ann", "ann@x.org", 2, 100),
    ]
