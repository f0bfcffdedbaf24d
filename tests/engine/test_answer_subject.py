"""What a question names is its subject: "find bugs in host_port" checks ``host_port``
even when a longer definition holds more of the question's words, a name written as
a call (``alabel()``) is a name, a check that finds nothing still shows the code, and
the calls whose names the question uses are listed first."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine import Engine
from qgpt_lsp.engine.answering.questions import read_question

from .conftest import ask_in_words, line_in, project_of
from .gitrepo import GitRepo

PROXY = '''"""Proxy headers middleware."""

from labels import punycode_label


def host_port(value: str) -> tuple[str, int]:
    """Split a forwarded host and port."""
    host, _, rest = value.rpartition(":")
    if not rest.isdigit():
        return value, 0
    return host, int(rest)


def configure_proxy_headers(app: object, headers: dict, trusted: list) -> dict:
    """Configure the proxy headers middleware: which proxy headers are trusted, and the
    host and port each proxy header gives, for every request the middleware sees."""
    proxy_headers = {}
    for header, value in headers.items():
        if header.lower() in ("x-forwarded-for", "x-forwarded-host", "forwarded"):
            proxy_headers[header] = value
    middleware = {"app": app, "proxy_headers": proxy_headers, "trusted": trusted}
    if "x-forwarded-host" in proxy_headers:
        middleware["host"], middleware["port"] = host_port(proxy_headers["x-forwarded-host"])
    if not trusted:
        middleware["proxy_headers"] = {}
    return middleware


def normalize(label: str) -> str:
    """A label lowercased."""
    return label.lower()


def encode_host(host: str, log: list[str]) -> str:
    """The host name as sent on the wire."""
    parts = []
    for label in host.split("."):
        log.append(label)
        parts.append(punycode_label(normalize(label)))
    return ".".join(parts)
'''

LABELS = '''"""Labels."""


def punycode_label(label: str) -> str:
    """A label in punycode."""
    return "xn--" + label.encode("punycode").decode("ascii")
'''

FILES = {"proxy/middleware.py": PROXY, "proxy/labels.py": LABELS}


@pytest.fixture
def sample_repo(tmp_path: Path) -> GitRepo:
    """This module's files instead of the shared sample (conftest's ``engine`` uses it)."""
    return project_of(tmp_path, FILES)


async def test_find_bugs_in_a_named_definition_checks_that_definition(engine: Engine) -> None:
    text = await ask_in_words(
        engine, "Find bugs: what can go wrong in host_port in the proxy headers middleware?"
    )
    assert text.startswith("## `host_port`")
    lead = text[: text.index("**Calls:**")] if "**Calls:**" in text else text
    assert "configure_proxy_headers" not in lead


async def test_a_check_that_finds_nothing_still_quotes_the_code(engine: Engine) -> None:
    text = await ask_in_words(engine, "Find bugs in host_port().")
    assert "**Nothing concrete found** in `host_port`" in text
    # the short definition whole, so the reader can judge the cases no check knows
    returned = line_in(FILES, "proxy/middleware.py", "return value, 0")
    assert f"{returned}" in text
    assert "return value, 0" in text
    assert "return host, int(rest)" in text


def test_a_name_written_as_a_call_is_a_name() -> None:
    assert "alabel" in read_question("Find bugs / what can go wrong in idna's alabel()?").names
    assert "alabel" not in read_question("Find bugs in idna's alabel check.").names


async def test_calls_named_by_the_question_come_first(engine: Engine) -> None:
    text = await ask_in_words(
        engine, "How does encode_host write each label of the host on the wire?"
    )
    calls = next(line for line in text.splitlines() if line.startswith("**Calls:**"))
    normalized = line_in(FILES, "proxy/middleware.py", "def normalize")
    # punycode_label() is defined in another file, normalize() beside the caller: the
    # question's word decides the order, then the code around it
    assert calls.index("`punycode_label()`") < calls.index(
        f"`normalize()` (`proxy/middleware.py:{normalized}`)"
    )
    assert calls.index("`normalize()`") < calls.index("`log.append()`")
