"""``QGPTClient``: the QGPT REST endpoints of a Pieces OS (or any QGPT server), async.

Every method sends a wire model's ``.to_wire()`` and reads the reply with
``Model.from_wire``. Failures raise :mod:`qgpt_lsp.errors`: connect errors
:class:`BackendUnreachable`, timeouts :class:`BackendTimeout`, 401
:class:`Unauthorized`, 429 :class:`RateLimited` and 503 :class:`Overloaded`
(both retried per :class:`RetryPolicy` first), other 5xx :class:`ServerError`,
other 4xx :class:`RequestRejected`, a reply that does not fit :class:`InvalidPayload`.
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from pydantic import ValidationError

from ..errors import BackendTimeout, BackendUnreachable, InvalidPayload, summarize_validation_error
from ..wire import (
    QGPTHintsInput,
    QGPTPersonsRelatedInput,
    QGPTPersonsRelatedOutput,
    QGPTQuestionInput,
    QGPTQuestionOutput,
    QGPTRelevanceInput,
    QGPTRelevanceOutput,
    QGPTRepromptInput,
    QGPTRepromptOutput,
    WireModel,
)
from .retry import RetryPolicy, as_policy
from .statuses import status_error
from .urls import is_loopback, normalize_base_url, server_label

__all__ = ["QGPTClient"]

_Reply = TypeVar("_Reply", bound=WireModel)

#: Seconds to wait for a TCP connection: a local server accepts at once or not at all.
CONNECT_TIMEOUT = 5.0


class QGPTClient:
    """An async client for ``/qgpt/*`` and ``/.well-known/*`` on one server.

    ``timeout`` bounds each request in seconds (answers from a model can take a
    while); ``token`` is sent as ``Authorization: Bearer <token>`` (our own
    ``serve`` checks it; Pieces OS needs none); ``transport`` replaces the
    network (an ``httpx.AsyncBaseTransport``); ``retries`` is a
    :class:`RetryPolicy` or how many times to retry a 429/503.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 120.0,
        token: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retries: RetryPolicy | int = 3,
    ) -> None:
        self.base_url = normalize_base_url(base_url)
        self.where = server_label(self.base_url)
        self.timeout = timeout
        self.retry_policy = as_policy(retries)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
            headers=headers,
            transport=transport,
            trust_env=not is_loopback(self.base_url),
        )

    async def relevance(self, request: QGPTRelevanceInput) -> QGPTRelevanceOutput:
        """``POST /qgpt/relevance``: the snippets that answer a query (and the answer if asked)."""
        return await self._post("/qgpt/relevance", request, QGPTRelevanceOutput)

    async def question(self, request: QGPTQuestionInput) -> QGPTQuestionOutput:
        """``POST /qgpt/question``: answer a query from the given snippets."""
        return await self._post("/qgpt/question", request, QGPTQuestionOutput)

    async def hints(self, request: QGPTHintsInput) -> QGPTQuestionOutput:
        """``POST /qgpt/hints``: suggested follow-up questions, one answer each."""
        return await self._post("/qgpt/hints", request, QGPTQuestionOutput)

    async def reprompt(self, request: QGPTRepromptInput) -> QGPTRepromptOutput:
        """``POST /qgpt/reprompt``: a follow-up rewritten as a standalone query."""
        return await self._post("/qgpt/reprompt", request, QGPTRepromptOutput)

    async def persons_related(
        self, request: QGPTPersonsRelatedInput, transferables: bool = True
    ) -> QGPTPersonsRelatedOutput:
        """``POST /qgpt/persons/related?transferables=...``: who can help with this code."""
        params = {"transferables": "true" if transferables else "false"}
        return await self._post("/qgpt/persons/related", request, QGPTPersonsRelatedOutput, params)

    async def health(self) -> bool:
        """True when ``GET /.well-known/health`` answers 200; never raises for a dead server."""
        try:
            response = await self._http.get("/.well-known/health")
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def version(self) -> str:
        """``GET /.well-known/version``: the server's version string, e.g. ``12.3.0``."""
        response = await self._send("GET", "/.well-known/version")
        text = response.text.strip()
        if response.headers.get("content-type", "").startswith("application/json"):
            value = self._json(response, "/.well-known/version")
            text = value.strip() if isinstance(value, str) else text
        if not text:
            raise InvalidPayload(f"{self.where} answered an empty version.")
        return text

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _post(
        self,
        path: str,
        request: WireModel,
        reply: type[_Reply],
        params: dict[str, str] | None = None,
    ) -> _Reply:
        body = request.to_wire()
        response = await self.retry_policy.run(
            lambda: self._send("POST", path, json=body, params=params)
        )
        try:
            return reply.from_wire(response.content)
        except ValidationError as error:
            raise InvalidPayload(
                f"{self.where}: " + summarize_validation_error(error, f"reply from {path}")
            ) from error

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as error:
            raise BackendTimeout(
                f"{self.where} did not answer {path} within {self.timeout:g} s: "
                "it may be busy; try again."
            ) from error
        except httpx.ConnectError as error:
            raise BackendUnreachable(f"{self.where} is not reachable: is it running?") from error
        except httpx.TransportError as error:
            raise BackendUnreachable(
                f"{self.where} broke the connection on {path} ({type(error).__name__}): try again."
            ) from error
        if response.status_code >= 400:
            raise status_error(
                response.status_code,
                self.where,
                path,
                response.text,
                response.headers.get("retry-after"),
            )
        return response

    def _json(self, response: httpx.Response, path: str) -> Any:
        try:
            return json.loads(response.content)
        except ValueError as error:
            raise InvalidPayload(
                f"{self.where} answered {path} with a body that is not JSON."
            ) from error
