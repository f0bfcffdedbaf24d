"""The REST side: ``POST /qgpt/{relevance,question,hints,reprompt,persons/related}``.

Bodies in and out are the wire models and nothing else (``Model.from_wire`` /
``.to_json()``). Each handler is a feature boundary: whatever fails becomes a status
and a short plain-text reason (:mod:`.problems`), and the server keeps running.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..backend import Backend
from ..errors import BodyTooLarge, InvalidPayload
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
from .frames import outbound_json
from .problems import problem_for

Call = Callable[[Backend, Any, Request], Awaitable[WireModel]]


@dataclass(frozen=True)
class Endpoint:
    """One POST endpoint: its path, wire models, backend call and documented errors."""

    path: str
    name: str
    input: type[WireModel]
    output: type[WireModel]
    call: Call
    errors: tuple[int, ...]
    summary: str


def transferables_flag(request: Request) -> bool:
    """``?transferables=`` as a bool (default true); anything but true/false is invalid."""
    value = request.query_params.get("transferables", "true").strip().lower()
    if value not in ("true", "false", "1", "0"):
        raise InvalidPayload("invalid query: transferables must be true or false")
    return value in ("true", "1")


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "/qgpt/relevance",
        "relevance",
        QGPTRelevanceInput,
        QGPTRelevanceOutput,
        lambda backend, body, _: backend.relevance(body),
        (400, 401, 413, 422, 429, 500, 503),
        "Find the code relevant to a query (and answer it with options.question).",
    ),
    Endpoint(
        "/qgpt/question",
        "question",
        QGPTQuestionInput,
        QGPTQuestionOutput,
        lambda backend, body, _: backend.question(body),
        (400, 401, 413, 422, 429, 500, 503),
        "Answer a query from relevant snippets (ids from /qgpt/relevance or fragments).",
    ),
    Endpoint(
        "/qgpt/hints",
        "hints",
        QGPTHintsInput,
        QGPTQuestionOutput,
        lambda backend, body, _: backend.hints(body),
        (400, 401, 413, 422, 500),
        "Suggest follow-up questions, one answer per hint.",
    ),
    Endpoint(
        "/qgpt/reprompt",
        "reprompt",
        QGPTRepromptInput,
        QGPTRepromptOutput,
        lambda backend, body, _: backend.reprompt(body),
        (400, 401, 413, 422, 500),
        "Rewrite a follow-up question into a standalone query.",
    ),
    Endpoint(
        "/qgpt/persons/related",
        "persons_related",
        QGPTPersonsRelatedInput,
        QGPTPersonsRelatedOutput,
        lambda backend, body, request: backend.persons_related(
            body, transferables=transferables_flag(request)
        ),
        (400, 401, 413, 422, 500),
        "Who can help with a snippet or a conversation (from git history).",
    ),
)


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refusing more than ``limit`` bytes before reading them all."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"request body over {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"request body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def endpoint_route(endpoint: Endpoint, backend: Backend, max_body_bytes: int) -> Route:
    """The Starlette route serving ``endpoint`` from ``backend``."""

    async def handle(request: Request) -> Response:
        try:
            body = await read_body(request, max_body_bytes)
            payload = endpoint.input.from_wire(body)
            result = await endpoint.call(backend, payload, request)
        except Exception as error:  # the feature boundary: one bad request never kills us
            return problem_for(error, endpoint.input.__name__).response()
        return Response(outbound_json(result), media_type="application/json")

    return Route(endpoint.path, handle, methods=["POST"], name=endpoint.name)
