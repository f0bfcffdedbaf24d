"""Schema-driven fuzzing (schemathesis) of the real engine, served: no 500s, no crash.

Every operation in ``/openapi.json`` gets generated bodies (valid and invalid); each
response must be no server error, a documented status, the documented content type,
and (for 200) fit the documented schema. Examples are bounded so the run stays short.
"""

from __future__ import annotations

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from qgpt_lsp.serve import openapi_document

from .live import LiveServer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# The document the server serves (test_served_document_is_this_one checks they are equal);
# loaded at import because schemathesis' lazy fixture loader does not work with pytest 9.
schema = schemathesis.openapi.from_dict(openapi_document())


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors(case: schemathesis.Case, engine_server: LiveServer) -> None:
    case.call_and_validate(base_url=engine_server.url, checks=CHECKS, timeout=30)


def test_still_alive_after_fuzzing(engine_server: LiveServer) -> None:
    assert httpx.get(engine_server.url + "/.well-known/health").status_code == 200


def test_served_document_is_this_one(engine_server: LiveServer) -> None:
    assert httpx.get(engine_server.url + "/openapi.json").json() == openapi_document()
