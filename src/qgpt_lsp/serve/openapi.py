"""``/openapi.json``: exactly the endpoints served, with the wire models' JSON schemas."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from .. import __version__
from ..wire import QGPTStreamInput, QGPTStreamOutput, WireModel
from .endpoints import ENDPOINTS, Endpoint

_REF = "#/components/schemas/{model}"
_TEXT = {"text/plain": {"schema": {"type": "string"}}}
_REASONS = {
    400: "Rejected (e.g. a path outside the served workspaces)",
    401: "Missing or wrong token",
    413: "Request body too large",
    422: "The body does not fit the wire model",
    429: "Rate limited",
    500: "Internal server error",
    503: "Overloaded",
}


def _ref(model: type[WireModel]) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


def _component_schemas() -> dict[str, Any]:
    models: list[type[WireModel]] = [QGPTStreamInput, QGPTStreamOutput]
    for endpoint in ENDPOINTS:
        models += [endpoint.input, endpoint.output]
    unique = list(dict.fromkeys(models))
    _, schema = models_json_schema([(m, "validation") for m in unique], ref_template=_REF)
    defs: dict[str, Any] = schema.get("$defs", {})
    return defs


_TRANSFERABLES = {"name": "transferables", "in": "query", "schema": {"type": "boolean"}}


def _json(model: type[WireModel]) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(model)}}


def _operation(endpoint: Endpoint) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK", "content": _json(endpoint.output)}}
    for status in endpoint.errors:
        responses[str(status)] = {"description": _REASONS[status], "content": _TEXT}
    operation: dict[str, Any] = {
        "operationId": endpoint.name,
        "summary": endpoint.summary,
        "requestBody": {"required": True, "content": _json(endpoint.input)},
        "responses": responses,
    }
    if endpoint.name == "persons_related":
        operation["parameters"] = [{**_TRANSFERABLES, "required": False}]
    return operation


def _stream_operation() -> dict[str, Any]:
    return {
        "operationId": "qgpt_stream",
        "summary": "WebSocket: QGPTStreamInput frames in, QGPTStreamOutput frames out.",
        "x-websocket": {
            "client-frame": _ref(QGPTStreamInput),
            "server-frame": _ref(QGPTStreamOutput),
        },
        "responses": {
            "101": {"description": "Switching to the WebSocket protocol"},
            "401": {"description": _REASONS[401], "content": _TEXT},
            "426": {"description": "A plain HTTP request: upgrade to WebSocket", "content": _TEXT},
        },
    }


def _plain(operation_id: str, summary: str) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "summary": summary,
        "responses": {
            "200": {"description": "OK", "content": _TEXT},
            "401": {"description": _REASONS[401], "content": _TEXT},
        },
    }


def openapi_document(with_token: bool = False) -> dict[str, Any]:
    """The OpenAPI 3.1 document of this server (with bearer auth when a token is set)."""
    paths: dict[str, Any] = {e.path: {"post": _operation(e)} for e in ENDPOINTS}
    paths["/qgpt/stream"] = {"get": _stream_operation()}
    paths["/.well-known/health"] = {
        "get": _plain("health", "200 while the server runs"),
        "head": _plain("health_head", "200 while the server runs"),
    }
    paths["/.well-known/version"] = {"get": _plain("version", "The server's version")}
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "qgpt-lsp serve (QGPT-compatible)", "version": __version__},
        "paths": paths,
        "components": {"schemas": _component_schemas()},
    }
    if with_token:
        document["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        document["security"] = [{"bearer": []}]
    return document
