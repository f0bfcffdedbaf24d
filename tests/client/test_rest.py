"""QGPTClient against a real loopback fake Pieces OS: round trips, statuses, retries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from qgpt_lsp.client import QGPTClient, RetryPolicy
from qgpt_lsp.errors import (
    BackendTimeout,
    BackendUnreachable,
    InvalidPayload,
    Overloaded,
    RateLimited,
    RequestRejected,
    ServerError,
    Unauthorized,
)
from qgpt_lsp.wire import (
    GroupedTimestamp,
    QGPTConversation,
    QGPTConversationMessage,
    QGPTConversationMessageRoleEnum,
    QGPTHintsInput,
    QGPTPersonsRelatedInput,
    QGPTQuestionInput,
    QGPTRelevanceInput,
    QGPTRelevanceInputOptions,
    QGPTRepromptInput,
    RelevantQGPTSeeds,
    Seeds,
    answer_output,
    fragment_seed,
)
from tests.fakes import FakePiecesOS

NO_SNIPPETS = RelevantQGPTSeeds(iterable=[])


class RecordedSleep:
    """Remembers how long the client chose to wait (to check Retry-After was honoured)."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
async def client(fake_pieces_os: FakePiecesOS) -> AsyncIterator[QGPTClient]:
    async with QGPTClient(fake_pieces_os.base_url, timeout=10) as client:
        yield client


def last_body(fake: FakePiecesOS, path: str) -> Any:
    bodies = [request.body for request in fake.requests if request.path == path]
    return bodies[-1]


async def test_question_round_trip(client: QGPTClient, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.answers["what does add do?"] = "It adds two numbers."
    request = QGPTQuestionInput(query="what does add do?", relevant=NO_SNIPPETS, model="m1")
    reply = await client.question(request)
    assert reply.text == "It adds two numbers."
    assert last_body(fake_pieces_os, "/qgpt/question") == request.to_wire()


async def test_relevance_round_trip(client: QGPTClient, fake_pieces_os: FakePiecesOS) -> None:
    seed = fragment_seed("def add(a, b):\n    return a + b\n", "py")
    request = QGPTRelevanceInput(
        query="add",
        seeds=Seeds(iterable=[seed]),
        options=QGPTRelevanceInputOptions(question=True),
    )
    reply = await client.relevance(request)
    assert [item.id for item in reply.relevant.iterable] == ["snippet-0"]
    assert reply.relevant.iterable[0].seed == seed
    assert reply.answer is not None and reply.answer.text == "Answer to: add"
    assert last_body(fake_pieces_os, "/qgpt/relevance") == request.to_wire()


async def test_hints_round_trip(client: QGPTClient, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.hints = ["Where is add called?", "Is add tested?"]
    request = QGPTHintsInput(relevant=NO_SNIPPETS, query="what is add?")
    reply = await client.hints(request)
    assert [answer.text for answer in reply.answers.iterable] == fake_pieces_os.hints
    assert last_body(fake_pieces_os, "/qgpt/hints") == request.to_wire()


async def test_reprompt_round_trip(client: QGPTClient, fake_pieces_os: FakePiecesOS) -> None:
    said = QGPTConversationMessage(
        role=QGPTConversationMessageRoleEnum.USER,
        text="what is add?",
        timestamp=GroupedTimestamp.of(datetime(2026, 3, 4, tzinfo=UTC)),
    )
    request = QGPTRepromptInput(query="and sub?", conversation=QGPTConversation(iterable=[said]))
    reply = await client.reprompt(request)
    assert reply.query == "standalone: and sub?"
    assert last_body(fake_pieces_os, "/qgpt/reprompt") == request.to_wire()


@pytest.mark.parametrize("transferables", [True, False])
async def test_persons_related_round_trip(
    client: QGPTClient, fake_pieces_os: FakePiecesOS, transferables: bool
) -> None:
    request = QGPTPersonsRelatedInput(seed=fragment_seed("x = 1", "py"))
    reply = await client.persons_related(request, transferables=transferables)
    person = reply.persons.iterable[0]
    assert person.type.basic is not None and person.type.basic.name == "Ada Lovelace"
    assert reply.explanations == {"person-ada": "wrote most of this code"}
    recorded = fake_pieces_os.requests[-1]
    assert recorded.query == {"transferables": "true" if transferables else "false"}
    assert recorded.body == request.to_wire()


async def test_health_and_version(client: QGPTClient, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.version = "12.9.1"
    assert await client.health() is True
    assert await client.version() == "12.9.1"
    fake_pieces_os.healthy = False
    assert await client.health() is False


async def test_scripted_reply_is_parsed(client: QGPTClient, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.replies["/qgpt/question"] = answer_output("scripted", score=0.5)
    reply = await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))
    assert reply.answers.iterable[0].text == "scripted"
    assert reply.answers.iterable[0].score == 0.5


async def test_token_is_sent_as_bearer(fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.token = "s3cret"
    async with QGPTClient(fake_pieces_os.base_url, token="s3cret") as client:
        await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))
    assert fake_pieces_os.requests[-1].headers["authorization"] == "Bearer s3cret"


async def test_no_token_no_authorization_header(
    client: QGPTClient, fake_pieces_os: FakePiecesOS
) -> None:
    await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))
    assert "authorization" not in fake_pieces_os.requests[-1].headers


async def test_wrong_token_is_unauthorized(fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.token = "s3cret"
    async with QGPTClient(fake_pieces_os.base_url, token="wrong") as client:
        with pytest.raises(Unauthorized, match="check the token") as caught:
            await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))
    assert caught.value.status_code == 401


