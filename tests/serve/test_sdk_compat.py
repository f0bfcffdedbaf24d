"""The official Pieces SDK (pieces-os-client 5.0.1) against the real engine, served."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from qgpt_lsp.wire import fragment_seed

from . import sdk
from .live import LiveServer
from .sdk import ApiException
from .workspace import CALC
from .wsclient import answer_text, connect, read_until_terminal, send


@pytest.fixture(scope="module")
def api(engine_server: LiveServer) -> Iterator[sdk.QGPTApi]:
    with sdk.ApiClient(sdk.Configuration(host=engine_server.url)) as client:
        yield sdk.QGPTApi(client)


def sdk_seed(text: str) -> sdk.Seed:
    """An SDK Seed built from our wire builder: the SDK must accept our shapes too."""
    return sdk.Seed.from_dict(fragment_seed(text, "py").to_wire())


def relevance(api: sdk.QGPTApi, **fields: object) -> sdk.QGPTRelevanceOutput:
    output = api.relevance(qgpt_relevance_input=sdk.QGPTRelevanceInput(**fields))
    assert isinstance(output, sdk.QGPTRelevanceOutput)
    return output


def mentions(output: sdk.QGPTRelevanceOutput, text: str) -> bool:
    return text in output.to_json()


def test_relevance_over_paths(api: sdk.QGPTApi, workspace: Path) -> None:
    output = relevance(api, query="add two numbers sum", paths=[str(workspace / "calc.py")])
    assert output.relevant.iterable
    assert mentions(output, "add_numbers")
    assert output.answer is None


def test_relevance_over_seeds(api: sdk.QGPTApi) -> None:
    seeds = sdk.Seeds(iterable=[sdk_seed("def greet(name):\n    return 'hello ' + name\n")])
    output = relevance(api, query="greet someone hello", seeds=seeds)
    assert mentions(output, "greet")


def test_relevance_over_the_database_with_the_answer(api: sdk.QGPTApi) -> None:
    options = sdk.QGPTRelevanceInputOptions(database=True, question=True)
    output = relevance(api, query="how is the session token compared?", options=options)
    assert mentions(output, "check_session_token")
    assert output.answer is not None
    assert output.answer.answers.iterable[0].text.strip()


def test_question_from_relevance_ids(api: sdk.QGPTApi, workspace: Path) -> None:
    found = relevance(api, query="multiply numbers", paths=[str(workspace)])
    relevant = sdk.RelevantQGPTSeeds(
        iterable=[sdk.RelevantQGPTSeed(id=i.id) for i in found.relevant.iterable]
    )
    output = api.question(
        qgpt_question_input=sdk.QGPTQuestionInput(
            query="how does multiply work?", relevant=relevant
        )
    )
    assert isinstance(output, sdk.QGPTQuestionOutput)
    assert output.answers.iterable[0].text.strip()


def test_hints(api: sdk.QGPTApi) -> None:
    relevant = sdk.RelevantQGPTSeeds(iterable=[sdk.RelevantQGPTSeed(seed=sdk_seed(CALC))])
    hints_input = sdk.QGPTHintsInput(query="what does add_numbers do?", relevant=relevant)
    output = api.hints(qgpt_hints_input=hints_input)
    assert isinstance(output, sdk.QGPTQuestionOutput)
    assert all(answer.text.strip() for answer in output.answers.iterable)


def test_reprompt(api: sdk.QGPTApi) -> None:
    conversation = sdk.QGPTConversation.from_dict(
        {
            "iterable": [
                {
                    "role": "ASSISTANT",
                    "text": "add_numbers returns left + right.",
                    "timestamp": {"value": "2026-11-26T05:00:01Z"},
                },
                {
                    "role": "USER",
                    "text": "what does add_numbers do?",
                    "timestamp": {"value": "2026-11-26T05:00:00+00:00"},
                },
            ]
        }
    )
    output = api.reprompt(
        qgpt_reprompt_input=sdk.QGPTRepromptInput(
            query="and what calls it?", conversation=conversation
        )
    )
    assert isinstance(output, sdk.QGPTRepromptOutput)
    assert output.query.strip()


@pytest.mark.parametrize("transferables", [True, False])
def test_persons_related(api: sdk.QGPTApi, transferables: bool) -> None:
    function = CALC[CALC.index("def add_numbers") : CALC.index("def multiply_numbers")]
    persons_input = sdk.QGPTPersonsRelatedInput(seed=sdk_seed(function.strip()))
    output = api.persons_related(
        transferables=transferables, qgpt_persons_related_input=persons_input
    )
    assert isinstance(output, sdk.QGPTPersonsRelatedOutput)
    names = [person.type.basic.name for person in output.persons.iterable]
    assert names == ["Alice Adder"]
    assert output.persons.iterable[0].created.value.year >= 2026  # a real timestamp


@pytest.mark.parametrize("path", ["/etc/passwd", "{ws}/../outside.py", "/"])
def test_a_path_outside_the_workspace_is_refused(
    api: sdk.QGPTApi, workspace: Path, path: str
) -> None:
    with pytest.raises(ApiException) as refused:
        relevance(api, query="passwords", paths=[path.format(ws=workspace)])
    assert refused.value.status == 400
    assert "root:" not in str(refused.value.body)


def test_stream_the_whole_answer(engine_server: LiveServer) -> None:
    socket = connect(engine_server)
    frame = {
        "relevance": {"query": "how are two numbers added?", "options": {"question": True}},
        "request": "r1",
    }
    send(socket, frame)
    frames = read_until_terminal(socket)
    socket.close()
    assert frames[-1].status == "COMPLETED"
    assert {f.request for f in frames} == {"r1"}
    assert len({f.conversation for f in frames}) == 1
    assert "add_numbers" in answer_text(frames)


def test_stop_yields_stopped(engine_server: LiveServer) -> None:
    socket = connect(engine_server)
    question = {
        "relevance": {"query": "how are numbers multiplied?", "options": {"question": True}}
    }
    send(socket, {**question, "conversation": "to-stop", "request": "r2"})
    send(socket, {"conversation": "to-stop", "stop": True, "request": "stop-1"})
    frames = read_until_terminal(socket)
    socket.close()
    assert (frames[-1].status, frames[-1].request) == ("STOPPED", "r2")


def test_escapes_through_items_and_symlinks_are_refused(
    engine_server: LiveServer, workspace: Path
) -> None:
    location = {"start": 0, "end": 40, "text": "x"}
    outside = {"path": "/etc/passwd", "location": location}
    link = workspace / "escape"
    link.symlink_to("/etc")
    try:
        for path, body in [
            ("/qgpt/question", {"query": "q", "relevant": {"iterable": [outside]}}),
            ("/qgpt/relevance", {"query": "root", "paths": [str(link / "passwd")]}),
        ]:
            reply = httpx.post(engine_server.url + path, json=body)
            assert reply.status_code == 400, reply.text
            assert "outside the workspace" in reply.text
            assert "root:" not in reply.text
    finally:
        link.unlink()
