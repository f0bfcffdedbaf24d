"""The engine's public surface: what it exports and the protocol it implements."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import qgpt_lsp.engine as engine_package
from qgpt_lsp.backend import Backend, IndexedBackend
from qgpt_lsp.engine import Engine


def test_the_package_exports_exactly_its_api() -> None:
    assert sorted(engine_package.__all__) == [
        "Engine",
        "EngineSettings",
        "describe_answerer",
        "line_offsets",
    ]
    for name in engine_package.__all__:
        assert getattr(engine_package, name) is not None


PACKAGES = sorted(
    f"qgpt_lsp.engine.{found.name}"
    for found in pkgutil.iter_modules(engine_package.__path__)
    if found.ispkg
)


@pytest.mark.parametrize("name", PACKAGES)
def test_every_engine_package_declares_what_it_exports(name: str) -> None:
    package = importlib.import_module(name)
    assert package.__all__, name
    assert [n for n in package.__all__ if not hasattr(package, n)] == []


def test_the_packages_are_grouped_by_job() -> None:
    short = [name.rsplit(".", 1)[1] for name in PACKAGES]
    assert short == ["answerers", "answering", "index", "people", "retrieval"]


async def test_the_engine_is_an_indexed_backend(engine: Engine) -> None:
    assert isinstance(engine, Backend) and isinstance(engine, IndexedBackend)
    status = engine.index_status()
    assert status.state == "ready" and status.files >= 4


async def test_documents_update_and_leave_the_index(engine: Engine) -> None:
    added = engine.roots[0] / "src" / "extra.py"
    added.write_text("def brand_new_helper():\n    return 42\n")
    await engine.update_document(added)
    from qgpt_lsp.wire import QGPTRelevanceInput

    found = await engine.relevance(QGPTRelevanceInput(query="brand_new_helper"))
    assert any((i.path or "").endswith("extra.py") for i in found.relevant.iterable)
    await engine.remove_document(added)
    found = await engine.relevance(QGPTRelevanceInput(query="brand_new_helper"))
    assert not any((i.path or "").endswith("extra.py") for i in found.relevant.iterable)


async def test_describe_answerer_for_doctor() -> None:
    from qgpt_lsp.engine import EngineSettings, describe_answerer

    assert await describe_answerer(EngineSettings(answerer="grounded")) == "grounded"
    bad = await describe_answerer(EngineSettings(answerer="gpt-9"))
    assert bad.startswith("unavailable: unknown answerer 'gpt-9'")


async def test_configure_switches_the_answerer_for_the_next_answer(engine: Engine) -> None:
    from qgpt_lsp import errors
    from qgpt_lsp.engine import EngineSettings

    assert (await engine.info()).answerer == "grounded"
    await engine.configure(EngineSettings(answerer="gpt-9"))
    with pytest.raises(errors.RequestRejected, match="unknown answerer 'gpt-9'"):
        await engine.info()
    await engine.configure(EngineSettings(answerer="grounded", max_answer_tokens=64))
    assert (await engine.info()).answerer == "grounded"
