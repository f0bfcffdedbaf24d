"""/qgpt/persons/related on the engine: a seed found by its content, or a conversation's files."""

from __future__ import annotations

import pytest

from qgpt_lsp import errors
from qgpt_lsp.engine import Engine
from qgpt_lsp.wire import QGPTPersonsRelatedInput, fragment_seed

from .gitrepo import GitRepo
from .sample import CACHE_V2, EVICT_END, EVICT_START
from .test_followups import _conversation


def _explained(output: object) -> list[tuple[str | None, str]]:
    persons = output.persons.iterable  # type: ignore[attr-defined]
    notes = output.explanations or {}  # type: ignore[attr-defined]
    return [(p.type.basic.name, notes[p.id]) for p in persons]


async def test_a_seed_is_found_in_the_workspace_by_its_content(engine: Engine) -> None:
    lines = CACHE_V2.splitlines()[EVICT_START - 1 : EVICT_END]
    seed = fragment_seed("\n".join(lines), "py")
    output = await engine.persons_related(QGPTPersonsRelatedInput(seed=seed))
    scope = f"lines {EVICT_START}-{EVICT_END} of src/cache.py"
    assert _explained(output) == [
        ("Bob Builder", f"wrote 50% of {scope}; last change 3 days ago: 'fix eviction race'"),
        ("Alice Archer", f"wrote 50% of {scope}; last change 6 months ago: 'add the cache'"),
    ]


async def test_a_conversation_brings_the_files_it_cited(engine: Engine) -> None:
    conversation = _conversation(
        ("USER", "what does shrink do?"),
        ("ASSISTANT", "It loops (`src/store.py:6-9`) and calls evict_oldest."),
    )
    output = await engine.persons_related(QGPTPersonsRelatedInput(conversation=conversation))
    assert _explained(output) == [
        (
            "Alice Archer",
            "wrote 100% of lines 6-9 of src/store.py; last change 6 months ago: 'add the cache'",
        ),
    ]


async def test_who_can_help_with_a_file_range(engine: Engine, sample_repo: GitRepo) -> None:
    output = await engine.who_can_help(sample_repo.root / "tests/test_cache.py", 1, 6)
    assert [name for name, _ in _explained(output)] == ["Carol Chen"]


async def test_neither_seed_nor_conversation_is_rejected(engine: Engine) -> None:
    with pytest.raises(errors.RequestRejected, match="needs a seed"):
        await engine.persons_related(QGPTPersonsRelatedInput())


async def test_an_unknown_fragment_has_nobody(engine: Engine) -> None:
    seed = fragment_seed("completely unrelated text that is nowhere", "py")
    output = await engine.persons_related(QGPTPersonsRelatedInput(seed=seed))
    assert output.persons.iterable == []
