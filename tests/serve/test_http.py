"""The REST side on a real server: statuses, reasons, well-known paths, the OpenAPI document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from qgpt_lsp import __version__

from .live import LiveServer, start_server
from .scripted import ScriptedBackend


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = start_server(ScriptedBackend(tmp_path_factory.mktemp("ws")))
    yield live
    live.stop()


@pytest.mark.parametrize(
    ("path", "body", "status", "reason"),
    [
        ("/qgpt/relevance", b"", 422, "invalid QGPTRelevanceInput"),
        ("/qgpt/relevance", b"{not json", 422, "invalid QGPTRelevanceInput"),
        ("/qgpt/relevance", b'{"query": 1}', 422, "query"),
        ("/qgpt/question", b'{"query": "q"}', 422, "relevant"),
        ("/qgpt/relevance", b'{"query": "boom"}', 500, "KeyError"),
        ("/qgpt/relevance", b'{"query": "q", "paths": ["/etc"]}', 400, "outside"),
        ("/qgpt/persons/related", b"{}", 503, "busy"),
        ("/qgpt/persons/related?transferables=maybe", b"{}", 422, "transferables"),
        ("/qgpt/relevance", b'{"query": "q"}', 200, '"relevant"'),
        ("/qgpt/question", b'{"query": "q", "relevant": {"iterable": []}}', 200, "answer to q"),
        ("/qgpt/reprompt", b'{"query": "q", "conversation": {}}', 200, '{"query":"q"}'),
    ],
)
def test_statuses(server: LiveServer, path: str, body: bytes, status: int, reason: str) -> None:
    response = httpx.post(
        server.url + path, content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status
    assert reason in response.text
    expected_type = "application/json" if status == 200 else "text/plain"
    assert response.headers["content-type"].startswith(expected_type)
    assert "Traceback" not in response.text


def test_the_server_survives_a_burst_of_bad_requests(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url) as client:
        for index in range(50):
            client.post("/qgpt/relevance", content=bytes([index % 256]) * index)
            client.post("/qgpt/relevance", json={"query": "boom"})
        assert client.get("/.well-known/health").status_code == 200


def test_well_known(server: LiveServer) -> None:
    assert httpx.head(server.url + "/.well-known/health").status_code == 200
    version = httpx.get(server.url + "/.well-known/version")
    assert (version.text, version.headers["content-type"].split(";")[0]) == (
        __version__,
        "text/plain",
    )
    assert httpx.get(server.url + "/nowhere").status_code == 404
    assert httpx.get(server.url + "/qgpt/relevance").status_code == 405


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_openapi_describes_exactly_what_is_served(server: LiveServer) -> None:
    document = httpx.get(server.url + "/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/qgpt/relevance",
        "/qgpt/question",
        "/qgpt/hints",
        "/qgpt/reprompt",
        "/qgpt/persons/related",
        "/qgpt/stream",
        "/.well-known/health",
        "/.well-known/version",
    }
    schemas = document["components"]["schemas"]
    for ref in set(_refs(document)):
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    relevance = document["paths"]["/qgpt/relevance"]["post"]
    body = relevance["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/QGPTRelevanceInput"}
    assert schemas["QGPTStreamOutput"]["required"] == ["conversation"]
    assert "statusCode" in schemas["QGPTStreamOutput"]["properties"]
    json.dumps(document)  # plain JSON all the way


def test_openapi_matches_the_wire_models() -> None:
    from qgpt_lsp.serve import openapi_document
    from qgpt_lsp.wire import QGPTRelevanceInput

    schemas = openapi_document()["components"]["schemas"]
    own = QGPTRelevanceInput.model_json_schema(ref_template="#/components/schemas/{model}")
    own.pop("$defs", None)
    assert schemas["QGPTRelevanceInput"] == own
    assert "securitySchemes" not in openapi_document()["components"]
    assert openapi_document(with_token=True)["security"] == [{"bearer": []}]
