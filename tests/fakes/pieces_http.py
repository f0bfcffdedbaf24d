"""The fake's ``POST /qgpt/*`` endpoints: record, honour scripts and the token, reply."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from qgpt_lsp.errors import summarize_validation_error
from qgpt_lsp.wire import (
    GroupedTimestamp,
    Person,
    PersonBasicType,
    Persons,
    PersonType,
    QGPTHintsInput,
    QGPTPersonsRelatedInput,
    QGPTPersonsRelatedOutput,
    QGPTQuestionAnswer,
    QGPTQuestionAnswers,
    QGPTQuestionInput,
    QGPTQuestionOutput,
    QGPTRelevanceInput,
    QGPTRelevanceOutput,
    QGPTRepromptInput,
    QGPTRepromptOutput,
    RelevantQGPTSeed,
    RelevantQGPTSeeds,
    WireModel,
    answer_output,
)

if TYPE_CHECKING:
    from .pieces_os import FakePiecesOS


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request as the fake saw it (``body`` is the parsed JSON, or None)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


def _relevance(fake: FakePiecesOS, request: QGPTRelevanceInput) -> WireModel:
    seeds = request.seeds.iterable if request.seeds else []
    relevant = [RelevantQGPTSeed(id=f"snippet-{n}", seed=seed) for n, seed in enumerate(seeds)]
    asked = request.options is not None and request.options.question
    answer = answer_output(fake.answer_for(request.query)) if asked else None
    return QGPTRelevanceOutput(relevant=RelevantQGPTSeeds(iterable=relevant), answer=answer)


def _question(fake: FakePiecesOS, request: QGPTQuestionInput) -> WireModel:
    return answer_output(fake.answer_for(request.query))


def _hints(fake: FakePiecesOS, request: QGPTHintsInput) -> WireModel:
    answers = [QGPTQuestionAnswer(score=1.0, text=hint) for hint in fake.hints]
    return QGPTQuestionOutput(answers=QGPTQuestionAnswers(iterable=answers))


def _reprompt(fake: FakePiecesOS, request: QGPTRepromptInput) -> WireModel:
    return QGPTRepromptOutput(query=f"standalone: {request.query}")


def _persons(fake: FakePiecesOS, request: QGPTPersonsRelatedInput) -> WireModel:
    when = GroupedTimestamp.of(datetime(2026, 1, 2, tzinfo=UTC))
    basic = PersonBasicType(name="Ada Lovelace", email="ada@example.com")
    person = Person(id="person-ada", created=when, updated=when, type=PersonType(basic=basic))
    return QGPTPersonsRelatedOutput(
        persons=Persons(iterable=[person]), explanations={"person-ada": "wrote most of this code"}
    )


#: path -> (input model, default reply from the fake and the parsed input).
QGPT_ROUTES: dict[str, tuple[type[WireModel], Callable[[Any, Any], WireModel]]] = {
    "/qgpt/relevance": (QGPTRelevanceInput, _relevance),
    "/qgpt/question": (QGPTQuestionInput, _question),
    "/qgpt/hints": (QGPTHintsInput, _hints),
    "/qgpt/reprompt": (QGPTRepromptInput, _reprompt),
    "/qgpt/persons/related": (QGPTPersonsRelatedInput, _persons),
}


async def handle_qgpt_post(fake: FakePiecesOS, request: Request) -> Response:
    """Record ``request``; answer a scripted status, 401, 400, or the reply."""
    path = request.url.path
    raw = await request.body()
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = None
    headers = {key.lower(): value for key, value in request.headers.items()}
    fake.requests.append(RecordedRequest("POST", path, dict(request.query_params), headers, body))
    scripted = fake.take_script(path)
    if scripted is not None:
        return scripted.response()
    if not fake.authorized(request):
        return JSONResponse({"error": "unauthorized"}, status_code=401)
    model, default = QGPT_ROUTES[path]
    try:
        parsed = model.from_wire(body)
    except ValidationError as error:
        return JSONResponse({"error": summarize_validation_error(error, path)}, status_code=400)
    reply = fake.reply_for(path)
    return JSONResponse(reply if reply is not None else default(fake, parsed).to_wire())
