"""The code a question is built from is never given twice (the selection wins)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.retrieval import RelevantItemResolver
from qgpt_lsp.wire import (
    QGPTQuestionInput,
    QGPTRelevanceInput,
    QGPTStreamEnum,
    QGPTStreamInput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    fragment_seed,
)

from .gitrepo import GitRepo
from .sample import evict_selection

SELECTED = "src/cache.py:12-17"
TWICE = fragment_seed("def twice(x):\n    return 2 * x\n", "py")


async def indexed(engine: Engine, file: str) -> RelevantQGPTSeed:
    """The id of the snippet relevance returns for ``evict_oldest`` in ``file``."""
    found = await engine.relevance(QGPTRelevanceInput(query="evict the oldest entry"))
    item = next(i for i in found.relevant.iterable if (i.path or "").endswith(file))
    return RelevantQGPTSeed(id=item.id)


Items = Callable[[RelevantQGPTSeed, RelevantQGPTSeed, RelevantQGPTSeed], list[RelevantQGPTSeed]]


@pytest.mark.parametrize(
    ("items", "cites"),
    [
        # the indexed snippet of cache.py shows the selected lines too: only the selection
        pytest.param(lambda sel, cache, store: [sel, cache], [SELECTED], id="selection-first"),
        pytest.param(lambda sel, cache, store: [cache, sel], [SELECTED], id="snippet-first"),
        pytest.param(
            lambda sel, cache, store: [sel, store], [SELECTED, "src/store.py:1-9"], id="other-file"
        ),
        pytest.param(lambda sel, cache, store: [cache], ["src/cache.py:1-17"], id="no-selection"),
        # the same fragment sent twice (as a seed, and as relevance returned it) is one
        pytest.param(
            lambda sel, cache, store: [RelevantQGPTSeed(seed=TWICE)] * 2,
            ["snippet 1"],
            id="fragment-twice",
        ),
    ],
)
async def test_the_same_code_is_given_once(
    engine: Engine, sample_repo: GitRepo, items: Items, cites: list[str]
) -> None:
    cache, store = await indexed(engine, "src/cache.py"), await indexed(engine, "src/store.py")
    resolver = RelevantItemResolver(engine.index, engine.registry, engine.roots)
    code = resolver.resolve(items(evict_selection(sample_repo.root), cache, store))
    assert [c.cite for c in code] == cites


async def test_an_answer_cites_the_selection_not_the_snippet_around_it(
    engine: Engine, sample_repo: GitRepo
) -> None:
    cache = await indexed(engine, "src/cache.py")
    relevant = RelevantQGPTSeeds(iterable=[evict_selection(sample_repo.root), cache])
    request = QGPTStreamInput(
        question=QGPTQuestionInput(query="what does it do?", relevant=relevant)
    )
    frames = [frame async for frame in engine.stream(request)]
    final = frames[-1]
    assert final.status is QGPTStreamEnum.COMPLETED and final.relevance is not None
    used = [(Path(i.path or "").name, i.location) for i in final.relevance.relevant.iterable]
    in_cache = [location for name, location in used if name == "cache.py"]
    assert len(in_cache) == 1 and in_cache[0] is not None
    assert in_cache[0].text.startswith("def evict_oldest")
