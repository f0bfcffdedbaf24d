"""Pure pieces of the client, as tables: URLs, statuses, Retry-After, backoff, routing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from qgpt_lsp import client
from qgpt_lsp.client.retry import RetryPolicy, as_policy
from qgpt_lsp.client.routing import PendingAsks
from qgpt_lsp.client.statuses import parse_retry_after, status_error
from qgpt_lsp.client.urls import is_loopback, normalize_base_url, server_label, ws_url
from qgpt_lsp.errors import (
    InvalidPayload,
    Overloaded,
    RateLimited,
    RequestRejected,
    ServerError,
    StreamDropped,
    Unauthorized,
)
from qgpt_lsp.wire import QGPTStreamEnum, QGPTStreamOutput, delta_frame, terminal_frame

NOW = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)


def test_public_api_is_exported() -> None:
    for name in client.__all__:
        assert hasattr(client, name), name
    assert set(client.__all__) >= {"QGPTClient", "StreamSession", "discover", "RemoteBackend"}


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("http://127.0.0.1:39300", "ws://127.0.0.1:39300/qgpt/stream"),
        ("http://127.0.0.1:39300/", "ws://127.0.0.1:39300/qgpt/stream"),
        ("https://qgpt.example.com/api/", "wss://qgpt.example.com/api/qgpt/stream"),
    ],
)
def test_ws_url(base: str, expected: str) -> None:
    assert ws_url(base, "/qgpt/stream") == expected


@pytest.mark.parametrize("bad", ["127.0.0.1:39300", "ftp://host", "http://", ""])
def test_normalize_rejects_non_http(bad: str) -> None:
    with pytest.raises(ValueError, match="not an http"):
        normalize_base_url(bad)


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:1", True),
        ("http://localhost:1", True),
        ("http://[::1]:1", True),
        ("http://10.0.0.2:1", False),
        ("https://example.com", False),
    ],
)
def test_is_loopback(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("http://127.0.0.1:39300", "Pieces OS at http://127.0.0.1:39300"),
        ("http://localhost:1000/", "Pieces OS at http://localhost:1000"),
        ("http://127.0.0.1:8765", "QGPT server at http://127.0.0.1:8765"),
    ],
)
def test_server_label(url: str, label: str) -> None:
    assert server_label(url) == label


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (401, Unauthorized, "refused our credentials"),
        (429, RateLimited, "try again in 2 s"),
        (500, ServerError, "failed on /qgpt/question (500): boom"),
        (502, ServerError, "(502)"),
        (503, Overloaded, "overloaded"),
        (404, RequestRejected, "does not offer /qgpt/question"),
        (422, RequestRejected, "rejected the request"),
    ],
)
def test_status_error(status: int, kind: type[Exception], words: str) -> None:
    error = status_error(status, "Pieces OS at X", "/qgpt/question", "boom", "2")
    assert type(error) is kind
    assert words in str(error)


def test_server_error_keeps_its_status() -> None:
    error = status_error(502, "S", "/p")
    assert isinstance(error, ServerError) and error.status_code == 502


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("", None),
        ("3", 3.0),
        ("0.5", 0.5),
        ("-4", 0.0),
        ("Thu, 01 Jan 2026 12:00:10 GMT", 10.0),
        ("Thu, 01 Jan 2026 11:00:00 GMT", 0.0),
        ("soon", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


@pytest.mark.parametrize(
    ("error", "attempt", "delay"),
    [
        (Overloaded("x"), 0, 0.25),
        (Overloaded("x"), 2, 1.0),
        (Overloaded("x"), 3, None),  # the 4th try was the last
        (RateLimited("x", retry_after=5), 0, 5.0),
        (RateLimited("x", retry_after=31), 0, None),  # longer than max_retry_after
        (RateLimited("x"), 1, 0.5),
    ],
)
def test_retry_delay(error: RateLimited | Overloaded, attempt: int, delay: float | None) -> None:
    assert RetryPolicy().delay(error, attempt) == delay


def test_retry_delay_is_capped() -> None:
    assert RetryPolicy(attempts=20, max_delay=2).delay(Overloaded("x"), 10) == 2


def test_retries_as_int() -> None:
    assert as_policy(0).attempts == 1
    assert as_policy(3).attempts == 4
    with pytest.raises(ValueError, match="retries must be >= 0"):
        as_policy(-1)


async def test_routing_by_request_then_conversation() -> None:
    asks = PendingAsks()
    one = asks.add("r1", "c1")
    two = asks.add("r2", None)
    asks.route(delta_frame("c2", "r2", "hi").to_json(), "S")
    asks.route(terminal_frame("c1", "stop-frame", QGPTStreamEnum.STOPPED).to_json(), "S")
    asks.route(delta_frame("c1", "unknown", "late").to_json(), "S")  # dropped
    assert two.queue.get_nowait() == delta_frame("c2", "r2", "hi")
    assert two.conversation == "c2"
    assert one.queue.get_nowait().status is QGPTStreamEnum.STOPPED  # type: ignore[union-attr]
    assert one.queue.empty() and two.queue.empty()


@pytest.mark.parametrize(
    ("frame", "to_unbound"),
    [
        (delta_frame("c7", "r", "hi").model_copy(update={"request": None}), True),
        (terminal_frame("c7", None, QGPTStreamEnum.COMPLETED), True),
        (terminal_frame("c7", None, QGPTStreamEnum.STOPPED), False),  # stop of another conv
        (delta_frame("c7", "someone-else", "hi"), False),
    ],
)
async def test_routing_to_an_ask_without_a_conversation_yet(
    frame: QGPTStreamOutput, to_unbound: bool
) -> None:
    """A server that does not echo request ids still reaches the one new ask."""
    asks = PendingAsks()
    ask = asks.add("r1", None)
    asks.route(frame.to_json(), "S")
    assert ask.queue.qsize() == (1 if to_unbound else 0)


async def test_routing_reset_reaches_every_ask() -> None:
    asks = PendingAsks()
    pending = [asks.add("r1", "c1"), asks.add("r2", "c2")]
    asks.route(terminal_frame("c9", None, QGPTStreamEnum.RESET).to_json(), "S")
    assert [ask.queue.qsize() for ask in pending] == [1, 1]


async def test_routing_an_invalid_frame_fails_its_ask() -> None:
    asks = PendingAsks()
    ask = asks.add("r1", "c1")
    asks.route('{"request": "r1", "conversation": null}', "Pieces OS at X")
    error = ask.queue.get_nowait()
    assert isinstance(error, InvalidPayload)
    assert "invalid stream frame: conversation" in str(error)
    asks.route("not json at all", "S")  # no ask to fail: logged only
    assert ask.queue.empty()


async def test_fail_all_and_duplicate_ids() -> None:
    asks = PendingAsks()
    ask = asks.add("r1", None)
    with pytest.raises(RequestRejected, match="already in flight"):
        asks.add("r1", None)
    asks.fail_all(lambda pending: StreamDropped("gone", pending.conversation))
    assert isinstance(ask.queue.get_nowait(), StreamDropped)
