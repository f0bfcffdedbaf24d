"""RemoteBackend: the Backend protocol over a real loopback fake Pieces OS."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from qgpt_lsp.backend import Backend
from qgpt_lsp.client import RemoteBackend
from qgpt_lsp.wire import (
    QGPTConversation,
    QGPTHintsInput,
    QGPTPersonsRelatedInput,
    QGPTQuestionInput,
    QGPTRelevanceInput,
    QGPTRepromptInput,
    QGPTStreamEnum,
    QGPTStreamInput,
    RelevantQGPTSeeds,
    fragment_seed,
)
from tests.fakes import FakePiecesOS


@pytest.fixture
async def backend(fake_pieces_os: FakePiecesOS) -> AsyncIterator[RemoteBackend]:
    backend = RemoteBackend(fake_pieces_os.base_url, timeout=10)
    yield backend
    await backend.aclose()


def test_it_is_a_backend(fake_pieces_os_url: str) -> None:
    assert isinstance(RemoteBackend(fake_pieces_os_url), Backend)


@pytest.mark.parametrize(("version", "kind"), [("12.3.0", "pieces"), ("0.1.0", "remote")])
async def test_info_kind_follows_the_version(
    fake_pieces_os: FakePiecesOS, backend: RemoteBackend, version: str, kind: str
) -> None:
    fake_pieces_os.version = version
    info = await backend.info()
    assert (info.kind, info.version, info.location) == (kind, version, fake_pieces_os.base_url)


async def test_info_of_a_dead_server_says_why(closed_port: int) -> None:
    backend = RemoteBackend(f"http://127.0.0.1:{closed_port}")
    info = await backend.info()
    assert info.kind == "remote" and info.version is None
    assert "is not reachable" in info.details["error"]
    await backend.aclose()


async def test_every_endpoint(backend: RemoteBackend, fake_pieces_os: FakePiecesOS) -> None:
    none = RelevantQGPTSeeds(iterable=[])
    assert (await backend.question(QGPTQuestionInput(query="q", relevant=none))).text == (
        "Answer to: q"
    )
    assert (await backend.relevance(QGPTRelevanceInput(query="q"))).relevant.iterable == []
    hints = await backend.hints(QGPTHintsInput(relevant=none))
    assert [answer.text for answer in hints.answers.iterable] == fake_pieces_os.hints
    reprompt = QGPTRepromptInput(query="and?", conversation=QGPTConversation())
    assert (await backend.reprompt(reprompt)).query == "standalone: and?"
    persons = QGPTPersonsRelatedInput(seed=fragment_seed("x", "py"))
    assert (await backend.persons_related(persons, transferables=False)).persons.iterable
    assert fake_pieces_os.requests[-1].query == {"transferables": "false"}


async def test_stream_stop_and_reset(backend: RemoteBackend, fake_pieces_os: FakePiecesOS) -> None:
    none = RelevantQGPTSeeds(iterable=[])
    ask = QGPTStreamInput(question=QGPTQuestionInput(query="q", relevant=none))
    frames = [frame async for frame in backend.stream(ask)]
    assert "".join(frame.delta for frame in frames) == "Answer to: q"
    fake_pieces_os.stall_after = 1
    endings = []
    for end in (backend.stop, None):
        async for frame in backend.stream(ask):
            if frame.is_terminal:
                endings.append(frame.status)
            elif end is not None:
                await end(frame.conversation)
            else:
                await backend.reset()
    assert endings == [QGPTStreamEnum.STOPPED, QGPTStreamEnum.RESET]
    assert fake_pieces_os.stream_inputs[-1] == {"reset": True}
    assert fake_pieces_os.connections == 1