async def test_429_then_success_honours_retry_after(fake_pieces_os: FakePiecesOS) -> None:
    sleep = RecordedSleep()
    fake_pieces_os.script(429, count=2, retry_after=1)
    policy = RetryPolicy(attempts=3, sleep=sleep)
    async with QGPTClient(fake_pieces_os.base_url, retries=policy) as client:
        reply = await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))
    assert reply.text == "Answer to: q"
    assert sleep.delays == [1.0, 1.0]
    assert len(fake_pieces_os.requests) == 3


async def test_429_without_retry_after_backs_off_exponentially(
    fake_pieces_os: FakePiecesOS,
) -> None:
    sleep = RecordedSleep()
    fake_pieces_os.script(429, count=3)
    policy = RetryPolicy(attempts=4, base_delay=0.01, sleep=sleep)
    async with QGPTClient(fake_pieces_os.base_url, retries=policy) as client:
        await client.hints(QGPTHintsInput(relevant=NO_SNIPPETS))
    assert sleep.delays == [0.01, 0.02, 0.04]


async def test_429_retries_are_bounded(fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.script(429, count=10, retry_after=0)
    async with QGPTClient(fake_pieces_os.base_url, retries=2) as client:
        with pytest.raises(RateLimited, match="rate limiting") as caught:
            await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))
    assert caught.value.retry_after == 0.0
    assert len(fake_pieces_os.requests) == 3


async def test_429_with_a_long_retry_after_is_raised_at_once(fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.script(429, retry_after=3600)
    async with QGPTClient(fake_pieces_os.base_url, retries=5) as client:
        with pytest.raises(RateLimited, match="try again in 3600 s"):
            await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))
    assert len(fake_pieces_os.requests) == 1


async def test_503_is_retried(fake_pieces_os: FakePiecesOS) -> None:
    sleep = RecordedSleep()
    fake_pieces_os.script(503, count=1, path="/qgpt/relevance")
    policy = RetryPolicy(attempts=2, base_delay=0.01, sleep=sleep)
    async with QGPTClient(fake_pieces_os.base_url, retries=policy) as client:
        reply = await client.relevance(QGPTRelevanceInput(query="q"))
    assert reply.relevant.iterable == []
    assert sleep.delays == [0.01]


async def test_503_every_time_is_overloaded(fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.script(503, count=5)
    policy = RetryPolicy(attempts=2, base_delay=0)
    async with QGPTClient(fake_pieces_os.base_url, retries=policy) as client:
        with pytest.raises(Overloaded, match="overloaded"):
            await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))


async def test_500_is_server_error_with_detail(
    client: QGPTClient, fake_pieces_os: FakePiecesOS
) -> None:
    fake_pieces_os.script(500, body={"error": "model crashed"})
    with pytest.raises(ServerError, match="model crashed") as caught:
        await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))
    assert caught.value.status_code == 500
    assert len(fake_pieces_os.requests) == 1  # not retried


async def test_400_is_request_rejected(client: QGPTClient, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.script(400, body={"error": "relevant is required"})
    with pytest.raises(RequestRejected, match="relevant is required"):
        await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))


async def test_unreachable(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}"
    async with QGPTClient(url) as client:
        with pytest.raises(BackendUnreachable, match=f"{url} is not reachable: is it running"):
            await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))
        assert await client.health() is False


async def test_unreachable_message_names_pieces_os_on_its_port() -> None:
    async with QGPTClient("http://127.0.0.1:39333", timeout=2) as client:
        assert client.where == "Pieces OS at http://127.0.0.1:39333"


async def test_timeout(silent_server: str) -> None:
    async with QGPTClient(silent_server, timeout=0.3) as client:
        with pytest.raises(BackendTimeout, match=r"did not answer /qgpt/question within 0\.3 s"):
            await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))


@pytest.mark.parametrize(
    ("reply", "where"),
    [
        ({"answers": {"iterable": [{"score": "1", "text": "x"}]}}, "answers.iterable.0.score"),
        ({"answers": []}, "answers"),
        ([], "(body)"),
    ],
)
async def test_invalid_reply_is_invalid_payload(
    client: QGPTClient, fake_pieces_os: FakePiecesOS, reply: Any, where: str
) -> None:
    fake_pieces_os.replies["/qgpt/question"] = reply
    with pytest.raises(InvalidPayload, match="invalid reply from /qgpt/question") as caught:
        await client.question(QGPTQuestionInput(query="q", relevant=NO_SNIPPETS))
    assert where in str(caught.value)


async def test_reply_that_is_not_json(client: QGPTClient, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.script(200, body=b"<html>not json</html>", path="/qgpt/hints")
    with pytest.raises(InvalidPayload, match=r"\(body\): Invalid JSON"):
        await client.hints(QGPTHintsInput(relevant=NO_SNIPPETS))


async def test_empty_version_is_invalid(client: QGPTClient, fake_pieces_os: FakePiecesOS) -> None:
    fake_pieces_os.version = "  "
    with pytest.raises(InvalidPayload, match="empty version"):
        await client.version()


def test_bad_base_url_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not an http"):
        QGPTClient("127.0.0.1:39300")


async def test_transport_seam_serves_in_process() -> None:
    fake = FakePiecesOS(version="12.4.0")
    transport = httpx.ASGITransport(app=fake.app())
    async with QGPTClient("http://pieces.test", transport=transport) as client:
        assert await client.version() == "12.4.0"
        reply = await client.question(QGPTQuestionInput(query="in process", relevant=NO_SNIPPETS))
    assert reply.text == "Answer to: in process"
    assert fake.requests[-1].path == "/qgpt/question"
