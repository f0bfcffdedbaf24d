"""A change to who answers (``qgpt.openai.model``) swaps the answerer; the index stays."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from .conftest import SessionFactory
from .fake_openai import FakeOpenAI
from .session import LSPSession, wait_until

DIVIDE = {"start": {"line": 8, "character": 0}, "end": {"line": 11, "character": 0}}


def _index_builds(session: LSPSession) -> list[str]:
    """The progress tokens of index builds so far (one per build)."""
    return [str(token) for token in session.client.progress_reports if "index" in str(token)]


def _index_done(session: LSPSession) -> bool:
    return any(
        isinstance(value, types.WorkDoneProgressEnd)
        for token, values in session.client.progress_reports.items()
        if "index" in str(token)
        for value in values
    )


def _settings(base_url: str, model: str) -> dict[str, Any]:
    return {
        "backend": "embedded",
        "answerer": "openai",
        "openai": {"baseUrl": base_url, "model": model},
    }


async def test_a_model_change_swaps_the_answerer_and_keeps_the_index(
    lsp: SessionFactory,
) -> None:
    async with FakeOpenAI().running() as openai:
        first = _settings(openai.base_url, "first-model")
        async with lsp(settings=first) as session:
            uri = session.open("app/calc.py")
            await wait_until(lambda: _index_done(session))
            ready = await session.execute("qgpt.indexStatus", {})
            ask = {"uri": uri, "range": DIVIDE, "question": "What does divide do?"}
            before = await session.execute("qgpt.ask", ask)
            session.client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(
                    settings={"qgpt": _settings(openai.base_url, "second-model")}
                )
            )
            after = await session.execute("qgpt.ask", ask)
            status = await session.execute("qgpt.indexStatus", {})
            builds = _index_builds(session)
    assert before["model"] == "openai:first-model" and before["status"] == "completed"
    assert after["model"] == "openai:second-model" and after["status"] == "completed"
    assert after["answer"].startswith("Answer from second-model.")
    assert {chat["model"] for chat in openai.chats} == {"first-model", "second-model"}
    assert len(builds) == 1, "the index was built once, not rebuilt for a model change"
    index = ("state", "files", "chunks", "skipped", "message")
    assert [status[k] for k in index] == [ready[k] for k in index], "the same index, untouched"
    assert (ready["answerer"], status["answerer"]) == ("openai:first-model", "openai:second-model")
